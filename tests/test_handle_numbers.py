"""Handles that differ by their numbers are two handles: "sigrid_1999" is not the
e-mail "sigrid1979@online.no", though their letters agree."""

from __future__ import annotations

from _link_data import population

from identitylink import Customer, Linker, SocialProfile


def _levels(username: str, email: str) -> dict[str, str]:
    customers, profiles, _ = population()
    customers.append(
        Customer(
            customer_id="S001",
            given_names=("Sigrid",),
            family_names=("Andersen",),
            email="sigrid1979@online.no",
            city="Oslo",
            country="NO",
        )
    )
    profiles.append(
        SocialProfile(
            platform="twitter",
            profile_id="5001",
            display_name="Sigrid Andersen",
            username=username or None,
            email=email or None,
        )
    )
    result = Linker().link(customers, profiles, rejected=True)
    decision = next(
        d
        for d in [*result.links, *result.rejected]
        if d.profile_id == "5001" and d.customer_id == "S001"
    )
    assert decision.explanation is not None
    return {t.comparison: t.level for t in decision.explanation.terms}


def test_same_letters_other_numbers_is_not_the_email_local_part() -> None:
    assert _levels("sigrid_1999", "")["username"] != "email_local"
    assert _levels("sigrid_1979", "")["username"] == "email_local"
    assert _levels("sigrid_79", "")["username"] == "email_local"


def test_same_letters_other_numbers_is_another_address() -> None:
    assert _levels("", "sigrid1999@gmail.com")["email"] == "else"
    assert _levels("", "sigrid1979@gmail.com")["email"] == "local_exact"
