"""From scored pairs to what a run returns: which pairs identify a person, the
explanation of each link, and the validated :class:`~identitylink.LinkDecision`
models. Shared by the batch :class:`~identitylink.Linker` and the ``identify``
index (one decision, two entry points).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.decide import AUTO, REJECT, REVIEW
from identitylink._engine.explain import DECISIONS, explain_many
from identitylink._engine.features import Side
from identitylink._engine.kernel import ScoredLevels
from identitylink._engine.prepared import Prepared, profile_address
from identitylink._engine.username_forms import name_built_local, own_name_username
from identitylink.comparisons import UsernameComparison
from identitylink.results import LinkDecision
from identitylink.spec import LinkSpec

__all__ = ["decisions_of", "explained", "identifying_pairs"]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

IDENTIFYING_BITS = 2.0
"""An identifying comparison identifies only with at least this many bits (4:1)."""
DISAGREEMENT_BITS = 2.5
"""A comparison this many bits against a pair keeps it from identifying."""
BAND_NAMES = {AUTO: "auto", REVIEW: "review", REJECT: "reject"}
DECISION_CHUNK = 4096
"""Decisions validated at once (see :func:`decisions_of`)."""


def identifying_pairs(
    spec: LinkSpec,
    levels: ScoredLevels,
    per: F64,
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
) -> npt.NDArray[np.bool_]:
    """Per pair: some identifying comparison agrees (e-mail, username, birth
    date, phone, an id) with enough bits, and nothing disagrees outright (a
    changed family name with the same birthday is for a person to judge).

    A username equal to the e-mail local part identifies only when neither
    is a handle made from a name ("jamesburton"): a namesake may pick it."""
    identifying = np.zeros(len(per), dtype=bool)
    for k, comp in enumerate(spec.comparisons):
        ok = np.array([lv in comp.identifying_levels() for lv in comp.levels()])
        found = ok[levels.levels[:, k]] & (per[:, k] >= IDENTIFYING_BITS)
        if isinstance(comp, UsernameComparison):
            at = found & (levels.levels[:, k] == comp.levels().index("email_local"))
            sel = np.flatnonzero(at)
            found[sel] &= ~(
                name_built_local(left, li[sel]) | own_name_username(right, ri[sel])
            )
        identifying |= found
    identifying &= per.min(axis=1, initial=0.0) > -DISAGREEMENT_BITS
    return identifying


def explained(
    spec: LinkSpec,
    prep: Prepared,
    li: Int,
    ri: Int,
    levels: ScoredLevels,
    weights: tuple[F64, list[list[F64]], Int],
    edges: Int,
    context: Sequence[tuple[list[str], list[dict[str, Any]]]],
) -> list[dict[str, Any]]:
    """The explanations of ``edges`` (``weights``: the per-comparison weights,
    tables and table of each pair, as ``Linker._match_weights`` gives them)."""
    assert spec.prior is not None
    per, tables, which = weights
    base = np.zeros((len(edges), len(spec.comparisons)))
    for k in range(len(spec.comparisons)):
        lev = levels.levels[edges, k]
        for t in np.unique(which[edges]):
            rows = np.flatnonzero(which[edges] == t)
            base[rows, k] = tables[t][k][lev[rows]]
    return explain_many(
        spec.comparisons,
        prep.left,
        prep.right,
        li[edges],
        ri[edges],
        levels.levels[edges],
        per[edges],
        levels.tf_adjust[edges].astype(np.float64),
        base,
        levels.reading[edges].astype(np.int64),
        float(np.log2(spec.prior / (1 - spec.prior))),
        [c[0] for c in context],
        [c[1] for c in context],
    )


def decisions_of(
    prep: Prepared, decided: Iterable[tuple[int, int, float, int, dict[str, Any]]]
) -> list[LinkDecision]:
    """(left row, right row, weight, band, explanation) as decisions.

    Validated :data:`DECISION_CHUNK` at a time, each chunk's explanation dicts
    let go once their models exist: the dicts of every link and their models
    are never all held at once (dev-large: 46,000 links)."""
    pending = decided if isinstance(decided, list) else list(decided)
    del decided
    out: list[LinkDecision] = []
    while pending:
        chunk = pending[:DECISION_CHUNK]
        del pending[:DECISION_CHUNK]
        out += DECISIONS.validate_python(
            [
                {
                    "profile_platform": prep.right.platform[rrow],
                    "profile_id": str(prep.right.ids[rrow]),
                    "profile_scope": str(prep.right.scope[rrow]) or "global",
                    "customer_id": str(prep.left.ids[lrow]),
                    "match_weight": round(w, 4),
                    "probability": exp["probability"],
                    "band": BAND_NAMES[band],
                    "explanation": exp,
                    **profile_address(
                        prep.right.platform[rrow],
                        str(prep.right.ids[rrow]),
                        str(prep.right.scope[rrow]),
                        prep.right_handles[rrow],
                    ),
                }
                for lrow, rrow, w, band, exp in chunk
            ]
        )
        del chunk
    return out
