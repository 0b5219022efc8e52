"""Full-name splitting: given names, family names and particles from one column."""

from __future__ import annotations

import pytest

from identitylink.normalize._fullname import (
    NameParts,
    split_family_name,
    split_full_name,
    split_given_names,
)

G = tuple[str, ...]

CASES: list[tuple[str, str | None, G, G, G]] = [
    # text, country, given, family, particles
    ("van der Berg, Johanna", None, ("Johanna",), ("Berg",), ("van der",)),
    ("Berg, Johanna van der", None, ("Johanna",), ("Berg",), ("van der",)),
    ("Dupont, Jean", None, ("Jean",), ("Dupont",), ()),
    ("García López, María José", "ES", ("María", "José"), ("García", "López"), ()),
    ("Dr. Piotr Kowalski", None, ("Piotr",), ("Kowalski",), ()),
    ("Prof. Dr. Hans Müller", "DE", ("Hans",), ("Müller",), ()),
    ("Mme Claire Dubois", "FR", ("Claire",), ("Dubois",), ()),
    ("Herr Jürgen Schmidt", "DE", ("Jürgen",), ("Schmidt",), ()),
    ("Sig.ra Giulia Bianchi", "IT", ("Giulia",), ("Bianchi",), ()),
    ("Martin Luther King Jr.", "US", ("Martin", "Luther"), ("King",), ()),
    ("John Smith III", "US", ("John",), ("Smith",), ()),
    ("DUPONT Jean", None, ("Jean",), ("DUPONT",), ()),
    ("Jean DUPONT", None, ("Jean",), ("DUPONT",), ()),
    ("DUPONT Jean-Pierre", "FR", ("Jean-Pierre",), ("DUPONT",), ()),
    ("GARCÍA LÓPEZ María José", None, ("María", "José"), ("GARCÍA", "LÓPEZ"), ()),
    ("Jean-Pierre DE LA FONTAINE", None, ("Jean-Pierre",), ("FONTAINE",), ("DE LA",)),
    ("María José García López", "ES", ("María", "José"), ("García", "López"), ()),
    ("María José García López", None, ("María", "José"), ("García", "López"), ()),
    ("Juan García López", "ES", ("Juan",), ("García", "López"), ()),
    ("Juan Carlos Pérez", "MX", ("Juan", "Carlos"), ("Pérez",), ()),
    (
        "María del Carmen Ruiz Pérez",
        "ES",
        ("María", "del Carmen"),
        ("Ruiz", "Pérez"),
        (),
    ),
    ("José Ortega y Gasset", "ES", ("José",), ("Ortega", "Gasset"), ("y",)),
    ("João Pedro Silva Santos", "BR", ("João", "Pedro"), ("Silva", "Santos"), ()),
    ("José dos Santos", None, ("José",), ("Santos",), ("dos",)),
    ("Ana Maria da Silva", "PT", ("Ana", "Maria"), ("Silva",), ("da",)),
    ("Nguyễn Văn An", None, ("Văn", "An"), ("Nguyễn",), ()),
    ("Nguyen Van An", None, ("Van", "An"), ("Nguyen",), ()),
    ("Trần Thị Mai", None, ("Thị", "Mai"), ("Trần",), ()),
    ("Le Van Thanh", "VN", ("Van", "Thanh"), ("Le",), ()),
    ("Pham Minh", None, ("Minh",), ("Pham",), ()),
    ("Minh Tran", "US", ("Minh",), ("Tran",), ()),
    ("Hoang Nguyen", None, ("Hoang",), ("Nguyen",), ()),
    ("Jean-Pierre de la Fontaine", None, ("Jean-Pierre",), ("Fontaine",), ("de la",)),
    ("Anne-Marie O'Neil", None, ("Anne-Marie",), ("O'Neil",), ()),
    ("Ludwig van Beethoven", None, ("Ludwig",), ("Beethoven",), ("van",)),
    ("Johanna van der Berg", "NL", ("Johanna",), ("Berg",), ("van der",)),
    ("Ursula von der Leyen", "DE", ("Ursula",), ("Leyen",), ("von der",)),
    ("Luigi Di Maio", "IT", ("Luigi",), ("Maio",), ("Di",)),
    ("Anne Le Gall", "FR", ("Anne",), ("Le Gall",), ()),
    ("Jean de La Fontaine", "FR", ("Jean",), ("Fontaine",), ("de La",)),
    ("Marie Hélène Dupont", "FR", ("Marie", "Hélène"), ("Dupont",), ()),
    ("John Fitzgerald Kennedy", None, ("John", "Fitzgerald"), ("Kennedy",), ()),
    ("sylvia h.", None, ("sylvia",), ("h.",), ()),
    ("jean-louis l.", None, ("jean-louis",), ("l.",), ()),
    ("Jean D.", None, ("Jean",), ("D.",), ()),
    ("J. Dupont", None, ("J.",), ("Dupont",), ()),
    ("JP Martin", None, ("JP",), ("Martin",), ()),
    ("Madonna", None, (), ("Madonna",), ()),
    ("  Jean   Dupont  ", None, ("Jean",), ("Dupont",), ()),
    ("Sean McDonald", "GB", ("Sean",), ("McDonald",), ()),
    ("Camille d'Alembert", "FR", ("Camille",), ("d'Alembert",), ()),
    ("Marie Dupont (née Martin)", "FR", ("Marie",), ("Dupont",), ()),
    ("Katarzyna Nowak-Kowalska", "PL", ("Katarzyna",), ("Nowak-Kowalska",), ()),
]


@pytest.mark.parametrize(("text", "country", "given", "family", "particles"), CASES)
def test_split_full_name(
    text: str, country: str | None, given: G, family: G, particles: G
) -> None:
    """Each written form splits into the expected parts."""
    assert NameParts(given, family, particles) == split_full_name(text, country)


def test_at_least_forty_cases() -> None:
    """The brief asks for 40 cases or more."""
    assert len(CASES) >= 40


def test_result_is_a_named_tuple() -> None:
    """Callers may unpack the result or use its field names."""
    given, family, particles = split_full_name("Johanna van der Berg")
    parts = split_full_name("Johanna van der Berg")
    assert (given, family, particles) == (
        parts.given_names,
        parts.family_names,
        parts.particles,
    )


@pytest.mark.parametrize("text", ["", "   ", ",", "Dr."])
def test_nothing_to_split(text: str) -> None:
    """Empty or title-only text gives empty or single parts, never an error."""
    parts = split_full_name(text)
    assert parts.given_names == ()
    assert len(parts.family_names) <= 1


def test_country_decides_double_family_names() -> None:
    """A Spanish country reads two family names; an English one a middle name."""
    assert split_full_name("Juan García López", "ES")[1] == ("García", "López")
    assert split_full_name("Juan García López", "GB")[1] == ("López",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Marie Hélène", ("Marie", "Hélène")),
        ("Jean-Pierre", ("Jean-Pierre",)),
        ("  Anna  ", ("Anna",)),
        ("Dr. Hans", ("Hans",)),
    ],
)
def test_split_given_names(text: str, expected: G) -> None:
    """A given-name column splits on spaces and drops titles."""
    assert expected == split_given_names(text)


@pytest.mark.parametrize(
    ("text", "family", "particles"),
    [
        ("van der Berg", ("Berg",), ("van der",)),
        ("García López", ("García", "López"), ()),
        ("de la Fontaine", ("Fontaine",), ("de la",)),
        ("Le Gall", ("Le Gall",), ()),
        ("DUHAUVES", ("DUHAUVES",), ()),
        ("", (), ()),
    ],
)
def test_split_family_name(text: str, family: G, particles: G) -> None:
    """A family-name column keeps its names and sets particles apart."""
    assert (family, particles) == split_family_name(text)


@pytest.mark.parametrize(
    ("text", "country", "given", "family"),
    [
        ("Smirnov Dmitrii Romanovich", "RU", ("Dmitrii", "Romanovich"), ("Smirnov",)),
        ("Ivanov Andrei Maksimovich", None, ("Andrei", "Maksimovich"), ("Ivanov",)),
        ("Mikhailova Elena Andreevna", None, ("Elena", "Andreevna"), ("Mikhailova",)),
        ("Dmitrii Romanovich Smirnov", None, ("Dmitrii", "Romanovich"), ("Smirnov",)),
        # A Serbian family name in -ovich is no patronymic after two given names.
        ("Marko Petar Jovanovich", "RS", ("Marko", "Petar"), ("Jovanovich",)),
        ("Anna Maria Heinrich", "DE", ("Anna", "Maria"), ("Heinrich",)),
    ],
)
def test_a_patronymic_shows_the_russian_order(
    text: str, country: str | None, given: tuple[str, ...], family: tuple[str, ...]
) -> None:
    parts = split_full_name(text, country)
    assert (parts.given_names, parts.family_names) == (given, family)


@pytest.mark.parametrize(
    ("text", "given", "family"),
    [
        ("Omar Youssef Soliman", ("Omar",), ("Youssef", "Soliman")),
        ("El-Masry, Aya Abdallah", ("Aya",), ("Abdallah", "El-Masry")),
        ("Abdel Rahman Ali Hassan", ("Abdel", "Rahman"), ("Ali", "Hassan")),
    ],
)
def test_arabic_names_are_a_lineage(
    text: str, given: tuple[str, ...], family: tuple[str, ...]
) -> None:
    """Given name, father, grandfather, family: any of them may be shown online."""
    parts = split_full_name(text, "EG")
    assert (parts.given_names, parts.family_names) == (given, family)
    assert split_full_name("Omar Youssef Soliman", "FR").given_names == (
        "Omar",
        "Youssef",
    )
