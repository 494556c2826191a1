"""Signed tokens (the session cookie, CSRF) with HMAC-SHA256 and the app's secret key.

A token is ``base64url(json payload) "." base64url(hmac)``; the HMAC covers a purpose string
too, so a token signed for one purpose is never accepted for another. Who is signed in is
decided server-side (``panelist.storage.sessions``), not by a signature alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from panelist.config import Settings

SECRET_FILE = "secret_key"


def resolve_secret_key(settings: Settings) -> bytes:
    """Settings.secret_key, or (development) one generated once and kept in ``data_dir``."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value().encode("utf-8")
    path = Path(settings.data_dir) / SECRET_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key.encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs and checks small JSON payloads, each with a purpose and an issue time."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _mac(self, purpose: str, body: str) -> str:
        digest = hmac.new(self._key, f"{purpose}\n{body}".encode(), hashlib.sha256).digest()
        return _b64(digest)

    def sign(self, purpose: str, payload: dict[str, Any], *, now: float | None = None) -> str:
        document = {**payload, "iat": int(now if now is not None else time.time())}
        body = _b64(json.dumps(document, separators=(",", ":"), sort_keys=True).encode())
        return f"{body}.{self._mac(purpose, body)}"

    def unsign(
        self, purpose: str, token: str, *, max_age: float, now: float | None = None
    ) -> dict[str, Any] | None:
        """The payload, or None when the token is forged, for another purpose or too old."""
        body, _, mac = token.partition(".")
        if not body or not mac or not hmac.compare_digest(mac, self._mac(purpose, body)):
            return None
        try:
            document = json.loads(_unb64(body))
        except ValueError:
            return None
        if not isinstance(document, dict) or not isinstance(document.get("iat"), int):
            return None
        age = (now if now is not None else time.time()) - document["iat"]
        if age < -60 or age > max_age:
            return None
        return document

    def csrf_token(self, session_id: str) -> str:
        """The CSRF token of a session: forms carry it, POST handlers compare it."""
        return self._mac("csrf", session_id)

    def check_csrf(self, session_id: str | None, token: str | None) -> bool:
        if not session_id or not token:
            return False
        return hmac.compare_digest(token, self.csrf_token(session_id))
