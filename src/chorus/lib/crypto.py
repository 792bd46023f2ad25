"""Encryption at rest for special-category fields.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from the
`cryptography` package) under a list of keys: the first (newest) key encrypts,
every key in the list decrypts, so keys can be rotated without downtime.
`chorus manage reencrypt` rewrites every encrypted value under the newest key;
after it has run, the live data no longer needs older keys, but backups made before
still do: keep a retired key at the end of the list as long as such backups are kept
(docs/backups.md).

This module must never log, print or put into an exception message a decrypted
value or a key.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Ciphertexts start with this marker so a plaintext value left by an old migration or
# written by hand is recognised (and re-encrypted) instead of failing to decrypt.
PREFIX = "enc1:"


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.CHORUS_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured(
            "CHORUS_ENCRYPTION_KEYS is empty: sensitive fields cannot be stored."
        )
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, UnicodeEncodeError) as exc:
        raise ImproperlyConfigured(
            "CHORUS_ENCRYPTION_KEYS holds a value that is not a Fernet key "
            "(44 URL-safe base64 characters; make one with `chorus newkey`)."
        ) from exc


def reset_keys() -> None:
    """Forget cached keys (after the settings changed, e.g. in tests or a rotation)."""
    _fernet.cache_clear()


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def encrypt(plaintext: str) -> str:
    return PREFIX + _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored value could not be decrypted with the configured keys."
        ) from exc


def rotate(stored: str) -> str:
    """The same value encrypted under the newest key (plaintext left over is encrypted)."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    token = stored[len(PREFIX) :].encode("ascii")
    try:
        return PREFIX + _fernet().rotate(token).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored value could not be decrypted with the configured keys."
        ) from exc


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. It cannot be searched, filtered or sorted in SQL.

    Empty strings are stored as empty strings, so "has a value" stays visible; the
    value itself never is.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
