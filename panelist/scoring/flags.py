"""Flags on one answer: don't know, too short, evasive, off topic, red flags, unsupported claims.

Each flag carries the answer spans that raised it. Contradictions with earlier
answers live in :mod:`panelist.scoring.contradiction`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from panelist.scoring.claims import is_stock
from panelist.scoring.rubric import Target
from panelist.scoring.text import (
    Token,
    clause_of,
    content_stems,
    content_tokens,
    sentences,
    stem,
    tokenize,
    whole_sentences,
)
from panelist.scoring.types import Evidence, ExchangeAnswer, Flag, FlagDetail
from panelist.wording import counted

TOO_SHORT_WORDS = 3  # fewer content words than this is too short to judge well
OFF_TOPIC_RELEVANCE = 0.2
DONT_KNOW_MAX_WORDS = 15  # a longer answer that starts "not sure, but…" still gets scored

_DONT_KNOW = re.compile(
    r"\b(?:i\s+(?:really\s+)?(?:do\s*n[o']t|dont|don’t)\s+know|i\s+have\s+no\s+idea|no\s+idea|"
    r"not\s+sure|no\s+clue|i\s+(?:can(?:'|’)?t|cannot|could\s*n[o'’]t)\s+(?:remember|recall|answer|say)|"
    r"i\s+(?:really\s+)?(?:do\s*n[o'’]t|dont)\s+(?:really\s+)?(?:remember|recall)|"
    r"never\s+(?:heard|done|used)\s+(?:of\s+)?(?:it|that|this)|no\s+submission|"
    r"i\s+have\s+(?:no|never\s+had)\s+(?:experience|exposure))\b",
    re.I,
)
_FLUFF = re.compile(
    r"\b(?:it\s+depends|great\s+question|best\s+practices?|at\s+the\s+end\s+of\s+the\s+day|"
    r"synerg\w*|leverag\w*|holistic\w*|various\s+(?:things|tools|ways)|many\s+factors|"
    r"world[- ]class|cutting[- ]edge|passionate|paradigm|move\s+the\s+needle|circle\s+back|"
    r"going\s+forward|in\s+general|generally\s+speaking|all\s+sorts\s+of|and\s+so\s+on|"
    r"things\s+like\s+that|stuff\s+like\s+that|as\s+needed|end[- ]to[- ]end)\b",
    re.I,
)
_METRIC_CLAIM = re.compile(
    r"\b(?:reduc\w*|cut|cutting|improv\w*|increas\w*|decreas\w*|lower\w*|boost\w*|drop\w*|"
    r"sav\w*|speed\w*\s+up|slash\w*|halv\w*|doubl\w*|grew|grow\w*)\b[^.!?\n]{0,80}?"
    r"\b\d+(?:\.\d+)?\s*(?:%|percent|x\b|times\b)"
    # "writes were growing 10% a month" is a rate read off a graph, not an improvement claimed
    r"(?!\s*(?:a|an|per|each|every)\s+(?:day|week|month|quarter|year)\b)"
    r"|\b\d+(?:\.\d+)?\s*(?:%|percent)\s+(?:reduction|improvement|increase|decrease|drop|faster|"
    r"fewer|less|more|better|lower|higher|savings?|cheaper|smaller|quicker)\b"
    # the terse form: "Cost down 40%", "deploys up 3x" (not "up 99.9% of the month", a rate)
    r"|\b(?:down|up)\s+(?:by\s+)?(?:about\s+|around\s+|roughly\s+|~)?\d+(?:\.\d+)?\s*"
    r"(?:%|percent\b|x\b)(?!\s*(?:of|a|an|per|each|every)\b)",
    re.I,
)
_BASELINE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?\d|\bbaseline\b|\bmeasur\w*|\bcompared\s+(?:to|with)\b|"
    r"\bover\s+(?:the\s+)?(?:next\s+|following\s+|last\s+)?\d+\s+(?:days?|weeks?|months?|quarters?)\b|"
    r"\bdashboard\w*|\btracked\b|\bbefore\b.{0,40}\bafter\b|\bwent\s+(?:down|up)\s+from\b|"
    r"\baccording\s+to\b|\bp(?:50|90|95|99)\b|\d\s*%?\s*(?:→|->|=>)\s*~?\d|\bvs\.?\s+\d|"
    r"\bversus\b|\bused\s+to\s+(?:be|take)\b|\bdown\s+from\b|\bup\s+from\b"
    # a share, then where it went: "failed card captures: 0.4% of orders ... failed captures
    # dropped to 0.05%" (the hand-run P4 was flagged 'no baseline' for it)
    r"|\d\s*%[^?!]{0,300}?\b(?:dropped|fell|went\s+down|came\s+down|rose|went\s+up)\s+to\s+"
    r"(?:about\s+|around\s+|under\s+|below\s+)?[\d.,]+\s*%",
    re.I,
)
# A limit set, not a result claimed: "we lowered the disk alert to 80%", "raised the
# timeout to 30 s" (the P3 run by hand was asked "Which metric showed that?" about it).
_SETTING = re.compile(
    r"\b(?:alert|alerts|threshold|limit|quota|timeout|target|budget|slo|ttl|cap)"
    r"(?:\s+(?:threshold|level))?\s+(?:to|at)\s+\d",
    re.I,
)
# "scaled the pool down 40%", "turned sampling down to 10%": an action's size, not a result
_SCALED = re.compile(
    r"\b(?:scal|turn|dial|ramp|wound|wind|shut|throttl|sampl)\w*\b[^.!?\n]{0,30}$", re.I
)
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")


# "I'm not sure variance applies here, but the p99 moved from 300 to 450 ms": a hedge, then
# the answer (issue 12, a P4 run by hand was flagged "don't know" for it)
_BUT = re.compile(r"[,;.]?\s*\b(?:but|though|although|however|still|that\s+said)\b", re.I)
HEDGED_SUBSTANCE_WORDS = 4  # content words after the "but" that make it an answer


def dont_know(text: str) -> FlagDetail | None:
    """An answer that says it has no answer (and says little else). Doubt followed by an
    answer ("not sure X applies here, but the p99 moved from 300 to 450 ms") is a hedge."""
    match = _DONT_KNOW.search(text)
    said = sum(not is_stock(t.stem) for t in content_tokens(tokenize(text)))
    if match is None or said > DONT_KNOW_MAX_WORDS:  # stock words add nothing to "no idea"
        return None
    if _answers_after_hedge(text[match.end() :]) or _answered_before_doubt(text[: match.start()]):
        return None
    return FlagDetail(
        Flag.DONT_KNOW,
        "The candidate said they do not know.",
        [Evidence(match.group(0), match.start(), match.end())],
    )


def _answered_before_doubt(before: str) -> bool:
    """A whole sentence of substance came before the doubt: "the drivers complained in the
    support channel first, before our alert. I'm not sure how long exactly, maybe twenty
    minutes." answers, and only hedges a detail."""
    ended = re.match(r"(?s)(.*[.!?;])\s", before)  # the sentences before the doubt's own
    if ended is None:
        return False
    words = [t for t in content_tokens(tokenize(ended.group(1))) if not is_stock(t.stem)]
    return len(words) >= HEDGED_SUBSTANCE_WORDS


def _answers_after_hedge(rest: str) -> bool:
    """What follows the doubt says something: after a "but", a number or a few content
    words that are not stock words."""
    contrast = _BUT.search(rest)
    if contrast is None:
        return False
    after = rest[contrast.end() :]
    words = [t for t in content_tokens(tokenize(after)) if not is_stock(t.stem)]
    return bool(re.search(r"\d", after)) or len(words) >= HEDGED_SUBSTANCE_WORDS


def too_short(text: str, content_words: int) -> FlagDetail | None:
    if content_words >= TOO_SHORT_WORDS:
        return None
    stripped = text.strip()
    start = text.find(stripped) if stripped else 0
    evidence = [Evidence(stripped, start, start + len(stripped))] if stripped else []
    return FlagDetail(
        Flag.TOO_SHORT,
        f"Only {counted(content_words, 'content word')}: too little to judge; ask a follow-up.",
        evidence,
    )


def evasive(
    text: str, coverage: float, specificity: float, question: str = ""
) -> FlagDetail | None:
    """Generic fluff: stock phrases, nothing specific, little of the rubric. A phrase the
    question itself uses is no fluff: "In general I look at how often it happens" answers
    "In general, how do you decide ...?"."""
    asked = " ".join(question.lower().split())
    matches = [
        m for m in _FLUFF.finditer(text) if " ".join(m.group(0).lower().split()) not in asked
    ]
    if len(matches) < 2 or specificity >= 0.4 or coverage >= 0.4:
        return None
    return FlagDetail(
        Flag.EVASIVE,
        "Generic statements without specifics (no numbers, tools or steps).",
        [Evidence(m.group(0), m.start(), m.end()) for m in matches[:5]],
    )


def non_english_share(text: str) -> float:
    """Share of letters that are not Latin (a rough signal for another script)."""
    letters = _LETTER.findall(text)
    if not letters:
        return 0.0
    return 1.0 - len(_LATIN.findall(text)) / len(letters)


# "I think I've covered it, honestly, that's all I've got on that one.", "Honestly I think
# I've covered what I know about that.": nothing more to add,
# said to a follow-up; it answers the turn (no), so it is not off topic
_NOTHING_MORE = re.compile(
    r"^(?:[^.!?]*\b(?:i think|honestly|sorry|so|yeah|no|um|well)\b[^.!?]*?)?"
    r"(?:i(?:'ve| have) (?:covered|said) (?:it|that|everything|all|what i (?:know|can))|that'?s (?:all|everything) "
    r"i(?:'ve| have)? (?:got|have|know|can say)|nothing (?:more|else) to add|i have nothing "
    r"(?:more|else)|i don'?t have (?:anything )?more)\b",
    re.IGNORECASE,
)
NOTHING_MORE_WORDS = 20  # a longer answer says more than that it has nothing more


def nothing_more_to_add(text: str) -> bool:
    """The answer only says the candidate has nothing more on this ("that's all I've got")."""
    short = len(text.split()) <= NOTHING_MORE_WORDS
    return short and bool(_NOTHING_MORE.search(" ".join(text.split())))


def off_topic(
    text: str, relevance: float, content_words: int, said: str | None = None
) -> FlagDetail | None:
    """Off topic (or not English): quoted by the first sentence of ``text`` with words in it,
    in the candidate's words ``said`` (the answer ``text`` was masked from, same offsets)."""
    if content_words < TOO_SHORT_WORDS and non_english_share(text) < 0.5:
        return None
    if nothing_more_to_add(text):
        return None
    if non_english_share(text) >= 0.5:
        detail = "The answer is not in English; the scorer can only judge English answers."
    elif relevance < OFF_TOPIC_RELEVANCE:
        detail = f"The answer does not address the question (relevance {relevance:.2f})."
    else:
        return None
    shown = said if said is not None and len(said) == len(text) else text
    # a sentence blanked in ``text`` (a term list, a fluff line) is no quote: it read "."
    first = [(s, e) for s, e in sentences(text) if re.search(r"[^\W\d_]{2}", text[s:e])][:1]
    evidence = [Evidence(shown[s:e], s, e) for s, e in first]
    return FlagDetail(Flag.OFF_TOPIC, detail, evidence)


def red_flags(text: str, tokens: list[Token], target: Target) -> list[FlagDetail]:
    """The question's red-flag phrases, said and not negated."""
    found: list[FlagDetail] = []
    lowered = text.lower()
    said: list[tuple[int, int, list[str]]] | None = None  # each sentence's affirmed stems
    for rule in target.red_flags:
        for phrase in rule.phrases:
            if said is None:
                said = _affirmed_stems(text, tokens)
            evidence = _affirmed_phrase(lowered, phrase.lower(), tokens, text, said)
            if evidence is not None:
                found.append(FlagDetail(Flag.RED_FLAG, f"{rule.id}: {rule.text}", [evidence]))
                break
    return found


def _affirmed_stems(text: str, tokens: list[Token]) -> list[tuple[int, int, list[str]]]:
    """Each sentence's span and the stems it affirms, in one pass over the tokens (which are in
    the text's order), so a long answer costs its length and not its length squared."""
    said: list[tuple[int, int, list[str]]] = []
    first = 0
    for start, end in sentences(text):
        while first < len(tokens) and tokens[first].start < start:
            first += 1
        stems = []
        index = first
        while index < len(tokens) and tokens[index].start < end:
            if tokens[index].end <= end and not tokens[index].negated:
                stems.append(tokens[index].stem)
            index += 1
        said.append((start, end, stems))
    return said


def _affirmed_phrase(
    lowered: str,
    phrase: str,
    tokens: list[Token],
    text: str,
    said: list[tuple[int, int, list[str]]],
) -> Evidence | None:
    start = lowered.find(phrase)
    while start != -1:
        end = start + len(phrase)
        inside = [t for t in tokens if t.start >= start and t.end <= end]
        if inside and not any(t.negated for t in inside):
            return Evidence(text[start:end], start, end)
        start = lowered.find(phrase, end)
    # a phrase also counts when its words (stemmed) appear in order in one sentence
    words = [stem(w) for w in phrase.split()]
    if len(words) > 1:
        for s, e, stems in said:
            if _in_order(words, stems):
                return Evidence(text[s:e], s, e)
    return None


def _in_order(words: list[str], stems: list[str]) -> bool:
    position = 0
    for word in words:
        try:
            position = stems.index(word, position) + 1
        except ValueError:
            return False
    return True


def unsupported_claims(text: str, exchange: Sequence[ExchangeAnswer] = ()) -> list[FlagDetail]:
    """Metric claims ("cut MTTR by 60%") with no baseline or measurement near them, in this
    answer or — as the exchange is one unit — in an earlier answer to the same question.

    A baseline given anywhere in the exchange (the follow-up "it went from 50 to 20 minutes")
    supports every claim of it. Each claim is quoted as its whole clause; one from an
    earlier answer names it (``turn_id``).
    """
    answers: list[tuple[str | None, str]] = [(e.turn_id, e.answer) for e in exchange]
    answers.append((None, text))
    found: list[FlagDetail] = []
    for index, (turn_id, answer) in enumerate(answers):
        claims = _unsupported_in(answer)
        if not claims or any(
            _BASELINE.search(other) for j, (_, other) in enumerate(answers) if j != index
        ):
            continue  # no claim here, or another answer of the exchange gives the baseline
        for start, end in claims:
            s, e = _claim_clause(answer, start, end)
            found.append(
                FlagDetail(
                    Flag.UNSUPPORTED_CLAIM,
                    "A metric claim with no baseline or way it was measured: "
                    "ask how it was measured.",
                    [Evidence(answer[s:e], s, e, turn_id)],
                )
            )
    return found


_JOIN = re.compile(r",\s+(?=(?:and|but|so|which|while|where)\b)|;\s+", re.I)


def _claim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of the claim's clause between joins (", and", ", which"), holding the claim:
    "we cut MTTR by 60% across the platform", not the whole sentence around it."""
    s, e = clause_of(text, start)
    for join in _JOIN.finditer(text, s, e):
        if join.end() <= start:
            lead = re.match(r"(?:and|but|so)\s+", text[join.end() : start], re.I)
            s = join.end() + (lead.end() if lead else 0)
        elif join.start() >= end:
            e = join.start()
            break
    while s < e and not text[s].isalnum():
        s += 1
    return s, e


def _unsupported_in(text: str) -> list[tuple[int, int]]:
    """(start, end) of each metric claim of ``text`` with no baseline in or next to its sentence."""
    found: list[tuple[int, int]] = []
    spans = whole_sentences(text)
    for index, (s, e) in enumerate(spans):
        match = _METRIC_CLAIM.search(text, s, e)
        if match is None or _SETTING.search(match.group(0)):
            continue
        if _SCALED.search(text, s, match.start()) and match.group(0)[:2].lower() in ("do", "up"):
            continue  # "we scaled the pool down 40% at night": a setting changed, no result
        nearby = text[spans[max(index - 1, 0)][0] : spans[min(index + 1, len(spans) - 1)][1]]
        if _BASELINE.search(nearby) or _measured_elsewhere(text, spans, index):
            continue
        found.append((match.start(), match.end()))
    return found


_NUMBER = re.compile(r"\d")


def _measured_elsewhere(text: str, spans: Sequence[tuple[int, int]], index: int) -> bool:
    """Whether another sentence of the answer measures what sentence ``index`` claims: a
    measurement with a number, about the same thing (a content word in common). "dropping
    something like 8% of log lines" is backed, three sentences on, by "loss measured under
    0.1% with a canary log line we emitted every ten seconds"."""
    s, e = spans[index]
    claimed = set(content_stems(text[s:e]))
    for j, (start, end) in enumerate(spans):
        sentence = text[start:end]
        if j == index or not _BASELINE.search(sentence) or not _NUMBER.search(sentence):
            continue
        if claimed & set(content_stems(sentence)):
            return True
    return False


def content_words(text: str) -> int:
    return len(content_tokens(tokenize(text)))
