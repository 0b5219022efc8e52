"""Birth years written into handles: ``daniel_1963``, ``anna1982@``, ``dark_lune68``.

People put their year of birth, whole or its last two digits, into usernames and
e-mail addresses. This module reads those numbers (a run of exactly four digits
that is a plausible year, or of exactly two digits) from a side's username and
e-mail local part, and compares them with the other side's birth year, in both
directions: a CRM's birth date against a profile's handle, a profile's birthday
against the CRM's e-mail address.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from identitylink._engine.columns import factorize

if TYPE_CHECKING:
    from identitylink._engine.features import Side

__all__ = ["HANDLE_YEAR_SLOTS", "handle_year_levels", "handle_years"]

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]

HANDLE_YEAR_SLOTS = 2
"""Numbers kept per kind (four-digit, two-digit) and record: handles rarely hold
more than two, and a third is more likely a street number or a counter."""

_YEARS = (1900, 2029)
"""Four-digit runs in this range read as years; others (``4821``) are counters."""

_RUN = re.compile(r"(?<!\d)(\d{4}|\d{2})(?!\d)")

NULL, YEAR, TWO_DIGITS, ELSE = 0, 1, 2, 3


def _numbers(text: str) -> tuple[list[int], list[int]]:
    four: list[int] = []
    two: list[int] = []
    for run in _RUN.findall(text):
        if len(run) == 4:
            year = int(run)
            if _YEARS[0] <= year <= _YEARS[1] and len(four) < HANDLE_YEAR_SLOTS:
                four.append(year)
        elif len(two) < HANDLE_YEAR_SLOTS:
            two.append(int(run))
    return four, two


def handle_years(usernames: Obj, emails: Obj) -> Int:
    """(n, 2 * slots): the four-digit years, then the two-digit numbers, found in
    each record's username and e-mail local part; -1 where there is none."""
    texts = np.asarray(
        [
            f"{u} {str(e).rsplit('@', 1)[0]}" if e else str(u)
            for u, e in zip(usernames, emails, strict=True)
        ],
        dtype=object,
    )
    codes, uniques = factorize(texts)
    table = np.full((len(uniques), 2 * HANDLE_YEAR_SLOTS), -1, dtype=np.int64)
    for k, text in enumerate(uniques):
        if not any(c.isdigit() for c in text):
            continue
        four, two = _numbers(text)
        table[k, : len(four)] = four
        table[k, HANDLE_YEAR_SLOTS : HANDLE_YEAR_SLOTS + len(two)] = two
    out: Int = table[codes]
    return out


def _one_way(year: Int, numbers: Int) -> tuple[npt.NDArray[np.bool_], ...]:
    """(four-digit match, two-digit match, numbers present) for birth years
    ``year`` (0: unknown) against the other side's handle numbers."""
    four, two = numbers[:, :HANDLE_YEAR_SLOTS], numbers[:, HANDLE_YEAR_SLOTS:]
    known = year > 0
    present = known & (numbers >= 0).any(axis=1)
    exact = known & (four == year[:, None]).any(axis=1)
    short = known & (two == (year % 100)[:, None]).any(axis=1)
    return exact, short, present


def handle_year_levels(
    left: Side, right: Side, li: Int, ri: Int
) -> npt.NDArray[np.int8]:
    """``null, year, two_digits, else`` per pair: a four-digit year equal to the
    other side's birth year, its last two digits, numbers that are neither, or no
    birth year facing a number at all."""
    exact_a, short_a, present_a = _one_way(left.birth[li, 0], right.handle_years[ri])
    exact_b, short_b, present_b = _one_way(right.birth[ri, 0], left.handle_years[li])
    out = np.full(len(li), NULL, dtype=np.int8)
    out[present_a | present_b] = ELSE
    out[short_a | short_b] = TWO_DIGITS
    out[exact_a | exact_b] = YEAR
    return out
