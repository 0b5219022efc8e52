"""Every normaliser takes any text without raising, and keeps its promises on it."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from identitylink.normalize import (
    EmailNormalized,
    PhoneNormalized,
    PlaceNormalized,
    canonical_email,
    canonical_emails,
    clean_display_name,
    country_code,
    fold,
    fold_variants,
    given_name_keys,
    initials,
    name_keys,
    nickname_group,
    normalize_phone,
    normalize_phones,
    normalize_place,
    phonetic_key,
    split_maiden_name,
    split_particles,
)

# Arbitrary Unicode (emoji, combining marks, other scripts, controls) plus text
# built from the characters the normalisers treat specially.
_SPECIAL = "äöüßłøæœđıÅØ'’-–—|/•·,.@+()[]#📍🌍🇫🇷❤️\u200d\ufe0f \t\n"
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=string.ascii_letters + _SPECIAL, max_size=40),
)
FOLDED_ALPHABET = frozenset(string.ascii_lowercase + string.digits + " '-")

_SETTINGS = settings(max_examples=150, deadline=None)


@_SETTINGS
@given(TEXT)
def test_fold_gives_lowercase_ascii(text: str) -> None:
    folded = fold(text)
    assert set(folded) <= FOLDED_ALPHABET
    assert folded == folded.strip()
    assert "  " not in folded
    assert fold(folded) == folded


@_SETTINGS
@given(TEXT)
def test_name_functions_never_raise(text: str) -> None:
    variants = fold_variants(text)
    assert (fold(text) in variants) or not fold(text)
    assert isinstance(clean_display_name(text), str)
    rest, maiden = split_maiden_name(text)
    assert isinstance(rest, str)
    assert maiden is None or isinstance(maiden, str)
    particle, name = split_particles(text)
    assert isinstance(particle, str)
    assert isinstance(name, str)
    assert all(isinstance(k, str) and k for k in name_keys(text))
    assert all(isinstance(k, str) and k for k in given_name_keys(text))
    assert isinstance(nickname_group(text), str)
    assert set(initials(text)) <= set(string.ascii_lowercase + string.digits)
    assert set(phonetic_key(text)) <= set(string.ascii_uppercase + "0")


@_SETTINGS
@given(TEXT)
def test_contact_and_place_functions_never_raise(text: str) -> None:
    email = canonical_email(text)
    assert isinstance(email, EmailNormalized)
    assert email.valid == (email.canonical is not None)
    assert email.valid == (email.reason is None)
    phone = normalize_phone(text, "FR")
    assert isinstance(phone, PhoneNormalized)
    assert (phone.e164 is None) == (phone.reason is not None)
    place = normalize_place(text, "DE")
    assert isinstance(place, PlaceNormalized)
    assert place.unknown == (place.city_key is None and place.country is None)
    code = country_code(text)
    assert code is None or (len(code) == 2 and code.isupper())
    assert canonical_emails([text, None]) == [email.canonical, None]
    assert normalize_phones([text], "FR") == [phone.e164 if text else None]


@_SETTINGS
@given(TEXT, st.one_of(st.none(), st.text(max_size=5)))
def test_any_default_region_or_country_is_accepted(
    text: str, default: str | None
) -> None:
    assert isinstance(normalize_phone(text, default), PhoneNormalized)
    assert isinstance(normalize_place(text, default), PlaceNormalized)


def test_none_inputs() -> None:
    assert canonical_email(None).reason == "missing"
    assert normalize_phone(None).reason == "missing"
    assert normalize_place(None).unknown
    assert country_code(None) is None


def test_empty_inputs() -> None:
    assert fold("") == ""
    assert fold_variants("") == frozenset()
    assert clean_display_name("") == ""
    assert split_maiden_name("") == ("", None)
    assert split_particles("") == ("", "")
    assert name_keys("") == frozenset()
    assert given_name_keys("") == frozenset()
    assert nickname_group("") == ""
    assert initials("") == ""
    assert phonetic_key("") == ""
    assert not canonical_email("").valid
    assert normalize_phone("").e164 is None
    assert normalize_place("").unknown
    assert country_code("") is None
