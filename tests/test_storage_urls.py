"""Which database a URL means."""

from __future__ import annotations

from pathlib import Path

import pytest

from panelist.config import Settings
from panelist.errors import ConfigurationError
from panelist.storage.engine import normalise_url


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("postgresql://ann@db:5432/hr", "postgresql+psycopg://ann@db:5432/hr"),
        ("postgres://ann@db/hr", "postgresql+psycopg://ann@db/hr"),
        ("postgresql+psycopg://ann@db/hr", "postgresql+psycopg://ann@db/hr"),
        ("sqlite:////var/lib/panelist/panelist.db", "sqlite:////var/lib/panelist/panelist.db"),
    ],
)
def test_database_urls_are_normalised(given: str, meant: str) -> None:
    assert normalise_url(given).render_as_string(hide_password=False) == meant


def test_a_home_relative_sqlite_path_is_expanded() -> None:
    assert normalise_url("sqlite:///~/panelist.db").database == str(Path.home() / "panelist.db")


def test_the_default_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    url = normalise_url(Settings(data_dir=tmp_path).effective_database_url)
    assert url.get_backend_name() == "sqlite" and url.database == str(tmp_path / "panelist.db")


@pytest.mark.parametrize("given", ["mysql://ann@db/hr", "not a url"])
def test_other_databases_are_refused_with_the_supported_forms(given: str) -> None:
    with pytest.raises(ConfigurationError, match=r"sqlite:///|postgresql://"):
        normalise_url(given)
