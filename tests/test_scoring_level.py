"""The level of a catalog score: an answer wrong on the question's main point gets at most 2.

Examples are answers of the graded set's calibration split
(panelist/evaluation/data/graded_answers.jsonl); held_out is never read here.
"""

from __future__ import annotations

import random

import pytest

from panelist.catalog.loader import Catalog
from panelist.evaluation.graded import GradedAnswer, assess_graded
from panelist.evaluation.transformations import padded, repeated
from panelist.scoring.embedded import WRONG_CAP, EmbeddedScorer
from panelist.scoring.rubric import target_from_question
from panelist.scoring.types import Flag, Score

ANCHOR_2 = 1.0 + 4.0 * WRONG_CAP


def score(scorer: EmbeddedScorer, catalog: Catalog, answer: GradedAnswer) -> Score:
    question = catalog.question(answer.question_id)
    return scorer.score(answer.answer, question)


def test_every_main_point_wrong_answer_of_the_calibration_split_scores_at_most_2(
    semantic: EmbeddedScorer, catalog: Catalog, calibration_split: dict[str, GradedAnswer]
) -> None:
    wrong = [a for a in calibration_split.values() if a.main_point_wrong]
    assert len(wrong) == 33
    above = {}
    for item in assess_graded(semantic, wrong, catalog):
        value = semantic.finish(item.graded.answer, item.assessment, semantic.model()).value
        if value is None or value > ANCHOR_2:
            above[item.graded.id] = value
    assert above == {}


def test_load_read_as_cpu_demand_is_capped_at_2_although_it_names_the_right_tools(
    semantic: EmbeddedScorer, catalog: Catalog, calibration_split: dict[str, GradedAnswer]
) -> None:
    # "A load of 30 on four cores is really high ... the CPU is oversubscribed": 2.052 before
    result = score(semantic, catalog, calibration_split["ga-os.load-vs-cpu-11"])
    assert result.value is not None and result.value <= 2.0


def test_the_wrong_sentence_is_quoted_so_a_recruiter_sees_why(
    semantic: EmbeddedScorer, catalog: Catalog, calibration_split: dict[str, GradedAnswer]
) -> None:
    answer = calibration_split["ga-os.load-vs-cpu-01"]
    result = score(semantic, catalog, answer)
    [flag] = [f for f in result.flags if f.flag is Flag.RED_FLAG]
    assert flag.detail.startswith("Wrong on the main point: this says what the question's wrong")
    assert flag.evidence[0].text.startswith("Load average is basically CPU usage summed over")
    assert answer.answer[flag.evidence[0].start : flag.evidence[0].end] == flag.evidence[0].text
    assert result.value is not None and result.value <= ANCHOR_2


@pytest.mark.parametrize("with_encoder", [True, False])
def test_a_red_flag_phrase_quoted_in_a_strong_answer_keeps_its_flag_but_not_the_cap(
    semantic: EmbeddedScorer,
    catalog: Catalog,
    calibration_split: dict[str, GradedAnswer],
    with_encoder: bool,
) -> None:
    # grade 4: "moved from a '99.9% for 5 minutes' rule, which paged on every blip, to a burn rate"
    scorer = semantic if with_encoder else EmbeddedScorer()
    result = score(scorer, catalog, calibration_split["ga-obs.promql-availability-sli-07"])
    assert any(f.flag is Flag.RED_FLAG for f in result.flags)
    assert result.value is not None and result.value > 3.0


def test_a_red_flag_phrase_caps_the_score_at_2_without_the_encoder(
    catalog: Catalog, calibration_split: dict[str, GradedAnswer]
) -> None:
    # "On-call is toil, incident response is toil ... automate every operational task"
    result = score(EmbeddedScorer(), catalog, calibration_split["ga-auto.toil-measurement-11"])
    assert [f.detail.split(":")[0] for f in result.flags if f.flag is Flag.RED_FLAG] == [
        "oncall-is-toil"
    ]
    assert result.value is not None and result.value <= ANCHOR_2


def test_no_reference_answer_of_the_catalog_is_wrong_on_its_main_point(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    leaning = []
    for question in catalog.questions.values():
        if not (question.scored and question.reference_answer and question.descriptors):
            continue
        descriptors = [question.descriptors[k] for k in sorted(question.descriptors)]
        assessment = semantic.assess(
            question.reference_answer, target_from_question(question), descriptors=descriptors
        )
        if assessment.main_point_wrong:
            leaning.append(question.id)
    assert leaning == []


def test_a_sentence_saying_a_point_in_its_examples_way_is_not_the_wrong_answer(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    """A hand-run P6 (2026-12-04): "First I'd collect the pages from the last two weeks ..."
    was read as anchor 1's "Keeps absorbing the pages, or turns their alerts off" by its
    words, flagged wrong on the main point and capped at 1.26; it says the data point as its
    example "I'd pull the incident list for the last two weeks" does."""
    answer = (
        "First I'd collect the pages from the last two weeks so we know exactly which alerts "
        "fire and how often."
    )

    score = semantic.score(answer, catalog.question("inc.unowned-launch"))

    assert Flag.RED_FLAG not in {f.flag for f in score.flags}


def test_padding_or_repeating_a_main_point_wrong_answer_never_lifts_the_cap(
    semantic: EmbeddedScorer, catalog: Catalog, calibration_split: dict[str, GradedAnswer]
) -> None:
    rng = random.Random(13)
    lifted = []
    for answer in calibration_split.values():
        if not answer.main_point_wrong:
            continue
        question = catalog.question(answer.question_id)
        for text in (padded(answer.answer, rng), repeated(answer.answer, 3, rng)):
            value = semantic.score(text, question).value
            if value is None or value > ANCHOR_2:
                lifted.append((answer.id, value))
    assert lifted == []


# The strong simulated P5 candidate's incident story (seed 1, in the persona's own words): it
# scored 2.9 of 5 with four of its five key points credited, because the level model read how
# near it was to the reference's example story. A story's level follows its key points.
INCIDENT = "proj.knowing-it-was-healthy"
STORY_OPENING = (
    "OK, so this one I remember. 99.95% of patient-record reads succeeding over 30 days. After "
    "that, the synthetic write check paged us after 3 minutes; a hospital called the help desk "
    "right after. First we failed writes over to the replica in the other data centre to stop "
    "the impact, before we knew the cause. Then we tested ideas one at a time; the primary's "
    "disk had filled with binary logs because the purge job had failed for a week, which the "
    "disk graphs showed. Then I gave the help desk and the hospital IT contacts an update "
    "every 15 minutes."
)
LASTING_CHANGE = (
    " Then the postmortem actions were a disk-space alert, monitoring of the purge job and a "
    "weekly check; each had an owner, and I confirmed a month later they worked."
)
ONE_POINT_STORY = (
    "OK, so this one I remember. The database stopped taking writes one morning. I gave the "
    "help desk and the hospital IT contacts an update every 15 minutes until it was fixed. "
    "And that's the story."
)


def story_score(scorer: EmbeddedScorer, catalog: Catalog, text: str) -> Score:
    return scorer.score(text + " And that's the story.", catalog.question(INCIDENT))


@pytest.mark.parametrize("with_encoder", [True, False])
def test_a_story_with_every_key_point_credited_scores_at_least_4(
    semantic: EmbeddedScorer, catalog: Catalog, with_encoder: bool
) -> None:
    scorer = semantic if with_encoder else EmbeddedScorer()
    result = story_score(scorer, catalog, STORY_OPENING + LASTING_CHANGE)
    assert len(result.key_points_hit) == 5
    assert result.value is not None and result.value >= 4.0


@pytest.mark.parametrize("with_encoder", [True, False])
def test_a_story_with_four_of_its_five_key_points_scores_about_3_5_to_4(
    semantic: EmbeddedScorer, catalog: Catalog, with_encoder: bool
) -> None:
    scorer = semantic if with_encoder else EmbeddedScorer()
    result = story_score(scorer, catalog, STORY_OPENING)
    assert result.key_points_missed == ["closed-the-gap"]
    assert result.value is not None and 3.5 <= result.value <= 4.25


@pytest.mark.parametrize("with_encoder", [True, False])
def test_a_story_with_one_key_point_scores_at_most_2_5(
    semantic: EmbeddedScorer, catalog: Catalog, with_encoder: bool
) -> None:
    scorer = semantic if with_encoder else EmbeddedScorer()
    result = scorer.score(ONE_POINT_STORY, catalog.question(INCIDENT))
    assert [hit.key_point for hit in result.key_points_hit] == ["kept-informed"]
    assert result.value is not None and result.value <= 2.5


def test_a_story_question_has_its_own_level_model_that_never_reads_the_reference(
    semantic: EmbeddedScorer,
) -> None:
    for with_encoder in (True, False):
        model = semantic.calibration.level_model(with_encoder, story=True)
        assert model is not None
        assert model is not semantic.calibration.level_model(with_encoder)
        assert not {"similarity", "align_recall", "dev_quality"} & set(model.features)


@pytest.mark.parametrize(
    ("question_id", "sentence"),
    [
        # the question's own words said back: "A 4-core Linux host shows a load average of 30
        # but top says the CPUs are 85% idle" credited the load definition (0.61)
        ("os.load-vs-cpu", "Load average of 30 on four cores with 85% idle, okay."),
        # the question's wrong answer (anchor 1: "Believes load average is CPU percentage")
        # credited the load definition (0.67) by meaning
        (
            "os.load-vs-cpu",
            "Load average is basically the CPU percentage, 30 on 4 cores means 750% busy.",
        ),
    ],
)
def test_a_sentence_that_repeats_the_question_or_says_its_wrong_answer_credits_nothing(
    semantic: EmbeddedScorer, catalog: Catalog, question_id: str, sentence: str
) -> None:
    result = semantic.score(sentence, catalog.question(question_id))
    assert result.key_points_hit == []
    assert result.value is not None and result.value <= ANCHOR_2
