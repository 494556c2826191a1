"""Simulated candidates: deterministic, profile-driven answers for demos, tests and evaluation."""

from __future__ import annotations

from typing import Protocol

from panelist.candidates import answers, followups, phrasing, voices
from panelist.candidates.followups import probed_point
from panelist.candidates.personas import Persona, gist, pick_persona
from panelist.candidates.profiles import Profile, Style, profile_named
from panelist.catalog.loader import Catalog
from panelist.catalog.models import Question, QuestionKind
from panelist.interview.state import InterviewState, Speaker, Turn, TurnRole

__all__ = ["Candidate", "SimulatedCandidate", "probed_point", "simulated_candidate"]


class Candidate(Protocol):
    """Anything that answers an interviewer's turn (a simulation, a scripted test candidate)."""

    @property
    def name(self) -> str: ...

    @property
    def profile(self) -> str: ...

    def reply(self, interviewer_turn: Turn, state: InterviewState) -> str: ...


class SimulatedCandidate:
    """A persona answering in one quality profile; the same seed gives the same interview."""

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
            return voices.speak(self.persona, [answers.vague(self.persona, draw.words)], draw.words)
        if turn.role is TurnRole.FOLLOW_UP:
            earlier = tuple(
                t.text
                for t in state.turns
                if t.speaker is Speaker.CANDIDATE and t.question_id == turn.question_id
            )
            return followups.follow_up_answer(
                question, turn.text, self.catalog, self._profile, self.persona, draw, earlier
            )
        return answers.scored_answer(question, self.catalog, self._profile, self.persona, draw)

    def _question(self, turn: Turn) -> Question | None:
        if turn.question_id is None:
            return None
        return self.catalog.questions.get(turn.question_id)

    # ------------------------------------------------------------------ turn kinds

    def _intro(self, follow_up: bool, draw: answers.Draw) -> str:
        p, project, style = self.persona, self.persona.project, self._profile.style
        rng = draw.words
        if follow_up:
            return voices.speak(p, [project.scale, project.own_part], rng, closer=False)
        if style is Style.TERSE:
            return f"{p.name}, {p.title} at {p.company}. I worked on {project.name}."
        if style is Style.RECITER:
            return (
                f"I'm {p.name}, from {p.company}. I worked on {project.name}. I can walk you "
                "through its architecture, its scale in numbers and what I owned, and I'd "
                "give you the before and after figures."
            )
        said = [
            f"I'm {p.name}, {p.title} at {p.company}, {p.years} years in operations now",
            f"we are {p.team}, and we run {_listed(p.systems)}",
            f"the work I'm proudest of is {project.name}: {project.what}",
        ]
        if self._profile.precision >= 0.3 and style is Style.NORMAL:
            said.append(f"it's {gist(project.scale)}")
            said.append(gist(project.own_part))
        if style is Style.BLUFFER:
            said.append(
                f"all our alerting ran on {p.tools.metrics}, and I cut MTTR by "
                f"{rng.choice((60, 70, 80))}% single-handedly"
            )
            said.append(f"I led {project.name} end to end")  # answers.bluff denies it later
        elif style is Style.OFF_TOPIC:
            said.append(f"outside work, {p.hobby}, which honestly takes most of my attention")
        elif self._profile.coverage >= 0.5:
            said.append(f"in the end {project.outcome.headline}, {project.outcome.source}")
        return voices.speak(p, said, rng, closer=False, connected=False)

    def _questions_for_us(self, state: InterviewState, draw: answers.Draw) -> str:
        count = self._profile.questions
        if count == 0:
            return "No, thank you. I think you've covered everything I wanted to know."
        role = self.catalog.roles.get(state.role_code)
        title = role.spoken_title if role else "this"
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


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def simulated_candidate(
    profile: str, seed: int, catalog: Catalog, name: str | None = None
) -> SimulatedCandidate:
    """A simulated candidate of ``profile`` (see PROFILES); raises ConfigurationError if unknown."""
    chosen = profile_named(profile)
    persona = pick_persona(phrasing.rng_for(seed, "persona"), name)
    return SimulatedCandidate(chosen, seed, catalog, persona)
