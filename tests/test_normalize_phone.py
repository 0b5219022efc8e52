"""normalize_phone: E.164 with the record's country as default region."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType

from identitylink.normalize import PhoneNormalized, normalize_phone, normalize_phones
from identitylink.normalize._phone import phone_parse_problem


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        pytest.param("06 12 34 56 78", "FR", "+33612345678", id="fr-national"),
        pytest.param("+33 6 12 34 56 78", None, "+33612345678", id="fr-international"),
        pytest.param("0033 6 12 34 56 78", None, "+33612345678", id="fr-00-prefix"),
        pytest.param("06.12.34.56.78", "FR", "+33612345678", id="fr-dots"),
        pytest.param("+33765715783", "FR", "+33765715783", id="fr-crm-sample"),
        pytest.param("030 1234567", "DE", "+49301234567", id="de-berlin"),
        pytest.param("0151 23456789", "DE", "+4915123456789", id="de-mobile"),
        pytest.param("+39 383 4892866", None, "+393834892866", id="it-international"),
        pytest.param("347 123 4567", "IT", "+393471234567", id="it-mobile"),
        pytest.param("612 345 678", "ES", "+34612345678", id="es-mobile"),
        pytest.param("06-12345678", "NL", "+31612345678", id="nl-mobile"),
        pytest.param("512 345 678", "PL", "+48512345678", id="pl-mobile"),
        pytest.param("912 345 678", "PT", "+351912345678", id="pt-mobile"),
        pytest.param("(514) 555-0123", "CA", "+15145550123", id="qc-montreal"),
        pytest.param("020 7946 0123", "GB", "+442079460123", id="en-london"),
        pytest.param(
            "020 7946 0123", "uk", "+442079460123", id="en-uk-alias-lowercase"
        ),
        pytest.param(
            "+1 212 555 0123", "FR", "+12125550123", id="us-overrides-default"
        ),
        pytest.param(
            "06 12 34 56 78", "France", "+33612345678", id="fr-region-by-name"
        ),
    ],
)
def test_e164(text: str, region: str | None, expected: str) -> None:
    result = normalize_phone(text, region)
    assert result == PhoneNormalized(original=text, e164=expected)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        pytest.param("", "FR", id="empty"),
        pytest.param("   ", None, id="blank"),
        pytest.param("abc", None, id="letters"),
        pytest.param("12", "FR", id="too-short"),
        pytest.param("06 12 34 56 78", None, id="national-without-region"),
        pytest.param("06 12 34 56 78", "Atlantis", id="region-not-a-country"),
        pytest.param("+33 1", None, id="truncated"),
        pytest.param("9" * 80, "DE", id="absurdly-long"),
    ],
)
def test_unusable_gives_none_and_a_reason(text: str, region: str | None) -> None:
    result = normalize_phone(text, region)
    assert result.e164 is None
    assert result.reason
    assert result.original == text


def test_none_is_missing() -> None:
    assert normalize_phone(None, "FR") == PhoneNormalized(original="", reason="missing")


def _reference(text: str, region: str | None) -> str | None:
    """What libphonenumber's own parser says (normalize_phone takes shortcuts)."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _example_inputs() -> list[tuple[str, str | None]]:
    formats = phonenumbers.PhoneNumberFormat
    inputs: list[tuple[str, str | None]] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is None:
                continue
            e164 = phonenumbers.format_number(number, formats.E164)
            national = phonenumbers.format_number(number, formats.NATIONAL)
            inputs += [
                (e164, None),
                (phonenumbers.format_number(number, formats.INTERNATIONAL), region),
                (national, region),
                (national[:-1], region),
                (e164 + "7", None),
            ]
    return inputs


def test_same_answers_as_libphonenumber_for_every_region() -> None:
    mismatches = [
        (text, region)
        for text, region in _example_inputs()
        if normalize_phone(text, region).e164 != _reference(text, region)
    ]
    assert mismatches == []


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "+", "00", "0", "+33 ", "+1 ", "+39 0", "+44 ", "1"]),
    st.text(alphabet="0123456789", min_size=3, max_size=14),
    st.sampled_from([None, "FR", "DE", "IT", "GB", "ES", "NL", "PL", "PT", "CA", "US"]),
)
def test_same_answers_as_libphonenumber_on_digit_strings(
    prefix: str, digits: str, region: str | None
) -> None:
    text = prefix + digits
    expected = _reference(
        "+" + text[2:] if region is None and text.startswith("00") else text, region
    )
    assert normalize_phone(text, region).e164 == expected


def test_normalize_phones_agrees_with_normalize_phone() -> None:
    texts = ["06 12 34 56 78", "030 1234567", "12", None, "", "+39 383 4892866"]
    regions = ["FR", "DE", "FR", "FR", None, None]
    expected = [normalize_phone(t, r).e164 for t, r in zip(texts, regions, strict=True)]
    assert normalize_phones(texts, regions) == expected
    assert expected == [
        "+33612345678",
        "+49301234567",
        None,
        None,
        None,
        "+393834892866",
    ]


def test_normalize_phones_with_one_region_for_all() -> None:
    assert normalize_phones(["06 12 34 56 78", "06 98 76 54 32"], "FR") == [
        "+33612345678",
        "+33698765432",
    ]


def _parser_refuses(text: str, region: str | None) -> bool:
    """What ``phone_parse_problem`` answers, asked of libphonenumber's parser."""
    stripped = text.strip()
    if not stripped:
        return False
    candidate = (
        "+" + stripped[2:] if region is None and stripped[:2] == "00" else stripped
    )
    try:
        phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as exc:
        national = region is None and not candidate.startswith("+")
        return not (exc.error_type == exc.INVALID_COUNTRY_CODE and national)
    return False


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet="0123456789+ -.()/x", max_size=22),
    st.sampled_from([None, "FR", "DE", "US", "GB", "RU", "JP", "BR"]),
)
def test_phone_parse_problem_answers_as_the_parser(
    text: str, region: str | None
) -> None:
    """The fast path of plain digit strings says what ``phonenumbers.parse`` says."""
    assert (phone_parse_problem(text, region) is not None) == _parser_refuses(
        text, region
    )


@pytest.mark.parametrize(
    ("text", "region"),
    [("call me", "FR"), ("+999 123", None), ("1", "DE"), ("0" * 20, "FR")],
)
def test_phone_parse_problem_names_what_is_no_number(text: str, region: str) -> None:
    assert phone_parse_problem(text, region) is not None


@pytest.mark.parametrize(
    ("text", "region"),
    [("06 12 34 56 78", None), ("+33 6 96 37 88 31", None), ("0696378831", "FR")],
)
def test_phone_parse_problem_accepts_what_parses(text: str, region: str) -> None:
    """A national number without a region, or an unassigned range, parses."""
    assert phone_parse_problem(text, region) is None
