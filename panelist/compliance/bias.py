"""The bias audit: selection and scoring rates and impact ratios per category and intersection.

Pure computation over :class:`AuditRecord` rows (no storage, no HTTP). The rules followed:

- **Selection rate** (EEOC Uniform Guidelines, NYC Local Law 144): the share of a category's
  *decided* candidates whose human sign-off was hire or strong hire. Candidates without a
  sign-off yet are counted but left out of the rate.
- **Scoring rate** (LL 144, for a tool that scores): the share of a category's scored
  candidates whose overall score is strictly above the median score of the whole sample.
- **Impact ratio**: a category's rate divided by the highest rate in its dimension (sex,
  race/ethnicity, or their intersection); **flagged** below 0.8 (the four-fifths rule).
- A category under 2 % of the candidates is reported with its counts and rates but left out
  of the impact ratios, as the LL 144 rules allow; "Unknown" (not disclosed) is reported and
  never compared.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from panelist.compliance.categories import UNKNOWN, RaceEthnicity, Sex, label

FOUR_FIFTHS = 0.8
MIN_SHARE = 0.02
Dimension = Literal["sex", "race_ethnicity", "intersection"]
DIMENSIONS: tuple[Dimension, ...] = ("sex", "race_ethnicity", "intersection")
Rate = Literal["selection", "scoring"]


@dataclass(frozen=True)
class AuditRecord:
    """One candidate as the audit sees them: self-identification, outcome, score, date."""

    candidate_id: str
    sex: Sex | None
    race_ethnicity: RaceEthnicity | None
    selected: bool | None  # None: no human sign-off yet
    score: float | None  # None: the interview could not be scored
    at: datetime


class GroupResult(BaseModel):
    dimension: Dimension
    category: str
    candidates: int
    share: float  # of all candidates in the audit
    decided: int
    selected: int
    selection_rate: float | None
    scored: int
    above_median: int
    scoring_rate: float | None
    selection_impact_ratio: float | None
    scoring_impact_ratio: float | None
    excluded: str | None  # why this row is left out of the impact ratios, if it is
    flags: list[str]  # "selection_rate" / "scoring_rate" when that ratio is below 0.8


class BiasReport(BaseModel):
    candidates: int
    decided: int
    scored: int
    median_score: float | None
    date_from: datetime | None
    date_to: datetime | None
    threshold: float
    min_share: float
    filters: dict[str, str | None]
    groups: list[GroupResult]

    def flagged(self) -> list[GroupResult]:
        return [group for group in self.groups if group.flags]


def _key(record: AuditRecord, dimension: Dimension) -> str:
    if dimension == "sex":
        return label(record.sex)
    if dimension == "race_ethnicity":
        return label(record.race_ethnicity)
    if record.sex is None or record.race_ethnicity is None:
        return UNKNOWN
    return f"{label(record.sex)} · {label(record.race_ethnicity)}"


def _rate(hits: int, of: int) -> float | None:
    return hits / of if of else None


def _group(
    dimension: Dimension,
    category: str,
    members: Sequence[AuditRecord],
    total: int,
    median: float | None,
) -> GroupResult:
    decided = [r for r in members if r.selected is not None]
    scored = [r.score for r in members if r.score is not None]
    selected = sum(1 for r in decided if r.selected)
    above = sum(1 for s in scored if median is not None and s > median)
    share = len(members) / total
    excluded = None
    if category == UNKNOWN:
        excluded = "did not self-identify"
    elif share < MIN_SHARE:
        excluded = f"under {MIN_SHARE:.0%} of the candidates"
    return GroupResult(
        dimension=dimension,
        category=category,
        candidates=len(members),
        share=share,
        decided=len(decided),
        selected=selected,
        selection_rate=_rate(selected, len(decided)),
        scored=len(scored),
        above_median=above,
        scoring_rate=_rate(above, len(scored)),
        selection_impact_ratio=None,
        scoring_impact_ratio=None,
        excluded=excluded,
        flags=[],
    )


def _with_ratios(groups: list[GroupResult]) -> list[GroupResult]:
    """Impact ratios against the highest rate among the compared rows of one dimension."""
    compared = [g for g in groups if g.excluded is None]
    rates: dict[Rate, Callable[[GroupResult], float | None]] = {
        "selection": lambda g: g.selection_rate,
        "scoring": lambda g: g.scoring_rate,
    }
    best = {
        name: max((r for g in compared if (r := get(g)) is not None), default=None)
        for name, get in rates.items()
    }
    out = []
    for group in groups:
        ratios: dict[Rate, float | None] = {"selection": None, "scoring": None}
        if group.excluded is None:
            for name, get in rates.items():
                rate, top = get(group), best[name]
                ratios[name] = rate / top if rate is not None and top else None
        flags = [f"{name}_rate" for name, r in ratios.items() if r is not None and r < FOUR_FIFTHS]
        out.append(
            group.model_copy(
                update={
                    "selection_impact_ratio": ratios["selection"],
                    "scoring_impact_ratio": ratios["scoring"],
                    "flags": flags,
                }
            )
        )
    return out


def bias_report(
    records: Iterable[AuditRecord], *, filters: dict[str, str | None] | None = None
) -> BiasReport:
    """The audit of ``records``: one row per category of each dimension, "Unknown" last."""
    rows = list(records)
    scores = [r.score for r in rows if r.score is not None]
    median = statistics.median(scores) if scores else None
    groups: list[GroupResult] = []
    for dimension in DIMENSIONS:
        members: dict[str, list[AuditRecord]] = {}
        for record in rows:
            members.setdefault(_key(record, dimension), []).append(record)
        order = sorted(members, key=lambda c: (c == UNKNOWN, c))
        groups += _with_ratios([_group(dimension, c, members[c], len(rows), median) for c in order])
    dates = [r.at for r in rows]
    return BiasReport(
        candidates=len(rows),
        decided=sum(1 for r in rows if r.selected is not None),
        scored=len(scores),
        median_score=median,
        date_from=min(dates, default=None),
        date_to=max(dates, default=None),
        threshold=FOUR_FIFTHS,
        min_share=MIN_SHARE,
        filters=filters or {},
        groups=groups,
    )
