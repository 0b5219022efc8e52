"""Records -> columns of normalised keys (numpy object/int arrays), once per run.

Every normalisation function is called once per *distinct* input value (values
repeat a lot: cities, given names, e-mail domains), then mapped back to rows.
Profiles get two name readings (as written, and swapped: "DUPONT Jean"), customers
one; comparisons take the better reading per pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from identitylink.normalize import (
    canonical_email,
    clean_display_name,
    fold,
    nickname_group,
    normalize_phone,
    normalize_place,
    phonetic_key,
)
from identitylink.records import Customer, PartialDate, SocialProfile

__all__ = ["HANDLE_LENGTH", "Side", "build_side"]

Obj = npt.NDArray[np.object_]
Int = npt.NDArray[np.int64]
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Pair = tuple[str, str]
Triple = tuple[str, str, str]

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


def _cached(func: Callable[[K], V]) -> Callable[[Sequence[K]], list[V]]:
    """Apply ``func`` once per distinct value of a column."""

    def apply(values: Sequence[K]) -> list[V]:
        memo: dict[K, V] = {v: func(v) for v in dict.fromkeys(values)}
        return [memo[v] for v in values]

    return apply


@lru_cache(maxsize=1 << 18)
def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", fold(text)) if text else ""


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
    out: list[str] = []
    for f in dict.fromkeys(x for x in (family, family_first) if x):
        if g:
            out += [g + f, f + g, g[0] + f, f + g[0], g + f[0]]
    return tuple(dict.fromkeys(h[:HANDLE_LENGTH] for h in out if len(h) >= 4))


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


def _email(text: str) -> tuple[str, str]:
    if not text:
        return ("", "")
    e = canonical_email(text)
    if not e.valid or not e.canonical:
        return ("", "")
    return (e.canonical, _letters(e.local or ""))


def _phone(pair: tuple[str, str]) -> str:
    text, country = pair
    if not text:
        return ""
    return normalize_phone(text, country or None).e164 or ""


def _family_pair(t: Pair) -> Triple:
    return _family_keys(t[0], t[1])


def _place_pair(t: Pair) -> Pair:
    return _place(t[0], t[1])


def _username(text: str) -> str:
    return _letters(text)[:HANDLE_LENGTH]


def _handle_triple(t: Triple) -> tuple[str, ...]:
    return _handles(t[0], t[1], t[2])


def _fold_or_empty(text: str) -> str:
    return fold(text) if text else ""


def _postcode(text: str) -> str:
    return "".join(text.split()).lower()


def _pad(rows: list[tuple[str, ...]], width: int) -> Obj:
    out = np.full((len(rows), width), "", dtype=object)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r[:width]
    return out


def _col(values: Sequence[object]) -> Obj:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _name_columns(
    readings: list[list[tuple[str, str, str]]], width: int
) -> tuple[Obj, Obj, Obj, Obj, Obj, Obj]:
    """Columns from per-record name readings (given, family, maiden/alt)."""
    n = len(readings)
    cols = [np.full((n, width), "", dtype=object) for _ in range(6)]
    given_of = _cached(_given_key)
    family_of = _cached(_family_pair)
    for j in range(width):
        rows = [i for i, rs in enumerate(readings) if len(rs) > j]
        at = [readings[i][j] for i in rows]
        gk = given_of([r[0] for r in at])
        fk = family_of([(r[1], r[2]) for r in at])
        for c, part in enumerate(zip(*gk, strict=True) if gk else ()):
            cols[c][rows, j] = _col(part)
        for c, part in enumerate(zip(*fk, strict=True) if fk else ()):
            cols[3 + c][rows, j] = _col(part)
    return (cols[0], cols[1], cols[2], cols[3], cols[4], cols[5])


def _customer_readings(c: Customer) -> list[tuple[str, str, str]]:
    particles = " ".join(c.name_particles)
    return [(" ".join(c.given_names), " ".join(c.family_names), particles)]


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
    return out


def _two_readings_at_least(
    readings: list[tuple[str, str, str]],
) -> list[tuple[str, str, str]]:
    return readings + [("", "", "")] * (2 - len(readings))


def build_side(
    records: Sequence[Customer | SocialProfile],
    *,
    phones: bool = True,
    attributes: Collection[str] | None = None,
) -> Side:
    """Normalise ``records`` into columns (phones only when ``phones``: it is slow;
    only the named attribute columns, or all of them when ``attributes`` is None)."""
    n = len(records)
    readings: list[list[tuple[str, str, str]]] = []
    platform, scope, ids = [], [], []
    emails, usernames, phone_in, posts, streets = [], [], [], [], []
    places, homes, bios, countries, births = [], [], [], [], []
    attr_names: dict[str, None] = dict.fromkeys(attributes or ())
    for r in records:
        ids.append(r.customer_id if isinstance(r, Customer) else r.profile_id)
        if isinstance(r, Customer):
            platform.append("crm")
            scope.append("")
            readings.append(_customer_readings(r))
            emails.append(r.email or "")
            usernames.append("")
            phone_in.append((r.phone or "", r.country or ""))
            posts.append(r.postcode or "")
            streets.append(r.street or "")
            places.append((r.city or "", r.country or ""))
            homes.append(("", ""))
            bios.append(("", ""))
            countries.append(r.country or "")
            births.append(_date(r.birth_date))
            if attributes is None:
                attr_names.update(dict.fromkeys(r.attributes))
        else:
            platform.append(r.platform)
            scope.append(r.scope)
            readings.append(
                _two_readings_at_least(
                    _display_readings(
                        r.display_name or "",
                        r.given_name or "",
                        r.family_name or "",
                        r.middle_name or "",
                    )
                )
            )
            emails.append(r.email or "")
            usernames.append(r.username or "")
            phone_in.append(("", ""))
            posts.append("")
            streets.append("")
            loc = r.location.name if r.location else (r.location_text or "")
            places.append((loc, ""))
            homes.append((r.hometown.name if r.hometown else "", ""))
            desc = r.description or ""
            parts = _BIO_SPLIT.split(desc) if "|" in desc else []
            bios.append((parts[-1] if len(parts) > 1 else "", ""))
            countries.append("")
            births.append(_date(r.birthday))
    width = max((len(rs) for rs in readings), default=1)
    given, given_first, given_group, family, family_alt, phon = _name_columns(
        readings, width
    )
    place_of = _cached(_place_pair)
    city_country = place_of(places)
    home = place_of(homes)
    bio = place_of(bios)
    city = [cc[0] or b[0] for cc, b in zip(city_country, bio, strict=True)]
    country = [
        c or cc[1] or h[1]
        for c, cc, h in zip(countries, city_country, home, strict=True)
    ]
    email_of = _cached(_email)
    em = email_of(emails)
    user_of = _cached(_username)
    user = user_of(usernames)
    handle_of = _cached(_handle_triple)
    handles: list[tuple[str, ...]] = handle_of(
        list(zip(given_first[:, 0], family[:, 0], family_alt[:, 0], strict=True))
    )
    attr_cols: dict[str, Obj] = {}
    for a in attr_names:
        fold_of = _cached(_fold_or_empty)
        attr_cols[a] = _col(
            fold_of(
                [
                    r.attributes.get(a, "") if isinstance(r, Customer) else ""
                    for r in records
                ]
            )
        )
    return Side(
        ids=_col(ids),
        platform=_col(platform),
        scope=_col(scope),
        given=given,
        given_first=given_first,
        given_group=given_group,
        family=family,
        family_alt=family_alt,
        family_phonetic=phon,
        email=_col([e[0] for e in em]),
        email_local=_col([e[1] for e in em]),
        username=_col(user),
        handles=_pad(handles, max((len(h) for h in handles), default=1) or 1),
        city=_col(city),
        hometown=_col([h[0] for h in home]),
        country=_col(country),
        birth=np.asarray(births, dtype=np.int64).reshape(n, 3),
        phone=_col(_cached(_phone)(phone_in) if phones else [""] * n),
        postcode=_col(_cached(_postcode)(posts)),
        street=_col(_cached(_fold_or_empty)(streets)),
        attributes=attr_cols,
    )
