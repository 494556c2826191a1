"""The LLM interviewer: rewords the engine's turns, never chooses them.

For a question or follow-up the model writes only a short, natural bridge from what
the candidate just said; the planned question text is appended verbatim, so the
question that decides the score is exactly the catalog's. Acknowledgements and
closings are reworded whole. Any failure, or a reply that mentions scores or rubrics,
raises, and the service keeps the template wording (``Turn.phraser_error`` says why).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from panelist.errors import LLMResponseError
from panelist.interview.state import InterviewState, Speaker, Turn, TurnRole
from panelist.llm.guard import GuardedModel
from panelist.llm.streaming import PieceSink, current_sink
from panelist.llm.sync import run_sync
from panelist.llm.types import Message, Options

FirstToken = Callable[[str, str, float], None]
"""Told (backend, model, seconds) when a streamed turn's first token arrives."""

# Words a candidate must never see from the interviewer.
LEAKS = re.compile(r"\b(score[sd]?|rubric|grade[sd]?|grading|points?\b|/5|out of five)", re.I)
MAX_BRIDGE_CHARS = 300

BRIDGE_PROMPT = """You are a warm, professional interviewer for a {role} role. Write ONE short
sentence (at most 25 words) that naturally bridges from the candidate's last answer to the next
question. Refer to something specific they said. Do not ask the question itself, do not praise
generically, do not evaluate the answer, never mention scores or rubrics."""

REWORD_PROMPT = """You are a warm, professional interviewer for a {role} role. Reword the
interviewer's line below in your own words, same meaning, at most 2 sentences. Do not evaluate
the candidate, never mention scores or rubrics. Reply with the reworded line only."""


class LLMPhraser:
    """Implements the service's ``Phraser`` protocol with a GuardedModel."""

    def __init__(
        self,
        model: GuardedModel,
        *,
        role_title: str = "Site Reliability Engineer",
        on_first_token: FirstToken | None = None,
    ):
        self.model = model
        self.role_title = role_title
        self.on_first_token = on_first_token

    def _last_answer(self, state: InterviewState) -> str:
        for turn in reversed(state.turns):
            if turn.speaker is Speaker.CANDIDATE:
                return turn.text[-1500:]
        return ""

    def _ask(self, system: str, user: str, state: InterviewState, turn: Turn) -> str:
        options = Options(
            temperature=0.7, max_tokens=120, purpose="interviewer", interview_id=state.id
        )
        messages = [Message("system", system), Message("user", user)]
        sink = current_sink()
        if sink is not None and self.model.supports_streaming:
            raw = run_sync(self._streamed(messages, options, state, turn, sink))
        else:
            completion = run_sync(
                self.model.complete(messages, options=options, redact_names=(state.candidate_name,))
            )
            raw = completion.text
        text = " ".join(raw.split())
        if not text:
            raise LLMResponseError("The interviewer model returned an empty line.")
        if LEAKS.search(text):
            raise LLMResponseError("The interviewer model mentioned scoring; template kept.")
        return text

    async def _streamed(
        self,
        messages: list[Message],
        options: Options,
        state: InterviewState,
        turn: Turn,
        sink: PieceSink,
    ) -> str:
        """The reply, each piece handed to ``sink`` as the vendor sends it."""
        started = time.perf_counter()
        pieces: list[str] = []
        async for piece in self.model.stream(
            messages, options=options, redact_names=(state.candidate_name,)
        ):
            if not pieces and self.on_first_token is not None:
                self.on_first_token(
                    self.model.backend, self.model.name, time.perf_counter() - started
                )
            pieces.append(piece)
            sink(turn, piece)
        return "".join(pieces)

    def phrase(self, turn: Turn, state: InterviewState) -> str:
        system_vars = {"role": self.role_title}
        if turn.role in (TurnRole.QUESTION, TurnRole.FOLLOW_UP):
            last = self._last_answer(state)
            if not last:  # the opening question: nothing to bridge from
                return turn.text
            bridge = self._ask(
                BRIDGE_PROMPT.format(**system_vars),
                f"Candidate's last answer:\n{last}\n\nNext question (for context only):\n"
                f"{turn.text}",
                state,
                turn,
            )
            if len(bridge) > MAX_BRIDGE_CHARS:
                raise LLMResponseError("The bridge sentence is too long; template kept.")
            question = turn.question_text or turn.text
            if (sink := current_sink()) is not None:
                sink(turn, " " + question)  # the catalog's words, verbatim, after the bridge
            return f"{bridge} {question}"
        if turn.role in (TurnRole.ACKNOWLEDGEMENT, TurnRole.CLOSING):
            return self._ask(REWORD_PROMPT.format(**system_vars), turn.text, state, turn)
        return turn.text
