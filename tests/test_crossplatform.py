"""Cross-platform agreement: a bonus only when two profiles agree and share C."""

from __future__ import annotations

import numpy as np

from identitylink import LinkSpec, SocialProfile
from identitylink._engine.crossplatform import cross_platform_bonus, profiles_agree
from identitylink._engine.features import build_side
from identitylink.records import Place


def _profiles(facebook_given: str) -> list[SocialProfile]:
    return [
        SocialProfile(
            platform="twitter",
            profile_id="t1",
            display_name="DUPONT Jean",
            username="golden_monkey48",
            location_text="Lyon",
        ),
        SocialProfile(
            platform="facebook",
            profile_id="f1",
            given_name=facebook_given,
            family_name="Dupont",
            location=Place(name="Lyon, France"),
        ),
    ]


# Edges (customer, profile): the Twitter profile is a namesake case between
# customers 0 and 1 (equal weights); Facebook clearly points to customer 0.
LI = np.array([0, 1, 0, 1], dtype=np.int64)
RI = np.array([0, 0, 1, 1], dtype=np.int64)
WEIGHT = np.array([2.0, 2.0, 12.0, 1.0])
MARGIN = np.array([0.0, 0.0, 11.0, -11.0])
PLATFORM = np.array([1, 2], dtype=np.int64)


def _bonus(facebook_given: str, bonus: float = 3.0) -> np.ndarray:
    side = build_side(_profiles(facebook_given))
    out = cross_platform_bonus(
        LI, RI, WEIGHT, MARGIN, PLATFORM, side,
        bonus=bonus, min_margin=1.0, min_weight=3.0,
    )  # fmt: skip
    return out.bonus


def test_agreeing_profiles_raise_only_the_shared_customer() -> None:
    bonus = _bonus("Jean")
    assert bonus[0] == 3.0  # twitter -> customer 0, whom facebook is linked to
    assert bonus[1] == 0.0  # twitter -> customer 1: facebook does not point there
    assert bonus[3] == 0.0  # facebook's weak edge gets nothing from a tied twitter


def test_disagreeing_profiles_get_no_bonus() -> None:
    assert not _bonus("Marie").any()
    side = build_side(_profiles("Marie"))
    assert not profiles_agree(side, np.array([0]), np.array([1]))[0]


def test_bonus_zero_turns_it_off() -> None:
    assert not _bonus("Jean", bonus=0.0).any()


def test_bonus_is_on_by_default() -> None:
    assert LinkSpec.default().thresholds.cross_platform_bonus > 0


def test_agreeing_profile_that_rejects_the_customer_lowers_the_edge() -> None:
    side = build_side(_profiles("Jean"))
    weight = np.array([2.0, 2.0, -8.0, 1.0])  # facebook's edge to customer 0 is weak
    margin = np.array([0.0, 0.0, -9.0, 9.0])
    kwargs = {"bonus": 3.0, "min_margin": 1.0, "min_weight": 3.0, "weak_weight": -3.0}
    out = cross_platform_bonus(LI, RI, weight, margin, PLATFORM, side, **kwargs)
    assert out.bonus[0] == -3.0 and out.partner[0] == 2
    assert out.bonus[1] == 0.0
    protected = np.array([True, False, False, False])
    out = cross_platform_bonus(
        LI, RI, weight, margin, PLATFORM, side, protected=protected, **kwargs
    )
    assert out.bonus[0] == 0.0
