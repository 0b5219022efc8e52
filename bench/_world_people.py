"""People for ``gen_world.py``: a name per culture, and the ways it is written.

``make_name`` draws a name the way its culture builds one; ``crm_full_name`` writes
it in one ``full_name`` column as CRMs do ("Given Family", "FAMILY Given",
"Family, Given", family first where that is the culture's order, capitals in
Brazilian systems); ``online_name`` writes it as its owner does on a profile
(dropped second surnames, nicknames, own script, Western given names, no
diacritics, a typo now and then).
"""

from __future__ import annotations

import random
import unicodedata

import _world_names as n
from _world_names import Name, fold, pick
from _world_script import (
    greek_latin,
    russian_feminine,
    russian_latin,
    russian_patronymic,
)

NICKS = {
    "Johannes": "Hans", "Cornelis": "Kees", "Hendrik": "Henk", "Willem": "Wim",
    "Pieter": "Piet", "Jacobus": "Koos", "Gerrit": "Gert", "Cornelia": "Corrie",
    "Elisabeth": "Liesbeth", "Katharina": "Kathi", "Maximilian": "Max",
    "Stefanie": "Steffi", "Andreas": "Andi", "Sebastian": "Basti", "Tobias": "Tobi",
    "Florian": "Flo", "Katarzyna": "Kasia", "Małgorzata": "Gosia",
    "Aleksandra": "Ola", "Agnieszka": "Aga", "Magdalena": "Magda", "Joanna": "Asia",
    "Elżbieta": "Ela", "Piotr": "Piotrek", "Krzysztof": "Krzysiek", "Tomasz": "Tomek",
    "Wojciech": "Wojtek", "Bartłomiej": "Bartek", "Jakub": "Kuba",
    "Grzegorz": "Grzesiek", "Zuzanna": "Zuza", "Francisco": "Paco", "José": "Pepe",
    "Francisco Javier": "Javi", "Javier": "Javi", "Alejandro": "Álex",
    "María Dolores": "Lola", "Dolores": "Lola", "Josefa": "Pepa", "María Pilar": "Pili",
    "Manuel": "Manolo", "Jesús": "Chus", "Rafael": "Rafa", "Cristina": "Cris",
    "Antônio": "Toninho", "António": "Tó", "Guilherme": "Gui", "Eduardo": "Dudu",
    "Fernanda": "Nanda", "Gabriela": "Gabi", "Beatriz": "Bia", "Mariana": "Mari",
    "Per": "Pelle", "Lars": "Lasse", "Kristina": "Stina", "Magnus": "Mange",
    "Fredrik": "Fredde", "Mikael": "Micke", "Birgitta": "Britta", "Mehmet": "Memo",
    "Mustafa": "Musti", "Christian": "Chris", "Thomas": "Tom", "Michael": "Micha",
}  # fmt: skip
LATIN_CULTURES = ("SE", "NO", "DK", "PT", "BR", "ES", "NL", "DE", "PL", "TR")
FOLD_ONLINE = {"SE": 0.15, "NO": 0.15, "DK": 0.15, "PT": 0.2, "BR": 0.25, "ES": 0.15,
               "NL": 0.1, "DE": 0.15, "PL": 0.3, "TR": 0.35, "VN": 0.4}  # fmt: skip
CHANGES_NAME = ("SE", "NO", "DK", "DE", "NL", "PL", "TR", "RU", "GR", "BR", "PT")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _compound(
    rng: random.Random, first: tuple[str, ...], second: tuple[str, ...]
) -> str:
    a, b = rng.choice(first), rng.choice(second)
    if a[-1:].lower() == b[:1]:
        b = b[1:]
    return _cap(a + b)


def _polish_feminine(family: str) -> str:
    for masc, fem in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if family.endswith(masc):
            return family[: -len(masc)] + fem
    return family


def _portuguese_family(rng: random.Random, one_only: float) -> str:
    names = [pick(rng, n.PT_FAMILY, 0.8)]  # Silva is about 1 Portuguese in 10
    if rng.random() >= one_only:
        second = pick(rng, n.PT_FAMILY, 0.8)
        if second != names[0]:
            names.insert(0, second)  # the mother's name comes first
    out = []
    for family in names:
        particle = n.PT_PARTICLE.get(family)
        out.append(
            f"{particle} {family}" if particle and rng.random() < 0.5 else family
        )
    return " ".join(out)


def _german_family(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return pick(rng, n.DE_FAMILY, n.FAMILY_S)
    return _compound(rng, n.DE_PART1, n.DE_PART2)


def _dutch_family(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return pick(rng, n.NL_FAMILY, n.FAMILY_S)
    if r < 0.7:
        return f"{rng.choice(n.NL_PARTICLE)} {rng.choice(n.NL_PLACE)}"
    if r < 0.85:
        return rng.choice(n.NL_TRADE)
    return rng.choice(n.NL_PATRON) + rng.choice(("sen", "s", "se", "ssen"))


def _polish_family(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return pick(rng, n.PL_FAMILY, n.FAMILY_S)
    root = rng.choice(n.PL_ROOT)
    return root + ("ki" if root.endswith(("c", "k")) else "ski")


def make_name(rng: random.Random, culture: str, sex: str) -> Name:
    """A name of ``culture`` for a person of ``sex`` ("f" or "m")."""
    f = sex == "f"
    if culture == "SE":
        given = pick(rng, n.SE_F if f else n.SE_M, n.GIVEN_S)
        if rng.random() < 0.12:
            second = pick(rng, n.SE_F if f else n.SE_M, n.GIVEN_S)
            given = f"{given}-{second}" if rng.random() < 0.5 else f"{given} {second}"
        r = rng.random()
        family = (
            pick(rng, n.SE_PATRON, 0.5)
            if r < 0.3
            else pick(rng, n.SE_HEAD, n.FAMILY_S)
            if r < 0.5
            else _compound(rng, n.SE_PART1, n.SE_PART2)
        )
        return Name(culture, sex, given, family)
    if culture in ("NO", "DK"):
        given = pick(
            rng,
            (n.NO_F if f else n.NO_M) if culture == "NO" else (n.DK_F if f else n.DK_M),
            n.GIVEN_S,
        )
        head = n.NO_HEAD if culture == "NO" else n.DK_HEAD
        parts = (
            (n.NO_PART1, n.NO_PART2) if culture == "NO" else (n.DK_PART1, n.DK_PART2)
        )
        family = pick(rng, head, 0.6) if rng.random() < 0.6 else _compound(rng, *parts)
        if culture == "DK" and rng.random() < 0.2:  # a mellemnavn before the surname
            family = f"{_compound(rng, *parts)} {pick(rng, head, 0.6)}"
        return Name(culture, sex, given, family)
    if culture in ("PT", "BR"):
        pool = (
            (n.PT_F if f else n.PT_M) if culture == "PT" else (n.BR_F if f else n.BR_M)
        )
        given = pick(rng, pool, n.GIVEN_S)
        if rng.random() < 0.2:
            compound = [
                c for c in n.PT_COMPOUND if (c.startswith(("Maria", "Ana")) == f)
            ]
            given = rng.choice(compound)
        family = _portuguese_family(rng, 0.1 if culture == "PT" else 0.25)
        return Name(culture, sex, given, family)
    if culture == "ES":
        given = pick(rng, n.ES_F if f else n.ES_M, n.GIVEN_S)
        first = pick(rng, n.ES_FAMILY, n.FAMILY_S)
        second = pick(rng, n.ES_FAMILY, n.FAMILY_S)
        return Name(culture, sex, given, f"{first} {second}")
    if culture == "NL":
        given = pick(rng, n.NL_F if f else n.NL_M, n.GIVEN_S)
        family = _dutch_family(rng)
        if f and rng.random() < 0.15:  # the husband's name, then her own
            family = f"{_dutch_family(rng)}-{family}"
        return Name(culture, sex, given, family)
    if culture == "DE":
        given = pick(rng, n.DE_F if f else n.DE_M, n.GIVEN_S)
        family = rng.choice(n.DE_NOBLE) if rng.random() < 0.03 else _german_family(rng)
        if f and rng.random() < 0.1:
            family = f"{family}-{_german_family(rng)}"
        return Name(culture, sex, given, family)
    if culture == "PL":
        given = pick(rng, n.PL_F if f else n.PL_M, n.GIVEN_S)
        family = _polish_family(rng)
        if f:
            family = _polish_feminine(family)
            if rng.random() < 0.08:
                family = f"{family}-{_polish_feminine(_polish_family(rng))}"
        return Name(culture, sex, given, family)
    if culture == "TR":
        given = pick(rng, n.TR_F if f else n.TR_M, n.GIVEN_S)
        family = (
            pick(rng, n.TR_FAMILY, 0.6)
            if rng.random() < 0.5
            else _compound(rng, n.TR_PART1, n.TR_PART2)
        )
        return Name(culture, sex, given, family)
    if culture == "VN":
        family = rng.choices(n.VN_FAMILY, weights=n.VN_FAMILY_W)[0]
        middle = pick(rng, n.VN_MIDDLE_F if f else n.VN_MIDDLE_M, 0.6)
        given = pick(rng, n.VN_F if f else n.VN_M, n.GIVEN_S)
        western = (
            rng.choice(n.WESTERN_F if f else n.WESTERN_M) if rng.random() < 0.3 else ""
        )
        return Name(culture, sex, given, family, middle, True, western=western)
    if culture == "CN":
        han_family, py_family = rng.choices(n.CN_ALL, weights=n.CN_ALL_W)[0]
        syllables = [rng.choice(n.CN_SYLLABLE_F if f else n.CN_SYLLABLE_M)
                     for _ in range(1 if rng.random() < 0.3 else 2)]  # fmt: skip
        han_given = "".join(h for h, _ in syllables)
        toned = _cap("".join(p for _, p in syllables))
        western = (
            rng.choice(n.WESTERN_F if f else n.WESTERN_M) if rng.random() < 0.35 else ""
        )
        return Name(culture, sex, fold(toned), fold(py_family), "", True,
                    han_given, han_family, (toned, py_family), western)  # fmt: skip
    if culture == "IN":
        given = pick(rng, n.IN_F if f else n.IN_M, n.GIVEN_S)
        if rng.random() < 0.15:  # south Indian: the father's name in place of a surname
            return Name(culture, sex, given, pick(rng, n.IN_M), "", nicks=("initial",))
        middle = "Kumar" if not f and rng.random() < 0.1 else ""
        return Name(culture, sex, given, pick(rng, n.IN_FAMILY, 0.3), middle)
    if culture == "EG":
        given = pick(rng, n.EG_F if f else n.EG_M, 0.6)
        father = pick(rng, n.EG_M, 0.8)
        # the family name is often a grandfather's given name
        family = pick(rng, n.EG_FAMILY if rng.random() < 0.6 else n.EG_M, 0.5)
        native_g = n.ARABIC_SCRIPT.get(given, "")
        native_f = n.ARABIC_SCRIPT.get(family, "")
        return Name(culture, sex, given, family, father, False, native_g, native_f)
    if culture == "RU":
        cyr_given = pick(rng, n.RU_F if f else n.RU_M, n.GIVEN_S)
        cyr_family = (
            pick(rng, n.RU_FAMILY, n.FAMILY_S)
            if rng.random() < 0.6
            else rng.choice(n.RU_ROOT) + rng.choice(("ов", "ин", "ев"))
        )
        if f:
            cyr_family = russian_feminine(cyr_family)
        patronymic = russian_patronymic(pick(rng, n.RU_M, 0.7), sex)
        nick = n.RU_NICK.get(cyr_given, "")
        return Name(culture, sex, russian_latin(cyr_given), russian_latin(cyr_family),
                    russian_latin(patronymic), False, cyr_given, cyr_family,
                    (nick,) if nick else ())  # fmt: skip
    if culture == "GR":
        formal, nick = rng.choice(n.GR_F if f else n.GR_M)
        masc, fem = pick(rng, n.GR_FAMILY, n.FAMILY_S)
        if rng.random() < 0.6:
            root, (m_end, f_end) = rng.choice(n.GR_ROOT), rng.choice(n.GR_SUFFIX)
            masc, fem = root + m_end, root + f_end
        family = fem if f else masc
        return Name(culture, sex, greek_latin(formal), greek_latin(family), "", False,
                    formal, family, (nick,))  # fmt: skip
    raise ValueError(f"unknown culture {culture!r}")


def crm_full_name(rng: random.Random, name: Name) -> str:
    """The one ``full_name`` cell of the CRM."""
    given, family, middle = name.given, name.family, name.middle
    if name.culture == "VN" and rng.random() < 0.35:
        given, family, middle = fold(given), fold(family), fold(middle)
    if name.culture == "RU" and middle and rng.random() < 0.4:
        given = f"{given} {middle}"
        if rng.random() < 0.5:  # the Russian official order: Family Given Patronymic
            return f"{family} {given}"
    elif (
        name.culture in ("EG", "VN")
        and middle
        and rng.random() < (0.6 if name.culture == "EG" else 1)
    ):
        given = f"{middle} {given}" if name.culture == "VN" else f"{given} {middle}"
    elif name.culture == "IN" and middle:
        given = f"{given} {middle}"
    r = rng.random()
    if name.family_first:
        if r < 0.55:
            text = f"{family} {given}"
        elif r < 0.8:
            text = f"{given} {family}"
        elif r < 0.9:
            text = f"{family.upper()} {given}"
        else:
            text = f"{family}, {given}"
    elif r < 0.55:
        text = f"{given} {family}"
    elif r < 0.75:
        text = f"{family.upper()} {given}"
    elif (
        name.culture == "NL"
        and " " in family
        and "-" not in family
        and rng.random() < 0.5
    ):
        particle, _, core = family.rpartition(" ")
        text = f"{_cap(core)}, {given} {particle}"  # Dutch sorting: "Vries, Jan de"
    else:
        text = f"{family}, {given}"
    capitals = {"BR": 0.3, "PT": 0.15}.get(name.culture, 0.0)
    if rng.random() < capitals:
        text = text.upper()
    return text


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.4:
        return word[:i] + word[i + 1 :]
    if op < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def _latin_given_family(rng: random.Random, name: Name) -> tuple[str, str]:
    given, family = name.given, name.family
    c = name.culture
    if " " in given and rng.random() < 0.5:
        given = given.split(" ")[0]
    if given in NICKS and rng.random() < 0.25:
        given = NICKS[given]
    parts = family.split(" ")
    if c == "ES" and len(parts) == 2 and rng.random() < 0.7:
        family = parts[0]  # the second (mother's) surname is dropped online
    elif c in ("PT", "BR") and len(parts) > 1:
        r = rng.random()
        cores = [p for p in parts if p[:1].isupper()]
        if r < 0.6:
            family = cores[-1]  # known by the last (father's) name
        elif r < 0.7:
            family = cores[0]
    elif c == "DK" and len(parts) == 2 and rng.random() < 0.5:
        family = parts[rng.randrange(2)]
    elif c == "NL" and rng.random() < 0.08:
        family = family.replace(" ", "")  # "deVries"
    elif "-" in family and rng.random() < 0.5:
        family = family.split("-")[rng.randrange(2)]
    return given, family


def online_name(rng: random.Random, name: Name) -> tuple[str, str, str]:
    """(display name, first name, last name) as the person writes them online."""
    c, r = name.culture, rng.random()
    if (
        c in LATIN_CULTURES
        or c == "IN"
        or (c == "EG" and not (name.native_given and name.native_family and r < 0.2))
    ):
        given, family = _latin_given_family(rng, name)
        if c in ("IN", "EG"):
            given = _variant(rng, given)
            family = _variant(rng, family)
            if c == "EG" and rng.random() < 0.3:
                family = _variant(rng, name.middle)  # given + father's name
            if c == "IN" and name.nicks == ("initial",):
                initial = family[0]
                if rng.random() < 0.5:
                    return f"{given} {initial}.", given, initial
                return f"{initial}. {given}", given, initial
        if rng.random() < FOLD_ONLINE.get(c, 0.0):
            given, family = fold(given, c), fold(family, c)
        if c in CHANGES_NAME and name.sex == "f" and rng.random() < 0.05:
            family = make_name(rng, c, "f").family.split(" ")[-1]  # maiden or married
        if rng.random() < 0.04:
            family = _typo(rng, family)
        return f"{given} {family}", given, family
    if c == "EG":
        return (
            f"{name.native_given} {name.native_family}",
            name.native_given,
            name.native_family,
        )
    if c == "VN":
        given, family, middle = name.given, name.family, name.middle
        if r < 0.35:
            return f"{family} {middle} {given}", f"{middle} {given}", family
        if r < 0.55:
            g, fa, m = fold(given), fold(family), fold(middle)
            return f"{fa} {m} {g}", f"{m} {g}", fa
        if r < 0.75:
            folded = rng.random() < 0.5
            g, fa = (fold(given), fold(family)) if folded else (given, family)
            return f"{g} {fa}", g, fa
        if name.western and r < 0.9:
            return f"{name.western} {fold(family)}", name.western, fold(family)
        return given, given, family
    if c == "CN":
        toned, py_family = name.nicks
        if r < 0.2:
            return (
                f"{name.native_family}{name.native_given}",
                name.native_given,
                name.native_family,
            )
        if r < 0.4:
            order = rng.random() < 0.5
            text = f"{py_family} {toned}" if order else f"{toned} {py_family}"
            return text, toned, py_family
        if name.western and r < 0.65:
            return f"{name.western} {name.family}", name.western, name.family
        if r < 0.85:
            return f"{name.given} {name.family}", name.given, name.family
        return f"{name.family} {name.given}", name.given, name.family
    if c == "RU":
        nick = name.nicks[0] if name.nicks else ""
        cyr_given = nick if nick and rng.random() < 0.3 else name.native_given
        if r < 0.5:
            return f"{cyr_given} {name.native_family}", cyr_given, name.native_family
        popular = r < 0.8
        given = russian_latin(cyr_given, popular)
        family = russian_latin(name.native_family, popular)
        return f"{given} {family}", given, family
    if c == "GR":
        greek_given = name.nicks[0] if rng.random() < 0.6 else name.native_given
        if r < 0.55:
            return (
                f"{greek_given} {name.native_family}",
                greek_given,
                name.native_family,
            )
        popular = r < 0.85
        given = greek_latin(greek_given, popular)
        family = greek_latin(name.native_family, popular)
        return f"{given} {family}", given, family
    raise ValueError(f"unknown culture {c!r}")


def _variant(rng: random.Random, word: str) -> str:
    options = n.VARIANTS.get(word)
    if options and rng.random() < 0.4:
        return rng.choice(options)
    return word


def ascii_handle(text: str, culture: str = "") -> str:
    """Letters and digits of ``text`` folded to ASCII, lower case."""
    out = fold(text, culture).lower()
    return "".join(ch for ch in out if ch.isascii() and ch.isalnum())


def email_local(rng: random.Random, name: Name, year: int) -> str:
    """The part before the @, as people pick it."""
    c = name.culture
    given = ascii_handle(name.given.split(" ")[0].split("-")[0], c) or "user"
    fam_parts = [p for p in name.family.split(" ") if p[:1].isupper()] or [name.family]
    family = (
        ascii_handle(fam_parts[-1 if name.culture in ("PT", "BR") else 0]) or "mail"
    )
    r = rng.random()
    if r < 0.3:
        return f"{given}.{family}"
    if r < 0.45:
        return f"{given}{family}"
    if r < 0.55:
        return f"{given[0]}{family}"
    if r < 0.65:
        return f"{given}.{family}{year % 100:02d}"
    if r < 0.72:
        return f"{family}.{given}"
    if r < 0.8:
        return f"{given}_{family}{rng.randint(1, 99)}"
    if r < 0.88:
        return f"{given}{year}"
    words = (
        "sun",
        "blue",
        "wolf",
        "star",
        "rock",
        "happy",
        "lucky",
        "moon",
        "sea",
        "fox",
    )
    return f"{rng.choice(words)}{rng.choice(words)}{rng.randint(1, 999)}"


def is_latin(text: str) -> bool:
    """No letter of another script (Cyrillic, Greek, Han, Arabic)."""
    return all(
        not ch.isalpha() or unicodedata.name(ch, "LATIN").startswith("LATIN")
        for ch in text
    )
