"""Webhook signatures: X's CRC and header, Meta's header and ``signed_request``.

Every check is an HMAC-SHA256 over the raw bytes, compared in constant time, and
runs before the body is parsed. Secrets are only ever passed in, never logged.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from pydantic import SecretStr

from identitylink.exceptions import SignatureError

__all__ = [
    "meta_signature",
    "parse_signed_request",
    "verify_meta_signature",
    "verify_x_signature",
    "x_crc_response",
    "x_signature",
]


def _key(secret: str | SecretStr) -> bytes:
    raw = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    return raw.encode()


def _mac(secret: str | SecretStr, message: bytes) -> bytes:
    return hmac.new(_key(secret), message, hashlib.sha256).digest()


def x_signature(secret: str | SecretStr, message: bytes) -> str:
    """``sha256=`` and the base64 HMAC-SHA256 of ``message``, as X computes it."""
    return "sha256=" + base64.b64encode(_mac(secret, message)).decode()


def x_crc_response(secret: str | SecretStr, crc_token: str) -> dict[str, str]:
    """The answer to X's challenge-response check: ``{"response_token": ...}``."""
    return {"response_token": x_signature(secret, crc_token.encode())}


def verify_x_signature(
    secret: str | SecretStr, body: bytes, header: str | None
) -> None:
    """Check ``x-twitter-webhooks-signature``; :class:`SignatureError` if wrong."""
    if not header:
        raise SignatureError("missing x-twitter-webhooks-signature header")
    if not hmac.compare_digest(x_signature(secret, body).encode(), header.encode()):
        raise SignatureError("x-twitter-webhooks-signature does not match the body")


def meta_signature(secret: str | SecretStr, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``body``, as Meta computes it."""
    return "sha256=" + _mac(secret, body).hex()


def verify_meta_signature(
    secret: str | SecretStr, body: bytes, header: str | None
) -> None:
    """Check ``X-Hub-Signature-256``; :class:`SignatureError` if missing or wrong."""
    if not header:
        raise SignatureError("missing X-Hub-Signature-256 header")
    if not hmac.compare_digest(meta_signature(secret, body).encode(), header.encode()):
        raise SignatureError("X-Hub-Signature-256 does not match the body")


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_signed_request(
    secret: str | SecretStr, signed_request: str
) -> dict[str, Any]:
    """Verify Meta's ``signed_request`` (``<signature>.<payload>``) and decode it.

    The signature is the base64url HMAC-SHA256 of the encoded payload; it is checked
    before the payload is decoded. Raises :class:`SignatureError` when the request
    is malformed, unsigned or signed with another secret.
    """
    signature, dot, payload = signed_request.partition(".")
    if not dot or not signature or not payload:
        raise SignatureError("signed_request is not '<signature>.<payload>'")
    try:
        given = _b64url(signature)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("signed_request signature is not base64url") from exc
    if not hmac.compare_digest(_mac(secret, payload.encode()), given):
        raise SignatureError("signed_request signature does not match")
    try:
        data = json.loads(_b64url(payload))
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("signed_request payload is not base64url JSON") from exc
    if not isinstance(data, dict):
        raise SignatureError("signed_request payload is not a JSON object")
    if str(data.get("algorithm", "")).upper() != "HMAC-SHA256":
        raise SignatureError("signed_request algorithm is not HMAC-SHA256")
    return data
