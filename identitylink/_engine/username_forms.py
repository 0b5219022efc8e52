"""How people shape a username from their name, beyond the handles.

Handles (``jdupont``, ``jeandupont``) are exact shapes. Usernames also carry a
decoration in front ("its", "im", "real": ``itsfranciscag``, ``imlasselaurs``)
and a family name cut short after a given name (``tatyanadmit``, ``tanyatimuro``),
often the given name the person goes by rather than the CRM's. This module
recognises both, in bulk (numpy string functions over the open pairs).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from identitylink._engine.features import HANDLE_LENGTH, Side

__all__ = [
    "DECORATIONS",
    "given_with_family_start",
    "name_built_local",
    "own_name_username",
    "without_decoration",
]

Str = npt.NDArray[np.str_]
Bool = npt.NDArray[np.bool_]
Int = npt.NDArray[np.int64]

DECORATIONS = ("official", "real", "its", "iam", "the", "hey", "im", "mr", "ms")
"""Words put in front of a name in usernames, longest first (``iam`` before
``im``): "itsjohn", "realsarah", "imlasse", "thejdupont"."""

MIN_REST = 4
"""Letters a username must keep once its decoration is taken off: "imke" stays."""

MIN_FAMILY_START = 3
"""Letters of a family name's start that count after a given name ("tatyanadmit");
two ("anna.ko") would match a tenth of the family names."""


def without_decoration(user: Str) -> tuple[Bool, Str]:
    """(has a decoration, the username without it) per value."""
    length = np.strings.str_len(user)
    stripped = user.copy()
    found = np.zeros(len(user), dtype=bool)
    for word in DECORATIONS:
        hit = ~found & np.strings.startswith(user, word)
        hit &= length - len(word) >= MIN_REST
        if hit.any():
            stripped[hit] = np.strings.slice(user[hit], len(word), None)
            found |= hit
    return found, stripped


def given_with_family_start(user: Str, given: Str, family: Str) -> Bool:
    """Per pair: the username is ``given`` then the start of ``family`` (at least
    ``MIN_FAMILY_START`` letters), or that start then ``given``."""
    g_len = np.strings.str_len(given)
    u_len = np.strings.str_len(user)
    ok = (g_len >= 2) & (np.strings.str_len(family) >= MIN_FAMILY_START)
    out = np.zeros(len(user), dtype=bool)
    front = np.flatnonzero(ok & np.strings.startswith(user, given))
    if len(front):
        rest = np.strings.slice(user[front], g_len[front], None)
        out[front] = (np.strings.str_len(rest) >= MIN_FAMILY_START) & (
            np.strings.startswith(family[front], rest)
        )
    back = np.flatnonzero(ok & ~out & np.strings.endswith(user, given))
    if len(back):
        rest = np.strings.slice(user[back], 0, u_len[back] - g_len[back])
        out[back] = (np.strings.str_len(rest) >= MIN_FAMILY_START) & (
            np.strings.startswith(family[back], rest)
        )
    return out


def name_built_local(side: Side, rows: Int) -> Bool:
    """Per row: the e-mail local part is one of the handles its own name makes
    (``jamesburton@``). A namesake can choose the same username, so a username
    equal to such a local part is evidence, not identification; one equal to
    ``luckywolf41@`` identifies. A local part that is the first given name or the
    family name alone (``ramesh1946@``: letters ``ramesh``) is name-built too."""
    local = np.array([e[:HANDLE_LENGTH] for e in side.email_local[rows]], dtype=object)
    alone = (local == side.given_first[rows, 0]) | (local == side.family[rows, 0])
    out: Bool = ((side.handles[rows] == local[:, None]).any(axis=1) | alone) & (
        local != ""
    )
    return out


def own_name_username(side: Side, rows: Int) -> Bool:
    """Per row: the username is one of the handles the profile's own name makes
    (``vmoran`` for Victoria Moran): whoever bears the name may have chosen it."""
    user = side.username[rows]
    out: Bool = (side.handles[rows] == user[:, None]).any(axis=1) & (user != "")
    return out
