"""Small formatters shared by every rendering, so all formats say the same thing."""

from __future__ import annotations

import re
import unicodedata

from panelist.reports.models import (
    DECISION_LABELS,
    DECISION_NAMES,
    AddedLater,
    AnswerScore,
    CandidateQuestionNote,
    CompetencyCoverage,
    EvidenceQuote,
    LevelVerdict,
    LLMUsage,
    QuestionEntry,
    Report,
    TranscriptLine,
)
from panelist.wording import counted

RULE = "=" * 60
THIN = "-" * 40


def as_computed(value: float) -> str:
    """``2.98``, ``4.1``, ``4.0``: a score as computed, two decimals at most."""
    text = f"{value:.2f}".rstrip("0")
    return f"{text}0" if text.endswith(".") else text


def out_of_five(value: float) -> str:
    """``2.98/5``, ``4.1/5``, ``4.0/5``: the score as computed (two decimals at most), so a
    score never reads as a bar it did not reach (2.98 read "3.0/5 (not evidenced)" at a
    threshold of 3) and the question scores add up to the overall score."""
    return f"{as_computed(value)}/5"


def relevance(answer: AnswerScore | None) -> str:
    if answer is None:
        return "n/a - not answered"
    if answer.relevance is None:
        return f"n/a - {answer.reason or 'not scored'}"
    return f"{answer.relevance:.3f}"


def score(question: QuestionEntry) -> str:
    if question.score is None:
        return f"not scored ({question.not_scored_reason or 'no score'})"
    text = out_of_five(question.score)
    if question.override is not None:
        old = question.override.old_score
        text += f" (overridden; computed {'not scored' if old is None else out_of_five(old)})"
    return text


def kind(question: QuestionEntry) -> str:
    return question.kind.upper()


def average_relevance(report: Report) -> str:
    if report.average_relevance is None:
        return "n/a (no answer had a relevance score)"
    return f"{report.average_relevance:.3f} (over {report.relevance_count} answers)"


def average_score(report: Report) -> str:
    scored = f"{report.scored_count} of {report.scorable_count} questions scored"
    if report.average_score is None:
        return f"n/a ({scored})"
    return f"{report.average_score:.2f}/5 ({scored})"


def mean(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def llm_usage(usage: LLMUsage) -> str:
    return (
        f"{counted(usage.calls, 'call')}, {usage.input_tokens:,} input and {usage.output_tokens:,} "
        f"output tokens, ${usage.cost_usd:.4f}"
    )


def decision_name(code: str | None) -> str:
    """``lean_no`` -> ``Lean no``: people never read the codes."""
    return DECISION_NAMES.get(code or "", "none") if code else "none"


def decision_label(code: str | None) -> str:
    return DECISION_LABELS.get(code or "", "No recommendation") if code else "No recommendation"


def when(report: Report) -> str:
    at = report.started_at
    return at.strftime("%Y-%m-%d %H:%M UTC") if at else "not started"


def duration(report: Report) -> str:
    if report.duration_minutes is None:
        return "-"
    if report.duration_minutes < 1:
        return "under 1 min"
    return f"{report.duration_minutes:.0f} min"


def name_list(names: list[str]) -> str:
    """Names joined for a sentence; by semicolons when a name has its own comma, so
    "Organizational Knowledge; Communication, Collaboration & Negotiation" reads as two."""
    return ("; " if any("," in n for n in names) else ", ").join(names)


def missing_text(verdict: LevelVerdict) -> str:
    """``not evidenced: A, B; not asked: C``: what the target is short of, by name; when a
    list is itself joined by semicolons ("A; Communication, Collaboration & Negotiation") the
    two lists are two sentences, so neither reads as part of the other."""
    names = dict(zip(verdict.missing, verdict.missing_names or verdict.missing, strict=False))
    asked = [names[c] for c in verdict.missing if c not in verdict.not_assessed]
    unasked = [names[c] for c in verdict.missing if c in verdict.not_assessed]
    parts = [f"not evidenced: {name_list(asked)}"] if asked else []
    parts += [f"not asked: {name_list(unasked)}"] if unasked else []
    if len(parts) == 2 and ";" in parts[0] + parts[1]:
        return f"{parts[0]}. N{parts[1][1:]}"
    return "; ".join(parts)


def level_words(v: LevelVerdict) -> str:
    """``Level evidenced: Experienced SRE``, or ``No level evidenced (below Experienced SRE)``
    (it read "Level evidenced: below Experienced SRE, below the target")."""
    return f"Level evidenced: {v.name}" if v.level else f"No level evidenced ({v.name})"


def below_target_words(v: LevelVerdict) -> str:
    """``Level evidenced: Engineer, below the target Experienced SRE``; with no level at all
    and the target the lowest, ``No level evidenced, below the target Experienced SRE`` (a
    hand run read "No level evidenced (below Experienced on the SRE ladder), below the target
    Experienced on the SRE ladder")."""
    if not v.level and v.name == f"below {v.target_name}":
        return f"No level evidenced, below the target {v.target_name}"
    return f"{level_words(v)}, below the target {v.target_name}"


def verdict(report: Report) -> str:
    return verdict_text(report.level_verdict)


def verdict_text(v: LevelVerdict) -> str:
    """``Experienced SRE (meets the target Experienced SRE)``, or what the target is short of:
    ``Experienced SRE (does not meet the target Expert SRE); not evidenced: A; not asked: B``."""
    if v.meets_target:
        return f"{v.name} (meets the target {v.target_name})"
    if v.rule_met:
        text = (
            f"{v.name} (the level rule of the target {v.target_name} is met, "
            "but not every competency the role requires)"
        )
    else:
        text = f"{v.name} (does not meet the target {v.target_name})"
    shortfall = missing_text(v)
    return f"{text}; {shortfall}" if shortfall else text


def sign_off(report: Report) -> str:
    s = report.sign_off
    if s.status != "signed" or s.decision is None:
        return "pending sign-off (a hiring manager signs the decision)"
    at = s.at.strftime("%Y-%m-%d %H:%M UTC") if s.at else "unknown time"
    text = f"{decision_name(s.decision)}, signed by {s.by} on {at}"
    if s.agrees_with_recommendation is False:
        text += f" (the recommendation was {decision_name(report.recommendation)})"
    return text + (f'. Note: "{s.note}"' if s.note else "")


def reopenings(report: Report) -> list[str]:
    return [
        f"{decision_name(r.decision)} signed by {r.signed_by} on {r.signed_at:%Y-%m-%d}, "
        f"reopened by {r.reopened_by} on {r.reopened_at:%Y-%m-%d %H:%M UTC}: {r.reason}"
        for r in report.reopenings
    ]


def reviewer_cards(report: Report) -> list[str]:
    return [
        f"{c.reviewer}: "
        + "; ".join(f"{name} {rating}/5" for name, rating in c.ratings.items())
        + f'. "{c.comment}"'
        for c in report.reviewer_scorecards
    ]


def added_label(added: AddedLater) -> str:
    """ "Added during Q4" (the question it was said during), else "Added later"."""
    return f"Added during Q{added.during}" if added.during is not None else "Added later"


def answer_text(answer: AnswerScore | None) -> str:
    if answer is None:
        return "(no answer)"
    if answer.skipped:
        return "(skipped)"
    return answer.text


def line_text(line: TranscriptLine) -> str:
    return "(skipped the question)" if line.skipped else line.text


def speaker(report: Report, line: TranscriptLine) -> str:
    return report.interviewer_name if line.speaker == "interviewer" else report.candidate_name


def competency_score(row: CompetencyCoverage) -> str:
    """The mean and status; where no credited point quotes evidence for the competency, what
    the status rests on: "3.42/5 (evidenced by the score of Q5; no key point for it credited)"."""
    if row.mean_score is None:
        return row.status
    if (
        row.status == "evidenced"
        and row.strongest is None
        and row.weakest is None
        and row.questions
    ):
        numbers = " and ".join(", ".join(f"Q{n}" for n in row.questions).rsplit(", ", 1))
        source = "scores" if len(row.questions) > 1 else "score"
        return (
            f"{out_of_five(row.mean_score)} ({row.status} by the {source} of {numbers}; "
            "no key point for it credited)"
        )
    return f"{out_of_five(row.mean_score)} ({row.status})"


# after a question the candidate asked that the interview did not answer
UNANSWERED = "(not answered in the interview: for the recruiter to follow up)"
MAX_ANSWER_SHOWN = 300  # a reply quotes one or two profile duties: shown whole


def asked_note(question: CandidateQuestionNote) -> str:
    """What the interview told the candidate, so the recruiter can judge whether it answered
    the question ("how many pages a week?" was answered "the role is to own on-call"), that
    it answered only part of it (and what it said), or that nobody has yet."""
    partly = question.status == "partly answered" and question.answer
    if not question.answered and not partly:
        return UNANSWERED
    if not question.answer:
        return "(answered in the interview)"
    said = " ".join(question.answer.split())
    if len(said) > MAX_ANSWER_SHOWN:
        said = said[: said.rfind(" ", 0, MAX_ANSWER_SHOWN)] + "…"
    if partly:
        return f'(partly answered from the role profile: "{said}"; the rest for the recruiter)'
    return f'(answered from the role profile: "{said}")'


def evidence(quote: EvidenceQuote | None) -> str:
    if quote is None:
        return "-"
    score_text = "not scored" if quote.score is None else out_of_five(quote.score)
    said = f'"{quote.quote}"' if quote.quote else "nothing credited"
    if quote.quote and quote.point:
        said = f"{quote.point}: {said}"
    missed = f"; missed: {', '.join(quote.missed)}" if quote.missed else ""
    return f"Q{quote.question_number} {score_text}: {said}{missed}"


MAX_FLAG_QUOTES = 3


def quoted_words(flag: str, quotes: list[str]) -> str:
    """A contradiction's two statements ``"A" vs "B"``; any other flag's words listed,
    ``"A", "B", "C" and 2 more`` ("vs" between a reciter's sentences read as a contradiction)."""
    if flag in ("contradiction", "contradiction_clarified"):
        return " vs ".join(f'"{q}"' for q in quotes)
    shown = ", ".join(f'"{q}"' for q in quotes[:MAX_FLAG_QUOTES])
    rest = len(quotes) - MAX_FLAG_QUOTES
    return f"{shown} and {rest} more" if rest > 0 else shown


def flag_line(flag_label: str, number: int, quotes: list[str], detail: str, flag: str = "") -> str:
    quoted = quoted_words(flag, quotes)
    return f"Q{number} {flag_label}: {quoted + ' - ' if quoted else ''}{detail}"


def role_version(report: Report) -> str:
    """`` v2`` after an organisation's role code, nothing for a built-in role."""
    return f" v{report.role_version}" if report.role_version else ""


def header_lines(report: Report) -> list[tuple[str, str]]:
    lines = [("Candidate", report.candidate_name)]
    if report.quality_profile:
        lines.append(("Quality Profile", report.quality_profile))
    lines += [
        ("Role", f"{report.position} ({report.role_code}{role_version(report)})"),
        ("Level", f"{report.level} ({report.level_name})"),
        ("Date", when(report)),
        ("Duration", duration(report)),
        ("Status", report.status_label),
        ("Interviewer", report.interviewer_name),
        ("Average Evaluation Score", average_score(report)),
        ("Average Relevance Score", average_relevance(report)),
    ]
    if report.scoring_in_progress:
        n = report.scoring_in_progress
        lines.append(
            (
                "Scoring",
                f"in progress: {counted(n, 'answer')} still being judged; "
                "scores and the recommendation may change",
            )
        )
    return lines


def file_name(report: Report, ext: str) -> str:
    """``panelist-grace-hopper-sres-gen-p3-2026-12-01.pdf``: who, which role, when."""
    day = (report.started_at or report.generated_at).strftime("%Y-%m-%d")
    parts = [slug(report.candidate_name), slug(report.role_code), day]
    return "panelist-" + "-".join(p for p in parts if p) + f".{ext}"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]
