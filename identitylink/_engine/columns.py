"""Records -> raw text columns, and the column helpers of the feature builder.

Each field of a list of records becomes a numpy object column of strings, read
once; the helpers factorise a column (distinct values and integer codes) so the
feature builder normalises every distinct value once and gathers with numpy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink.normalize import clean_display_name
from identitylink.records import Customer, PartialDate, SocialProfile

Obj = npt.NDArray[np.object_]
Int = npt.NDArray[np.int64]
K = TypeVar("K", bound=Hashable)

_PARENS = re.compile(r"\(([^()]*)\)")
_BIO_SPLIT = re.compile(r"\s*[|•·/]\s*")
# A phone number written in a bio: "+33 6 12 34 56 78", "0612345678",
# "(514) 555-0199", "tel. 030/1234567" (8 to 15 digits, common separators).
_BIO_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d(?:[\s.\-/()]{0,2}\d){7,14}(?![\w])")


def factorize(values: Obj) -> tuple[Int, Obj]:
    """Integer codes and distinct values of a column of strings."""
    codes, uniques = pd.factorize(values)
    return np.asarray(codes, dtype=np.intp), np.asarray(uniques, dtype=object)


def map_distinct(func: Callable[[str], str], values: Obj) -> Obj:
    """``func`` of every value, called once per distinct value."""
    codes, uniques = factorize(values)
    return column([func(u) for u in uniques])[codes]


def factorize_rows(*columns: Obj) -> tuple[Int, Obj]:
    """Integer codes and distinct rows (as tuples) of several string columns.

    The same as ``factorize`` of the column of row tuples, without building and
    hashing one tuple per row: each column is factorised alone and the codes are
    combined as integers.
    """
    return distinct_rows(columns, [factorize(c) for c in columns])


def distinct_rows(
    columns: Sequence[Obj], factorized: Sequence[tuple[Int, Obj]]
) -> tuple[Int, Obj]:
    """``factorize_rows(*columns)`` given each column's (codes, distinct values)."""
    codes = np.zeros(len(columns[0]), dtype=np.intp)
    for c_codes, c_uniques in factorized:
        codes = pd.factorize(codes * len(c_uniques) + c_codes)[0]
    first = np.zeros(int(codes.max()) + 1 if len(codes) else 0, dtype=np.intp)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    keys = np.empty(len(first), dtype=object)
    for i, key in enumerate(zip(*(c[first] for c in columns), strict=True)):
        keys[i] = key  # one by one: numpy would unpack a list of tuples
    return np.asarray(codes, dtype=np.intp), keys


def map_distinct_rows(
    func: Callable[[tuple[str, ...]], tuple[str, ...]], width: int, *columns: Obj
) -> list[Obj]:
    """Columns of ``func``'s tuples, called once per distinct row of ``columns``."""
    codes, uniques = factorize_rows(*columns)
    results = [func(u) for u in uniques]
    return [column([r[i] for r in results])[codes] for i in range(width)]


def bio_phone(desc: str) -> str:
    """The first phone-like number of a profile's bio, as written ("" if none)."""
    found = _BIO_PHONE.search(desc) if desc else None
    return found.group(0) if found else ""


def bio_place(desc: str) -> str:
    parts = _BIO_SPLIT.split(desc) if "|" in desc else []
    return parts[-1] if len(parts) > 1 else ""


def pad(rows: list[tuple[str, ...]], width: int) -> Obj:
    out = np.full((len(rows), width), "", dtype=object)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r[:width]
    return out


def column(values: Sequence[object]) -> Obj:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def display_readings(
    display: str, given: str, family: str, middle: str
) -> list[tuple[str, str, str]]:
    """Name readings of a profile: structured fields first, else the display name."""
    maiden = ""
    m = _PARENS.search(display)
    if m:
        maiden = m.group(1).strip()
    if given or family:
        first = (given, family, "")
        out = [first, (family, given, "")]
    else:
        cleaned = clean_display_name(_PARENS.sub(" ", display)) if display else ""
        tokens = [t.strip(".,") for t in cleaned.replace(",", " , ").split()]
        if "," in tokens:  # "Dupont, Jean"
            k = tokens.index(",")
            fam, giv = " ".join(tokens[:k]), " ".join(tokens[k + 1 :])
            tokens = [t for t in tokens if t != ","]
            out = [(giv, fam, ""), (fam, giv, "")]
        elif len(tokens) >= 2:
            out = [
                (" ".join(tokens[:-1]), tokens[-1], ""),
                (" ".join(tokens[1:]), tokens[0], ""),
            ]
            if len(tokens) >= 3:  # a double family name: "Glauco Asalt Castells"
                out.append((tokens[0], " ".join(tokens[1:]), ""))
        elif tokens:
            out = [(tokens[0], "", ""), ("", tokens[0], "")]
        else:
            out = [("", "", "")]
    if maiden and len(out) > 1:
        out[1] = (out[0][0], maiden, "")
    return out + [("", "", "")] * (2 - len(out))


def profile_names(
    display: Obj, given: Obj, family: Obj, middle: Obj
) -> list[tuple[Obj, Obj, Obj]]:
    """The (given, family, particles) columns of each reading of the profiles'
    names (:func:`display_readings`), read once per distinct name; a profile
    with fewer readings has empty ones after its last."""
    codes, uniques = factorize_rows(display, given, family, middle)
    readings = [display_readings(*u) for u in uniques]
    width = max((len(r) for r in readings), default=1)
    names: list[tuple[Obj, Obj, Obj]] = []
    for j in range(width):
        at = [r[j] if len(r) > j else ("", "", "") for r in readings]
        g, f, p = (column([t[i] for t in at])[codes] for i in range(3))
        names.append((g, f, p))
    return names


@dataclass
class RawColumns:
    """Raw text fields of one group of records (customers or profiles), as columns.

    ``names`` holds, per reading, (given, family, particles) columns; a record
    without that reading has empty strings there (which normalise to empty keys).
    """

    ids: Obj
    platform: Obj
    scope: Obj
    names: list[tuple[Obj, Obj, Obj]]
    email: Obj
    username: Obj
    phone: Obj
    phone_country: Obj
    postcode: Obj
    street: Obj
    place: Obj
    place_country: Obj
    home: Obj
    bio: Obj
    country: Obj
    birth: Int
    attributes: dict[str, Obj]


def _s(values: list[str | None]) -> Obj:
    return column([v or "" for v in values])


def _births(dates: list[PartialDate | None]) -> Int:
    rows = [
        (0, 0, 0) if d is None else (d.year or 0, d.month or 0, d.day or 0)
        for d in dates
    ]
    # np.fromiter over the flat values: np.asarray parses a list of tuples slowly.
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows))
    return flat.reshape(len(dates), 3)


def _raw_customers(
    cs: list[Customer], attributes: Collection[str] | None
) -> RawColumns:
    n = len(cs)
    empty = np.full(n, "", dtype=object)
    names = (
        column([" ".join(c.given_names) for c in cs]),
        column([" ".join(c.family_names) for c in cs]),
        column([" ".join(c.name_particles) for c in cs]),
    )
    country = _s([c.country for c in cs])
    if attributes is None:
        attr_names: dict[str, None] = {}
        for c in cs:
            if c.attributes:
                attr_names.update(dict.fromkeys(c.attributes))
    else:
        attr_names = dict.fromkeys(attributes)
    return RawColumns(
        ids=column([c.customer_id for c in cs]),
        platform=np.full(n, "crm", dtype=object),
        scope=empty,
        names=[names],
        email=_s([c.email for c in cs]),
        username=empty,
        phone=_s([c.phone for c in cs]),
        phone_country=country,
        postcode=_s([c.postcode for c in cs]),
        street=_s([c.street for c in cs]),
        place=_s([c.city for c in cs]),
        place_country=country,
        home=empty,
        bio=empty,
        country=country,
        birth=_births([c.birth_date for c in cs]),
        attributes={
            a: column([c.attributes.get(a, "") for c in cs]) for a in attr_names
        },
    )


def _raw_profiles(
    ps: list[SocialProfile], attributes: Collection[str] | None
) -> RawColumns:
    n = len(ps)
    empty = np.full(n, "", dtype=object)
    names = profile_names(
        _s([p.display_name for p in ps]),
        _s([p.given_name for p in ps]),
        _s([p.family_name for p in ps]),
        _s([p.middle_name for p in ps]),
    )
    return RawColumns(
        ids=column([p.profile_id for p in ps]),
        platform=column([p.platform for p in ps]),
        scope=column([p.scope for p in ps]),
        names=names,
        email=_s([p.email for p in ps]),
        username=_s([p.username for p in ps]),
        phone=map_distinct(bio_phone, _s([p.description for p in ps])),
        phone_country=empty,
        postcode=empty,
        street=empty,
        place=_s([p.location.name if p.location else p.location_text for p in ps]),
        place_country=empty,
        home=_s([p.hometown.name if p.hometown else "" for p in ps]),
        bio=map_distinct(bio_place, _s([p.description for p in ps])),
        country=empty,
        birth=_births([p.birthday for p in ps]),
        attributes={a: empty for a in attributes or ()},
    )


def _merge(parts: list[tuple[npt.NDArray[np.intp], RawColumns]], n: int) -> RawColumns:
    """One RawColumns from the raws of record groups at the given row positions."""
    if len(parts) == 1:
        return parts[0][1]
    width = max(len(r.names) for _, r in parts)
    attr_names = dict.fromkeys(a for _, r in parts for a in r.attributes)

    def scatter(get: Callable[[RawColumns], Obj]) -> Obj:
        out = np.full(n, "", dtype=object)
        for at, r in parts:
            out[at] = get(r)
        return out

    def name(j: int, i: int) -> Obj:
        out = np.full(n, "", dtype=object)
        for at, r in parts:
            if j < len(r.names):
                out[at] = r.names[j][i]
        return out

    def attribute(a: str) -> Obj:
        out = np.full(n, "", dtype=object)
        for at, r in parts:
            if a in r.attributes:
                out[at] = r.attributes[a]
        return out

    birth = np.zeros((n, 3), dtype=np.int64)
    for at, r in parts:
        birth[at] = r.birth
    return RawColumns(
        ids=scatter(lambda r: r.ids),
        platform=scatter(lambda r: r.platform),
        scope=scatter(lambda r: r.scope),
        names=[(name(j, 0), name(j, 1), name(j, 2)) for j in range(width)],
        email=scatter(lambda r: r.email),
        username=scatter(lambda r: r.username),
        phone=scatter(lambda r: r.phone),
        phone_country=scatter(lambda r: r.phone_country),
        postcode=scatter(lambda r: r.postcode),
        street=scatter(lambda r: r.street),
        place=scatter(lambda r: r.place),
        place_country=scatter(lambda r: r.place_country),
        home=scatter(lambda r: r.home),
        bio=scatter(lambda r: r.bio),
        country=scatter(lambda r: r.country),
        birth=birth,
        attributes={a: attribute(a) for a in attr_names},
    )


def _split_groups(
    records: Sequence[Customer | SocialProfile],
) -> tuple[list[Customer], list[SocialProfile], list[int], list[int]]:
    customers: list[Customer] = []
    profiles: list[SocialProfile] = []
    c_at: list[int] = []
    p_at: list[int] = []
    for i, r in enumerate(records):
        if isinstance(r, Customer):
            customers.append(r)
            c_at.append(i)
        else:
            profiles.append(r)
            p_at.append(i)
    return customers, profiles, c_at, p_at


def raw_columns(
    records: Sequence[Customer | SocialProfile], attributes: Collection[str] | None
) -> RawColumns:
    customers, profiles, c_at, p_at = _split_groups(records)
    parts: list[tuple[npt.NDArray[np.intp], RawColumns]] = []
    if customers or not profiles:
        parts.append(
            (np.asarray(c_at, dtype=np.intp), _raw_customers(customers, attributes))
        )
    if profiles:
        parts.append(
            (np.asarray(p_at, dtype=np.intp), _raw_profiles(profiles, attributes))
        )
    return _merge(parts, len(records))
