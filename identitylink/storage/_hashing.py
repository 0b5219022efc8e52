"""Salted hashes: what the store keeps instead of e-mail addresses and erased ids."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from pydantic import SecretStr

__all__ = ["email_hasher", "hash_email", "salted_hash"]


def salted_hash(value: str, salt: str | SecretStr) -> str:
    """HMAC-SHA256 of ``value`` keyed by ``salt``, as 64 hex digits."""
    key = salt.get_secret_value() if isinstance(salt, SecretStr) else salt
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def hash_email(email: str, salt: str | SecretStr) -> str:
    """The salted hash of an e-mail address in its canonical form (trimmed, lower)."""
    return salted_hash(email.strip().lower(), salt)


def email_hasher(salt: str | SecretStr) -> Callable[[str], str]:
    """:func:`hash_email` with the key set up once, for hashing many addresses."""
    key = salt.get_secret_value() if isinstance(salt, SecretStr) else salt
    keyed = hmac.new(key.encode(), digestmod=hashlib.sha256)

    def hash_one(email: str) -> str:
        h = keyed.copy()
        h.update(email.strip().lower().encode())
        return h.hexdigest()

    return hash_one
