"""Shared fixtures. Tests run with the network off: only loopback connections are allowed."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # the scorer's modules are imported by the fixtures that need them
    from panelist.catalog.loader import Catalog
    from panelist.evaluation.graded import GradedAnswer
    from panelist.scoring.embedded import EmbeddedScorer

IN_CI = os.environ.get("CI", "").lower() == "true"
REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data" / "scoring"


def require(condition: bool, why: str) -> None:
    """Skip a test whose external need is missing; under CI=true, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{why} (CI=true: this test must run, not skip)")
    pytest.skip(why)


# The Debian package that ships a binary, where its name differs from the binary's.
DEBIAN_PACKAGES = {"pdftoppm": "poppler-utils", "promtool": "prometheus"}


def require_binary(name: str) -> str:
    path = shutil.which(name)
    package = DEBIAN_PACKAGES.get(name, name)
    require(path is not None, f"{name} is not installed (apt-get install -y {package})")
    assert path is not None
    return path


_real_connect = socket.socket.connect


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RuntimeError(
            f"test tried to reach the network at {address!r}; tests stay on loopback"
        )
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    yield


@pytest.fixture
def tmp_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated PANELIST_DATA_DIR for the test."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("PANELIST_DATA_DIR", str(data))
    return data


# The built-in catalog, the default (semantic) scorer and the graded set's calibration split
# (held_out is measure-only: never read by a test), for the tests of the level of a score.
@pytest.fixture(scope="session")
def catalog() -> Catalog:
    from panelist.catalog import builtin_catalog_dir, load_catalog

    return load_catalog(builtin_catalog_dir())


@pytest.fixture(scope="session")
def semantic() -> EmbeddedScorer:
    from panelist.scoring.embedded import EmbeddedScorer
    from panelist.scoring.semantic import load_encoder

    return EmbeddedScorer(encoder=load_encoder("on"))


@pytest.fixture(scope="session")
def calibration_split() -> dict[str, GradedAnswer]:
    from panelist.evaluation.graded import read_graded

    return {a.id: a for a in read_graded() if a.split == "calibration"}
