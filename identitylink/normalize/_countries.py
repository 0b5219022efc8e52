"""Country names and codes in several languages to ISO 3166-1 alpha-2.

Built once, lazily, from pycountry (ISO 3166-1 names, codes and the translations
pycountry ships from Debian's iso-codes), its ISO 3166-2 subdivisions (states,
provinces, regions: "Québec" -> CA) and a small hand table of everyday names
("UK", "England", "Holland", "USA") that the standards do not list.
"""

from __future__ import annotations

import gettext
from functools import cache, lru_cache

import pycountry

from identitylink.normalize._text import fold

__all__ = [
    "country_code",
    "country_from_name",
    "subdivision_countries",
    "subdivision_country",
]

# Languages whose country-name translations are indexed (native names like
# "Deutschland", "España", "Polska", exonyms like "Allemagne", "Frankreich").
_LANGUAGES = (
    "fr", "de", "es", "it", "nl", "pl", "pt", "ca", "sv", "da", "nb", "fi", "cs",
    "ro", "hu", "tr", "el", "ru", "uk", "hr", "sk", "sl", "et", "lv", "lt", "ga",
    "eu", "gl",
)  # fmt: skip

# Everyday names the ISO tables lack; folded keys.
_EXTRA: dict[str, str] = {
    "uk": "GB",
    "u k": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "angleterre": "GB",
    "ecosse": "GB",
    "escocia": "GB",
    "inglaterra": "GB",
    "inghilterra": "GB",
    "engeland": "GB",
    "schottland": "GB",
    "anglia": "GB",
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "us": "US",
    "america": "US",
    "united states": "US",
    "united states of america": "US",
    "etats-unis": "US",
    "etats unis": "US",
    "eeuu": "US",
    "ee uu": "US",
    "estados unidos": "US",
    "stati uniti": "US",
    "vereinigte staaten": "US",
    "verenigde staten": "US",
    "holland": "NL",
    "the netherlands": "NL",
    "nederland": "NL",
    "deutschland": "DE",
    "brd": "DE",
    "espana": "ES",
    "espanya": "ES",
    "italia": "IT",
    "polska": "PL",
    "brasil": "BR",
    "belgique": "BE",
    "belgie": "BE",
    "schweiz": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "osterreich": "AT",
    "oesterreich": "AT",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
    "suomi": "FI",
    "eire": "IE",
    "hellas": "GR",
    "ellada": "GR",
    "czechia": "CZ",
    "czech republic": "CZ",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "uae": "AE",
    "emirates": "AE",
    "vietnam": "VN",
    "viet nam": "VN",
    "turkey": "TR",
    "turkiye": "TR",
    "bolivia": "BO",
    "venezuela": "VE",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "moldova": "MD",
    "tanzania": "TZ",
    "taiwan": "TW",
    "macedonia": "MK",
    "kosovo": "XK",
}
# Regions people write instead of a country, beyond ISO 3166-2's own names.
_EXTRA_REGIONS: dict[str, str] = {
    "quebec": "CA",
    "catalunya": "ES",
    "cataluna": "ES",
    "catalonia": "ES",
    "bavaria": "DE",
    "bayern": "DE",
    "flanders": "BE",
    "vlaanderen": "BE",
    "wallonia": "BE",
    "wallonie": "BE",
    "corsica": "FR",
    "corse": "FR",
    "sicilia": "IT",
    "sicily": "IT",
    "sardegna": "IT",
    "sardinia": "IT",
    "andalucia": "ES",
    "andalusia": "ES",
    "brittany": "FR",
    "bretagne": "FR",
    "normandie": "FR",
    "normandy": "FR",
    "tuscany": "IT",
    "toscana": "IT",
    "lombardia": "IT",
    "lombardy": "IT",
    "ontario": "CA",
    "british columbia": "CA",
    "alberta": "CA",
    "california": "US",
    "texas": "US",
    "florida": "US",
    "north rhine westphalia": "DE",
    "lower saxony": "DE",
    "hesse": "DE",
    "saxony": "DE",
    "saxony anhalt": "DE",
    "thuringia": "DE",
    "rhineland palatinate": "DE",
    "mecklenburg western pomerania": "DE",
    "galicia": "ES",
    "basque country": "ES",
    "pais vasco": "ES",
    "euskadi": "ES",
    "comunidad de madrid": "ES",
    "community of madrid": "ES",
    "comunitat valenciana": "ES",
    "valencian community": "ES",
    "piedmont": "IT",
    "apulia": "IT",
    "wales": "GB",
    "wallonie-bruxelles": "BE",
}
# Codes that are not ISO 3166-1 but are used for countries.
_CODE_ALIASES = {"UK": "GB", "EL": "GR"}
_SUBDIVISION_TYPES = frozenset(
    {
        "Province",
        "State",
        "Land",
        "Region",
        "Autonomous community",
        "Autonomous region",
        "Voivodship",
        "Country",
        "Nation",
        "Canton",
        "Territory",
        "Metropolitan region",
        "Administrative region",
    }
)
# Postal abbreviations of states/provinces often written after a city.
_SUBDIVISION_CODE_COUNTRIES = ("US", "CA", "AU")


def _add(table: dict[str, str], name: str | None, code: str) -> None:
    if not name:
        return
    key = fold(name)
    if key and key not in table:
        table[key] = code
    # "Korea, Republic of" -> also "republic of korea" and "korea".
    if "," in name:
        head, _, tail = name.partition(",")
        for alt in (f"{tail.strip()} {head.strip()}", head):
            alt_key = fold(alt)
            if alt_key and alt_key not in table:
                table[alt_key] = code


@cache
def _country_names() -> dict[str, str]:
    table: dict[str, str] = {}
    countries = list(pycountry.countries)
    for country in countries:
        code = str(country.alpha_2)
        for attr in ("name", "common_name", "official_name"):
            _add(table, getattr(country, attr, None), code)
    for key, code in _EXTRA.items():
        table.setdefault(key, code)
    for language in _LANGUAGES:
        try:
            translation = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
            )
        except OSError:
            continue
        for country in countries:
            code = str(country.alpha_2)
            for attr in ("name", "common_name", "official_name"):
                english = getattr(country, attr, None)
                if english:
                    _add(table, translation.gettext(english), code)
    return table


@cache
def _country_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for country in pycountry.countries:
        codes[str(country.alpha_2)] = str(country.alpha_2)
        codes[str(country.alpha_3)] = str(country.alpha_2)
    codes.update(_CODE_ALIASES)
    return codes


@cache
def _subdivisions() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(folded subdivision name -> country, code -> countries using it).

    Codes are the part after the dash of ISO 3166-2 codes ("QC" of CA-QC, "BY" of
    DE-BY): the postal abbreviations people write after a city. US, Canadian and
    Australian ones come first (the most used); a code shared by several countries
    lists them all and the city decides.
    """
    names: dict[str, str] = dict(_EXTRA_REGIONS)
    abbreviations: dict[str, list[str]] = {}
    for sub in pycountry.subdivisions:
        country = str(sub.country_code)
        if sub.type in _SUBDIVISION_TYPES:
            key = fold(str(sub.name))
            if key:
                names.setdefault(key, country)
                names.setdefault(key.replace("-", " "), country)
        owners = abbreviations.setdefault(str(sub.code).split("-", 1)[1], [])
        if country not in owners:
            owners.append(country)
    first = _SUBDIVISION_CODE_COUNTRIES
    return names, {
        code: tuple(
            sorted(
                owners,
                key=lambda c: (c not in first, first.index(c) if c in first else 0),
            )
        )
        for code, owners in abbreviations.items()
    }


@lru_cache(maxsize=1 << 14)
def country_from_name(text: str) -> str | None:
    """ISO-2 from a country code or name only (no subdivisions); ``None`` otherwise."""
    stripped = text.strip().strip(".")
    if not stripped:
        return None
    # Two-letter codes in any case ("fr"); three-letter ones only in capitals, so
    # that words like "and" or "can" are not read as Andorra or Canada.
    if (len(stripped) == 2 or (len(stripped) == 3 and stripped.isupper())) and (
        stripped.isascii() and stripped.isalpha()
    ):
        code = _country_codes().get(stripped.upper())
        if code is not None:
            return code
    key = fold(stripped)
    if not key:
        return None
    names = _country_names()
    found = names.get(key)
    if found is None and key.startswith("the "):
        found = names.get(key[4:])
    return found


@lru_cache(maxsize=1 << 12)
def country_code(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code from a code or a country name in many languages.

    Accepts ISO-2/ISO-3 codes ("fr", "DEU", "UK"), names in English and about
    thirty other languages ("Deutschland", "Allemagne", "España", "Italia"),
    everyday names ("USA", "England", "Holland") and main subdivisions, which
    give their country ("Québec" -> "CA", "Bayern" -> "DE"). ``None`` otherwise.

    >>> country_code("Allemagne")
    'DE'
    """
    if not text:
        return None
    found = country_from_name(text)
    if found is not None:
        return found
    return _subdivisions()[0].get(fold(text))


def subdivision_country(text: str) -> str | None:
    """Country of a state/province/region name ("Bavaria") or code ("QC")."""
    found = subdivision_countries(text)
    return found[0] if found else None


def subdivision_countries(text: str) -> tuple[str, ...]:
    """Every country a region name or ISO 3166-2 code may belong to, most likely
    first: "QC" -> CA; "BY" -> DE (Bayern) and BY's own regions' codes elsewhere."""
    names, abbreviations = _subdivisions()
    stripped = text.strip().strip(".")
    if stripped.isupper() and stripped.isascii() and 2 <= len(stripped) <= 3:
        found = abbreviations.get(stripped)
        if found:
            return found
    key = fold(stripped)
    country = names.get(key) or names.get(key.replace("-", " "))
    return (country,) if country else ()
