"""Reviewers and their passwords: PBKDF2-SHA256 hashes from the standard library.

A hash reads ``pbkdf2_sha256$<iterations>$<salt>$<digest>`` (salt and digest in
unpadded URL-safe base64), so the iteration count can grow without breaking the
hashes already written. A reviewers file has one reviewer a line::

    # name:hash[:platforms]
    ana:pbkdf2_sha256$600000$...$...
    bo:pbkdf2_sha256$600000$...$...:twitter

The optional third field is the policy: the platforms whose links that reviewer may
see and decide (all of them when it is absent).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path

from pydantic import BaseModel, Field

from identitylink.exceptions import ConfigurationError
from identitylink.types import Platform

__all__ = [
    "Reviewer",
    "hash_password",
    "load_reviewers",
    "parse_reviewers",
    "verify_password",
]

_SCHEME = "pbkdf2_sha256"
ITERATIONS = 600_000
"""PBKDF2 rounds for new hashes (OWASP's 2023 advice for SHA-256)."""

_PLATFORMS: tuple[Platform, ...] = ("twitter", "facebook")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, iterations: int = ITERATIONS) -> str:
    """A salted PBKDF2-SHA256 hash of ``password``, safe to store in a file."""
    if not password:
        raise ConfigurationError("a reviewer's password cannot be empty")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{_SCHEME}${iterations}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, hashed: str) -> bool:
    """True if ``password`` produces ``hashed`` (compared in constant time)."""
    try:
        scheme, rounds, salt, digest = hashed.split("$")
        iterations = int(rounds)
        expected = _unb64(digest)
        salt_bytes = _unb64(salt)
    except ValueError:
        return False
    if scheme != _SCHEME or iterations < 1:
        return False
    got = hashlib.pbkdf2_hmac("sha256", password.encode(), salt_bytes, iterations)
    return hmac.compare_digest(got, expected)


class Reviewer(BaseModel, frozen=True, extra="forbid"):
    """A person who may log in to the review page, and what the policy lets them see."""

    name: str = Field(min_length=1)
    password_hash: str = Field(min_length=1)
    platforms: frozenset[Platform] | None = None
    """The platforms whose links this reviewer may see and decide; ``None``: all."""

    def may_see(self, platform: str) -> bool:
        """Whether the policy lets this reviewer see a link on ``platform``."""
        return self.platforms is None or platform in self.platforms


def parse_reviewers(text: str, *, source: str = "reviewers") -> dict[str, Reviewer]:
    """Reviewers from the text of a reviewers file, by name (one per name)."""
    found: dict[str, Reviewer] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(":")
        where = f"{source} line {number}"
        if len(parts) not in (2, 3) or not parts[0].strip() or not parts[1].strip():
            raise ConfigurationError(
                f"{where}: expected 'name:hash' or 'name:hash:platforms', "
                "as `identitylink review hash-password` prints"
            )
        name, hashed = parts[0].strip(), parts[1].strip()
        if not hashed.startswith(f"{_SCHEME}$") or hashed.count("$") != 3:
            raise ConfigurationError(
                f"{where}: reviewer {name!r}: the hash is not a {_SCHEME} hash"
            )
        if name in found:
            raise ConfigurationError(f"{where}: reviewer {name!r} is listed twice")
        if name.lower() == "auto":
            raise ConfigurationError(
                f"{where}: 'auto' names the linker, not a reviewer: choose a name"
            )
        platforms: frozenset[Platform] | None = None
        if len(parts) == 3:
            wanted = {p.strip() for p in parts[2].split(",") if p.strip()}
            unknown = wanted.difference(_PLATFORMS)
            if unknown or not wanted:
                raise ConfigurationError(
                    f"{where}: reviewer {name!r}: platforms must be among "
                    f"{', '.join(_PLATFORMS)}, got {parts[2].strip()!r}"
                )
            platforms = frozenset(p for p in _PLATFORMS if p in wanted)
        found[name] = Reviewer(name=name, password_hash=hashed, platforms=platforms)
    return found


def load_reviewers(path: str | Path) -> dict[str, Reviewer]:
    """Reviewers from a reviewers file (see the module's docstring for the format)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"cannot read reviewers file {file}: {exc}") from exc
    return parse_reviewers(text, source=str(file))
