"""A key point's misconception, asserted by an answer leaning to anchor 1, caps it at 2.

Examples are the catalog's own misconceptions, answers of the graded set's calibration
split (panelist/evaluation/data/graded_answers.jsonl; held_out is never read here) and of
misconception_answers.jsonl.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from panelist.catalog.loader import Catalog
from panelist.catalog.models import KeyPoint
from panelist.evaluation.graded import GradedAnswer
from panelist.scoring.anchors import Lean
from panelist.scoring.embedded import WRONG_CAP, EmbeddedScorer
from panelist.scoring.misconceptions import Asserted, asserted, contradicts, holds
from panelist.scoring.polarity import takes_a_stance
from panelist.scoring.rubric import target_from_question
from panelist.scoring.types import Flag, FlagDetail, Score

ANCHOR_2 = 1.0 + 4.0 * WRONG_CAP
ASSERTS = "Wrong on the main point: asserts the misconception"
DATA = Path(__file__).parents[1] / "panelist/evaluation/data"
SENTENCES = DATA / "key_point_sentences.jsonl"


def misconception_flags(score: Score) -> list[FlagDetail]:
    return [f for f in score.flags if f.flag is Flag.RED_FLAG and f.detail.startswith(ASSERTS)]


@pytest.mark.parametrize(
    ("answer_id", "misconception", "sentence"),
    [
        # 1.824 before, unflagged: a clause of "...restart all the API pods; a rolling restart
        # clears most of these spikes"
        (
            "ga-dbg.http-5xx-spike-01",
            "Restart all the servers at once.",
            "First thing I'd do is restart all the API pods",
        ),
        # a question no misconception was written for before (data.percentiles-vs-averages)
        (
            "ga-data.percentiles-vs-averages-01",
            "The average latency is stable at 120 ms, so the API is fine and the tickets must "
            "be wrong.",
            "I'd guess the tickets come from people on bad mobile connections or from a "
            "frontend change, so I'd forward them to the web team.",
        ),
        (
            "ga-code.retry-backoff-jitter-01",
            "Retry the call in a loop forever until it succeeds.",
            "I'd keep it simple: a while True loop around the request, catch any exception and "
            "call again straight away.",
        ),
    ],
)
def test_an_answer_asserting_a_misconception_is_capped_at_2_with_its_sentence_quoted(
    semantic: EmbeddedScorer,
    catalog: Catalog,
    calibration_split: dict[str, GradedAnswer],
    answer_id: str,
    misconception: str,
    sentence: str,
) -> None:
    answer = calibration_split[answer_id]
    result = semantic.score(answer.answer, catalog.question(answer.question_id))
    [flag] = misconception_flags(result)
    assert repr(misconception) in flag.detail
    [evidence] = flag.evidence
    assert evidence.text == sentence
    assert answer.answer[evidence.start : evidence.end] == sentence
    assert result.value is not None and result.value <= ANCHOR_2


def test_the_misconception_denied_is_not_asserted(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    text = (
        "Load average is not the CPU percentage; with 85% idle the tasks are waiting on I/O, "
        "so adding cores would not help."
    )
    question = catalog.question("os.load-vs-cpu")
    assert semantic.encoder is not None
    assert asserted(text, target_from_question(question), semantic.encoder) is None
    assert misconception_flags(semantic.score(text, question)) == []


def test_a_question_the_candidate_asks_asserts_nothing(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    # a hand-run P6 answer: its opening question was read as "Hosted CI is cheaper than
    # running Jenkins, so we should just move everything now" and capped it at 1.75
    text = (
        "I'd want to know what the actual pain is first: is it Jenkins maintenance time, "
        "plugin security issues, slow builds, or just that people dislike it? I'd measure how "
        "many engineer hours a month go into keeping Jenkins alive, build queue times, and how "
        "many incidents it caused last year, and price a hosted service for our build minutes."
    )
    question = catalog.question("tool.platform-migration-decision")
    assert semantic.encoder is not None
    assert asserted(text, target_from_question(question), semantic.encoder) is None
    result = semantic.score(text, question)
    assert misconception_flags(result) == []
    assert result.value is not None and result.value > ANCHOR_2


def test_a_right_answer_warning_about_the_wrong_idea_keeps_its_score(
    semantic: EmbeddedScorer, catalog: Catalog, calibration_split: dict[str, GradedAnswer]
) -> None:
    # grade 3: "And a pod that crashes on start would be restarted in a loop forever." is
    # nearer "a restart can only help" than any right text, but the answer leans to the
    # higher anchors (hidden bugs, restart limits)
    answer = calibration_split["ga-auto.self-healing-safeguards-05"]
    result = semantic.score(answer.answer, catalog.question(answer.question_id))
    assert misconception_flags(result) == []
    assert result.value is not None and result.value > ANCHOR_2


def test_an_assertion_holds_unless_the_answer_leans_clearly_to_the_higher_anchors() -> None:
    said = Asserted("p", "wrong", 0, 5, closeness=0.7, margin=0.3)
    assert holds(said, Lean(claim=0.1, answer=0.05, start=0, end=5, wrong="w"))
    # "Blue/green is the gradual one: you move 5% of users to green" leans -0.08
    assert holds(said, Lean(claim=0.1, answer=-0.08, start=0, end=5, wrong="w"))
    # a calibration answer graded 3 that asserts one by 0.23 leans -0.16
    assert not holds(said, Lean(claim=0.1, answer=-0.16, start=0, end=5, wrong="w"))
    assert holds(said, None)  # a question without five anchors
    assert not holds(None, None)


def test_an_assertion_by_the_smaller_margin_holds_only_leaning_to_anchor_1() -> None:
    """Its point not made, a sentence nearer the misconception by 0.1 asserts it, when the
    whole answer is nearer anchor 1 than anchors 3-5."""
    said = Asserted("p", "wrong", 0, 5, closeness=0.7, margin=0.15, unsaid=True)
    assert holds(said, Lean(claim=0.1, answer=0.05, start=0, end=5, wrong="w"))
    assert not holds(said, Lean(claim=0.1, answer=-0.05, start=0, end=5, wrong="w"))
    assert not holds(said, None)


def test_a_stance_asserted_holds_however_the_answer_leans() -> None:
    said = Asserted("p", "wrong", 0, 5, closeness=0.7, margin=0.3, stance=True)
    assert holds(said, Lean(claim=0.1, answer=-0.5, start=0, end=5, wrong="w"))
    # by the smaller margin the answer must still lean to anchor 1
    unsaid = Asserted("p", "wrong", 0, 5, closeness=0.7, margin=0.15, unsaid=True, stance=True)
    assert not holds(unsaid, Lean(claim=0.1, answer=-0.5, start=0, end=5, wrong="w"))


def test_every_misconception_of_the_catalog_said_as_the_answer_scores_at_most_2(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    above = {}
    for question in catalog.questions.values():
        for point in question.key_points:
            for text in point.misconceptions:
                value = semantic.score(text, question).value
                if value is None or value > ANCHOR_2:
                    above[(question.id, text)] = value
    assert above == {}


def test_no_sentence_that_makes_a_key_point_asserts_a_misconception(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    flagged = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["key_points"]:
            result = semantic.score(row["sentence"], catalog.question(row["question_id"]))
            if misconception_flags(result):
                flagged.append(row["id"])
    assert flagged == []


def test_a_key_point_carries_at_most_four_misconceptions() -> None:
    point = {"id": "load-definition", "text": "Load counts D state.", "weight": 1.0}
    KeyPoint(**point, evidence=["d-state"], misconceptions=["Load is CPU."] * 4)
    with pytest.raises(ValidationError):
        KeyPoint(**point, evidence=["d-state"], misconceptions=["Load is CPU."] * 5)


@pytest.mark.parametrize(
    ("said", "wrong"),
    [
        ("Load isn't CPU.", "Load average is the percentage of CPU in use."),
        # a negation that closes the sentence denies what came before it
        (
            "People sometimes call blue/green a gradual rollout, it isn't.",
            "Blue/green is a gradual rollout where you move a few percent of users to the "
            "green side at a time.",
        ),
    ],
)
def test_a_sentence_that_denies_the_misconception_contradicts_it(said: str, wrong: str) -> None:
    assert contradicts(said, wrong)


@pytest.mark.parametrize(
    ("said", "wrong"),
    [
        # the negation is of something else: the sentence says load is CPU demand
        (
            "Load average is basically the CPU run queue, so 30 means 30 things want CPU at "
            "the same time and the four cores cannot keep up; the idle figure in top is "
            "misleading.",
            "Load average is CPU usage, so a load of 30 on four cores means the CPUs are 750% "
            "busy.",
        ),
        # denying what the misconception denies is saying it
        (
            "We never roll back or mitigate until we know the root cause, otherwise we just "
            "hide the bug.",
            "We never roll back or mitigate until we know the root cause, otherwise we just "
            "hide the bug.",
        ),
        # "low" is not a denial of "not a real risk": saying it in other words asserts it
        (
            "The repo is private and only our engineers can see it, so honestly the risk is low.",
            "The repository is private, so the leaked key is not a real risk.",
        ),
        # "fails" and "errors" share a stem: the claim says nothing either way of it
        (
            "If Redis dies the page just errors until it's back.",
            "If Redis goes down the app simply errors; Redis basically never fails so we do "
            "not need a fallback.",
        ),
    ],
)
def test_a_negation_of_something_else_does_not_contradict_the_misconception(
    said: str, wrong: str
) -> None:
    assert not contradicts(said, wrong)


def misconception_answers() -> dict[str, dict[str, object]]:
    rows = [json.loads(line) for line in (DATA / "misconception_answers.jsonl").open()]
    return {str(row["id"]): row for row in rows}


@pytest.mark.parametrize(
    ("answer_id", "sentence"),
    [
        # above 2 before (2.049): "cannot keep up" read as denying that load is CPU
        (
            "ma-os.load-vs-cpu-03",
            "Load average is basically the CPU run queue, so 30 means 30 things want CPU at "
            "the same time and the four cores cannot keep up",
        ),
        # above 2 before (2.791): it leaned -0.08, below the 0 it had to pass
        (
            "ma-rel.blue-green-vs-canary-01",
            "Blue/green is the gradual one: you move 5% of users to green, then 25%, then "
            "everyone.",
        ),
        # above 2 before (2.321): "never fails" in the misconception read as a denial of
        # "errors"
        ("ma-sys.cache-in-front-of-db-02", "If Redis dies the page just errors until it's back."),
        # not here: "Load 30 on 4 cores, so we need more cores." (margin 0.15) and "Then the VP,
        # I'd promise an ETA so they stop interrupting." - an unmade point's margin of 0.1
        # capped them, and also two right sentences of the lead's hand runs ("I'd ask each
        # team to pick their top three items for the quarter and drop the vague ones ...");
        # UNSAID_MARGIN is 0.15, where no hand-run sentence is capped
        # right first, then wrong: the whole answer leans to the higher anchors (-0.53, -0.43,
        # -0.15), but the sentence is the answer's verdict or conclusion (2.45, 2.656, 2.474)
        (
            "ma-code.review-reliability-diff-02",
            "Otherwise it looks good: if the loyalty service is down, failing the checkout with "
            "a 500 is the right thing, the customer should retry.",
        ),
        (
            "ma-obs.synthetic-and-rum-02",
            "And since RUM sees every user, we don't need synthetic probes at all for the login "
            "page.",
        ),
        # 2.224 before: 0.16 nearer the misconception, a conclusion credited for nothing
        (
            "ma-rel.build-once-promote-02",
            "But rebuilding from the same commit gives you the same result anyway, so the real "
            "fix is to make staging test more of production's traffic.",
        ),
        (
            "ma-obs.slo-new-service-02",
            "For the number, pick five nines, that's the industry standard for anything "
            "customer-facing, and we can measure it with the load balancer's health checks.",
        ),
    ],
)
def test_a_wrong_answer_of_the_labelled_set_is_capped_at_2_with_its_sentence_quoted(
    semantic: EmbeddedScorer, catalog: Catalog, answer_id: str, sentence: str
) -> None:
    row = misconception_answers()[answer_id]
    answer = str(row["answer"])
    result = semantic.score(answer, catalog.question(str(row["question_id"])))
    [flag] = misconception_flags(result)
    [evidence] = flag.evidence
    assert evidence.text == sentence
    assert result.value is not None and result.value <= ANCHOR_2


def test_right_answers_that_warn_about_the_wrong_idea_are_not_capped(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    rows = misconception_answers().values()
    warned = [row for row in rows if row["style"] in {"warns_right", "mentions_right"}]
    flagged = [
        row["id"]
        for row in warned
        if misconception_flags(
            semantic.score(str(row["answer"]), catalog.question(str(row["question_id"])))
        )
    ]
    assert len(warned) >= 30
    assert flagged == []


def test_a_right_answer_making_the_point_elsewhere_only_names_the_wrong_idea(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    # capped at 1.75 before: the first sentence is 0.23 nearer "Loop over all 60 servers with
    # ssh and run rm -rf ... at once" than any right text, while the next one makes the
    # gradual-rollout point ("then one host, then batches of five")
    row = misconception_answers()["ma-auto.safe-fleet-script-03"]
    result = semantic.score(str(row["answer"]), catalog.question(str(row["question_id"])))
    assert misconception_flags(result) == []
    assert result.value is not None and result.value > ANCHOR_2


@pytest.mark.parametrize(
    "sentence",
    [
        "It swings a lot, so 35 ms is within noise and there's nothing to decide here.",
        "And since RUM sees every user, we don't need synthetic probes at all.",
        "For the passwords, I'd put them in environment variables in the deployment.",
        "Failing the checkout with a 500 is the right thing.",
        "Pick five nines, that's the industry standard.",
        "That keeps them out of git and is secure enough.",
    ],
)
def test_a_conclusion_a_plan_or_a_verdict_takes_a_stance(sentence: str) -> None:
    assert takes_a_stance(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "And a pod that crashes on start would be restarted in a loop forever.",
        "Also it can make a restart loop.",
        "The first reaction is to give Prometheus more memory.",
        "I'd rather not page on CPU at all.",
        # a verdict reported, to be rejected
        "It's tempting to say the API is fine because the mean is flat, but latency is long-tailed.",
        "People think the average is fine.",
    ],
)
def test_a_risk_described_takes_no_stance(sentence: str) -> None:
    assert not takes_a_stance(sentence)


def test_a_story_of_its_own_is_not_the_misconception_it_sounds_like(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    # a hand-run P2 interview: flagged "asserts the misconception 'We looked at the logs for a
    # few hours until we found the bug, then fixed it and deployed.'", capped at 1.56
    answer = (
        "I wasn't on my own, my lead was there. We rolled the plugin back from the WordPress "
        "admin, which fixed checkout in about ten minutes, and I emailed the client to say it "
        "was fixed. Afterwards we agreed to test plugin updates on the staging copy first, and "
        "I added the cart check."
    )
    result = semantic.score(answer, catalog.question("proj.production-failure"))
    assert misconception_flags(result) == []
    assert result.value is not None and result.value > ANCHOR_2
    # the same story told as the misconception says it is still asserted
    told = (
        "We looked through the logs for a few hours until we found the bug in the plugin, then "
        "fixed it and deployed the fix."
    )
    target = target_from_question(catalog.question("proj.production-failure"))
    assert semantic.encoder is not None
    assert asserted(told, target, semantic.encoder) is not None
    assert asserted(answer, target, semantic.encoder) is None


def test_a_sentence_dismissing_what_the_point_prescribes_takes_the_misconception_s_side(
    semantic: EmbeddedScorer, catalog: Catalog
) -> None:
    """ "Rolling back without understanding the cause just hides the problem." is as near the
    point "Mitigates first (rollback, ...)" as its misconception ("Find the root cause in the
    code before rolling anything back"), by 0.05: the wrong answer scored 2.48 with the point
    credited. It dismisses the rollback the point prescribes."""
    answer = (
        "I'd open the error logs, grab the stack trace and go straight into the code to "
        "understand the bug. Rolling back without understanding the cause just hides the "
        "problem."
    )
    score = semantic.score(answer, catalog.question("dbg.http-5xx-spike"))

    [flag] = misconception_flags(score)
    assert flag.evidence[0].text.startswith("Rolling back without understanding")
    assert score.value is not None and score.value <= ANCHOR_2
    # a point that says not to do something is made by dismissing it
    zombie = semantic.score(
        "kill -9 does nothing to a zombie, it is already dead; the parent has to call wait().",
        catalog.question("os.zombie-processes"),
    )
    assert misconception_flags(zombie) == []
