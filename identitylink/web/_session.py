"""The signed session cookie and its CSRF token (HMAC-SHA256, standard library).

The cookie holds ``<payload>.<signature>``: the payload is unpadded URL-safe base64
of a small JSON object (the reviewer's name once logged in, the CSRF token, the
time it was issued); the signature is an HMAC of the payload with the app's secret.
A cookie that was altered, signed with another secret or is older than the maximum
age is ignored, as if there were none. Every session, logged in or not, carries a
random CSRF token that each form repeats in a hidden field: a POST whose field does
not match its cookie's token is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

from pydantic import BaseModel, ValidationError

__all__ = ["ReviewSession", "SessionSigner"]


class ReviewSession(BaseModel, frozen=True, extra="forbid"):
    """What the cookie says: who is logged in (if anyone) and the CSRF token."""

    csrf: str
    reviewer: str | None = None
    issued: float


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    """Signs sessions into cookie values and reads them back."""

    def __init__(self, secret: bytes, *, max_age_s: float) -> None:
        self._secret = secret
        self.max_age_s = max_age_s

    def new(self, reviewer: str | None = None) -> ReviewSession:
        """A fresh session with a new CSRF token."""
        return ReviewSession(
            csrf=secrets.token_urlsafe(32), reviewer=reviewer, issued=time.time()
        )

    def _mac(self, payload: str) -> str:
        digest = hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256)
        return _b64(digest.digest())

    def dumps(self, session: ReviewSession) -> str:
        """The cookie value for ``session``."""
        payload = _b64(session.model_dump_json().encode())
        return f"{payload}.{self._mac(payload)}"

    def loads(self, value: str | None) -> ReviewSession | None:
        """The session in a cookie value; ``None`` if absent, forged or expired."""
        if not value or not value.isascii() or value.count(".") != 1:
            return None
        payload, mac = value.split(".")
        if not hmac.compare_digest(mac.encode(), self._mac(payload).encode()):
            return None
        try:
            session = ReviewSession.model_validate(json.loads(_unb64(payload)))
        except (ValueError, ValidationError):
            return None
        if not 0 <= time.time() - session.issued <= self.max_age_s:
            return None
        return session
