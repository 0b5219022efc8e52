"""Several given names on both sides: the first agreeing is not enough.

"Thị Hằng" and "Thị Thảo" share their first given name, as do "Jean Louis" and
"Jean Pierre", "Maria João" and "Maria José": the first word is the one that
many people share (Vietnamese women carry "Thị" as a middle name, a Portuguese
"Maria" or a French "Jean" is followed by the name that tells people apart).
When both records have several given names and the words after the first
disagree (neither is an initial or a word of the other), the pair is not a
nickname agreement of the first words; it is as similar as the full given names
are. One side with a single given name ("Maria" ~ "Maria Clara") is no conflict.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["later_given_names_conflict"]

Obj = npt.NDArray[np.object_]
Bool = npt.NDArray[np.bool_]


def _compatible(a: list[str], b: list[str]) -> bool:
    """Whether two lists of later given names can be one person's: a shared word,
    or a word of one that starts the other's (an initial, "L." for "Louis")."""
    for x in a:
        for y in b:
            if (
                x == y
                or (len(x) == 1 and y.startswith(x))
                or (len(y) == 1 and x.startswith(y))
            ):
                return True
    return False


def later_given_names_conflict(given_l: Obj, given_r: Obj) -> Bool:
    """Per pair of folded given-name strings ("thi hang", "thi thao"): both have
    several words and the words after the first cannot be the same person's."""
    out = np.zeros(len(given_l), dtype=bool)
    for k, (a, b) in enumerate(zip(given_l, given_r, strict=True)):
        rest_a, rest_b = str(a).split()[1:], str(b).split()[1:]
        if rest_a and rest_b and rest_a != rest_b:
            out[k] = not _compatible(rest_a, rest_b)
    return out
