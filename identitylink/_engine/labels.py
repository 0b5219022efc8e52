"""Pairs a person decided: what a reviewer's accept or reject does to a next run.

A label is ``(platform, profile id, customer id, is match)``. Training takes the
accepted ones as extra anchors (:mod:`identitylink._engine.train`); a run that is
given labels also *keeps* them:

- a rejected pair is not a candidate: it neither links nor, as a namesake, holds
  back its profile's other candidates by the margin rule;
- an accepted pair is its profile's only candidate (the profile is decided), is
  added when blocking did not find it, and is linked first, whatever it scores,
  so that its customer's other profiles meet it in the assignment.

Labels that name a record the run does not have are ignored (the CRM changed since
the review): they cannot be applied, and nothing else depends on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from identitylink._engine.features import Side

__all__ = ["LabelRows", "apply_labels", "label_rows"]

Int = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class LabelRows:
    """Labels as rows of the two sides; a later label of a pair replaces an earlier."""

    left: Int
    right: Int
    is_match: Bool

    def __len__(self) -> int:
        return len(self.left)


def label_rows(
    left: Side, right: Side, labels: Iterable[tuple[str, str, str, bool]]
) -> LabelRows:
    """The labels whose customer and profile are both in this run, as row numbers."""
    left_index = {str(cid): i for i, cid in enumerate(left.ids)}
    right_index = {
        (str(p), str(pid)): i
        for i, (p, pid) in enumerate(zip(right.platform, right.ids, strict=True))
    }
    latest: dict[tuple[int, int], bool] = {}
    for platform, profile_id, customer_id, is_match in labels:
        lrow = left_index.get(customer_id)
        rrow = right_index.get((platform, profile_id))
        if lrow is not None and rrow is not None:
            latest.pop((lrow, rrow), None)  # keep the order of the last label
            latest[(lrow, rrow)] = bool(is_match)
    return LabelRows(
        left=np.array([k[0] for k in latest], dtype=np.int64),
        right=np.array([k[1] for k in latest], dtype=np.int64),
        is_match=np.array(list(latest.values()), dtype=bool),
    )


def apply_labels(
    li: Int, ri: Int, n_left: int, rows: LabelRows
) -> tuple[Int, Int, Bool]:
    """Candidate pairs with the labels applied, and which of them are accepted.

    Rejected pairs are dropped; a profile with an accepted pair keeps that pair
    only (added if blocking missed it). Returns ``(left rows, right rows,
    accepted)`` in the order of the input pairs, added pairs last."""
    if len(rows) == 0:
        return li, ri, np.zeros(len(li), dtype=bool)
    base = np.int64(n_left)
    key = ri * base + li
    accepted_keys = rows.right[rows.is_match] * base + rows.left[rows.is_match]
    rejected_keys = rows.right[~rows.is_match] * base + rows.left[~rows.is_match]
    decided = np.unique(rows.right[rows.is_match])
    keep = ~np.isin(key, rejected_keys) & (
        ~np.isin(ri, decided) | np.isin(key, accepted_keys)
    )
    li, ri, key = li[keep], ri[keep], key[keep]
    missing = np.setdiff1d(accepted_keys, key)
    li = np.concatenate([li, missing % base])
    ri = np.concatenate([ri, missing // base])
    return li, ri, np.isin(ri * base + li, accepted_keys)
