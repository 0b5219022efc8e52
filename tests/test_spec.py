"""LinkSpec: defaults, JSON round trip, hash, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from identitylink import ConfigurationError, DecisionThresholds, LinkSpec, block_on
from identitylink.comparisons import (
    BirthDateComparison,
    ExactMatch,
    FamilyNameComparison,
    JaroWinklerAtThresholds,
)


def test_default_spec_round_trips_through_json() -> None:
    spec = LinkSpec.default()
    again = LinkSpec.from_json(spec.to_json())
    assert again == spec
    assert again.spec_hash == spec.spec_hash


def test_round_trip_keeps_comparison_kinds_and_parameters() -> None:
    spec = LinkSpec(
        comparisons=(
            FamilyNameComparison(
                m=(0.9, 0.05, 0.02, 0.01, 0.02), u=(0.01, 0.01, 0.02, 0.01, 0.95)
            ),
            ExactMatch(column="loyalty_id"),
            JaroWinklerAtThresholds(column="street", thresholds=(0.9,)),
        ),
        blocking_rules=(block_on("postcode", max_block_size=50, refine_with="family"),),
        prior=0.01,
    )
    again = LinkSpec.from_json(spec.to_json(indent=2))
    assert [type(c) for c in again.comparisons] == [
        FamilyNameComparison,
        ExactMatch,
        JaroWinklerAtThresholds,
    ]
    assert again.comparisons[0].m == (0.9, 0.05, 0.02, 0.01, 0.02)
    assert again.comparisons[1].name == "loyalty_id"
    assert again.blocking_rules[0].refine_with == "family"
    assert again.trained is False  # the other comparisons have no parameters


def test_hash_changes_with_parameters() -> None:
    spec = LinkSpec.default()
    other = spec.model_copy(update={"thresholds": DecisionThresholds(auto=0.999)})
    assert other.spec_hash != spec.spec_hash


def test_untrained_drops_parameters() -> None:
    spec = LinkSpec(
        comparisons=(
            BirthDateComparison(m=(0.5, 0.3, 0.1, 0.1), u=(0.01, 0.02, 0.07, 0.9)),
        ),
        blocking_rules=(block_on("birth_date"),),
        prior=0.2,
    )
    assert spec.trained
    bare = spec.untrained()
    assert not bare.trained
    assert bare.comparisons[0].m is None
    assert bare.prior is None


def test_invalid_json_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="invalid link spec"):
        LinkSpec.from_json(
            '{"comparisons": [{"kind": "nonsense"}], "blocking_rules": []}'
        )


def test_from_file(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(LinkSpec.default().to_json(), encoding="utf-8")
    assert LinkSpec.from_file(path) == LinkSpec.default()
    with pytest.raises(ConfigurationError, match="cannot read"):
        LinkSpec.from_file(tmp_path / "missing.json")


def test_thresholds_are_validated() -> None:
    with pytest.raises(ValueError):
        DecisionThresholds(auto=1.5)
