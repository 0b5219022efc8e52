"""Records built without validation equal validated ones (the readers' fast path)."""

from __future__ import annotations

from pathlib import Path

from identitylink import Customer, PartialDate, Place, SocialProfile
from identitylink.sources import read_crm, read_facebook, read_twitter
from identitylink.sources._build import build_checked

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


def test_model_copy_does_not_touch_the_shared_fields_set() -> None:
    """model_copy(update=...) works on a copy; other records keep their values."""
    first = build_checked(Place, {"name": "Lyon", "id": None})
    second = build_checked(Place, {"name": "Paris", "id": "1"})
    changed = first.model_copy(update={"id": "9"})
    assert (changed.name, changed.id) == ("Lyon", "9")
    assert second.model_fields_set == {"name", "id"}
    assert first.id is None


def test_column_path_equals_per_record_path_for_profiles() -> None:
    """Profiles the column-wise fast path builds equal the per-record builders'."""
    from identitylink.sources import _facebook, _twitter

    x_users = read_twitter(SAMPLE / "twitter.jsonl", errors="collect")
    fb_users = read_facebook(SAMPLE / "facebook.jsonl", errors="collect")
    assert len(x_users) > 50 and len(fb_users) > 50
    for profile in x_users:
        slow = _twitter._profile(profile.raw, profile.source or "", None, [])
        assert slow == profile
        assert slow.model_dump() == profile.model_dump()
    for profile in fb_users:
        page = profile.scope.removeprefix("page:") if "page:" in profile.scope else None
        slow = _facebook._profile(
            profile.raw, "app", page, profile.source or "", None, []
        )
        assert slow == profile


def _write_crm(path: Path, rows: list[list[str]], *, quote_all: bool) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(
            handle,
            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
            lineterminator="\r\n",
        )
        writer.writerows(rows)
    return path


def test_plain_split_equals_csv_module(tmp_path: Path) -> None:
    """A CSV without quotes (split in C) reads exactly as the quoted same data.

    The rows cover what the column-wise cleaning handles: padding, empty cells,
    repeated values, accents, a bad date, a bad country, a duplicate id, CRLF ends.
    """
    header = ["id", "first_name", "last_name", "city", "country", "dob", "note"]
    rows = [header]
    for i in range(300):
        rows.append(
            [
                f"C{i:04d}" if i != 7 else "C0003",
                [" Anne ", "José", "", "Zoë"][i % 4],
                ["van der Berg", "García López", "O'Neil ", ""][i % 3],
                ["Lyon", " Köln", "Québec", ""][i % 4],
                ["FR", "de", "Canada", "", "Atlantis"][i % 5] if i != 11 else "XX",
                ["1980-02-29", "31/12/1990", "02/30/1985", "", "1975"][i % 5],
                ["", "vip", " a note "][i % 3],
            ]
        )
    plain = _write_crm(tmp_path / "plain.csv", rows, quote_all=False)
    quoted = _write_crm(tmp_path / "quoted.csv", rows, quote_all=True)
    assert '"' not in plain.read_text(encoding="utf-8")
    fast = read_crm(plain, errors="collect")
    slow = read_crm(quoted, errors="collect", source_name=str(plain))
    assert len(fast.records) > 100 and fast.errors and len(fast.warnings) > 10
    assert list(fast.records) == list(slow.records)
    assert list(fast.errors) == list(slow.errors)
    assert list(fast.warnings) == list(slow.warnings)
    for customer in fast.records:
        assert Customer.model_validate(customer.model_dump()) == customer
