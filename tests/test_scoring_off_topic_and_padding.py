"""Off-topic text gets the lowest score, and padding or a second copy raises nothing, on
every catalog question and on the exact answers that once got through."""

from __future__ import annotations

import random

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.evaluation import transformations as tf
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.rubric import target_from_question
from panelist.scoring.semantic import load_encoder

CATALOG = load_catalog(builtin_catalog_dir())
QUESTIONS = sorted(
    (
        q
        for q in CATALOG.questions.values()
        if q.reference_answer and target_from_question(q).scored
    ),
    key=lambda q: q.id,
)


def test_text_from_another_domain_gets_every_catalog_questions_lowest_score() -> None:
    scorer = EmbeddedScorer(encoder=load_encoder("on"))
    missed = []
    for index, question in enumerate(QUESTIONS):
        answer = tf.off_topic(random.Random(f"off-topic:{index}"))
        score = scorer.score(answer, question)
        if score.value != 1.0 or score.relevance >= 0.2:
            missed.append((question.id, score.value, score.relevance))

    assert len(missed) <= 0.02 * len(QUESTIONS), missed


def test_a_sonata_is_no_review_of_a_reliability_diff() -> None:
    sonata = (
        "The sonata opens with a slow theme in the cello before the piano takes it up. In the "
        "second movement the tempo doubles and the key moves to the relative major. The finale "
        "returns to the opening melody, now played softly by both instruments."
    )
    score = EmbeddedScorer(encoder=load_encoder("on")).score(
        sonata, CATALOG.questions["code.review-reliability-diff"]
    )

    assert score.value == 1.0  # was 1.98, unflagged, relevance 0.224
    assert score.relevance < 0.2
    assert "off_topic" in score.flag_names


def test_fluff_after_code_raises_nothing() -> None:
    question = CATALOG.questions["code.review-reliability-diff"]
    scorer = EmbeddedScorer()
    answer = "Wrap the call: retry(fetch, attempts=3); add a timeout of 2 s on each try."
    padded = (
        answer + " At the end of the day, a holistic approach usually works best in the long "
        "term. Honestly, I believe a proactive mindset makes a huge difference."
    )

    assert (scorer.score(padded, question).value or 0) <= (
        scorer.score(answer, question).value or 0
    )


def test_an_answer_said_twice_is_judged_on_its_first_copy() -> None:
    # a first copy ending mid-sentence ("Will continue to") fused with the second copy
    question = CATALOG.questions["code.review-reliability-diff"]
    scorer = EmbeddedScorer()
    answer = (
        "The retry loop has no backoff, so a slow dependency gets hammered. "
        "Add jitter and a cap. Will continue to"
    )

    twice = scorer.score(answer + " " + answer, question)

    assert (twice.value or 0) <= (scorer.score(answer, question).value or 0)


def test_fluff_run_on_after_a_percentage_is_set_aside_like_any_other() -> None:
    """saf-12.1 padded by the robustness benchmark scored 0.651 → 0.652: its answer ends on
    "… would be 82,02%" with no full stop, so "Honestly, we should always strive for
    continuous improvement." ran on into that sentence and was never cut as fluff."""
    question = CATALOG.question("obs.promql-availability-sli")
    answer = (
        'I\'d take sum(rate(http_requests_total{code!~"5.."}[5m])) over all requests, so '
        "availability last month was 99.93%"
    )
    padded = f"{answer} Honestly, we should always strive for continuous improvement."
    scorer = EmbeddedScorer(encoder=load_encoder("on"))
    said = scorer.assess(padded, target_from_question(question)).padding_said

    assert any(padded[a:b].startswith("Honestly, we should") for a, b in said), said
    assert scorer.score(padded, question).value <= scorer.score(answer, question).value


def test_a_weak_answer_in_its_own_words_is_on_topic() -> None:
    """Far from the question's wording, near how the question describes its weak answers (in
    the words of neither split of the graded set: two of its held-out answers were flagged
    off topic at relevance 0.116 and 0.185)."""
    scorer = EmbeddedScorer(encoder=load_encoder("on"))
    weak = {
        "tool.terraform-state-drift": (
            "I'm not really sure how that part works, somebody else wrote our modules. I think "
            "there's a file that keeps track somewhere. I'd ask whoever clicked in the console "
            "not to do it again."
        ),  # relevance 0.177 before
    }
    for question_id, answer in weak.items():
        score = scorer.score(answer, CATALOG.questions[question_id])

        assert "off_topic" not in score.flag_names, question_id
        assert score.relevance >= 0.2, question_id
