"""Job description in, catalog roles out: which role family a JD describes, and at what level.

Three kinds of evidence, each reported as a reason a recruiter can check:

* **title**: the JD's title line (its first line) against every role's title and title
  aliases, level words removed ("Senior Site Reliability Engineer" -> "site reliability
  engineer"); an alias counts with its own confidence. A title that names a job none of
  the catalog's titles or aliases names ("Data Engineer", "Network Engineer") counts
  against every family: the JD is probably for another discipline.
* **content**: the JD's words against each family's profiles (summary, story,
  responsibilities, tasks, skills, knowledge, competencies, qualifications) and the
  definitions and indicators of the competencies its interviews assess, weighted by how
  distinctive a word is between families (a word every family uses counts for nothing).
* **level**: level words in the title (junior, senior, staff, principal, II/III…), the
  years of experience asked for (against the profiles' ``typical_experience``), and scope
  words (mentoring, cross-team strategy, company-wide direction).

The confidence of a family is ``TITLE_WEIGHT * title + CONTENT_WEIGHT * content`` (0..1)
minus the foreign-title penalty. Below :data:`MIN_CONFIDENCE` no role fits, and the result
names the nearest family so the recruiter can copy and adapt it. Pure: no I/O.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from panelist.catalog.loader import Catalog
from panelist.catalog.models import RoleProfile

MIN_CONFIDENCE = 0.4  # below this no catalog role fits the job description
TITLE_WEIGHT = 0.55
CONTENT_WEIGHT = 0.45
FOREIGN_TITLE_PENALTY = 0.4
QUALIFIED_TITLE = 0.3  # an alias under a qualifier no alias uses counts this much
CONTENT_SATURATION = 0.18  # a content match this strong (share of distinctive weight) counts fully
MAX_CHARS = 50_000

_WORD = re.compile(r"[a-z][a-z0-9+#]*(?:[-/][a-z0-9+#]+)*")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "we",
        "will",
        "with",
        "you",
        "your",
        "who",
        "what",
        "how",
        "which",
        "they",
        "them",
        "us",
        "all",
        "any",
        "can",
        "not",
        "more",
        "most",
        "other",
        "than",
        "then",
        "there",
        "these",
        "those",
        "was",
        "were",
        "would",
        "should",
        "could",
        "also",
        "each",
        "about",
        "across",
        "within",
        "without",
        "per",
        "via",
        "while",
        "when",
        "where",
        "work",
        "working",
        "team",
        "teams",
        "role",
    ]
)
# Words that say the level, not the job: removed from titles before they are compared.
_LEVEL_WORDS: dict[str, int] = {
    "intern": 1,
    "graduate": 2,
    "junior": 2,
    "associate": 2,
    "entry": 2,
    "i": 2,
    "1": 2,
    "2": 2,
    "ii": 3,
    "3": 3,
    "mid": 3,
    "iii": 4,
    "4": 4,
    "senior": 4,
    "sr": 4,
    "lead": 5,
    "staff": 5,
    "expert": 5,
    "architect": 5,
    "5": 5,
    "v": 5,
    "principal": 6,
    "distinguished": 6,
    "head": 6,
    "6": 6,
}
_TITLE_NOISE = frozenset({"of", "the", "and", "a", "an", "for", "in", "on", "at", "with"})
_JOB_WORDS = frozenset({"architect", "head"})  # say a level but are also part of the job
_JOB_NOUNS = frozenset(
    {"engineer", "developer", "administrator", "analyst", "technician", "manager", "architect"}
)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "twelve": "12", "fifteen": "15",
}  # fmt: skip
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_YEARS = re.compile(
    r"(\d{1,2})\s*(?:\+|(?:\s*(?:-|–|—|to)\s*(\d{1,2})))?\s*\+?\s*(?:years|yrs|year)", re.I
)
_SCOPE: tuple[tuple[int, re.Pattern[str], str], ...] = (
    (6, re.compile(r"\b(company|org)[- ]wide|whole company|\bcto\b|\bvps?\b|industry", re.I),
     "company-wide direction"),
    (5, re.compile(r"cross[- ](team|org|functional)|strategy|strategic|roadmap|across \d+ "
                   r"(engineering )?(teams|organisations|organizations)|technical direction",
                   re.I), "cross-team strategy"),
    (4, re.compile(r"\bmentor", re.I), "mentoring"),
)  # fmt: skip


@dataclass(frozen=True)
class RoleMatch:
    """One role family, at the catalog level nearest the JD's, with why."""

    role_code: str
    family: str
    family_name: str
    title: str
    level: str
    confidence: float
    reasons: list[str]


@dataclass(frozen=True)
class MatchResult:
    """Ranked families; ``fits`` is False when even the best is below MIN_CONFIDENCE."""

    matches: list[RoleMatch]
    level: str | None
    level_reasons: list[str]
    fits: bool
    nearest_family: str
    message: str
    min_confidence: float = MIN_CONFIDENCE

    @property
    def best(self) -> RoleMatch | None:
        return self.matches[0] if self.fits and self.matches else None


@dataclass(frozen=True)
class _Family:
    code: str
    name: str
    roles: list[RoleProfile]
    titles: list[tuple[tuple[str, ...], float, str]]  # core words, confidence, as written
    words: Counter[str] = field(default_factory=Counter)


def words(text: str) -> list[str]:
    """Lower-case content words (stop words dropped, a crude plural folded)."""
    out = []
    for word in _WORD.findall(text.lower()):
        if word in _STOP or word in _LEVEL_WORDS or word in _NUMBER_WORDS or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


def title_core(title: str, *, drop_abbreviations: bool = False) -> tuple[str, ...]:
    """The job words of a title, in order: level words, small words and punctuation
    removed; "engineering" read as "engineer". A catalog title's abbreviation in
    parentheses ("(SRE)") is dropped there and matched on its own."""
    if drop_abbreviations:
        title = re.sub(r"\([A-Z]{2,6}\)", " ", title)
    raw = re.findall(r"[a-z0-9+#]+", title.lower())
    core = []
    for word in raw:
        if word in _TITLE_NOISE or (word in _LEVEL_WORDS and word not in _JOB_WORDS):
            continue
        core.append("engineer" if word == "engineering" else word)
    return tuple(core)


def _abbreviations(title: str) -> list[str]:
    return [a.lower() for a in re.findall(r"\(([A-Z]{2,6})\)", title)]


def _find(haystack: tuple[str, ...], needle: tuple[str, ...]) -> int:
    """Where ``needle`` starts in ``haystack`` as a contiguous run, or -1."""
    n = len(needle)
    for i in range(len(haystack) - n + 1):
        if n and haystack[i : i + n] == needle:
            return i
    return -1


def _families(catalog: Catalog) -> list[_Family]:
    grouped: dict[str, list[RoleProfile]] = {}
    for role in catalog.roles.values():
        grouped.setdefault(role.family_code, []).append(role)
    families = []
    for code, roles in sorted(grouped.items()):
        titles: list[tuple[tuple[str, ...], float, str]] = []
        bag: Counter[str] = Counter()
        for role in roles:
            core = title_core(role.title, drop_abbreviations=True)
            titles.append((core, 1.0, " ".join(core)))
            titles.extend(((abbr,), 0.9, abbr.upper()) for abbr in _abbreviations(role.title))
            titles.extend(
                (title_core(a.alias, drop_abbreviations=True), a.confidence, f"alias {a.alias}")
                for a in role.title_aliases
            )
            bag.update(words(_profile_text(role, catalog)))
        titles = [t for t in titles if t[0]]
        families.append(_Family(code, roles[0].family_name, roles, titles, bag))
    return families


def _profile_text(role: RoleProfile, catalog: Catalog) -> str:
    parts: list[str] = [role.summary, role.family_name]
    parts.extend(str(v) for v in role.story.model_dump().values())
    for group in (
        role.responsibilities,
        role.tasks,
        role.skills,
        role.knowledge,
        role.competencies,
        role.qualifications,
    ):
        parts.extend(c.name for c in group)
    for competency_id in role.interview.competencies:
        competency = catalog.competencies.get(competency_id)
        if competency is not None:
            parts.append(competency.definition)
            parts.extend(i for items in competency.indicators.values() for i in items)
    return " ".join(parts)


def _idf(families: list[_Family]) -> dict[str, float]:
    """How distinctive a word is between families: 0 when every family uses it."""
    n = len(families)
    counts: Counter[str] = Counter()
    for family in families:
        counts.update(family.words.keys())
    return {w: math.log(n / c) for w, c in counts.items() if c < n}


def _title_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def _title_score(
    title: tuple[str, ...], family: _Family, vocabulary: frozenset[str]
) -> tuple[float, str | None]:
    """The best alias found in the title; a qualifier no alias uses right before it
    ("Embedded Software Engineer", "Network Reliability Engineer") makes it another job."""
    best, said = 0.0, None
    for core, confidence, written in family.titles:
        at = _find(title, core)
        if at < 0:
            continue
        if at > 0 and title[at - 1] not in vocabulary:
            confidence *= QUALIFIED_TITLE
            written = f"{written}, qualified as “{title[at - 1]}”"
        if confidence > best:
            best, said = confidence, written
    return best, said


def _content_score(jd_words: Counter[str], family: _Family, idf: dict[str, float]) -> float:
    """Cosine of tf-idf vectors (log term frequency), scaled so CONTENT_SATURATION is 1."""

    def weight(counts: Counter[str], word: str) -> float:
        return (1.0 + math.log(counts[word])) * idf.get(word, 0.0)

    jd = {w: weight(jd_words, w) for w in jd_words if idf.get(w)}
    fam = {w: weight(family.words, w) for w in family.words if idf.get(w)}
    dot = sum(v * fam[w] for w, v in jd.items() if w in fam)
    norm = math.sqrt(sum(v * v for v in jd.values())) * math.sqrt(sum(v * v for v in fam.values()))
    return min(dot / norm / CONTENT_SATURATION, 1.0) if norm else 0.0


def _distinctive(jd_words: Counter[str], family: _Family, idf: dict[str, float]) -> list[str]:
    own = [w for w in jd_words if w in family.words and idf.get(w, 0.0) > 0]
    return sorted(own, key=lambda w: (-idf[w] * jd_words[w], w))[:6]


def is_job_title(title: str) -> bool:
    """A line that reads like a job title ("Data Engineer", "NOC Technician")."""
    raw = re.findall(r"[a-z]+", title.lower())
    return any(w in _JOB_NOUNS for w in raw[:8])


def estimate_level(text: str) -> tuple[int | None, list[str]]:
    """The JD's level number (2-6) and the reasons: title words, years, scope."""
    reasons: list[str] = []
    title = re.findall(r"[a-z0-9]+", _title_line(text).lower())
    by_title = [_LEVEL_WORDS[w] for w in title if w in _LEVEL_WORDS and w not in {"1", "2"}]
    title_level = max(by_title) if by_title else None
    if title_level is not None:
        reasons.append(f"title level word(s) → P{title_level}")
    years_level = _years_level(text, reasons)
    scope_level: int | None = None
    for at_least, pattern, label in _SCOPE:
        if pattern.search(text):
            scope_level = at_least
            reasons.append(f"scope: {label} → at least P{at_least}")
            break
    estimate: int | None
    if title_level is not None and years_level is not None:
        total = title_level + years_level  # halfway between the two; a tie goes to the years
        estimate = years_level if total % 2 else total // 2
    else:
        estimate = title_level if title_level is not None else years_level
    if scope_level is not None and title_level is None:
        estimate = max(estimate or scope_level, scope_level)
    if estimate is None:
        return None, reasons or ["no level words, years or scope words found"]
    return min(max(int(estimate), 2), 6), reasons


_EXPERIENCE_MIDPOINTS = {2: 2.0, 3: 4.5, 4: 7.0, 5: 10.0, 6: 14.0}


def _years_level(text: str, reasons: list[str]) -> int | None:
    asked: list[tuple[float, str]] = []
    text = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group(1).lower()], text)
    for match in _YEARS.finditer(text):
        low = float(match.group(1))
        high = match.group(2)
        plus = "+" in match.group(0)
        said = " ".join(match.group(0).split())
        if high is not None:
            asked.append(((low + float(high)) / 2, said))
        else:
            asked.append((low + 1.0 if plus else low, said))
    if not asked:
        return None
    years, said = max(asked)
    level = min(_EXPERIENCE_MIDPOINTS, key=lambda lv: (abs(_EXPERIENCE_MIDPOINTS[lv] - years), lv))
    reasons.append(f"“{said}” of experience asked → P{level}")
    return level


def _nearest_role(family: _Family, level: int | None) -> RoleProfile:
    if level is None:
        return min(family.roles, key=lambda r: (abs(r.level_number - 4), r.level_number))
    return min(family.roles, key=lambda r: (abs(r.level_number - level), r.level_number))


def match_job_description(text: str, catalog: Catalog) -> MatchResult:
    """Rank the catalog's role families for a job description (see the module doc)."""
    text = text[:MAX_CHARS]
    families = _families(catalog)
    idf = _idf(families)
    title_line = _title_line(text)
    title = title_core(title_line)
    jd_words = Counter(words(text))
    level, level_reasons = estimate_level(text)
    scored: list[RoleMatch] = []
    raw: dict[str, float] = {}  # before the foreign-title penalty: what is nearest
    vocabulary = frozenset(w for f in families for core, _, _ in f.titles for w in core)
    title_hits = {f.code: _title_score(title, f, vocabulary) for f in families}
    foreign = is_job_title(title_line) and not any(s for s, _ in title_hits.values())
    for family in families:
        reasons: list[str] = []
        title_score, said = title_hits[family.code]
        if said:
            reasons.append(f"the title names “{said}” (confidence {title_score:.2f})")
        content = _content_score(jd_words, family, idf)
        top = _distinctive(jd_words, family, idf)
        if top:
            reasons.append("the JD's words of this family's profile: " + ", ".join(top))
        confidence = TITLE_WEIGHT * title_score + CONTENT_WEIGHT * content
        raw[family.code] = confidence
        if foreign:
            confidence -= FOREIGN_TITLE_PENALTY
            reasons.append(f"the title “{title_line}” names a job no catalog role or alias names")
        role = _nearest_role(family, level)
        if level is not None and role.level_number != level:
            reasons.append(f"no P{level} role in this family: the nearest is {role.level.code}")
        scored.append(
            RoleMatch(
                role_code=role.code,
                family=family.code,
                family_name=family.name,
                title=role.title,
                level=role.level.code,
                confidence=round(min(max(confidence, 0.0), 1.0), 3),
                reasons=reasons,
            )
        )
    scored.sort(key=lambda m: (-m.confidence, -raw[m.family], m.family))
    fits = bool(scored) and scored[0].confidence >= MIN_CONFIDENCE
    nearest = scored[0].family if scored else ""
    message = _message(scored, fits)
    return MatchResult(
        matches=scored,
        level=f"P{level}" if level is not None else None,
        level_reasons=level_reasons,
        fits=fits,
        nearest_family=nearest,
        message=message,
    )


def _message(scored: Iterable[RoleMatch], fits: bool) -> str:
    ranked = list(scored)
    if not ranked:
        return "The catalog has no roles."
    best = ranked[0]
    if fits:
        return f"Best match: {best.title} ({best.role_code}), confidence {best.confidence:.2f}."
    return (
        f"No catalog role fits this job description (best confidence {best.confidence:.2f} < "
        f"{MIN_CONFIDENCE:.2f}). The nearest family is {best.family_name} ({best.family}): "
        "copy one of its roles and adapt it."
    )
