"""Candidate pairs from blocking rules: joins on integer-coded keys, union once.

Each rule is an inner join of the left and right tables on the integer code of its
keys. Name keys are aligned per name reading (a family name is combined with the
given name of the same reading, not the swapped one). Blocks with more left rows
than the rule's ``max_block_size`` are split by the rule's ``refine_with`` key, or
dropped; the report counts both. The union of all rules is deduplicated once with a
combined int64 key and ``np.unique``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink._engine.features import HANDLE_LENGTH, Side, other_given_groups
from identitylink._engine.name_pairs import name_pair_frame
from identitylink._engine.skeleton import skeleton_column
from identitylink.blocking import (
    STANDARD_KEYS,
    BlockingReport,
    BlockingRule,
    BlockingRuleStats,
)
from identitylink.exceptions import ConfigurationError, LinkageError

__all__ = [
    "BlockingOutcome",
    "RuleReport",
    "blocking_report",
    "generate_pairs",
    "key_frame",
    "rule_frames",
    "rule_plan",
]

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]

_NAME_KEYS = frozenset(
    {
        "family",
        "family_phonetic",
        "family_initial",
        "given_group",
        "given_initial",
        "given_skeleton",
        "family_skeleton",
    }
)


@dataclass
class RuleReport:
    """What one rule produced."""

    rule: str
    pairs: int = 0
    new_pairs: int = 0
    capped_blocks: int = 0
    refined_blocks: int = 0
    dropped_pairs: int = 0


@dataclass
class BlockingOutcome:
    """Deduplicated candidate pairs (left rows, right rows) and per-rule reports."""

    left: Int
    right: Int
    reports: list[RuleReport] = field(default_factory=list)
    rule_of_pair: npt.NDArray[np.int16] = field(
        default_factory=lambda: np.empty(0, dtype=np.int16)
    )


def _explode(values: Obj, reading: bool) -> pd.DataFrame:
    """(row, reading, value) for every non-empty cell of a 1-D or 2-D column."""
    if values.ndim == 1:
        values = values.reshape(-1, 1)
    rows, cols = np.nonzero(values != "")
    return pd.DataFrame(
        {
            "row": rows.astype(np.int64),
            "reading": cols.astype(np.int64) if reading else np.full(len(rows), -1),
            "value": values[rows, cols],
        }
    )


_MONTH_SHIFT = 100
"""A birth date's key packs the month above the day (a day is below 100)..."""
_YEAR_SHIFT = 10_000
"""...and the year above both: 1984-07-03 is 19840703, 07-03 is 703."""

HANDLE_PREFIX = 8
"""Letters of a handle the ``handle_prefix`` key keeps: a username is often a
name-built handle cut short and padded ("matsanderss5753" for Mats Andersson)."""


def _words(words: Obj) -> pd.DataFrame:
    """(row, reading, word) for every word of the space-separated cells."""
    rows, cols = np.nonzero(words != "")
    split = [str(w).split() for w in words[rows, cols]]
    counts = np.fromiter((len(x) for x in split), dtype=np.int64, count=len(split))
    return pd.DataFrame(
        {
            "row": np.repeat(rows.astype(np.int64), counts),
            "reading": np.repeat(cols.astype(np.int64), counts),
            "value": np.asarray(list(chain.from_iterable(split)), dtype=object),
        }
    )


def key_frame(side: Side, key: str, *, left: bool) -> pd.DataFrame:
    """The values of one blocking key: a frame of (row, reading, value)."""
    if key == "email":
        return _explode(side.email, False)
    if key == "handle":
        if left:
            local = np.array(
                [e[:HANDLE_LENGTH] for e in side.email_local], dtype=object
            )
            both = np.concatenate([side.handles, local.reshape(-1, 1)], axis=1)
            return _explode(both, False)
        return _explode(side.username, False)
    if key == "handle_prefix":
        frame = key_frame(side, "handle", left=left)
        frame["value"] = frame["value"].str[:HANDLE_PREFIX]
        return frame[frame["value"].str.len() == HANDLE_PREFIX]
    if key == "family":
        a, b = _explode(side.family, True), _explode(side.family_alt, True)
        return pd.concat([a, b, _words(side.family_words)], ignore_index=True)
    if key == "family_phonetic":
        return _explode(side.family_phonetic, True)
    if key == "name_pair":
        return name_pair_frame(side)
    if key == "given_skeleton":
        return _explode(skeleton_column(side.given_first), True)
    if key == "family_skeleton":
        whole = _explode(skeleton_column(side.family), True)
        words = _words(skeleton_column(side.family_words, words=True))
        return pd.concat([whole, words], ignore_index=True)
    if key == "family_initial":
        return _explode(_initials(side.family), True)
    if key == "given_group":
        # Every given name, not only the first: "Thu Huyền" goes by Huyền.
        others = pd.DataFrame(
            other_given_groups(side.given), columns=["row", "reading", "value"]
        ).astype({"row": np.int64, "reading": np.int64, "value": object})
        return pd.concat([_explode(side.given_group, True), others], ignore_index=True)
    if key == "given_initial":
        return _explode(_initials(side.given_first), True)
    if key == "city":
        city = np.stack([side.city, side.hometown], axis=1)
        return _explode(city, False)
    if key in ("country", "phone", "postcode"):
        return _explode(getattr(side, key), False)
    if key in ("birth_month_day", "birth_date"):
        y, m, d = side.birth[:, 0], side.birth[:, 1], side.birth[:, 2]
        ok = (
            (m > 0) & (d > 0)
            if key == "birth_month_day"
            else (y > 0) & (m > 0) & (d > 0)
        )
        month_day = m * _MONTH_SHIFT + d
        code = month_day if key == "birth_month_day" else y * _YEAR_SHIFT + month_day
        vals = np.where(ok, code.astype(str), "").astype(object)
        return _explode(vals, False)
    # Any column a comparison can read (``street``, ``given_name``, an attribute):
    # blocking keys and comparisons share one vocabulary.
    col = side.column(key)
    if col is not None:
        return _explode(col, False)
    raise ConfigurationError(
        f"blocking key {key!r} is neither a standard key "
        f"({', '.join(sorted(STANDARD_KEYS))}) nor a column of the input"
    )


def _initials(values: Obj) -> Obj:
    out = np.full(values.shape, "", dtype=object)
    flat_in, flat_out = values.reshape(-1), out.reshape(-1)
    for i, v in enumerate(flat_in):
        if v:
            flat_out[i] = v[0]
    return out


def _combine(out: pd.DataFrame, f: pd.DataFrame, base: int) -> pd.DataFrame:
    """Join two key frames of one side on row (and reading when both have one).

    Values must be integer codes below ``base`` for ``f``; the result's ``value``
    is ``out.value * base + f.value``, one int64 code per combination. The caller
    re-factorises after each key, so the codes stay dense and the product never
    overflows int64 however many keys a rule has."""
    a_named = bool((out["reading"] >= 0).any())
    b_named = bool((f["reading"] >= 0).any())
    f = f.rename(columns={"value": "v_b"})
    if a_named and b_named:
        m = out.merge(f, on=["row", "reading"])
    else:
        m = out.merge(f, on="row", suffixes=("", "_b"))
        if "reading_b" in m:
            m["reading"] = np.maximum(m["reading"], m.pop("reading_b"))
    value = pack_codes(m["value"].to_numpy(np.int64), m["v_b"].to_numpy(np.int64), base)
    return pd.DataFrame(
        {"row": m["row"].to_numpy(), "reading": m["reading"].to_numpy(), "value": value}
    )


_INT64_MAX = int(np.iinfo(np.int64).max)
"""Largest packed code. Codes are dense (re-factorised after every key), so a
combined code is below rows x distinct values, far below this on any table that
fits in memory; the bound guards the multiplication all the same."""


def pack_codes(high: Int, low: Int, base: int) -> Int:
    """``high * base + low``: one int64 code per (high, low), each ``low < base``.

    The codes of a rule's keys so far (``high``) and of its next key (``low``)
    become one code, equal on both sides for equal keys. Raises
    :class:`~identitylink.LinkageError` instead of wrapping round when a code would
    not fit an int64, however many keys are packed."""
    base = max(base, 1)
    if len(high) and int(high.max()) > (_INT64_MAX - (base - 1)) // base:
        raise LinkageError(
            f"blocking key codes do not fit a 64-bit integer ({int(high.max()) + 1} "
            f"combinations x {base} values of the next key); block on fewer keys "
            "per rule"
        )
    out: Int = high * base + low
    return out


def pair_code_base(n_left: int, n_right: int) -> int:
    """The base that packs a pair (left row, right row) into one int64 code.

    Raises :class:`~identitylink.LinkageError` when ``n_left x n_right`` pairs
    cannot all be numbered in an int64 (tables of billions of rows each)."""
    base = max(n_right, 1)
    if max(n_left, 1) > _INT64_MAX // base:
        raise LinkageError(
            f"{n_left} x {n_right} rows: pair codes do not fit a 64-bit integer; "
            "link the tables in parts"
        )
    return base


def _encode(lf: pd.DataFrame, rf: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Replace string values by integer codes shared by both sides."""
    codes, _ = pd.factorize(pd.concat([lf["value"], rf["value"]], ignore_index=True))
    lf = lf.assign(value=codes[: len(lf)].astype(np.int64))
    rf = rf.assign(value=codes[len(lf) :].astype(np.int64))
    return lf, rf


def _join(lf: pd.DataFrame, rf: pd.DataFrame) -> tuple[Int, Int]:
    a = pd.DataFrame({"l": lf["row"].to_numpy(), "c": lf["value"].to_numpy()})
    b = pd.DataFrame({"r": rf["row"].to_numpy(), "c": rf["value"].to_numpy()})
    m = a.merge(b, on="c")
    return m["l"].to_numpy(np.int64), m["r"].to_numpy(np.int64)


def rule_frames(
    rule: BlockingRule, left: Side, right: Side
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Left and right frames of (row, composite int code) for a rule."""
    lfs, rfs = [], []
    for k in rule.keys:
        a, b = _encode(key_frame(left, k, left=True), key_frame(right, k, left=False))
        lfs.append(a)
        rfs.append(b)
    lf, rf = lfs[0], rfs[0]
    for a, b in zip(lfs[1:], rfs[1:], strict=True):
        codes = np.concatenate([a["value"].to_numpy(), b["value"].to_numpy()])
        base = 1 + int(codes.max(initial=-1))
        try:
            lf, rf = _encode(_combine(lf, a, base), _combine(rf, b, base))
        except LinkageError as exc:
            raise LinkageError(f"blocking rule {rule.name!r}: {exc}") from exc
    if len(rule.keys) > 1:
        lf = lf[["row", "value"]].drop_duplicates()
        rf = rf[["row", "value"]].drop_duplicates()
    return lf, rf


def _join_size(lf: pd.DataFrame, rf: pd.DataFrame) -> int:
    """Rows of the inner join of two key frames on ``value``, without the join."""
    lc, rc = lf["value"].value_counts(), rf["value"].value_counts()
    return int((lc * rc.reindex(lc.index).fillna(0)).sum())


def rule_plan(
    rule: BlockingRule, left: Side, right: Side, report: RuleReport
) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """The key frames whose joins on ``value`` give a rule's pairs.

    Blocks with more left rows than ``max_block_size`` are left out (counted in
    ``report``) or, with ``refine_with``, replaced by the rule refined by that
    key. Every executor joins the same frames, so they find the same pairs."""
    lf, rf = rule_frames(rule, left, right)
    sizes = lf["value"].map(lf["value"].value_counts())
    big = (sizes > rule.max_block_size).to_numpy()
    if not big.any():
        return [(lf, rf)]
    big_values = set(lf.loc[big, "value"])
    report.capped_blocks = len(big_values)
    rbig = rf["value"].isin(big_values).to_numpy()
    report.dropped_pairs = _join_size(lf[big], rf[rbig])
    plan = [(lf[~big], rf[~rbig])]
    if rule.refine_with is None:
        return plan
    finer = rule.model_copy(
        update={"keys": (*rule.keys, rule.refine_with), "refine_with": None}
    )
    big_rows = set(lf.loc[big, "row"])
    flf, frf = rule_frames(finer, left, right)
    flf = flf[flf["row"].isin(big_rows).to_numpy()]
    fsizes = flf["value"].map(flf["value"].value_counts())
    flf = flf[(fsizes <= rule.max_block_size).to_numpy()]
    report.refined_blocks = len(big_values)
    report.dropped_pairs = max(report.dropped_pairs - _join_size(flf, frf), 0)
    plan.append((flf, frf))
    return plan


def _rule_pairs(
    rule: BlockingRule, left: Side, right: Side, report: RuleReport
) -> tuple[Int, Int]:
    parts = [_join(a, b) for a, b in rule_plan(rule, left, right, report)]
    if len(parts) == 1:
        return parts[0]
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
    )


def generate_pairs(
    rules: tuple[BlockingRule, ...],
    left: Side,
    right: Side,
    right_mask: npt.NDArray[np.bool_] | None = None,
) -> BlockingOutcome:
    """Candidate pairs of all rules, deduplicated, in (left, right) order."""
    n_right = pair_code_base(left.n, right.n)
    keys: list[Int] = []
    reports: list[RuleReport] = []
    rule_ids: list[npt.NDArray[np.int16]] = []
    for i, rule in enumerate(rules):
        report = RuleReport(rule=rule.name)
        lp, rp = _rule_pairs(rule, left, right, report)
        if right_mask is not None:
            keep = right_mask[rp]
            lp, rp = lp[keep], rp[keep]
        keys.append(lp * n_right + rp)
        rule_ids.append(np.full(len(lp), i, dtype=np.int16))
        reports.append(report)
    raw = np.concatenate(keys) if keys else np.empty(0, dtype=np.int64)
    rid = np.concatenate(rule_ids) if rule_ids else np.empty(0, dtype=np.int16)
    # One sort of every rule's pairs by (pair, rule): the first row of a pair is
    # the first rule that found it; the first row of a (pair, rule) counts it for
    # that rule. (Deduplicating rule by rule is several sorts and set operations.)
    order = np.lexsort((rid, raw))
    raw, rid = raw[order], rid[order]
    new_pair = np.r_[True, raw[1:] != raw[:-1]] if len(raw) else np.empty(0, bool)
    new_rule = new_pair | np.r_[True, rid[1:] != rid[:-1]] if len(raw) else new_pair
    per_rule = np.bincount(rid[new_rule], minlength=len(rules))
    fresh = np.bincount(rid[new_pair], minlength=len(rules))
    for report, pairs, new in zip(reports, per_rule, fresh, strict=True):
        report.pairs, report.new_pairs = int(pairs), int(new)
    allk, first_rule = raw[new_pair], rid[new_pair]
    return BlockingOutcome(
        left=(allk // n_right).astype(np.int64),
        right=(allk % n_right).astype(np.int64),
        reports=reports,
        rule_of_pair=first_rule,
    )


def blocking_report(
    out: BlockingOutcome,
    left_ids: Sequence[str],
    right_keys: Sequence[tuple[str, str]],
    truth: Iterable[tuple[str, str, str]] | None,
) -> BlockingReport:
    """Per-rule figures of ``out``; with ``truth`` ((platform, profile id, left id)
    triples), the true pairs each rule added and the share kept in all."""
    n_right = pair_code_base(len(left_ids), len(right_keys))
    true_keys: Int | None = None
    if truth is not None:
        li_of = {cid: i for i, cid in enumerate(left_ids)}
        ri_of = {key: i for i, key in enumerate(right_keys)}
        true_keys = np.array(
            [
                li_of[c] * n_right + ri_of[(p, pid)]
                for p, pid, c in truth
                if c in li_of and (p, pid) in ri_of
            ],
            dtype=np.int64,
        )
    pair_keys = out.left * n_right + out.right
    stats = []
    for i, r in enumerate(out.reports):
        kept = None
        if true_keys is not None:
            kept = int(np.isin(true_keys, pair_keys[out.rule_of_pair == i]).sum())
        stats.append(
            BlockingRuleStats(
                rule=r.rule,
                pairs=r.pairs,
                new_pairs=r.new_pairs,
                capped_blocks=r.capped_blocks,
                refined_blocks=r.refined_blocks,
                dropped_pairs=r.dropped_pairs,
                true_pairs_kept=kept,
            )
        )
    if true_keys is None:
        return BlockingReport(rules=tuple(stats), total_pairs=len(pair_keys))
    return BlockingReport(
        rules=tuple(stats),
        total_pairs=len(pair_keys),
        true_pairs=len(true_keys),
        true_pairs_kept=int(np.isin(true_keys, pair_keys).sum()),
    )
