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

__all__ = ["CrossPlatform", "agreeing_partners", "cross_platform_bonus"]

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


def _name_agrees(side: Side, ra: Int, rb: Int) -> npt.NDArray[np.bool_]:
    """Rows where one name reading of ``ra`` and one of ``rb`` share the given-name
    group and a family key (the same reading pair for both)."""
    g, f, fa = _cols(side.given_group), _cols(side.family), _cols(side.family_alt)
    out = np.zeros(len(ra), dtype=bool)
    for i in range(g.shape[1]):
        ga, fam_a, alt_a = g[ra, i], f[ra, i], fa[ra, i]
        for j in range(g.shape[1]):
            fam_b, alt_b = f[rb, j], fa[rb, j]
            family = ((fam_a == fam_b) | (fam_a == alt_b)) & (fam_a != "")
            family |= ((alt_a == fam_b) | (alt_a == alt_b)) & (alt_a != "")
            out |= (ga == g[rb, j]) & (ga != "") & family
    return out


def profiles_agree(side: Side, ra: Int, rb: Int) -> npt.NDArray[np.bool_]:
    """Whether profiles ``ra`` and ``rb`` look like the same person."""
    given_family = _name_agrees(side, ra, rb)
    ca, cb = side.city[ra], side.city[rb]
    place_ok = (ca == "") | (cb == "") | (ca == cb)
    handle = (
        (side.username[ra] != "") & (side.username[ra] == side.email_local[rb])
    ) | ((side.username[rb] != "") & (side.username[rb] == side.email_local[ra]))
    return np.asarray((given_family & place_ok) | handle)


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


def _token_rows(side: Side, rows: Int, own: str) -> pd.DataFrame:
    """(profile row, token, named) for the profiles ``rows``: ``named`` tokens
    agree only where the places do not conflict."""
    names_r, names_t = _name_tokens(side, rows)
    hand_r, hand_t = _handle_tokens(side, rows, own=own)
    return pd.DataFrame(
        {
            "r": np.concatenate([names_r, hand_r]),
            "t": np.concatenate([names_t, hand_t]),
            "named": np.r_[np.ones(len(names_r), bool), np.zeros(len(hand_r), bool)],
        }
    )


def agreeing_partners(
    li: Int,
    ri: Int,
    edges: Int,
    partners: Int,
    platform: Int,
    side: Side,
    strong: npt.NDArray[np.bool_],
) -> tuple[Int, Int, Int]:
    """For each of ``edges`` that has one: the strong and the other partner edge
    (the highest-numbered of each, -1 for none) of the same customer whose
    profile is on another platform and agrees with the edge's
    (:func:`profiles_agree`).

    Partners are first grouped by (customer, agreement token, platform, city,
    strong): a crowd of namesakes who are all candidates of one customer is a
    handful of groups, so the join does not grow with the square of the crowd."""
    empty = np.zeros(0, dtype=np.int64)
    if len(edges) == 0 or len(partners) == 0:
        return empty, empty, empty
    city_codes, _ = pd.factorize(side.city)
    blank = np.flatnonzero(side.city == "")
    no_city = int(city_codes[blank[0]]) if len(blank) else -2

    def frame(which: Int, own: str, key: str) -> pd.DataFrame:
        rows = pd.DataFrame({key: which, "l": li[which], "r": ri[which]})
        out = rows.merge(_token_rows(side, np.unique(ri[which]), own), on="r")
        out["plat"] = platform[out["r"].to_numpy(np.int64)]
        out["city"] = city_codes[out["r"].to_numpy(np.int64)]
        return out.drop(columns="r")

    mine, theirs = frame(edges, "a", "e"), frame(partners, "b", "p")
    codes, _ = pd.factorize(pd.concat([mine["t"], theirs["t"]], ignore_index=True))
    mine["t"], theirs["t"] = codes[: len(mine)], codes[len(mine) :]
    theirs["strong"] = strong[theirs["p"].to_numpy(np.int64)]
    groups = (
        theirs.groupby(["l", "t", "named", "plat", "city", "strong"], sort=False)["p"]
        .max()
        .reset_index()
    )
    m = mine.merge(groups, on=["l", "t", "named"], suffixes=("", "_p"))
    city, city_p = m["city"].to_numpy(), m["city_p"].to_numpy()
    ok = m["plat"].to_numpy() != m["plat_p"].to_numpy()
    ok &= ~m["named"].to_numpy(bool) | (
        (city == no_city) | (city_p == no_city) | (city == city_p)
    )
    m = m[ok]
    best = m.groupby(["e", "strong"], sort=False)["p"].max().unstack(fill_value=-1)
    e = best.index.to_numpy(np.int64)

    def column_of(flag: bool) -> Int:
        if flag not in best.columns:
            return np.full(len(e), -1, dtype=np.int64)
        out: Int = best[flag].to_numpy(np.int64)
        return out

    return e, column_of(True), column_of(False)


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
    strong = (margin >= min_margin) & (margin > 0) & (weight >= min_weight)
    weak = weight < weak_weight
    sel = np.flatnonzero(strong | weak)
    if len(sel) == 0:
        return out
    # Only edges that a bonus could lift to ``weak_weight`` (the review floor) or
    # that a penalty could pull below it can change a decision: joining every
    # low-weight edge with every other one of its customer costs gigabytes.
    movable = np.flatnonzero(weight >= weak_weight - bonus)
    e, with_strong, with_weak = agreeing_partners(
        li, ri, movable, sel, platform, side, strong
    )
    # A strong partner gives the bonus; otherwise a weak one takes it off, except
    # from edges with identifying evidence of their own.
    pos = with_strong >= 0
    neg = ~pos & (with_weak >= 0)
    if protected is not None:
        neg &= ~protected[e]
    out.bonus[e[pos]] = bonus
    out.partner[e[pos]] = with_strong[pos]
    out.bonus[e[neg]] = -bonus
    out.partner[e[neg]] = with_weak[neg]
    return out
