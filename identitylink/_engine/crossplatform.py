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

from identitylink._engine.features import Side

__all__ = [
    "CrossPlatform",
    "agreeing_partners",
    "cross_platform_bonus",
    "partner_kinds",
    "profiles_agree",
]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Obj = npt.NDArray[np.object_]
Bool = npt.NDArray[np.bool_]


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


def _token_table(side: Side, rows: Int, own: str) -> tuple[Int, Obj, Bool]:
    """(profile row, token, named) for the profiles ``rows``: ``named`` tokens
    agree only where the places do not conflict."""
    names_r, names_t = _name_tokens(side, rows)
    hand_r, hand_t = _handle_tokens(side, rows, own=own)
    named = np.r_[np.ones(len(names_r), bool), np.zeros(len(hand_r), bool)]
    return np.r_[names_r, hand_r], np.r_[names_t, hand_t], named


def _sorted_tokens(r_tok: Int, t_tok: Int, named: Bool) -> tuple[Int, Int, Bool]:
    """The (profile row, token, named) table sorted by row and token, each
    (row, token) once: the look-up table of :func:`_per_edge`."""
    order = np.lexsort((t_tok, r_tok))
    r_tok, t_tok, named = r_tok[order], t_tok[order], named[order]
    if len(r_tok):
        keep = np.r_[True, (r_tok[1:] != r_tok[:-1]) | (t_tok[1:] != t_tok[:-1])]
        r_tok, t_tok, named = r_tok[keep], t_tok[keep], named[keep]
    return r_tok, t_tok, named


def _per_edge(
    which: Int, ri: Int, r_tok: Int, t_tok: Int, named: Bool
) -> tuple[Int, Int, Bool]:
    """(index into ``which``, token, named) for every token of every edge's
    profile (``r_tok`` sorted, as :func:`_sorted_tokens` gives it; looked up by
    ranges)."""
    lo = np.searchsorted(r_tok, ri[which], side="left")
    hi = np.searchsorted(r_tok, ri[which], side="right")
    counts = hi - lo
    pos = np.repeat(np.arange(len(which)), counts)
    starts = np.repeat(lo - np.r_[0, np.cumsum(counts)[:-1]], counts)
    idx = starts + np.arange(len(pos))
    return pos, t_tok[idx], named[idx]


CHUNK_EDGES = 1 << 19
"""Edges (and partner edges) joined at once: customers are taken in groups with
about this many edges, so the per-token arrays stay bounded (a join over all
6.5 million candidate pairs of a 200,000-customer CRM took 2.6 GB)."""


def _customer_chunks(li: Int, edges: Int, partners: Int) -> list[tuple[Int, Int]]:
    """``edges`` and ``partners`` split by customer into parts of about
    :data:`CHUNK_EDGES` edges; a customer's edges and partners share one part."""
    n = len(edges) + len(partners)
    if n <= CHUNK_EDGES:
        return [(edges, partners)]
    customers = np.sort(np.r_[li[edges], li[partners]])
    bounds = np.unique(customers[CHUNK_EDGES::CHUNK_EDGES])
    e_part = np.searchsorted(bounds, li[edges], side="right")
    p_part = np.searchsorted(bounds, li[partners], side="right")
    e_order, p_order = (
        np.argsort(e_part, kind="stable"),
        np.argsort(p_part, kind="stable"),
    )
    e_cut = np.searchsorted(e_part[e_order], np.arange(len(bounds) + 1), side="right")
    p_cut = np.searchsorted(p_part[p_order], np.arange(len(bounds) + 1), side="right")
    out: list[tuple[Int, Int]] = []
    e_lo = p_lo = 0
    for e_hi, p_hi in zip(e_cut.tolist(), p_cut.tolist(), strict=True):
        out.append((edges[e_order[e_lo:e_hi]], partners[p_order[p_lo:p_hi]]))
        e_lo, p_lo = e_hi, p_hi
    return out


def agreeing_partners(
    li: Int,
    ri: Int,
    edges: Int,
    partners: Int,
    platform: Int,
    side: Side,
    strong: Bool,
) -> tuple[Int, Int, Int]:
    """For each of ``edges`` that has one: the strong and the other partner edge
    (the highest-numbered of each, -1 for none) of the same customer whose
    profile is on another platform and agrees with the edge's
    (:func:`profiles_agree`).

    Partners are first grouped by (customer, agreement token, platform, city,
    strong): a crowd of namesakes who are all candidates of one customer is a
    handful of groups, so the join does not grow with the square of the crowd.
    Integer arrays throughout (sorts and range look-ups, no frame joins), over
    groups of customers of about :data:`CHUNK_EDGES` edges at a time."""
    empty = np.zeros(0, dtype=np.int64)
    if len(edges) == 0 or len(partners) == 0:
        return empty, empty, empty
    city = pd.factorize(side.city)[0].astype(np.int64)
    blank = np.flatnonzero(side.city == "")
    no_city = int(city[blank[0]]) if len(blank) else -2
    ra, ta, na = _token_table(side, np.unique(ri[edges]), "a")
    rb, tb, nb = _token_table(side, np.unique(ri[partners]), "b")
    codes = pd.factorize(np.r_[ta, tb])[0].astype(np.int64)
    n_tokens = int(codes.max()) + 1 if len(codes) else 1
    e_table = _sorted_tokens(ra, codes[: len(ta)], na)
    p_table = _sorted_tokens(rb, codes[len(ta) :], nb)
    ctx = _Context(li, ri, platform, city, no_city, strong, n_tokens)
    parts = [
        _agreeing(ctx, e, p, e_table, p_table)
        for e, p in _customer_chunks(li, edges, partners)
    ]
    found = np.concatenate([p[0] for p in parts])
    order = np.argsort(found, kind="stable")
    return (
        found[order],
        np.concatenate([p[1] for p in parts])[order],
        np.concatenate([p[2] for p in parts])[order],
    )


@dataclass
class _Context:
    """The per-pair and per-profile columns every part of the join reads."""

    li: Int
    ri: Int
    platform: Int
    city: Int
    no_city: int
    strong: Bool
    n_tokens: int


def _agreeing(
    ctx: _Context,
    edges: Int,
    partners: Int,
    e_table: tuple[Int, Int, Bool],
    p_table: tuple[Int, Int, Bool],
) -> tuple[Int, Int, Int]:
    """:func:`agreeing_partners` for edges and partners of one group of
    customers."""
    empty = np.zeros(0, dtype=np.int64)
    if len(edges) == 0 or len(partners) == 0:
        return empty, empty, empty
    li, ri, platform, city, no_city = (
        ctx.li,
        ctx.ri,
        ctx.platform,
        ctx.city,
        ctx.no_city,
    )
    e_pos, e_tok, e_named = _per_edge(edges, ri, *e_table)
    p_pos, p_tok, _ = _per_edge(partners, ri, *p_table)
    # Partner groups: (customer, token) key, then platform, city, strong.
    p_edge = partners[p_pos]
    p_key = li[p_edge] * ctx.n_tokens + p_tok
    p_plat, p_city = platform[ri[p_edge]], city[ri[p_edge]]
    p_strong = ctx.strong[p_edge]
    order = np.lexsort((p_strong, p_city, p_plat, p_key))
    p_key, p_plat, p_city = p_key[order], p_plat[order], p_city[order]
    p_strong, p_edge = p_strong[order], p_edge[order]
    if len(p_key) == 0:
        return empty, empty, empty
    first = np.r_[
        True,
        (p_key[1:] != p_key[:-1])
        | (p_plat[1:] != p_plat[:-1])
        | (p_city[1:] != p_city[:-1])
        | (p_strong[1:] != p_strong[:-1]),
    ]
    starts = np.flatnonzero(first)
    g_key, g_plat, g_city = p_key[starts], p_plat[starts], p_city[starts]
    g_strong, g_best = p_strong[starts], np.maximum.reduceat(p_edge, starts)
    del p_key, p_plat, p_city, p_strong, p_edge, order, first
    # Each edge token meets the groups of its (customer, token) key.
    e_edge = edges[e_pos]
    e_key = li[e_edge] * ctx.n_tokens + e_tok
    lo = np.searchsorted(g_key, e_key, side="left")
    hi = np.searchsorted(g_key, e_key, side="right")
    counts = hi - lo
    row = np.repeat(np.arange(len(e_key)), counts)
    grp = np.repeat(lo - np.r_[0, np.cumsum(counts)[:-1]], counts) + np.arange(len(row))
    mine = e_edge[row]
    my_plat, my_city = platform[ri[mine]], city[ri[mine]]
    ok = my_plat != g_plat[grp]
    place = (my_city == no_city) | (g_city[grp] == no_city) | (my_city == g_city[grp])
    ok &= ~e_named[row] | place
    mine, grp = mine[ok], grp[ok]
    found = np.unique(mine)
    at = np.searchsorted(found, mine)
    best_strong = np.full(len(found), -1, dtype=np.int64)
    best_weak = np.full(len(found), -1, dtype=np.int64)
    is_strong = g_strong[grp]
    np.maximum.at(best_strong, at[is_strong], g_best[grp][is_strong])
    np.maximum.at(best_weak, at[~is_strong], g_best[grp][~is_strong])
    return found, best_strong, best_weak


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
    # A partner counts only for an edge of its own customer: the partners of
    # customers no movable edge has (most weak edges) cannot change anything.
    sel = sel[np.isin(li[sel], li[movable])]
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
