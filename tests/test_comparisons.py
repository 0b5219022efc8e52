"""Comparison descriptors: ordered levels, names, identifying levels."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from identitylink.comparisons import (
    BirthDateComparison,
    Comparison,
    EmailComparison,
    ExactMatch,
    FamilyNameComparison,
    GivenNameComparison,
    JaroWinklerAtThresholds,
    PlaceComparison,
    UsernameComparison,
)

ALL = [
    GivenNameComparison(),
    FamilyNameComparison(),
    EmailComparison(),
    UsernameComparison(),
    PlaceComparison(),
    BirthDateComparison(),
    ExactMatch(column="postcode"),
    JaroWinklerAtThresholds(column="street"),
]


@pytest.mark.parametrize("comparison", ALL, ids=lambda c: c.name)
def test_levels_run_from_null_to_else(comparison: Comparison) -> None:
    levels = comparison.levels()
    assert levels[0] == "null"
    assert levels[-1] == "else"
    assert len(set(levels)) == len(levels)


@pytest.mark.parametrize("comparison", ALL, ids=lambda c: c.name)
def test_identifying_levels_are_agreement_levels(comparison: Comparison) -> None:
    assert comparison.identifying_levels() <= set(comparison.levels()[1:-1])


def test_graded_levels_follow_the_thresholds() -> None:
    assert GivenNameComparison(jaro_winkler=(0.95, 0.9)).levels() == (
        "null",
        "exact",
        "nickname",
        "jaro_winkler>=0.95",
        "jaro_winkler>=0.9",
        "initial",
        "else",
    )
    assert JaroWinklerAtThresholds(column="street", thresholds=(0.8,)).levels() == (
        "null",
        "exact",
        "jaro_winkler>=0.8",
        "else",
    )


def test_names_never_identify_a_person_alone() -> None:
    assert GivenNameComparison().identifying_levels() == frozenset()
    assert FamilyNameComparison().identifying_levels() == frozenset()
    assert PlaceComparison().identifying_levels() == frozenset()
    assert UsernameComparison().identifying_levels() == {"email_local"}


def test_generic_comparisons_are_named_after_their_column() -> None:
    assert ExactMatch(column="loyalty_id").name == "loyalty_id"
    assert ExactMatch(column="loyalty_id", name="card").name == "card"
    assert ExactMatch(column="x").columns() == ("x",)


def test_discriminated_union_parses_by_kind() -> None:
    adapter: TypeAdapter[Comparison] = TypeAdapter(Comparison)
    parsed = adapter.validate_python({"kind": "exact", "column": "postcode"})
    assert isinstance(parsed, ExactMatch)
    assert parsed.name == "postcode"
