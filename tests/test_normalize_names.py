"""Display names, particles, family-name keys, initials, married names, per locale."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from identitylink.normalize import (
    clean_display_name,
    initials,
    name_keys,
    split_maiden_name,
    split_particles,
)
from identitylink.normalize._display import _clean


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Dr. Jean DUPONT 🇫🇷 (he/him)", "Jean DUPONT", id="fr-title-flag-pronouns"
        ),
        pytest.param("Mme Anne-Sophie Le Goff", "Anne-Sophie Le Goff", id="fr-mme"),
        pytest.param("M. et Mme Martin", "M. et Mme Martin", id="fr-couple-kept"),
        pytest.param("Adèle M. ❤️❤️", "Adèle M.", id="fr-hearts-initial-kept"),
        pytest.param("jean-louis l.", "jean-louis l.", id="fr-lowercase-kept"),
        pytest.param("Marie Curie | Lyon", "Marie Curie", id="fr-pipe-city"),
        pytest.param(
            "BRUNE Jean-François | Roubaix", "BRUNE Jean-François", id="fr-pipe-accents"
        ),
        pytest.param("Gérard Maris 🐶 | Montréal", "Gérard Maris", id="qc-emoji-pipe"),
        pytest.param(
            "Sabine Bechäner 📸 | Frankfurt", "Sabine Bechäner", id="de-emoji-pipe"
        ),
        pytest.param("Virgi Coset @ AP-HP", "Virgi Coset", id="fr-at-employer"),
        pytest.param("Robert Davis @ Target", "Robert Davis", id="en-at-employer"),
        pytest.param("Paul Martin - Paris", "Paul Martin", id="fr-dash-city"),
        pytest.param("Élodie Faure • photographe", "Élodie Faure", id="fr-bullet-job"),
        pytest.param("DUPONT, Jean", "DUPONT, Jean", id="fr-swapped-comma-kept"),
        pytest.param("DUPONT Jean", "DUPONT Jean", id="fr-swapped-caps-kept"),
        pytest.param("Herr Hans Müller", "Hans Müller", id="de-herr"),
        pytest.param("Prof. Dr. Anna Schmidt", "Anna Schmidt", id="de-stacked-titles"),
        pytest.param("Jürgen Groß (er/ihm)", "Jürgen Groß", id="de-pronouns"),
        pytest.param("Mr John Smith", "John Smith", id="en-mr"),
        pytest.param("Bob Smith, PhD", "Bob Smith", id="en-degree"),
        pytest.param("Sarah Jones (she/her) ✈️", "Sarah Jones", id="en-pronouns-plane"),
        pytest.param("@jdupont Jean Dupont", "Jean Dupont", id="en-handle"),
        pytest.param("Tom Hardy #blessed", "Tom Hardy", id="en-hashtag"),
        pytest.param("Mike Ross 1985", "Mike Ross", id="en-trailing-year"),
        pytest.param("jane_doe92", "jane doe", id="en-underscore-digits"),
        pytest.param("Don Johnson", "Don Johnson", id="en-don-is-a-name"),
        pytest.param(
            "Sra. María José García López ✈️", "María José García López", id="es-sra"
        ),
        pytest.param("Paco Jiménez 🇪🇸⚽", "Paco Jiménez", id="es-flag-ball"),
        pytest.param("Dott. Giuseppe Verdi", "Giuseppe Verdi", id="it-dott"),
        pytest.param("Dott.ssa Chiara Ferri", "Chiara Ferri", id="it-dottssa"),
        pytest.param("Sig.ra Rosa Bianchi", "Rosa Bianchi", id="it-sigra"),
        pytest.param("Dhr. Jan de Vries", "Jan de Vries", id="nl-dhr"),
        pytest.param("Ir. Pieter van den Berg", "Pieter van den Berg", id="nl-ir"),
        pytest.param("Pani Katarzyna Nowak 🌷", "Katarzyna Nowak", id="pl-pani"),
        pytest.param("João Silva 🇧🇷 https://t.co/x", "João Silva", id="pt-flag-url"),
        pytest.param("𝓙𝓮𝓪𝓷 𝓓𝓾𝓹𝓸𝓷𝓽", "Jean Dupont", id="math-script-letters"),
        pytest.param("", "", id="empty"),
        pytest.param("🔥🔥🔥", "", id="only-emoji"),
    ],
)
def test_clean_display_name(text: str, expected: str) -> None:
    assert clean_display_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Marie Dupont (Martin)", ("Marie Dupont", "Martin"), id="fr-parentheses"
        ),
        pytest.param(
            "Marie Dupont née Martin", ("Marie Dupont", "Martin"), id="fr-nee"
        ),
        pytest.param(
            "Anna Schmidt geb. Müller", ("Anna Schmidt", "Müller"), id="de-geb"
        ),
        pytest.param(
            "Anna Kowalska z d. Nowak", ("Anna Kowalska", "Nowak"), id="pl-z-domu"
        ),
        pytest.param("Jane Smith (Doe)", ("Jane Smith", "Doe"), id="en-parentheses"),
        pytest.param(
            "Sarah Jones (she/her)", ("Sarah Jones", None), id="en-pronouns-no-maiden"
        ),
        pytest.param("Jean Dupont", ("Jean Dupont", None), id="none"),
    ],
)
def test_split_maiden_name(text: str, expected: tuple[str, str | None]) -> None:
    assert split_maiden_name(text) == expected


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        pytest.param("van der Berg", ("van der", "Berg"), id="nl-van-der"),
        pytest.param("Van den Bosch", ("Van den", "Bosch"), id="nl-van-den-capital"),
        pytest.param("van Dijk", ("van", "Dijk"), id="nl-van"),
        pytest.param("ter Horst", ("ter", "Horst"), id="nl-ter"),
        pytest.param("von der Leyen", ("von der", "Leyen"), id="de-von-der"),
        pytest.param("von Goethe", ("von", "Goethe"), id="de-von"),
        pytest.param("de la Fontaine", ("de la", "Fontaine"), id="fr-de-la"),
        pytest.param("Du Pont", ("Du", "Pont"), id="fr-du"),
        pytest.param("d'Artagnan", ("d'", "Artagnan"), id="fr-d-elided"),
        pytest.param("Le Goff", ("Le", "Goff"), id="fr-le"),
        pytest.param("Dupont", ("", "Dupont"), id="fr-none"),
        pytest.param("de los Santos", ("de los", "Santos"), id="es-de-los"),
        pytest.param("del Río", ("del", "Río"), id="es-del"),
        pytest.param("García López", ("", "García López"), id="es-double-no-particle"),
        pytest.param("della Rovere", ("della", "Rovere"), id="it-della"),
        pytest.param("Di Maio", ("Di", "Maio"), id="it-di"),
        pytest.param("dell'Acqua", ("dell'", "Acqua"), id="it-dell-elided"),
        pytest.param("dos Santos", ("dos", "Santos"), id="pt-dos"),
        pytest.param("da Silva", ("da", "Silva"), id="pt-da"),
        pytest.param("O'Brien", ("", "O'Brien"), id="en-o-apostrophe-stays"),
        pytest.param("McDonald", ("", "McDonald"), id="en-mc-stays"),
        pytest.param("Van", ("", "Van"), id="particle-alone-is-a-name"),
        pytest.param("  van   der  Berg ", ("van der", "Berg"), id="extra-spaces"),
        pytest.param("", ("", ""), id="empty"),
    ],
)
def test_split_particles(family: str, expected: tuple[str, str]) -> None:
    assert split_particles(family) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            "van der Berg", {"van der berg", "vanderberg", "berg"}, id="nl-van-der"
        ),
        pytest.param("O'Brien", {"obrien", "o brien"}, id="en-o-apostrophe"),
        pytest.param(
            "St-Pierre",
            {"st pierre", "saint pierre", "stpierre", "saintpierre", "pierre"},
            id="fr-saint-abbreviated",
        ),
        pytest.param("Dupont", {"dupont"}, id="fr-plain"),
        pytest.param("", set(), id="empty"),
    ],
)
def test_name_keys_exact(name: str, expected: set[str]) -> None:
    assert name_keys(name) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("van der Berg", "Vanderberg", id="nl-joined"),
        pytest.param("van der Berg", "Berg", id="nl-without-particle"),
        pytest.param("De la Fuente", "Delafuente", id="es-joined"),
        pytest.param("García López", "García", id="es-first-family-name"),
        pytest.param("García López", "Garcia-Lopez", id="es-hyphenated"),
        pytest.param("García López", "López", id="es-second-family-name"),
        pytest.param("Müller", "Mueller", id="de-umlaut-digraph"),
        pytest.param("Müller", "Muller", id="de-umlaut-bare"),
        pytest.param("Müller-Lüdenscheidt", "Mueller", id="de-double-part"),
        pytest.param("von der Leyen", "Leyen", id="de-von-der"),
        pytest.param("O'Brien", "OBrien", id="en-apostrophe-dropped"),
        pytest.param("O'Brien", "O Brien", id="en-apostrophe-space"),
        pytest.param("McDonald", "Mc Donald", id="en-mc-spaced"),
        pytest.param("St-Pierre", "Saint-Pierre", id="fr-st-saint"),
        pytest.param("Ste-Marie", "Sainte Marie", id="qc-ste-sainte"),
        pytest.param("d'Artagnan", "Dartagnan", id="fr-elision-joined"),
        pytest.param("d'Artagnan", "Artagnan", id="fr-elision-dropped"),
        pytest.param("Le Goff", "LE GOFF", id="fr-case"),
        pytest.param("dos Santos", "Santos", id="pt-dos"),
        pytest.param("da Silva", "Dasilva", id="pt-joined"),
        pytest.param("Di Maio", "DiMaio", id="it-joined"),
        pytest.param("dell'Acqua", "Dell Acqua", id="it-elision-spaced"),
        pytest.param("Wałęsa", "Walesa", id="pl-diacritics"),
        pytest.param("Ødegaard", "Oedegaard", id="no-o-stroke"),
        pytest.param("Nuñez", "Nunez", id="es-tilde"),
    ],
)
def test_name_keys_compare_with_and_without(left: str, right: str) -> None:
    assert name_keys(left) & name_keys(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("Dupont", "Durand", id="fr-different"),
        pytest.param("van der Berg", "van Dijk", id="nl-same-particle-only"),
        pytest.param("de la Fuente", "de la Cruz", id="es-same-particle-only"),
        pytest.param("García López", "Martínez Pérez", id="es-different-doubles"),
        pytest.param("St-Pierre", "St-Jean", id="fr-same-saint-only"),
        pytest.param("Martín del Río", "del Valle", id="es-inner-particle-is-no-key"),
        pytest.param("Jean de Villiers", "de Gaulle", id="fr-inner-particle-is-no-key"),
    ],
)
def test_name_keys_keep_different_names_apart(left: str, right: str) -> None:
    assert not name_keys(left) & name_keys(right)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("Jean-Pierre", "jp", id="fr-compound-hyphen"),
        pytest.param("Jean Pierre", "jp", id="fr-compound-space"),
        pytest.param("J.-P.", "jp", id="fr-initials-dotted"),
        pytest.param("JP", "jp", id="fr-initials-caps"),
        pytest.param("J.", "j", id="fr-single-initial"),
        pytest.param("Élodie", "e", id="fr-accented"),
        pytest.param("María José", "mj", id="es-compound"),
        pytest.param("Hans-Peter", "hp", id="de-compound"),
        pytest.param("Łukasz", "l", id="pl-l-stroke"),
        pytest.param("Anna Maria", "am", id="it-compound"),
        pytest.param("Ann", "a", id="en-caps-with-vowel-is-a-name"),
        pytest.param("", "", id="empty"),
    ],
)
def test_initials(given: str, expected: str) -> None:
    assert initials(given) == expected


@pytest.mark.parametrize(
    ("initial", "full"),
    [
        pytest.param("J.", "Jean", id="fr-j-dupont"),
        pytest.param("D.", "Dupont", id="fr-jean-d"),
        pytest.param("K", "Kowalski", id="pl-bare-initial"),
        pytest.param("Ł.", "Łukasz", id="pl-accented-initial"),
    ],
)
def test_initial_agrees_with_first_letter_of_full_name(initial: str, full: str) -> None:
    assert initials(initial) == initials(full)[0]


_WORD = st.text(alphabet="abcdeXYZéÉłŁöÖñ'’.-", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=4), st.sampled_from(["", "Dr. ", "Mme "]))
def test_plain_name_shortcut_agrees_with_full_cleaning(
    words: list[str], title: str
) -> None:
    text = title + " ".join(words)
    assert clean_display_name(text) == _clean(text)
