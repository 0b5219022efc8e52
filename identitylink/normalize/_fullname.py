"""Splitting a one-column full name into given names, family names and particles.

CRMs often keep the whole name in one column. The split uses what the text shows (a
comma puts the family name first, ALL-CAPS marks the family name, titles and suffixes
are dropped), then the record's country and short lists of common given names and
Vietnamese family names for what it does not show: Spanish and Portuguese names carry
two family names, Vietnamese names put the family name first, a Russian name ending
in a patronymic (-ovich, -evna) puts it first too, and in Arab countries every name
after the given one (father, grandfather, family) counts as a family-name word. It
is a heuristic: the linker compares names in both orders anyway, so a wrong split
costs little.

Particles are returned as groups in the order met (``("van der",)``, ``("de la",)``):
the normalisation compares family names with and without them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "NameParts",
    "is_vietnamese_family_name",
    "split_family_name",
    "split_full_name",
    "split_given_names",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


class NameParts(NamedTuple):
    """A name split into its given names, family names and particle groups."""

    given_names: tuple[str, ...]
    family_names: tuple[str, ...]
    particles: tuple[str, ...]


_TITLES = _words(
    """
    dr doc doctor doctora docteur doktor prof professor professeur professore pr mr
    mrs ms miss mx mister sir dame rev fr sr sra srta senor senora mme mlle madame
    mademoiselle monsieur m mgr me herr frau hr dipl ing mag dott dottssa dottore
    dottoressa sig sigra signor signora avv dhr mevr ir drs pan pani inz eng
    """
)
_SUFFIXES = _words("jr jnr sr snr ii iii iv phd md mba msc esq")
_PARTICLES = _words(
    """
    van von der den de del della delle dello degli dei di da dal dalla das do dos du
    des ten ter te zu vom zum zur y i e bin ibn al
    """
)
PARTICLES = _PARTICLES
"""Family-name particles (folded): van, de, da, dos, al, ..."""
_ARTICLES = _words("le la les l lo los las het 't")
_SPANISH_LIKE = _words(
    """
    ES MX AR CO CL PE VE EC GT CU BO DO HN PY SV NI CR PA UY PR GQ PT BR AO MZ
    """
)
# Common given names (folded), used to tell given from family names in Spanish and
# Portuguese names, where order alone cannot.
_GIVEN = _words(
    """
    maria jose juan carlos luis javier miguel angel antonio manuel francisco jesus
    pedro pablo alejandro alberto fernando jorge diego sergio rafael ramon enrique
    andres daniel david raul ricardo eduardo alfonso ignacio joaquin santiago mateo
    gonzalo alvaro emilio victor hector oscar ruben adrian ivan marcos mario roberto
    carmen ana isabel pilar dolores rosa lucia elena laura marta cristina teresa sara
    paula andrea beatriz raquel silvia patricia monica sonia julia nuria rocio
    mercedes montserrat inmaculada concepcion rosario angeles mar consuelo luz
    guadalupe soledad esperanza remedios araceli yolanda josefa francisca antonia
    sofia valentina camila ximena lorena veronica gabriela natalia claudia carolina
    joao joana goncalo tiago rui nuno vasco duarte afonso ines beatriz leonor
    mariana matilde catarina margarida rita filipa sebastiao conceicao fatima
    jean pierre paul jacques michel philippe alain bernard patrick nicolas francois
    louis marc andre rene claude yves henri thierry olivier christophe sebastien
    stephane frederic laurent julien guillaume antoine vincent mathieu maxime hugo
    lucas theo leo gabriel arthur raphael baptiste clement romain quentin florian
    marie anne catherine francoise nathalie isabelle sylvie sophie christine
    veronique valerie sandrine celine aurelie emilie camille chloe manon lea
    juliette louise alice jeanne helene genevieve monique nicole brigitte martine
    agnes claire pauline charlotte margaux oceane elodie melanie delphine josephine
    hans peter klaus jurgen wolfgang michael thomas andreas stefan frank uwe dieter
    heinz gunter karl friedrich wilhelm johann johannes matthias markus tobias jan
    lukas felix jonas maximilian niklas florian sebastian christian alexander
    sabine ursula petra monika gabriele renate birgit heike andrea susanne claudia
    anja katrin stefanie julia lena hannah lea anna emma mia sophie johanna greta
    john james robert william richard charles joseph george edward henry mark
    steven kevin brian jason matthew ryan joshua andrew benjamin samuel jack harry
    oliver jacob ethan noah liam owen connor mary elizabeth jennifer linda barbara
    susan jessica sarah karen nancy lisa betty margaret sandra ashley emily olivia
    chloe grace amelia isla ava ella lily megan hannah rachel rebecca victoria kate
    katherine helen jane ruth emma amy lucy
    giuseppe giovanni francesco luca marco andrea alessandro matteo lorenzo davide
    simone federico stefano riccardo paolo roberto massimo salvatore vincenzo
    pietro gianluca fabio domenico angelo alessandra francesca chiara giulia
    federica valentina elisa silvia sara martina giorgia roberta paola daniela
    giovanna antonella rosaria serena ilaria anna
    pieter hendrik willem jeroen bram sander joost maarten sanne anouk femke
    piotr krzysztof andrzej tomasz pawel marcin michal katarzyna malgorzata agnieszka
    ewa magdalena joanna zofia
    """
)
# Particles that open a compound Spanish given name ("María del Carmen").
_GIVEN_TAILS = _words(
    "carmen pilar rosario mar angeles jesus dolores mercedes luz sol rocio"
)
_VIETNAMESE_FAMILY = _words(
    """
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly trinh
    dinh doan luong truong vuong lam mai cao ha chau ta quach thai
    """
)
# Family names that are Vietnamese even with no other sign (the short ones are not:
# "Le", "Do", "Ho", "Ly" are French, Portuguese or English names too).
_SURELY_VIETNAMESE = _words(
    "nguyen tran pham huynh phan dang bui ngo duong trinh dinh doan luong truong"
)
_VIETNAMESE_MIDDLE = _words("van thi duc huu minh ngoc quoc thanh xuan cong")
_VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂĐƠƯ]"
)
# East Slavic patronymics (Romanovich, Evgenievna, Ilyinichna), folded.
_PATRONYMIC = re.compile(r"(?:ov|ev|in)(?:ich|na)$|ichna$")
# Russian family names (Ivanov, Smirnova, Ilyin, Tolstoy, Vysotskaya), folded.
_SLAVIC_FAMILY = re.compile(r"(?:ov|ev|in|ova|eva|ina|sky|skiy|ski|skaya|oy)$")
_EAST_SLAVIC = frozenset({"RU", "UA", "BY", "KZ"})
# Countries whose names are a chain given + father + grandfather (+ family).
_ARABIC_NAMING = _words("EG SA AE JO IQ SY LB MA DZ TN LY SD KW QA BH OM YE PS")
_ARABIC_PREFIXES = _words("abd abdel abdul abdal abu abou")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SPACES = re.compile(r"\s+")
_IBERIAN_LETTERS = re.compile("[áíóúñãõÁÍÓÚÑÃÕ]")
_VOWELS = frozenset("aeiouy")
# One word with nothing to split or drop (the common case, answered at once).
_SIMPLE = re.compile(r"[^\s,;.()\[\]]+")


@lru_cache(maxsize=131_072)
def _fold(token: str) -> str:
    """Lower case, no accents, no dots or apostrophe edges: the lookup form."""
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").strip(".'’")


def _tokens(text: str) -> list[str]:
    text = _BRACKETS.sub(" ", text)
    return [t for t in _SPACES.split(text.strip(" \t\r\n,;")) if t.strip(".")]


def _drop_titles(tokens: list[str]) -> list[str]:
    """Remove honorifics in front and suffixes at the end (keep at least one token)."""
    start = 0
    while start < len(tokens) - 1 and _fold(tokens[start]).replace(".", "") in _TITLES:
        start += 1
    end = len(tokens)
    while end - 1 > start and _fold(tokens[end - 1]).replace(".", "") in _SUFFIXES:
        end -= 1
    return tokens[start:end]


def _is_caps(token: str) -> bool:
    """ALL-CAPS word of two letters or more with a vowel (not initials like "JP")."""
    letters = [c for c in token if c.isalpha()]
    return (
        len(letters) >= 2
        and all(c.isupper() for c in letters)
        and any(_fold(c) in _VOWELS for c in letters)
    )


def _is_particle(tokens: list[str], index: int) -> bool:
    """Whether ``tokens[index]`` is a particle (an article counts after a particle)."""
    folded = _fold(tokens[index])
    if folded in _PARTICLES:
        return True
    return folded in _ARTICLES and index > 0 and _fold(tokens[index - 1]) in _PARTICLES


def _family_part(tokens: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Family names and particle groups of a family-name-only token list."""
    families: list[str] = []
    particles: list[str] = []
    group: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        last = index == len(tokens) - 1
        if not last and _is_particle(tokens, index):
            group.append(token)
        elif not last and _fold(token) in _ARTICLES and not group:
            # "Le Gall", "La Fontaine": the article belongs to the family name.
            families.append(f"{token} {tokens[index + 1]}")
            index += 1
        else:
            if group:
                particles.append(" ".join(group))
                group = []
            families.append(token)
        index += 1
    return tuple(families), tuple(particles)


def _given_part(tokens: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Given names, and trailing particles ("Johanna van der" after a comma)."""
    end = len(tokens)
    while end > 1 and (
        _fold(tokens[end - 1]) in _PARTICLES or _fold(tokens[end - 1]) in _ARTICLES
    ):
        end -= 1
    particles = (" ".join(tokens[end:]),) if end < len(tokens) else ()
    return tuple(tokens[:end]), particles


def _split_western(tokens: list[str]) -> NameParts:
    """Given names first, the last word (with its particles) as the family name."""
    start = len(tokens) - 1
    while start > 1 and _is_particle(tokens, start - 1):
        start -= 1
    if start == len(tokens) - 1 and start > 1 and _fold(tokens[start - 1]) in _ARTICLES:
        start -= 1
    family, particles = _family_part(tokens[start:])
    return NameParts(tuple(tokens[:start]), family, particles)


def _split_hispanic(tokens: list[str]) -> NameParts:
    """Known given names first (at least one), then up to the rest as family names."""
    end = 1
    while end < len(tokens) - 1:
        folded = _fold(tokens[end])
        if folded in _GIVEN:
            end += 1
        elif (
            folded in _PARTICLES
            and end + 1 < len(tokens) - 1
            and _fold(tokens[end + 1]) in _GIVEN_TAILS
        ):
            # "María del Carmen": keep "del Carmen" as one given name.
            end += 2
        else:
            break
    given: list[str] = []
    index = 0
    while index < end:
        if _fold(tokens[index]) in _PARTICLES and index + 1 < end:
            given.append(f"{tokens[index]} {tokens[index + 1]}")
            index += 2
        else:
            given.append(tokens[index])
            index += 1
    family, particles = _family_part(tokens[end:])
    return NameParts(tuple(given), family, particles)


def is_vietnamese_family_name(word: str) -> bool:
    """Whether ``word`` is one of the common Vietnamese family names (Nguyễn,
    Trần, Lê...): a name ending with one is given names first, several of them."""
    return _fold(word) in _VIETNAMESE_FAMILY


def _split_particle_first(tokens: list[str]) -> NameParts:
    """A name that starts with a particle is written family name first ("da Silva
    Helena", "van den Berg Jan", "DOS SANTOS FERNANDES ANA RITA"): no given name
    starts with one. The last word is a given name, and so is each known given
    name before it; the words after the particles before them are family names."""
    start = 0
    while start < len(tokens) - 2 and _is_particle(tokens, start):
        start += 1
    end = len(tokens) - 1
    while end - 1 > start and _fold(tokens[end - 1]) in _GIVEN:
        end -= 1
    family, particles = _family_part(tokens[:end])
    return NameParts(tuple(tokens[end:]), family, particles)


def _vietnamese_order(tokens: list[str], text: str, country: str | None) -> bool:
    """Whether the name is written family name first, Vietnamese style."""
    first = _fold(tokens[0])
    if len(tokens) < 2 or first not in _VIETNAMESE_FAMILY:
        return False
    if country == "VN" or _VIETNAMESE_LETTERS.search(text):
        return True
    if len(tokens) >= 3 and _fold(tokens[1]) in _VIETNAMESE_MIDDLE:
        return True
    return first in _SURELY_VIETNAMESE and _fold(tokens[-1]) not in _VIETNAMESE_FAMILY


def _lineage(parts: NameParts, country: str | None) -> NameParts:
    """Arabic naming: one given name, then the father's, the grandfather's and the
    family's ("Omar Youssef Soliman"); online a person shows any of them ("Omar
    Youssef"), so every name after the given one is a family-name word."""
    if country not in _ARABIC_NAMING or len(parts.given_names) < 2:
        return parts
    keep = 2 if _fold(parts.given_names[0]) in _ARABIC_PREFIXES else 1
    given, lineage = parts.given_names[:keep], parts.given_names[keep:]
    if not lineage:
        return parts
    return NameParts(given, lineage + parts.family_names, parts.particles)


@lru_cache(maxsize=131_072)
def split_full_name(text: str, country: str | None = None) -> NameParts:
    """Split a full name written in one piece.

    >>> split_full_name("van der Berg, Johanna")
    NameParts(given_names=('Johanna',), family_names=('Berg',), particles=('van der',))
    >>> split_full_name("María José García López", "ES").family_names
    ('García', 'López')
    """
    country = country.upper() if country else None
    return _lineage(_split(text, country), country)


def _split(text: str, country: str | None) -> NameParts:
    if "," in text:
        family_text, _, given_text = text.partition(",")
        family_tokens = _drop_titles(_tokens(family_text))
        given_tokens = _drop_titles(_tokens(given_text))
        if family_tokens and given_tokens:
            family, particles = _family_part(family_tokens)
            given, trailing = _given_part(given_tokens)
            return NameParts(given, family, trailing + particles)
        text = family_text if family_tokens else given_text
    tokens = _drop_titles(_tokens(text))
    if not tokens:
        return NameParts((), (), ())
    if len(tokens) == 1:
        return NameParts((), (tokens[0],), ())
    caps = [_is_caps(t) or (_fold(t) in _PARTICLES and t.isupper()) for t in tokens]
    if any(caps) and not all(caps):
        # "DUPONT Jean", "Jean-Pierre DE LA FONTAINE": capitals mark the family name.
        family_tokens = [t for t, c in zip(tokens, caps, strict=True) if c]
        given_tokens = [t for t, c in zip(tokens, caps, strict=True) if not c]
        family, particles = _family_part(family_tokens)
        return NameParts(tuple(given_tokens), family, particles)
    if _vietnamese_order(tokens, text, country):
        return NameParts(tuple(tokens[1:]), (tokens[0],), ())
    if len(tokens) >= 3 and _fold(tokens[0]) in _PARTICLES:
        return _split_particle_first(tokens)
    if (
        len(tokens) == 3
        and _PATRONYMIC.search(_fold(tokens[2]))
        and (country in _EAST_SLAVIC or _SLAVIC_FAMILY.search(_fold(tokens[0])))
    ):
        # "Smirnov Dmitrii Romanovich": family, given, patronymic (the Russian
        # official order); the patronymic is kept as a second given name.
        return NameParts((tokens[1], tokens[2]), (tokens[0],), ())
    if len(tokens) == 3 and _PATRONYMIC.search(_fold(tokens[1])):  # Ivan Ilyich X
        return NameParts((tokens[0], tokens[1]), (tokens[2],), ())  # given first
    hispanic = country in _SPANISH_LIKE or (
        country is None and _fold(tokens[0]) in _GIVEN and _looks_hispanic(tokens)
    )
    if hispanic and len(tokens) >= 3:
        return _split_hispanic(tokens)
    return _split_western(tokens)


def _looks_hispanic(tokens: list[str]) -> bool:
    """Spanish/Portuguese signs without a country: á í ó ú ñ ã õ, or -ez/-os endings."""
    if _IBERIAN_LETTERS.search(" ".join(tokens)):
        return True
    endings = ("ez", "es", "os", "as", "ro", "ra", "do", "da", "iz", "az")
    tail = [_fold(t) for t in tokens[-2:]]
    return all(t.endswith(endings) and t not in _GIVEN for t in tail)


@lru_cache(maxsize=131_072)
def split_given_names(text: str) -> tuple[str, ...]:
    """A given-name column split into names: "Marie Hélène" -> ("Marie", "Hélène")."""
    if text.isalpha() or _SIMPLE.fullmatch(text):  # isalpha: the common case, in C
        return (text,)
    return tuple(_drop_titles(_tokens(text)))


@lru_cache(maxsize=131_072)
def split_family_name(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A family-name column split into family names and particle groups."""
    if text.isalpha() or _SIMPLE.fullmatch(text):  # isalpha: the common case, in C
        return (text,), ()
    tokens = _tokens(text)
    if not tokens:
        return (), ()
    return _family_part(tokens)
