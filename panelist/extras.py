"""The optional extras of the default install: what each adds, and a check that names it.

``pip install panelist`` is the interviewer, the scorer (with its semantic model), the web
app and SQLite storage. PDF output (``pdf``: fpdf2, fontTools, Pillow), the PostgreSQL
driver (``postgres``: psycopg) and the Redis client (``redis``) are extras, so that the default
install stays small; a feature
that needs a missing extra stops with a MissingExtraError that says what to install, and
everything else keeps working.
"""

from __future__ import annotations

import importlib

from panelist.errors import MissingExtraError

PDF = "pdf"
POSTGRES = "postgres"
REDIS = "redis"


def importable(module: str) -> bool:
    """Whether ``module`` imports (a module blocked in ``sys.modules`` counts as missing)."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def require_pdf(feature: str = "A PDF") -> None:
    if not importable("fpdf"):
        raise MissingExtraError(
            feature,
            PDF,
            otherwise="The Markdown, HTML, text and JSON formats work without it.",
        )


def require_postgres(feature: str = "A PostgreSQL database URL") -> None:
    if not importable("psycopg"):
        raise MissingExtraError(
            feature, POSTGRES, otherwise="Or use SQLite: PANELIST_DATABASE_URL=sqlite:///PATH."
        )


def require_redis(feature: str = "A Redis job queue (PANELIST_QUEUE_URL)") -> None:
    if not importable("redis"):
        raise MissingExtraError(
            feature, REDIS, otherwise="Or use the default SQLite queue: unset PANELIST_QUEUE_URL."
        )
