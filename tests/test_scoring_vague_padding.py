"""Padding never raises a score, in words no fluff list holds: the scorer also scores an
answer without every sentence that names no concrete step, tool, number, system or
mechanism (claims.names_nothing), and keeps the lower value."""

from __future__ import annotations

import random

import pytest

from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.scoring.claims import is_fluff, names_nothing
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.masking import topic_stems
from panelist.scoring.rubric import target_from_question, target_from_row
from panelist.scoring.semantic import load_encoder

CATALOG = load_catalog(builtin_catalog_dir())
SCORER = EmbeddedScorer(encoder=load_encoder("on"))

DICE = target_from_row(
    "dice-order",
    "You roll a fair die four times. Order these from least to most likely, with a reason: "
    "X: the rolls are 1, 2, 3, 4 in that order. Y: the rolls hold each of 1, 2, 3 and 4 once. "
    "Z: no roll is a 6.",
    "X is least likely, then Y, then Z. X is one particular order of the outcomes in Y, so "
    "P(X) < P(Y); Y is a small part of Z: P(X) = 1/1296, P(Y) = 24/1296, P(Z) = 625/1296.",
    1.0,
)


def test_a_sentence_of_stock_and_light_words_names_nothing() -> None:
    topic = topic_stems(DICE)
    fluff = "Overall, I always try to follow the plan and keep everyone in the loop"

    assert not is_fluff(fluff)  # no stock-word list holds it ...
    assert names_nothing(fluff, topic)  # ... but it names no step, tool, number or thing
    assert not names_nothing("Y is a small part of Z because order does not matter", topic)
    assert not names_nothing("Each roll can land on any of six faces", topic)  # a number
    assert not names_nothing("I would always check it with Prometheus first", topic)  # a tool


def test_a_compound_of_the_question_is_named_by_its_part() -> None:
    question = "Why does piggybacking need a full-duplex link between the stations?"
    target = target_from_row("duplex", question, "Both sides send frames: full-duplex.", 1.0)

    assert not names_nothing("The communication needs to be duplex", topic_stems(target))


def test_fluff_run_on_after_a_symbol_raises_nothing() -> None:
    """The saf-12.1 shape: an answer that ends on a comparison of symbols with no full stop
    ("… so X<Y<Z"), padded with a sentence no fluff list holds, ran the padding into its last
    sentence (a capital before it did not split it) and scored higher (here 0.718 → 0.724)."""
    answer = (
        "X fixes the order of the four rolls while Y allows any of the 24 orders, and Y is one "
        "of many ways of never rolling a 6, so X<Y<Z"
    )
    padded = f"{answer} Honestly, I always try to keep people aligned and give it our best."
    assessment = SCORER.assess(padded, DICE)

    assert any(padded[a:b].startswith("Honestly, I always") for a, b in assessment.vague)
    assert SCORER.score_target(padded, DICE).value <= SCORER.score_target(answer, DICE).value


def test_padding_after_a_formula_rescues_nothing() -> None:
    """A terse answer ending on a formula, padded after an opener no list holds
    ("Personally,"), scored 0.847 where the answer alone scored 0.0."""
    answer = (
        "least likely is X then Y then Z because X needs one exact order P(X)=1/1296 and Z "
        "only needs no six P(Z) = (5/6)^4"
    )
    padded = f"{answer} Personally, I always try to follow the plan and keep everyone in the loop."

    assert SCORER.score_target(padded, DICE).value <= SCORER.score_target(answer, DICE).value


_OPENERS = ("Honestly,", "For me,", "In the end,", "Personally,", "")
_SUBJECTS = ("I", "we", "our team")
_HABITS = ("always try to", "really want to", "make sure to", "like to", "aim to")
_DEEDS = (
    "do the right thing for everyone",
    "keep everyone in the loop",
    "stay on top of things",
    "follow the plan and keep people aligned",
    "focus on what really matters most",
    "give it our best and help each other",
)


def generated_fluff(rng: random.Random) -> str:
    """A sentence of stock and light words in an order no fluff list was written for."""
    opener = rng.choice(_OPENERS)
    said = f"{rng.choice(_SUBJECTS)} {rng.choice(_HABITS)} {rng.choice(_DEEDS)}."
    return f"{opener} {said}".strip() if opener else said[0].upper() + said[1:]


SCORED = sorted(
    (
        q
        for q in CATALOG.questions.values()
        if q.reference_answer and target_from_question(q).scored
    ),
    key=lambda q: q.id,
)


@pytest.mark.parametrize("index", range(0, len(SCORED), max(1, len(SCORED) // 8)))
def test_a_reference_answer_padded_with_generated_fluff_scores_no_higher(index: int) -> None:
    question = SCORED[index]
    rng = random.Random(f"vague:{question.id}")
    answer = question.reference_answer or ""
    base = SCORER.score(answer, question).value or 0.0
    for _ in range(3):
        padded = " ".join([answer, *(generated_fluff(rng) for _ in range(rng.randint(1, 3)))])

        assert (SCORER.score(padded, question).value or 0.0) <= base, padded


def test_a_stock_opener_after_to_is_no_name_and_the_fluff_after_it_is_cut() -> None:
    """mohler-1.7 padded scored 4.346 → 4.35: its answer ends mid-sentence ("… Will continue
    to"), and "Generally" after "to" was blanked as a person's name, so the fluff ran on into
    the answer's own last words and the cut without it removed them too."""
    question = "How do a while loop and a do-while loop differ?"
    reference = "A while loop tests its condition first; a do-while loop runs its body once first."
    target = target_from_row("loops", question, reference, 5.0)
    answer = (
        "The while loop checks the condition before each pass. The do-while runs the body "
        "once and then checks the condition. It will keep going until it is false, and continue to"
    )
    padded = f"{answer} Generally speaking, I am passionate about delivering high quality results."

    assert SCORER.score_target(padded, target).value <= SCORER.score_target(answer, target).value
    cut = [padded[a:b] for a, b in SCORER.assess(padded, target).padding_said]
    assert any(c.startswith("Generally speaking, I am") for c in cut), cut  # the fluff alone
    assert all("continue to" not in c for c in cut), cut  # and none of the answer's words


def test_a_short_sentence_of_only_stock_and_light_words_names_nothing() -> None:
    """proj.production-failure's reference padded with "For me, we really want to stay on top
    of things. In the end, I make sure to keep everyone in the loop. ..." scored 4.758 against
    4.757: three words besides a stock phrase were too few to be vague, and "in the loop" was
    read as the question's word "loop"."""
    topic = frozenset({"loop", "pod"})
    assert names_nothing("For me, we really want to stay on top of things.", topic)
    assert names_nothing("I kept everyone in the loop.", topic)
    assert not names_nothing("No, it is not.", topic)  # a stance
    assert not names_nothing("We restarted the pods.", topic)
    assert not names_nothing("I kept the support lead in the loop every 30 minutes.", topic)
