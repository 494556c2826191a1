"""The self-identification categories a bias audit reports on (EEO-1's, as NYC Local Law 144 uses).

Every question is optional and has "prefer not to say": an answer left out or declined is
``None`` and counts in the audit's "unknown" rows, never in a category.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class RaceEthnicity(StrEnum):
    HISPANIC_OR_LATINO = "hispanic_or_latino"
    WHITE = "white"
    BLACK_OR_AFRICAN_AMERICAN = "black_or_african_american"
    NATIVE_HAWAIIAN_OR_PACIFIC_ISLANDER = "native_hawaiian_or_pacific_islander"
    ASIAN = "asian"
    AMERICAN_INDIAN_OR_ALASKA_NATIVE = "american_indian_or_alaska_native"
    TWO_OR_MORE_RACES = "two_or_more_races"


LABELS: dict[str, str] = {
    Sex.FEMALE: "Female",
    Sex.MALE: "Male",
    RaceEthnicity.HISPANIC_OR_LATINO: "Hispanic or Latino",
    RaceEthnicity.WHITE: "White",
    RaceEthnicity.BLACK_OR_AFRICAN_AMERICAN: "Black or African American",
    RaceEthnicity.NATIVE_HAWAIIAN_OR_PACIFIC_ISLANDER: "Native Hawaiian or Pacific Islander",
    RaceEthnicity.ASIAN: "Asian",
    RaceEthnicity.AMERICAN_INDIAN_OR_ALASKA_NATIVE: "American Indian or Alaska Native",
    RaceEthnicity.TWO_OR_MORE_RACES: "Two or More Races",
}

UNKNOWN = "Unknown"


def label(value: Sex | RaceEthnicity | None) -> str:
    """The category's name as a report prints it; ``None`` (not disclosed) is "Unknown"."""
    return UNKNOWN if value is None else LABELS[value]


class SelfIdentification(BaseModel):
    """A candidate's voluntary answers; every field optional, ``None`` = prefer not to say."""

    model_config = ConfigDict(extra="forbid")

    sex: Sex | None = None
    race_ethnicity: RaceEthnicity | None = None
