"""Blocking rules: block_on, candidate pairs, union without duplicates, caps."""

from __future__ import annotations

import numpy as np
import pytest

from identitylink import (
    BlockingRule,
    ConfigurationError,
    Customer,
    LinkageError,
    Place,
    SocialProfile,
    block_on,
)
from identitylink._engine.features import build_side
from identitylink._engine.pairs import generate_pairs, pack_codes, pair_code_base


def _customer(
    cid: str, given: str, family: str, city: str = "Paris", **kw: object
) -> Customer:
    return Customer(
        customer_id=cid,
        given_names=(given,),
        family_names=(family,),
        city=city,
        country="FR",
        **kw,  # type: ignore[arg-type]
    )


def _fb(
    pid: str, given: str, family: str, city: str = "Paris", **kw: object
) -> SocialProfile:
    return SocialProfile(
        platform="facebook",
        profile_id=pid,
        given_name=given,
        family_name=family,
        location=Place(name=f"{city}, France"),
        **kw,  # type: ignore[arg-type]
    )


def test_block_on_names_the_rule_after_its_keys() -> None:
    rule = block_on("family_phonetic", "city")
    assert rule == BlockingRule(keys=("family_phonetic", "city"))
    assert rule.name == "family_phonetic+city"
    assert block_on("email", name="mail").name == "mail"


def test_union_has_no_duplicates_and_new_pairs_add_up() -> None:
    customers = [
        _customer("C1", "Jean", "Dupont", email="jean@x.fr"),
        _customer("C2", "Marie", "Curie"),
    ]
    profiles = [
        _fb("1", "Jean", "Dupont", email="jean@x.fr"),
        _fb("2", "Marie", "Curie"),
    ]
    rules = (block_on("email"), block_on("family", "given_group"), block_on("city"))
    out = generate_pairs(rules, build_side(customers), build_side(profiles))
    pairs = list(zip(out.left.tolist(), out.right.tolist(), strict=True))
    assert len(pairs) == len(set(pairs)) == 4  # city pairs everyone with everyone
    assert [r.new_pairs for r in out.reports] == [1, 1, 2]
    assert sum(r.new_pairs for r in out.reports) == len(pairs)


def test_swapped_display_name_is_blocked_on_family_and_given() -> None:
    customers = [_customer("C1", "Jean", "Dupont")]
    profiles = [
        SocialProfile(platform="twitter", profile_id="9", display_name="DUPONT Jean")
    ]
    out = generate_pairs(
        (block_on("family", "given_group"),),
        build_side(customers),
        build_side(profiles),
    )
    assert out.left.tolist() == [0]


def test_username_meets_name_handles() -> None:
    customers = [_customer("C1", "Jean", "Dupont"), _customer("C2", "Anne", "Martin")]
    profiles = [SocialProfile(platform="twitter", profile_id="9", username="jdupont75")]
    out = generate_pairs(
        (block_on("handle"),), build_side(customers), build_side(profiles)
    )
    assert out.left.tolist() == [0]


def test_huge_blocks_are_refined_or_dropped_and_reported() -> None:
    given = [f"{chr(97 + i % 26)}lmo" for i in range(400)]  # 26 distinct given names
    customers = [_customer(f"C{i}", g, "Martin") for i, g in enumerate(given)]
    profiles = [_fb("1", "dlmo", "Martin")]
    left, right = build_side(customers), build_side(profiles)
    dropped = generate_pairs((block_on("family", max_block_size=100),), left, right)
    assert len(dropped.left) == 0
    assert dropped.reports[0].capped_blocks == 1
    assert dropped.reports[0].dropped_pairs == 400
    refined = generate_pairs(
        (block_on("family", max_block_size=100, refine_with="given_group"),),
        left,
        right,
    )
    expected = {i for i in range(400) if i % 26 == 3}
    assert set(refined.left.tolist()) == expected
    assert refined.reports[0].refined_blocks == 1


def test_unknown_key_is_a_configuration_error() -> None:
    side = build_side([_customer("C1", "Jean", "Dupont")])
    with pytest.raises(ConfigurationError, match="shoe_size"):
        generate_pairs((block_on("shoe_size"),), side, side)


def test_attribute_keys_block_customer_tables() -> None:
    a = build_side([_customer("C1", "A", "B", attributes={"card": "123"})])
    b = build_side(
        [
            _customer("L1", "X", "Y", attributes={"card": "123"}),
            _customer("L2", "X", "Y", attributes={"card": "9"}),
        ]
    )
    out = generate_pairs((block_on("card"),), a, b)
    assert np.array_equal(out.right, np.array([0]))


def test_rules_with_many_keys_pair_only_full_agreements() -> None:
    # Five keys used to be packed into one int64 at 20 bits a key: the first key's
    # code was shifted out, so records differing only in it were paired.
    rng = np.random.default_rng(7)
    names = [f"k{i}" for i in range(5)]

    def attrs(row: np.ndarray) -> dict[str, str]:
        return {n: str(v) for n, v in zip(names, row, strict=True)}

    left_vals = rng.integers(0, 3, size=(60, 5))
    right_vals = left_vals.copy()
    right_vals[::2, 0] += 10  # every other right record differs in k0 only
    a = build_side(
        [
            _customer(f"C{i}", "A", "B", attributes=attrs(r))
            for i, r in enumerate(left_vals)
        ]
    )
    b = build_side(
        [
            _customer(f"L{i}", "X", "Y", attributes=attrs(r))
            for i, r in enumerate(right_vals)
        ]
    )
    out = generate_pairs((block_on(*names),), a, b)
    got = set(zip(out.left.tolist(), out.right.tolist(), strict=True))
    want = {
        (i, j)
        for i in range(len(left_vals))
        for j in range(len(right_vals))
        if (left_vals[i] == right_vals[j]).all()
    }
    assert want and got == want


def test_key_packing_refuses_codes_beyond_int64_instead_of_wrapping() -> None:
    """The packed code ``high * base + low`` is exact up to int64's top, then an error.

    Codes are re-factorised after every key, so real rules stay far below the bound
    however many keys they have (test above); the guard is for the arithmetic.
    """
    top = np.iinfo(np.int64).max
    base = 1 << 20
    high = np.array([0, top // base - 1], dtype=np.int64)
    low = np.array([5, base - 1], dtype=np.int64)

    packed = pack_codes(high, low, base)

    assert packed.tolist() == [5, (top // base - 1) * base + base - 1]
    with pytest.raises(LinkageError, match=r"do not fit a 64-bit integer"):
        pack_codes(np.array([top // base + 1], dtype=np.int64), low[:1], base)


def test_pair_codes_refuse_tables_whose_pairs_exceed_int64() -> None:
    """Pairs (left row, right row) are numbered in an int64, or refused clearly."""
    assert pair_code_base(10, 0) == 1
    assert pair_code_base(3_000_000, 200_000) == 200_000
    with pytest.raises(LinkageError, match=r"link the tables in parts"):
        pair_code_base(4_000_000_000, 4_000_000_000)
