"""The name kinds: given names and family names, level functions and evaluators.

Both are evaluated once per name reading of the right side (a profile's name as
written, and swapped), the kernel keeping the better reading per pair. Given names
agree exactly, by nickname group, by one of several given names, by similarity or
by initial; family names by a key variant (without particles, one of two family
names, a maiden name), by one word of a compound, by similarity or by initial.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.codes import Memo, jw, select
from identitylink._engine.features import Side
from identitylink._engine.given_names import later_given_names_conflict
from identitylink._engine.kinds import Evaluator, register, shown_text
from identitylink._engine.skeleton import skeleton_match
from identitylink.comparisons import FamilyNameComparison, GivenNameComparison

__all__ = ["family_levels", "given_levels"]

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]
Bool = npt.NDArray[np.bool_]


def given_levels(
    memo: Memo,
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
    sim = jw(left.given_first[li, 0], right.given_first[ri, v])
    at = np.flatnonzero(conflict)
    if len(at):
        sim[at] = jw(left.given[li[at], 0], right.given[ri[at], v])
    conds = [exact, nick, *(sim >= t for t in c.jaro_winkler)]
    if len(conds) > 2:  # a name written without vowels ("ywsf"): similar spelling
        empty = np.full(len(li), "", dtype=object)
        conds[2] = conds[2] | skeleton_match(
            left.given_first[li, 0], right.given_first[ri, v], empty, empty
        )
    conds.append(((len_l == 1) | (len_r == 1)) & (il == ir))
    out = select(conds, len(li))
    out[null] = 0
    return out


def family_levels(
    memo: Memo,
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
    sim = jw(left.family[li, 0], right.family[ri, v])
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
    out = select(conds, len(li))
    out[null] = 0
    return out


def _one_of_the_given(
    memo: Memo, left: Side, right: Side, li: Int, ri: Int, v: int, settled: Bool
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


def _name_shown(
    col: Obj, rows: Int, reading: Int, left: bool
) -> list[str | None]:  # the left keeps one reading; the right shows the chosen one
    return shown_text(col[rows, 0] if left else col[rows, reading])


def _given_shown(
    comp: Any, side: Side, rows: Int, reading: Int, left: bool
) -> list[str | None]:
    return _name_shown(side.given, rows, reading, left)


def _family_shown(
    comp: Any, side: Side, rows: Int, reading: Int, left: bool
) -> list[str | None]:
    return _name_shown(side.family, rows, reading, left)


register(
    GivenNameComparison,
    Evaluator(
        levels=given_levels,
        tf_column=lambda comp, side: side.given[:, 0],
        shown=_given_shown,
        names=True,
        reads=("given", "given_first", "given_group"),
    ),
)
register(
    FamilyNameComparison,
    Evaluator(
        levels=family_levels,
        tf_column=lambda comp, side: side.family[:, 0],
        shown=_family_shown,
        names=True,
        reads=("family", "family_alt", "family_words"),
    ),
)
