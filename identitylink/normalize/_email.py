"""E-mail addresses: one canonical form per mailbox, invalid ones flagged."""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel

__all__ = ["EmailNormalized", "canonical_email"]


class EmailNormalized(BaseModel, frozen=True, extra="forbid"):
    """An e-mail address and its canonical form (``None`` when invalid)."""

    original: str
    canonical: str | None = None
    local: str | None = None
    domain: str | None = None
    valid: bool = False
    reason: str | None = None


# Google ignores dots in the local part and drops everything from "+".
_GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
# Providers documented (or widely confirmed) to deliver "user+tag" to "user".
_PLUS_TAG_DOMAINS = frozenset(
    {
        "outlook.com",
        "outlook.fr",
        "outlook.de",
        "outlook.es",
        "outlook.it",
        "outlook.pt",
        "outlook.be",
        "hotmail.com",
        "hotmail.fr",
        "hotmail.de",
        "hotmail.es",
        "hotmail.it",
        "hotmail.co.uk",
        "hotmail.nl",
        "hotmail.be",
        "live.com",
        "live.fr",
        "live.de",
        "live.nl",
        "live.be",
        "live.it",
        "live.co.uk",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "fastmail.com",
        "fastmail.fm",
        "protonmail.com",
        "protonmail.ch",
        "proton.me",
        "pm.me",
    }
)
_LOCAL_CHARS = re.compile(r"^[\w!#$%&'*+/=?^`{|}~.-]+$")
_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_ANGLE = re.compile(r"<([^<>]*)>")


def _invalid(original: str, reason: str) -> EmailNormalized:
    return EmailNormalized(original=original, valid=False, reason=reason)


def _ascii_domain(domain: str) -> str | None:
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None


@lru_cache(maxsize=1 << 16)
def _canonical(original: str) -> EmailNormalized:
    text = original.strip()
    angle = _ANGLE.search(text)
    if angle:
        text = angle.group(1).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    text = text.strip(" \t\r\n\"'").rstrip(".")
    if not text:
        return _invalid(original, "empty")
    if any(c.isspace() for c in text):
        return _invalid(original, "contains whitespace")
    if text.count("@") != 1:
        return _invalid(original, "needs exactly one '@'")
    local, domain = text.lower().split("@")
    if not local:
        return _invalid(original, "empty local part")
    if len(local) > 64:
        return _invalid(original, "local part longer than 64 characters")
    if not _LOCAL_CHARS.match(local):
        return _invalid(original, "forbidden character in the local part")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return _invalid(original, "misplaced dot in the local part")
    ascii_domain = _ascii_domain(domain.rstrip("."))
    if not ascii_domain:
        return _invalid(original, "invalid international domain")
    if len(ascii_domain) > 253:
        return _invalid(original, "domain longer than 253 characters")
    labels = ascii_domain.split(".")
    if len(labels) < 2:
        return _invalid(original, "domain has no dot")
    if not all(_DOMAIN_LABEL.match(label) for label in labels):
        return _invalid(original, "invalid domain label")
    if not _TLD.match(labels[-1]):
        return _invalid(original, "invalid top-level domain")
    if ascii_domain in _GMAIL_DOMAINS:
        ascii_domain = "gmail.com"
        local = local.split("+", 1)[0].replace(".", "")
    elif ascii_domain in _PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0]
    if not local:
        return _invalid(original, "empty local part once the +tag is removed")
    return EmailNormalized(
        original=original,
        canonical=f"{local}@{ascii_domain}",
        local=local,
        domain=ascii_domain,
        valid=True,
    )


def canonical_email(text: str | None) -> EmailNormalized:
    """Canonical form of an e-mail address: one string per mailbox.

    Lower-cased and trimmed ("Name <a@b.c>" and "mailto:" accepted). Gmail and
    Googlemail: dots and "+tag" removed, domain ``gmail.com``. Outlook/Hotmail/Live,
    iCloud/me.com, Fastmail and Proton: "+tag" removed. Invalid addresses give
    ``valid=False`` and a ``reason``, never an exception.

    >>> canonical_email(" J.Dupont+promo@GoogleMail.com ").canonical
    'jdupont@gmail.com'
    """
    if text is None:
        return _invalid("", "missing")
    return _canonical(text)
