"""Parts of an answer that must never earn credit: grader instructions, keyword lists, markup.

Each finder returns spans of the answer. The scorer blanks them (same length,
so offsets hold) before computing any signal, and flags them with the spans as
evidence: an answer with a trick never scores above the same answer without it.
"""

from __future__ import annotations

import re

from panelist.scoring.text import content_tokens, tokenize

_INJECTION = re.compile(
    r"(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|system)?\s*"
    r"(?:instructions?|prompts?|rules?|rubric|guidelines)"
    r"|(?:give|award|assign|grade|score|rate|mark)\s+(?:this|me|my|the)?\s*(?:answer|response)?\s*"
    r"(?:(?:a|an|with|as)\s+)?(?:full\s+marks|top\s+marks|maximum|perfect|(?:a\s+)?(?:score\s+of\s+)?\d+(?:\s*/\s*\d+|\s+out\s+of\s+\d+)?(?:\s+points?)?)"
    r"|\bas\s+(?:the|an?)\s+(?:ai\s+)?(?:grader|evaluator|assessor|scorer|judge|interviewer|model)\b"
    r"|\b(?:you\s+are|you're)\s+(?:now\s+)?(?:a|an|the)\s+\w+"
    r"|\bsystem\s*(?:prompt|message)\s*:"
    r"|\b(?:this|my)\s+answer\s+(?:is|deserves)\s+(?:perfect|correct|excellent|a\s+\d)"
    r"|\bnote\s+to\s+(?:the\s+)?(?:grader|evaluator|ai|model|scorer)\b"
    r"|<\|?(?:im_start|system|assistant)\|?>",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\n]")
_MARKUP_BLOCK = re.compile(r"<(script|style|iframe|object)\b[^>]*>.*?(?:</\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_DANGEROUS_TAG = re.compile(r"<(?:script|iframe|object)\b|\son\w+\s*=|javascript:", re.I)
_LIST_ITEM = re.compile(r"(?:[^,;/|\n.!?]|[.!?](?!\s|$))+")  # between separators/sentence ends
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|will|would|should|we|i|it|"
    r"they|you|because|so|then|when|if|which|that|to|by)\b",
    re.I,
)
_TERM = re.compile(r"[A-Za-z][A-Za-z'’&+#./ -]*")  # words only: not numbers, not code
STUFFING_MIN_ITEMS = 5
LIST_QUESTION_MIN_ITEMS = 13  # a question that asks for a list may get one, not a glossary
_ASKS_FOR_LIST = re.compile(
    r"\b(?:list|name|state|enumerate|mention|give|identify|what\s+are|which)\b", re.I
)


def asks_for_list(question: str) -> bool:
    return _ASKS_FOR_LIST.search(question) is not None


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    return left, right


def injection_spans(text: str) -> list[tuple[int, int]]:
    """Whole sentences that carry an instruction to the grader."""
    spans = [_sentence_around(text, m.start(), m.end()) for m in _INJECTION.finditer(text)]
    spans += [
        (m.start(), m.end())
        for m in _MARKUP_BLOCK.finditer(text)
        if _DANGEROUS_TAG.search(m.group(0))
    ]
    return _merge(spans)


def markup_spans(text: str) -> list[tuple[int, int]]:
    """HTML tags and script/style blocks (their markup is not an answer)."""
    return _merge(
        [(m.start(), m.end()) for m in _MARKUP_BLOCK.finditer(text)]
        + [(m.start(), m.end()) for m in _TAG.finditer(text)]
    )


def has_dangerous_markup(text: str) -> bool:
    return _DANGEROUS_TAG.search(text) is not None


def stuffing_spans(text: str, *, list_question: bool = False) -> list[tuple[int, int]]:
    """Runs of short comma/semicolon/newline-separated terms with no claim in them.

    Five terms make a run; when the question asks for a list, thirteen do.
    """
    minimum = LIST_QUESTION_MIN_ITEMS if list_question else STUFFING_MIN_ITEMS
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for match in _LIST_ITEM.finditer(text):
        item = match.group(0).strip()
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        words = item.split()
        is_term = (
            0 < len(words) <= 3 and not _VERBISH.search(item) and _TERM.fullmatch(item) is not None
        )
        if is_term:
            run.append((start, start + len(item)))
            continue
        spans.extend(_close_run(run, minimum))
        run = []
    spans.extend(_close_run(run, minimum))
    spans.extend(_bare_word_runs(text, minimum))
    return _merge(spans)


_SEGMENT = re.compile(r"(?:[^.!?\n]|[.!?](?!\s|$))+")  # a sentence or a line


def _bare_word_runs(text: str, minimum: int) -> list[tuple[int, int]]:
    """A whole sentence or line of ``minimum`` or more words without a single function word:
    "canary rollback latency baseline feature flags". A sentence that names terms after
    "such as:" or "headers:" has function words, so it is not one."""
    found: list[tuple[int, int]] = []
    for match in _SEGMENT.finditer(text):
        tokens = tokenize(match.group(0))
        bare = all(t.is_content and t.text[0].isalpha() for t in tokens)
        if bare and len(tokens) >= minimum:
            found.append((match.start() + tokens[0].start, match.start() + tokens[-1].end))
    return found


def _close_run(run: list[tuple[int, int]], minimum: int) -> list[tuple[int, int]]:
    if len(run) >= minimum:
        return [(run[0][0], run[-1][1])]
    return []


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces: same length, same offsets elsewhere."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for index in range(start, min(end, len(chars))):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def content_word_count(text: str) -> int:
    return len(content_tokens(tokenize(text)))
