"""The exception tree. Every message says what went wrong and how to fix it.

PanelistError
├── ConfigurationError      bad settings or environment
├── CatalogError            catalog YAML that does not load or validate
│   └── UnknownIdError      a role, question or competency id that does not exist
├── InterviewError          an event the interview cannot accept in its state
│   └── InterviewFinishedError
├── StorageError            the database cannot be reached or is not migrated
│   └── NotFoundError       a record that does not exist
├── ScoringError            a scorer that could not score (the engine falls back)
├── LLMError                a model backend failed
│   ├── LLMUnavailableError   not configured, forbidden, or the circuit is open
│   └── LLMResponseError      an answer that does not fit the requested shape
├── AuthError               bad credentials, expired or used invite
└── ReportError             a report that cannot be rendered in the asked format
"""

from __future__ import annotations


class PanelistError(Exception):
    """Base class of every error panelist raises on purpose."""

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} {self.hint}"
        return self.message


class ConfigurationError(PanelistError):
    """Settings or environment that panelist cannot run with."""

    exit_code = 2


class MissingExtraError(ConfigurationError):
    """A feature whose optional dependencies (a ``pip install 'panelist[EXTRA]'``) are not
    installed; the message names the feature, the hint the command that adds it."""

    def __init__(self, feature: str, extra: str, *, otherwise: str | None = None) -> None:
        self.extra = extra
        hint = f"Install it with: pip install 'panelist[{extra}]'."
        super().__init__(
            f"{feature} needs the optional '{extra}' extra, which is not installed.",
            hint=f"{hint} {otherwise}" if otherwise else hint,
        )


class CatalogError(PanelistError):
    """Catalog YAML that does not load or validate."""


class UnknownIdError(CatalogError):
    """A role, question, competency or level id that is not in the catalog."""

    def __init__(self, kind: str, value: str, known: list[str] | None = None) -> None:
        hint = None
        if known:
            shown = ", ".join(sorted(known)[:12])
            hint = f"Known {kind}s: {shown}{' …' if len(known) > 12 else ''}."
        super().__init__(f"There is no {kind} {value!r}.", hint=hint)
        self.kind = kind
        self.value = value


class InterviewError(PanelistError):
    """An event the interview cannot accept in its current state."""


class InterviewFinishedError(InterviewError):
    """The interview has already been closed."""


class StorageError(PanelistError):
    """The database cannot be reached, or its schema is not current."""


class NotFoundError(StorageError):
    """A record that does not exist."""


class ScoringError(PanelistError):
    """A scorer could not produce a score."""


class LLMError(PanelistError):
    """A model backend failed."""


class LLMUnavailableError(LLMError):
    """No backend is configured, external vendors are forbidden, or the circuit is open."""

    outcome: str = "refused"


class LLMResponseError(LLMError):
    """The model answered in a shape that does not fit what was asked."""


class AuthError(PanelistError):
    """Bad credentials, or an invite that is used up or expired."""


class ReportError(PanelistError):
    """A report that cannot be rendered."""
