"""SLOs as code: the spec model, its validation, and where the spec comes from.

A spec names each SLO, its SLI as two PromQL expressions (good and total events per
second, ``{{window}}`` standing for the rate window), an objective, a runbook, and
which burn-rate alerts it raises. See ``slo_default.yaml`` for panelist's own.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Annotated, Final

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from panelist.config import Settings
from panelist.errors import ConfigurationError

WINDOW_PLACEHOLDER: Final = "{{window}}"
FAST_BURN: Final = 14.4
"""Page: 2 % of a 30-day budget spent in one hour (SRE Workbook, ch. 5)."""

_DURATION = re.compile(r"^(\d+)(m|h|d|w)$")
_UNIT_SECONDS: Final = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")


def duration_seconds(duration: str) -> int:
    """Seconds in a Prometheus duration like ``5m``, ``6h`` or ``30d``."""
    match = _DURATION.match(duration)
    if match is None:
        raise ValueError(f"{duration!r} is not a duration like 5m, 6h, 30d or 4w")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


class Sli(BaseModel):
    """Good and total events per second; ``{{window}}`` is replaced by the rate window."""

    model_config = ConfigDict(extra="forbid")
    good: str
    total: str

    @field_validator("good", "total")
    @classmethod
    def _has_window(cls, expression: str) -> str:
        if WINDOW_PLACEHOLDER not in expression:
            raise ValueError(
                f"the expression {expression!r} has no {WINDOW_PLACEHOLDER}: write the range "
                f"of every rate() as [{WINDOW_PLACEHOLDER}] so each alert window can use it"
            )
        return expression.strip()

    def good_at(self, window: str) -> str:
        return self.good.replace(WINDOW_PLACEHOLDER, window)

    def total_at(self, window: str) -> str:
        return self.total.replace(WINDOW_PLACEHOLDER, window)

    def error_ratio_at(self, window: str) -> str:
        """PromQL for the share of bad events over ``window`` (no data when there was no traffic)."""
        return f"1 - (\n  {self.good_at(window)}\n/\n  {self.total_at(window)}\n)"


class Alerting(BaseModel):
    model_config = ConfigDict(extra="forbid")
    page: bool = True
    ticket: bool = True


class Slo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str
    objective: Annotated[float, Field(gt=0, lt=1)]
    sli: Sli
    runbook: str
    alerting: Alerting = Field(default_factory=Alerting)

    @field_validator("name")
    @classmethod
    def _plain_name(cls, name: str) -> str:
        if not _NAME.match(name):
            raise ValueError(
                f"SLO name {name!r} must be lower_snake_case (it becomes a label and alert name)"
            )
        return name

    @property
    def error_budget(self) -> float:
        return 1 - self.objective

    @model_validator(mode="after")
    def _pageable(self) -> Slo:
        if self.alerting.page and FAST_BURN * self.error_budget >= 1:
            raise ValueError(
                f"objective {self.objective} leaves a budget of {self.error_budget:.3g}: burning "
                f"it {FAST_BURN}x would need an error ratio over 1, so the page could never "
                "fire. Set alerting.page: false (ticket only) or raise the objective"
            )
        return self


class SloSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service: str = "panelist"
    window: str = "30d"
    runbook_base_url: str = "docs/runbooks/"
    slos: list[Slo] = Field(min_length=1)

    @field_validator("window")
    @classmethod
    def _duration(cls, window: str) -> str:
        duration_seconds(window)
        return window

    @model_validator(mode="after")
    def _unique_names(self) -> SloSpec:
        names = [slo.name for slo in self.slos]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"SLO names must be unique; repeated: {', '.join(twice)}")
        return self

    def runbook_url(self, slo: Slo) -> str:
        if "://" in slo.runbook or slo.runbook.startswith("/"):
            return slo.runbook
        base = self.runbook_base_url
        return f"{base}{'' if base.endswith('/') else '/'}{slo.runbook}"


def default_spec_text() -> str:
    return resources.files("panelist.observability").joinpath("slo_default.yaml").read_text()


def parse_spec(text: str, source: str) -> SloSpec:
    """Validate spec YAML; errors name the source and the field to fix."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{source} is not valid YAML: {exc}") from exc
    try:
        return SloSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(top level)'}: {error['msg']}"
            for error in exc.errors()
        )
        raise ConfigurationError(
            f"{source} is not a valid SLO spec: {problems}.",
            hint="Compare it with `panelist slo spec` (the default spec).",
        ) from exc


def load_spec(path: Path | None = None, settings: Settings | None = None) -> SloSpec:
    """The spec at ``path``, else Settings.slo_spec_path, else the shipped default."""
    chosen = path or (settings.slo_spec_path if settings is not None else None)
    if chosen is None:
        return parse_spec(default_spec_text(), "the default SLO spec")
    if not chosen.is_file():
        raise ConfigurationError(
            f"The SLO spec {chosen} does not exist.",
            hint="Write one starting from `panelist slo spec > slo.yaml`.",
        )
    return parse_spec(chosen.read_text(encoding="utf-8"), str(chosen))
