"""Given names and nicknames in eighteen languages: keys and one blocking group."""

from __future__ import annotations

import pytest

from identitylink.normalize import given_name_keys, nickname_group
from identitylink.normalize._nicknames import nickname_languages

# (nickname, full name) pairs that must be linked, per language.
PAIRS = [
    pytest.param("Bob", "Robert", id="en-bob"),
    pytest.param("Bill", "William", id="en-bill"),
    pytest.param("Peggy", "Margaret", id="en-peggy"),
    pytest.param("Dick", "Richard", id="en-dick"),
    pytest.param("Liz", "Elizabeth", id="en-liz"),
    pytest.param("Jim", "James", id="en-jim"),
    pytest.param("Chuck", "Charles", id="en-chuck"),
    pytest.param("Kate", "Katherine", id="en-kate"),
    pytest.param("Fanfan", "François", id="fr-fanfan"),
    pytest.param("Manu", "Emmanuel", id="fr-manu"),
    pytest.param("Babeth", "Élisabeth", id="fr-babeth"),
    pytest.param("Véro", "Véronique", id="fr-vero"),
    pytest.param("Seb", "Sébastien", id="fr-seb"),
    pytest.param("Hans", "Johannes", id="de-hans"),
    pytest.param("Sepp", "Josef", id="de-sepp"),
    pytest.param("Fritz", "Friedrich", id="de-fritz"),
    pytest.param("Uschi", "Ursula", id="de-uschi"),
    pytest.param("Steffi", "Stefanie", id="de-steffi"),
    pytest.param("Paco", "Francisco", id="es-paco"),
    pytest.param("Pepe", "José", id="es-pepe"),
    pytest.param("Nacho", "Ignacio", id="es-nacho"),
    pytest.param("Lola", "Dolores", id="es-lola"),
    pytest.param("Concha", "Concepción", id="es-concha"),
    pytest.param("Peppe", "Giuseppe", id="it-peppe"),
    pytest.param("Gianni", "Giovanni", id="it-gianni"),
    pytest.param("Mimmo", "Domenico", id="it-mimmo"),
    pytest.param("Kees", "Cornelis", id="nl-kees"),
    pytest.param("Henk", "Hendrik", id="nl-henk"),
    pytest.param("Joop", "Johannes", id="nl-joop"),
    pytest.param("Truus", "Geertruida", id="nl-truus"),
    pytest.param("Kasia", "Katarzyna", id="pl-kasia"),
    pytest.param("Gosia", "Małgorzata", id="pl-gosia"),
    pytest.param("Kuba", "Jakub", id="pl-kuba"),
    pytest.param("Wojtek", "Wojciech", id="pl-wojtek"),
    pytest.param("Zé", "José", id="pt-ze"),
    pytest.param("Chico", "Francisco", id="pt-chico"),
    pytest.param("Quim", "Joaquim", id="pt-quim"),
    pytest.param("Pep", "Josep", id="ca-pep"),
    pytest.param("Cesc", "Francesc", id="ca-cesc"),
    pytest.param("Lasse", "Lars", id="sv-lasse"),
    pytest.param("Kalle", "Karl", id="sv-kalle"),
    pytest.param("Micke", "Mikael", id="sv-micke"),
    pytest.param("Mikael", "Michael", id="sv-mikael"),
    pytest.param("Lotta", "Charlotte", id="sv-lotta"),
    pytest.param("Stina", "Kristina", id="sv-stina"),
    pytest.param("Palle", "Poul", id="da-palle"),
    pytest.param("Jeppe", "Jakob", id="da-jeppe"),
    pytest.param("Gitte", "Birgitte", id="da-gitte"),
    pytest.param("Mette", "Margrethe", id="da-mette"),
    pytest.param("Haakon", "Håkon", id="nb-haakon"),
    pytest.param("Pål", "Paul", id="nb-paal"),
    pytest.param("Eivind", "Øyvind", id="nb-eivind"),
    pytest.param("Apo", "Abdullah", id="tr-apo"),
    pytest.param("Ibo", "İbrahim", id="tr-ibo"),
    pytest.param("Musti", "Mustafa", id="tr-musti"),
    pytest.param("Muhammad", "Mohamed", id="ar-muhammad"),
    pytest.param("Mohammed", "Mohamad", id="ar-mohammed"),
    pytest.param("Yusuf", "Youssef", id="ar-yusuf"),
    pytest.param("Hussain", "Hussein", id="ar-hussain"),
    pytest.param("Maryam", "Mariam", id="ar-maryam"),
    pytest.param("Fatma", "Fatima", id="ar-fatma"),
    pytest.param("Noor", "Nour", id="ar-noor"),
    pytest.param("Laxmi", "Lakshmi", id="hi-laxmi"),
    pytest.param("Shrinivas", "Srinivas", id="hi-shrinivas"),
    pytest.param("Jayanth", "Jayant", id="hi-jayanth"),
    pytest.param("Karthick", "Kartik", id="hi-karthick"),
    pytest.param("Pradip", "Pradeep", id="hi-pradip"),
    pytest.param("Pasha", "Pavel", id="ru-pasha"),
    pytest.param("Лёша", "Alexei", id="ru-lyosha-cyrillic"),
    pytest.param("Lyosha", "Aleksey", id="ru-lyosha"),
    pytest.param("Sveta", "Svetlana", id="ru-sveta"),
    pytest.param("Iulia", "Julia", id="ru-iulia"),
    pytest.param("Ольга", "Olga", id="ru-olga-soft-sign"),
    pytest.param("Наталья", "Natalia", id="ru-natalya-soft-sign"),
    pytest.param("Kostya", "Konstantin", id="ru-kostya"),
    pytest.param("Slava", "Vyacheslav", id="ru-slava"),
    pytest.param("Petya", "Пётр", id="ru-petya"),
]


@pytest.mark.parametrize(("nickname", "full"), PAIRS)
def test_nickname_keys_meet_full_name_keys(nickname: str, full: str) -> None:
    assert given_name_keys(nickname) & given_name_keys(full)


@pytest.mark.parametrize(("nickname", "full"), PAIRS)
def test_nickname_group_equals_full_name_group(nickname: str, full: str) -> None:
    assert nickname_group(nickname) == nickname_group(full)


# Nicknames shared by several languages: the blocking group is one of the full
# names (the first language's), but the keys hold all of them.
AMBIGUOUS = [
    pytest.param("Totò", ("Salvatore", "Antonio", "Thomas"), id="it-fr-toto"),
    pytest.param("Manu", ("Emmanuel", "Manuel", "Emanuele"), id="fr-es-it-manu"),
    pytest.param("Pepe", ("José", "Josep"), id="es-ca-pepe"),
    pytest.param("Lele", ("Gabriele", "Daniele", "Emanuele"), id="it-lele"),
    pytest.param("Jo", ("Johannes", "Joseph", "Josephine"), id="de-en-jo"),
    pytest.param("Slava", ("Vyacheslav", "Vladislav", "Stanislav"), id="ru-slava"),
]


@pytest.mark.parametrize(("nickname", "fulls"), AMBIGUOUS)
def test_ambiguous_nickname_keys_hold_every_full_name(
    nickname: str, fulls: tuple[str, ...]
) -> None:
    keys = given_name_keys(nickname)
    for full in fulls:
        assert nickname_group(full) in keys
    assert nickname_group(nickname) in {nickname_group(f) for f in fulls}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("Bob", {"robert", "bob"}, id="en-bob"),
        pytest.param("Kasia", {"katarzyna", "kasia"}, id="pl-kasia"),
        pytest.param("Peppe", {"giuseppe", "peppe"}, id="it-peppe"),
        pytest.param("Paco", {"francisco", "paco"}, id="es-paco"),
        pytest.param("Robert", {"robert"}, id="en-full-name"),
        pytest.param(
            "Jean-Pierre",
            {"jean-pierre", "jeanpierre", "jean pierre"},
            id="fr-compound",
        ),
        pytest.param("Zyxwvut", {"zyxwvut"}, id="unknown-name"),
        pytest.param("", set(), id="empty"),
    ],
)
def test_given_name_keys_exact(given: str, expected: set[str]) -> None:
    assert given_name_keys(given) == expected


def test_hans_includes_johannes() -> None:
    assert {"hans", "johannes"} <= given_name_keys("Hans")


def test_ambiguous_nickname_gives_every_full_name() -> None:
    keys = given_name_keys("Alex")
    assert {"alexander", "alexandra", "alexis", "alejandro", "alessandro"} <= keys


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("Jean-Pierre", "Jean Pierre", id="fr-hyphen-space"),
        pytest.param("Jean-Pierre", "Jeanpierre", id="fr-joined"),
        pytest.param("Jürgen", "Juergen", id="de-umlaut-digraph"),
        pytest.param("Jürgen", "Jurgen", id="de-umlaut-bare"),
        pytest.param("JOSÉ", "jose", id="es-case-accent"),
        pytest.param("María José", "Maria-José", id="es-compound"),
    ],
)
def test_spelling_variants_share_keys(left: str, right: str) -> None:
    assert given_name_keys(left) & given_name_keys(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("Robert", "Richard", id="en"),
        pytest.param("Katarzyna", "Małgorzata", id="pl"),
        pytest.param("Giuseppe", "Giovanni", id="it"),
        pytest.param("Jean", "Pierre", id="fr"),
        pytest.param("Lars", "Nils", id="sv"),
        pytest.param("Mohamed", "Mahmoud", id="ar"),
        pytest.param("Mehmet", "Mustafa", id="tr"),
        pytest.param("Rajesh", "Ramesh", id="hi"),
    ],
)
def test_different_names_do_not_meet(left: str, right: str) -> None:
    assert not given_name_keys(left) & given_name_keys(right)
    assert nickname_group(left) != nickname_group(right)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("bob", "robert", id="en-lower"),
        pytest.param("BOBBY", "robert", id="en-upper"),
        pytest.param("Robert", "robert", id="en-full"),
        pytest.param("Kasia", "katarzyna", id="pl"),
        pytest.param("Jean Pierre", "jean-pierre", id="fr-compound-joined-by-hyphen"),
        pytest.param("Zyxwvut", "zyxwvut", id="unknown-folded"),
        pytest.param("", "", id="empty"),
    ],
)
def test_nickname_group(given: str, expected: str) -> None:
    assert nickname_group(given) == expected


def test_tables_cover_the_required_languages() -> None:
    required = {"en", "fr", "de", "es", "it", "nl", "pl", "pt", "ca", "el", "ru"}
    nordic_and_beyond = {"sv", "da", "nb", "tr", "ar", "hi"}
    assert required | nordic_and_beyond <= nickname_languages()


@pytest.mark.parametrize(
    ("written", "crm"),
    [
        ("Γιώργος", "Georgios"),
        ("Giorgos", "Georgios"),
        ("Κώστας", "Konstantinos"),
        ("Sasha", "Alexander"),
        ("Саша", "Alexander"),
        ("Александр", "Alexander"),
        ("Hansi", "Hans"),
    ],
)
def test_greek_cyrillic_and_german_short_forms(written: str, crm: str) -> None:
    # Issue 17 item 7: these scored as disagreements.
    assert nickname_group(written) == nickname_group(crm)
