"""Records -> columns of normalised keys (numpy object/int arrays), once per run.

Every normalisation function is called once per *distinct* input value (values
repeat a lot: cities, given names, e-mail domains), then mapped back to rows.
Profiles get two name readings (as written, and swapped: "DUPONT Jean"), customers
one; comparisons take the better reading per pair.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink.normalize import (
    canonical_emails,
    clean_display_name,
    fold,
    nickname_group,
    normalize_phones,
    normalize_place,
    phonetic_key,
)
from identitylink.normalize._text import fold_lines
from identitylink.records import Customer, PartialDate, SocialProfile

__all__ = ["HANDLE_LENGTH", "Side", "build_side"]

Obj = npt.NDArray[np.object_]
Int = npt.NDArray[np.int64]
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

HANDLE_LENGTH = 15
"""Handles and usernames are compared on their first 15 characters (X's limit)."""

_NOT_LETTER = re.compile(r"[^a-z]+")
_PARENS = re.compile(r"\(([^()]*)\)")
_BIO_SPLIT = re.compile(r"\s*[|•·/]\s*")


@dataclass
class Side:
    """One table as columns. Name columns have shape (n, readings)."""

    ids: Obj
    platform: Obj
    scope: Obj
    given: Obj  # folded given names, hyphens as spaces ("jean louis")
    given_first: Obj  # first given token
    given_group: Obj  # nickname group of the first token
    family: Obj  # folded family name, letters only ("vanderberg")
    family_alt: Obj  # another exact key: without particles / first of two / maiden
    family_phonetic: Obj
    email: Obj
    email_local: Obj  # letters of the local part only
    username: Obj  # letters of the username (or e-mail local part), cut to 15
    handles: Obj  # (n, H) name-derived handles, cut to 15
    city: Obj
    hometown: Obj
    country: Obj
    birth: Int  # (n, 3): year, month, day; 0 when unknown
    phone: Obj
    postcode: Obj
    street: Obj
    attributes: dict[str, Obj] = field(default_factory=dict)

    @property
    def n(self) -> int:
        """Number of records."""
        return len(self.ids)

    @property
    def readings(self) -> int:
        """Number of name readings per record."""
        return int(self.given.shape[1])

    def comparable(self) -> npt.NDArray[np.bool_]:
        """Records with at least a name, an e-mail or a username."""
        has_name = (self.family != "").any(axis=1) | (self.given != "").any(axis=1)
        return np.asarray(has_name | (self.email != "") | (self.username != ""))


@lru_cache(maxsize=1 << 18)
def _letters(text: str) -> str:
    if text.isascii():  # folding ASCII only lower-cases letters
        return _NOT_LETTER.sub("", text.lower())
    return _NOT_LETTER.sub("", fold(text))


@lru_cache(maxsize=1 << 18)
def _given_key(text: str) -> tuple[str, str, str]:
    """(full given, first token, nickname group) of a given-name string."""
    folded = fold(text).replace("-", " ").replace("'", "") if text else ""
    tokens = [t for t in folded.split() if t]
    if not tokens:
        return ("", "", "")
    first = tokens[0]
    group = nickname_group(first) if len(first) > 1 else first
    return (" ".join(tokens), first, _letters(group) or first)


@lru_cache(maxsize=1 << 18)
def _family_keys(text: str, particles: str = "") -> tuple[str, str, str]:
    """(full key, alternative key, phonetic key) of a family-name string."""
    full = _letters(f"{particles} {text}")
    tokens = [_letters(t) for t in fold(text).replace("-", " ").split()]
    tokens = [t for t in tokens if t]
    alt = tokens[0] if len(tokens) > 1 else ""
    if particles and tokens:
        alt = "".join(tokens)
    if alt == full:
        alt = ""
    return (full, alt, phonetic_key(full) if len(full) > 1 else full)


def _handles(given_first: str, family: str, family_first: str) -> tuple[str, ...]:
    g = _letters(given_first)
    if not g:
        return ()
    families = [family] if family else []
    if family_first and family_first != family:
        families.append(family_first)
    out: list[str] = []
    for f in families:
        out += [g + f, f + g, g[0] + f, f + g[0], g + f[0]]
    return tuple(dict.fromkeys([h[:HANDLE_LENGTH] for h in out if len(h) >= 4]))


def _date(d: PartialDate | None) -> tuple[int, int, int]:
    if d is None:
        return (0, 0, 0)
    return (d.year or 0, d.month or 0, d.day or 0)


@lru_cache(maxsize=1 << 18)
def _place(text: str, country: str) -> tuple[str, str]:
    if not text:
        return ("", "")
    p = normalize_place(text, country or None)
    return (p.city_key or "", p.country or "")


def _username(text: str) -> str:
    return _letters(text)[:HANDLE_LENGTH]


def _factorize(values: Obj) -> tuple[Int, Obj]:
    """Integer codes and distinct values of a column of strings."""
    codes, uniques = pd.factorize(values)
    return np.asarray(codes, dtype=np.intp), np.asarray(uniques, dtype=object)


def _map(func: Callable[[str], str], values: Obj) -> Obj:
    """``func`` of every value, called once per distinct value."""
    codes, uniques = _factorize(values)
    return _col([func(u) for u in uniques])[codes]


def _map_tuple(
    func: Callable[[K], tuple[str, ...]], values: Obj, width: int
) -> list[Obj]:
    """Columns of ``func``'s tuples, called once per distinct value."""
    codes, uniques = _factorize(values)
    results = [func(u) for u in uniques]
    return [_col([r[i] for r in results])[codes] for i in range(width)]


def _join(*columns: Obj) -> Obj:
    """Rows of several string columns as one column of tuples (a hashable key)."""
    codes = np.zeros(len(columns[0]), dtype=np.intp)
    for c in columns:
        c_codes, c_uniques = _factorize(c)
        codes = pd.factorize(codes * len(c_uniques) + c_codes)[0]
    first = np.zeros(int(codes.max()) + 1 if len(codes) else 0, dtype=np.intp)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    keys = np.empty(len(first), dtype=object)
    for i, key in enumerate(zip(*(c[first] for c in columns), strict=True)):
        keys[i] = key  # one by one: numpy would unpack a list of tuples
    return keys[codes]


def _given_tuple(text: str) -> tuple[str, ...]:
    return _given_key(text)


def _fold_or_empty(text: str) -> str:
    return fold(text) if text else ""


def _fold_column(values: Obj) -> Obj:
    """``fold`` of every value, all distinct values folded in one pass."""
    codes, uniques = _factorize(values)
    texts = [str(u) for u in uniques]
    if any("\n" in t for t in texts):
        return _col([_fold_or_empty(t) for t in texts])[codes]
    return _col(fold_lines(texts))[codes]


def _postcode(text: str) -> str:
    return "".join(text.split()).lower()


def _bio_place(desc: str) -> str:
    parts = _BIO_SPLIT.split(desc) if "|" in desc else []
    return parts[-1] if len(parts) > 1 else ""


def _pad(rows: list[tuple[str, ...]], width: int) -> Obj:
    out = np.full((len(rows), width), "", dtype=object)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r[:width]
    return out


def _col(values: Sequence[object]) -> Obj:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _display_readings(
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


@dataclass
class _Raw:
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
    return _col([v or "" for v in values])


def _births(dates: list[PartialDate | None]) -> Int:
    rows = [
        (0, 0, 0) if d is None else (d.year or 0, d.month or 0, d.day or 0)
        for d in dates
    ]
    return np.asarray(rows, dtype=np.int64).reshape(len(dates), 3)


def _raw_customers(cs: list[Customer], attributes: Collection[str] | None) -> _Raw:
    n = len(cs)
    empty = np.full(n, "", dtype=object)
    names = (
        _col([" ".join(c.given_names) for c in cs]),
        _col([" ".join(c.family_names) for c in cs]),
        _col([" ".join(c.name_particles) for c in cs]),
    )
    country = _s([c.country for c in cs])
    if attributes is None:
        attr_names: dict[str, None] = {}
        for c in cs:
            if c.attributes:
                attr_names.update(dict.fromkeys(c.attributes))
    else:
        attr_names = dict.fromkeys(attributes)
    return _Raw(
        ids=_col([c.customer_id for c in cs]),
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
        attributes={a: _col([c.attributes.get(a, "") for c in cs]) for a in attr_names},
    )


def _raw_profiles(ps: list[SocialProfile], attributes: Collection[str] | None) -> _Raw:
    n = len(ps)
    empty = np.full(n, "", dtype=object)
    key = _join(
        _s([p.display_name for p in ps]),
        _s([p.given_name for p in ps]),
        _s([p.family_name for p in ps]),
        _s([p.middle_name for p in ps]),
    )
    codes, uniques = _factorize(key)
    readings = [_display_readings(*u) for u in uniques]
    width = max((len(r) for r in readings), default=1)
    names: list[tuple[Obj, Obj, Obj]] = []
    for j in range(width):
        at = [r[j] if len(r) > j else ("", "", "") for r in readings]
        g, f, p = (_col([t[i] for t in at])[codes] for i in range(3))
        names.append((g, f, p))
    return _Raw(
        ids=_col([p.profile_id for p in ps]),
        platform=_col([p.platform for p in ps]),
        scope=_col([p.scope for p in ps]),
        names=names,
        email=_s([p.email for p in ps]),
        username=_s([p.username for p in ps]),
        phone=empty,
        phone_country=empty,
        postcode=empty,
        street=empty,
        place=_s([p.location.name if p.location else p.location_text for p in ps]),
        place_country=empty,
        home=_s([p.hometown.name if p.hometown else "" for p in ps]),
        bio=_map(_bio_place, _s([p.description for p in ps])),
        country=empty,
        birth=_births([p.birthday for p in ps]),
        attributes={a: empty for a in attributes or ()},
    )


def _merge(parts: list[tuple[npt.NDArray[np.intp], _Raw]], n: int) -> _Raw:
    """One _Raw from the raws of record groups at the given row positions."""
    if len(parts) == 1:
        return parts[0][1]
    width = max(len(r.names) for _, r in parts)
    attr_names = dict.fromkeys(a for _, r in parts for a in r.attributes)

    def scatter(get: Callable[[_Raw], Obj]) -> Obj:
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
    return _Raw(
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


def _raw(
    records: Sequence[Customer | SocialProfile], attributes: Collection[str] | None
) -> _Raw:
    customers, profiles, c_at, p_at = _split_groups(records)
    parts: list[tuple[npt.NDArray[np.intp], _Raw]] = []
    if customers or not profiles:
        parts.append(
            (np.asarray(c_at, dtype=np.intp), _raw_customers(customers, attributes))
        )
    if profiles:
        parts.append(
            (np.asarray(p_at, dtype=np.intp), _raw_profiles(profiles, attributes))
        )
    return _merge(parts, len(records))


def _family_tuple(key: tuple[str, ...]) -> tuple[str, ...]:
    text, particles = key
    return _family_keys(text, particles)


def _handle_tuple(key: tuple[str, ...]) -> tuple[str, ...]:
    given_first, family, family_alt = key
    return _handles(given_first, family, family_alt)


def _place_tuple(key: tuple[str, ...]) -> tuple[str, ...]:
    text, country = key
    return _place(text, country)


def _emails(texts: Obj) -> tuple[Obj, Obj]:
    """(canonical address, letters of its local part) columns; empty when invalid."""
    codes, uniques = _factorize(texts)
    canonical = [e or "" for e in canonical_emails(list(uniques))]
    local = [_letters(e.rsplit("@", 1)[0]) if e else "" for e in canonical]
    return _col(canonical)[codes], _col(local)[codes]


def _phones(texts: Obj, countries: Obj) -> Obj:
    codes, uniques = _factorize(_join(texts, countries))
    pairs = list(uniques)
    e164 = normalize_phones([p[0] for p in pairs], [p[1] or None for p in pairs])
    return _col([e or "" for e in e164])[codes]


def _names(raw: _Raw, n: int) -> tuple[Obj, Obj, Obj, Obj, Obj, Obj]:
    width = len(raw.names)
    cols = [np.full((n, width), "", dtype=object) for _ in range(6)]
    for j, (given, family, particles) in enumerate(raw.names):
        for c, col in enumerate(_map_tuple(_given_tuple, given, 3)):
            cols[c][:, j] = col
        keys = _map_tuple(_family_tuple, _join(family, particles), 3)
        for c, col in enumerate(keys):
            cols[3 + c][:, j] = col
    return (cols[0], cols[1], cols[2], cols[3], cols[4], cols[5])


def build_side(
    records: Sequence[Customer | SocialProfile],
    *,
    phones: bool = True,
    attributes: Collection[str] | None = None,
) -> Side:
    """Normalise ``records`` into columns (phones only when ``phones``: it is slow;
    only the named attribute columns, or all of them when ``attributes`` is None)."""
    enabled = gc.isenabled()
    gc.disable()  # millions of short-lived strings and tuples, no cycles
    try:
        return _build(records, phones, attributes)
    finally:
        if enabled:
            gc.enable()


def _build(
    records: Sequence[Customer | SocialProfile],
    phones: bool,
    attributes: Collection[str] | None,
) -> Side:
    n = len(records)
    raw = _raw(records, attributes)
    given, given_first, given_group, family, family_alt, phon = _names(raw, n)
    city, country = _map_tuple(_place_tuple, _join(raw.place, raw.place_country), 2)
    no_place = np.full(n, "", dtype=object)
    home, home_country = _map_tuple(_place_tuple, _join(raw.home, no_place), 2)
    bio = _map_tuple(_place_tuple, _join(raw.bio, no_place), 1)[0]
    city = np.where(city != "", city, bio)
    country = np.where(
        raw.country != "", raw.country, np.where(country != "", country, home_country)
    )
    email, email_local = _emails(raw.email)
    codes, uniques = _factorize(
        _join(given_first[:, 0], family[:, 0], family_alt[:, 0])
    )
    handles = [_handle_tuple(u) for u in uniques]
    width = max((len(h) for h in handles), default=1) or 1
    return Side(
        ids=raw.ids,
        platform=raw.platform,
        scope=raw.scope,
        given=given,
        given_first=given_first,
        given_group=given_group,
        family=family,
        family_alt=family_alt,
        family_phonetic=phon,
        email=email,
        email_local=email_local,
        username=_map(_username, raw.username),
        handles=_pad(handles, width)[codes],
        city=np.asarray(city, dtype=object),
        hometown=home,
        country=np.asarray(country, dtype=object),
        birth=raw.birth,
        phone=_phones(raw.phone, raw.phone_country)
        if phones
        else np.full(n, "", dtype=object),
        postcode=_map(_postcode, raw.postcode),
        street=_fold_column(raw.street),
        attributes={a: _fold_column(v) for a, v in raw.attributes.items()},
    )
