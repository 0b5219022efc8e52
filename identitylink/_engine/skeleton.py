"""Consonant skeletons: names written without their vowels.

Arabic and Hebrew script write few or no short vowels, so a name folded from
them reads "mhmd", "khld", "ywsf" where the CRM has Mohamed, Khaled, Youssef.
The skeleton keeps the consonants of a folded name (vowels, ``y`` and ``w``
dropped, as they stand for vowels in such spellings; doubled letters once), so
that both spellings meet: ``mhmd`` = ``mohammed`` = "mhmd". It is a blocking key
and, for a name written without vowels, a similar-spelling level.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from identitylink._engine.columns import column, factorize

__all__ = ["skeleton", "skeleton_column", "skeleton_match"]

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]
Bool = npt.NDArray[np.bool_]

_NOT_CONSONANT = re.compile(r"[^b-df-hj-np-tv-xz]+")
_DOUBLED = re.compile(r"(.)\1+")
_VOWEL = re.compile("[aeiou]")

MIN_SKELETON = 2
"""Consonants a skeleton needs to be a key: "l" (Ali) alone would join everyone
whose name has one consonant."""


def skeleton(folded: str) -> str:
    """The consonants of a folded name, runs of one letter once."""
    return _DOUBLED.sub(r"\1", _NOT_CONSONANT.sub("", folded.replace("w", "")))


def skeleton_column(values: Obj, *, words: bool = False) -> Obj:
    """The skeleton of every cell (one call per distinct value); with ``words``,
    the skeletons of its words, space-separated. Short skeletons are empty."""
    codes, uniques = factorize(values.ravel())

    def one(value: object) -> str:
        text = str(value) if value else ""
        parts = text.split() if words else [text]
        keys = [skeleton(p) for p in parts]
        return " ".join(k for k in keys if len(k) >= MIN_SKELETON)

    out: Obj = column([one(u) for u in uniques])[codes].reshape(values.shape)
    return out


def _vowelless_mask(values: Obj) -> Bool:
    """Per cell: a name with letters and no vowel (one test per distinct name)."""
    codes, uniques = factorize(values)
    table = np.array(
        [bool(u) and not _VOWEL.search(str(u)) for u in uniques], dtype=bool
    )
    out: Bool = table[codes] if len(uniques) else np.zeros(len(values), dtype=bool)
    return out


def skeleton_match(a: Obj, b: Obj, words_a: Obj, words_b: Obj) -> Bool:
    """Pairs where one name is written without vowels (``aeiou``) and its
    skeleton is the other's, or that of one word of the other's compound name."""
    out = np.zeros(len(a), dtype=bool)
    open_ = np.flatnonzero(
        (_vowelless_mask(a) | _vowelless_mask(b)) & (a != "") & (b != "")
    )
    for i in open_.tolist():
        x, y = str(a[i]), str(b[i])
        keys_x = {skeleton(w) for w in (str(words_a[i]) or x).split()} | {skeleton(x)}
        keys_y = {skeleton(w) for w in (str(words_b[i]) or y).split()} | {skeleton(y)}
        out[i] = any(len(k) >= MIN_SKELETON for k in keys_x & keys_y)
    return out
