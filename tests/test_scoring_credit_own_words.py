"""Credit lost in the candidate's own words (issue 12, whole interviews run by hand).

Each answer here was said in a hand-run interview and got "missed" for a point it makes, or
a point it does not make. Both scorers are checked, words only and with the ONNX model (the
terminal's default), since the model must not take away what the words give: a long sentence
that uses a point's term in the answer's case is not a bare mention of the term.
"""

from __future__ import annotations

import pytest

from panelist.catalog.loader import load_catalog
from panelist.interview.state import TurnRole
from panelist.scoring import EmbeddedScorer
from panelist.scoring.semantic import load_encoder
from panelist.scoring.text import tokenize
from tests.test_listening_by_hand import INTRO, by_hand, said


@pytest.fixture(scope="module", params=["words", "onnx"])
def scorer(request: pytest.FixtureRequest) -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on") if request.param == "onnx" else None)


@pytest.fixture(scope="module")
def onnx() -> EmbeddedScorer:
    return EmbeddedScorer(encoder=load_encoder("on"))


def credited(scorer: EmbeddedScorer, question_id: str, answer: str) -> dict[str, list[str]]:
    score = scorer.score(answer, load_catalog().question(question_id))
    return {hit.key_point: [e.text for e in hit.evidence] for hit in score.key_points_hit}


FREEZE = (
    "I wouldn't keep the blanket freeze as it is, because the pile-up of six weeks of changes "
    "is exactly what made the week after the worst of the year, so I'd move to a risk-based "
    "policy where small flagged changes keep going out with a budget gate on each service and "
    "only the big risky ones wait."
)
FREEZE_SHORTER = (
    "My recommendation is to drop the blanket freeze for something risk-based, with a budget "
    "gate per service, since the pile-up after the thaw is what hurt us last year."
)


@pytest.mark.parametrize("answer", [FREEZE, FREEZE_SHORTER])
def test_a_long_sentence_making_the_case_credits_every_term_it_uses(
    scorer: EmbeddedScorer, answer: str
) -> None:
    """A hand-run P5: with the model, "budget gate" and "pile-up" went uncredited (nearer a
    bare "We use budget gate." than the point's text), and the interviewer asked why the
    week after the freeze was the worst of the year."""
    hits = credited(scorer, "rel.peak-season-change-freeze", answer)
    assert {"freeze-costs", "risk-based", "budget-gate"} <= hits.keys()
    assert hits["budget-gate"] == [answer]


def test_the_follow_up_asks_for_what_the_freeze_answer_left_out() -> None:
    interview = by_hand(load_catalog(), "rel.peak-season-change-freeze")
    interview.act(INTRO)
    reply = said(interview.act(FREEZE))
    follow_ups = [text for role, text in reply if role is TurnRole.FOLLOW_UP]
    assert not any("worst week" in text or "still freeze" in text for text in follow_ups)


def test_a_hyphenated_word_says_the_two_words_of_a_phrase() -> None:
    """ "pile-up" was one word that never matched the phrase "pile up"."""
    words = EmbeddedScorer(encoder=None)
    answer = "The pile-up after six weeks is what broke the first week back."
    assert "freeze-costs" in credited(words, "rel.peak-season-change-freeze", answer)


@pytest.mark.parametrize(
    ("question_id", "answer", "point", "quote"),
    [
        (  # a browser P4: "missed: detection" though it says how the problem was found
            "proj.production-failure",
            "A Postgres replica in the quote service fell behind during the month-end batch and "
            "the call-centre tool showed stale quotes. We found out because agents complained "
            "in Slack.",
            "detection",
            "We found out because agents complained in Slack.",
        ),
        (
            "data.convince-with-numbers",
            "I pulled the last quarter's pages and sat down with their lead. We went through "
            "them together and agreed on 36 that were caused by the batch jobs.",
            "honest-data",
            "We went through them together and agreed on 36 that were caused by the batch jobs.",
        ),
        (  # the interviewer then asked how to fix the parent
            "os.zombie-processes",
            "A zombie has already exited; kill -9 does nothing because it is already dead. The "
            "parent has to reap it with wait(), so I'd find the parent with ps -o ppid and fix "
            "or restart it.",
            "fix-parent",
            "The parent has to reap it with wait(), so I'd find the parent with ps -o ppid and "
            "fix or restart it.",
        ),
        (
            "proj.hardest-decision",
            "We moved the runners to a managed pool instead of our own VMs. It costs about 300 "
            "euros a month.",
            "trade-off-accepted",
            "It costs about 300 euros a month.",
        ),
        (  # a terse P3 answer that got "nothing credited"
            "proj.knowing-it-was-healthy",
            "Queue time per job. Alert at p95 over 5 min.",
            "chosen-signals",
            "Queue time per job.",
        ),
    ],
)
def test_a_point_said_in_the_candidates_own_words_is_credited(
    scorer: EmbeddedScorer, question_id: str, answer: str, point: str, quote: str
) -> None:
    hits = credited(scorer, question_id, answer)
    assert point in hits, sorted(hits)
    assert hits[point][0] == quote


def test_telling_how_with_no_one_noticing_is_not_detection(scorer: EmbeddedScorer) -> None:
    answer = "The replica fell behind during the batch and the tool showed stale quotes."
    assert "detection" not in credited(scorer, "proj.production-failure", answer)


def test_nobody_negates_what_follows_it(scorer: EmbeddedScorer) -> None:
    """ "…nobody checked the access logs" credited rotate-first by the words "access logs"."""
    answer = "We deleted the file in a new commit and moved on, but nobody checked the access logs."
    assert "rotate-first" not in credited(scorer, "sec.secrets-management", answer)
    checked = [t for t in tokenize(answer) if t.text in ("checked", "access", "logs")]
    assert checked and all(t.negated for t in checked)


def test_a_negated_tail_does_not_make_a_bare_mention_terse(onnx: EmbeddedScorer) -> None:
    """With "nobody" a negation, only "paper" was left affirmed besides the term, and the
    sentence passed as terse: it names the budget and gives no number."""
    answer = "We had an error budget on paper but nobody ever looked at it."
    assert "budget-number" not in credited(onnx, "obs.promql-availability-sli", answer)


def test_calling_the_two_probes_the_same_does_not_distinguish_them(onnx: EmbeddedScorer) -> None:
    answer = (
        "Liveness and readiness can be the same /health endpoint, there's no real difference "
        "between them."
    )
    assert "readiness-vs-liveness" not in credited(onnx, "tool.k8s-probes-pdb-limits", answer)
    telling_apart = (
        "Readiness decides whether the pod receives traffic, liveness whether the kubelet "
        "restarts it, so I keep the database check out of liveness."
    )
    assert "readiness-vs-liveness" in credited(onnx, "tool.k8s-probes-pdb-limits", telling_apart)
