"""Encryption at rest for voluntary self-identification (Fernet: AES-128-CBC + HMAC-SHA256).

``PANELIST_SELF_ID_KEY`` holds one key, or several separated by commas to rotate: the first
encrypts, every one decrypts.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from panelist.config import Settings
from panelist.errors import ConfigurationError

MAKE_KEY = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


class SelfIdCipher:
    def __init__(self, keys: str) -> None:
        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise _no_key()
        try:
            self._fernet = MultiFernet([Fernet(part) for part in parts])
        except ValueError as exc:
            raise ConfigurationError(
                "PANELIST_SELF_ID_KEY is not a Fernet key (32 url-safe base64-encoded bytes): "
                f"make one with `{MAKE_KEY}`."
            ) from exc

    def encrypt(self, plaintext: bytes) -> str:
        return self._fernet.encrypt(plaintext).decode("ascii")

    def decrypt(self, token: str) -> bytes:
        try:
            return self._fernet.decrypt(token.encode("ascii"))
        except InvalidToken as exc:
            raise ConfigurationError(
                "A stored self-identification cannot be decrypted with PANELIST_SELF_ID_KEY: "
                "it was encrypted with another key. Put the old key after the new one "
                "(comma-separated) to read it."
            ) from exc


def _no_key() -> ConfigurationError:
    return ConfigurationError(
        "Voluntary self-identification is stored only encrypted, and PANELIST_SELF_ID_KEY is "
        f"not set: make a key with `{MAKE_KEY}` and set PANELIST_SELF_ID_KEY to it (keep it "
        "apart from the database backups)."
    )


def cipher_from_settings(settings: Settings) -> SelfIdCipher:
    """The cipher of ``settings.self_id_key``; ConfigurationError (saying how) when unset."""
    if settings.self_id_key is None:
        raise _no_key()
    return SelfIdCipher(settings.self_id_key.get_secret_value())
