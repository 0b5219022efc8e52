"""The contact kinds: e-mail addresses and usernames, level functions and
evaluators.

An e-mail agrees exactly, by its local part, or by a similar local part; a
username agrees with the other side's e-mail local part, with a handle built from
the person's names (cut at the platform's limit, behind a decoration), with the
family name inside it, or by similarity to a built handle. Numbers that disagree
("sigrid1979" ~ "sigrid1999") undo a letters-only agreement.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.codes import (
    Memo,
    contains,
    initial_col,
    jw,
    length,
    select,
    strings,
)
from identitylink._engine.features import HANDLE_LENGTH, Side
from identitylink._engine.kinds import Evaluator, one_reading, register, shown_text
from identitylink._engine.local_digits import numbers_disagree
from identitylink._engine.username_forms import (
    given_with_family_start,
    without_decoration,
)
from identitylink.comparisons import EmailComparison, UsernameComparison

__all__ = ["email_levels", "username_levels"]

Int = npt.NDArray[np.int64]
_FAMILY_IN_USERNAME = 3
"""Letters a family name needs before it counts as found inside a username: a
shorter one ("Li", "Ng") occurs inside too many unrelated usernames."""
_GIVEN_IN_USERNAME = 2
"""Letters a given name needs to count beside the family name ("jo" in
"jo_wood"); a single letter is the initial, checked apart."""
_SIMILAR_HANDLES = 2
"""Name-built handles the Jaro-Winkler username level tries: the first two
(given+family, family+given) are how most people build a username; fuzzy-matching
the initial-based ones as well makes near misses of unrelated people."""


def email_levels(
    memo: Memo, c: EmailComparison, left: Side, right: Side, li: Int, ri: Int
) -> npt.NDArray[np.int8]:
    el, er = memo.codes("email", left.email, right.email)
    ll, lr = memo.codes("elocal", left.email_local, right.email_local)
    null = (el[li] < 0) | (er[ri] < 0)
    exact = el[li] == er[ri]
    local = (ll[li] == lr[ri]) & (ll[li] >= 0)
    sim = jw(left.email_local[li], right.email_local[ri]) >= c.local_jaro_winkler
    # Letters alike, numbers not ("sigrid1979@" ~ "sigrid1999@"): two addresses.
    at = np.flatnonzero(~exact & (local | sim))
    differ = numbers_disagree(left.handle_years[li[at]], right.handle_years[ri[at]])
    local[at[differ]] = False
    sim[at[differ]] = False
    out = select([exact, local, sim], len(li))
    out[null] = 0
    return out


def username_levels(
    memo: Memo, c: UsernameComparison, left: Side, right: Side, li: Int, ri: Int
) -> npt.NDArray[np.int8]:
    if "user" not in memo.store:  # the e-mail local parts cut like usernames
        local = np.array([e[:HANDLE_LENGTH] for e in left.email_local], dtype=object)
        memo.codes("user", right.username, local, left.handles)
    codes = memo.store["user"]
    ur, el, hl = codes[0][ri], codes[1][li], codes[2][li]
    null = (ur < 0) | ((el < 0) & (hl < 0).all(axis=1))
    by_local = (ur == el) & (el >= 0)
    at = np.flatnonzero(by_local)  # "dorota_1953" is not "dorota1941@..."
    by_local[at] = ~numbers_disagree(
        left.handle_years[li[at]], right.handle_years[ri[at]]
    )
    by_handle = (hl == ur[:, None]).any(axis=1)
    user = right.username[ri]
    open_ = np.flatnonzero(~null & ~by_local & ~by_handle)
    # A username cut by the platform's limit ("susanne_schlehm") starts a handle.
    cut = open_[length(user[open_]) >= c.min_prefix]
    if len(cut):
        u_cut = strings(user[cut])
        for h in range(left.handles.shape[1]):
            handle = strings(left.handles[li[cut], h])
            by_handle[cut] |= np.strings.startswith(handle, u_cut)
    # A decoration in front of a handle ("itsfranciscag", "realjdupont").
    open_ = np.flatnonzero(~null & ~by_local & ~by_handle)
    decorated, bare = without_decoration(strings(user[open_]))
    dec = open_[decorated]
    if len(dec):
        bare_dec = bare[decorated]
        cut_ok = np.strings.str_len(bare_dec) >= c.min_prefix
        for h in range(left.handles.shape[1]):
            handle = strings(left.handles[li[dec], h])
            by_handle[dec] |= (handle == bare_dec) | (
                cut_ok & np.strings.startswith(handle, bare_dec)
            )
    # The family name inside the username, with the given name or its initial
    # ("victor_berre656", "malz_ingbert", "jwood"), or its start after a given
    # name, the CRM's or the one the profile goes by ("tatyanadmit", "imlasselaurs").
    open_ = np.flatnonzero(~null & ~by_local & ~by_handle)
    _, bare = without_decoration(strings(user[open_]))
    family_l = strings(left.family[li[open_], 0])
    starts = given_with_family_start(
        bare, strings(left.given_first[li[open_], 0]), family_l
    ) | given_with_family_start(
        bare, strings(right.given_first[ri[open_], 0]), family_l
    )
    family = contains(user[open_], left.family[li[open_], 0], _FAMILY_IN_USERNAME)
    given = left.given_first[li[open_], 0]
    with_given = contains(user[open_], given, _GIVEN_IN_USERNAME)
    initial = initial_col(given)
    u_open = strings(user[open_])
    with_initial = np.strings.startswith(u_open, strings(initial)) | (
        np.strings.endswith(u_open, strings(initial))
    )
    has_name = np.zeros(len(li), dtype=bool)
    has_name[open_] = family & (with_given | (with_initial & (initial != "")))
    has_name[open_] |= starts
    sim = np.zeros(len(li), dtype=bool)
    rest = open_[~has_name[open_]]  # only pairs no better level has taken
    for h in range(min(_SIMILAR_HANDLES, left.handles.shape[1])):
        sim[rest] |= (
            jw(right.username[ri[rest]], left.handles[li[rest], h]) >= c.jaro_winkler
        )
    out = select([by_local, by_handle, has_name, sim], len(li))
    out[null] = 0
    return out


def _email_like_shown(
    comp: Any, side: Side, rows: Int, reading: Int, left: bool
) -> list[str | None]:
    if isinstance(comp, EmailComparison):
        return shown_text(side.email[rows])
    if left:  # a username is compared with the e-mail local part and the handles
        local, handle = side.email_local[rows], side.handles[rows, 0]
        return shown_text(np.where(local != "", local, handle))
    return shown_text(side.username[rows])


register(
    EmailComparison,
    Evaluator(
        levels=one_reading(email_levels),
        tf_column=lambda comp, side: side.email_local,
        shown=_email_like_shown,
        reads=("email", "email_local", "handle_years"),
    ),
)
register(
    UsernameComparison,
    Evaluator(
        levels=one_reading(username_levels),
        tf_column=lambda comp, side: side.email_local,
        shown=_email_like_shown,
        reads=(
            "username",
            "email_local",
            "handles",
            "handle_years",
            "family",
            "given_first",
        ),
    ),
)
