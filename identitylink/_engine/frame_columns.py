"""A :class:`~identitylink.ColumnRead` -> raw text columns, without records.

The same :class:`~identitylink._engine.columns.RawColumns` that
:func:`~identitylink._engine.columns.raw_columns` makes of records, made of the
column readers' frame: a value the record would hold as ``None`` is ``""``, a
tuple of names is joined by spaces, and each distinct value is handled once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import numpy as np
import pandas as pd

from identitylink._engine.columns import (
    Int,
    Obj,
    RawColumns,
    bio_phone,
    bio_place,
    column,
    map_distinct,
    profile_names,
)
from identitylink._engine.full_names import ambiguous_full_name, letters
from identitylink.sources._column_read import ColumnRead

__all__ = ["middle_words_from_read", "raw_from_read"]


def _text(frame: pd.DataFrame, name: str) -> Obj:
    """A text column with ``None`` as ``""``."""
    values = frame[name].to_numpy(dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = ""
    return np.asarray(values, dtype=object)


def _joined(frame: pd.DataFrame, name: str) -> Obj:
    """A column of name tuples as space-joined text, once per distinct tuple."""
    return map_distinct_objects(" ".join, frame[name].to_numpy(dtype=object))


def map_distinct_objects(func: Callable[[Any], str], values: Obj) -> Obj:
    """``func`` of every value (hashable objects), once per distinct value."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    return column([func(u) for u in uniques])[np.asarray(codes, dtype=np.intp)]


def _births(frame: pd.DataFrame) -> Int:
    cols = ("birth_year", "birth_month", "birth_day")
    return np.stack([frame[c].to_numpy(dtype=np.int64) for c in cols], axis=1)


def _customers(read: ColumnRead, attributes: Collection[str] | None) -> RawColumns:
    frame = read.frame
    n = len(frame)
    empty = np.full(n, "", dtype=object)
    country = _text(frame, "country")
    extra = read.attributes
    names = list(extra.columns) if extra is not None else []
    wanted = names if attributes is None else list(attributes)
    return RawColumns(
        ids=np.asarray(frame["customer_id"].to_numpy(dtype=object)),
        platform=np.full(n, "crm", dtype=object),
        scope=empty,
        names=[
            (
                _joined(frame, "given_names"),
                _joined(frame, "family_names"),
                _joined(frame, "name_particles"),
            )
        ],
        email=_text(frame, "email"),
        username=empty,
        phone=_text(frame, "phone"),
        phone_country=country,
        postcode=_text(frame, "postcode"),
        street=_text(frame, "street"),
        place=_text(frame, "city"),
        place_country=country,
        home=empty,
        bio=empty,
        country=country,
        birth=_births(frame),
        attributes={
            a: _text(extra, a) if extra is not None and a in names else empty
            for a in wanted
        },
    )


def _profiles(read: ColumnRead, attributes: Collection[str] | None) -> RawColumns:
    frame = read.frame
    n = len(frame)
    empty = np.full(n, "", dtype=object)
    names = profile_names(
        _text(frame, "display_name"),
        _text(frame, "given_name"),
        _text(frame, "family_name"),
        _text(frame, "middle_name"),
    )
    location = _text(frame, "location")
    place = np.where(location != "", location, _text(frame, "location_text"))
    description = _text(frame, "description")
    return RawColumns(
        ids=np.asarray(frame["profile_id"].to_numpy(dtype=object)),
        platform=np.asarray(frame["platform"].to_numpy(dtype=object)),
        scope=np.asarray(frame["scope"].to_numpy(dtype=object)),
        names=names,
        email=_text(frame, "email"),
        username=_text(frame, "username"),
        phone=map_distinct(bio_phone, description),
        phone_country=empty,
        postcode=empty,
        street=empty,
        place=np.asarray(place, dtype=object),
        place_country=empty,
        home=_text(frame, "hometown"),
        bio=map_distinct(bio_place, description),
        country=empty,
        birth=_births(frame),
        attributes={a: empty for a in attributes or ()},
    )


def raw_from_read(read: ColumnRead, attributes: Collection[str] | None) -> RawColumns:
    """The raw columns of a column read (customers or profiles), as
    :func:`~identitylink._engine.columns.raw_columns` makes them of its records."""
    return _customers(read, attributes) if read.is_crm else _profiles(read, attributes)


def middle_words_from_read(read: ColumnRead, family: Obj, words: Obj) -> None:
    """:func:`~identitylink._engine.full_names.middle_words_as_family` of a read."""
    if not read.is_crm:
        return
    frame = read.frame
    fulls = frame["full_name"].to_numpy(dtype=object)
    rows = np.flatnonzero(~pd.isna(fulls))
    if len(rows) == 0:
        return
    given = frame["given_names"].to_numpy(dtype=object)
    fams = frame["family_names"].to_numpy(dtype=object)
    particles = frame["name_particles"].to_numpy(dtype=object)
    for row in rows.tolist():
        if not ambiguous_full_name(fulls[row], given[row], fams[row], particles[row]):
            continue
        middle = letters(given[row][-1])
        fam = str(family[row, 0])
        if len(middle) > 1 and fam and not words[row, 0]:
            words[row, 0] = f"{middle} {fam}"
