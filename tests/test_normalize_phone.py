"""normalize_phone: E.164 with the record's country as default region."""

from __future__ import annotations

import pytest

from identitylink.normalize import PhoneNormalized, normalize_phone


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
