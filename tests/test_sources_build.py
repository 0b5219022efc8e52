"""Records built without validation equal validated ones (the readers' fast path)."""

from __future__ import annotations

from pathlib import Path

from identitylink import Customer, PartialDate, Place, SocialProfile
from identitylink.sources import read_crm, read_facebook, read_twitter
from identitylink.sources._build import build_checked, gc_paused

SAMPLE = Path(__file__).parent.parent / "examples" / "data"


def test_build_checked_equals_construct_and_validation() -> None:
    """Same values, same fields set, same behaviour as pydantic's own paths."""
    values = {
        "customer_id": "C1",
        "given_names": ("Anna",),
        "family_names": ("Berg",),
        "name_particles": ("van der",),
        "full_name": None,
        "email": "a@example.nl",
        "phone": None,
        "street": None,
        "postcode": "1015",
        "city": "Amsterdam",
        "country": "NL",
        "birth_date": PartialDate(year=1980, month=2, day=29),
        "attributes": {"segment": "gold"},
    }
    built = build_checked(Customer, dict(values))
    assert built == Customer.model_construct(**values)
    assert built == Customer(**values)
    assert built.model_fields_set == set(Customer.model_fields)
    assert built.model_dump() == Customer(**values).model_dump()
    assert hash(build_checked(Place, {"name": "Lyon", "id": None})) == hash(
        Place(name="Lyon")
    )


def test_sample_records_survive_full_validation() -> None:
    """Every record the readers build from the shipped sample validates unchanged."""
    crm = read_crm(SAMPLE / "crm.csv", SAMPLE / "crm_mapping.json", errors="collect")
    profiles = [
        *read_twitter(SAMPLE / "twitter.jsonl", errors="collect"),
        *read_facebook(SAMPLE / "facebook.jsonl", errors="collect"),
    ]
    assert len(crm) > 200
    for customer in crm:
        assert Customer.model_validate(customer.model_dump()) == customer
    for profile in profiles:
        assert SocialProfile.model_validate(profile.model_dump()) == profile


def test_gc_paused_restores_the_collector() -> None:
    """The collector is paused inside and restored on exit, even after an error."""
    import gc

    assert gc.isenabled()
    try:
        with gc_paused():
            assert not gc.isenabled()
            raise RuntimeError
    except RuntimeError:
        pass
    assert gc.isenabled()


def test_model_copy_does_not_touch_the_shared_fields_set() -> None:
    """model_copy(update=...) works on a copy; other records keep their values."""
    first = build_checked(Place, {"name": "Lyon", "id": None})
    second = build_checked(Place, {"name": "Paris", "id": "1"})
    changed = first.model_copy(update={"id": "9"})
    assert (changed.name, changed.id) == ("Lyon", "9")
    assert second.model_fields_set == {"name", "id"}
    assert first.id is None
