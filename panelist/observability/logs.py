"""Structured JSON logs with structlog, with candidate answers and personal data kept out.

``configure_logging(settings)`` routes structlog *and* the standard library (uvicorn,
SQLAlchemy, httpx) through the same processors. The context (request id, interview id)
lives in contextvars, so every line logged while handling a request carries it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager, nullcontext
from typing import Any, Final

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from panelist.config import Settings

REDACTED: Final = "[redacted]"

SENSITIVE_KEYS: Final = frozenset(
    {
        "answer",
        "answers",
        "text",
        "transcript",
        "email",
        "candidate_name",
        "name",
        "full_name",
        "phone",
        "password",
        "token",
        "invite_token",
        "secret",
        "secret_key",
        "api_key",
        "authorization",
        "cookie",
        "set_cookie",
    }
)
"""Keys whose values never reach a log line (compared lower-case, ``-`` read as ``_``)."""

_EMAIL: Final = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_SECRETS: Final = (
    # invite links and candidate API paths: the token is the path segment after them
    (re.compile(r"(/i/|/candidate/)[A-Za-z0-9_-]{16,}"), r"\1" + REDACTED),
    # bearer tokens and session secrets (pnl_..., pnls_...), and bare 32-byte url-safe tokens
    (re.compile(r"\bpnls?_[A-Za-z0-9_-]{16,}"), REDACTED),
    (re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"), REDACTED),
    # SQL parameters and pydantic's echo of the offending input, in exception texts
    (re.compile(r"\[parameters: .*?\](?=\s*(\(|$))", re.S), "[parameters: " + REDACTED + "]"),
    (
        re.compile(r"input_value=('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\S+)"),
        "input_value=" + REDACTED,
    ),
)
# At DEBUG/INFO these would log SQL statements and result rows, or HTTP headers.
QUIET_LOGGERS: Final = ("sqlalchemy", "httpcore")
_STRUCTLOG_KEYS: Final = frozenset({"event", "level", "timestamp", "logger"})


_SENSITIVITY: dict[str, bool] = {}  # each key seen, normalised once (keys are the code's)
_KEPT_KEYS: Final = 4096


def _is_sensitive(key: str) -> bool:
    known = _SENSITIVITY.get(key)
    if known is None:
        known = key.lower().replace("-", "_") in SENSITIVE_KEYS
        if len(_SENSITIVITY) < _KEPT_KEYS:
            _SENSITIVITY[key] = known
    return known


# The start of a match of each pattern above (a token after a path prefix, a token prefix, 43
# token characters, the SQL or pydantic markers, an "@"): one scan of a short log value that
# has none of them replaces six substitutions. The request log's route template
# ("/api/v1/candidate/{invite_token}") has a path prefix but no token after it, so it is not
# scanned six more times on every request.
_MAY_HIDE_SECRET: Final = re.compile(
    r"(/i/|/candidate/)[A-Za-z0-9_-]{16}|pnls?_[A-Za-z0-9_-]{16}|[A-Za-z0-9_-]{43}"
    r"|\[parameters: |input_value=|@"
)


def scrub_text(text: str) -> str:
    """``text`` without e-mail addresses, tokens, SQL parameters or echoed input values."""
    if _MAY_HIDE_SECRET.search(text) is None:
        return text
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return _EMAIL.sub(REDACTED, text)


_PLAIN: Final = frozenset({int, float, bool, type(None)})  # nothing in them to hide


def _scrub(value: Any) -> Any:
    if type(value) in _PLAIN:  # a status or a duration: no ABC check for Mapping
        return value
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, Mapping):
        return {k: REDACTED if _is_sensitive(str(k)) else _scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(item) for item in value]
    return value


def redact_personal_data(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Replace the values of sensitive keys, at any depth, and e-mail addresses anywhere."""
    for key, value in event_dict.items():  # values replaced in place: the keys stay
        if key in _STRUCTLOG_KEYS and key != "event":
            continue
        if _is_sensitive(key):
            event_dict[key] = REDACTED
        else:
            event_dict[key] = _scrub(value)
    return event_dict


def shared_processors(settings: Settings) -> list[Processor]:
    """The processors every log line goes through, structlog's or the standard library's."""
    processors: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    if settings.log_redact:
        processors.append(redact_personal_data)
    return processors


class HandlerLogger:
    """A structlog logger that writes its rendered lines with the standard library's handler
    (its stream and lock): the same line as through a ``logging.Logger``, without making two
    LogRecords and formatting them again (the request log writes one line per request)."""

    def __init__(self, handler: logging.StreamHandler[Any], name: str) -> None:
        self._handler = handler
        self.name = name  # read by structlog.stdlib.add_logger_name

    def msg(self, line: str) -> None:
        handler = self._handler
        try:
            with handler.lock or nullcontext():
                handler.stream.write(line + handler.terminator)
                handler.flush()
        except Exception:  # as logging's own emit: a closed or broken stream never fails the caller
            handler.handleError(logging.makeLogRecord({"name": self.name, "msg": line}))

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


class HandlerLoggerFactory:
    """``structlog.get_logger(name)`` gives a :class:`HandlerLogger` named ``name``."""

    def __init__(self, handler: logging.StreamHandler[Any]) -> None:
        self._handler = handler

    def __call__(self, name: str = "", *_: Any) -> HandlerLogger:
        return HandlerLogger(self._handler, name)


def _fallback(value: Any) -> Any:
    """What structlog's JSON renderer does with a value JSON has no type for."""
    try:
        return value.__structlog__()
    except AttributeError:
        return repr(value)


_ENCODER: Final = json.JSONEncoder(default=_fallback)


def _json_line(event_dict: EventDict, **_: Any) -> str:
    """``json.dumps(event_dict, default=...)``, the same text, with one encoder for every
    line instead of one built per call."""
    return _ENCODER.encode(event_dict)


_generation = 0  # bumped by every (re)configuration: a kept request logger is stale then
_request_logger: tuple[int, Any] | None = None


def request_logger() -> Any:
    """The ``panelist.http`` logger the access log writes with, bound once per logging
    configuration (a lazy ``structlog.get_logger`` binds a new one on every call)."""
    global _request_logger
    kept = _request_logger
    if kept is None or kept[0] != _generation:
        kept = (_generation, structlog.get_logger("panelist.http").bind())
        _request_logger = kept
    return kept[1]


def configure_logging(settings: Settings, stream: Any = None) -> None:
    """Send every log line as JSON (or readable text when ``log_json`` is off) to ``stream``:
    structlog's loggers render their lines themselves, the standard library's (uvicorn,
    SQLAlchemy, panelist's ``logging.getLogger``) go through the same processors in the
    handler's formatter."""
    global _generation
    _generation += 1
    level = logging.getLevelName(settings.log_level.upper())
    if not isinstance(level, int):
        level = logging.INFO
    renderer: Processor = (
        structlog.processors.JSONRenderer(serializer=_json_line)
        if settings.log_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    processors = shared_processors(settings)
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    structlog.configure(
        processors=[*processors, renderer],
        logger_factory=HandlerLoggerFactory(handler),
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=False,
    )
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=processors,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_panelist", False)]:
        root.removeHandler(old)
    handler._panelist = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    # uvicorn's access line stays off even where this runs after uvicorn set it up (a spawned
    # worker building the app): it has the raw path (invite tokens), and panelist.http's
    # request line, with the route template, is the access log.
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))


def reset_logging() -> None:
    """Undo :func:`configure_logging` (tests, or an app that is shut down and built again)."""
    global _generation
    _generation += 1
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_panelist", False)]:
        root.removeHandler(handler)
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()


@contextmanager
def bound_interview(interview_id: str) -> Iterator[None]:
    """Tag every log line inside the block with ``interview_id``."""
    with structlog.contextvars.bound_contextvars(interview_id=interview_id):
        yield


def bind_interview(interview_id: str) -> None:
    """Tag the rest of this request's (or task's) log lines with ``interview_id``."""
    structlog.contextvars.bind_contextvars(interview_id=interview_id)


def context() -> MutableMapping[str, Any]:
    """The log context bound in this task (request id, interview id)."""
    return structlog.contextvars.get_contextvars()
