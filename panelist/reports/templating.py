"""Jinja2 renderings (Markdown and HTML). Autoescape is on for HTML: candidate text is data."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from panelist.reports import formatting
from panelist.reports.models import Report

# An ampersand that a Markdown renderer would read as a character reference ("&lt;", "&#60;").
_ENTITY = re.compile(r"&(?=#?\w+;)")


def _md_escape(value: object) -> str:
    """Candidate text in Markdown: no raw HTML, no accidental emphasis or table breaks.

    A bare "&" stays as it is ("Monitoring & Event Management" reads the same raw and
    rendered); only one that would start a character reference is escaped."""
    text = _ENTITY.sub("&amp;", str(value))
    for char, escaped in (
        ("<", "&lt;"),
        (">", "&gt;"),
        ("|", "\\|"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("`", "\\`"),
        ("#", "\\#"),
        ("[", "\\["),
        ("]", "\\]"),
    ):
        text = text.replace(char, escaped)
    return " ".join(text.splitlines()) if "\n" in text else text


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("panelist.reports", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md_escape
    env.globals["fmt"] = formatting
    return env


def render_template(name: str, report: Report) -> str:
    return environment().get_template(name).render(report=report)
