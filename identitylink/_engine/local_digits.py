"""Handles that differ by their numbers: ``dorota_1953`` is not ``dorota1941``.

Usernames and e-mail local parts are compared on their letters ("anna.berg" and
"annaberg" are one handle written two ways), which also makes "sigrid_1999" and
"sigrid1979@online.no" agree: two people named Sigrid who put their birth years
into their handles. The numbers are part of the handle. When both sides hold
numbers (a year or two digits, as :mod:`identitylink._engine.handle_years`
reads them) and none of them is the other's, the letters agreeing is not the
same handle. A year and its last two digits ("1982", "82") are one number.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from identitylink._engine.handle_years import HANDLE_YEAR_SLOTS

__all__ = ["numbers_disagree"]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


def _two_digits(numbers: Int) -> Int:
    """(n, slots) numbers as two digits (years cut), -1 where none."""
    out = numbers.copy()
    years = out[:, :HANDLE_YEAR_SLOTS]
    years[years >= 0] %= 100
    return out


def numbers_disagree(a: Int, b: Int) -> Bool:
    """Per pair of rows of two ``handle_years`` arrays: both hold numbers and
    they share none."""
    x, y = _two_digits(a), _two_digits(b)
    has_x, has_y = (x >= 0).any(axis=1), (y >= 0).any(axis=1)
    shared = ((x[:, :, None] == y[:, None, :]) & (x[:, :, None] >= 0)).any(axis=(1, 2))
    out: Bool = has_x & has_y & ~shared
    return out
