"""Name-agreement strata: u conditioned on whether the names of a pair agree.

Fellegi-Sunter assumes the comparisons independent given match status. Among
non-matches they are not: namesakes share name-built e-mail local parts and
handles, and blocking on name and place makes the non-matches whose names differ
share a city by construction. So u of such comparisons is learnt apart for three
strata of candidate pairs, by how far their names agree (each name comparison's
:meth:`~identitylink.comparisons.GivenNameComparison.name_agreement`; a pair's
stratum is the least over them): 0 disagree, 1 nearly agree, 2 agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from identitylink.comparisons import Comparison
from identitylink.spec import LinkSpec

__all__ = ["N_STRATA", "name_strata", "stratified_comparisons"]

N_STRATA = 3
"""Strata of name agreement: disagree, nearly agree, agree."""


def stratified_comparisons(spec: LinkSpec) -> list[int]:
    """Indices of the comparisons whose u is conditioned on name agreement: those
    that learn u within blocks and are not names themselves (none when the spec
    does not condition u, or compares no names)."""
    comps = spec.comparisons
    if not spec.condition_u_on_names or all(c.name_agreement() is None for c in comps):
        return []
    return [
        k
        for k, c in enumerate(comps)
        if c.u_within_blocks and c.name_agreement() is None
    ]


def name_strata(
    comparisons: Sequence[Comparison], levels: npt.NDArray[np.int8]
) -> npt.NDArray[np.int8]:
    """The name-agreement stratum (0, 1, 2) of each pair (row of ``levels``)."""
    out = np.full(len(levels), N_STRATA - 1, dtype=np.int8)
    for k, comp in enumerate(comparisons):
        agreement = comp.name_agreement()
        if agreement is not None:
            table = np.asarray(agreement, dtype=np.int8)
            np.minimum(out, table[levels[:, k]], out=out)
    return out
