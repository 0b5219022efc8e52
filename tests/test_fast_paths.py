"""The column-at-once paths of the feature builder give what the per-value
functions give (they are only faster)."""

from __future__ import annotations

import phonenumbers
import pytest

from identitylink._engine.name_keys import (
    family_keys,
    family_rows,
    letters,
    letters_lines,
)
from identitylink.normalize import (
    canonical_email,
    canonical_emails,
    normalize_phone,
    normalize_phones,
)

# (text, default region): plain, separated, trunk prefixes, shared calling codes,
# "00" prefixes, edge whitespace, extensions, letters, too long, line breaks.
TRICKY_PHONES: list[tuple[str, str | None]] = [
    ("+33 6 12 34 56 78", "FR"),
    ("+33612345678", None),
    ("0033612345678", None),
    ("0033612345678", "FR"),
    ("06.12.34.56.78", "FR"),
    ("06-12-34-56-78", "FR"),
    ("0612345678", None),
    ("+33(0)612345678", "FR"),
    ("+33 1 23", "FR"),
    ("(514) 555-0123", "CA"),
    ("514.555.0123", "US"),
    ("1-514-555-0123", "US"),
    ("+1 514 555 0123", None),
    ("+1 1 514 555 0123", None),
    ("00 1 514 555 0123", "CA"),
    ("011 33 6 12 34 56 78", "US"),
    ("+1 (800) 555-0199", "US"),
    ("+1 242 357 1234", None),
    ("+7 8 912 345 67 89", None),
    ("8 912 345-67-89", "RU"),
    ("+7 700 123 4567", None),
    ("+44 20 7946 0958", None),
    ("020 7946 0958", "GB"),
    ("+44 7700 900123", "GB"),
    ("07700 900123", "GB"),
    ("+39 06 6982 1234", None),
    ("06 6982 1234", "IT"),
    ("+49 (0) 30 12345678", None),
    ("030 12345678", "DE"),
    ("+4916076406472", "DE"),
    ("0160 76406472", "DE"),
    ("+34 612 34 56 78", None),
    ("612345678", "ES"),
    ("+48 512 345 678", None),
    ("+351 912 345 678", "PT"),
    ("+36 20 123 4567", None),
    ("06 20 123 4567", "HU"),
    ("+353 85 123 4567", "IE"),
    ("+262 692 12 34 56", None),
    ("+999 123 456", None),
    ("+0 123 456 789", None),
    ("++33612345678", None),
    ("+", None),
    ("12", "FR"),
    ("  +33612345678  ", None),
    ("+33612345678\t", None),
    ("\u00a0+33 6 12 34 56 78", None),
    ("\u2003+33612345678", None),
    ("+33612345678\u2028", None),
    ("+33 6 12 34 56 78 ext. 12", "FR"),
    ("+33 6 12 34 56 78 x12", "FR"),
    ("tel: +33 6 12 34 56 78", "FR"),
    ("06 12 34 56 78 / 06 12 34 56 79", "FR"),
    ("+33 6 12 34 56 78" * 5, "FR"),
    ("+33 6 12\n34 56 78", "FR"),
    ("   ", "FR"),
    ("+33 6 12 34 56 78", "XX"),
]


def _libphonenumber(text: str, region: str | None) -> str | None:
    """What ``phonenumbers`` says: parse, validate, format as E.164."""
    stripped = text.strip()
    if not stripped or len(stripped) > 64:
        return None
    if region is None and stripped.startswith("00"):
        stripped = "+" + stripped[2:]
    try:
        number = phonenumbers.parse(stripped, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_phone_column_path_equals_phonenumbers() -> None:
    texts = [t for t, _ in TRICKY_PHONES]
    regions = [r for _, r in TRICKY_PHONES]
    expected = [_libphonenumber(t, r if r != "XX" else None) for t, r in TRICKY_PHONES]
    assert normalize_phones(texts, regions) == expected
    assert [normalize_phone(t, r).e164 for t, r in TRICKY_PHONES] == expected


def test_phone_column_path_without_line_breaks_equals_one_by_one() -> None:
    """Without the text holding a line break, the whole column takes the joined
    pass; it still agrees with each number on its own."""
    pairs = [(t, r) for t, r in TRICKY_PHONES if "\n" not in t]
    texts = [t for t, _ in pairs]
    expected = [normalize_phone(t, r).e164 for t, r in pairs]
    assert normalize_phones(texts, [r for _, r in pairs]) == expected
    assert normalize_phones(
        [None, "", *texts], [None, None, *[r for _, r in pairs]]
    ) == [
        None,
        None,
        *expected,
    ]
    assert normalize_phones(texts, "FR") == [
        normalize_phone(t, "FR").e164 for t in texts
    ]
    assert normalize_phones(["0612345678", "0612345679"], ["FR"]) == ["+33612345678"]


TRICKY_EMAILS = [
    "jean.dupont@example.com",
    "J.Dupont+promo@GoogleMail.com",
    "a.b.c+x@gmail.com",
    "+tag@gmail.com",
    "+tag@hotmail.fr",
    "user+tag@outlook.com",
    " padded@example.org ",
    "\tTabbed@Example.org",
    "'quoted@example.com",
    "o'brien@example.ie",
    "Jean Dupont <jean@example.fr>",
    "mailto:jean@example.fr",
    "jean@@example.fr",
    "jean@example",
    "jean@exa_mple.com",
    "jean@-example.com",
    "jean..dupont@example.com",
    "müller@exämple.de",
    "MÜLLER@EXAMPLE.DE",
    "ΣΟΦΙΑΣ@example.gr",
    "a" * 65 + "@example.com",
    "a@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 61 + ".com",
    "x@example.com\u2028",
    "two\nlines@example.com",
    "",
    "   ",
]


def test_email_column_path_equals_one_by_one() -> None:
    expected = [canonical_email(t).canonical for t in TRICKY_EMAILS]
    assert canonical_emails(TRICKY_EMAILS) == expected
    plain = [t for t in TRICKY_EMAILS if "\n" not in t]
    assert canonical_emails(plain) == [canonical_email(t).canonical for t in plain]
    assert canonical_emails([None, *plain]) == [
        None,
        *(canonical_email(t).canonical for t in plain),
    ]
    assert canonical_emails([]) == []


NAMES = [
    ("Dupont", ""),
    ("de la Fontaine", ""),
    ("Fontaine", "de la"),
    ("Müller-Lüdenscheidt", ""),
    ("O’Brien", ""),
    ("van der Berg", "van der"),
    ("Smith.Jones", ""),
    ("García Márquez", ""),
    ("Ng", ""),
    ("Łukasiewicz", ""),
    ("Иванов", ""),
    ("李", ""),
    ("-", ""),
    ("", ""),
    ("", "de"),
    ("Jean\nPaul", ""),
]


@pytest.mark.parametrize("with_break", [True, False])
def test_family_rows_equal_family_keys(with_break: bool) -> None:
    names = NAMES if with_break else [n for n in NAMES if "\n" not in n[0]]
    texts = [t for t, _ in names]
    particles = [p for _, p in names]
    assert family_rows(texts, particles) == [family_keys(t, p) for t, p in names]
    assert letters_lines(texts) == [letters(t) for t in texts]
    ascii_only = [t for t in texts if t.isascii()]
    assert letters_lines(ascii_only) == [letters(t) for t in ascii_only]
    assert family_rows([], []) == []


def test_given_rows_equal_given_key() -> None:
    from identitylink._engine.name_keys import given_key, given_rows

    texts = ["Jean-Pierre", "Bob", "bobby", "Ève Marie", "d'Artagnan", "J.", "-", ""]
    texts += ["Łukasz", "Σοφία", "Robert  Louis", "Jean\nPaul"]
    assert given_rows(texts) == [given_key(t) for t in texts]
    no_break = [t for t in texts if "\n" not in t]
    assert given_rows(no_break) == [given_key(t) for t in no_break]
    assert given_rows([]) == []


def test_handle_rows_equal_handles() -> None:
    from identitylink._engine.columns import column
    from identitylink._engine.name_keys import handle_rows, handles

    keys = [
        ("jean", "dupont", ""),
        ("jean", "dupont", "du"),
        ("jean", "dupont", "dupont"),
        ("jean", "", "dupont"),
        ("jean", "", ""),
        ("", "dupont", ""),
        ("j", "ng", ""),
        ("jean-marie", "delacroixdelaroche", "delacroix"),
        ("ève", "lee", "li"),
        ("d'art", "o", ""),
        ("12", "dupont", ""),
    ]
    assert handle_rows(column(keys)) == [handles(*k) for k in keys]


def test_mark_patterns_equal_the_lookbehind_ones() -> None:
    """The mark regexes of ``fold`` give what the plain lookbehind patterns give."""
    import random
    import re

    from identitylink.normalize import _text

    edge = re.compile(r"(?<![a-z0-9])['-]+|['-]+(?![a-z0-9])")
    multi = re.compile(r"(?<=['-])['-]+")
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice("a0'- \nb") for _ in range(rng.randrange(12)))
        expected = edge.sub(" ", multi.sub("", text))
        got = _text._EDGE_MARKS.sub(
            " ", _text._MULTI_MARKS.sub(_text._FIRST_MARK, text)
        )
        assert got == expected, text


@pytest.mark.parametrize(
    "text", ["meyer", "smyth", "yy", "dupont", "o'brien", "jean-louis", "van der berg"]
)
def test_phonetic_key_of_folded_equals_phonetic_key(text: str) -> None:
    from identitylink.normalize import phonetic_key
    from identitylink.normalize._text import phonetic_key_of_folded

    assert phonetic_key_of_folded(text) == phonetic_key(text)


def test_phone_column_path_on_random_numbers() -> None:
    """Random digit strings, national and international, valid or not, in several
    regions: the column path says what each number alone says."""
    import random

    rng = random.Random(7)
    regions = ["FR", "DE", "GB", "US", "CA", "IT", "ES", "RU", "HU", "BR", None]
    texts: list[str] = []
    chosen: list[str | None] = []
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randrange(4, 14)))
        prefix = rng.choice(["", "+", "00", "0", "+1 ", "+33 ", "+7 8", "+44 0"])
        texts.append(prefix + digits)
        chosen.append(rng.choice(regions))
    expected = [normalize_phone(t, r).e164 for t, r in zip(texts, chosen, strict=True)]
    assert normalize_phones(texts, chosen) == expected
    assert sum(e is not None for e in expected) > 100  # valid ones are exercised too


def _same_partition(a: list[int], b: list[int]) -> bool:
    """Equal codes in ``a`` exactly where ``b`` has equal codes, -1 alike."""
    pairs = set(zip(a, b, strict=True))
    return len({x for x, _ in pairs}) == len(pairs) == len({y for _, y in pairs})


@pytest.mark.parametrize("size", [7, 300, 2049, 5000])
def test_small_and_large_arrays_are_coded_alike(size: int) -> None:
    """The kernel codes a few hundred values with a dict and more with pandas:
    equal values share a code, missing and empty ones are -1, on both sides."""
    import random

    import numpy as np

    from identitylink._engine.codes import SMALL_CODES, codes

    rng = random.Random(size)
    words = ["dupont", "", None, "müller", "lee", float("nan"), "o'neil", "a b"]
    left = np.array([rng.choice(words) for _ in range(size)], dtype=object)
    right = np.array([rng.choice(words) for _ in range(size // 2 + 1)], dtype=object)
    got = codes(left, right)
    flat = [*left.tolist(), *right.tolist()]
    missing = [v is None or v == "" or v != v for v in flat]
    codes = [*got[0].tolist(), *got[1].tolist()]
    assert [c == -1 for c in codes] == missing
    by_value = [-1 if m else words.index(v) for v, m in zip(flat, missing, strict=True)]
    assert _same_partition(codes, by_value)
    assert (len(flat) <= SMALL_CODES) == (size <= 1000)
