"""The "eng" half of the SRE question bank (questions_eng_*.yaml).

This half covers coding, delivery, automation, tooling, security, working with other teams,
project deep-dives, behavioural and leadership questions. The tests check that it reaches the
quota each area needs, that every rubric is usable by a grader (the real embedded scorer is
the grader here): a strong answer ticks every key point, an answer that says nothing specific
ticks none, and a red flag fires when a candidate says it.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from panelist.catalog.loader import builtin_catalog_dir, load_catalog
from panelist.catalog.models import Question, QuestionKind
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.text import NEGATIONS, content_tokens, sentences, tokenize
from panelist.scoring.types import Flag

ENG_PREFIXES = (
    "code.", "rel.", "auto.", "sec.", "tool.", "org.", "comm.", "proj.", "beh.", "lead.",
)  # fmt: skip
LEADERSHIP = (
    "strategic_thinking", "executive_communication", "cross_org_leadership",
    "collaborative_influence", "strategic_planning", "solution_optimization", "innovation",
    "trusted_advisory",
)  # fmt: skip
CORE_QUOTAS = {
    "software_engineering": 5,
    "deploy_release": 5,
    "automation": 4,
    "tools_sdlc": 4,
    "security_compliance": 4,
    "org_knowledge": 3,
    "communication": 3,
}
FRAMEWORK_IDS = {
    "system_thinking", "software_engineering", "deploy_release", "automation", "monitoring",
    "troubleshooting", "data_driven", "tools_sdlc", "security_compliance", "org_knowledge",
    "communication", *LEADERSHIP,
}  # fmt: skip

# Vague answers in the areas of this half. A rubric that credits them rewards talk, not skill.
VAGUE_ANSWERS = (
    "We had a CI/CD pipeline and deployed often. If something went wrong we rolled forward or "
    "fixed it, and we made sure to communicate with the team and follow best practices.",
    "Security is very important to me. I always follow the company policies, work closely with "
    "the security team and make sure everything is compliant and safe.",
    "I would align with stakeholders, set a clear vision and strategy, and make sure everyone is "
    "on the same page so that the organisation moves forward together.",
    "I am a team player. When there is a disagreement I listen to everyone, stay calm and "
    "professional, and we usually find a good solution together.",
    "I wrote a lot of Python and Bash scripts to automate tasks and used Kubernetes, AWS and "
    "Terraform. The code was clean and worked well in production.",
    "I would analyse the issue, identify the cause, implement a solution and monitor the "
    "results, then document everything and share it with the team.",
    "In my last project we improved things a lot. It was a big success, management was happy, "
    "and I learned a lot from the experience.",
)

# Three answers a candidate might give, weak -> adequate -> strong, in their own words.
LADDERS: dict[str, tuple[str, str, str]] = {
    "code.retry-backoff-jitter": (
        "I'd put the call in a loop and retry it three times with a one second sleep, then log "
        "the error and give up.",
        "I'd retry with exponential backoff, so 100 ms, 200 ms, 400 ms, up to max_attempts of 4, "
        "and then re-raise the last exception so the caller sees it.",
        "Only transient failures get retried: timeouts, connection resets, 503 and 429, never a "
        "400, and only idempotent calls. Exponential backoff with full jitter, capped at five "
        "seconds, so clients don't come back in a thundering herd. Max attempts plus an overall "
        "deadline, then re-raise. In tests I inject a fake clock so I can assert the delays.",
    ),
    "rel.expand-contract-migration": (
        "I would take a short maintenance window at night, rename the column with ALTER TABLE, "
        "deploy the new code and restart the replicas.",
        "Add the new column, copy the data over with an UPDATE, deploy code that reads the new "
        "column, then drop the old one.",
        "Expand and contract: add the nullable column with a lock_timeout, deploy a dual write to "
        "both columns, backfill in batches while watching replication lag, switch reads, and drop "
        "the old column a release later so old code keeps working and every step is backward "
        "compatible.",
    ),
    "sec.jwt-key-compromise": (
        "The tokens only live 24 hours so we would wait for them to expire and ask the vendor to "
        "delete the log.",
        "I'd rotate the signing key right away, which invalidates the tokens, and ask the vendor "
        "to purge the logs.",
        "Declare a security incident with legal involved. Publish a new signing key in the JWKS and "
        "drop the old kid so every token it signed is rejected; they're stateless, so waiting is "
        "not containment. Search access logs for the old kid from unusual IPs to scope misuse, "
        "inform affected users per GDPR, then move keys into a KMS and redact tokens from logs.",
    ),
    "org.production-readiness-review": (
        "Sure, we would take the pager for it and learn the service as we go.",
        "I'd ask them for documentation and runbooks and a walkthrough before we take on-call.",
        "We run a production readiness review against our standard checklist: SLOs, actionable "
        "alerts with runbooks, load test results, rollback and a tested restore. Gaps become "
        "tickets for the dev team. The developers stay on call at launch with SRE as second line "
        "and shadowing, handover after a stable month, and a hand-back clause if pages stay high.",
    ),
    "lead.reliability-roadmap-fixed-headcount": (
        "I would list the projects the team wants to do and work through them in order.",
        "I'd look at last year's incidents by cause and pick the biggest failure modes to fix "
        "first, a few per quarter.",
        "Start from incidents by cause, SLO attainment and toil hours, score each investment by "
        "risk reduced per engineer-quarter, and run it as a portfolio - 40% top failure modes, 30% "
        "self-service leverage, 20% toil, 10% slack - with quick wins in Q1, an outcome metric per "
        "item like MTTR, published non-goals, and a quarterly review to re-plan.",
    ),
    "beh.production-mistake": (
        "Honestly I am always careful, so it was a colleague who broke things, not me.",
        "I ran a script against production instead of staging once. I fixed it quickly and since "
        "then I'm more careful.",
        "I ran a migration against production instead of staging because both terminals had the "
        "same prompt. I said so immediately in the incident channel and we stopped it. The "
        "blameless review asked why the system allowed it, and we added a red prompt, separate "
        "credentials, and migrations run only from CI.",
    ),
    "tool.k8s-probes-pdb-limits": (
        "I would add more replicas and raise the memory so it stops crashing.",
        "Readiness controls whether the pod receives traffic and liveness restarts it. I'd add a "
        "PDB with minAvailable 2 so a drain can't take them all.",
        "Readiness decides whether the pod receives traffic, liveness only checks for a deadlock "
        "and never calls the database. The JVM is slow to start, so a startupProbe with a "
        "failureThreshold of 30 stops the restart loop. A PDB with maxUnavailable 1 and "
        "anti-affinity keeps pods up during a drain. Memory request equal to limit with "
        "MaxRAMPercentage at 75 avoids OOMKilled, and I skip CPU limits because of CFS throttling.",
    ),
    "comm.outage-to-non-engineers": (
        "An L7 listener rule on the ALB target group was misconfigured by Bob, so upstream health "
        "checks failed.",
        "Yesterday a third of customers couldn't pay for about 50 minutes because of a bad "
        "configuration change. We rolled it back.",
        "Yesterday for 50 minutes a third of customers could not pay: about 2,000 failed orders "
        "and roughly $90k of revenue. A configuration change to the system that directs traffic "
        "sent requests to the wrong place. We noticed after 12 minutes and it took 38 more to undo. "
        "We're sorry. Config changes now go through automated checks and roll out gradually, and "
        "support gets a status page within 10 minutes - tell customers it was our error.",
    ),
    "auto.toil-measurement": (
        "Everything the team does in operations is toil, so we should automate all of it.",
        "Toil is manual, repetitive work with no enduring value. I'd ask the team to list what "
        "annoys them and automate the top item.",
        "Toil is manual, repetitive work that scales linearly with the service and has no enduring "
        "value - on-call itself isn't toil. For three weeks we tag every ticket and page by "
        "category with minutes spent, aim to keep toil under 50%, rank categories by frequency "
        "times minutes against the effort to eliminate them, which gives a payback period, prefer "
        "a self-service or design fix over a script, and re-measure afterwards.",
    ),
}


def eng_files() -> list[Path]:
    return sorted((builtin_catalog_dir() / "questions").glob("questions_eng_*.yaml"))


@cache
def eng_questions() -> tuple[Question, ...]:
    return tuple(
        Question.model_validate(raw)
        for path in eng_files()
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    )


def question(question_id: str) -> Question:
    return next(q for q in eng_questions() if q.id == question_id)


def scored_questions() -> list[Question]:
    return [q for q in eng_questions() if q.scored]


def stem_set(text: str) -> set[str]:
    return {t.stem for t in content_tokens(tokenize(text))}


SCORED = [q.id for q in scored_questions()]


@pytest.fixture(scope="module")
def grader() -> EmbeddedScorer:
    return EmbeddedScorer()  # lexical signals only: deterministic, nothing downloaded


# --------------------------------------------------------------------------- the half as a whole


def test_ids_are_unique_and_carry_an_eng_prefix() -> None:
    ids = [q.id for q in eng_questions()]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert [i for i in ids if not i.startswith(ENG_PREFIXES)] == []


def test_the_catalog_loads_them_from_these_files_and_nothing_overrides_them() -> None:
    catalog = load_catalog()
    for q in eng_questions():
        assert catalog.question(q.id) == q
        assert catalog.sources[f"question:{q.id}"].path.name.startswith("questions_eng_")


def test_only_framework_competencies_are_tagged() -> None:
    tagged = {c for q in eng_questions() for c in q.competencies}
    assert tagged <= FRAMEWORK_IDS, tagged - FRAMEWORK_IDS


def test_about_45_scored_questions_meet_the_core_quotas() -> None:
    assert 40 <= len(scored_questions()) <= 60
    per_competency = Counter(c for q in scored_questions() for c in q.competencies)
    short = {c: per_competency[c] for c, need in CORE_QUOTAS.items() if per_competency[c] < need}
    assert short == {}


def test_every_leadership_skill_is_evidenced_three_times_mostly_at_senior_levels() -> None:
    for skill in LEADERSHIP:
        tagged = [q for q in scored_questions() if skill in q.competencies]
        assert len(tagged) >= 3, skill
        senior = [q for q in tagged if {"P5", "P6"} & set(q.levels)]
        assert len(senior) >= 3, skill


def test_project_deep_dives_refer_to_the_candidates_project() -> None:
    projects = [q for q in eng_questions() if q.kind is QuestionKind.PROJECT]
    assert len(projects) == 4
    for q in projects:
        assert "{project}" in q.text, q.id
        assert q.text.format(project="the payments migration") != q.text
        assert {"data_driven", "communication"} & set(q.competencies), q.id


def test_behavioural_questions_cover_mentoring_disagreement_burnout_and_mistakes() -> None:
    behavioural = [q for q in eng_questions() if q.kind is QuestionKind.BEHAVIOURAL]
    assert len(behavioural) >= 4
    topics = " ".join(q.topic for q in behavioural)
    for theme in ("mentoring", "disagreement", "on-call", "mistake"):
        assert theme in topics, theme


def test_each_level_from_p2_to_p6_gets_questions() -> None:
    for level in ("P2", "P3", "P4", "P5", "P6"):
        assert len([q for q in scored_questions() if level in q.levels]) >= 8, level


# --------------------------------------------------------------------------- each rubric


@pytest.mark.parametrize("question_id", SCORED)
def test_rubric_is_complete_and_proportionate(question_id: str) -> None:
    q = question(question_id)
    words = len((q.reference_answer or "").split())
    assert 80 <= words <= 200, f"reference answer has {words} words"
    assert 3 <= q.time_budget_minutes <= 8
    assert max(kp.weight for kp in q.key_points) == 1.0, "the heaviest point weighs 1.0"
    assert len(set(q.descriptors.values())) == 5
    assert q.topic
    assert all(rf.phrases for rf in q.red_flags)


@pytest.mark.parametrize("question_id", SCORED)
def test_follow_ups_target_a_key_point_of_the_same_question(question_id: str) -> None:
    q = question(question_id)
    points = {kp.id for kp in q.key_points}
    assert [f.key_point for f in q.follow_ups if f.key_point not in points] == []


@pytest.mark.parametrize("question_id", SCORED)
def test_evidence_is_lowercase_specific_and_more_than_the_question(question_id: str) -> None:
    q = question(question_id)
    every_phrase = [p for kp in q.key_points for p in kp.evidence]
    assert len(every_phrase) == len(set(every_phrase)), "a phrase evidences two points"
    asked = stem_set(q.text)
    for kp in q.key_points:
        assert 3 <= len(kp.evidence) <= 8, kp.id
        for phrase in kp.evidence:
            assert phrase and phrase == phrase.strip().lower(), phrase
            tokens = tokenize(phrase)
            assert content_tokens(tokens), f"{kp.id}: {phrase!r} has no content word"
            assert not {t.text for t in tokens} & NEGATIONS, f"{kp.id}: {phrase!r} is negated"
        parroted = [p for p in kp.evidence if stem_set(p) <= asked]
        assert parroted == [], f"{kp.id}: these only repeat words of the question"


@pytest.mark.parametrize("question_id", SCORED)
def test_the_reference_answer_scores_high_and_raises_no_red_flag(
    question_id: str, grader: EmbeddedScorer
) -> None:
    q = question(question_id)
    score = grader.score(q.reference_answer or "", q)
    assert score.key_points_missed == []
    assert [(f.flag.value, f.detail) for f in score.flags] == [], "a strong answer raises no flag"
    assert score.value is not None and score.value >= 4.5


@pytest.mark.parametrize("question_id", SCORED)
def test_the_most_important_point_is_credited_only_where_it_is_made(
    question_id: str, grader: EmbeddedScorer
) -> None:
    """Take out of the reference the sentences quoted as evidence for the heaviest point: the
    point must then be missed, while the rest of the answer still earns the other points."""
    q = question(question_id)
    heaviest = max(q.key_points, key=lambda kp: kp.weight).id
    answer = q.reference_answer or ""
    for _ in range(4):  # a point may be made in a few sentences
        hits = [h for h in grader.score(answer, q).key_points_hit if h.key_point == heaviest]
        if not hits:
            break
        quoted = [e.start for e in hits[0].evidence]
        kept = [answer[a:b] for a, b in sentences(answer) if not any(a <= i < b for i in quoted)]
        answer = " ".join(kept)
    rest = grader.score(answer, q)
    assert heaviest in rest.key_points_missed
    assert len(rest.key_points_hit) >= 1, "the other points are made elsewhere in the reference"


@pytest.mark.parametrize("question_id", SCORED)
def test_vague_answers_tick_no_key_point(question_id: str, grader: EmbeddedScorer) -> None:
    q = question(question_id)
    for answer in VAGUE_ANSWERS:
        hits = grader.score(answer, q).key_points_hit
        assert hits == [], [(h.key_point, [e.text for e in h.evidence]) for h in hits]


@pytest.mark.parametrize("question_id", sorted(LADDERS))
def test_better_answers_tick_more_key_points_and_score_higher(
    question_id: str, grader: EmbeddedScorer
) -> None:
    q = question(question_id)
    weak, adequate, strong = (grader.score(answer, q) for answer in LADDERS[question_id])
    hits = [len(s.key_points_hit) for s in (weak, adequate, strong)]
    assert hits[0] < hits[1] < hits[2], hits
    assert len(strong.key_points_hit) >= len(q.key_points) - 2
    values = [s.value if s.value is not None else -1.0 for s in (weak, adequate, strong)]
    assert values[0] < values[1] < values[2], values
    assert values[0] >= 1.0, "every ladder answer is scorable"


@pytest.mark.parametrize("question_id", SCORED)
def test_repeating_the_question_back_ticks_no_key_point(
    question_id: str, grader: EmbeddedScorer
) -> None:
    q = question(question_id)
    answer = "So you are asking: " + q.text.replace("{project}", "my last project")
    hits = grader.score(answer, q).key_points_hit
    assert hits == [], [(h.key_point, [e.text for e in h.evidence]) for h in hits]


@pytest.mark.parametrize("question_id", SCORED)
def test_red_flags_fire_when_said(question_id: str, grader: EmbeddedScorer) -> None:
    q = question(question_id)
    for flag in q.red_flags:
        for phrase in flag.phrases:
            answer = f"To be honest, {phrase}, that is what we always did."
            fired = [f.detail for f in grader.score(answer, q).flags if f.flag is Flag.RED_FLAG]
            assert any(d.startswith(f"{flag.id}:") for d in fired), phrase
