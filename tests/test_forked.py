"""Issue 13: half of the candidate pairs scored in a forked child gives the levels
one process gives (the local executor forks from ``FORK_PAIRS`` pairs)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import identitylink as il
from identitylink._engine import executor
from identitylink._engine.forked import can_fork, split_in_two

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"


def _read() -> tuple[il.ColumnRead, il.ColumnRead]:
    crm = il.read_crm_columns(
        DATA / "crm.csv", DATA / "crm_mapping.json", errors="collect"
    )
    profiles = il.ColumnRead.concat(
        [
            il.read_twitter_columns(DATA / "twitter.jsonl", errors="collect"),
            il.read_facebook_columns(DATA / "facebook.jsonl", errors="collect"),
        ]
    )
    return crm, profiles


@pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")
def test_links_are_the_same_with_the_pairs_scored_on_two_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Scoring every run's pairs half in a child changes no link."""
    crm, profiles = _read()
    one = il.Linker().link(crm, profiles, rejected=True)
    monkeypatch.setattr(executor, "FORK_PAIRS", 2)

    two = il.Linker().link(crm, profiles, rejected=True)

    assert one.links
    assert [d.model_dump() for d in one.links] == [d.model_dump() for d in two.links]
    assert [d.model_dump() for d in one.rejected] == [
        d.model_dump() for d in two.rejected
    ]


@pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")
def test_split_in_two_joins_the_halves_in_order() -> None:
    """The child's half comes back after the parent's, value for value."""
    values = np.arange(11, dtype=np.int64)

    def compute(part: slice) -> list[np.ndarray]:
        return [values[part] * 3, (values[part] % 2 == 0)[:, None].astype(np.int8)]

    def shapes(m: int) -> list[np.ndarray]:
        return [np.empty(m, dtype=np.int64), np.empty((m, 1), dtype=np.int8)]

    tripled, even = split_in_two(len(values), compute, shapes)

    assert tripled.tolist() == (values * 3).tolist()
    assert even[:, 0].tolist() == [int(v % 2 == 0) for v in values]
