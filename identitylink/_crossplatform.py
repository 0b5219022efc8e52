"""Cross-platform agreement: a Twitter and a Facebook profile of one person.

When two profiles on different platforms agree with each other (same given-name
group and family key in some reading, no conflicting city; or one's username is
the other's e-mail local part) and one of them is clearly linked to a customer C
(C is its best candidate, ahead of the runner-up), the other profile's edge to C
gets a bounded bonus. The bonus goes to C only, so it separates namesakes: the
customer the stronger profile points to wins.

The converse is a penalty: when the agreeing profile's own edge to C is weak
(below ``weak_weight``: its birth date, e-mail or city say it is not C), the
edge to C loses the same bits, unless the edge has identifying evidence of its
own (``protected``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink._features import Side

__all__ = [
    "CrossPlatform",
    "agreeing_edge_pairs",
    "cross_platform_bonus",
    "partner_kinds",
    "profiles_agree",
]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Obj = npt.NDArray[np.object_]


@dataclass
class CrossPlatform:
    """Per edge: the bonus (bits) and the partner edge that earned it (-1: none)."""

    bonus: F64
    partner: Int


def _cols(a: Obj) -> Obj:
    return a if a.ndim == 2 else a.reshape(-1, 1)


def _name_agrees(side: Side, ra: Int, rb: Int, other: Side) -> npt.NDArray[np.bool_]:
    """Rows where one name reading of ``ra`` (in ``side``) and one of ``rb`` (in
    ``other``) share the given-name group and a family key (the same reading
    pair for both)."""
    g, f, fa = _cols(side.given_group), _cols(side.family), _cols(side.family_alt)
    gb, fb, fab = (
        _cols(other.given_group),
        _cols(other.family),
        _cols(other.family_alt),
    )
    out = np.zeros(len(ra), dtype=bool)
    for i in range(g.shape[1]):
        ga, fam_a, alt_a = g[ra, i], f[ra, i], fa[ra, i]
        for j in range(gb.shape[1]):
            fam_b, alt_b = fb[rb, j], fab[rb, j]
            family = ((fam_a == fam_b) | (fam_a == alt_b)) & (fam_a != "")
            family |= ((alt_a == fam_b) | (alt_a == alt_b)) & (alt_a != "")
            out |= (ga == gb[rb, j]) & (ga != "") & family
    return out


def profiles_agree(
    side: Side, ra: Int, rb: Int, other: Side | None = None
) -> npt.NDArray[np.bool_]:
    """Whether profiles ``ra`` and ``rb`` look like the same person (``rb`` rows
    of ``other`` when given, else of ``side``)."""
    b = side if other is None else other
    given_family = _name_agrees(side, ra, rb, b)
    ca, cb = side.city[ra], b.city[rb]
    place_ok = (ca == "") | (cb == "") | (ca == cb)
    handle = ((side.username[ra] != "") & (side.username[ra] == b.email_local[rb])) | (
        (b.username[rb] != "") & (b.username[rb] == side.email_local[ra])
    )
    return np.asarray((given_family & place_ok) | handle)


def partner_kinds(
    weight: F64,
    margin: F64,
    *,
    min_margin: float,
    min_weight: float,
    weak_weight: float = float("-inf"),
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Per edge: whether it is a strong partner (its profile's best edge, by at
    least ``min_margin`` bits, weighing at least ``min_weight``) and whether it is
    a weak one (below ``weak_weight``: its agreeing twin loses the bonus)."""
    strong = (margin >= min_margin) & (margin > 0) & (weight >= min_weight)
    return np.asarray(strong), np.asarray(weight < weak_weight)


def _name_tokens(side: Side, rows: Int) -> tuple[Int, Obj]:
    """(row, token) for the name-agreement tokens of the profiles ``rows``.

    Two profiles agree on names when they share a ``(given group, family key)``
    token of some reading (its family key or the alternative one): the test of
    :func:`profiles_agree` as an equi-join key."""
    g, f, fa = _cols(side.given_group), _cols(side.family), _cols(side.family_alt)
    out_rows: list[Int] = []
    out_tokens: list[Obj] = []
    for i in range(g.shape[1]):
        given = g[rows, i]
        for fam in (f[rows, i], fa[rows, i]):
            ok = (given != "") & (fam != "")
            out_rows.append(rows[ok])
            out_tokens.append(
                np.asarray("n\x1f" + given[ok] + "\x1f" + fam[ok], dtype=object)
            )
    return np.concatenate(out_rows), np.concatenate(out_tokens)


def _handle_tokens(side: Side, rows: Int, *, own: str) -> tuple[Int, Obj]:
    """Username and e-mail local part tokens, labelled crosswise (the username
    with ``own``, the local part with the other label) so that one profile's
    username meets only the other's local part."""
    user, local = side.username[rows], side.email_local[rows]
    other = "b" if own == "a" else "a"
    u_ok, e_ok = user != "", local != ""
    return (
        np.concatenate([rows[u_ok], rows[e_ok]]),
        np.concatenate(
            [
                np.asarray(own + "\x1f" + user[u_ok], dtype=object),
                np.asarray(other + "\x1f" + local[e_ok], dtype=object),
            ]
        ),
    )


def agreeing_edge_pairs(
    li: Int, ri: Int, edges: Int, partners: Int, platform: Int, side: Side
) -> tuple[Int, Int]:
    """Pairs (edge, partner edge) of one customer whose profiles are on different
    platforms and agree (:func:`profiles_agree`), found by joining on the
    customer and an agreement token instead of every edge with every other edge
    of its customer (which, among namesakes, is millions of pairs)."""

    def expand(which: Int, own: str) -> pd.DataFrame:
        profiles = np.unique(ri[which])
        names_r, names_t = _name_tokens(side, profiles)
        hand_r, hand_t = _handle_tokens(side, profiles, own=own)
        tokens = pd.DataFrame(
            {
                "r": np.concatenate([names_r, hand_r]),
                "t": np.concatenate([names_t, hand_t]),
            }
        )
        return pd.DataFrame({"x": which, "l": li[which], "r": ri[which]}).merge(
            tokens, on="r"
        )

    left = expand(edges, "a")
    right = expand(partners, "b")
    codes, _ = pd.factorize(pd.concat([left["t"], right["t"]], ignore_index=True))
    left["t"], right["t"] = codes[: len(left)], codes[len(left) :]
    m = left[["x", "l", "t"]].merge(
        right[["x", "l", "t"]].rename(columns={"x": "y"}), on=("l", "t")
    )
    e = m["x"].to_numpy(np.int64)
    p = m["y"].to_numpy(np.int64)
    keep = platform[ri[e]] != platform[ri[p]]
    e, p = e[keep], p[keep]
    if len(e):
        pair = np.unique(np.column_stack([e, p]), axis=0)
        e, p = pair[:, 0], pair[:, 1]
    agree = profiles_agree(side, ri[e], ri[p])
    return e[agree], p[agree]


def cross_platform_bonus(
    li: Int,
    ri: Int,
    weight: F64,
    margin: F64,
    platform: Int,
    side: Side,
    *,
    bonus: float,
    min_margin: float,
    min_weight: float,
    weak_weight: float = float("-inf"),
    protected: npt.NDArray[np.bool_] | None = None,
) -> CrossPlatform:
    """The bonus of each edge from an agreeing profile on another platform.

    A partner edge qualifies when it is its profile's best edge, by at least
    ``min_margin`` bits, with match weight at least ``min_weight``; an agreeing
    partner edge below ``weak_weight`` gives ``-bonus`` instead (not to
    ``protected`` edges).
    """
    n = len(li)
    out = CrossPlatform(np.zeros(n), np.full(n, -1, dtype=np.int64))
    if bonus <= 0 or n == 0:
        return out
    strong, weak = partner_kinds(
        weight,
        margin,
        min_margin=min_margin,
        min_weight=min_weight,
        weak_weight=weak_weight,
    )
    sel = np.flatnonzero(strong | weak)
    if len(sel) == 0:
        return out
    # Only edges that a bonus could lift to ``weak_weight`` (the review floor) or
    # that a penalty could pull below it can change a decision: joining every
    # low-weight edge with every other one of its customer costs gigabytes.
    movable = np.flatnonzero(weight >= weak_weight - bonus)
    e, p = agreeing_edge_pairs(li, ri, movable, sel, platform, side)
    # Penalties first, so that a bonus (a strong partner) wins on the same edge.
    neg = weak[p]
    if protected is not None:  # edges with identifying evidence of their own
        drop = neg & protected[e]
        e, p, neg = e[~drop], p[~drop], neg[~drop]
    out.bonus[e[neg]] = -bonus
    out.partner[e[neg]] = p[neg]
    out.bonus[e[~neg]] = bonus
    out.partner[e[~neg]] = p[~neg]
    return out
