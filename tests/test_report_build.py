"""build_report: real questions only, quoted justifications, honest averages, verdict, decision."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_report_support import scored_answers, simulated_states, unscore

from panelist.catalog.loader import Catalog, load_catalog
from panelist.errors import ReportError
from panelist.interview.state import InterviewState, Speaker, TurnRole
from panelist.interview.utterances import Intent
from panelist.reports import Override, SignOff, build_report, render
from panelist.reports.models import DECISION_NAMES, QuestionEntry


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, InterviewState]:
    runs = [("strong", 1), ("weak", 1), ("bluffer", 1), ("injector", 1), ("exceptional", 2)]
    return simulated_states(tmp_path_factory.mktemp("data"), runs)


def answers_of(q: QuestionEntry) -> list[str]:
    return [a.text for a in [q.answer, *(f.answer for f in q.follow_ups)] if a is not None]


def test_only_real_questions_are_listed(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    state = states["strong:1"]
    report = build_report(state, catalog)
    asked = [t.text for t in state.turns if t.role is TurnRole.QUESTION]
    acknowledgements = [t.text for t in state.turns if t.role is TurnRole.ACKNOWLEDGEMENT]
    assert [q.text for q in report.questions] == asked
    assert acknowledgements and not set(acknowledgements) & {q.text for q in report.questions}
    follow_ups = [t.text for t in state.turns if t.role is TurnRole.FOLLOW_UP]
    assert [f.text for q in report.questions for f in q.follow_ups] == follow_ups


def test_every_justification_quotes_the_candidates_own_words(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    report = build_report(states["exceptional:2"], catalog)
    scored = [q for q in report.questions if q.score is not None]
    assert scored
    for q in scored:
        assert q.credited, q.number
        for credit in q.credited:
            assert credit.quotes
            for quote in credit.quotes:
                assert f'"{quote}"' in q.justification or quote != credit.quotes[0]
                assert any(quote.strip("…") in text for text in answers_of(q))


def test_relevance_is_shown_for_every_scored_kind_including_projects(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    report = build_report(states["strong:1"], catalog)
    projects = [q for q in report.questions if q.kind == "project"]
    assert projects
    for q in report.questions:
        if q.scored_kind:
            assert q.answer is not None and q.answer.relevance is not None
    assert all(q.answer and (q.answer.relevance or 0) > 0 for q in projects)


def test_an_unscored_answer_says_why_and_is_left_out_of_the_averages(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    state = states["strong:1"]
    before = build_report(state, catalog)
    first_main = next(
        i
        for i in scored_answers(state)
        if state.turns[i - 1].role is TurnRole.QUESTION and state.turns[i - 1].kind is not None
    )
    # Unscore the main answer and every follow-up answer of that question.
    question_id = state.turns[first_main].question_id
    broken = state
    for i in scored_answers(state):
        if state.turns[i].question_id == question_id:
            broken = unscore(broken, i, "the LLM judge timed out")
    after = build_report(broken, catalog)
    entry = next(q for q in after.questions if q.question_id == question_id)
    assert entry.score is None
    assert entry.not_scored_reason == "the LLM judge timed out"
    assert "not scored (the LLM judge timed out)" in str(render(after, "txt"))
    assert after.scored_count == before.scored_count - 1
    others = [q.score for q in after.questions if q.score is not None]
    assert after.average_score == pytest.approx(sum(others) / len(others), abs=1e-3)
    assert f"{after.scored_count} of {after.scorable_count} questions scored" in str(
        render(after, "txt")
    )


def test_contradictions_go_to_the_reviewer_with_both_quotes_and_claims_under_gaps(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    report = build_report(states["bluffer:1"], catalog)
    areas = report.hr.areas_for_development
    assert not [a for a in areas if a.startswith("Contradiction")]  # a question, not a gap
    contradictions = [f for f in report.reviewer_flags if f.flag == "contradiction"]
    assert contradictions and all(len(f.quotes) == 2 for f in contradictions)
    assert " vs " in str(render(report, "txt")).split("Flags for the reviewer:")[1]
    assert any(a.startswith("Unsupported claim") and '"' in a for a in areas)
    assert report.recommendation in ("lean_no", "no")


def test_a_weak_report_reads_weak_and_a_strong_one_strong(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    weak = build_report(states["weak:1"], catalog)
    strong = build_report(states["strong:1"], catalog)
    assert weak.overall_score is not None and strong.overall_score is not None
    assert weak.overall_score < strong.overall_score
    assert weak.recommendation in ("lean_no", "no")
    assert strong.recommendation in ("hire", "strong_hire")
    assert len(weak.hr.key_strengths) < len(strong.hr.key_strengths)
    assert weak.rubric_coverage is not None and weak.rubric_coverage < 0.5
    assert any("rubric points" in r for r in weak.recommendation_reasons)


def test_prompt_injection_means_no_with_the_reason(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    report = build_report(states["injector:1"], catalog)
    assert report.recommendation == "no"
    assert any("prompt injection" in r for r in report.recommendation_reasons)


def test_the_level_verdict_follows_the_level_rules_data(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    state = states["strong:1"]
    report = build_report(state, catalog)
    assert report.level_verdict.level == "experienced"
    assert report.level_verdict.meets_target
    evidenced_core = [
        c.id for c in report.competencies if c.status == "evidenced" and c.group == "core"
    ]
    assert len(evidenced_core) >= 5
    stricter = catalog.level_rules["experienced"].model_copy(
        update={"min_core": len(evidenced_core) + 1}
    )
    harder = Catalog(
        competencies=catalog.competencies,
        level_rules={**catalog.level_rules, "experienced": stricter},
        roles=catalog.roles,
        questions=catalog.questions,
    )
    below = build_report(state, harder)
    assert below.level_verdict.level is None
    assert below.level_verdict.name == "below Experienced SRE"
    assert not below.level_verdict.meets_target
    assert below.recommendation != "strong_hire"
    assert any("below the target" in r or "not be fully" in r for r in below.recommendation_reasons)


def test_coverage_lists_the_questions_that_evidence_each_competency(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    report = build_report(states["strong:1"], catalog)
    by_number = {q.number: q for q in report.questions}
    for row in report.competencies:
        for number in row.questions:
            assert row.id in by_number[number].competencies
        if row.status == "not assessed":
            assert row.questions == [] and row.mean_score is None


def test_overrides_replace_the_score_and_are_shown_with_who_and_why(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    state = states["weak:1"]
    plain = build_report(state, catalog)
    target = next(q for q in plain.questions if q.score is not None)
    assert target.question_id is not None
    report = build_report(
        state,
        catalog,
        overrides=[
            Override(question_id=target.question_id, new_score=2.0, reason="first pass", by="a@x"),
            Override(
                question_id=target.question_id,
                new_score=5.0,
                reason="the PromQL was right, the scorer missed it",
                by="rita@example.com",
            ),
        ],
    )
    entry = next(q for q in report.questions if q.number == target.number)
    assert entry.score == 5.0 and entry.computed_score == target.score
    assert [o.new_score for o in report.overrides] == [5.0]
    text = str(render(report, "txt"))
    assert "the PromQL was right, the scorer missed it (rita@example.com)" in text
    assert report.average_score is not None and plain.average_score is not None
    assert report.average_score > plain.average_score
    with pytest.raises(ReportError, match="did not ask"):
        build_report(
            state, catalog, overrides=[Override(question_id="nope", new_score=3, reason="x")]
        )


def test_sign_off_is_pending_until_a_person_signs(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    state = states["strong:1"]
    pending = build_report(state, catalog)
    assert pending.sign_off.status == "pending sign-off"
    assert "Sign-off: pending sign-off" in str(render(pending, "txt"))
    assert pending.recommendation is not None
    signed = build_report(
        state,
        catalog,
        sign_off=SignOff(
            decision="no", by="hm@example.com", at=datetime(2026, 11, 23, 12, tzinfo=UTC)
        ),
    )
    assert signed.sign_off.status == "signed"
    assert signed.sign_off.agrees_with_recommendation is False
    text = str(render(signed, "txt"))
    recommended = DECISION_NAMES[str(pending.recommendation)]
    assert (
        f"Sign-off: No, signed by hm@example.com on 2026-11-23 12:00 UTC (the recommendation "
        f"was {recommended})" in text
    )
    assert "lean_no" not in text and "strong_hire" not in text  # never the raw codes


def test_candidate_turns_are_all_in_the_transcript(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    state = states["strong:1"]
    report = build_report(state, catalog)
    assert report.total_turns == len(state.turns)
    said = [t.text for t in state.turns if t.speaker is Speaker.CANDIDATE]
    assert [line.text for line in report.transcript if line.speaker == "candidate"] == said


def test_a_request_to_repeat_is_not_taken_for_the_answer(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    state = states["strong:1"].model_copy(deep=True)
    index = next(
        i
        for i, t in enumerate(state.turns)
        if t.role is TurnRole.QUESTION and t.kind == "technical"
    )
    question = state.turns[index]
    ask_again = question.model_copy(update={"id": "again", "role": TurnRole.REPEAT})
    request = state.turns[index + 1].model_copy(
        update={
            "id": "rq",
            "text": "Sorry, could you repeat that?",
            "score": None,
            "intent": Intent.REPEAT,
            "counted": False,
        }
    )
    state.turns[index + 1 : index + 1] = [request, ask_again]
    entry = next(q for q in build_report(state, catalog).questions if q.text == question.text)
    assert entry.answer is not None and entry.answer.text != request.text
    assert entry.score is not None


def test_an_interview_with_no_answers_has_no_numbers_and_insufficient_evidence(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    fresh = states["strong:1"].model_copy(update={"turns": []})
    report = build_report(fresh, catalog)
    assert report.overall_score is None and report.average_score is None
    assert report.recommendation == "insufficient_evidence"
    assert report.recommendation_reasons[0].startswith("Only 0 questions were scored")
    assert report.level_verdict.name == "below Experienced SRE"
    text = str(render(report, "txt"))
    assert "Average Evaluation Score: n/a (0 of 0 questions scored)" in text
    for fmt in ("md", "html", "json", "pdf"):
        assert render(report, fmt)


def test_quoted_evidence_keeps_whole_words_and_the_credited_span() -> None:
    from panelist.reports.evidence import quote_around
    from panelist.scoring.types import Evidence

    answer = (
        "We shipped Fluent Bit into Prometheus via recording rules and about two minutes of "
        "extra delay, "
        * 3
        + "then the SLO burn-rate alert paged the on-call engineer within five minutes of the "
        "first errors, " * 3
    )
    start = answer.index("burn-rate alert")
    span = Evidence(text="burn-rate alert", start=start, end=start + len("burn-rate alert"))
    quote = quote_around(answer, span)
    assert "burn-rate alert" in quote
    inner = quote.strip("…")
    assert answer.find(inner) != -1
    before, after = answer.find(inner) - 1, answer.find(inner) + len(inner)
    assert answer[before] == " " and (after == len(answer) or answer[after] in " ,")


def test_a_sentence_quoted_as_evidence_is_not_run_into_the_next_one() -> None:
    """The report read "…which was nice. In the first hour I was incident commander: we
    shifted traffic to…" for the detection point, whose evidence was the first sentence."""
    from panelist.reports.evidence import quote_around
    from panelist.scoring.types import Evidence

    first = "We found out from the p99 latency burn-rate alert, not from customers."
    answer = f"{first} In the first hour I was incident commander: we shifted traffic away."
    assert quote_around(answer, Evidence(first, 0, len(first))) == first
    clause = "we shifted traffic away"
    start = answer.index(clause)
    assert quote_around(answer, Evidence(clause, start, start + len(clause))) == (
        "In the first hour I was incident commander: we shifted traffic away."
    )


def test_a_contradiction_alone_never_caps_the_recommendation(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    from panelist.reports.models import FlagNote
    from panelist.reports.recommendation import recommend

    report = build_report(states["exceptional:2"], catalog)
    flagged = [
        q.model_copy(
            update={
                "flags": [
                    *q.flags,
                    FlagNote(flag="contradiction", detail="5 vs 300", quotes=["5m", "300 ms"]),
                ]
            }
        )
        if q.scored_kind
        else q
        for q in report.questions
    ]
    planned = sum(1 for q in report.questions if q.scored_kind)
    # a score and coverage high enough for a strong hire, whatever this simulated run scored
    overall = max(report.overall_score or 0.0, 4.6)
    coverage = max(report.rubric_coverage or 0.0, 0.9)
    args = (overall, report.scored_count, coverage, report.level_verdict)
    clean, _ = recommend(*args, report.questions, planned=planned)
    decision, reasons = recommend(*args, flagged, planned=planned)
    assert clean == "strong_hire"  # the old rule capped this at hire
    assert decision == clean
    assert any("shown to the reviewer with both quotes" in r for r in reasons)


def test_below_the_minimum_of_scored_evidence_the_recommendation_is_insufficient(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    from panelist.reports.recommendation import MIN_SCORED_QUESTIONS, insufficient

    assert insufficient(MIN_SCORED_QUESTIONS - 1, 0) is not None
    assert insufficient(3, 8) is not None  # under half of the planned scored questions
    assert insufficient(4, 8) is None
    state = states["strong:1"]
    first_scored = next(
        i for i, t in enumerate(state.turns) if t.score and t.score.get("value") is not None
    )
    cut = state.model_copy(update={"turns": state.turns[: first_scored + 1]})
    report = build_report(cut, catalog)
    assert report.scored_count == 1
    assert report.recommendation == "insufficient_evidence"
    assert report.recommendation_label.startswith("Insufficient evidence")


def test_every_question_the_candidate_asked_is_listed_for_the_recruiter(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    from panelist.interview.state import CandidateQuestion

    asked = [
        CandidateQuestion(turn_id="t1", text="How big is the on-call rotation?", answered=True),
        CandidateQuestion(turn_id="t2", text="Is there a relocation budget?", answered=False),
    ]
    state = states["strong:1"].model_copy(update={"candidate_questions": asked})
    report = build_report(state, catalog)
    assert [q.text for q in report.candidate_questions] == [q.text for q in asked]
    for fmt in ("txt", "md", "html"):
        text = str(render(report, fmt))
        assert "How big is the on-call rotation?" in text, fmt
        assert "Is there a relocation budget?" in text and (
            "not answered in the interview: for the recruiter to follow up" in text
        ), fmt  # it read "(not answered: follow up)"


def test_a_dont_know_flag_reads_as_words_not_an_identifier(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    reports = [build_report(state, catalog) for state in states.values()]
    flagged = [f for r in reports for f in r.reviewer_flags if f.flag == "dont_know"]
    assert flagged, "no simulated run said it did not know"
    assert {f.label for f in flagged} == {"Said they don't know"}  # it read "Dont know"
    gaps = [g for r in reports for g in r.hr.areas_for_development]
    assert not [g for g in gaps if "know" in g.split(":")[0]]  # the question's score says it


def test_counts_are_said_with_their_plural_not_with_s_in_brackets(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    reports = [build_report(state, catalog) for state in states.values()]
    said = [r.hr.communication for r in reports]
    said += [reason for r in reports for reason in r.recommendation_reasons]
    assert not [s for s in said if "(s)" in s]  # "over 5 scored question(s)", "1 answer(s)"
    assert any(" scored questions: " in s for s in said)


def test_every_credited_quote_is_at_its_offsets_in_the_answer(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    state = states["strong:1"]
    texts = {t.id: t.text for t in state.turns}
    credits = [c for q in build_report(state, catalog).questions for c in q.credited]
    assert credits
    for credit in credits:
        assert len(credit.spans) == len(credit.quotes)
        for quote, where in zip(credit.quotes, credit.spans, strict=True):
            assert texts[where.turn_id][where.start : where.end] == quote.strip("…")


def test_what_the_interview_answered_is_shown_so_the_recruiter_can_judge_it(
    states: dict[str, InterviewState], catalog: Catalog
) -> None:
    """The weak P3 candidate (seed 2) asked "how many pages a week, and how is the rotation
    staffed?" and was told "Yes: the role profile says the role is to own on-call…"; the
    report listed the question with nothing after it, as if it had been answered."""
    from panelist.interview.state import CandidateQuestion

    told = "Yes: the role profile says the role is to own on-call for the team's services."
    asked = [
        CandidateQuestion(turn_id="t1", text="How many pages a week?", answered=True, answer=told),
    ]
    report = build_report(
        states["strong:1"].model_copy(update={"candidate_questions": asked}), catalog
    )
    text = str(render(report, "txt"))
    assert f'  - How many pages a week?  (answered from the role profile: "{told}")' in text
    for fmt in ("md", "html"):
        assert "answered from the role profile" in str(render(report, fmt)), fmt
