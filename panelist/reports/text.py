"""The plain-text report in the layout of seed 001, section by section, with its flaws fixed."""

from __future__ import annotations

from panelist.reports import formatting as fmt
from panelist.reports.models import QuestionEntry, Report


def _section(title: str) -> list[str]:
    return ["", fmt.RULE, title, fmt.RULE]


def _bullets(items: list[str]) -> list[str]:
    return [f"*   {item}" for item in items]


def _header(report: Report) -> list[str]:
    lines = ["Interview Transcript", fmt.RULE]
    lines += [f"{label}: {value}" for label, value in fmt.header_lines(report)]
    return [*lines, fmt.RULE, ""]


def _transcript(report: Report) -> list[str]:
    lines: list[str] = []
    for line in report.transcript:
        who = "AI Recruiter" if line.speaker == "interviewer" else "Candidate"
        lines += [f"{who}: {line.text}", ""]
    return lines


def _question(q: QuestionEntry) -> list[str]:
    lines = [
        f"Q{q.number} [{fmt.kind(q)}] (Relevance: {fmt.relevance(q.answer)})",
        f"Question: {q.text}",
        "",
        f"Answer: {q.answer.text if q.answer else '(no answer)'}",
    ]
    for i, follow in enumerate(q.follow_ups, start=1):
        lines += [
            "",
            f"  Follow-up Q{q.number}.{i} (Relevance: {fmt.relevance(follow.answer)})",
            f"  Question: {follow.text}",
            f"  Answer: {follow.answer.text if follow.answer else '(no answer)'}",
        ]
    return [*lines, "", fmt.THIN, ""]


def _evaluation(report: Report) -> list[str]:
    lines = ["Evaluation:"]
    for q in report.questions:
        title = f" - {q.topic}" if q.topic else ""
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
        "### Candidate Overall Suitability",
        "",
        hr.overall_suitability,
        "",
        "### Key Strengths",
        "",
        *_bullets(hr.key_strengths),
        "",
        "### Areas for Development & Critical Gaps",
        "",
        *_bullets(hr.areas_for_development),
        "",
        "### Technical Skills Demonstrated",
        "",
        *_bullets(hr.technical_skills),
        "",
        "### Communication Effectiveness",
        "",
        hr.communication,
        "",
        "### Overall Recommendation",
        "",
        hr.overall_recommendation,
    ]


def _level(report: Report) -> list[str]:
    v = report.level_verdict
    meets = "meets" if v.meets_target else "does not meet"
    lines = [
        f"Verdict: {v.name} ({meets} the target {v.target_name})",
        *[f"  {note}" for note in v.notes],
    ]
    if v.missing:
        lines.append(f"Missing for {v.target_name}: {', '.join(v.missing)}")
    if v.not_assessed:
        lines.append(f"  of which not asked in this interview: {', '.join(v.not_assessed)}")
    lines += [
        "",
        "Competency coverage:",
        f"  {'Competency':<44} {'Required':<9} {'Mean':<6} Status",
    ]
    for row in report.competencies:
        questions = f" (Q{', Q'.join(map(str, row.questions))})" if row.questions else ""
        lines.append(
            f"  {row.name[:44]:<44} {'yes' if row.required else 'no':<9} "
            f"{fmt.mean(row.mean_score):<6} {row.status}{questions}"
        )
    return lines


def _recommendation(report: Report) -> list[str]:
    lines = [report.hr.overall_recommendation, "", "Reasons:"]
    lines += [f"- {reason}" for reason in report.recommendation_reasons]
    if report.overrides:
        lines += ["", "Score overrides:"]
        for o in report.overrides:
            old = "not scored" if o.old_score is None else f"{o.old_score:g}"
            lines.append(
                f"- Q{o.question_number}: {old} -> {o.new_score:g}, {o.reason} ({o.by or 'unknown'})"
            )
    lines += ["", f"Sign-off: {fmt.sign_off(report)}"]
    if report.llm_usage is not None:
        lines.append(f"LLM usage: {fmt.llm_usage(report.llm_usage)}")
    return lines


def render_text(report: Report) -> str:
    lines = _header(report) + _transcript(report)
    lines += [*_section("TECHNICAL QUESTIONS AND ANSWERS"), ""]
    for q in report.questions:
        lines += _question(q)
    lines += _section("EVALUATION REPORT") + _evaluation(report)
    lines += _section("HR REPORT") + _hr(report)
    lines += _section("LEVEL ASSESSMENT") + _level(report)
    lines += _section("RECOMMENDATION (FULL)") + _recommendation(report)
    return "\n".join(lines).rstrip() + "\n"
