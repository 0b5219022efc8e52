"""E-mail addresses: one canonical form per mailbox, invalid ones flagged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pydantic import BaseModel

__all__ = [
    "EmailNormalized",
    "canonical_email",
    "canonical_emails",
    "email_problem",
]


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


def _ascii_domain(domain: str) -> str | None:
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None


# The common case in one match: a plain ASCII address, already trimmed.
_PLAIN = re.compile(
    r"(?P<local>[a-z0-9_%+'-]+(?:\.[a-z0-9_%+'-]+)*)"
    r"@(?P<domain>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})"
)

# (local, domain) of a valid address, or the reason it is not one.
_Parts = tuple[str, str] | str


def _finish(local: str, domain: str) -> _Parts:
    """Provider rules: Gmail dots and tags, other providers' tags."""
    if domain in _GMAIL_DOMAINS:
        domain = "gmail.com"
        local = local.split("+", 1)[0].replace(".", "")
    elif domain in _PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0]
    if not local:
        return "empty local part once the +tag is removed"
    return local, domain


@lru_cache(maxsize=1 << 14)
def _parts(original: str) -> _Parts:
    lowered = original.strip().lower()
    plain = _PLAIN.fullmatch(lowered)
    if (
        plain is not None
        and lowered[0] != "'"
        and len(plain.group("local")) <= 64
        and len(lowered) <= 254
    ):
        return _finish(plain.group("local"), plain.group("domain"))
    return _checked(original)


def _checked(original: str) -> _Parts:
    """The full check, for anything but a plain address: says what is wrong."""
    text = original.strip()
    angle = _ANGLE.search(text)
    if angle:
        text = angle.group(1).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    text = text.strip(" \t\r\n\"'").rstrip(".")
    if not text:
        return "empty"
    if any(c.isspace() for c in text):
        return "contains whitespace"
    if text.count("@") != 1:
        return "needs exactly one '@'"
    local, domain = text.lower().split("@")
    if not local:
        return "empty local part"
    if len(local) > 64:
        return "local part longer than 64 characters"
    if not _LOCAL_CHARS.match(local):
        return "forbidden character in the local part"
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return "misplaced dot in the local part"
    ascii_domain = _ascii_domain(domain.rstrip("."))
    if not ascii_domain:
        return "invalid international domain"
    if len(ascii_domain) > 253:
        return "domain longer than 253 characters"
    labels = ascii_domain.split(".")
    if len(labels) < 2:
        return "domain has no dot"
    if not all(_DOMAIN_LABEL.match(label) for label in labels):
        return "invalid domain label"
    if not _TLD.match(labels[-1]):
        return "invalid top-level domain"
    return _finish(local, ascii_domain)


def email_problem(text: str) -> str | None:
    """Why ``text`` is not an e-mail address (what ``canonical_email`` gives as
    ``reason``), or None when it is one; nothing is cached."""
    lowered = text.strip().lower()
    plain = _PLAIN.fullmatch(lowered)
    if (
        plain is not None
        and lowered[0] != "'"
        and len(plain.group("local")) <= 64
        and len(lowered) <= 254
    ):
        parts = _finish(plain.group("local"), plain.group("domain"))
    else:
        parts = _checked(text)
    return parts if isinstance(parts, str) else None


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
        return EmailNormalized(original="", valid=False, reason="missing")
    parts = _parts(text)
    if isinstance(parts, str):
        return EmailNormalized(original=text, valid=False, reason=parts)
    local, domain = parts
    return EmailNormalized(
        original=text,
        canonical=f"{local}@{domain}",
        local=local,
        domain=domain,
        valid=True,
    )


def canonical_emails(texts: Iterable[str | None]) -> list[str | None]:
    """``canonical_email(t).canonical`` for many addresses, without the models.

    For columns of a data frame: no per-address object is built, and each distinct
    address is worked out once.

    >>> canonical_emails(["A.B@gmail.com", "not an address", None])
    ['ab@gmail.com', None, None]
    """
    values = list(texts)
    present = [t for t in values if t]
    if not present:
        return [None for _ in values]
    found = iter(_canonical_many(present))
    return [next(found) if t else None for t in values]


# ``_PLAIN`` per line of many lower-cased addresses, or any other line.
_PLAIN_OR_OTHER = re.compile(rf"^(?:{_PLAIN.pattern}|.+)$", re.MULTILINE)


def _canonical_many(texts: list[str]) -> list[str | None]:
    """Canonical forms of non-empty texts: the plain addresses picked out by one
    regex over all of them (lower-cased at once), the others through ``_parts``."""
    lowered = "\n".join(texts).lower()
    if lowered.count("\n") == len(texts) - 1:
        matches = _PLAIN_OR_OTHER.findall(lowered)
    else:  # line breaks inside a text: each address on its own
        matches = []
    if len(matches) != len(texts):
        matches = [("", "")] * len(texts)
    out: list[str | None] = []
    for text, (local, domain) in zip(texts, matches, strict=True):
        if local and local[0] != "'" and len(local) <= 64:
            address = f"{local}@{domain}"
            if len(address) <= 254:
                if domain in _GMAIL_DOMAINS or domain in _PLUS_TAG_DOMAINS:
                    parts = _finish(local, domain)
                    out.append(None if isinstance(parts, str) else "@".join(parts))
                else:
                    out.append(address)
                continue
        parts = _parts(text)
        out.append(None if isinstance(parts, str) else f"{parts[0]}@{parts[1]}")
    return out
