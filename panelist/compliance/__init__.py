"""Compliance: the bias audit, voluntary self-identification and the audit log export."""

from __future__ import annotations

from panelist.compliance.bias import AuditRecord, BiasReport, GroupResult, bias_report
from panelist.compliance.categories import RaceEthnicity, Sex
from panelist.compliance.render import render_bias

__all__ = [
    "AuditRecord",
    "BiasReport",
    "GroupResult",
    "RaceEthnicity",
    "Sex",
    "bias_report",
    "render_bias",
]
