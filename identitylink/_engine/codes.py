"""The kernel's building blocks: integer codes of values, string similarity and
the small vectorised helpers every comparison kind's level function uses.

A :class:`Memo` keeps per-record codes, lengths and initials for one run, so the
level functions of several comparisons (and several name readings) share them.
Small inputs (the few pairs of one profile, in the index) take plain-Python paths
that give the same results as the pandas ones without their set-up cost.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

__all__ = [
    "SMALL",
    "SMALL_CODES",
    "Memo",
    "codes",
    "contains",
    "has_space",
    "initial_col",
    "jw",
    "length",
    "select",
    "small_codes",
    "strings",
]

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]
Bool = npt.NDArray[np.bool_]

WORKERS = 2
"""rapidfuzz threads per similarity call: the pairs of one call are split in two,
leaving the machine's other cores to the caller (and to other executors' chunks)."""
THREADED_PAIRS = 4096


def jw(a: Obj, b: Obj) -> npt.NDArray[np.float32]:
    if len(a) == 0:
        return np.empty(0, dtype=np.float32)
    return np.asarray(
        process.cpdist(
            list(a),
            list(b),
            scorer=JaroWinkler.normalized_similarity,
            # Threads cost more than they save on the few pairs of one profile.
            workers=WORKERS if len(a) >= THREADED_PAIRS else 1,
        ),
        dtype=np.float32,
    )


SMALL_CODES = 2048
"""Below this many values a dict codes them faster than ``pd.factorize``'s set-up
(one profile's identify codes a few hundred values, 20-30 times per call)."""


def small_codes(flat: Obj) -> Int:
    """``pd.factorize``'s codes (order of first appearance), with missing values
    (``None``, NaN) and empty strings at -1."""
    seen: dict[object, int] = {}
    out = np.empty(flat.size, dtype=np.int64)
    for k, v in enumerate(flat.tolist()):
        out[k] = -1 if v is None or v == "" or v != v else seen.setdefault(v, len(seen))
    return out


def codes(*columns: Obj) -> list[Int]:
    """Integer codes shared across columns; empty strings get -1."""
    flat = np.concatenate([c.reshape(-1) for c in columns])
    if flat.size <= SMALL_CODES:
        codes = small_codes(flat)
    else:
        codes, uniques = pd.factorize(flat)
        empty = np.flatnonzero(np.asarray(uniques) == "")
        if len(empty):
            codes = np.where(codes == empty[0], -1, codes)
    out, start = [], 0
    for c in columns:
        out.append(codes[start : start + c.size].reshape(c.shape).astype(np.int64))
        start += c.size
    return out


class Memo:
    """Per-record codes, lengths and initials, computed once per run and reused."""

    def __init__(self, store: dict[str, list[Int]] | None) -> None:
        self.store = store if store is not None else {}

    def codes(self, key: str, *columns: Obj) -> list[Int]:
        if key not in self.store:
            self.store[key] = codes(*columns)
        return self.store[key]

    def length(self, key: str, values: Obj) -> Int:
        if "len:" + key not in self.store:
            self.store["len:" + key] = [length(values)]
        return self.store["len:" + key][0]

    def spaced(self, key: str, values: Obj) -> Int:
        """Per record, 1 where the value has several words (see ``has_space``)."""
        if "space:" + key not in self.store:
            self.store["space:" + key] = [has_space(values).astype(np.int64)]
        return self.store["space:" + key][0]

    def initials(self, key: str, a: Obj, b: Obj) -> list[Int]:
        return self.codes("init:" + key, initial_col(a), initial_col(b))


# Below this many values, plain Python beats the fixed cost of a pandas string
# method (the few pairs of one profile, in the index); the results are the same.
SMALL = 256


def initial_col(values: Obj) -> Obj:
    if values.size <= SMALL:
        out = np.empty(values.size, dtype=object)
        out[:] = [v[:1] if isinstance(v, str) else "" for v in values.reshape(-1)]
        return out.reshape(values.shape)
    return np.asarray(
        pd.Series(values.reshape(-1)).str[:1].fillna(""), dtype=object
    ).reshape(values.shape)


def length(values: Obj) -> Int:
    if values.size <= SMALL:
        flat = values.reshape(-1)
        return np.fromiter(
            (len(v) if isinstance(v, str) else 0 for v in flat),
            dtype=np.int64,
            count=flat.size,
        ).reshape(values.shape)
    return np.asarray(
        pd.Series(values.reshape(-1)).str.len().fillna(0), dtype=np.int64
    ).reshape(values.shape)


def select(conditions: Sequence[Bool], n: int) -> npt.NDArray[np.int8]:
    """First true condition's index + 1, else len + 1; conditions exclude null."""
    out = np.full(n, len(conditions) + 1, dtype=np.int8)
    for i in range(len(conditions) - 1, -1, -1):
        out[conditions[i]] = i + 1
    return out


def has_space(values: Obj) -> Bool:
    """Per record: the value has more than one word."""
    if values.size <= SMALL:
        return np.fromiter(
            (isinstance(v, str) and " " in v for v in values),
            dtype=bool,
            count=values.size,
        )
    found = pd.Series(values).str.contains(" ", regex=False)
    return np.asarray(found.fillna(False).to_numpy(dtype=bool))


def strings(values: Obj) -> npt.NDArray[np.str_]:
    return np.asarray(values.astype(np.dtypes.StringDType()))


def contains(text: Obj, part: Obj, min_length: int) -> Bool:
    """Per pair: ``part`` (at least ``min_length`` letters) occurs in ``text``."""
    out = np.zeros(len(text), dtype=bool)
    long = np.flatnonzero(length(part) >= min_length)
    if len(long):
        found = np.strings.find(strings(text[long]), strings(part[long]))
        out[long] = found >= 0
    return out
