"""The HR report's sections read as a hiring manager and an HR reviewer would (strong P5
simulated candidate, seed 1, and the runs named in each test)."""

from __future__ import annotations

from panelist.catalog.loader import load_catalog
from panelist.reports.builder import reviewer_flags
from panelist.reports.competencies import coverage
from panelist.reports.formatting import flag_line, missing_text
from panelist.reports.hr import communication, gaps, skills
from panelist.reports.models import (
    AnswerScore,
    Credit,
    FlagNote,
    FollowUpEntry,
    LevelVerdict,
    QuestionEntry,
)


def question(number: int, question_id: str, score: float, labels: list[str]) -> QuestionEntry:
    asked = load_catalog().questions[question_id]
    return QuestionEntry.model_construct(
        number=number,
        question_id=question_id,
        kind=asked.kind.value,
        topic=asked.topic,
        competencies=list(asked.competencies),
        score=score,
        credited=[Credit(key_point=k, label=k, quotes=[]) for k in labels],
        missed=[],
    )


def test_technical_skills_leave_out_communication_and_the_leadership_skills() -> None:
    """It listed "Communication, Collaboration & Negotiation (mean 4.1/5; Q2, Q3, Q6)",
    "Employ Collaborative Influence" and "Using data to settle a disagreement: testable
    question, fair comparison, transparency, outcome relationship"."""
    catalog = load_catalog()
    healthy = question(2, "proj.knowing-it-was-healthy", 4.1, ["chosen signals"])
    disagreement = question(6, "data.settle-disagreement", 4.0, ["outcome relationship"])
    rows = coverage([healthy, disagreement], catalog, catalog.roles["SRES.GEN.P5"], 3.0)

    assert skills([healthy, disagreement], rows) == [
        "Monitoring & Event Management (mean 4.1/5; Q2)",
        "Troubleshooting (mean 4.1/5; Q2)",
        "Data-driven Fact-finding (mean 4.0/5; Q6)",
    ]


def test_technical_skills_name_what_technical_questions_credited_not_project_stories() -> None:
    """The strong P5 candidate (seed 2) read "Project deep-dive - what broke in production:
    specific symptom, detection, mitigate then diagnose, communication, lasting change" under
    Technical Skills Demonstrated."""
    catalog = load_catalog()
    failure = question(2, "proj.production-failure", 4.46, ["communication"])
    images = question(5, "sec.image-policy-gate", 3.95, ["enforce at admission", "scan sign"])
    rows = coverage([failure, images], catalog, catalog.roles["SRES.GEN.P5"], 3.0)

    assert [line for line in skills([failure, images], rows) if "(mean" not in line] == [
        "Keeping vulnerable or unapproved images out of production: enforce at admission, scan sign"
    ]


NEVER = "We never ran Prometheus, all our alerting was on Datadog."
BOTH = "Both are true, we used Prometheus and Datadog everywhere, it doesn't really matter which."


def flagged(number: int, notes: list[FlagNote], answers: list[AnswerScore]) -> QuestionEntry:
    return QuestionEntry.model_construct(
        number=number,
        kind="scenario",
        scored_kind=True,
        flags=notes,
        answer=answers[0],
        follow_ups=[
            FollowUpEntry(text="Were those different situations?", answer=a) for a in answers[1:]
        ],
    )


def answer(text: str, flags: list[str]) -> AnswerScore:
    return AnswerScore(
        turn_id=text[:8], text=text, value=3.0, relevance=0.5, reason=None, scorer="x", flags=flags
    )


def test_a_contradiction_found_again_from_later_answers_is_listed_once() -> None:
    """The bluffer (P5, seed 1) repeats "We never ran Prometheus" in every answer: the
    reviewer's flags listed the same two statements seven times, three of them in Q4
    ("in the answer to 'proj.knowing-it-was-healthy'", "… 'proj.scale-and-ownership'", "… an
    earlier answer to this question")."""
    said = [answer(BOTH, ["contradiction"])]
    q4 = flagged(
        4,
        [
            FlagNote(flag="contradiction", detail=f"used and never used ({where})", quotes=pair)
            for where, pair in [("Q2", [BOTH, NEVER]), ("Q3", [BOTH, NEVER])]
        ],
        said,
    )
    q5 = flagged(
        5,
        [FlagNote(flag="contradiction", detail="used and never used", quotes=[NEVER, BOTH])],
        said,
    )

    listed = reviewer_flags([q4, q5])

    assert [(f.question_number, f.detail) for f in listed] == [(4, "used and never used (Q2)")]


def test_communication_counts_answers_and_the_flags_each_answer_raised() -> None:
    """The bluffer's report read "7 answers, …; 5 answers flagged off topic" while 4 main
    answers and one follow-up answer were flagged: the count was of questions, and the
    follow-up answers were not among the 7."""
    q2 = flagged(2, [], [answer("Easy: we automated all of it.", ["off_topic"])])
    q4 = flagged(4, [], [answer("I'd gate at admission.", []), answer(BOTH, ["off_topic"])])

    assert communication([q2, q4], 0.44) == (
        "3 answers, median length 6 words; mean relevance to the questions asked 0.44 (0-1); "
        "2 answers flagged off topic."
    )


def test_two_lists_of_names_with_commas_read_as_two_sentences() -> None:
    level = LevelVerdict(
        level=None,
        name="below Experienced SRE",
        target="expert",
        target_name="Expert SRE",
        meets_target=False,
        threshold=3.0,
        evidenced=[],
        missing=["org_knowledge", "communication", "tools_sdlc", "strategic_thinking"],
        missing_names=[
            "Organizational Knowledge",
            "Communication, Collaboration & Negotiation",
            "Tools & Technology across the SDLC",
            "Engage Thinking at Strategic Levels",
        ],
        not_assessed=["tools_sdlc", "strategic_thinking"],
        notes=[],
    )

    assert missing_text(level) == (
        "not evidenced: Organizational Knowledge; Communication, Collaboration & Negotiation. "
        "Not asked: Tools & Technology across the SDLC, Engage Thinking at Strategic Levels"
    )  # it read "...; Communication, Collaboration & Negotiation; not asked: Tools ..."


def test_communication_counts_the_answers_that_said_they_do_not_know() -> None:
    """The terse candidate (P5, seed 1) answered "Not sure." and the section read "no answer
    was flagged off topic, evasive or too short"."""
    q2 = flagged(2, [], [answer("Not sure.", ["dont_know"]), answer("Disk graphs.", [])])

    assert communication([q2], 0.28).endswith("; 1 answer saying they don't know.")


def test_a_level_short_only_of_questions_not_asked_is_not_called_below_the_target() -> None:
    """The 20-minute strong P5 interview (seed 1) read "Level evidenced: Experienced SRE,
    below the target Expert SRE" although every competency it was short of was never asked
    (the recommendation said "could not be fully assessed")."""
    unasked = LevelVerdict(
        level="experienced",
        name="Experienced SRE",
        target="expert",
        target_name="Expert SRE",
        meets_target=False,
        threshold=3.0,
        evidenced=[],
        missing=["automation"],
        missing_names=["Automation"],
        not_assessed=["automation"],
        notes=[],
    )

    assert gaps([], [], unasked)[-1] == (
        "Level evidenced: Experienced SRE; Expert SRE could not be fully assessed"
    )
    asked = unasked.model_copy(update={"not_assessed": []})
    assert (
        gaps([], [], asked)[-1] == "Level evidenced: Experienced SRE, below the target Expert SRE"
    )


def test_only_a_contradiction_sets_its_quotes_against_each_other() -> None:
    """The reciter's evasive flag read "A good answer here has a few parts." vs "I'd make sure
    to cover naming the user-facing signals…" vs …, as if it contradicted itself."""
    said = [
        "A good answer here has a few parts.",
        "I'd make sure to cover naming the user-facing signals.",
        "I'd walk through how the problem was detected.",
        "I'd talk about how I narrowed the cause down.",
        "A good answer would include the lasting change.",
    ]

    assert flag_line(
        "Evasive answer", 2, said, "Says what a good answer would contain", "evasive"
    ) == (
        'Q2 Evasive answer: "A good answer here has a few parts.", "I\'d make sure to cover naming '
        'the user-facing signals.", "I\'d walk through how the problem was detected." and 2 more'
        " - Says what a good answer would contain"
    )
    assert flag_line("Contradiction", 4, [BOTH, NEVER], "never used", "contradiction") == (
        f'Q4 Contradiction: "{BOTH}" vs "{NEVER}" - never used'
    )


def test_communication_says_how_many_answers_the_relevance_is_over() -> None:
    """A P5 report read "Average Relevance Score: 0.672 (over 13 answers)" at the top and
    "14 answers, … mean relevance to the questions asked 0.67" below: the candidate's own
    questions have no relevance, so the mean is over 13 of the 14."""
    asked = answer("How big is the on-call rotation?", []).model_copy(update={"relevance": None})
    q2 = flagged(2, [], [answer("We rolled back first.", [])])
    q9 = flagged(9, [], [asked])

    assert communication([q2, q9], 0.5) == (
        "2 answers, median length 5 words; mean relevance to the questions asked 0.50 "
        '(0-1, over 1 of them); no answer was flagged off topic, evasive, too short or "don\'t know".'
    )
