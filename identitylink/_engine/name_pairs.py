"""The ``name_pair`` blocking key: every pair of the words of a name, in no order.

A CRM that keeps one ``full_name`` column cannot say where a name's given part
ends and its family part begins: "Antonia Santiago Herrera" is a Spanish given
name and two surnames, "Anders Hedetoft Thomsen" a Danish one with a middle
name, "SANTOS FERREIRA MARIA CLARA" two surnames before two given names, and
"Hoàng Thanh Thư" a Vietnamese family name before the two given names its owner
goes by online ("Thanh Thu"). A profile shows a subset of those words, in its own
order. Keys built on "the family name" and "the given name" then miss the person
whenever the two parsings disagree; a pair of words the two names share does not
depend on the parsing. Given-name words are keyed by their nickname group (Javi
and Javier meet), particles and one-letter words are left out.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

import numpy as np
import pandas as pd

from identitylink._engine.features import Side
from identitylink.normalize import nickname_group
from identitylink.normalize._fullname import PARTICLES

__all__ = ["MAX_NAME_WORDS", "name_pair_frame", "name_pairs"]

MAX_NAME_WORDS = 6
"""Words of a name kept for its pairs (15 pairs at most): long Portuguese and
Spanish names have five or six, and more is noise from a bio-like display name."""


@lru_cache(maxsize=1 << 16)
def _group(word: str) -> str:
    group = nickname_group(word)
    letters = "".join(ch for ch in group if "a" <= ch <= "z")
    return letters or word


def _letters(word: str) -> str:
    return "".join(ch for ch in word if "a" <= ch <= "z")


@lru_cache(maxsize=1 << 18)
def name_pairs(given: str, family: str, words: str) -> tuple[str, ...]:
    """The sorted word pairs ("santiago antonia" as "antonia santiago") of a
    name from its folded given names, family key and family words."""
    tokens = [_group(w) for w in (_letters(g) for g in given.split()) if len(w) > 1]
    family_words = words.split() if words else [family]
    tokens += [w for w in family_words if len(w) > 1 and w not in PARTICLES]
    unique = sorted(set(tokens[:MAX_NAME_WORDS]))
    return tuple(f"{a} {b}" for a, b in combinations(unique, 2))


def name_pair_frame(side: Side) -> pd.DataFrame:
    """(row, reading, value) for every word pair of every record's name (the first
    reading: the others reorder the same words)."""
    given, family, words = side.given[:, 0], side.family[:, 0], side.family_words[:, 0]
    rows: list[int] = []
    values: list[str] = []
    for i, (g, f, w) in enumerate(zip(given, family, words, strict=True)):
        if not g or not (f or w):
            continue  # one word only ("Patrícia"): no pair
        found = name_pairs(str(g), str(f), str(w))
        rows.extend([i] * len(found))
        values.extend(found)
    return pd.DataFrame(
        {
            "row": np.asarray(rows, dtype=np.int64),
            "reading": np.full(len(rows), -1, dtype=np.int64),
            "value": np.asarray(values, dtype=object),
        }
    )
