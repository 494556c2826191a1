"""The "ops" half of the SRE question bank (questions_ops_*.yaml).

What matters about a question bank: it covers the competencies the interview must evidence,
every scored question has a rubric a grader (human or the embedded scorer) can apply, the
rubric rewards what a strong answer says and not what any answer says, and red flags fire
when a candidate says the wrong thing. These tests check that with the real catalog loader
and the real embedded scorer.
"""

from __future__ import annotations

import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from panelist.catalog.loader import builtin_catalog_dir, load_layers, merge
from panelist.catalog.models import Question, QuestionKind
from panelist.catalog.problems import ProblemSink
from panelist.interview.followups import HEAVY_KEY_POINT
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.text import NEGATIONS, content_tokens, tokenize
from panelist.scoring.types import Flag

OPS_PREFIXES = (
    "obs.", "alert.", "cost.", "dbg.", "os.", "net.", "sys.", "chaos.",
    "region.", "inc.", "data.", "intro.", "close.", "cq.",
)  # fmt: skip
CORE = {
    "system_thinking", "software_engineering", "deploy_release", "automation", "monitoring",
    "troubleshooting", "data_driven", "tools_sdlc", "security_compliance", "org_knowledge",
    "communication",
}  # fmt: skip
LEADERSHIP = {
    "strategic_thinking", "executive_communication", "cross_org_leadership",
    "collaborative_influence", "strategic_planning", "solution_optimization", "innovation",
    "trusted_advisory",
}  # fmt: skip

# Answers that say nothing specific. They must not tick any key point of any question.
GENERIC_ANSWERS = (
    "I would look at the logs and the monitoring dashboards, talk to the team, and fix the "
    "problem as quickly as possible so it does not happen again.",
    "First I check the metrics and the alerts, then I find the root cause, restart the service "
    "if needed, and write a report for the team and management.",
    "It depends on the situation. I would gather data, communicate with stakeholders, and use "
    "best practices and automation to improve reliability.",
    "In my previous job I worked with many services and servers. We had problems sometimes, we "
    "solved them together and learned a lot. I am a team player and I like to solve problems.",
    "We used Kubernetes, AWS and Terraform. Performance and availability were important, so we "
    "made sure the system was stable and scalable and the users were happy.",
    "I would analyse the issue, identify the cause, implement a solution and monitor the "
    "results, then document everything and share it with the team.",
)


def ops_files() -> list[Path]:
    return sorted((builtin_catalog_dir() / "questions").glob("questions_ops_*.yaml"))


@cache
def ops_questions() -> tuple[Question, ...]:
    return tuple(
        Question.model_validate(raw)
        for path in ops_files()
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    )


def scored() -> list[Question]:
    return [q for q in ops_questions() if q.scored]


def stems(text: str) -> set[str]:
    return {t.stem for t in content_tokens(tokenize(text))}


SCORED_IDS = [q.id for q in scored()]


@pytest.fixture(scope="module")
def scorer() -> EmbeddedScorer:
    return EmbeddedScorer()  # lexical only: no model download, deterministic


def by_id(question_id: str) -> Question:
    return next(q for q in ops_questions() if q.id == question_id)


# --------------------------------------------------------------------------- the bank as a whole


def test_ops_half_holds_about_45_scored_questions_and_the_flow_turns() -> None:
    kinds = Counter(q.kind for q in ops_questions())
    assert len(ops_files()) >= 4
    assert len(scored()) >= 40
    assert kinds[QuestionKind.INTRO] == 3
    assert kinds[QuestionKind.CANDIDATE_QUESTIONS] == 2
    assert kinds[QuestionKind.CLOSE] == 2
    assert {QuestionKind.TECHNICAL, QuestionKind.SCENARIO, QuestionKind.BEHAVIOURAL} <= set(kinds)


def test_ids_are_unique_and_use_the_ops_prefixes() -> None:
    ids = [q.id for q in ops_questions()]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert all(i.startswith(OPS_PREFIXES) for i in ids), [
        i for i in ids if not i.startswith(OPS_PREFIXES)
    ]


def test_the_catalog_loader_reads_these_files_with_the_shipped_competencies(
    tmp_path: Path,
) -> None:
    """The real loader, on the shipped competencies and only this half's questions."""
    shipped = builtin_catalog_dir()
    (tmp_path / "questions").mkdir()
    shutil.copy(shipped / "competencies.yaml", tmp_path / "competencies.yaml")
    for path in ops_files():
        shutil.copy(path, tmp_path / "questions" / path.name)
    catalog = merge(load_layers(tmp_path, ProblemSink(collect=False), standalone=True))
    assert set(catalog.competencies) == CORE | LEADERSHIP
    for question in ops_questions():
        assert catalog.question(question.id) == question
        for competency in question.competencies:
            catalog.competency(competency)  # raises UnknownIdError for an unknown id


def test_no_other_question_file_reuses_an_ops_id() -> None:
    ours = {q.id for q in ops_questions()}
    for path in sorted((builtin_catalog_dir() / "questions").glob("*.y*ml")):
        if path in ops_files():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        theirs = {q.get("id") for q in data.get("questions", []) if isinstance(q, dict)}
        assert not ours & theirs, f"{path.name} redefines {sorted(ours & theirs)}"


def test_competencies_are_the_fixed_ids() -> None:
    used = {c for q in ops_questions() for c in q.competencies}
    assert used <= CORE | LEADERSHIP, used - (CORE | LEADERSHIP)


def test_each_area_of_the_ops_half_reaches_its_quota() -> None:
    per_competency = Counter(c for q in scored() for c in q.competencies)
    assert per_competency["monitoring"] >= 12
    assert per_competency["troubleshooting"] >= 12
    assert per_competency["system_thinking"] >= 8
    assert per_competency["data_driven"] >= 4
    incidents = [
        q
        for q in scored()
        if q.id.startswith("inc.") and {"communication", "org_knowledge"} & set(q.competencies)
    ]
    assert len(incidents) >= 5, "incident response also evidences communication/org knowledge"
    # tags that a question genuinely evidences beyond the big four
    for tag in ("communication", "org_knowledge", "tools_sdlc", "automation"):
        assert per_competency[tag] >= 3, tag


def test_every_level_from_p2_to_p6_has_questions_in_each_big_area() -> None:
    for level in ("P2", "P3", "P4", "P5", "P6"):
        at_level = [q for q in scored() if level in q.levels]
        covered = {c for q in at_level for c in q.competencies}
        if level == "P2":
            assert {"monitoring", "troubleshooting"} <= covered, level
        else:
            assert {"monitoring", "troubleshooting", "system_thinking", "data_driven"} <= covered


def test_flow_turns_are_short_and_carry_no_rubric() -> None:
    for question in ops_questions():
        if question.scored:
            continue
        assert not question.key_points and not question.reference_answer, question.id
        assert all(f.key_point is None for f in question.follow_ups), question.id
        if question.kind in (QuestionKind.INTRO, QuestionKind.CLOSE):
            assert 2 <= question.time_budget_minutes <= 3, question.id
        assert set(question.levels) == {"P1", "P2", "P3", "P4", "P5", "P6"}, question.id


# --------------------------------------------------------------------------- each scored question


@pytest.mark.parametrize("question_id", SCORED_IDS)
def test_rubric_shape(question_id: str) -> None:
    q = by_id(question_id)
    words = len((q.reference_answer or "").split())
    assert 80 <= words <= 200, f"reference answer has {words} words"
    assert 3 <= q.time_budget_minutes <= 8
    assert max(kp.weight for kp in q.key_points) == 1.0, "the most important point weighs 1.0"
    assert len(set(q.descriptors.values())) == 5, "descriptors must tell the scores apart"
    assert q.topic and q.levels
    weights = {kp.id: kp.weight for kp in q.key_points}
    for follow_up in q.follow_ups:
        assert follow_up.key_point in weights, f"{follow_up.text!r} targets no key point"
        # the engine probes a missed point only from this weight on
        assert weights[follow_up.key_point] >= HEAVY_KEY_POINT, follow_up.key_point
    assert all(rf.phrases for rf in q.red_flags)


@pytest.mark.parametrize("question_id", SCORED_IDS)
def test_evidence_phrases_are_matchable_lowercase_and_specific(question_id: str) -> None:
    q = by_id(question_id)
    phrases = [e for kp in q.key_points for e in kp.evidence]
    assert len(phrases) == len(set(phrases)), "a phrase evidences two points"
    for kp in q.key_points:
        assert 3 <= len(kp.evidence) <= 8, kp.id
        for phrase in kp.evidence:
            assert phrase == phrase.lower().strip() and phrase, phrase
            words = content_tokens(tokenize(phrase))
            assert words, f"{kp.id}: {phrase!r} has no word the scorer can match"
            assert not {t.text for t in tokenize(phrase)} & NEGATIONS, (
                f"{kp.id}: {phrase!r} contains a negation, so its words never count"
            )
            assert not stems(phrase) <= stems(q.text), (
                f"{kp.id}: {phrase!r} only repeats the question, so parroting it would score"
            )


@pytest.mark.parametrize("question_id", SCORED_IDS)
def test_reference_answer_hits_every_point_and_raises_no_red_flag(
    question_id: str, scorer: EmbeddedScorer
) -> None:
    q = by_id(question_id)
    score = scorer.score(q.reference_answer or "", q)
    assert score.key_points_missed == []
    assert not [f.detail for f in score.flags if f.flag is Flag.RED_FLAG]
    assert score.value is not None and score.value >= 4.5


@pytest.mark.parametrize("question_id", SCORED_IDS)
def test_generic_answers_tick_no_key_point(question_id: str, scorer: EmbeddedScorer) -> None:
    q = by_id(question_id)
    for answer in GENERIC_ANSWERS:
        hits = scorer.score(answer, q).key_points_hit
        assert not hits, [(h.key_point, [e.text for e in h.evidence]) for h in hits]


@pytest.mark.parametrize("question_id", SCORED_IDS)
def test_each_red_flag_fires_when_the_candidate_says_it(
    question_id: str, scorer: EmbeddedScorer
) -> None:
    q = by_id(question_id)
    for flag in q.red_flags:
        for phrase in flag.phrases:
            answer = f"Honestly, in my experience {phrase}, and that is how we ran it."
            raised = [f.detail for f in scorer.score(answer, q).flags if f.flag is Flag.RED_FLAG]
            assert any(d.startswith(f"{flag.id}:") for d in raised), phrase


# A candidate who knows part of the answer: the rubric credits what was said, names what was not.
PARTIAL_ANSWERS = [
    (
        "obs.promql-availability-sli",
        'I\'d take sum(rate(http_requests_total{code!~"5.."}[5m])) divided by '
        "sum(rate(http_requests_total[5m])). 99.9% means about 43 minutes of downtime a month. "
        "For alerting I'd fire when the ratio goes under 99.9% for 5 minutes.",
        {"ratio-from-counters", "budget-number"},
        {"burn-rate-alerting", "multi-window"},
    ),
    (
        "net.tcp-time-wait",
        "TIME_WAIT is normal, the side that closes first keeps the socket for 60 seconds. With a "
        "new connection per request we run out of ephemeral ports. I would use keep-alive and a "
        "connection pool in the client so connections are reused.",
        {"handshake-close", "port-exhaustion", "keepalive-pool"},
        {"sysctl-mitigation", "tw-recycle-danger"},
    ),
    (
        "sys.retries-backoff",
        "Every layer retrying three times multiplies the load, so inventory gets hammered when it "
        "is already slow. I'd use exponential backoff with jitter and cap the number of attempts.",
        {"amplification", "backoff-jitter"},
        {"single-layer", "idempotency", "budget-deadline"},
    ),
    (
        "dbg.http-5xx-spike",
        "I'd check what changed - there was probably a recent deploy - and roll back first to stop "
        "the bleeding, then look at which endpoints and which region the 502s and 503s come from.",
        {"what-changed", "mitigate-first", "scope-impact"},
        {"declare-own", "timeline-updates"},
    ),
]


@pytest.mark.parametrize(("question_id", "answer", "said", "unsaid"), PARTIAL_ANSWERS)
def test_a_partial_answer_is_credited_for_what_it_says_only(
    question_id: str, answer: str, said: set[str], unsaid: set[str], scorer: EmbeddedScorer
) -> None:
    q = by_id(question_id)
    partial = scorer.score(answer, q)
    full = scorer.score(q.reference_answer or "", q)
    assert {h.key_point for h in partial.key_points_hit} == said
    assert unsaid <= set(partial.key_points_missed)
    assert partial.value is not None and full.value is not None
    assert partial.value < full.value
