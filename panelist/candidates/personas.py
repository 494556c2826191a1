"""Who a simulated candidate is: employer, systems, tools, numbers and the stories they tell.

The facts live in ``data/personas.yaml``; this module validates them and draws one for a seed.
Story sentences are written "gist; detail": :func:`gist` is what a less precise candidate says.
"""

from __future__ import annotations

import random
from enum import StrEnum
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from panelist.errors import ConfigurationError


class Facts(BaseModel):
    """Base of the persona models: unknown keys are an error, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Voice(StrEnum):
    CONCISE = "concise"
    RAMBLING = "rambling"
    STORYTELLER = "storyteller"
    NON_NATIVE = "non_native"
    HEDGING = "hedging"


class Tools(Facts):
    metrics: str  # the monitoring tool they used
    rival: str  # a rival of the same kind (the bluffer contradicts itself with it)
    paging: str
    ci: str
    iac: str
    platform: str
    language: str


class Outcome(Facts):
    """A measured result with its baseline, so a follow-up asking for it gets the same numbers."""

    metric: str
    before: str
    after: str
    source: str
    period: str
    sample: str

    @property
    def headline(self) -> str:
        return f"{self.metric} went from {self.before} to {self.after}"

    @property
    def measured(self) -> str:
        return f"{self.headline}; {self.source}"

    @property
    def baseline(self) -> str:
        return f"{self.headline}, comparing {self.period}; {self.source}, {self.sample}"


class Project(Facts):
    """The system the candidate names in the intro, so the project deep-dive can refer to it."""

    name: str  # a noun phrase a person would say: "the log pipeline rebuild"
    what: str
    scale: str
    flow: str
    own_part: str
    weak_point: str
    why: str
    decision: str
    alternatives: str
    trade_off: str
    outcome: Outcome
    attribution: str
    uncertainty: str
    business: str
    hindsight: str

    @property
    def hard_call(self) -> str:
        return f"the hardest call was {self.decision}"


class Incident(Facts):
    symptom: str
    detection: str
    mitigation: str
    diagnosis: str
    comms: str
    lasting: str


class Debugging(Facts):
    story: str
    hypotheses: str
    data: str
    proof: str
    lasting: str


class Escalation(Facts):
    trigger: str
    owner: str
    handover: str
    involved: str
    reflection: str


class Disagreement(Facts):
    decision: str
    other_view: str
    evidence: str
    criteria: str
    comparison: str
    variance: str
    shared: str
    forum: str
    outcome: str
    relationship: str


class Mistake(Facts):
    what: str
    raised: str
    why_allowed: str
    systemic: str
    lesson: str


class Mentee(Facts):
    who: str
    path: str
    feedback: str
    readiness: str
    reflection: str


class Oncall(Facts):
    signals: str
    measured: str
    alerts_fixed: str
    rotation: str
    result: str


class Persona(Facts):
    id: str
    name: str
    title: str
    company: str
    years: int
    voice: Voice
    team: str
    tools: Tools
    systems: list[str]
    slo: str
    hobby: str
    aside: str
    project: Project
    incident: Incident
    debugging: Debugging
    escalation: Escalation
    disagreement: Disagreement
    mistake: Mistake
    mentee: Mentee
    oncall: Oncall

    def fact(self, path: str) -> str:
        """The sentence at a dotted path: ``incident.detection``, ``project.outcome.baseline``."""
        node: object = self
        for part in path.split("."):
            node = getattr(node, part, None)
            if node is None:
                raise ConfigurationError(
                    f"Persona {self.id!r} has no fact {path!r}.",
                    hint="Add it to panelist/candidates/data/personas.yaml.",
                )
        if not isinstance(node, str):
            raise ConfigurationError(f"Persona fact {path!r} is not a sentence.")
        return node


class _File(Facts):
    personas: list[Persona]


def gist(sentence: str) -> str:
    """The part before the first ';': what a candidate says without the detail."""
    return sentence.split(";", 1)[0].strip()


@cache
def load_personas() -> tuple[Persona, ...]:
    """Every persona shipped in ``data/personas.yaml``, in file order."""
    text = (resources.files("panelist.candidates") / "data" / "personas.yaml").read_text("utf-8")
    return tuple(_File.model_validate(yaml.safe_load(text)).personas)


def pick_persona(rng: random.Random, name: str | None = None) -> Persona:
    """A persona drawn with ``rng``; ``name`` replaces the persona's own name."""
    persona = rng.choice(load_personas())
    return persona.model_copy(update={"name": name}) if name else persona
