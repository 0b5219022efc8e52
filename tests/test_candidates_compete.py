"""Candidates of one profile compete; a birth year in a handle separates namesakes."""

from __future__ import annotations

import numpy as np
import pytest
from _link_data import population

from identitylink import (
    Customer,
    Linker,
    LinkResult,
    LinkSpec,
    PartialDate,
    SocialProfile,
)
from identitylink._engine.crossplatform import agreeing_partners, profiles_agree
from identitylink._engine.features import build_side
from identitylink.comparisons import HandleYearComparison
from identitylink.spec import DecisionThresholds


def _namesakes(n: int, years: list[int]) -> list[Customer]:
    return [
        Customer(
            customer_id=f"N{i}",
            given_names=("Oskar",),
            family_names=("Lindqvist",),
            city="Lyon",
            country="FR",
            birth_date=PartialDate(year=years[i % len(years)], month=3, day=i + 1),
        )
        for i in range(n)
    ]


def _oskar(username: str) -> SocialProfile:
    return SocialProfile(
        platform="twitter",
        profile_id="oskar",
        display_name="Oskar Lindqvist",
        username=username,
        location_text="Lyon",
    )


def _link(
    extra_customers: list[Customer], profile: SocialProfile, *, compete: bool = True
) -> tuple[LinkResult, Linker]:
    customers, profiles, _ = population(200)
    spec = LinkSpec.default()
    spec = spec.model_copy(
        update={
            "thresholds": spec.thresholds.model_copy(
                update={"candidates_compete": compete}
            )
        }
    )
    linker = Linker(spec)
    linker.train(customers + extra_customers, [*profiles, profile])
    return linker.link(customers + extra_customers, [*profiles, profile]), linker


def _candidates_of(result: LinkResult, profile_id: str) -> list[str]:
    return [d.customer_id for d in result.links if d.profile_id == profile_id]


def test_a_birth_year_in_the_handle_picks_the_namesake_born_that_year() -> None:
    result, _ = _link(_namesakes(2, [1982, 1961]), _oskar("oskar_1982"))
    link = next(d for d in result.links if d.profile_id == "oskar")
    assert link.customer_id == "N0"
    term = next(t for t in link.explanation.terms if t.comparison == "handle_year")
    assert term.level == "year" and term.weight > 0
    assert term.left is not None and "1982" in term.left


def test_two_digits_of_the_year_count_too() -> None:
    result, _ = _link(_namesakes(2, [1961, 1982]), _oskar("oskar.l82"))
    assert _candidates_of(result, "oskar") == ["N1"]


def test_without_a_year_the_namesakes_are_a_tie_and_nobody_is_linked() -> None:
    result, _ = _link(_namesakes(2, [1982, 1961]), _oskar("oskarlindqvist"))
    assert _candidates_of(result, "oskar") == []


def test_competing_candidates_lower_the_probability() -> None:
    # Ten namesakes, one of them born the year the handle says: the handle makes
    # it the best candidate, the nine others still take probability from it.
    crowd = _namesakes(10, [1982] + [1950 + i for i in range(9)])
    alone = _namesakes(1, [1982])
    crowded, _ = _link(crowd, _oskar("oskar_1982"), compete=True)
    single, _ = _link(alone, _oskar("oskar_1982"), compete=True)
    ignored, _ = _link(crowd, _oskar("oskar_1982"), compete=False)
    p = {
        name: next((d for d in r.links if d.profile_id == "oskar"), None)
        for name, r in (("crowd", crowded), ("alone", single), ("off", ignored))
    }
    assert p["alone"] is not None and p["off"] is not None
    crowd_p = p["crowd"].probability if p["crowd"] is not None else 0.0
    assert crowd_p < p["off"].probability
    assert crowd_p < p["alone"].probability
    if p["crowd"] is not None:
        terms = p["crowd"].explanation.terms
        term = next(t for t in terms if t.comparison == "other_candidates")
        assert term.weight < 0 and term.right == "9 other candidates"
        total = p["crowd"].explanation.prior_weight + sum(
            t.weight for t in p["crowd"].explanation.terms
        )
        assert total == pytest.approx(p["crowd"].match_weight, abs=1e-3)


def test_the_competition_setting_round_trips_in_the_spec_json() -> None:
    spec = LinkSpec.default()
    assert spec.thresholds.candidates_compete
    assert any(isinstance(c, HandleYearComparison) for c in spec.comparisons)
    off = spec.model_copy(
        update={"thresholds": DecisionThresholds(candidates_compete=False)}
    )
    again = LinkSpec.model_validate_json(off.model_dump_json())
    assert again.thresholds.candidates_compete is False
    assert [c.kind for c in again.comparisons] == [c.kind for c in spec.comparisons]


def test_agreeing_partners_equal_the_pairwise_test() -> None:
    """The grouped token join picks, for every edge, the partner that comparing
    every edge with every other edge of its customer picks."""
    _, profiles, _ = population(300, seed=3)
    side = build_side(profiles)
    rng = np.random.default_rng(5)
    n_edges, n_customers = 3000, 60
    li = rng.integers(0, n_customers, n_edges).astype(np.int64)
    ri = rng.integers(0, side.n, n_edges).astype(np.int64)
    platform = np.array([1 if p == "twitter" else 2 for p in side.platform])
    strong = rng.random(n_edges) < 0.3
    edges = np.arange(0, n_edges, 2, dtype=np.int64)
    partners = np.arange(1, n_edges, 3, dtype=np.int64)
    e, with_strong, with_weak = agreeing_partners(
        li, ri, edges, partners, platform, side, strong
    )
    got = {
        int(x): (int(s), int(w))
        for x, s, w in zip(e, with_strong, with_weak, strict=True)
    }
    want: dict[int, tuple[int, int]] = {}
    for x in edges.tolist():
        same = partners[
            (li[partners] == li[x]) & (platform[ri[partners]] != platform[ri[x]])
        ]
        agree = same[profiles_agree(side, np.full(len(same), ri[x]), ri[same])]
        if len(agree):
            s_ = agree[strong[agree]]
            w_ = agree[~strong[agree]]
            want[x] = (
                int(s_.max()) if len(s_) else -1,
                int(w_.max()) if len(w_) else -1,
            )
    assert len(want) > 20  # the population has cross-platform twins
    assert got == want
