"""A Grafana dashboard for panelist: SLIs, burn rates, error budget, funnel, LLM cost.

The Prometheus datasource is the template variable ``datasource``, so the JSON imports
unchanged into any Grafana (Dashboards -> Import, or file provisioning).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from panelist.observability.rules import error_ratio_record
from panelist.observability.slo_spec import Slo, SloSpec

DATASOURCE: Final = {"type": "prometheus", "uid": "${datasource}"}
WIDTH: Final = 24


class _Layout:
    """Hands out panel ids and grid positions, left to right then down."""

    def __init__(self) -> None:
        self.next_id = 1
        self.x = 0
        self.y = 0
        self.row_height = 0

    def place(self, width: int, height: int) -> tuple[int, dict[str, int]]:
        if self.x + width > WIDTH:
            self.x, self.y, self.row_height = 0, self.y + self.row_height, 0
        position = {"x": self.x, "y": self.y, "w": width, "h": height}
        self.x += width
        self.row_height = max(self.row_height, height)
        panel_id, self.next_id = self.next_id, self.next_id + 1
        return panel_id, position

    def new_row(self) -> None:
        if self.x:
            self.x, self.y, self.row_height = 0, self.y + self.row_height, 0


def _target(expr: str, legend: str, ref: str) -> dict[str, Any]:
    return {"datasource": DATASOURCE, "expr": expr, "legendFormat": legend, "refId": ref}


def _panel(
    layout: _Layout,
    kind: str,
    title: str,
    targets: list[tuple[str, str]],
    *,
    unit: str,
    width: int = 8,
    height: int = 8,
    description: str = "",
) -> dict[str, Any]:
    panel_id, position = layout.place(width, height)
    return {
        "id": panel_id,
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "gridPos": position,
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {},
        "targets": [
            _target(expr, legend, chr(ord("A") + index))
            for index, (expr, legend) in enumerate(targets)
        ],
    }


def _row(layout: _Layout, title: str) -> dict[str, Any]:
    layout.new_row()
    panel_id, position = layout.place(WIDTH, 1)
    layout.new_row()
    return {
        "id": panel_id,
        "type": "row",
        "title": title,
        "gridPos": position,
        "collapsed": False,
        "panels": [],
    }


def slo_panels(layout: _Layout, spec: SloSpec, slo: Slo) -> list[dict[str, Any]]:
    selector = f'{{service="{spec.service}", slo="{slo.name}"}}'
    ratio = error_ratio_record(spec.window)
    budget = slo.error_budget
    return [
        _row(layout, f"SLO {slo.name}: {slo.objective:.4g} over {spec.window}"),
        _panel(
            layout,
            "stat",
            f"{slo.name}: SLI over {spec.window}",
            [(f"1 - {ratio}{selector}", "attained")],
            unit="percentunit",
            width=6,
            description=slo.description,
        ),
        _panel(
            layout,
            "stat",
            f"{slo.name}: error budget remaining",
            [(f"slo:error_budget_remaining:ratio{selector}", "remaining")],
            unit="percentunit",
            width=6,
            description="1 - (error ratio over the SLO window / error budget); below 0 the SLO is missed.",
        ),
        _panel(
            layout,
            "timeseries",
            f"{slo.name}: burn rate (1 = spending the budget exactly)",
            [
                (f"{error_ratio_record(window)}{selector} / {budget:.6g}", window)
                for window in ("5m", "1h", "6h", "3d")
            ],
            unit="none",
            width=12,
            description="Page at 14.4x over 1h and 6x over 6h; ticket at 3x over 1d and 1x over 3d.",
        ),
    ]


def traffic_panels(layout: _Layout) -> list[dict[str, Any]]:
    return [
        _row(layout, "HTTP"),
        _panel(
            layout,
            "timeseries",
            "Requests per second by status class",
            [
                (
                    "sum by (status_class) (rate(panelist_http_requests_total[5m]))",
                    "{{status_class}}",
                )
            ],
            unit="reqps",
        ),
        _panel(
            layout,
            "timeseries",
            "p99 latency by route",
            [
                (
                    "histogram_quantile(0.99, sum by (le, route) "
                    "(rate(panelist_http_request_duration_seconds_bucket[5m])))",
                    "{{route}}",
                )
            ],
            unit="s",
        ),
        _panel(
            layout,
            "timeseries",
            "Database pool in use / size",
            [
                (
                    "sum by (database) (panelist_db_pool_connections_in_use) / "
                    "sum by (database) (panelist_db_pool_size)",
                    "{{database}}",
                )
            ],
            unit="percentunit",
        ),
    ]


def funnel_panels(layout: _Layout) -> list[dict[str, Any]]:
    return [
        _row(layout, "Interviews"),
        _panel(
            layout,
            "timeseries",
            "Interview funnel (per hour)",
            [("sum by (event) (increase(panelist_interviews_total[1h]))", "{{event}}")],
            unit="short",
        ),
        _panel(
            layout,
            "timeseries",
            "Completion ratio (completed / started, 1d)",
            [
                (
                    'sum(increase(panelist_interviews_total{event="completed"}[1d])) / '
                    'sum(increase(panelist_interviews_total{event="started"}[1d]))',
                    "completion",
                )
            ],
            unit="percentunit",
        ),
        _panel(
            layout,
            "timeseries",
            "Login success ratio (1h)",
            [
                (
                    'sum(rate(panelist_logins_total{outcome="success"}[1h])) / '
                    "sum(rate(panelist_logins_total[1h]))",
                    "success",
                )
            ],
            unit="percentunit",
        ),
        _panel(
            layout,
            "timeseries",
            "Time to first interviewer turn (p95)",
            [
                (
                    "histogram_quantile(0.95, sum by (le) "
                    "(rate(panelist_time_to_first_turn_seconds_bucket[15m])))",
                    "p95",
                )
            ],
            unit="s",
        ),
        _panel(
            layout,
            "timeseries",
            "Scoring duration by scorer (p95)",
            [
                (
                    "histogram_quantile(0.95, sum by (le, scorer) "
                    "(rate(panelist_scoring_duration_seconds_bucket[15m])))",
                    "{{scorer}}",
                )
            ],
            unit="s",
        ),
    ]


def llm_panels(layout: _Layout) -> list[dict[str, Any]]:
    return [
        _row(layout, "LLM"),
        _panel(
            layout,
            "timeseries",
            "LLM cost (USD per hour)",
            [
                (
                    "sum by (backend, model) (increase(panelist_llm_cost_usd_total[1h]))",
                    "{{backend}} {{model}}",
                )
            ],
            unit="currencyUSD",
        ),
        _panel(
            layout,
            "timeseries",
            "LLM calls by outcome",
            [("sum by (outcome) (rate(panelist_llm_calls_total[5m]))", "{{outcome}}")],
            unit="reqps",
        ),
        _panel(
            layout,
            "timeseries",
            "Fallbacks to the embedded default",
            [
                (
                    "sum by (backend, reason) (increase(panelist_llm_fallbacks_total[1h]))",
                    "{{backend}} {{reason}}",
                )
            ],
            unit="short",
        ),
        _panel(
            layout,
            "timeseries",
            "LLM latency p95 by model",
            [
                (
                    "histogram_quantile(0.95, sum by (le, model) "
                    "(rate(panelist_llm_call_duration_seconds_bucket[5m])))",
                    "{{model}}",
                )
            ],
            unit="s",
        ),
        _panel(
            layout,
            "timeseries",
            "LLM tokens per second",
            [("sum by (direction) (rate(panelist_llm_tokens_total[5m]))", "{{direction}}")],
            unit="short",
        ),
    ]


def build_dashboard(spec: SloSpec) -> dict[str, Any]:
    """The dashboard as a dict, ready for ``json.dumps``."""
    layout = _Layout()
    panels: list[dict[str, Any]] = []
    for slo in spec.slos:
        panels += slo_panels(layout, spec, slo)
    panels += traffic_panels(layout) + funnel_panels(layout) + llm_panels(layout)
    return {
        "uid": f"{spec.service}-slo"[:40],
        "title": f"{spec.service}: SLOs and service health",
        "tags": [spec.service, "slo", "generated"],
        "timezone": "utc",
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "refresh": "1m",
        "time": {"from": "now-24h", "to": "now"},
        "templating": {
            "list": [
                {
                    "name": "datasource",
                    "label": "Prometheus",
                    "type": "datasource",
                    "query": "prometheus",
                    "current": {},
                    "hide": 0,
                    "refresh": 1,
                    "regex": "",
                    "options": [],
                }
            ]
        },
        "annotations": {"list": []},
        "panels": panels,
    }


def dashboard_queries(dashboard: dict[str, Any]) -> list[str]:
    """Every PromQL expression in the dashboard (for checking them against Prometheus)."""
    return [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]


def write_dashboard(spec: SloSpec, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(build_dashboard(spec), indent=2) + "\n", encoding="utf-8")
    return path
