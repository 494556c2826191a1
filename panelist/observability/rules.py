"""Prometheus rules from an SLO spec: error-ratio recordings and burn-rate alerts.

The alerts are the multi-window, multi-burn-rate alerts of the SRE Workbook (ch. 5):

* page   when the budget burns 14.4x over 1h and 5m, or 6x over 6h and 30m;
* ticket when it burns 3x over 1d and 2h, or 1x over 3d and 6h.

The short window makes an alert stop soon after the burn stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from panelist.observability.slo_spec import Slo, SloSpec, duration_seconds

RULE_WINDOWS: Final = ("5m", "30m", "1h", "2h", "6h", "1d", "3d")
RULES_FILENAME: Final = "panelist-slo.rules.yml"


@dataclass(frozen=True)
class BurnCondition:
    factor: float
    long: str
    short: str


PAGE: Final = (BurnCondition(14.4, "1h", "5m"), BurnCondition(6, "6h", "30m"))
TICKET: Final = (BurnCondition(3, "1d", "2h"), BurnCondition(1, "3d", "6h"))


def error_ratio_record(window: str) -> str:
    """The recorded series name of the error ratio over ``window``."""
    return f"slo:sli_error:ratio_rate{window}"


def number(value: float) -> str:
    """A threshold as PromQL text, without float noise (0.0144, not 0.014400000000000001)."""
    return f"{value:.6g}"


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def windows(spec: SloSpec) -> tuple[str, ...]:
    """The alert windows plus the spec's SLO window (for the remaining error budget)."""
    return RULE_WINDOWS if spec.window in RULE_WINDOWS else (*RULE_WINDOWS, spec.window)


def recording_rules(spec: SloSpec, slo: Slo) -> list[dict[str, Any]]:
    labels = {"service": spec.service, "slo": slo.name}
    rules: list[dict[str, Any]] = [
        {
            "record": error_ratio_record(window),
            "expr": slo.sli.error_ratio_at(window),
            "labels": labels,
        }
        for window in windows(spec)
    ]
    rules.append(
        {
            "record": "slo:objective:ratio",
            "expr": f"vector({number(slo.objective)})",
            "labels": labels,
        }
    )
    selector = f'{{service="{spec.service}", slo="{slo.name}"}}'
    rules.append(
        {
            "record": "slo:error_budget_remaining:ratio",
            "expr": f"1 - {error_ratio_record(spec.window)}{selector} / {number(slo.error_budget)}",
            "labels": labels,
        }
    )
    return rules


def burn_expression(spec: SloSpec, slo: Slo, conditions: tuple[BurnCondition, ...]) -> str:
    selector = f'{{service="{spec.service}", slo="{slo.name}"}}'
    parts = []
    for condition in conditions:
        threshold = number(condition.factor * slo.error_budget)
        parts.append(
            "(\n"
            f"  {error_ratio_record(condition.long)}{selector} > {threshold}\n"
            "and\n"
            f"  {error_ratio_record(condition.short)}{selector} > {threshold}\n"
            ")"
        )
    return "\nor\n".join(parts)


def _describe(spec: SloSpec, slo: Slo, conditions: tuple[BurnCondition, ...]) -> str:
    burns = " or ".join(
        f"{number(c.factor)}x over {c.long} (confirmed over {c.short})" for c in conditions
    )
    days = _exhaustion_days(spec, conditions[0].factor)
    return (
        f"{slo.description} The {slo.name} SLO ({number(slo.objective * 100)}% over "
        f"{spec.window}) is burning its error budget at {burns}. "
        "Error ratio now: {{ $value | humanizePercentage }} "
        f"(budget {number(slo.error_budget * 100)}%). At {number(conditions[0].factor)}x the whole "
        f"{spec.window} budget is gone in about {days}."
    )


def _exhaustion_days(spec: SloSpec, factor: float) -> str:
    hours = duration_seconds(spec.window) / 3600 / factor
    return f"{hours:.0f} hours" if hours < 48 else f"{hours / 24:.0f} days"


def alert_rules(spec: SloSpec, slo: Slo) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    for severity, conditions, speed in (("page", PAGE, "Fast"), ("ticket", TICKET, "Slow")):
        if not getattr(slo.alerting, severity):
            continue
        rules.append(
            {
                "alert": f"{camel(slo.name)}BudgetBurn{speed}",
                "expr": burn_expression(spec, slo, conditions),
                "labels": {"severity": severity, "service": spec.service, "slo": slo.name},
                "annotations": {
                    "summary": f"{spec.service} {slo.name} SLO: error budget burning "
                    f"{'fast' if severity == 'page' else 'steadily'} ({severity})",
                    "description": _describe(spec, slo, conditions),
                    "runbook_url": spec.runbook_url(slo),
                },
            }
        )
    return rules


JOB_BACKLOG_SECONDS = 900  # a job waiting this long means no worker is keeping up


def job_alert_rules(spec: SloSpec) -> list[dict[str, Any]]:
    """The job queue's alerts (see docs/operations.md "Job queue"): tickets, never pages."""
    base = spec.runbook_base_url
    runbook = f"{base}{'' if base.endswith('/') else '/'}jobs.md"
    labels = {"severity": "ticket", "service": spec.service}
    return [
        {
            "alert": "JobsBacklogStale",
            "expr": f"max by (kind) (panelist_jobs_oldest_age_seconds) > {JOB_BACKLOG_SECONDS}",
            "for": "10m",
            "labels": labels,
            "annotations": {
                "summary": f"{spec.service} jobs wait more than 15 minutes (ticket)",
                "description": "The oldest unfinished job of a kind has waited over 15 minutes "
                "for 10 minutes: no worker runs, or workers cannot keep up.",
                "runbook_url": runbook,
            },
        },
        {
            "alert": "JobsFailing",
            "expr": 'sum by (kind) (increase(panelist_jobs_finished_total{outcome="failed"}[1h])) '
            "> 0",
            "labels": labels,
            "annotations": {
                "summary": f"{spec.service} jobs failed for good in the last hour (ticket)",
                "description": "A job used every retry and was given up: answers keep their "
                "fast score, a PDF or webhook did not go out.",
                "runbook_url": runbook,
            },
        },
    ]


def rule_groups(spec: SloSpec) -> dict[str, Any]:
    """The rule file content: one group per SLO, recordings before the alerts that read them,
    then the job queue's alerts."""
    return {
        "groups": [
            *(
                {
                    "name": f"{spec.service}-slo-{slo.name}",
                    "rules": [*recording_rules(spec, slo), *alert_rules(spec, slo)],
                }
                for slo in spec.slos
            ),
            {"name": f"{spec.service}-jobs", "rules": job_alert_rules(spec)},
        ]
    }


class _BlockDumper(yaml.SafeDumper):
    """Multi-line PromQL as literal blocks, and no YAML anchors (rule files stay greppable)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_block(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str_block)


def render_rules(spec: SloSpec) -> str:
    header = (
        f"# Generated by `panelist slo rules` from the SLO spec of {spec.service}.\n"
        "# Do not edit: change the spec and generate again.\n"
    )
    body = yaml.dump(rule_groups(spec), Dumper=_BlockDumper, sort_keys=False, width=100)
    return header + body


def write_rules(spec: SloSpec, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / RULES_FILENAME
    path.write_text(render_rules(spec), encoding="utf-8")
    return path
