"""The plain-text report: the one-page scorecard first, then the evaluation per question, the
HR report, and the questions and answers with the whole transcript last."""

from __future__ import annotations

from panelist.reports import formatting as fmt
from panelist.reports.models import QuestionEntry, Report


def _section(title: str) -> list[str]:
    return ["", fmt.RULE, title, fmt.RULE]


def _bullets(items: list[str]) -> list[str]:
    return [f"*   {item}" for item in items]


def _header(report: Report) -> list[str]:
    lines = [f"Interview scorecard: {report.candidate_name}", fmt.RULE]
    lines += [f"{label}: {value}" for label, value in fmt.header_lines(report)]
    return [*lines, fmt.RULE]


def scorecard(report: Report) -> list[str]:
    """Recommendation, level, competencies with evidence, flags, candidate's questions."""
    lines = ["", f"Recommendation: {report.recommendation_label}"]
    lines += [f"  - {reason}" for reason in report.recommendation_reasons]
    lines += ["", f"Level verdict: {fmt.verdict(report)}"]
    lines += ["", "Competencies:"]
    for row in report.competencies:
        required = " [required]" if row.required else ""
        lines.append(f"  {row.name}{required}: {fmt.competency_score(row)}")
        if row.strongest is not None:
            lines.append(f"      strongest: {fmt.evidence(row.strongest)}")
        if row.weakest is not None:
            lines.append(f"      weakest:   {fmt.evidence(row.weakest)}")
    lines += ["", "Flags for the reviewer:"]
    lines += [
        f"  - {fmt.flag_line(f.label, f.question_number, f.quotes, f.detail, f.flag)}"
        for f in report.reviewer_flags
    ] or ["  none"]
    lines += ["", "Questions the candidate asked:"]
    lines += [f"  - {q.text}  {fmt.asked_note(q)}" for q in report.candidate_questions] or [
        "  none"
    ]
    lines += ["", f"Sign-off: {fmt.sign_off(report)}"]
    lines += [f"  Reopened: {r}" for r in fmt.reopenings(report)]
    if report.reviewer_scorecards:
        lines.append("Reviewers' scorecards:")
        lines += [f"  - {card}" for card in fmt.reviewer_cards(report)]
    if report.overrides:
        lines.append("Score overrides:")
        for o in report.overrides:
            old = "not scored" if o.old_score is None else f"{o.old_score:g}"
            lines.append(
                f"  - Q{o.question_number}: {old} -> {o.new_score:g}, {o.reason} "
                f"({o.by or 'unknown'})"
            )
    return lines


def _evaluation(report: Report) -> list[str]:
    lines: list[str] = []
    for q in report.questions:
        title = f" - {q.topic}" if q.topic else ""  # the catalog id is the JSON's, not a reader's
        lines += [
            f"Q{q.number} [{fmt.kind(q)}]{title}",
            f"   Score: {fmt.score(q)}",
            f"   Justification: {q.justification}",
        ]
        if q.scored_by and q.computed_score is not None:
            lines.append(f"   Scored by: {', '.join(q.scored_by)}")
        lines += [f"   Scoring note: {note}" for note in q.scoring_notes]
        lines.append("")
    return lines


def _hr(report: Report) -> list[str]:
    hr = report.hr
    return [
        "Candidate Overall Suitability:",
        hr.overall_suitability,
        "",
        "Key Strengths:",
        *_bullets(hr.key_strengths),
        "",
        "Areas for Development & Critical Gaps:",
        *_bullets(hr.areas_for_development),
        "",
        "Technical Skills Demonstrated:",
        *_bullets(hr.technical_skills),
        "",
        "Communication Effectiveness:",
        hr.communication,
    ]


def _question(q: QuestionEntry) -> list[str]:
    lines = [
        f"Q{q.number} [{fmt.kind(q)}] (Relevance: {fmt.relevance(q.answer)})",
        f"Question{q.version_label}: {q.text}",
        f"Answer: {fmt.answer_text(q.answer)}",
    ]
    for i, follow in enumerate(q.follow_ups, start=1):
        lines += [
            f"  Follow-up Q{q.number}.{i} (Relevance: {fmt.relevance(follow.answer)})",
            f"  Question: {follow.text}",
            f"  Answer: {fmt.answer_text(follow.answer)}",
        ]
    lines += [f"  {fmt.added_label(added)}: {added.text}" for added in q.added_later]
    return [*lines, ""]


def _transcript(report: Report) -> list[str]:
    lines: list[str] = []
    for line in report.transcript:
        lines += [f"{fmt.speaker(report, line)}: {fmt.line_text(line)}", ""]
    return lines


def render_text(report: Report) -> str:
    lines = _header(report) + scorecard(report)
    lines += _section("EVALUATION PER QUESTION") + _evaluation(report)
    lines += _section("HR REPORT") + _hr(report)
    lines += [*_section("QUESTIONS AND ANSWERS"), ""]
    for q in report.questions:
        lines += _question(q)
    lines += [*_section("TRANSCRIPT"), "", *_transcript(report)]
    footer = f"Generated {report.generated_at:%Y-%m-%d %H:%M UTC} by panelist"
    if report.llm_usage is not None:
        footer += f"; LLM usage: {fmt.llm_usage(report.llm_usage)}"
    lines += [fmt.RULE, footer + ". A person, not the AI, makes the hiring decision."]
    return "\n".join(lines).rstrip() + "\n"
