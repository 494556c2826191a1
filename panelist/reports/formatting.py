"""Small formatters shared by every rendering, so all formats say the same thing."""

from __future__ import annotations

from panelist.reports.models import AnswerScore, LLMUsage, QuestionEntry, Report

RULE = "=" * 60
THIN = "-" * 40


def relevance(answer: AnswerScore | None) -> str:
    if answer is None:
        return "n/a - not answered"
    if answer.relevance is None:
        return f"n/a - {answer.reason or 'not scored'}"
    return f"{answer.relevance:.3f}"


def score(question: QuestionEntry) -> str:
    if question.score is None:
        return f"not scored ({question.not_scored_reason or 'no score'})"
    text = f"{question.score:.1f}/5"
    if question.override is not None:
        old = question.override.old_score
        text += f" (overridden; computed {'not scored' if old is None else f'{old:.1f}/5'})"
    return text


def kind(question: QuestionEntry) -> str:
    return question.kind.upper()


def average_relevance(report: Report) -> str:
    if report.average_relevance is None:
        return "n/a (no answer had a relevance score)"
    return f"{report.average_relevance:.3f} (over {report.relevance_count} answers)"


def average_score(report: Report) -> str:
    counted = f"{report.scored_count} of {report.scorable_count} questions scored"
    if report.average_score is None:
        return f"n/a ({counted})"
    return f"{report.average_score:.2f}/5 ({counted})"


def mean(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def llm_usage(usage: LLMUsage) -> str:
    return (
        f"{usage.calls} call(s), {usage.input_tokens:,} input and {usage.output_tokens:,} "
        f"output tokens, ${usage.cost_usd:.4f}"
    )


def sign_off(report: Report) -> str:
    s = report.sign_off
    if s.status != "signed" or s.decision is None:
        return "pending sign-off"
    when = s.at.strftime("%Y-%m-%d %H:%M UTC") if s.at else "unknown time"
    text = f"signed by {s.by} on {when}: {s.decision}"
    if s.agrees_with_recommendation is False:
        text += f" (differs from the recommendation {report.recommendation})"
    return text + (f" - {s.note}" if s.note else "")


def header_lines(report: Report) -> list[tuple[str, str]]:
    lines = [("Candidate", report.candidate_name)]
    if report.quality_profile:
        lines.append(("Quality Profile", report.quality_profile))
    lines += [
        ("Position", report.position),
        ("Level", f"{report.level} ({report.level_name})"),
        ("Total Turns", str(report.total_turns)),
        ("Average Relevance Score", average_relevance(report)),
        ("Average Evaluation Score", average_score(report)),
    ]
    return lines
