"""The profile readers' checked columns as the frame of a :class:`ColumnRead`.

The JSON readers check their fields column-wise and send the rows they cannot
vouch for through their per-record code (a few irregular rows: a v1.1 object, a
number where text belongs). Those rows come back as profiles; their values
replace the columns' at their rows, so the frame holds what the per-record
reader would have returned, row for row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from identitylink.records import PartialDate, Place, SocialProfile
from identitylink.sources._column_read import PROFILE_COLUMNS, birth_columns

__all__ = ["profile_frame"]

_PLACES = (
    ("location", "location", "location_id"),
    ("hometown", "hometown", "hometown_id"),
)


def _column(values: Sequence[Any], rows: list[int]) -> np.ndarray[Any, Any]:
    out = np.empty(len(rows), dtype=object)
    if len(values) and len(rows):
        taken = np.empty(len(values), dtype=object)
        taken[:] = values
        out[:] = taken[np.asarray(rows, dtype=np.intp)]
    return out


def profile_frame(
    fields: dict[str, list[Any]],
    kept: Sequence[tuple[int, SocialProfile | None]],
    constants: dict[str, str],
) -> pd.DataFrame:
    """The frame of the ``kept`` rows (row, slow-built profile or None).

    ``fields`` maps SocialProfile fields to one value per parsed row (birthday as
    PartialDate, location and hometown as Place); ``constants`` gives the fields
    every fast row shares (platform, scope). A field in neither is None."""
    rows = [row for row, _ in kept]
    n = len(rows)
    text = [c for c in PROFILE_COLUMNS if not c.startswith("birth_")]
    out: dict[str, Any] = {}
    places: dict[str, list[Place | None]] = {}
    for name in text:
        if name in constants:
            out[name] = np.full(n, constants[name], dtype=object)
        elif name in fields and name not in ("location", "hometown"):
            out[name] = _column(fields[name], rows)
        else:
            out[name] = np.full(n, None, dtype=object)
    for key, _, _ in _PLACES:
        if key in fields:
            places[key] = [fields[key][row] for row in rows]
    birthdays: list[PartialDate | None] = (
        [fields["birthday"][row] for row in rows]
        if "birthday" in fields
        else [None] * n
    )
    for at, (_, profile) in enumerate(kept):
        if profile is None:
            continue
        for name in text:
            if name not in ("location", "hometown", "location_id", "hometown_id"):
                out[name][at] = getattr(profile, name)
        for key, _, _ in _PLACES:
            places.setdefault(key, [None] * n)[at] = getattr(profile, key)
        birthdays[at] = profile.birthday
    for key, name_col, id_col in _PLACES:
        values = places.get(key)
        if values is not None:
            out[name_col] = _column(
                [p.name if p else None for p in values], list(range(n))
            )
            out[id_col] = _column([p.id if p else None for p in values], list(range(n)))
    return pd.DataFrame(out | birth_columns(birthdays), copy=False)[
        list(PROFILE_COLUMNS)
    ]
