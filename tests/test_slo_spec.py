"""SLOs as code: the spec, the rules and dashboard generated from it, and `panelist slo`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from panelist.cli.app import app
from panelist.errors import ConfigurationError
from panelist.observability.dashboard import build_dashboard, dashboard_queries
from panelist.observability.rules import RULE_WINDOWS, RULES_FILENAME, rule_groups
from panelist.observability.slo_spec import default_spec_text, load_spec, parse_spec
from tests.conftest import REPO_ROOT, require_binary

runner = CliRunner()


def test_the_default_spec_holds_the_seed_003_objectives() -> None:
    spec = load_spec()
    objectives = {slo.name: slo.objective for slo in spec.slos}
    assert objectives == {
        "availability": 0.999,
        "latency": 0.99,
        "interview_completion": 0.90,
        "login_success": 0.99,
    }
    assert spec.window == "30d"
    latency = next(slo for slo in spec.slos if slo.name == "latency")
    assert 'le="0.5"' in latency.sli.good


def edited(**changes: object) -> str:
    data = yaml.safe_load(default_spec_text())
    data["slos"][0].update(changes)
    return yaml.safe_dump(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"sli": {"good": "sum(rate(x[5m]))", "total": "sum(rate(y[{{window}}]))"}},
            "has no {{window}}",
        ),
        ({"objective": 1.5}, "objective"),
        ({"objective": 0.9}, "Set alerting.page: false"),
        ({"name": "Availability SLO"}, "lower_snake_case"),
        ({"runbok": "typo.md"}, "runbok"),
    ],
)
def test_an_invalid_spec_says_which_field_to_fix(change: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=r"slo\.yaml is not a valid SLO spec") as caught:
        parse_spec(edited(**change), "slo.yaml")
    assert message in str(caught.value)
    assert "slos.0" in str(caught.value)


def test_a_missing_spec_file_says_how_to_start_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="panelist slo spec"):
        load_spec(tmp_path / "nope.yaml")


def test_rules_record_every_window_and_alert_as_the_workbook_says() -> None:
    groups = rule_groups(load_spec())["groups"]
    availability = next(g for g in groups if g["name"] == "panelist-slo-availability")
    records = [rule["record"] for rule in availability["rules"] if "record" in rule]
    for window in (*RULE_WINDOWS, "30d"):
        assert f"slo:sli_error:ratio_rate{window}" in records
    alerts = {rule["alert"]: rule for rule in availability["rules"] if "alert" in rule}
    page = alerts["AvailabilityBudgetBurnFast"]["expr"]
    assert 'ratio_rate1h{service="panelist", slo="availability"} > 0.0144' in page
    assert 'ratio_rate5m{service="panelist", slo="availability"} > 0.0144' in page
    assert 'ratio_rate6h{service="panelist", slo="availability"} > 0.006' in page
    assert 'ratio_rate30m{service="panelist", slo="availability"} > 0.006' in page
    ticket = alerts["AvailabilityBudgetBurnSlow"]["expr"]
    assert 'ratio_rate3d{service="panelist", slo="availability"} > 0.001' in ticket
    assert 'ratio_rate6h{service="panelist", slo="availability"} > 0.001' in ticket
    assert alerts["AvailabilityBudgetBurnFast"]["labels"]["severity"] == "page"
    assert alerts["AvailabilityBudgetBurnSlow"]["labels"]["severity"] == "ticket"


def test_a_ticket_only_slo_has_no_page_rule() -> None:
    groups = rule_groups(load_spec())["groups"]
    completion = next(g for g in groups if g["name"] == "panelist-slo-interview_completion")
    assert [r["alert"] for r in completion["rules"] if "alert" in r] == [
        "InterviewCompletionBudgetBurnSlow"
    ]


def test_every_runbook_url_resolves_to_a_written_runbook() -> None:
    alerts = [
        rule
        for group in rule_groups(load_spec())["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]
    assert alerts
    for alert in alerts:
        runbook = REPO_ROOT / alert["annotations"]["runbook_url"]
        assert runbook.is_file(), f"{alert['alert']} links to {runbook}, which does not exist"
        text = runbook.read_text()
        assert alert["alert"] in text
        for section in (
            "## What the alert means",
            "## Check first",
            "## Likely causes",
            "## Mitigations",
            "## Escalation",
        ):
            assert section in text, f"{runbook.name} lacks {section}"


def test_the_dashboard_imports_with_any_prometheus_datasource() -> None:
    dashboard = build_dashboard(load_spec())
    (variable,) = dashboard["templating"]["list"]
    assert variable == {
        **variable,
        "name": "datasource",
        "type": "datasource",
        "query": "prometheus",
    }
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        assert panel["gridPos"]["x"] >= 0 and panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
        for target in panel.get("targets", []):
            assert target["datasource"]["uid"] == "${datasource}"
    titles = " ".join(panel["title"] for panel in dashboard["panels"])
    for needed in (
        "error budget remaining",
        "burn rate",
        "Interview funnel",
        "LLM cost",
        "Fallbacks",
    ):
        assert needed in titles
    assert "DS_PROMETHEUS" not in json.dumps(dashboard)


def test_every_dashboard_query_is_valid_promql(tmp_path: Path) -> None:
    promtool = require_binary("promtool")
    queries = dashboard_queries(build_dashboard(load_spec()))
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:query{index}", "expr": expr}
                    for index, expr in enumerate(queries)
                ],
            }
        ]
    }
    (tmp_path / "dashboard.rules.yml").write_text(yaml.safe_dump(rules))
    result = subprocess.run(
        [promtool, "check", "rules", "dashboard.rules.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_panelist_slo_rules_and_dashboard_write_files(tmp_path: Path, tmp_data_dir: Path) -> None:
    result = runner.invoke(app, ["slo", "rules", "--out", str(tmp_path / "rules")])
    assert result.exit_code == 0, result.output
    rules = tmp_path / "rules" / RULES_FILENAME
    assert f"wrote {rules}" in result.output
    assert "AvailabilityBudgetBurnFast" in rules.read_text()

    result = runner.invoke(app, ["slo", "dashboard", "--out", str(tmp_path / "panelist.json")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "panelist.json").read_text())["uid"] == "panelist-slo"


def test_a_custom_spec_from_the_option_or_the_setting(
    tmp_path: Path, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = yaml.safe_load(default_spec_text())
    data["service"] = "panelist-eu"
    data["slos"] = [data["slos"][0] | {"objective": 0.995}]
    spec = tmp_path / "slo.yaml"
    spec.write_text(yaml.safe_dump(data))

    result = runner.invoke(app, ["slo", "rules", "--out", str(tmp_path / "a"), "--spec", str(spec)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "a" / RULES_FILENAME).read_text()
    assert "panelist-eu-slo-availability" in text and "> 0.072" in text  # 14.4 x 0.5 %
    assert "latency" not in text

    monkeypatch.setenv("PANELIST_SLO_SPEC_PATH", str(spec))
    result = runner.invoke(app, ["slo", "rules", "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / RULES_FILENAME).read_text() == text


def test_panelist_slo_spec_prints_the_default() -> None:
    result = runner.invoke(app, ["slo", "spec"])
    assert result.exit_code == 0
    assert parse_spec(result.stdout, "stdout").slos[0].name == "availability"
