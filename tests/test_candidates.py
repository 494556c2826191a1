"""Simulated candidates answer from the question bank, deterministically for a seed."""

from __future__ import annotations

import pytest

from panelist.candidates import PROFILES, Candidate, simulated_candidate
from panelist.candidates.simulated import probed_point
from panelist.catalog.loader import Catalog, load_catalog
from panelist.catalog.models import Question, QuestionKind
from panelist.errors import ConfigurationError
from panelist.interview.state import InterviewState, Plan, Speaker, Turn, TurnRole
from panelist.scoring import EmbeddedScorer


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


def scored_questions(catalog: Catalog, count: int = 8) -> list[Question]:
    return sorted((q for q in catalog.questions.values() if q.scored), key=lambda q: q.id)[:count]


def first_of(catalog: Catalog, kind: QuestionKind) -> Question:
    return sorted(catalog.questions_for(kinds=[kind]), key=lambda q: q.id)[0]


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


def test_the_intro_names_a_concrete_project(catalog: Catalog, state: InterviewState) -> None:
    intro = first_of(catalog, QuestionKind.INTRO)
    for profile in PROFILES:
        candidate = simulated_candidate(profile, 3, catalog)
        reply = candidate.reply(ask(intro), state)
        assert candidate.persona.project.name in reply, profile


def test_an_exceptional_answer_uses_the_rubric_and_a_poor_one_does_not(
    catalog: Catalog, state: InterviewState
) -> None:
    scorer = EmbeddedScorer()
    hits = {"exceptional": 0, "poor": 0}
    for question in scored_questions(catalog):
        for profile in hits:
            reply = simulated_candidate(profile, 2, catalog).reply(ask(question), state)
            hits[profile] += len(scorer.score(reply, question).key_points_hit)
    assert hits["exceptional"] > 3 * max(hits["poor"], 1)


def test_an_injector_hides_instructions_to_the_grader(
    catalog: Catalog, state: InterviewState
) -> None:
    scorer = EmbeddedScorer()
    flagged = [
        "injection"
        in scorer.score(
            simulated_candidate("injector", 4, catalog).reply(ask(q), state), q
        ).flag_names
        for q in scored_questions(catalog)
    ]
    assert any(flagged)


def test_a_bluffer_says_red_flags_and_unsupported_metrics(
    catalog: Catalog, state: InterviewState
) -> None:
    scorer = EmbeddedScorer()
    flags: set[str] = set()
    for question in scored_questions(catalog):
        reply = simulated_candidate("bluffer", 5, catalog).reply(ask(question), state)
        flags.update(scorer.score(reply, question).flag_names)
    assert {"red_flag", "unsupported_claim"} <= flags


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


def test_candidate_questions_are_real_questions_or_none(
    catalog: Catalog, state: InterviewState
) -> None:
    turn = ask(first_of(catalog, QuestionKind.CANDIDATE_QUESTIONS))
    strong = simulated_candidate("strong", 1, catalog).reply(turn, state)
    terse = simulated_candidate("terse", 1, catalog).reply(turn, state)
    assert strong.count("?") == 2
    assert terse.startswith("No, thank you")


def test_an_unknown_profile_says_which_exist(catalog: Catalog) -> None:
    with pytest.raises(ConfigurationError, match="bluffer"):
        simulated_candidate("genius", 1, catalog)


def test_a_given_name_replaces_the_persona_name(catalog: Catalog) -> None:
    candidate: Candidate = simulated_candidate("weak", 1, catalog, name="Dana Ortiz")
    assert (candidate.name, candidate.profile) == ("Dana Ortiz", "weak")


@pytest.mark.parametrize(
    ("rubric", "said"),
    [
        ("Computes the SLI from counters.", "I'd compute the SLI from counters"),
        ("Sizes the system with real numbers.", "I'd size the system with real numbers"),
        ("Expresses the objective as a ratio.", "I'd express the objective as a ratio"),
        ("Identifies single points of failure.", "I'd identify single points of failure"),
        ("Mitigated first, then diagnosed.", "I mitigated first, then diagnosed"),
        ("Made lasting changes.", "I made lasting changes"),
    ],
)
def test_rubric_points_are_said_in_the_first_person(rubric: str, said: str) -> None:
    from panelist.candidates.phrasing import first_person
    from panelist.catalog.models import KeyPoint

    point = KeyPoint(id="kp", text=rubric, weight=1.0, evidence=["x"])
    assert first_person(point) == said


def test_an_answer_never_says_the_same_sentence_twice(
    catalog: Catalog, state: InterviewState
) -> None:
    from panelist.candidates.phrasing import sentences

    for question in scored_questions(catalog, 30):
        reply = simulated_candidate("exceptional", 1, catalog).reply(ask(question), state)
        said = [s.lower().rstrip(".")[-40:] for s in sentences(reply) if len(s) > 40]
        assert len(said) == len(set(said)), question.id
