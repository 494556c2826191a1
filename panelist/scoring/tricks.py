"""Parts of an answer that are not the candidate answering: text addressed to the grader, markup.

Each finder returns spans of the answer. The scorer blanks them (same length,
so offsets hold) before computing any signal, and flags them with the spans as
evidence: an answer with a trick never scores above the same answer without it. What
the candidate says that is not a claim (term lists, salads…) is :mod:`panelist.scoring.claims`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from panelist.scoring.text import STOP_WORDS

# Finders that read only the answer's text keep their last results: an answer is masked and
# judged once for each target it is scored against, one right after the other. Few are kept,
# since an answer may be 100 KB (claims.py keeps its sentences' results, shorter, by more).
ANSWERS_CACHED = 32

# Text addressed to the grader, in any phrasing or markup. Each pattern names who is
# addressed or what is demanded of them; a technical sentence that merely contains "rate",
# "score" or "model" matches none of them ("burn rate 14.4" instructs nobody).
_GRADER = (
    r"(?:grader|graders|grading|evaluator|evaluators|assessor|assessors|examiner|"
    r"rubric|marking\s+scheme|ai\s+(?:grader|judge|evaluator))"
)
_ADDRESSED = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\s+(?:\w+\s+){0,3}?"
    r"(?:instructions?|prompts?|rules?|rubric|guidelines|criteria|context|everything)\b"
    r"|\b(?:give|award|assign|grant|mark|rate|score|grade|put)\s+(?:this|me|my|the|it|us|him|her|"
    r"them)\b(?:\s+(?:answer|response|submission|candidate))?\s+(?:(?:a|an|the|as|with)\s+)?"
    r"(?:(?:full|top|max\w*|high\w*|perfect)\s+(?:marks?|credit|scores?|points|grade|rating)|"
    r"perfect\b|a\s+pass\b|pass\b|credit\b|\d+(?:\.\d+)?\s*(?:/\s*\d+|out\s+of\s+\d+|"
    r"points?\b|marks?\b|stars?\b|(?=[\s.!,;]*$)|(?=[.!,;])))"
    r"|\b(?:full|top|maximum|max|perfect|highest)\s+(?:marks?|credit|scores?|points|grade|rating)\b"
    r"|\b(?:score|grade|rating|marks?)\s*(?:of|=|:|as|should\s+be|must\s+be|is)?\s*"
    r"\d+(?:\.\d+)?\s*(?:/|out\s+of)\s*\d+"
    r"|\b(?:rate|score|grade|mark|judge)\s+(?:this|every|each|my|the|all)\s+(?:answers?|responses?|"
    r"submissions?)\b"
    r"|\b(?:score|grade|mark|give|award|assign|deserves?)\b[^.!?\n]{0,40}?\b\d+(?:\.\d+)?"
    r"\s*(?:/|out\s+of)\s*(?:5|10|100)\b"
    r"|\b" + _GRADER + r"\b"
    r"|\b(?:this|my|the\s+above|the\s+preceding|the\s+candidate'?s?)\s+(?:answer|response|submission)"
    r"\s+(?:is\s+(?:perfect|correct|complete|excellent|flawless|outstanding|right|a\s+\d)|"
    r"deserves|merits|earns|should\s+(?:get|receive|be\s+(?:scored|graded|marked|rated|given))|"
    r"must\s+(?:get|receive|be)|covers|meets|satisfies|addresses|fulfil+s|hits|contains\s+all)"
    r"|\b(?:note|message|instructions?|reminder|p\.?\s?s\.?|memo|comment)\s*(?:to|for)\s+(?:the\s+)?"
    r"(?:ai|model|llm|assistant|grader|reviewer|evaluator|system|whoever|person|scorer)\b"
    r"|\b(?:dear|hey|hi|hello|attention)\s*,?\s+(?:ai|model|llm|assistant|grader|evaluator|"
    r"reviewer|system|scorer)\b"
    r"|\b(?:you\s+are|you're)\s+(?:now\s+)?(?:a|an|the)\s+(?:\w+\s+)?(?:grader|evaluator|"
    r"assistant|model|ai|judge|examiner|reviewer|teacher|professor|scorer)\b"
    r"|\b(?:act|behave|respond)\s+as\s+(?:if|though)\s+you\b|\bpretend\s+(?:to\s+be|you)\b"
    r"|\bas\s+(?:the|an?)\s+(?:ai\s+)?(?:grader|evaluator|assessor|scorer|"
    r"judge|interviewer|model|reviewer|examiner)\b"
    r"|\b(?:system|developer|admin)\s*(?:prompt|message|note|override|instructions?)\b"
    r"|\b(?:whoever|anyone)\s+(?:is\s+)?(?:grades?|grading|scores?|scoring|marks?|marking|"
    r"reviews?|reviewing|reads?|reading)\s+this\b",
    re.IGNORECASE,
)
# Markup that frames text as coming from another party: role labels, chat tokens, fake tags.
_ROLE_LABEL = re.compile(
    r"^[ \t>#*_\[]*(?:system|assistant|user|grader|evaluator|examiner|scorer|instructions?|"
    r"developer|admin|ai|model|judge|reviewer|human)\b[ \t\]*_]*(?:note|message|prompt|"
    r"instructions?|override)?[ \t\]*_]*[:>\]]",
    re.IGNORECASE | re.MULTILINE,
)
_CHAT_TOKEN = re.compile(r"<\|[a-z_]+\|>|\[/?(?:inst|sys|system)\]|<</?sys>>", re.IGNORECASE)
_FAKE_CLOSE = re.compile(
    r"</\s*(?:answer|candidate[\w-]*|response|student[\w-]*|submission|input|user|text|"
    r"answer[\w-]*)\s*>",
    re.IGNORECASE,
)
_FAKE_OPEN = re.compile(
    r"<\s*(?:system|grader|grading|evaluator|evaluation|instructions?|rubric|scoring|assistant|"
    r"admin|note|judge|score|grade|verdict|override)\b[^>]*>",
    re.IGNORECASE,
)
_GRADE_FIELD = re.compile(
    r"[\"']?\b(?:score|grade|rating|marks?|points|verdict|result|evaluation|label|passed|pass|"
    r"correct|final_score|overall)\b[\"']?\s*[:=]\s*[\"']?(?:\d|true\b|pass|full|perfect|correct|"
    r"excellent|max|top|a\b)",
    re.IGNORECASE,
)
_JSON_OBJECT = re.compile(r"\{[^{}]*\}", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_MARKUP_BLOCK = re.compile(r"<(script|style|iframe|object)\b[^>]*>.*?(?:</\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_DANGEROUS_TAG = re.compile(r"<(?:script|iframe|object)\b|\son\w+\s*=|javascript:", re.I)
_ASKS_FOR_LIST = re.compile(
    r"\b(?:list|name|state|enumerate|mention|give|identify|what\s+are|which)\b", re.I
)


# Words before "state" or "name" that make it the noun ("processes in state Z", "the Terraform
# state", "behind one DNS name"): such a question asks for no list, and a list of ten terms
# in its answer ("Zombie process, process table, exit status, wait, waitpid, ...") is stuffing.
_NOUN_BEFORE = frozenset(
    [
        "in",
        "the",
        "a",
        "an",
        "one",
        "its",
        "their",
        "our",
        "your",
        "this",
        "that",
        "same",
        "shared",
        "desired",
        "dns",
        "host",
        "process",
        "terraform",
        "user",
        "file",
        "domain",
        "service",
    ]
)


@lru_cache(maxsize=1024)  # per question: asked again for every answer masked against it
def asks_for_list(question: str) -> bool:
    """Whether the question asks for a list ("Name three ...", "What are the ..."): its answer
    may then hold a longer run of bare terms before it is read as stuffing."""
    for match in _ASKS_FOR_LIST.finditer(question):
        before = re.findall(r"[\w-]+", question[max(0, match.start() - 30) : match.start()])
        noun = match.group(0).lower() in ("state", "name")
        if noun and before and before[-1].lower() in _NOUN_BEFORE:
            continue
        return True
    return False


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    return left, right


def injection_spans(text: str) -> list[tuple[int, int]]:
    """Text addressed to the grader: whole sentences that address or instruct them, and text
    framed as another party's (role labels, chat tokens, fake tags, grade fields, comments)."""
    return list(_injection_spans(text))


@lru_cache(maxsize=ANSWERS_CACHED)  # an answer is masked once for each target
def _injection_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans = [_sentence_around(text, m.start(), m.end()) for m in _ADDRESSED.finditer(text)]
    for match in _ROLE_LABEL.finditer(text):
        spans.append((match.start(), _paragraph_end(text, match.end())))
    spans += [(m.start(), _paragraph_end(text, m.end())) for m in _CHAT_TOKEN.finditer(text)]
    spans += [(m.start(), len(text)) for m in _FAKE_CLOSE.finditer(text)]
    spans += [(m.start(), _paragraph_end(text, m.end())) for m in _FAKE_OPEN.finditer(text)]
    for match in _JSON_OBJECT.finditer(text):
        if _GRADE_FIELD.search(match.group(0)):
            spans.append((match.start(), match.end()))
    for match in _GRADE_FIELD.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not text[line_start : match.start()].strip(" \t-*#>\"'{,"):
            spans.append((line_start, _paragraph_end(text, match.end())))  # a YAML/JSON block
    for match in _COMMENT.finditer(text):
        if _ADDRESSED.search(match.group(0)) or _GRADE_FIELD.search(match.group(0)):
            spans.append((match.start(), match.end()))
    spans += [
        (m.start(), m.end())
        for m in _MARKUP_BLOCK.finditer(text)
        if _DANGEROUS_TAG.search(m.group(0))
    ]
    return tuple(merge_spans(spans))


def _paragraph_end(text: str, position: int) -> int:
    found = text.find("\n\n", position)
    return len(text) if found == -1 else found


def markup_spans(text: str) -> list[tuple[int, int]]:
    """HTML tags and script/style blocks (their markup is not an answer)."""
    return list(_markup_spans(text))


@lru_cache(maxsize=ANSWERS_CACHED)
def _markup_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(
        merge_spans(
            [(m.start(), m.end()) for m in _MARKUP_BLOCK.finditer(text)]
            + [(m.start(), m.end()) for m in _TAG.finditer(text)]
            + [(m.start(), m.end()) for m in _COMMENT.finditer(text)]
        )
    )


def has_dangerous_markup(text: str) -> bool:
    return _DANGEROUS_TAG.search(text) is not None


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, sorted."""
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


# Words that say who someone is, never what they know: a swap of them changes no score.
_GENDERED = re.compile(
    r"\b(?:he|she|him|her|his|hers|himself|herself|woman|women|gentleman|gentlemen|lady|ladies|"
    r"husband|wife|boyfriend|girlfriend|brother|sister|daughter|mother|father)\b"
    # a title before a capitalised name, as written ("Ms Patel"): never a unit after a number
    # ("3 to 5 ms. We", "a 4 ms difference" are milliseconds, and blanking them had merged
    # two sentences into one)
    r"|(?<!\d\s)\b(?-i:Mr|Mrs|Ms|Mx)\b\.?(?=\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"(?<![\w.@/-])[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?![\w@/(-])")
# A capitalised word is taken for a person only where people are named: "with Maria",
# "my manager Tom", "Tom said", "Aisha and I" ("using Prometheus" keeps its tool).
_PERSON_BEFORE = re.compile(
    r"\b(?:with|told|asked|thanked|helped|called|emailed|paged|pinged|met|and|by|from|to|"
    r"colleague|manager|lead|engineer|teammate|boss|mentor|director|friend|cto|ceo|vp|"
    r"named|called)\s*,?\s*$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"(?:'s|’s)?\s*,?\s+(?:said|says|told|asked|thinks|thought|and\s+I|and\s+me|who|"
    r"reviewed|approved|suggested|agreed|disagreed|wanted|wrote|led|joined)\b",
    re.IGNORECASE,
)
_SENTENCE_OPENERS = frozenset('.!?:;\n"“*-#>|(')


def neutral_spans(text: str, known: frozenset[str]) -> list[tuple[int, int]]:
    """Gendered words, and people's names: a capitalised word inside a sentence that is not
    a word of the question, its reference or its rubric (``known``, lower-cased) nor a tool
    the scorer counts. Blanked, so a name or pronoun swap cannot move a score."""
    spans = [(m.start(), m.end()) for m in _GENDERED.finditer(text)]
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        before = text[max(0, match.start() - 12) : match.start()].rstrip(" \t")
        if word.lower() in known or not before or before[-1] in _SENTENCE_OPENERS:
            continue
        if word.lower() in STOP_WORDS:
            continue  # "To", "The", "At": a sentence starting without a full stop, no name
        cue_before = _PERSON_BEFORE.search(text[max(0, match.start() - 30) : match.start()])
        if cue_before or _PERSON_AFTER.match(text, match.end()):
            spans.append((match.start(), match.end()))
    return merge_spans(spans)
