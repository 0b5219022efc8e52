"""Profiles named as people name them: ``@handle``, ``handle`` or a profile URL.

:func:`parse_profile_ref` turns what a support agent pastes into an id or a handle;
:func:`profile_url` builds the address of a profile for the links file.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple
from urllib.parse import parse_qs, urlsplit

from identitylink.exceptions import InputError

__all__ = ["ProfileRef", "parse_profile_ref", "profile_url"]

_HOSTS = {
    "twitter": ("x.com", "twitter.com"),
    "facebook": ("facebook.com", "fb.com"),
}
_HOST_PREFIXES = ("www.", "mobile.", "m.")
_HANDLE = {
    "twitter": re.compile(r"^[A-Za-z0-9_]{1,15}$"),
    "facebook": re.compile(r"^[A-Za-z0-9.]{1,50}$"),
}
_DIGITS = re.compile(r"^[0-9]{1,64}$")


class ProfileRef(NamedTuple):
    """A profile as given: by ``id``, by ``handle``, or ``either`` (bare digits)."""

    kind: Literal["id", "handle", "either"]
    value: str


def _from_url(platform: str, text: str) -> ProfileRef:
    url = urlsplit(text if "://" in text else f"https://{text}")
    host = (url.hostname or "").lower()
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    if host not in _HOSTS.get(platform, ()):
        raise InputError(
            f"{text!r} is not a {platform} profile address "
            f"(expected {' or '.join(_HOSTS.get(platform, ()))})"
        )
    parts = [p for p in url.path.split("/") if p]
    if platform == "facebook" and parts[:1] == ["profile.php"]:
        ids = parse_qs(url.query).get("id", [])
        if ids and _DIGITS.match(ids[0]):
            return ProfileRef("id", ids[0])
    if platform == "twitter" and parts[:2] == ["i", "user"] and len(parts) > 2:
        return ProfileRef("id", parts[2])
    if not parts:
        raise InputError(f"{text!r}: the address names no profile")
    return _handle(platform, parts[0], text)


def _handle(platform: str, value: str, given: str) -> ProfileRef:
    pattern = _HANDLE.get(platform)
    if pattern is None or not pattern.match(value):
        raise InputError(f"{given!r} is not a {platform} handle")
    return ProfileRef("handle", value.casefold())


def parse_profile_ref(platform: str, text: str) -> ProfileRef:
    """What ``text`` names on ``platform``: ``@name``, ``name``, digits or a URL.

    ``https://x.com/name``, ``twitter.com/name``, ``facebook.com/name`` and
    ``facebook.com/profile.php?id=123`` are understood; handles compare in lower
    case. Bare digits may be an id or a handle (``either``).

    Raises:
        InputError: ``text`` is not a handle, an id or an address of ``platform``.
    """
    value = text.strip()
    if "/" in value or value.lower().startswith(("http:", "https:")):
        return _from_url(platform, value)
    if value.startswith("@"):
        return _handle(platform, value[1:], text)
    if _DIGITS.match(value):
        return ProfileRef("either", value)
    return _handle(platform, value, text)


def profile_url(
    platform: str, profile_id: str, scope: str, handle: str | None
) -> str | None:
    """The address of a profile, or ``None`` when it has no public one.

    X: ``https://x.com/<handle>`` (``/i/user/<id>`` without a handle). Facebook:
    ``https://www.facebook.com/<username>``, or ``profile.php?id=`` for a global
    id; an app- or page-scoped id without a username has no public address.
    """
    if platform == "twitter":
        return (
            f"https://x.com/{handle}"
            if handle
            else f"https://x.com/i/user/{profile_id}"
        )
    if handle:
        return f"https://www.facebook.com/{handle}"
    if scope == "global":
        return f"https://www.facebook.com/profile.php?id={profile_id}"
    return None
