"""Story points said in a rambling SRE P4 run by hand (issue 12).

Each sentence here was said in that interview and got "missed" for the point it makes; the
interviewer then asked for what had just been said. Both scorers are checked, words only and
with the ONNX model (the terminal's default): the point's role is read in the candidate's own
words, so the model cannot withdraw it ("The trade-off was control: ..." names what was lost,
which is more than the bare term, and was withdrawn as one).
"""

from __future__ import annotations

import pytest

from panelist.catalog.loader import load_catalog
from panelist.interview.state import TurnRole
from panelist.scoring import EmbeddedScorer
from panelist.scoring.point_roles import ROLES, role_clauses
from panelist.scoring.semantic import load_encoder
from tests.test_listening_by_hand import INTRO, by_hand, said


@pytest.fixture(scope="module", params=["words", "onnx"])
def scorer(request: pytest.FixtureRequest) -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on") if request.param == "onnx" else None)


def credited(scorer: EmbeddedScorer, question_id: str, answer: str) -> dict[str, list[str]]:
    score = scorer.score(answer, load_catalog().question(question_id))
    return {hit.key_point: [e.text for e in hit.evidence] for hit in score.key_points_hit}


TRADE_OFF = "The trade-off was control: we lost some broker tuning."
PROVE_DONE = (
    "To prove done: re-scan everything, and a dashboard of affected images counting down to zero."
)
STOPGAP = "As a stopgap set the JNDI lookup flag off."
NARROWED = (
    "I scaled the consumers, that did nothing, then found one Kafka partition was stuck behind "
    "a poison message."
)
FEWER_AFTER = "Afterwards those incidents dropped, we had 1 in the next six months."


@pytest.mark.parametrize(
    ("question_id", "answer", "point"),
    [
        ("proj.hardest-decision", TRADE_OFF, "trade-off-accepted"),
        ("sec.cve-patching-fleet", PROVE_DONE, "prove-done"),
        ("sec.cve-patching-fleet", STOPGAP, "mitigate-first"),
        ("proj.knowing-it-was-healthy", NARROWED, "narrow-down"),
        ("data.convince-with-numbers", FEWER_AFTER, "followed-up"),
        ("proj.hardest-decision", FEWER_AFTER, "measured-outcome"),
    ],
)
def test_a_story_point_said_in_passing_is_credited(
    scorer: EmbeddedScorer, question_id: str, answer: str, point: str
) -> None:
    hits = credited(scorer, question_id, answer)
    assert hits.get(point) == [answer], sorted(hits)


CVE_ANSWER = (
    "So first I'd want to know where it is at all, and not from the pom files, from the SBOMs "
    "of every image, Syft on the registry, because base images hide it. Then internet-facing "
    "services first. As a stopgap set the JNDI lookup flag off. Patches go through Renovate "
    "and a rebuild on the patched base image, the normal pipeline. " + PROVE_DONE
)
HEALTHY_ANSWER = (
    "We had success rate and p99 latency per endpoint as SLIs, and a synthetic probe of the "
    "checkout. One Friday the order queue kept growing and a support ticket came in forty "
    "minutes later. " + NARROWED + " I kept support posted in the incident channel."
)


@pytest.mark.parametrize(
    ("question_id", "answer", "not_asked"),
    [
        ("sec.cve-patching-fleet", CVE_ANSWER, "when exactly can you tell the ciso you are done"),
        ("proj.knowing-it-was-healthy", HEALTHY_ANSWER, "how did you work out where the problem"),
    ],
)
def test_the_follow_up_does_not_ask_for_what_was_just_said(
    question_id: str, answer: str, not_asked: str
) -> None:
    interview = by_hand(load_catalog(), question_id)
    interview.act(INTRO)
    follow_ups = [
        text.lower() for role, text in said(interview.act(answer)) if role is TurnRole.FOLLOW_UP
    ]
    assert not any(not_asked in text for text in follow_ups), follow_ups


@pytest.mark.parametrize(
    ("role", "sentence"),
    [
        ("tradeoff", "The trade-off discussion took a week."),
        ("proved_done", "We had a dashboard of affected images."),
        ("proved_done", "We never got the count down to zero."),
        ("mitigate", "We never set the lookup flag off."),
        ("narrowed_with_data", "I scaled the consumers and that did nothing."),
        ("narrowed_with_data", "We never found one partition at fault."),
        ("outcome", "Those incidents dropped, but I do not know how many we had."),
        ("followed_up", "Afterwards we had no time to look at it."),
    ],
)
def test_the_same_words_without_the_point_say_no_role(role: str, sentence: str) -> None:
    assert role_clauses(ROLES[role], sentence) == []
