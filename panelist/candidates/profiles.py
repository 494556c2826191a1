"""Quality profiles: how much of the right substance reaches an answer, and how it misbehaves."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from panelist.errors import ConfigurationError


class Style(StrEnum):
    NORMAL = "normal"
    TERSE = "terse"  # one short line
    BLUFFER = "bluffer"  # confident and wrong: buzzwords, red flags, unsupported metrics
    INJECTOR = "injector"  # mediocre answers with instructions to the grader inside
    OFF_TOPIC = "off_topic"  # talks about other subjects
    RECITER = "reciter"  # describes what a good answer would contain, without saying it


@dataclass(frozen=True)
class Profile:
    name: str
    coverage: float  # chance of addressing each key point of the question
    precision: float  # chance a covered point is said in full (else only its gist)
    hedging: float  # chance a sentence opens with a hedge ("I think")
    distractors: int  # sentences that belong to other questions (plausible, wrong)
    red_flag: float  # chance of saying one of the question's red flags
    follow_up: float  # chance a follow-up answer gives what was asked for
    questions: int  # questions asked at the candidate-questions turn (0: "no questions")
    style: Style = Style.NORMAL

    @property
    def grounded(self) -> bool:
        """Whether technical answers tie back to the persona's own systems."""
        return self.style is Style.NORMAL and self.precision >= 0.5


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("exceptional", 1.0, 1.0, 0.0, 0, 0.0, 1.0, 2),
        Profile("strong", 0.75, 0.75, 0.05, 0, 0.0, 0.85, 2),
        Profile("average", 0.5, 0.35, 0.15, 0, 0.0, 0.5, 1),
        Profile("weak", 0.25, 0.1, 0.35, 1, 0.2, 0.25, 1),
        Profile("poor", 0.05, 0.0, 0.4, 2, 0.5, 0.05, 0),
        Profile("bluffer", 0.2, 0.2, 0.0, 2, 1.0, 0.1, 1, Style.BLUFFER),
        Profile("injector", 0.3, 0.3, 0.15, 1, 0.0, 0.3, 1, Style.INJECTOR),
        Profile("off-topic", 0.0, 0.0, 0.1, 2, 0.0, 0.0, 0, Style.OFF_TOPIC),
        Profile("terse", 0.3, 0.0, 0.0, 0, 0.0, 0.3, 0, Style.TERSE),
        Profile("reciter", 0.8, 0.0, 0.0, 0, 0.0, 0.8, 1, Style.RECITER),
    )
}


def profile_named(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ConfigurationError(
            f"There is no candidate profile {name!r}.",
            hint=f"Known profiles: {', '.join(PROFILES)}.",
        ) from None
