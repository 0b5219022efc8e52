"""Phone numbers to E.164 with ``phonenumbers`` (libphonenumber's metadata)."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from pydantic import BaseModel

from identitylink.normalize._countries import country_code

__all__ = ["PhoneNormalized", "normalize_phone"]

_MAX_LENGTH = 64


class PhoneNormalized(BaseModel, frozen=True, extra="forbid"):
    """A phone number in E.164 (``+33612345678``), or ``None`` and the reason why."""

    original: str
    e164: str | None = None
    reason: str | None = None


@lru_cache(maxsize=1 << 17)
def _normalize(text: str, region: str | None) -> PhoneNormalized:
    stripped = text.strip()
    if not stripped:
        return PhoneNormalized(original=text, reason="empty")
    if len(stripped) > _MAX_LENGTH:
        return PhoneNormalized(original=text, reason="too long for a phone number")
    candidate = stripped
    if region is None and candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as exc:
        return PhoneNormalized(original=text, reason=f"unparseable: {exc}")
    if not phonenumbers.is_valid_number(number):
        where = phonenumbers.region_code_for_number(number) or "any region"
        return PhoneNormalized(original=text, reason=f"not a valid number for {where}")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return PhoneNormalized(original=text, e164=e164)


def normalize_phone(
    text: str | None, default_region: str | None = None
) -> PhoneNormalized:
    """E.164 form of a phone number; ``e164=None`` and a ``reason`` when impossible.

    ``default_region`` (ISO-2, usually the record's country; a country name is
    accepted too) is used for numbers written without a country code. Never raises.

    >>> normalize_phone("06 12 34 56 78", "FR").e164
    '+33612345678'
    """
    if text is None:
        return PhoneNormalized(original="", reason="missing")
    return _normalize(text, _region(default_region))


@lru_cache(maxsize=1 << 10)
def _region(default_region: str | None) -> str | None:
    """ISO-2 region from a code ("fr", "UK") or a country name ("France")."""
    if not default_region or not default_region.strip():
        return None
    return country_code(default_region)
