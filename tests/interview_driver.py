"""The interview engine driven by hand in tests, as the terminal drives it: a plan of the
questions a test picks (or a planner's plan), every answer scored by the embedded scorer with
the model, and what the interviewer said in reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from panelist.catalog.loader import Catalog
from panelist.interview.engine import step
from panelist.interview.events import Action, Answered, Say, Scored, ScoreRequested, Started
from panelist.interview.state import InterviewState, Plan, PlanItem, TurnRole
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.semantic import load_encoder
from panelist.service.scoring import score_request

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SCORER = EmbeddedScorer(encoder=load_encoder("auto"))  # as the terminal scores: with the model


def hand_plan(
    catalog: Catalog,
    *questions: str,
    role: str = "SRES.GEN.P4",
    seed: int = 12,
    asks: str = "cq.ask-about-team",
) -> Plan:
    """The intro, ``questions``, the candidate's questions (``asks``) and the close."""
    ids = ["intro.reliability-story", *questions, asks, "close.thanks-next-steps"]
    items = [
        PlanItem(
            question_id=qid,
            kind=catalog.question(qid).kind,
            competencies=list(catalog.question(qid).competencies),
            minutes=catalog.question(qid).time_budget_minutes,
            reason="test",
        )
        for qid in ids
    ]
    level = role.rsplit(".", 1)[-1]
    return Plan(role_code=role, level=level, seed=seed, budget_minutes=45, items=items)


class Interview:
    """The engine on ``plan``; each answer comes ``pace`` minutes after the last turn."""

    def __init__(
        self,
        catalog: Catalog,
        plan: Plan,
        *,
        candidate: str = "Kim",
        start: datetime = T0,
        pace: float = 2.0,
    ) -> None:
        self.catalog = catalog
        self.pace = pace
        self.state = InterviewState(
            id="iv", role_code=plan.role_code, level=plan.level, candidate_name=candidate, plan=plan
        )
        self.now = start
        self.count = 0
        self.state, _ = step(self.state, Started(self.now), catalog)

    def act(self, text: str, minutes: float | None = None) -> list[Action]:
        """Answer ``text``, score it (and an aside it adds to an earlier question) when the
        engine asks, and return every action."""
        self.now += timedelta(minutes=self.pace if minutes is None else minutes)
        self.count += 1
        turn_id = f"a{self.count}"
        self.state, actions = step(self.state, Answered(turn_id, text, self.now), self.catalog)
        for request in [a for a in actions if isinstance(a, ScoreRequested)]:
            score = score_request(SCORER, self.catalog, self.state, request)
            scored = Scored(turn_id, score, aside=request.aside)
            self.state, more = step(self.state, scored, self.catalog)
            actions = actions + more
        return actions

    def answer(self, text: str, minutes: float | None = None) -> list[tuple[TurnRole, str]]:
        """Answer ``text``: what the interviewer said in reply."""
        return said(self.act(text, minutes))


def said(actions: list[Action]) -> list[tuple[TurnRole, str]]:
    return [(a.turn.role, a.turn.text) for a in actions if isinstance(a, Say)]
