"""The generated Prometheus rules, checked and unit-tested by the real promtool.

The fixtures in tests/promtool/ feed synthetic counters to the rules and say which
alert must fire (and with which error ratio in its description) or stay silent.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from panelist.observability.rules import RULES_FILENAME, rule_groups, write_rules
from panelist.observability.slo_spec import load_spec
from tests.conftest import require_binary

pytestmark = pytest.mark.promtool

FIXTURES = Path(__file__).parent / "promtool"
VALUE_TEMPLATE = "{{ $value | humanizePercentage }}"


def alerts_by_name() -> dict[str, dict[str, Any]]:
    return {
        rule["alert"]: rule
        for group in rule_groups(load_spec())["groups"]
        for rule in group["rules"]
        if "alert" in rule
    }


def with_expected_annotations(fixture: dict[str, Any]) -> dict[str, Any]:
    """Fill each expected alert's annotations from the generated rule and its ``value``."""
    alerts = alerts_by_name()
    for test in fixture["tests"]:
        for case in test.get("alert_rule_test", []):
            annotations = alerts[case["alertname"]]["annotations"]
            for expected in case["exp_alerts"]:
                value = expected.pop("value")
                expected["exp_annotations"] = {
                    key: text.replace(VALUE_TEMPLATE, value) for key, text in annotations.items()
                }
    return fixture


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    write_rules(load_spec(), tmp_path)
    return tmp_path


def run(promtool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [promtool, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_promtool_accepts_the_generated_rules(rules_dir: Path) -> None:
    promtool = require_binary("promtool")
    result = run(promtool, "check", "rules", RULES_FILENAME, cwd=rules_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.yml")), ids=lambda p: p.stem)
def test_alerts_fire_on_a_burn_and_stay_silent_below_it(rules_dir: Path, fixture: Path) -> None:
    promtool = require_binary("promtool")
    filled = with_expected_annotations(yaml.safe_load(fixture.read_text()))
    (rules_dir / fixture.name).write_text(yaml.safe_dump(filled, sort_keys=False))
    result = run(promtool, "test", "rules", fixture.name, cwd=rules_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_every_alert_is_shown_firing_and_silent_by_a_fixture() -> None:
    firing: set[str] = set()
    silent: set[str] = set()
    for fixture in FIXTURES.glob("*.yml"):
        for test in yaml.safe_load(fixture.read_text())["tests"]:
            for case in test.get("alert_rule_test", []):
                (firing if case["exp_alerts"] else silent).add(case["alertname"])
    assert firing == set(alerts_by_name())
    assert silent == set(alerts_by_name())
