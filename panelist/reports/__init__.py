"""Evaluation and HR reports: the seed-001 text layout, Markdown, HTML, JSON and PDF.

>>> report = build_report(state, catalog, overrides=[...], sign_off=None)
>>> render(report, "txt")      # str; "pdf" gives bytes
"""

from __future__ import annotations

from panelist.reports.builder import build_report
from panelist.reports.models import (
    DECISION_LABELS,
    Decision,
    Override,
    Report,
    SignOff,
)
from panelist.reports.render import FORMATS, Format, render, report_schema, schema_json

__all__ = [
    "DECISION_LABELS",
    "FORMATS",
    "Decision",
    "Format",
    "Override",
    "Report",
    "SignOff",
    "build_report",
    "render",
    "report_schema",
    "schema_json",
]
