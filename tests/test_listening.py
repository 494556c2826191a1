"""Listening, end to end: what the scorer is told about the exchange, and the listening
benchmark's scripted interviews run through the real service."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from panelist.candidates.personas import load_personas
from panelist.candidates.planted import contradicts_planted
from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import Question
from panelist.config import load_settings
from panelist.evaluation.listening import (
    SCRIPTED_DIR,
    ScriptedInterview,
    run_scripted,
    run_simulated,
    scripted_interviews,
    summarise,
)
from panelist.interview.state import TurnRole
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import InterviewContext, Score
from panelist.service.interviews import InterviewService
from panelist.storage.memory import MemoryRepository


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


class Recording:
    """The embedded scorer, remembering the context it was given for each answer."""

    id = "recording"
    version = "1"

    def __init__(self) -> None:
        self.inner = EmbeddedScorer()
        self.contexts: dict[str, InterviewContext] = {}

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score:
        assert context is not None
        self.contexts[answer] = context
        return self.inner.score(answer, question, context)


def test_the_scorer_hears_the_exchange_and_the_prompt_each_answer_replies_to(
    catalog: Catalog,
) -> None:
    scorer = Recording()
    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings(data_dir=Path(scratch), semantic="off")
        service = InterviewService(settings, catalog, MemoryRepository(), scorer)
        created = service.create("SRES.GEN.P4", None, "Dana", seed=7)
        opening = service.start(created.id)
        intro = "I'm Dana. I led the log pipeline rebuild at a payments company."
        service.submit(created.id, "t1", intro)
        first = "We cut our monitoring costs by 40% when we ran it ourselves."
        said = service.submit(created.id, "t2", first)
        follow_up = next(t for t in said if t.role is TurnRole.FOLLOW_UP)
        reply = "The hosted quote was 9,000 a month; ours costs 5,400."
        service.submit(created.id, "t3", reply)

    assert scorer.contexts[first].prompt is not None
    # the project question as said, naming the project (which one rotates with the seed)
    assert "the log pipeline rebuild" in scorer.contexts[first].prompt.lower()
    assert scorer.contexts[first].exchange == []
    assert [p.answer for p in scorer.contexts[first].prior_answers] == [intro]

    context = scorer.contexts[reply]
    assert context.prompt == follow_up.text  # relevance is measured against the follow-up
    assert [(e.turn_id, e.answer) for e in context.exchange] == [("t2", first)]
    assert context.exchange[0].prompt == scorer.contexts[first].prompt
    assert [p.answer for p in context.prior_answers] == [intro]  # never its own exchange
    assert opening[-1].text.endswith("What was it like before, and after?")


# --------------------------------------------------------------------------- the benchmark


def test_every_scripted_label_names_a_key_point_of_its_question(catalog: Catalog) -> None:
    scripts = scripted_interviews()
    assert {s.label for s in scripts} >= {"strong", "average", "evasive", "contradicting"}
    for script in scripts:
        for question_id, entry in script.questions.items():
            points = {kp.id for kp in catalog.question(question_id).key_points}
            for answer in [entry.first, *entry.follow_ups.values(), *entry.more]:
                assert answer.says <= points, (script.name, question_id, answer.says - points)
                if answer.contradicts is not None:
                    assert answer.contradicts in script.questions


def test_the_scripted_interviews_meet_the_listening_targets() -> None:
    counts = run_scripted(scripted_interviews())
    summary = summarise(counts)

    assert all(c.re_asks == 0 for c in counts), [c.examples for c in counts]
    assert all(c.redundant_follow_ups == 0 for c in counts), [c.examples for c in counts]
    assert summary["strong"]["answers_per_question"] is not None
    assert summary["strong"]["answers_per_question"] <= 1.8
    assert all(c.false_contradictions == 0 for c in counts), [c.examples for c in counts]
    # recall is measured on the 133 labelled pairs (panelist eval contradictions); here the one
    # clear contradiction of the contradicting interview must be found
    assert summary["contradicting"]["contradiction_flags"] >= 1


def test_simulated_contradictions_are_the_planted_ones_and_all_of_them_are_caught() -> None:
    """Until the simulated interviews were read, the bluffer's 56 flagged answers were not
    labelled; some were look-alikes ("That alone cut cloud costs by 70%" / "by 80%" in two
    answers), one was a weak candidate's ("600 engineers ship through" vs "an SRE team of
    five"). Now a simulated answer contradicts only what the simulator planted."""
    counts = run_simulated(("SRES.GEN.P4",), 2, ("strong", "weak", "bluffer"))
    summary = summarise(counts)

    assert summary["bluffer"]["contradiction_flags"] >= 4
    assert all(c.false_contradictions == 0 for c in counts), [c.examples for c in counts]
    assert all(c.missed_contradictions == 0 for c in counts), [c.examples for c in counts]


def test_planted_contradictions_need_both_sides_said() -> None:
    persona = load_personas()[0]
    tool, project = persona.tools.metrics, persona.project.name
    intro = f"I led {project} end to end. All our alerting ran on {tool}."
    assert contradicts_planted(persona, f"We never ran {tool}, it was all on X.", [intro])
    assert contradicts_planted(persona, f"I joined after {project} was already done.", [intro])
    assert not contradicts_planted(persona, f"We never ran {tool}.", [])
    assert contradicts_planted(
        persona,
        "That alone cut MTTR by 90% across the board.",
        ["I cut MTTR by 70% single-handedly"],
    )
    assert not contradicts_planted(
        persona,
        "That alone cut MTTR by 60% across the board.",
        ["I cut MTTR by 70% single-handedly"],
    )


def test_a_scripted_candidate_answers_what_the_follow_up_asks() -> None:
    script = ScriptedInterview.load(SCRIPTED_DIR / "average_sre.yaml")
    entry = script.questions["proj.hardest-decision"]

    assert entry.reply_to("unsupported_claim").baseline
    assert entry.reply_to("key_point:own-role").says == {"own-role"}
    assert entry.reply_to("key_point:hindsight") is entry.follow_ups["default"]
