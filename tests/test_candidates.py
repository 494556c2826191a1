"""Simulated candidates: personas with their own facts, answering in their own words."""

from __future__ import annotations

import re

import pytest

from panelist.candidates import PROFILES, Candidate, simulated_candidate
from panelist.candidates.followups import Ask, what_is_asked
from panelist.candidates.llm_candidate import PROFILE_BEHAVIOUR
from panelist.candidates.personas import Voice, load_personas
from panelist.candidates.reciting import describe
from panelist.candidates.simulated import probed_point
from panelist.candidates.substance import sentences, story_map
from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import KeyPoint, Question, QuestionKind
from panelist.errors import ConfigurationError
from panelist.interview.state import InterviewState, Plan, Speaker, Turn, TurnRole
from panelist.scoring import EmbeddedScorer
from panelist.scoring.contradiction import prior_contradictions
from panelist.scoring.types import PriorAnswer

HONEST = ("exceptional", "strong", "average", "weak", "poor")
_WORD = re.compile(r"[a-z0-9]+")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def state() -> InterviewState:
    plan = Plan(role_code="SRES.GEN.P3", level="P3", seed=1, budget_minutes=45, items=[])
    return InterviewState(
        id="iv-1", role_code="SRES.GEN.P3", level="P3", candidate_name="Sam", plan=plan
    )


def ask(question: Question, role: TurnRole = TurnRole.QUESTION, text: str | None = None) -> Turn:
    return Turn(
        id="t1",
        seq=0,
        speaker=Speaker.INTERVIEWER,
        role=role,
        text=text or question.text,
        question_id=question.id,
        kind=question.kind,
    )


def scored_questions(catalog: Catalog, count: int = 200) -> list[Question]:
    return sorted((q for q in catalog.questions.values() if q.scored), key=lambda q: q.id)[:count]


def first_of(catalog: Catalog, kind: QuestionKind) -> Question:
    return sorted(catalog.questions_for(kinds=[kind]), key=lambda q: q.id)[0]


def shingles(text: str, n: int = 5) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


# ----------------------------------------------------------------------------- personas


def test_there_are_ten_personas_in_five_voices_with_their_own_employers() -> None:
    personas = load_personas()
    assert len(personas) >= 10
    assert {p.voice for p in personas} == set(Voice)
    assert len({p.company for p in personas}) == len(personas)
    assert len({p.project.name for p in personas}) == len(personas)


def test_every_story_question_is_answered_from_facts_every_persona_has(catalog: Catalog) -> None:
    stories = [q for q in catalog.questions.values() if q.kind.value in ("project", "behavioural")]
    for question in stories:
        mapped = story_map().get(question.id)
        assert mapped is not None, f"{question.id} has no persona facts in data/stories.yaml"
        assert set(mapped) == {kp.id for kp in question.key_points}, question.id
        for persona in load_personas():
            for paths in mapped.values():
                assert all(persona.fact(p.lstrip("*")) for p in paths)


def test_the_intro_names_the_personas_project(catalog: Catalog, state: InterviewState) -> None:
    intro = first_of(catalog, QuestionKind.INTRO)
    for profile in PROFILES:
        candidate = simulated_candidate(profile, 3, catalog)
        reply = candidate.reply(ask(intro), state)
        assert candidate.persona.project.name in reply, profile


# ----------------------------------------------------------------------------- determinism


def test_the_same_seed_gives_the_same_answer_and_another_seed_a_different_one(
    catalog: Catalog, state: InterviewState
) -> None:
    question = scored_questions(catalog)[0]
    first = simulated_candidate("average", 7, catalog).reply(ask(question), state)
    again = simulated_candidate("average", 7, catalog).reply(ask(question), state)
    others = {
        simulated_candidate("average", s, catalog).reply(ask(question), state) for s in range(8)
    }
    assert first == again
    assert len(others) > 1


# ----------------------------------------------------------------------------- substance


def test_no_answer_repeats_the_rubric_wording_back(catalog: Catalog, state: InterviewState) -> None:
    """Over every scored question: no 5 words in a row of a key point or a descriptor reach an
    honest profile's answer unless the question, its reference answer or one of its red flags
    (what a wrong candidate says) says them too - distractors quote other questions' references."""
    said_by_someone = [
        text
        for q in catalog.questions.values()
        for text in [
            q.text,
            q.reference_answer or "",
            *(p for rf in q.red_flags for p in rf.phrases),
        ]
    ]
    said_by_someone += [re.sub(r"\s*\([^()]*\)", "", s) for s in said_by_someone]  # the gist
    sources = set().union(*(shingles(s) for s in said_by_someone))
    for question in scored_questions(catalog):
        rubric = set().union(
            *(shingles(kp.text) for kp in question.key_points),
            *(shingles(d) for d in question.descriptors.values()),
        )
        for profile in HONEST:
            reply = simulated_candidate(profile, 2, catalog).reply(ask(question), state)
            echoed = (shingles(reply) & rubric) - sources
            assert not echoed, (question.id, profile, sorted(echoed)[:3])


def test_a_story_question_is_answered_with_the_personas_own_facts(
    catalog: Catalog, state: InterviewState
) -> None:
    question = catalog.questions["proj.production-failure"]
    for seed in range(4):
        candidate = simulated_candidate("exceptional", seed, catalog)
        reply = candidate.reply(ask(question), state).lower()
        incident = candidate.persona.incident
        assert incident.detection[:40].lower() in reply
        assert incident.mitigation[:40].lower() in reply


def test_an_exceptional_answer_is_credited_far_more_than_a_poor_one(
    catalog: Catalog, state: InterviewState
) -> None:
    scorer = EmbeddedScorer()
    hits = {"exceptional": 0, "poor": 0}
    for question in scored_questions(catalog, 8):
        for profile in hits:
            reply = simulated_candidate(profile, 2, catalog).reply(ask(question), state)
            hits[profile] += len(scorer.score(reply, question).key_points_hit)
    assert hits["exceptional"] > 3 * max(hits["poor"], 1)


def test_a_less_precise_candidate_says_the_gist_without_the_detail(
    catalog: Catalog, state: InterviewState
) -> None:
    question = catalog.questions["obs.promql-availability-sli"]
    replies = {
        p: simulated_candidate(p, s, catalog).reply(ask(question), state)
        for p in ("exceptional", "average")
        for s in [4]
    }
    assert "sum(rate(" in replies["exceptional"]
    assert "sum(rate(" not in replies["average"]


def test_an_answer_never_says_the_same_sentence_twice(
    catalog: Catalog, state: InterviewState
) -> None:
    for question in scored_questions(catalog, 30):
        reply = simulated_candidate("exceptional", 1, catalog).reply(ask(question), state)
        said = [s.lower().rstrip(".")[-40:] for s in sentences(reply) if len(s) > 40]
        assert len(said) == len(set(said)), question.id


# ----------------------------------------------------------------------------- follow-ups


def test_a_follow_up_answer_addresses_the_probed_point(
    catalog: Catalog, state: InterviewState
) -> None:
    question = next(q for q in scored_questions(catalog, 50) if q.follow_ups[0].key_point)
    probe = question.follow_ups[0]
    point = probed_point(question, probe.text)
    assert point is not None and point.id == probe.key_point
    reply = simulated_candidate("exceptional", 1, catalog).reply(
        ask(question, TurnRole.FOLLOW_UP, probe.text), state
    )
    hit = EmbeddedScorer().score(reply, question).key_points_hit
    assert probe.key_point in {h.key_point for h in hit}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "You said “cut MTTR by 60%”. How was that measured, and what was the baseline?",
            Ask.BASELINE,
        ),
        (
            "Earlier you said “5 engineers”, and just now “9”. How do those fit together?",
            Ask.CONTRADICTION,
        ),
        (
            "Could you make that concrete - a specific system, what you did, and what happened?",
            Ask.CONCRETE,
        ),
        ("Coming back to what I asked: what did you do in the first hour?", Ask.AGAIN),
        ("What else did you consider, and why did you not go with it?", Ask.POINT),
    ],
)
def test_a_follow_up_is_read_for_what_it_asks(catalog: Catalog, text: str, expected: Ask) -> None:
    assert what_is_asked(catalog.questions["proj.hardest-decision"], text).ask is expected


def test_asked_for_the_baseline_a_strong_candidate_gives_the_same_numbers_as_in_the_intro(
    catalog: Catalog, state: InterviewState
) -> None:
    question = catalog.questions["proj.hardest-decision"]
    probe = "You said “failed deploys went down”. How was that measured, and what was the baseline?"
    intro = first_of(catalog, QuestionKind.INTRO)
    given: dict[str, int] = {"exceptional": 0, "strong": 0, "poor": 0}
    for seed in range(10):
        for profile in given:
            candidate = simulated_candidate(profile, seed, catalog)
            outcome = candidate.persona.project.outcome
            answer = candidate.reply(ask(question, TurnRole.FOLLOW_UP, probe), state)
            if outcome.before in answer and outcome.after in answer and outcome.period in answer:
                given[profile] += 1
            if profile != "poor":
                assert outcome.headline in candidate.reply(ask(intro), state)
    assert given["exceptional"] == 10
    assert given["strong"] >= 7
    assert given["poor"] <= 2


def test_the_alternatives_probe_gets_the_alternatives(
    catalog: Catalog, state: InterviewState
) -> None:
    question = catalog.questions["proj.hardest-decision"]
    probe = question.follow_ups[0].text
    candidate = simulated_candidate("exceptional", 6, catalog)
    answer = candidate.reply(ask(question, TurnRole.FOLLOW_UP, probe), state)
    assert candidate.persona.project.alternatives[:30].lower() in answer.lower()


# ----------------------------------------------------------------------------- misbehaviour


def test_an_injector_hides_instructions_to_the_grader(
    catalog: Catalog, state: InterviewState
) -> None:
    scorer = EmbeddedScorer()
    flagged = [
        "injection"
        in scorer.score(
            simulated_candidate("injector", 4, catalog).reply(ask(q), state), q
        ).flag_names
        for q in scored_questions(catalog, 8)
    ]
    assert any(flagged)


def test_a_bluffer_says_red_flags_unsupported_metrics_and_contradicts_its_tools(
    catalog: Catalog, state: InterviewState
) -> None:
    scorer = EmbeddedScorer()
    flags: set[str] = set()
    candidate = simulated_candidate("bluffer", 5, catalog)
    replies = [candidate.reply(ask(q), state) for q in scored_questions(catalog, 8)]
    for question, reply in zip(scored_questions(catalog, 8), replies, strict=True):
        flags.update(scorer.score(reply, question).flag_names)
    assert {"red_flag", "unsupported_claim"} <= flags
    tool = candidate.persona.tools.metrics
    intro = candidate.reply(ask(first_of(catalog, QuestionKind.INTRO)), state)
    assert f"all our alerting ran on {tool}".lower() in intro.lower()
    assert any(f"we never ran {tool}".lower() in r.lower() for r in replies)


def test_a_bluffer_says_it_led_the_project_then_that_it_joined_after_and_is_caught(
    catalog: Catalog, state: InterviewState
) -> None:
    candidate = simulated_candidate("bluffer", 5, catalog)
    project = candidate.persona.project.name
    intro = candidate.reply(ask(first_of(catalog, QuestionKind.INTRO)), state)
    assert f"I led {project} end to end" in intro
    replies = [candidate.reply(ask(q), state) for q in scored_questions(catalog, 12)]
    denial = f"To be fair, I joined after {project} was already done."
    assert any(denial in r for r in replies)
    (found,) = prior_contradictions(denial, [PriorAnswer("intro", "", intro)])
    assert found.detail.startswith("The candidate's own part in it"), found
    assert found.evidence[1].text.startswith(f"I led {project}")


def test_a_terse_candidate_answers_in_one_short_line(
    catalog: Catalog, state: InterviewState
) -> None:
    for question in scored_questions(catalog, 20):
        reply = simulated_candidate("terse", 3, catalog).reply(ask(question), state)
        assert len(reply.split()) <= 10 and len(sentences(reply)) == 1, reply


def test_an_off_topic_candidate_says_nothing_from_the_questions_reference(
    catalog: Catalog, state: InterviewState
) -> None:
    for question in scored_questions(catalog, 20):
        reply = simulated_candidate("off-topic", 3, catalog).reply(ask(question), state)
        assert not shingles(reply, 6) & shingles(question.reference_answer or "", 6), question.id


def test_a_reciter_describes_the_answer_without_any_of_its_facts(
    catalog: Catalog, state: InterviewState
) -> None:
    question = catalog.questions["proj.production-failure"]
    candidate = simulated_candidate("reciter", 1, catalog)
    reply = candidate.reply(ask(question), state)
    assert "I'd" in reply
    persona = candidate.persona
    assert not re.search(r"\d", reply)
    assert persona.incident.symptom[:20] not in reply


@pytest.mark.parametrize(
    ("rubric", "described"),
    [
        ("Computes the SLI from counters.", "computing the SLI from counters"),
        ("Drops the label with labeldrop.", "dropping the label with labeldrop"),
        ("Identifies single points of failure.", "identifying single points of failure"),
        ("Sets a tight timeout (based on p99).", "setting a tight timeout"),
        ("Mitigated first, then diagnosed.", "how I mitigated first, then diagnosed"),
        (
            "Shares data openly; accepts results against their view.",
            "sharing data openly; accepts results against my view",
        ),
    ],
)
def test_the_reciter_turns_a_rubric_point_into_a_topic(rubric: str, described: str) -> None:
    assert describe(KeyPoint(id="kp", text=rubric, weight=1.0, evidence=["x"])) == described


# ----------------------------------------------------------------------------- the rest


def test_candidate_questions_are_real_questions_or_none(
    catalog: Catalog, state: InterviewState
) -> None:
    turn = ask(first_of(catalog, QuestionKind.CANDIDATE_QUESTIONS))
    strong = simulated_candidate("strong", 1, catalog).reply(turn, state)
    terse = simulated_candidate("terse", 1, catalog).reply(turn, state)
    assert strong.count("?") == 2
    assert terse.startswith("No, thank you")


def test_an_unknown_profile_says_which_exist(catalog: Catalog) -> None:
    with pytest.raises(ConfigurationError, match="reciter"):
        simulated_candidate("genius", 1, catalog)


def test_a_given_name_replaces_the_persona_name(catalog: Catalog) -> None:
    candidate: Candidate = simulated_candidate("weak", 1, catalog, name="Dana Ortiz")
    assert (candidate.name, candidate.profile) == ("Dana Ortiz", "weak")


def test_the_llm_candidate_knows_every_profile() -> None:
    assert set(PROFILE_BEHAVIOUR) == set(PROFILES)
