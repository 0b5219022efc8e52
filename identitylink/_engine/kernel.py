"""The scoring kernel: candidate pairs + columns in, comparison levels and weights out.

A pure function of its inputs (no I/O, no globals): the same pairs and columns give
the same levels on every executor. String similarity is computed in bulk with
``rapidfuzz.process.cpdist``; everything else is numpy on integer codes.

Levels are small integers per (pair, comparison): 0 is ``null``, 1.. follow the
comparison's :meth:`levels` order (``else`` last).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from identitylink._engine.features import HANDLE_LENGTH, Side
from identitylink._engine.given_names import later_given_names_conflict
from identitylink._engine.kinds import evaluator_for
from identitylink._engine.local_digits import numbers_disagree
from identitylink._engine.skeleton import skeleton_match
from identitylink._engine.username_forms import (
    given_with_family_start,
    without_decoration,
)
from identitylink.comparisons import (
    Comparison,
    EmailComparison,
    ExactMatch,
    FamilyNameComparison,
    GivenNameComparison,
    JaroWinklerAtThresholds,
    PlaceComparison,
    UsernameComparison,
)
from identitylink.exceptions import ConfigurationError

__all__ = [
    "ScoredLevels",
    "check_columns",
    "column_of",
    "comparable_columns",
    "compute_levels",
    "match_weights",
    "tf_on_levels",
    "tf_row_bits",
]

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]
Bool = npt.NDArray[np.bool_]
F64 = npt.NDArray[np.float64]

_WORKERS = 2
"""rapidfuzz threads per similarity call: the pairs of one call are split in two,
leaving the machine's other cores to the caller (and to other executors' chunks)."""
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
_NULL_READING_SCORE = 0.5
"""Reading-choice score of a null level: below any known agreement (>= 1), above
the worst known level (0), so a reading with data beats one without."""
_THREADED_PAIRS = 4096


@dataclass
class ScoredLevels:
    """Levels (pairs x comparisons), the name reading used, and the values for
    term-frequency adjustment in bits of exact-level pairs (NaN elsewhere).

    The term-frequency bits are float32 (bounded to a few bits, they need no
    more digits): a 6.5-million-pair run keeps 200 MB less."""

    levels: npt.NDArray[np.int8]
    reading: npt.NDArray[np.int8]
    tf_adjust: npt.NDArray[np.floating[Any]]


def _jw(a: Obj, b: Obj) -> npt.NDArray[np.float32]:
    if len(a) == 0:
        return np.empty(0, dtype=np.float32)
    return np.asarray(
        process.cpdist(
            list(a),
            list(b),
            scorer=JaroWinkler.normalized_similarity,
            # Threads cost more than they save on the few pairs of one profile.
            workers=_WORKERS if len(a) >= _THREADED_PAIRS else 1,
        ),
        dtype=np.float32,
    )


_SMALL_CODES = 2048
"""Below this many values a dict codes them faster than ``pd.factorize``'s set-up
(one profile's identify codes a few hundred values, 20-30 times per call)."""


def _small_codes(flat: Obj) -> Int:
    """``pd.factorize``'s codes (order of first appearance), with missing values
    (``None``, NaN) and empty strings at -1."""
    seen: dict[object, int] = {}
    out = np.empty(flat.size, dtype=np.int64)
    for k, v in enumerate(flat.tolist()):
        out[k] = -1 if v is None or v == "" or v != v else seen.setdefault(v, len(seen))
    return out


def _codes(*columns: Obj) -> list[Int]:
    """Integer codes shared across columns; empty strings get -1."""
    flat = np.concatenate([c.reshape(-1) for c in columns])
    if flat.size <= _SMALL_CODES:
        codes = _small_codes(flat)
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


class _Memo:
    """Per-record codes, lengths and initials, computed once per run and reused."""

    def __init__(self, store: dict[str, list[Int]] | None) -> None:
        self.store = store if store is not None else {}

    def codes(self, key: str, *columns: Obj) -> list[Int]:
        if key not in self.store:
            self.store[key] = _codes(*columns)
        return self.store[key]

    def length(self, key: str, values: Obj) -> Int:
        if "len:" + key not in self.store:
            self.store["len:" + key] = [_length(values)]
        return self.store["len:" + key][0]

    def spaced(self, key: str, values: Obj) -> Int:
        """Per record, 1 where the value has several words (see ``_has_space``)."""
        if "space:" + key not in self.store:
            self.store["space:" + key] = [_has_space(values).astype(np.int64)]
        return self.store["space:" + key][0]

    def initials(self, key: str, a: Obj, b: Obj) -> list[Int]:
        return self.codes("init:" + key, _initial_col(a), _initial_col(b))


# Below this many values, plain Python beats the fixed cost of a pandas string
# method (the few pairs of one profile, in the index); the results are the same.
_SMALL = 256


def _initial_col(values: Obj) -> Obj:
    if values.size <= _SMALL:
        out = np.empty(values.size, dtype=object)
        out[:] = [v[:1] if isinstance(v, str) else "" for v in values.reshape(-1)]
        return out.reshape(values.shape)
    return np.asarray(
        pd.Series(values.reshape(-1)).str[:1].fillna(""), dtype=object
    ).reshape(values.shape)


def _first_char(values: Obj) -> Int:
    s = pd.Series(values.reshape(-1)).str[:1].fillna("")
    return np.asarray(_codes(s.to_numpy(dtype=object))[0]).reshape(values.shape)


def _length(values: Obj) -> Int:
    if values.size <= _SMALL:
        flat = values.reshape(-1)
        return np.fromiter(
            (len(v) if isinstance(v, str) else 0 for v in flat),
            dtype=np.int64,
            count=flat.size,
        ).reshape(values.shape)
    return np.asarray(
        pd.Series(values.reshape(-1)).str.len().fillna(0), dtype=np.int64
    ).reshape(values.shape)


def _select(conditions: Sequence[Bool], n: int) -> npt.NDArray[np.int8]:
    """First true condition's index + 1, else len + 1; conditions exclude null."""
    out = np.full(n, len(conditions) + 1, dtype=np.int8)
    for i in range(len(conditions) - 1, -1, -1):
        out[conditions[i]] = i + 1
    return out


def given_levels(
    memo: _Memo,
    c: GivenNameComparison,
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
    v: int,
) -> npt.NDArray[np.int8]:
    gl, gr = memo.codes(f"given{v}", left.given[:, 0], right.given[:, v])
    fl, fr = memo.codes(f"gfirst{v}", left.given_first[:, 0], right.given_first[:, v])
    nl, nr = memo.codes(f"ggroup{v}", left.given_group[:, 0], right.given_group[:, v])
    a_full, b_full = gl[li], gr[ri]
    a, b = fl[li], fr[ri]
    # One given name (the full given names are the first token): a record's own
    # strings, not codes, which come from two different encodings.
    single_l = left.given[li, 0] == left.given_first[li, 0]
    single_r = right.given[ri, v] == right.given_first[ri, v]
    len_l = memo.length("lg", left.given_first[:, 0])[li]
    len_r = memo.length(f"rg{v}", right.given_first[:, v])[ri]
    il, ir = memo.initials(f"g{v}", left.given_first[:, 0], right.given_first[:, v])
    il, ir = il[li], ir[ri]
    null = (a_full < 0) | (b_full < 0)
    exact = (a_full == b_full) | ((a == b) & (single_l | single_r))
    nick = nl[li] == nr[ri]
    # Both with several given names, the first shared, the later ones not
    # ("thi hang" ~ "thi thao"): as similar as the full given names are.
    both = np.flatnonzero(
        nick
        & ~exact
        & (memo.spaced("lg", left.given[:, 0])[li] > 0)
        & (memo.spaced(f"rg{v}", right.given[:, v])[ri] > 0)
    )
    conflict = np.zeros(len(li), dtype=bool)
    if len(both):
        conflict[both] = later_given_names_conflict(
            left.given[li[both], 0], right.given[ri[both], v]
        )
    nick &= ~conflict
    nick |= _one_of_the_given(memo, left, right, li, ri, v, exact | nick | null)
    sim = _jw(left.given_first[li, 0], right.given_first[ri, v])
    at = np.flatnonzero(conflict)
    if len(at):
        sim[at] = _jw(left.given[li[at], 0], right.given[ri[at], v])
    conds = [exact, nick, *(sim >= t for t in c.jaro_winkler)]
    if len(conds) > 2:  # a name written without vowels ("ywsf"): similar spelling
        empty = np.full(len(li), "", dtype=object)
        conds[2] = conds[2] | skeleton_match(
            left.given_first[li, 0], right.given_first[ri, v], empty, empty
        )
    conds.append(((len_l == 1) | (len_r == 1)) & (il == ir))
    out = _select(conds, len(li))
    out[null] = 0
    return out


def family_levels(
    memo: _Memo,
    c: FamilyNameComparison,
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
    v: int,
) -> npt.NDArray[np.int8]:
    fl, al, fr, ar = memo.codes(
        f"family{v}",
        left.family[:, 0],
        left.family_alt[:, 0],
        right.family[:, v],
        right.family_alt[:, v],
    )
    a, a2, b, b2 = fl[li], al[li], fr[ri], ar[ri]
    null = (a < 0) | (b < 0)
    by_key = (a == b) | ((a2 >= 0) & ((a2 == b) | (a2 == b2))) | ((b2 >= 0) & (a == b2))
    word = _one_of_the_words(left, right, li, ri, v, by_key | null)
    if c.compound_word:
        exact = (a == b) | _same_words(left, right, li, ri, v, by_key & (a != b))
        conds = [exact, (by_key | word) & ~exact]
    else:
        exact = by_key | word
        conds = [exact]
    sim = _jw(left.family[li, 0], right.family[ri, v])
    similar = [sim >= t for t in c.jaro_winkler]
    if similar:  # a name written without vowels ("khld"): similar spelling
        similar[0] = similar[0] | skeleton_match(
            left.family[li, 0],
            right.family[ri, v],
            left.family_words[li, 0],
            right.family_words[ri, v],
        )
    len_l = memo.length("lf", left.family[:, 0])[li]
    len_r = memo.length(f"rf{v}", right.family[:, v])[ri]
    il, ir = memo.initials(f"f{v}", left.family[:, 0], right.family[:, v])
    il, ir = il[li], ir[ri]
    conds += similar
    conds.append(((len_l == 1) | (len_r == 1)) & (il == ir))
    out = _select(conds, len(li))
    out[null] = 0
    return out


def _has_space(values: Obj) -> Bool:
    """Per record: the value has more than one word."""
    if values.size <= _SMALL:
        return np.fromiter(
            (isinstance(v, str) and " " in v for v in values),
            dtype=bool,
            count=values.size,
        )
    found = pd.Series(values).str.contains(" ", regex=False)
    return np.asarray(found.fillna(False).to_numpy(dtype=bool))


def _one_of_the_given(
    memo: _Memo, left: Side, right: Side, li: Int, ri: Int, v: int, settled: Bool
) -> Bool:
    """Pairs where one side's first given name is another given name of the other
    ("Thu Huyền" ~ "Huyen", "Jean Louis" ~ "Louis"): the name a person goes by is
    not always the first (the last, in Vietnam). Counted with nicknames."""
    out = np.zeros(len(li), dtype=bool)
    gl, gr = left.given[li, 0], right.given[ri, v]
    spaced_l = memo.spaced("lg", left.given[:, 0])[li] > 0
    several = spaced_l | (memo.spaced(f"rg{v}", right.given[:, v])[ri] > 0)
    open_ = np.flatnonzero(~settled & several)
    if len(open_):
        fl, fr = left.given_first[li[open_], 0], right.given_first[ri[open_], v]
        out[open_] = np.fromiter(
            (
                (len(b) > 1 and b in a.split()[1:])
                or (len(x) > 1 and x in c.split()[1:])
                for x, b, a, c in zip(fl, fr, gl[open_], gr[open_], strict=True)
            ),
            dtype=bool,
            count=len(open_),
        )
    return out


def _same_words(
    left: Side, right: Side, li: Int, ri: Int, v: int, agreeing: Bool
) -> Bool:
    """Pairs among ``agreeing`` (equal on a key variant) whose family names are
    the same words: a simple name with and without its particles ("van der
    Berg" ~ "Berg"), a compound with and without them ("da Silva Santos" ~
    "Silva Santos"). A key variant that is one word of a compound ("Silva" for
    "Silva Santos") is not."""
    out = np.zeros(len(li), dtype=bool)
    open_ = np.flatnonzero(agreeing)
    if len(open_):
        wl, wr = left.family_words[li[open_], 0], right.family_words[ri[open_], v]
        out[open_] = np.fromiter(
            (
                (x == "" and y == "") or set(str(x).split()) == set(str(y).split())
                for x, y in zip(wl, wr, strict=True)
            ),
            dtype=bool,
            count=len(open_),
        )
    return out


def _one_of_the_words(
    left: Side, right: Side, li: Int, ri: Int, v: int, settled: Bool
) -> Bool:
    """Pairs where one family name is a word of the other's compound family name
    ("Costa Reis" ~ "Reis", "Ferreira Paiva" ~ "Paiva"): people drop one of two
    family names online, the first in Spain and the last in Portugal and Brazil."""
    out = np.zeros(len(li), dtype=bool)
    words_l, words_r = left.family_words[li, 0], right.family_words[ri, v]
    open_ = np.flatnonzero(~settled & ((words_l != "") | (words_r != "")))
    if len(open_):
        fa, fb = left.family[li[open_], 0], right.family[ri[open_], v]
        out[open_] = np.fromiter(
            (
                (b in wa.split()) or (a in wb.split())
                for a, b, wa, wb in zip(
                    fa, fb, words_l[open_], words_r[open_], strict=True
                )
            ),
            dtype=bool,
            count=len(open_),
        )
    return out


def email_levels(
    memo: _Memo, c: EmailComparison, left: Side, right: Side, li: Int, ri: Int
) -> npt.NDArray[np.int8]:
    el, er = memo.codes("email", left.email, right.email)
    ll, lr = memo.codes("elocal", left.email_local, right.email_local)
    null = (el[li] < 0) | (er[ri] < 0)
    exact = el[li] == er[ri]
    local = (ll[li] == lr[ri]) & (ll[li] >= 0)
    sim = _jw(left.email_local[li], right.email_local[ri]) >= c.local_jaro_winkler
    # Letters alike, numbers not ("sigrid1979@" ~ "sigrid1999@"): two addresses.
    at = np.flatnonzero(~exact & (local | sim))
    differ = numbers_disagree(left.handle_years[li[at]], right.handle_years[ri[at]])
    local[at[differ]] = False
    sim[at[differ]] = False
    out = _select([exact, local, sim], len(li))
    out[null] = 0
    return out


def _strings(values: Obj) -> npt.NDArray[np.str_]:
    return np.asarray(values.astype(np.dtypes.StringDType()))


def _contains(text: Obj, part: Obj, min_length: int) -> Bool:
    """Per pair: ``part`` (at least ``min_length`` letters) occurs in ``text``."""
    out = np.zeros(len(text), dtype=bool)
    long = np.flatnonzero(_length(part) >= min_length)
    if len(long):
        found = np.strings.find(_strings(text[long]), _strings(part[long]))
        out[long] = found >= 0
    return out


def username_levels(
    memo: _Memo, c: UsernameComparison, left: Side, right: Side, li: Int, ri: Int
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
    cut = open_[_length(user[open_]) >= c.min_prefix]
    if len(cut):
        u_cut = _strings(user[cut])
        for h in range(left.handles.shape[1]):
            handle = _strings(left.handles[li[cut], h])
            by_handle[cut] |= np.strings.startswith(handle, u_cut)
    # A decoration in front of a handle ("itsfranciscag", "realjdupont").
    open_ = np.flatnonzero(~null & ~by_local & ~by_handle)
    decorated, bare = without_decoration(_strings(user[open_]))
    dec = open_[decorated]
    if len(dec):
        bare_dec = bare[decorated]
        cut_ok = np.strings.str_len(bare_dec) >= c.min_prefix
        for h in range(left.handles.shape[1]):
            handle = _strings(left.handles[li[dec], h])
            by_handle[dec] |= (handle == bare_dec) | (
                cut_ok & np.strings.startswith(handle, bare_dec)
            )
    # The family name inside the username, with the given name or its initial
    # ("victor_berre656", "malz_ingbert", "jwood"), or its start after a given
    # name, the CRM's or the one the profile goes by ("tatyanadmit", "imlasselaurs").
    open_ = np.flatnonzero(~null & ~by_local & ~by_handle)
    _, bare = without_decoration(_strings(user[open_]))
    family_l = _strings(left.family[li[open_], 0])
    starts = given_with_family_start(
        bare, _strings(left.given_first[li[open_], 0]), family_l
    ) | given_with_family_start(
        bare, _strings(right.given_first[ri[open_], 0]), family_l
    )
    family = _contains(user[open_], left.family[li[open_], 0], _FAMILY_IN_USERNAME)
    given = left.given_first[li[open_], 0]
    with_given = _contains(user[open_], given, _GIVEN_IN_USERNAME)
    initial = _initial_col(given)
    u_open = _strings(user[open_])
    with_initial = np.strings.startswith(u_open, _strings(initial)) | (
        np.strings.endswith(u_open, _strings(initial))
    )
    has_name = np.zeros(len(li), dtype=bool)
    has_name[open_] = family & (with_given | (with_initial & (initial != "")))
    has_name[open_] |= starts
    sim = np.zeros(len(li), dtype=bool)
    rest = open_[~has_name[open_]]  # only pairs no better level has taken
    for h in range(min(_SIMILAR_HANDLES, left.handles.shape[1])):
        sim[rest] |= (
            _jw(right.username[ri[rest]], left.handles[li[rest], h]) >= c.jaro_winkler
        )
    out = _select([by_local, by_handle, has_name, sim], len(li))
    out[null] = 0
    return out


def place_levels(
    memo: _Memo, c: PlaceComparison, left: Side, right: Side, li: Int, ri: Int
) -> npt.NDArray[np.int8]:
    cl, cr, hr = memo.codes("city", left.city, right.city, right.hometown)
    ql, qr = memo.codes("country", left.country, right.country)
    a, b, h = cl[li], cr[ri], hr[ri]
    qa, qb = ql[li], qr[ri]
    null = ((a < 0) & (qa < 0)) | ((b < 0) & (h < 0) & (qb < 0))
    city = (a >= 0) & (a == b)
    home = (a >= 0) & (a == h)
    country = (qa >= 0) & (qa == qb)
    out = _select([city, home, country], len(li))
    out[null] = 0
    # A place that no gazetteer knows and no country qualifies ("between two
    # trains", a village) differs from a city without saying where the person is.
    for side, rows in ((left, li), (right, ri)):
        if side.place_resolved is not None:
            out[(out == len(c.levels()) - 1) & ~side.place_resolved[rows]] = 0
    return out


def birth_levels(left: Side, right: Side, li: Int, ri: Int) -> npt.NDArray[np.int8]:
    bl, br = left.birth[li], right.birth[ri]
    known_l, known_r = bl.any(axis=1), br.any(axis=1)
    full = (bl > 0).all(axis=1) & (br > 0).all(axis=1)
    md_known = (bl[:, 1:] > 0).all(axis=1) & (br[:, 1:] > 0).all(axis=1)
    md_equal = md_known & (bl[:, 1:] == br[:, 1:]).all(axis=1)
    y_known = (bl[:, 0] > 0) & (br[:, 0] > 0)
    y_equal = y_known & (bl[:, 0] == br[:, 0])
    exact = full & md_equal & y_equal
    day_month = md_equal & ~y_known
    year = y_equal & ~md_known
    out = _select([exact, day_month, year], len(li))
    out[~(known_l & known_r)] = 0
    return out


def column_of(side: Side, name: str) -> Obj | None:
    """The feature column a generic comparison reads, None when absent."""
    return side.column(name)


def check_columns(comparisons: Sequence[Comparison], left: Side, right: Side) -> None:
    """Fail before any work when a comparison names a column a table lacks."""
    for comp in comparisons:
        if not evaluator_for(comp).reads_columns:
            continue
        for name in comp.columns():
            for side, label in ((left, "left"), (right, "right")):
                if side.column(name) is None:
                    raise ConfigurationError(
                        f"comparison {comp.name!r}: column {name!r} is missing "
                        f"from the {label} table"
                    )


def comparable_columns(comparisons: Sequence[Comparison]) -> frozenset[str]:
    """The columns whose value makes a record comparable besides its names,
    e-mail and username: those the column comparisons read."""
    return frozenset(
        name
        for comp in comparisons
        if evaluator_for(comp).reads_columns
        for name in comp.columns()
    )


def generic_levels(
    memo: _Memo,
    comp: ExactMatch | JaroWinklerAtThresholds,
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
) -> npt.NDArray[np.int8]:
    a_col, b_col = left.column(comp.column), right.column(comp.column)
    assert a_col is not None and b_col is not None  # checked by check_columns
    ca, cb = memo.codes("col:" + comp.column, a_col, b_col)
    a, b = ca[li], cb[ri]
    conds = [a == b]
    if isinstance(comp, JaroWinklerAtThresholds):
        sim = _jw(a_col[li], b_col[ri])
        conds += [sim >= t for t in comp.thresholds]
    out = _select(conds, len(li))
    out[(a < 0) | (b < 0)] = 0
    return out


def _name_score(levels: npt.NDArray[np.int8], n_levels: int) -> F64:
    """A reading-choice score when no weights are known: better levels score more."""
    score = (n_levels - 1 - levels).astype(np.float64)
    score[levels == 0] = _NULL_READING_SCORE
    return score


def compute_levels(
    comparisons: Sequence[Comparison],
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
    weights: Sequence[F64] | None = None,
    cache: dict[str, list[Int]] | None = None,
) -> ScoredLevels:
    """Levels of every comparison for every pair (li[k], ri[k]).

    ``cache`` (a dict kept by the caller) saves per-record work between calls on
    the same two tables. The pairs are scored :data:`CHUNK_PAIRS` at a time, so
    the intermediate arrays of a comparison (strings, similarities, masks) stay
    bounded however many pairs blocking makes; the levels are the same."""
    memo = _Memo(cache)
    n = len(li)
    out = np.zeros((n, len(comparisons)), dtype=np.int8)
    tf_adjust = np.full((n, len(comparisons)), np.nan, dtype=np.float32)
    readings = np.zeros(n, dtype=np.int8)
    for start in range(0, n, CHUNK_PAIRS):
        part = slice(start, start + CHUNK_PAIRS)
        got = _chunk_levels(comparisons, left, right, li[part], ri[part], weights, memo)
        out[part], readings[part], tf_adjust[part] = got
    return ScoredLevels(levels=out, reading=readings, tf_adjust=tf_adjust)


CHUNK_PAIRS = 1 << 19
"""Pairs the kernel scores at once (524,288): each comparison's intermediate
arrays then take some tens of MB, whatever the number of candidate pairs."""


def _chunk_levels(
    comparisons: Sequence[Comparison],
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
    weights: Sequence[F64] | None,
    memo: _Memo,
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """Levels, readings and term-frequency bits of one chunk of pairs."""
    n = len(li)
    out = np.zeros((n, len(comparisons)), dtype=np.int8)
    tf_adjust = np.full((n, len(comparisons)), np.nan, dtype=np.float32)
    evaluators = [evaluator_for(c) for c in comparisons]
    name_idx = [i for i, ev in enumerate(evaluators) if ev.names]
    readings = np.zeros(n, dtype=np.int8)
    if name_idx:
        best: F64 | None = None
        per_v: list[dict[int, npt.NDArray[np.int8]]] = []
        for v in range(right.readings):
            lv: dict[int, npt.NDArray[np.int8]] = {}
            score = np.zeros(n)
            for i in name_idx:
                comp = comparisons[i]
                lev = evaluators[i].levels(memo, comp, left, right, li, ri, v)
                lv[i] = lev
                score += (
                    weights[i][lev]
                    if weights is not None
                    else _name_score(lev, len(comp.levels()))
                )
            per_v.append(lv)
            if v > 0:
                # A reading the profile does not have (a two-word name has no
                # third reading) is never chosen: its null levels would hide a
                # disagreement of the readings that exist.
                absent = (right.given[ri, v] == "") & (right.family[ri, v] == "")
                score[absent] = -np.inf
            if best is None:
                best = score
            else:
                better = score > best
                readings[better] = v
                best = np.maximum(best, score)
        for i in name_idx:
            stacked = np.stack([lv[i] for lv in per_v], axis=1)
            out[:, i] = stacked[np.arange(n), readings]
    for i, comp in enumerate(comparisons):
        ev = evaluators[i]
        if not ev.names:
            out[:, i] = ev.levels(memo, comp, left, right, li, ri, 0)
        if comp.term_frequency:
            tf_adjust[:, i] = _tf_adjust(memo, comp, left, li, out[:, i])
    return out, readings, tf_adjust


TF_BOUNDS = (-4.0, 1.0)
"""Bounds of the term-frequency adjustment, in bits. A value common in the CRM
("Martin", "Paris") is reliably weak evidence; a value rare in the CRM is not
necessarily rare among the people behind the profiles (namesakes outside the CRM),
so the upward adjustment is kept small."""


def _tf_adjust(
    memo: _Memo, comp: Comparison, left: Side, li: Int, lev: npt.NDArray[np.int8]
) -> F64:
    """Bits to add to the exact level (and a birthday's day_month level):
    log2(average frequency / this value's frequency) among left records, bounded;
    NaN for pairs at other levels."""
    row_bits = tf_row_bits(comp, left, memo)
    if row_bits is None:
        return np.full(len(li), np.nan)
    return tf_on_levels(comp, row_bits[li], lev)


def tf_row_bits(comp: Comparison, left: Side, memo: _Memo | None = None) -> F64 | None:
    """Per left record, the term-frequency bits its value brings to an agreement
    (0 where it has none); None when the comparison has no such column or no
    value. The frequencies are those of the whole left table, so a caller that
    scores a few rows of it (the index) takes them from here."""
    found = evaluator_for(comp).tf_column(comp, left)
    if found is None:
        return None
    codes = (memo or _Memo(None)).codes("tf:" + comp.name, found)[0]
    known = codes[codes >= 0]
    if len(known) == 0:
        return None
    counts = np.bincount(known).astype(np.float64)
    freq = counts / len(known)
    average = float((freq**2).sum())
    with np.errstate(divide="ignore"):
        bits = np.clip(np.log2(average / freq), *TF_BOUNDS)
    return np.asarray(np.where(codes >= 0, bits[np.maximum(codes, 0)], 0.0))


def tf_on_levels(comp: Comparison, bits: F64, lev: npt.NDArray[np.int8]) -> F64:
    """``bits`` (one per pair) where the pair's level takes a term frequency,
    else NaN."""
    agreeing = np.isin(lev, evaluator_for(comp).tf_levels)
    return np.asarray(np.where(agreeing, bits, np.nan), dtype=np.float64)


def match_weights(
    levels: ScoredLevels,
    weight_tables: Sequence[F64],
    strata: npt.NDArray[np.int8] | None = None,
    *,
    rows: Int | None = None,
    out: F64 | None = None,
) -> tuple[F64, F64]:
    """Per-pair total weight (without prior) and per-(pair, comparison) weights.

    A 2-D table is indexed by (stratum, level), with each pair's ``strata``.
    With ``rows`` and ``out`` (pairs x comparisons), only those pairs are weighed,
    into ``out`` in place (no copy of the levels of a subset): the total returned
    is then that of ``rows``."""
    n, k = levels.levels.shape
    per = np.zeros((n, k)) if out is None else out
    at: Int | slice = slice(None) if rows is None else rows
    for i in range(k):
        table = weight_tables[i]
        lev = levels.levels[at, i]
        if table.ndim == 2:
            if strata is None:
                raise ValueError("a weight table by stratum needs the pairs' strata")
            w = table[strata[at], lev]
        else:
            w = table[lev]
        tf = levels.tf_adjust[at, i]
        has = ~np.isnan(tf)
        if has.any():
            w[has] += tf[has]
        per[at, i] = w
    return per[at].sum(axis=1), per
