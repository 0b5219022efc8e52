"""A username that is a name-built handle cut short ("matsanderss5753") pairs the
profile with its customer even when the profile shows only a given name."""

from __future__ import annotations

from _link_data import population

from identitylink import Customer, Linker, LinkSpec, SocialProfile


def test_a_cut_handle_finds_the_customer() -> None:
    customers, profiles, _ = population()
    customers.append(
        Customer(
            customer_id="S001",
            given_names=("Mats",),
            family_names=("Andersson",),
            email="m.andersson@example.se",
            city="Uppsala",
            country="SE",
        )
    )
    profiles.append(
        SocialProfile(
            platform="twitter",
            profile_id="5001",
            display_name="Mats",
            username="matsanderss5753",
            location_text="Uppsala",
        )
    )
    spec = LinkSpec.default()
    assert any(r.keys == ("handle_prefix",) for r in spec.blocking_rules)
    result = Linker(spec).link(customers, profiles)
    assert any(d.profile_id == "5001" and d.customer_id == "S001" for d in result.links)
    without = spec.model_copy(
        update={
            "blocking_rules": tuple(
                r for r in spec.blocking_rules if r.keys != ("handle_prefix",)
            )
        }
    )
    again = Linker(without).link(customers, profiles)
    assert not any(d.profile_id == "5001" for d in again.links)
