"""Phones in the default spec: the CRM's phone against a phone in a profile's bio
(issue 17 item 6)."""

from __future__ import annotations

from _link_data import population

from identitylink import Customer, Linker, LinkSpec, SocialProfile


def _with_phones() -> tuple[list[Customer], list[SocialProfile]]:
    customers, profiles, _ = population()
    # Every customer has a phone (none of the generated profiles shows one).
    customers = [
        c.model_copy(update={"phone": f"+33 6 {10 + i // 100:02d} 00 {i % 100:02d} 11"})
        for i, c in enumerate(customers)
    ]
    # Two namesakes in one town; only the phone in the bio tells them apart.
    twins = [
        Customer(
            customer_id=f"T{i}",
            given_names=("Rosalind",),
            family_names=("Quennell",),
            city="Lyon",
            country="FR",
            phone=phone,
        )
        for i, phone in enumerate(("06 12 34 56 78", "+33 7 98 76 54 32"))
    ]
    profile = SocialProfile(
        platform="twitter",
        profile_id="p-phone",
        display_name="Rosalind Quennell",
        location_text="Lyon",
        description="Fleuriste | appelez-moi au 07.98.76.54.32",
    )
    return customers + twins, [*profiles, profile]


def test_default_spec_compares_phones() -> None:
    assert "phone" in [c.name for c in LinkSpec.default().comparisons]


def test_phone_in_bio_identifies_the_customer() -> None:
    customers, profiles = _with_phones()
    result = Linker().link(customers, profiles)
    (decision,) = [d for d in result.links if d.profile_id == "p-phone"]
    assert decision.customer_id == "T1"
    (term,) = [t for t in decision.explanation.terms if t.comparison == "phone"]
    assert (term.level, term.right) == ("exact", "+33798765432")
    assert term.weight > 5
