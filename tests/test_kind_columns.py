"""The named-column contract: each built-in comparison kind declares the side
columns it reads, and those columns are all it needs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from _shipped_sample import Sample

from identitylink import LinkSpec
from identitylink._engine.codes import Memo
from identitylink._engine.features import SIDE_COLUMNS, Side, build_side
from identitylink._engine.kinds import evaluator_for
from identitylink.comparisons import Comparison

SAMPLE = Sample()
SPEC = LinkSpec.default()


def _sides() -> tuple[Side, Side, np.ndarray, np.ndarray]:
    left = build_side(list(SAMPLE.crm.records))
    right = build_side(SAMPLE.profiles)
    rng = np.random.default_rng(3)
    # Pairs that share a family name (agreements) and random ones (the rest).
    same = np.flatnonzero(left.family[:, 0][:, None] == right.family[:, 0][None, :])
    li = np.concatenate([same // right.n, rng.integers(0, left.n, 3000)])
    ri = np.concatenate([same % right.n, rng.integers(0, right.n, 3000)])
    return left, right, li.astype(np.int64), ri.astype(np.int64)


LEFT, RIGHT, LI, RI = _sides()


def _only(side: Side, reads: tuple[str, ...]) -> Side:
    """The side with every standard column it was not declared to read removed."""
    gone = {name: None for name in SIDE_COLUMNS if name not in reads}
    return dataclasses.replace(side, **gone)  # type: ignore[arg-type]  # None marks a column the kind must not touch


def _levels(comp: Comparison, left: Side, right: Side) -> list[np.ndarray]:
    ev = evaluator_for(comp)
    memo = Memo(None)
    readings = RIGHT.readings if ev.names else 1  # the full side: its name readings
    return [ev.levels(memo, comp, left, right, LI, RI, v) for v in range(readings)]


@pytest.mark.parametrize("comp", SPEC.comparisons, ids=lambda c: c.name)
def test_a_kind_needs_only_the_columns_it_declares(comp: Comparison) -> None:
    reads = evaluator_for(comp).reads_of(comp)
    assert reads, f"{comp.name}: a built-in kind declares what it reads"
    assert set(reads) <= SIDE_COLUMNS
    full = _levels(comp, LEFT, RIGHT)
    only = _levels(comp, _only(LEFT, reads), _only(RIGHT, reads))
    for a, b in zip(full, only, strict=True):
        np.testing.assert_array_equal(a, b)
    # The pairs hold agreements and disagreements, so the check means something;
    # only a column the sample's profiles never fill (phones) leaves all null.
    found = np.unique(np.concatenate(full))
    empty = all(
        not np.asarray(getattr(RIGHT, name)).astype(bool).any() for name in reads
    )
    assert len(found) >= 2 or (empty and list(found) == [0])


def test_a_column_the_kind_does_not_declare_is_missed() -> None:
    given = next(c for c in SPEC.comparisons if c.name == "given_name")
    reads = tuple(r for r in evaluator_for(given).reads if r != "given_group")
    with pytest.raises((TypeError, AttributeError)):
        _levels(given, _only(LEFT, reads), _only(RIGHT, reads))


def test_a_side_is_a_mapping_of_its_column_names() -> None:
    for name in SIDE_COLUMNS:
        assert name in LEFT
        assert LEFT[name] is getattr(LEFT, name)
    assert LEFT["given_name"].tolist() == LEFT.given[:, 0].tolist()
    assert "no_such_column" not in LEFT
    with pytest.raises(KeyError):
        LEFT["no_such_column"]
