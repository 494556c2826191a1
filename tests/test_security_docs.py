"""The security model in docs/web.md and docs/operations.md matches the code."""

from __future__ import annotations

import re

from conftest import REPO_ROOT

from panelist.config import Settings
from panelist.web.headers import SECURITY_HEADERS
from panelist.web.ratelimit import LoginRateLimiter

WEB = (REPO_ROOT / "docs" / "web.md").read_text(encoding="utf-8")
OPERATIONS = (REPO_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")


def test_every_setting_the_docs_name_exists() -> None:
    named = set(re.findall(r"PANELIST_([A-Z0-9_]+[A-Z0-9])", WEB + OPERATIONS))
    fields = {name.upper() for name in Settings.model_fields}
    prefixes = {"LLM_"}  # "PANELIST_LLM_*" names a family
    unknown = {n for n in named if n not in fields and not any(n.startswith(p) for p in prefixes)}
    assert unknown == set()


def test_the_rate_limit_is_described_where_it_lives() -> None:
    row = next(line for line in WEB.splitlines() if line.startswith("| Login rate limit"))
    assert "in memory" not in row.lower() and "in the database" in row
    limiter = LoginRateLimiter()
    assert f"{limiter.limit} failed attempts" in row
    assert f"{int(limiter.window.total_seconds() // 60)} minutes" in row


def test_every_header_sent_is_documented() -> None:
    row = next(line for line in WEB.splitlines() if line.startswith("| Headers"))
    for name in [*SECURITY_HEADERS, "Content-Security-Policy", "Strict-Transport-Security"]:
        assert name in row, name
    assert "Cache-Control: no-store" in row
