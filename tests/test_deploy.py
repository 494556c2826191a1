"""deploy/compose.yaml describes a deployment the real CLI and Settings accept.

Docker cannot pull images here, so the file is checked the way it will be run: every
container command is parsed by panelist's own command line, every PANELIST_* variable is
built into a Settings, and the wiring (migrate before serve, one shared port, readiness)
is read from the file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from panelist.cli.app import app
from panelist.config import Settings, load_settings
from panelist.storage.engine import normalise_url

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
GIVEN = {"POSTGRES_PASSWORD": "pw-from-the-operator", "PANELIST_SECRET_KEY": "k" * 43}


def interpolate(value: Any, given: dict[str, str]) -> Any:
    """Compose's ``${NAME}``, ``${NAME:-default}`` and ``${NAME:?error}``, as compose does."""
    if isinstance(value, dict):
        return {k: interpolate(v, given) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, given) for v in value]
    if not isinstance(value, str):
        return value

    def one(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if name in given:
            return given[name]
        if op == ":?":
            raise ValueError(f"{name} must be set: {arg}")
        return arg or ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, value)


def compose(given: dict[str, str] = GIVEN) -> dict[str, Any]:
    document = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return dict(interpolate(document, given))


def panelist_services(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: service
        for name, service in document["services"].items()
        if service.get("image") == "panelist:local"
    }


def service_settings(service: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The Settings a container of ``service`` builds: its PANELIST_* environment only."""
    for key in list(os.environ):
        if key.startswith("PANELIST_"):
            monkeypatch.delenv(key)
    for key, value in service["environment"].items():
        monkeypatch.setenv(key, str(value))
    return load_settings()


def parse_command(args: list[str]) -> tuple[str, dict[str, Any]]:
    """Parse ``panelist ARGS`` with the real command tree; (command path, its parameters)."""
    command: Any = typer.main.get_command(app)
    context = command.make_context("panelist", list(args), resilient_parsing=False)
    path = []
    while hasattr(command, "resolve_command"):  # a group: find the subcommand
        rest = [*context._protected_args, *context.args]
        name, sub, rest = command.resolve_command(context, rest)
        assert sub is not None and name is not None, f"no command in {args}"
        path.append(name)
        command, context = sub, sub.make_context(name, rest, parent=context)
    return " ".join(path), context.params


def test_every_container_command_is_one_the_cli_accepts() -> None:
    commands = {
        name: parse_command(service["command"])
        for name, service in panelist_services(compose()).items()
    }
    assert commands["migrate"] == ("db upgrade", commands["migrate"][1])
    for name in ("web-1", "web-2"):
        path, params = commands[name]
        assert path == "serve"
        assert params["reuse_port"] is True and params["port"] == 8000
        assert params["workers"] == 2
    path, params = commands["worker"]
    assert path == "worker" and params["threads"] >= 1
    with pytest.raises(Exception, match="No such option"):
        parse_command(["serve", "--reuse-prot"])  # the check does refuse a typo


def test_replicas_queue_slow_work_for_the_worker_on_one_shared_broker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queues = set()
    for name, service in panelist_services(compose()).items():
        settings = service_settings(service, monkeypatch)
        queues.add(settings.effective_queue_url)
        if name.startswith("web-"):
            assert settings.queue_workers == 0, f"{name} runs jobs itself"
    assert queues == {"redis://127.0.0.1:6379/0"}
    assert compose()["services"]["worker"]["depends_on"]["redis"] == {
        "condition": "service_healthy"
    }


def test_every_panelist_variable_builds_production_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, service in panelist_services(compose()).items():
        environment = {k: str(v) for k, v in service["environment"].items()}
        settings = service_settings(service, monkeypatch)
        unknown = {
            k for k in environment if k[len("PANELIST_") :].lower() not in Settings.model_fields
        }
        assert unknown == set(), f"{name}: not a setting"
        assert settings.environment == "production" and settings.secret_key is not None
        url = normalise_url(settings.effective_database_url)
        assert (url.drivername, url.host, url.port) == ("postgresql+psycopg", "127.0.0.1", 5432)


def test_a_missing_secret_stops_the_deploy_instead_of_starting_without_one() -> None:
    with pytest.raises(ValueError, match="PANELIST_SECRET_KEY must be set"):
        compose({"POSTGRES_PASSWORD": "pw"})


def test_replicas_start_after_the_migration_and_are_checked_for_readiness() -> None:
    document = compose()
    services = document["services"]
    migrate = services["migrate"]
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert migrate["restart"] == "no"
    for name in ("web-1", "web-2"):
        web = services[name]
        assert web["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
        assert web["network_mode"] == "host"  # SO_REUSEPORT: one network namespace
        assert "http://127.0.0.1:8000/readyz" in " ".join(web["healthcheck"]["test"])
    assert services["postgres"]["ports"] == ["127.0.0.1:5432:5432"]


def test_the_image_installs_the_package_whose_entry_point_the_commands_use() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    root = DEPLOY.parent
    for source in re.findall(r"^COPY (.+) \S+$", dockerfile, flags=re.MULTILINE):
        for path in source.split():
            assert (root / path).exists(), f"Dockerfile copies {path}, which is not in the repo"
    assert 'ENTRYPOINT ["panelist"]' in dockerfile
    pyproject = (root / "pyproject.toml").read_text()
    assert 'panelist = "panelist.cli.app:main"' in pyproject
    assert compose()["services"]["migrate"]["build"]["dockerfile"] == "deploy/Dockerfile"
