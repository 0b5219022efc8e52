"""Derived columns (``identitylink.columns``): one decorated function, named by
comparisons and blocking rules alike."""

from __future__ import annotations

import pandas as pd
import pytest
from test_comparison_kinds import MAPPING, _tables

from identitylink import (
    ConfigurationError,
    LinkageError,
    Linker,
    LinkSpec,
    block_on,
    read_crm,
)
from identitylink.columns import derived_column
from identitylink.comparisons import (
    BirthDateComparison,
    ExactMatch,
    FamilyNameComparison,
    GivenNameComparison,
)

CALLS: list[str] = []


@derived_column("test_postcode_area", source="postcode")
def postcode_area(postcode: str) -> str:
    CALLS.append(postcode)
    return postcode[:2]


@derived_column("test_postcode_zone", source="test_postcode_area")
def postcode_zone(area: str) -> str:
    return area[:1]


def _spec(*rules: str) -> LinkSpec:
    return LinkSpec(
        comparisons=(
            GivenNameComparison(),
            FamilyNameComparison(),
            BirthDateComparison(),
            ExactMatch(column="test_postcode_area"),
        ),
        blocking_rules=tuple(block_on(r, "given_initial") for r in rules),
    )


def _recall(links: pd.DataFrame, n: int) -> float:
    made = set(zip(links["left_id"], links["right_id"], strict=True))
    return len(made & {(f"L{i}", f"R{i}") for i in range(n)}) / n


def test_a_derived_column_blocks_compares_and_is_explained() -> None:
    lf, rf = _tables(300)
    left, right = read_crm(lf, MAPPING), read_crm(rf, MAPPING)
    exact = Linker(_spec("postcode")).link_tables(left, right)
    CALLS.clear()
    by_area = Linker(_spec("test_postcode_area")).link_tables(left, right)
    # 30% of the right table moved within its area: only the area rule pairs them.
    assert _recall(by_area, len(lf)) > _recall(exact, len(lf)) + 0.2
    # Computed once per distinct postcode and side, never for a missing one.
    assert "" not in CALLS
    assert len(CALLS) <= lf["postcode"].nunique() + rf["postcode"].nunique()
    term = next(
        t
        for e in by_area["explanation"]
        for t in e.terms
        if t.comparison == "test_postcode_area"
    )
    assert term.left and term.left == term.right and len(term.left) == 2


def test_a_derived_column_may_derive_from_another() -> None:
    lf, rf = _tables(200)
    spec = _spec("test_postcode_zone")
    links = Linker(spec).link_tables(read_crm(lf, MAPPING), read_crm(rf, MAPPING))
    assert _recall(links, len(lf)) > 0.9


def test_the_source_column_must_be_in_the_tables() -> None:
    derived_column("test_tax_area", source="tax_number")(lambda v: v[:3])
    lf, rf = _tables(50)
    spec = LinkSpec(
        comparisons=(ExactMatch(column="test_tax_area"),),
        blocking_rules=(block_on("postcode"),),
    )
    with pytest.raises(ConfigurationError, match="'tax_number'"):
        Linker(spec).link_tables(read_crm(lf, MAPPING), read_crm(rf, MAPPING))


def test_blocking_that_pairs_nothing_is_a_clear_error() -> None:
    lf, rf = _tables(50)
    lf["postcode"], rf["postcode"] = "", ""
    with pytest.raises(LinkageError, match="no candidate pair"):
        Linker(_spec("test_postcode_area")).link_tables(
            read_crm(lf, MAPPING), read_crm(rf, MAPPING)
        )


def test_a_column_cannot_derive_from_itself() -> None:
    with pytest.raises(ConfigurationError, match="itself"):
        derived_column("test_loop", source="test_loop")(str.lower)
    derived_column("test_loop_a", source="postcode")(str.lower)
    derived_column("test_loop_b", source="test_loop_a")(str.lower)
    with pytest.raises(ConfigurationError, match="itself"):
        derived_column("test_loop_a", source="test_loop_b")(str.lower)


def test_a_normaliser_must_return_text() -> None:
    derived_column("test_not_text", source="postcode")(len)  # type: ignore[arg-type]  # the error under test
    lf, rf = _tables(30)
    spec = LinkSpec(
        comparisons=(ExactMatch(column="test_not_text"),),
        blocking_rules=(block_on("postcode"),),
    )
    with pytest.raises(ConfigurationError, match="not a string"):
        Linker(spec).link_tables(read_crm(lf, MAPPING), read_crm(rf, MAPPING))
