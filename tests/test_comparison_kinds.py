"""Comparison kinds: a new kind is one class; column comparisons and blocking keys
share one vocabulary; a record comparable only on the spec's columns is kept."""

from __future__ import annotations

import random
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from _link_data import population

from identitylink import ConfigurationError, Linker, LinkSpec, block_on, read_crm
from identitylink.comparisons import (
    BirthDateComparison,
    CustomComparison,
    EmailComparison,
    ExactMatch,
    FamilyNameComparison,
    GivenNameComparison,
    JaroWinklerAtThresholds,
)


class PostcodeArea(CustomComparison, frozen=True, extra="forbid"):
    """Same postcode, same first two characters (the area), or neither."""

    kind: Literal["test_postcode_area"] = "test_postcode_area"
    name: str = "postcode_area"

    def levels(self) -> tuple[str, ...]:
        return ("null", "exact", "area", "else")

    def columns(self) -> tuple[str, ...]:
        return ("postcode",)

    def compare(
        self, left: npt.NDArray[np.object_], right: npt.NDArray[np.object_]
    ) -> npt.NDArray[np.int8]:
        area = np.array([a[:2] == b[:2] for a, b in zip(left, right, strict=True)])
        return np.select([left == right, area], [1, 2], 3).astype(np.int8)


MAPPING = {
    "columns": {
        "customer_id": "id",
        "first_name": "given",
        "last_name": "family",
        "birth_date": "dob",
        "postcode": "postcode",
        "street": "street",
    }
}


def _tables(n: int = 400, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two tables of the same people; the right one moved some of them within
    their postcode area and misspelt some family names."""
    rng = random.Random(seed)
    given = ["Anna", "Paul", "Marie", "Jonas", "Lea", "Tom", "Ida", "Max"]
    family = ["Berg", "Vogel", "Kranz", "Ulm", "Roth", "Stein", "Wolf", "Lang"]
    left, right = [], []
    for i in range(n):
        g, f = rng.choice(given), rng.choice(family) + str(rng.randint(0, 30))
        dob = (
            f"19{rng.randint(40, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        )
        pc = f"{rng.randint(10, 40)}{rng.randint(100, 999)}"
        street = f"{rng.randint(1, 99)} {rng.choice(['Hauptstr', 'Ring', 'Weg'])}"
        left.append(
            {
                "id": f"L{i}",
                "given": g,
                "family": f,
                "dob": dob,
                "postcode": pc,
                "street": street,
            }
        )
        moved = pc[:2] + f"{rng.randint(100, 999)}" if rng.random() < 0.3 else pc
        right.append(
            {
                "id": f"R{i}",
                "given": g,
                "family": f,
                "dob": dob,
                "postcode": moved,
                "street": street,
            }
        )
    return pd.DataFrame(left), pd.DataFrame(right)


def _spec() -> LinkSpec:
    return LinkSpec(
        comparisons=(
            GivenNameComparison(),
            FamilyNameComparison(),
            BirthDateComparison(),
            PostcodeArea(),
            JaroWinklerAtThresholds(column="street"),
        ),
        blocking_rules=(block_on("family", "given_initial"), block_on("street")),
    )


def test_a_custom_kind_is_trained_scored_explained_and_saved() -> None:
    lf, rf = _tables()
    left, right = read_crm(lf, MAPPING), read_crm(rf, MAPPING)
    linker = Linker(_spec())
    links = linker.link_tables(left, right)
    truth = {(f"L{i}", f"R{i}") for i in range(len(lf))}
    made = set(zip(links["left_id"], links["right_id"], strict=True))
    assert len(made & truth) / len(truth) > 0.9
    levels = [
        t.level
        for e in links["explanation"]
        for t in e.terms
        if t.comparison == "postcode_area"
    ]
    assert {"exact", "area"} <= set(levels)
    area = next(
        t
        for e in links["explanation"]
        for t in e.terms
        if t.comparison == "postcode_area" and t.level == "area"
    )
    # The explanation shows what the kind compared, on both sides.
    assert area.left and area.right
    assert area.left[:2] == area.right[:2] != ""
    assert area.left != area.right
    # The trained spec keeps the kind through JSON and decides the same.
    trained = linker.spec
    loaded = LinkSpec.from_json(trained.to_json())
    assert isinstance(loaded.comparisons[3], PostcodeArea)
    assert loaded == trained
    again = Linker(loaded).link_tables(left, right)
    assert list(again["right_id"]) == list(links["right_id"])
    assert list(again["probability"]) == list(links["probability"])


def test_an_unknown_kind_in_json_names_itself() -> None:
    text = LinkSpec.default().to_json().replace('"kind":"email"', '"kind":"emial"')
    with pytest.raises(ConfigurationError, match="unknown comparison kind 'emial'"):
        LinkSpec.from_json(text)


def test_a_kind_cannot_take_a_built_in_name() -> None:
    with pytest.raises(TypeError, match="built-in"):

        class Email(CustomComparison, frozen=True, extra="forbid"):
            kind: Literal["email"] = "email"


def test_compare_giving_no_level_is_a_configuration_error() -> None:
    class Broken(PostcodeArea, frozen=True, extra="forbid"):
        kind: Literal["test_broken_area"] = "test_broken_area"

        def compare(
            self, left: npt.NDArray[np.object_], right: npt.NDArray[np.object_]
        ) -> npt.NDArray[np.int8]:
            return np.zeros(len(left), dtype=np.int8)  # 0 is null: not for compare

    lf, rf = _tables(50)
    spec = _spec().model_copy(
        update={"comparisons": (*_spec().comparisons[:3], Broken())}
    )
    with pytest.raises(ConfigurationError, match="compare\\(\\) must give one level"):
        Linker(spec).link_tables(read_crm(lf, MAPPING), read_crm(rf, MAPPING))


def test_records_with_only_the_specs_columns_are_linked() -> None:
    """No names, no e-mail: a postcode and a birth date are what the spec reads."""
    lf, rf = _tables(200)
    lf, rf = lf.drop(columns=["given", "family"]), rf.drop(columns=["given", "family"])
    rf["postcode"] = lf["postcode"]
    mapping = {
        "columns": {
            k: v for k, v in MAPPING["columns"].items() if v not in ("given", "family")
        }
    }
    spec = LinkSpec(
        comparisons=(BirthDateComparison(), ExactMatch(column="postcode")),
        blocking_rules=(block_on("postcode"),),
        prior=0.01,
    )
    links = Linker(spec).link_tables(read_crm(lf, mapping), read_crm(rf, mapping))
    made = set(zip(links["left_id"], links["right_id"], strict=True))
    truth = {(f"L{i}", f"R{i}") for i in range(len(lf))}
    assert len(made & truth) / len(truth) > 0.9


def test_block_on_accepts_a_column_a_comparison_reads() -> None:
    """``block_on("street")`` pairs records on the street alone (it was refused)."""
    lf, rf = _tables(100)
    rf["family"] = "Other"  # no pair by names: only the street rule can pair them
    spec = LinkSpec(
        comparisons=(JaroWinklerAtThresholds(column="street"), BirthDateComparison()),
        blocking_rules=(block_on("street"),),
        prior=0.01,
    )
    links = Linker(spec).link_tables(read_crm(lf, MAPPING), read_crm(rf, MAPPING))
    made = set(zip(links["left_id"], links["right_id"], strict=True))
    assert len(made & {(f"L{i}", f"R{i}") for i in range(100)}) > 80


def test_identifying_levels_are_part_of_the_spec() -> None:
    """Which levels may make a link ``auto`` is data in the spec's JSON."""
    spec = LinkSpec.default()
    email = next(c for c in spec.comparisons if c.name == "email")
    assert email.identifying is None and "exact" in email.identifying_levels()
    strict = EmailComparison(identifying=("exact",))
    assert strict.identifying_levels() == {"exact"}
    comps = tuple(strict if c.name == "email" else c for c in spec.comparisons)
    changed = spec.model_copy(update={"comparisons": comps})
    loaded = LinkSpec.from_json(changed.to_json())
    assert next(c for c in loaded.comparisons if c.name == "email").identifying == (
        "exact",
    )
    with pytest.raises(ValueError, match="identifying: exactly not an agreeing"):
        EmailComparison(identifying=("exactly",))


def test_no_identifying_level_means_no_auto_link() -> None:
    customers, profiles, _ = population()
    default = Linker().link(customers, profiles)
    assert default.auto
    spec = LinkSpec.default()
    none = tuple(c.model_copy(update={"identifying": ()}) for c in spec.comparisons)
    result = Linker(spec.model_copy(update={"comparisons": none})).link(
        customers, profiles
    )
    assert result.links and not result.auto
