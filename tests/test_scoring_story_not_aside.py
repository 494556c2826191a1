"""A sentence that says a key point is the story, not an aside (issue 12).

A hand-run P5 interview: a strong senior SRE opened the breaking-point answer with "Honestly the
first thing to fall over would be Prometheus." It names one of the question's words ("first"),
so beside sentences that name two it was set aside as padding (claims._asides) and "first to
break" was reported missed (Q3 2.93). Read alone by the semantic model it is the point's own
exemplar ("Prometheus would fall over before anything else ..."). A sentence that says a point
by meaning, by the tests credit reads a point with, is no aside (masking._point_is_no_aside);
one about the weather, a hobby or the company's history says none and is still set aside.

tests/fixtures/story_or_aside.jsonl: 35 whole answers to 10 questions of the key-point
``develop`` half, each sentence labelled story or aside by hand (written for this check by the
helper who changed the rule, after reading the scorer: not blind to it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from panelist.catalog.loader import load_catalog
from panelist.evaluation.keypoints import split_of
from panelist.scoring import EmbeddedScorer
from panelist.scoring.masking import mask_answer
from panelist.scoring.rubric import target_from_question
from panelist.scoring.semantic import Encoder, load_encoder
from panelist.scoring.types import InterviewContext

LABELLED = Path(__file__).parent / "fixtures" / "story_or_aside.jsonl"
CATALOG = load_catalog()

BREAKING_POINT = (
    "Honestly the first thing to fall over would be Prometheus. At Freightline we had about 3 "
    "million active series on one pair of Prometheus servers, around 40 GB of memory each, and "
    "every new tenant added labels. We knew because the servers were OOM-killed twice during a "
    "traffic spike and the saturation dashboards showed memory climbing 5% a week. What I did "
    "was push the team to shard by tenant and put Thanos in front for the global query view, "
    "with per-tenant series limits so one noisy customer could not take down everyone's "
    "alerting. The sharding design and the limits were mine; the Thanos rollout was done by a "
    "colleague."
)


@dataclass(frozen=True)
class Sentence:
    answer_id: str
    text: str
    aside: bool


def labelled() -> list[dict[str, object]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]


def set_aside(row: dict[str, object], encoder: Encoder | None) -> dict[str, bool]:
    """Each labelled sentence of the answer, and whether the masking sets it aside (half or
    more of its characters inside an aside)."""
    sentences = row["sentences"]
    assert isinstance(sentences, list)
    text = " ".join(s["text"] for s in sentences)
    question = CATALOG.questions[str(row["question_id"])]
    asides = mask_answer(text, target_from_question(question), encoder=encoder).unclaimed.asides
    found: dict[str, bool] = {}
    at = 0
    for sentence in sentences:
        start = text.index(sentence["text"], at)
        end = at = start + len(sentence["text"])
        covered = sum(max(0, min(e, end) - max(s, start)) for s, e in asides)
        found[sentence["text"]] = 2 * covered >= end - start
    return found


def precision_recall(encoder: Encoder | None) -> tuple[float, float]:
    """Precision and recall of the asides set aside, against the labels."""
    hits = false = missed = 0
    for row in labelled():
        found = set_aside(row, encoder)
        for sentence in row["sentences"]:  # type: ignore[attr-defined]
            said, truth = found[sentence["text"]], sentence["aside"]
            hits += said and truth
            false += said and not truth
            missed += truth and not said
    return hits / (hits + false), hits / (hits + missed)


@pytest.fixture(scope="module")
def model() -> Encoder:
    encoder = load_encoder("on")
    assert encoder is not None
    return encoder


def test_the_labelled_set_is_whole_answers_over_develop_questions() -> None:
    rows = labelled()
    questions = {str(row["question_id"]) for row in rows}
    assert len(rows) >= 30 and len(questions) >= 8
    assert {split_of(q) for q in questions} == {"develop"}  # never the held-out half
    for row in rows:
        assert set(row) == {"id", "question_id", "sentences", "note"}
        labels = [s["aside"] for s in row["sentences"]]  # type: ignore[attr-defined]
        assert True in labels and False in labels, row["id"]


def test_the_hand_run_answer_credits_what_breaks_first(model: Encoder) -> None:
    question = CATALOG.questions["proj.breaking-point"]
    score = EmbeddedScorer(encoder=model).score(BREAKING_POINT, question)

    hits = {h.key_point: [e.text for e in h.evidence] for h in score.key_points_hit}
    assert hits["first-to-break"] == ["Honestly the first thing to fall over would be Prometheus."]
    assert score.value is not None and score.value > 3.4  # was 2.93 with it set aside


@pytest.mark.parametrize(
    ("question_id", "sentence"),
    [
        ("proj.breaking-point", "I put together a one-page note for their account manager and "
         "our head of product with the growth forecast and the date we would hit the cap."),
        ("data.settle-disagreement", "The difference was well inside the spread we saw between "
         "days."),
        ("data.settle-disagreement", "To be fair to them, I also showed the one run where the "
         "numbers were close."),
    ],
)  # fmt: skip
def test_a_sentence_that_says_a_point_in_its_own_words_is_no_aside(
    model: Encoder, question_id: str, sentence: str
) -> None:
    """Each of these names at most one of its question's words and was set aside beside the
    rest of its answer; by meaning each says a point (what breaks first, the people outside the
    team, the difference against variance, sharing the data)."""
    (row,) = [r for r in labelled() if any(s["text"] == sentence for s in r["sentences"])]  # type: ignore[attr-defined]
    assert row["question_id"] == question_id
    assert set_aside(row, None)[sentence]  # the words alone set it aside
    assert not set_aside(row, model)[sentence]


def test_what_breaks_first_is_no_aside_even_on_words_alone(model: Encoder) -> None:
    """ "Honestly the first thing to fall over would have been our Prometheus setup." was set
    aside by the words alone; the first-to-break role now reads "the first thing to fall over"
    (scoring.point_roles), so neither the words nor the model set it aside."""
    sentence = "Honestly the first thing to fall over would have been our Prometheus setup."
    (row,) = [r for r in labelled() if any(s["text"] == sentence for s in r["sentences"])]  # type: ignore[attr-defined]
    assert not set_aside(row, None)[sentence]
    assert not set_aside(row, model)[sentence]


def test_the_model_reads_no_true_aside_as_the_story(model: Encoder) -> None:
    """The weather, a hobby, the team dog, the company's history: every labelled aside the
    words set aside stays aside with the model."""
    let_through = [
        sentence["text"]
        for row in labelled()
        for sentence in row["sentences"]  # type: ignore[attr-defined]
        if sentence["aside"] and set_aside(row, None)[sentence["text"]]
        if not set_aside(row, model)[sentence["text"]]
    ]
    assert let_through == []


def test_asides_precision_rises_with_the_model_and_recall_holds(model: Encoder) -> None:
    """Measured: words only 0.600 precision, 0.771 recall; with the model 0.659, 0.771."""
    words_precision, words_recall = precision_recall(None)
    precision, recall = precision_recall(model)

    assert precision >= 0.65 and precision > words_precision
    assert recall >= words_recall


def test_without_the_model_a_one_word_term_does_not_make_a_sentence_the_story() -> None:
    """On the words-only path nothing but a point's role tells the story from padding: "The
    vendor's office was in Lisbon" holds the evidence phrase "vendor" and is still an aside."""
    (row,) = [r for r in labelled() if r["id"] == "sa-proj.breaking-point-04"]
    aside = (
        "The vendor's office was in Lisbon, which I only know because their sales rep kept "
        "sending us postcards."
    )
    assert set_aside(row, None)[aside]


def test_an_offsite_beside_the_story_is_still_an_aside(model: Encoder) -> None:
    answer = BREAKING_POINT + " We had a great team offsite that quarter in the mountains."
    target = target_from_question(CATALOG.questions["proj.breaking-point"])

    asides = mask_answer(answer, target, encoder=model).unclaimed.asides

    assert [answer[s:e] for s, e in asides] == [
        "We had a great team offsite that quarter in the mountains"
    ]


def test_a_direct_reply_to_a_follow_up_is_no_aside(model: Encoder) -> None:
    """P5 by hand, 2026-12-03: to "Who outside your team did that limit depend on, ...?" the
    reply "Mostly the platform team - they owned the node pools." names none of the planned
    question's words, so it was blanked as an aside and the reply credited nothing."""
    question = CATALOG.question("proj.breaking-point")
    follow_up = (
        "Who outside your team did that limit depend on, and how did you make the risk "
        "visible to them?"
    )
    reply = (
        "Mostly the platform team - they owned the node pools. I wrote a one-page capacity "
        "note and took it to their lead and my manager."
    )
    masked = mask_answer(reply, target_from_question(question), encoder=model, prompt=follow_up)
    assert masked.masked.startswith("Mostly the platform team")
    score = EmbeddedScorer(encoder=model).score(reply, question, InterviewContext(prompt=follow_up))
    hit = {h.key_point: h.evidence[0].text for h in score.key_points_hit}
    assert hit["dependencies-and-people"] == "Mostly the platform team - they owned the node pools."
