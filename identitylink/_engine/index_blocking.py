"""The blocking rules with the customer side prepared once, for one profile at a time.

A batch run codes the keys of both sides together (``rule_frames``). The index
codes the customers' keys alone, once, and keeps for each rule a map from the
composite code to the customer rows; a profile's key values are looked up in the
customers' codes (a value no customer has matches nothing). Blocks too large for a
rule (``max_block_size``) and their refinement (``refine_with``) depend on the
customer side only, so they are decided once, as a batch run decides them. The
pairs are those :func:`~identitylink._engine.pairs.generate_pairs` finds for
the profile.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink._engine.features import Side
from identitylink._engine.pairs import _combine, key_frame
from identitylink.blocking import BlockingRule

__all__ = ["PreparedBlocking", "ready"]

Int = npt.NDArray[np.int64]
_EMPTY: Int = np.empty(0, dtype=np.int64)


@dataclass
class _Coded:
    """One rule's customer side: the codes of each step and the rows per code."""

    keys: tuple[str, ...]
    key_uniques: list[pd.Index]
    step_uniques: list[pd.Index]
    rows: _Blocks | None


def ready(index: pd.Index) -> pd.Index:
    """``index`` with its hash table built: pandas builds it on first look-up,
    and two threads building it at once get wrong answers."""
    index.get_indexer(index[:1])
    return index


def _dense(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Index]:
    codes, uniques = pd.factorize(frame["value"])
    return frame.assign(value=codes.astype(np.int64)), ready(pd.Index(uniques))


def _lookup(frame: pd.DataFrame, uniques: pd.Index) -> pd.DataFrame:
    codes = uniques.get_indexer(pd.Index(frame["value"]))
    out = frame.assign(value=codes.astype(np.int64))
    return out[out["value"].to_numpy() >= 0]


def _code_left(keys: tuple[str, ...], left: Side) -> tuple[pd.DataFrame, _Coded]:
    key_uniques: list[pd.Index] = []
    frames: list[pd.DataFrame] = []
    for k in keys:
        frame, uniques = _dense(key_frame(left, k, left=True))
        frames.append(frame)
        key_uniques.append(uniques)
    lf = frames[0]
    step_uniques: list[pd.Index] = []
    for frame, uniques in zip(frames[1:], key_uniques[1:], strict=True):
        lf, step = _dense(_combine(lf, frame, max(len(uniques), 1)))
        step_uniques.append(step)
    if len(keys) > 1:
        lf = lf[["row", "value"]].drop_duplicates()
    return lf, _Coded(keys, key_uniques, step_uniques, None)


@dataclass
class _Blocks:
    """The customer rows of each block code, as three flat arrays (a dict of a
    million small arrays costs more than the rows themselves)."""

    codes: Int  # sorted block codes
    start: Int  # rows of codes[k]: rows[start[k]:start[k + 1]]
    rows: npt.NDArray[np.int32]

    def of(self, code: int) -> npt.NDArray[np.int32] | None:
        k = int(np.searchsorted(self.codes, code))
        if k == len(self.codes) or self.codes[k] != code:
            return None
        return self.rows[self.start[k] : self.start[k + 1]]


def _group(lf: pd.DataFrame) -> _Blocks:
    rows = lf["row"].to_numpy(np.int64)
    values = lf["value"].to_numpy(np.int64)
    order = np.argsort(values, kind="stable")
    values, rows = values[order], rows[order]
    cuts = (
        np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
        if len(values)
        else _EMPTY
    )
    return _Blocks(
        codes=values[cuts],
        start=np.r_[cuts, len(values)].astype(np.int64),
        rows=rows.astype(np.int32),
    )


class PreparedBlocking:
    """Every rule of a spec, coded on the customer side."""

    def __init__(self, rules: tuple[BlockingRule, ...], left: Side) -> None:
        self._coded: list[_Coded] = []
        for rule in rules:
            lf, coded = _code_left(rule.keys, left)
            sizes = lf["value"].map(lf["value"].value_counts())
            big = (sizes > rule.max_block_size).to_numpy()
            coded.rows = _group(lf[~big])
            self._coded.append(coded)
            if not big.any() or rule.refine_with is None:
                continue
            big_rows = set(lf.loc[big, "row"])
            flf, finer = _code_left((*rule.keys, rule.refine_with), left)
            flf = flf[flf["row"].isin(big_rows).to_numpy()]
            fsizes = flf["value"].map(flf["value"].value_counts())
            finer.rows = _group(flf[(fsizes <= rule.max_block_size).to_numpy()])
            self._coded.append(finer)

    def customers_of(self, right: Side) -> Int:
        """Customer rows that share a block with the (one-row) ``right`` side,
        sorted, each once."""
        found: list[npt.NDArray[np.int32]] = []
        values: dict[str, tuple[npt.NDArray[np.int64], pd.Index]] = {}
        for coded in self._coded:
            assert coded.rows is not None
            for c in self._right_codes(coded, right, values):
                block = coded.rows.of(c)
                if block is not None:
                    found.append(block)
        if not found:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate(found)).astype(np.int64)

    @staticmethod
    def _right_codes(
        coded: _Coded,
        right: Side,
        values: dict[str, tuple[npt.NDArray[np.int64], pd.Index]],
    ) -> set[int]:
        # One profile has a handful of key values: plain Python beats pandas here.
        # ``values`` keeps each key's (readings, values) for the other rules.
        steps: list[list[tuple[int, int]]] = []
        for k, uniques in zip(coded.keys, coded.key_uniques, strict=True):
            if k not in values:
                frame = key_frame(right, k, left=False)
                values[k] = (
                    frame["reading"].to_numpy(np.int64),
                    pd.Index(frame["value"]),
                )
            readings, found = values[k]
            codes = uniques.get_indexer(found) if len(found) else _EMPTY
            steps.append(
                [
                    (int(r), int(c))
                    for r, c in zip(readings, codes, strict=True)
                    if c >= 0
                ]
            )
        out = steps[0]
        for step, uniques, combined in zip(
            steps[1:], coded.key_uniques[1:], coded.step_uniques, strict=True
        ):
            if not out or not step:
                return set()
            out = _combine_one(out, step, max(len(uniques), 1), combined)
        return {c for _, c in out}


def _combine_one(
    a: list[tuple[int, int]], b: list[tuple[int, int]], base: int, step: pd.Index
) -> list[tuple[int, int]]:
    """``_combine`` then the step's coding, for the (reading, code) pairs of one row."""
    named = any(r >= 0 for r, _ in a) and any(r >= 0 for r, _ in b)
    pairs = (
        [(ra, ca * base + cb) for ra, ca in a for rb, cb in b if ra == rb]
        if named
        else [(max(ra, rb), ca * base + cb) for ra, ca in a for rb, cb in b]
    )
    if not pairs:
        return []
    codes = step.get_indexer(pd.Index([v for _, v in pairs]))
    return [(r, int(c)) for (r, _), c in zip(pairs, codes, strict=True) if c >= 0]
