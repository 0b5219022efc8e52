"""fold, fold_variants and phonetic_key: case, accents, transliteration, per locale."""

from __future__ import annotations

import pytest

from identitylink.normalize import fold, fold_variants, phonetic_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # de
        pytest.param(
            "  Müller-Lüdenscheidt ", "muller-ludenscheidt", id="de-umlaut-hyphen"
        ),
        pytest.param("Straße", "strasse", id="de-eszett"),
        pytest.param("GROẞMANN", "grossmann", id="de-capital-eszett"),
        pytest.param("Gößling", "gossling", id="de-o-umlaut-eszett"),
        # fr
        pytest.param("Hélène Lefèvre", "helene lefevre", id="fr-accents"),
        pytest.param("Cœur", "coeur", id="fr-oe-ligature"),
        pytest.param("Lætitia", "laetitia", id="fr-ae-ligature"),
        pytest.param("François", "francois", id="fr-cedilla"),
        pytest.param("O’Neil", "o'neil", id="fr-curly-apostrophe-kept-inside"),
        pytest.param("d'Artagnan", "d'artagnan", id="fr-elision"),
        pytest.param("Jean -- Pierre", "jean pierre", id="fr-spaced-dashes-dropped"),
        # pl
        pytest.param("Łukasz Wałęsa", "lukasz walesa", id="pl-l-stroke-ogonek"),
        pytest.param("Źdźbło Żółć", "zdzblo zolc", id="pl-acute-dot"),
        # nordic
        pytest.param("Søren Ærø", "soren aero", id="da-o-stroke-ae"),
        pytest.param("Åsa Ström", "asa strom", id="sv-ring"),
        pytest.param("Þórður Guðmundsson", "thordur gudmundsson", id="is-thorn-eth"),
        # es / pt / it / ca
        pytest.param("Peña Núñez", "pena nunez", id="es-tilde"),
        pytest.param("João Conceição", "joao conceicao", id="pt-tilde-cedilla"),
        pytest.param("Niccolò dell'Acqua", "niccolo dell'acqua", id="it-grave-elision"),
        pytest.param(
            "Núria Puigdemont i Casamajó", "nuria puigdemont i casamajo", id="ca"
        ),
        pytest.param("Col·legi", "col legi", id="ca-middle-dot"),
        # tr / hr / vi
        pytest.param("Işıl Şahin", "isil sahin", id="tr-dotless-i-s-cedilla"),
        pytest.param("İstanbul", "istanbul", id="tr-dotted-capital-i"),
        pytest.param("Đorđević", "dordevic", id="hr-d-stroke"),
        pytest.param("Nguyễn Văn An", "nguyen van an", id="vi-stacked-diacritics"),
        # other scripts
        pytest.param("Москва", "moskva", id="ru-cyrillic"),
        pytest.param("Αθήνα", "athina", id="el-greek"),
        # punctuation, symbols, whitespace
        pytest.param("Jean.Dupont", "jean dupont", id="dot-to-space"),
        pytest.param("Anne 🌸 Marie", "anne marie", id="emoji-removed"),
        pytest.param("A\u200dB", "ab", id="zero-width-joiner-removed"),
        pytest.param("ＦＵＬＬＷＩＤＴＨ", "fullwidth", id="nfkc-fullwidth"),
        pytest.param("ﬁnn", "finn", id="nfkc-ligature"),
        pytest.param(
            "-leading and trailing-", "leading and trailing", id="edge-hyphens"
        ),
        pytest.param("'quoted'", "quoted", id="edge-apostrophes"),
        pytest.param("a\t\n  b", "a b", id="whitespace-collapsed"),
        pytest.param("", "", id="empty"),
        pytest.param("   ", "", id="blank"),
        pytest.param("🌍🌍", "", id="only-emoji"),
        pytest.param("R2-D2", "r2-d2", id="digits-kept"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Müller", {"muller", "mueller"}, id="de-u-umlaut"),
        pytest.param("Strauß", {"strauss"}, id="de-eszett-one-spelling"),
        pytest.param("Gößling", {"gossling", "goessling"}, id="de-o-umlaut-eszett"),
        pytest.param("Bäcker", {"backer", "baecker"}, id="de-a-umlaut"),
        pytest.param("Åsa", {"asa", "aasa"}, id="sv-ring"),
        pytest.param("Søren", {"soren", "soeren"}, id="da-o-stroke"),
        pytest.param("Dupont", {"dupont"}, id="fr-ascii-one"),
        pytest.param("Hélène", {"helene"}, id="fr-accents-one"),
        pytest.param("Łódź", {"lodz"}, id="pl-one"),
        pytest.param("", set(), id="empty"),
    ],
)
def test_fold_variants(text: str, expected: set[str]) -> None:
    assert fold_variants(text) == expected


@pytest.mark.parametrize(
    "text", ["Müller", "Jürgen Groß", "Åsa-Maria", "Ærø", "plain", "Nguyễn"]
)
def test_fold_variants_always_include_fold(text: str) -> None:
    assert fold(text) in fold_variants(text)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("Müller", "Mueller", id="de-umlaut-spellings"),
        pytest.param("Meyer", "Meier", id="de-ey-ei"),
        pytest.param("Philippe", "Filip", id="fr-ph-f"),
        pytest.param("Schmidt", "Schmitt", id="de-dt-tt"),
        pytest.param("Catherine", "Katherine", id="en-c-k"),
        pytest.param("Jérôme", "Jerome", id="fr-accents"),
    ],
)
def test_phonetic_key_groups_spellings(left: str, right: str) -> None:
    assert phonetic_key(left) == phonetic_key(right)
    assert phonetic_key(left) != ""


@pytest.mark.parametrize(
    ("left", "right"),
    [("Dupont", "Martin"), ("Kowalski", "Nowak"), ("Rossi", "Bianchi")],
)
def test_phonetic_key_separates_different_names(left: str, right: str) -> None:
    assert phonetic_key(left) != phonetic_key(right)


@pytest.mark.parametrize("text", ["", "   ", "🌍", "1234", "---"])
def test_phonetic_key_of_nothing_is_empty(text: str) -> None:
    assert phonetic_key(text) == ""


@pytest.mark.parametrize(
    ("greek", "latin"),
    [
        ("Οικονόμου", "oikonomou"),
        ("Χριστοδούλου", "christodoulou"),
        ("Ντίνα", "dina"),
        ("Μπάμπης", "bambis"),
        ("Ευάγγελος", "evangelos"),
        ("Παντελής", "pantelis"),
    ],
)
def test_greek_letter_pairs_fold_as_they_sound(greek: str, latin: str) -> None:
    """ELOT 743: ου is "ou", initial ντ "d", μπ "b", γγ "ng" (not letter by letter)."""
    assert fold(greek) == latin
