"""Simulated candidates: deterministic, profile-driven answers for demos, tests and evaluation."""

from __future__ import annotations

import re
from typing import Protocol

from panelist.candidates import answers, phrasing
from panelist.candidates.personas import Persona, pick_persona
from panelist.candidates.profiles import Profile, Style, profile_named
from panelist.catalog.loader import Catalog
from panelist.catalog.models import KeyPoint, Question, QuestionKind
from panelist.interview.state import InterviewState, Turn, TurnRole

_WORD = re.compile(r"[a-z0-9]+")


class Candidate(Protocol):
    """Anything that answers an interviewer's turn (a simulation, a scripted test candidate)."""

    @property
    def name(self) -> str: ...

    @property
    def profile(self) -> str: ...

    def reply(self, interviewer_turn: Turn, state: InterviewState) -> str: ...


class SimulatedCandidate:
    """A candidate of one quality profile; the same seed gives the same interview."""

    def __init__(self, profile: Profile, seed: int, catalog: Catalog, persona: Persona) -> None:
        self._profile = profile
        self.seed = seed
        self.catalog = catalog
        self.persona = persona
        self.name: str = persona.name
        self.profile: str = profile.name

    def reply(self, interviewer_turn: Turn, state: InterviewState) -> str:
        turn = interviewer_turn
        question = self._question(turn)
        key = (turn.question_id, turn.role.value, turn.text)
        draw = answers.Draw(
            cover=phrasing.rng_for(self.seed, "cover", *key),
            words=phrasing.rng_for(self.seed, "words", self._profile.name, *key),
        )
        kind = turn.kind or (question.kind if question else None)
        if turn.role not in (TurnRole.QUESTION, TurnRole.FOLLOW_UP):
            return self._courtesy(turn, draw)
        if kind is QuestionKind.INTRO:
            return self._intro(turn.role is TurnRole.FOLLOW_UP, draw)
        if kind is QuestionKind.CANDIDATE_QUESTIONS:
            return self._questions_for_us(state, draw)
        if kind is QuestionKind.CLOSE:
            return draw.words.choice(
                ("Thank you, I enjoyed the conversation.", "Nothing to add, thanks for your time.")
            )
        if question is None or not question.key_points:
            return draw.words.choice(phrasing.VAGUE)
        if turn.role is TurnRole.FOLLOW_UP:
            probe = probed_point(question, turn.text)
            return answers.follow_up_answer(question, probe, self._profile, self.persona, draw)
        on_project = kind is QuestionKind.PROJECT and self._profile.style is not Style.OFF_TOPIC
        text = answers.rubric_answer(
            question, self.catalog, self._profile, self.persona, draw, opener=not on_project
        )
        return f"{self._project_context()} {text}" if on_project else text

    def _project_context(self) -> str:
        """What a project answer says about the intro's project (measured outcome if strong)."""
        project = self.persona.project
        said = f"On {project.name}, {project.part}."
        if self._profile.coverage >= 0.5 and self._profile.style is Style.NORMAL:
            said += f" In the end {project.outcome}."
        return said

    # ------------------------------------------------------------------ turn kinds

    def _question(self, turn: Turn) -> Question | None:
        if turn.question_id is None:
            return None
        return self.catalog.questions.get(turn.question_id)

    def _intro(self, follow_up: bool, draw: answers.Draw) -> str:
        p, project, style = self.persona, self.persona.project, self._profile.style
        if follow_up:
            return f"{project.scale[:1].upper()}{project.scale[1:]}. {project.part[:1].upper()}{project.part[1:]}."
        if style is Style.TERSE:
            return f"I'm {p.name}, {p.title} at {p.company}. I worked on {project.name}."
        sentences = [
            f"Hi, I'm {p.name}, a {p.title} at {p.company} with {p.years} years in operations.",
            f"Most recently I worked on {project.name}: {project.what}, {project.scale}.",
            f"{project.part[:1].upper()}{project.part[1:]}.",
        ]
        if style is Style.BLUFFER:
            sentences.append(
                f"Our alerting was primarily {p.monitoring_tool} and Alertmanager, and I cut "
                f"MTTR by {draw.words.choice((60, 70, 80))}% single-handedly."
            )
        elif style is Style.OFF_TOPIC:
            sentences.append("Outside work I mostly think about sourdough and cycling, honestly.")
        elif self._profile.coverage >= 0.5:
            sentences.append(f"In the end {project.outcome}.")
        return " ".join(sentences)

    def _questions_for_us(self, state: InterviewState, draw: answers.Draw) -> str:
        count = self._profile.questions
        if count == 0:
            return "No, thank you. I think you've covered everything I wanted to know."
        role = self.catalog.roles.get(state.role_code)
        title = role.title if role else "this"
        pool = [
            "What does on-call look like for this team: how many pages a week, and how is the "
            "rotation staffed?",
            "How do you decide between reliability work and feature work - is there an "
            "error-budget policy that product teams have agreed to?",
            f"What would success look like in the first six months for the {title} role?",
            "Which services would I own first, and what is their biggest reliability problem "
            "today?",
            "How are postmortem follow-ups tracked, and how often do they actually land?",
        ]
        asked = draw.words.sample(pool, min(count, len(pool)))
        return "Yes, thanks. " + " ".join(asked)

    def _courtesy(self, turn: Turn, draw: answers.Draw) -> str:
        if turn.role is TurnRole.ANSWER_TO_CANDIDATE:
            return draw.words.choice(("Thanks, that helps.", "That's useful, thank you."))
        return "Thanks."


def probed_point(question: Question, probe_text: str) -> KeyPoint | None:
    """The key point a follow-up asks about: its declared point, or the closest by words."""
    words = set(_WORD.findall(probe_text.lower()))
    by_id = {kp.id: kp for kp in question.key_points}
    best: tuple[float, KeyPoint | None] = (0.0, None)
    for follow_up in question.follow_ups:
        overlap = _overlap(words, follow_up.text)
        if follow_up.key_point in by_id and overlap > best[0]:
            best = (overlap, by_id[follow_up.key_point])
    if best[1] is not None and best[0] >= 0.5:
        return best[1]
    for point in question.key_points:
        overlap = _overlap(words, point.text + " " + " ".join(point.evidence))
        if overlap > best[0]:
            best = (overlap, point)
    return best[1]


def _overlap(words: set[str], text: str) -> float:
    other = set(_WORD.findall(text.lower()))
    return len(words & other) / max(len(other), 1)


def simulated_candidate(
    profile: str, seed: int, catalog: Catalog, name: str | None = None
) -> SimulatedCandidate:
    """A simulated candidate of ``profile`` (see PROFILES); raises ConfigurationError if unknown."""
    chosen = profile_named(profile)
    persona = pick_persona(phrasing.rng_for(seed, "persona"), name)
    return SimulatedCandidate(chosen, seed, catalog, persona)
