"""Floors on the weight of agreeing levels: an exact agreement never counts against
a match.

EM can leave an agreeing level with ``m < u`` (in a block of namesakes the same
surname is the norm, so it barely tells a match from a non-match), and a
term-frequency adjustment can pull a common value ("bouchard", "milan") below
zero. Either would make an exact agreement *lower* a pair's weight below what a
missing value gives, which no reviewer can follow. Agreement is floored at
:data:`MIN_EXACT_BITS`: term frequency may shrink it, never flip it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from identitylink.comparisons import Comparison

__all__ = ["MIN_EXACT_BITS", "exact_levels", "floor_pair_weights", "floor_tables"]

F64 = npt.NDArray[np.float64]

MIN_EXACT_BITS = 0.1
"""The least weight, in bits, of a level where the two values are the same."""

_EXACT_NAMES = frozenset(
    {"exact", "compound_word", "city", "hometown", "email_local", "handle"}
)
"""Levels at which the compared values are equal (one word of a compound family
name, a username equal to the e-mail local part or to a known handle, the same
city or hometown, the same value)."""


def exact_levels(comp: Comparison) -> tuple[int, ...]:
    """Indexes (null = 0) of the comparison's levels of exact agreement."""
    return tuple(i for i, name in enumerate(comp.levels()) if name in _EXACT_NAMES)


def floor_tables(comparisons: Sequence[Comparison], tables: Sequence[F64]) -> list[F64]:
    """Weight tables (by level, or by (stratum, level)) with the exact levels
    raised to at least :data:`MIN_EXACT_BITS`, and one word of a compound family
    name weighing no more than the whole name (a few pairs of each can leave EM
    with the part above the whole)."""
    out = []
    for comp, table in zip(comparisons, tables, strict=True):
        t = np.array(table, dtype=np.float64, copy=True)
        for lv in exact_levels(comp):
            t[..., lv] = np.maximum(t[..., lv], MIN_EXACT_BITS)
        levels = comp.levels()
        if "compound_word" in levels:
            word, whole = levels.index("compound_word"), levels.index("exact")
            t[..., word] = np.minimum(t[..., word], t[..., whole])
        out.append(t)
    return out


def floor_pair_weights(
    comparisons: Sequence[Comparison], levels: npt.NDArray[np.int8], per: F64
) -> None:
    """In place: per-(pair, comparison) weights at an exact level, after term
    frequencies, raised to at least :data:`MIN_EXACT_BITS`."""
    for k, comp in enumerate(comparisons):
        exact = np.isin(levels[:, k], exact_levels(comp))
        if exact.any():
            per[exact, k] = np.maximum(per[exact, k], MIN_EXACT_BITS)
