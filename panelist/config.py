"""One Settings object, built once and passed in.

Values come from (highest first): explicit keyword arguments, ``PANELIST_*``
environment variables, a TOML/YAML-free ``.env``-style config file named by
``PANELIST_CONFIG_FILE``, then the defaults below. Nothing reads the
environment at import time: call :func:`load_settings`.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from panelist.errors import ConfigurationError


def default_data_dir() -> Path:
    """The per-user data directory (``~/.local/share/panelist`` on Linux)."""
    return Path(platformdirs.user_data_dir("panelist", appauthor=False))


class Settings(BaseSettings):
    """Every knob panelist has. See README "Configuration"."""

    model_config = SettingsConfigDict(
        env_prefix="PANELIST_",
        env_file=None,
        extra="forbid",
        validate_default=True,
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Default: SQLite (WAL) file in data_dir.",
    )
    state_cache_interviews: int = Field(
        default=4096,
        ge=0,
        description="Interviews whose state each server process keeps between requests: size "
        "it to the live interviews one process serves (an interview's next answer comes a "
        "minute after the last); about 75 KiB each mid-interview, 150 KiB at the end. "
        "0 keeps none.",
    )
    catalog_path: Path | None = Field(
        default=None,
        description="A directory of YAML that extends or overrides the built-in catalog by id.",
    )
    company_name: str = "ReliableOps"
    interviewer_name: str = "panelist"
    interview_minutes: int = Field(default=45, ge=5, le=240)
    max_follow_ups: int = Field(default=2, ge=0, le=5)
    seed: int | None = Field(default=None, description="Fixed seed for plans and wording.")

    scorer: str = Field(default="embedded", description="embedded | llm")
    semantic: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="The bundled MiniLM sentence model: auto (used when it loads, else words "
        "only), on (required), off.",
    )

    # web
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    secret_key: SecretStr | None = None
    public_url: str | None = None
    invite_ttl_hours: int = Field(default=72, ge=1)
    secure_cookies: bool = False
    environment: Literal["development", "production", "test"] = "development"
    max_request_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        description="A larger request body is refused with 413 before it is read whole.",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses or networks of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed (comma-separated in PANELIST_TRUSTED_PROXIES); "
        "empty: the socket's peer is the client, forwarded headers are ignored.",
    )
    session_hours: float = Field(default=12, gt=0, le=24 * 30)
    login_attempts: int = Field(default=5, ge=1, description="Failed sign-ins per window.")
    login_window_minutes: float = Field(default=15, gt=0)
    self_id_key: SecretStr | None = Field(
        default=None,
        description="Fernet key(s) encrypting voluntary self-identification; comma-separated "
        "to rotate (the first encrypts). Unset: self-identification is refused.",
    )

    # llm
    llm_backend: str | None = Field(default=None, description="openai | anthropic | fake")
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=30.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    llm_allow_external: bool = True
    llm_redact_pii: bool = True
    llm_budget_usd_per_interview: float = Field(default=1.0, ge=0)
    llm_prices: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description="model -> (USD per 1M input tokens, USD per 1M output tokens)",
    )

    # jobs: slow work (LLM judging, PDFs, webhooks) on a huey queue; see docs/operations.md
    queue_url: str | None = Field(
        default=None,
        description="sqlite:///PATH, redis://HOST:PORT/DB or postgresql://HOST/DB. Default: "
        "SQLite file queue.db in data_dir (no broker to install).",
    )
    queue_workers: int = Field(
        default=1,
        ge=0,
        le=32,
        description="Job worker threads `panelist serve`/`demo` run in-process; 0 when "
        "`panelist worker` processes run the jobs instead.",
    )
    job_retries: int = Field(default=4, ge=0, le=20, description="Retries after a failed job.")
    job_retry_delay_seconds: float = Field(
        default=2.0, ge=0, description="First retry delay; doubles on every further retry."
    )
    job_lease_seconds: float = Field(
        default=300.0,
        gt=0,
        description="A running job not finished by then is taken to be lost (its worker died) "
        "and is sent again; longer than any job takes.",
    )
    job_sweep_seconds: float = Field(
        default=30.0, gt=0, description="How often a worker re-sends lost or overdue jobs."
    )
    pdf_wait_seconds: float = Field(
        default=10.0,
        ge=0,
        description="How long a PDF download waits for its rendering job before answering 503 "
        "with Retry-After.",
    )
    webhook_url: str | None = Field(
        default=None,
        description="POSTed a JSON event when an interview completes (a job, retried).",
    )

    # observability
    log_level: str = "INFO"
    erase_log_files: list[Path] = Field(
        default_factory=list,
        description="Files this deployment's logs are kept in (JSON list of paths): an erasure "
        "(CLI or admin API) scrubs the candidate's name and e-mail from them too.",
    )
    log_json: bool = True
    log_redact: bool = Field(
        default=True,
        description="Keep candidate answers and personal data (email, names, tokens) out of logs.",
    )
    slo_spec_path: Path | None = None
    metrics_multiproc_dir: Path | None = None
    otel_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP endpoint for traces (else OTEL_EXPORTER_OTLP_ENDPOINT); off when unset.",
    )
    otel_service_name: str = "panelist"

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_networks(cls, value: object) -> object:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            return value
        networks = [str(item).strip() for item in items if str(item).strip()]
        for network in networks:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(
                    f"{network!r} is not an IP address or network: set "
                    "PANELIST_TRUSTED_PROXIES to addresses like 10.0.0.5,10.1.0.0/16"
                ) from None
        return networks

    @field_validator("scorer")
    @classmethod
    def _known_scorer(cls, value: str) -> str:
        if value not in {"embedded", "llm"}:
            raise ValueError(
                f"unknown scorer {value!r}: set PANELIST_SCORER to 'embedded' or 'llm'"
            )
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production" and self.secret_key is None:
            raise ValueError(
                "PANELIST_SECRET_KEY must be set in production: generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
            )
        return self

    @field_validator("queue_url")
    @classmethod
    def _known_queue(cls, value: str | None) -> str | None:
        schemes = ("sqlite:///", "redis://", "rediss://", "postgresql://", "postgresql+psycopg://")
        if value is not None and not value.startswith(schemes):
            raise ValueError(
                f"unsupported queue URL {value!r}: set PANELIST_QUEUE_URL to "
                "sqlite:///path/to/queue.db, redis://host:6379/0 or postgresql://host/db"
            )
        return value

    @property
    def effective_queue_url(self) -> str:
        """The job queue in use: the configured one or a SQLite file in ``data_dir``."""
        return self.queue_url or f"sqlite:///{self.data_dir / 'queue.db'}"

    @property
    def effective_database_url(self) -> str:
        """The database URL in use: the configured one or SQLite in ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'panelist.db'}"


def load_settings(**overrides: Any) -> Settings:
    """Build the Settings from the environment, an optional config file and overrides.

    A config file is named by ``PANELIST_CONFIG_FILE`` (``KEY=value`` lines, the
    same names as the environment variables).
    """
    import os

    from pydantic import ValidationError

    config_file = os.environ.get("PANELIST_CONFIG_FILE")
    kwargs: dict[str, Any] = dict(overrides)
    try:
        if config_file:
            if not Path(config_file).is_file():
                raise ConfigurationError(
                    f"PANELIST_CONFIG_FILE points to {config_file}, which does not exist: "
                    "create it or unset the variable."
                )
            return Settings(_env_file=config_file, **kwargs)
        return Settings(**kwargs)
    except ValidationError as exc:
        raise ConfigurationError(f"Invalid settings: {exc}") from exc
