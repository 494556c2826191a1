"""An answer to a question that is not scored (the intro) is read for its relevance and its
flags only: no key point of the question is credited or missed, and what the report shows
of it (relevance, flags, why it is not scored) is what the scored path measures."""

from __future__ import annotations

from typing import Any

from panelist.catalog.models import Question
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import Flag, InterviewContext

PROMPT = (
    "Let's begin with you. Walk me through your current or most recent role: the services you "
    "were responsible for, who depended on them, and a piece of work there you are proud of."
)
ANSWER = (
    "I'm Priya, eight years an SRE at Orbit Telecom. I ran the SMS gateway: about 5,000 "
    "messages per second at peak. The work I'm proudest of is the alerting overhaul: I moved "
    "our paging to error-budget burn rate, and false pages went from about 60 a month to 8."
)


def question(kind: str) -> Question:
    """An organisation's question with a key point the answer says (burn-rate alerting)."""
    data: dict[str, Any] = {
        "id": f"{kind}.recent-role-with-a-rubric",
        "kind": kind,
        "competencies": ["monitoring"],
        "text": PROMPT,
        "reference_answer": "Pages on error-budget burn rate rather than on every error.",
        "key_points": [
            {
                "id": "burn-rate",
                "text": "alerts on error-budget burn rate",
                "weight": 1.0,
                "evidence": ["burn rate"],
            },
            {
                "id": "runbooks",
                "text": "writes runbooks for each alert",
                "weight": 0.5,
                "evidence": ["runbook"],
            },
        ],
    }
    if kind != "intro":
        data["descriptors"] = {n: f"level {n}" for n in range(1, 6)}
        data["key_points"].append(
            {"id": "owner", "text": "names the alert's owner", "weight": 0.5, "evidence": ["owner"]}
        )
        data["red_flags"] = [{"id": "every-error", "text": "pages on every error"}]
        data["follow_ups"] = [{"text": "Who owned each alert?", "key_point": "owner"}]
    return Question.model_validate(data)


def test_an_intro_with_key_points_credits_none_of_them_and_misses_none() -> None:
    """The intro is not scored: its key points cost nothing and the report lists none."""
    score = EmbeddedScorer().score(ANSWER, question("intro"), InterviewContext(prompt=PROMPT))

    assert score.value is None and score.reason == "intro questions are not scored"
    assert score.key_points_hit == [] and score.key_points_missed == []
    assert score.signals["coverage"] == 0.0
    assert score.relevance >= 0.5, "it answers the prompt it replies to"
    assert Flag.OFF_TOPIC not in {f.flag for f in score.flags}


def test_the_same_answer_to_a_scored_question_is_credited_the_point_it_says() -> None:
    score = EmbeddedScorer().score(ANSWER, question("project"), InterviewContext(prompt=PROMPT))

    assert score.value is not None
    assert [h.key_point for h in score.key_points_hit] == ["burn-rate"]
    assert score.key_points_missed == ["runbooks", "owner"]


def test_an_intro_that_contradicts_itself_is_still_flagged() -> None:
    """The flags a reviewer reads of an intro (a contradiction is raised to them) are kept."""
    said = (
        "I'm Priya, an SRE at Orbit Telecom: I ran the SMS gateway. We used Prometheus for "
        "all our alerting. We never used Prometheus."
    )
    score = EmbeddedScorer().score(said, question("intro"), InterviewContext(prompt=PROMPT))

    assert score.value is None
    assert Flag.CONTRADICTION in {f.flag for f in score.flags}
