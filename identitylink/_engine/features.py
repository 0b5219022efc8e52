"""Records -> columns of normalised keys (numpy object/int arrays), once per run.

Every normalisation function is called once per *distinct* input value (values
repeat a lot: cities, given names, e-mail domains), then mapped back to rows.
Profiles get two name readings (as written, and swapped: "DUPONT Jean"), customers
one; comparisons take the better reading per pair.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.columns import (
    Int,
    Obj,
    column,
    distinct_rows,
    factorize,
    factorize_rows,
    map_distinct,
    map_distinct_rows,
    pad,
    raw_columns,
)
from identitylink._engine.derived import derived
from identitylink._engine.frame_columns import middle_words_from_read, raw_from_read
from identitylink._engine.full_names import middle_words_as_family
from identitylink._engine.handle_years import handle_years
from identitylink._engine.name_keys import (
    CACHE_SIZE,
    HANDLE_LENGTH,
    handle_rows,
    letters,
    letters_lines,
    name_columns,
    other_given_groups,
)
from identitylink._gc import gc_paused
from identitylink.normalize import (
    canonical_emails,
    fold,
    normalize_phones,
    normalize_place,
)
from identitylink.normalize._text import fold_lines
from identitylink.records import Customer, SocialProfile
from identitylink.sources._column_read import ColumnRead

__all__ = [
    "HANDLE_LENGTH",
    "SIDE_COLUMNS",
    "Side",
    "build_side",
    "customer_phones",
    "other_given_groups",
    "preferred_countries",
]


PREFERRED_COUNTRY_SHARE = 0.01
"""A country is where bare city names most likely are once 1% of a table lives
there: a CRM's main markets, not its scattered expatriates."""


_PLAIN_COLUMNS = frozenset(
    {"email", "username", "city", "country", "phone", "postcode", "street"}
)
"""Standard columns held as one array each on a :class:`Side`."""


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
    family_words: Obj  # words of a compound family name ("costa reis"), else ""
    email: Obj
    email_local: Obj  # letters of the local part only
    username: Obj  # letters of the username (or e-mail local part), cut to 15
    handles: Obj  # (n, H) name-derived handles, cut to 15
    city: Obj
    hometown: Obj
    country: Obj
    birth: Int  # (n, 3): year, month, day; 0 when unknown
    handle_years: Int  # (n, 4): years, then two-digit numbers in handles; -1: none
    phone: Obj
    postcode: Obj
    street: Obj
    attributes: dict[str, Obj] = field(default_factory=dict)
    # False where the record has a city or hometown key but neither was found in
    # the gazetteer and no country is known ("between two trains"): a difference
    # from it is missing evidence, not disagreement. None: all resolved.
    place_resolved: npt.NDArray[np.bool_] | None = None

    @property
    def n(self) -> int:
        """Number of records."""
        return len(self.ids)

    @property
    def readings(self) -> int:
        """Number of name readings per record."""
        return int(self.given.shape[1])

    def column(self, name: str) -> Obj | None:
        """The folded values of column ``name`` (a standard column, the first name
        reading of ``given_name``/``family_name``, a CRM attribute, or a derived
        column of :mod:`identitylink._engine.derived`); None when the table has no
        such column. The one look-up scoring, explanations and
        column checks share."""
        if name == "given_name":
            return self.given[:, 0]
        if name == "family_name":
            return self.family[:, 0]
        if name in _PLAIN_COLUMNS:
            col: Obj = getattr(self, name)
            return col
        if name in self.attributes:
            return self.attributes[name]
        spec = derived(name)
        if spec is None:
            return None
        source = self.column(spec.source)
        if source is None:
            return None
        values = map_distinct(spec.normalise, source)
        self.attributes[name] = values  # computed once per side
        return values

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        """``side[name]``: a standard column of :data:`SIDE_COLUMNS` as held (name
        columns with one column per reading), else :meth:`column`; ``KeyError``
        for a name the table does not have (a side is a mapping of column names
        to arrays)."""
        col: npt.NDArray[Any] | None = (
            getattr(self, name) if name in SIDE_COLUMNS else self.column(name)
        )
        if col is None:
            raise KeyError(name)
        return col

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        if name in SIDE_COLUMNS:
            return getattr(self, name) is not None
        return self.column(name) is not None

    def comparable(self, columns: Collection[str] = ()) -> npt.NDArray[np.bool_]:
        """Records with at least a name, an e-mail or a username, or a value in one
        of ``columns`` (those a spec's column comparisons read: a FEBRL-style record
        with only a postcode and a birth date is comparable on them)."""
        has_name = (self.family != "").any(axis=1) | (self.given != "").any(axis=1)
        out = has_name | (self.email != "") | (self.username != "")
        for name in columns:
            if name == "birth_date":
                out |= self.birth.any(axis=1)
                continue
            col = self.column(name)
            if col is not None and col.ndim == 1:
                out |= col != ""
        return np.asarray(out)


SIDE_COLUMNS = frozenset(
    f.name
    for f in fields(Side)
    if f.name not in {"ids", "platform", "scope", "attributes"}
)
"""The standard columns every side holds, by name: the vocabulary in which a
comparison kind declares what it reads
(:attr:`identitylink._engine.kinds.Evaluator.reads`)."""


@lru_cache(maxsize=CACHE_SIZE)
def _place(
    text: str, country: str, preferred: tuple[str, ...] = ()
) -> tuple[str, str, str]:
    """(city key, country, "1" when found in the gazetteer else "")."""
    if not text:
        return ("", "", "")
    p = normalize_place(text, country or None, preferred_countries=preferred)
    return (p.city_key or "", p.country or "", "1" if p.in_gazetteer else "")


def _username(text: str) -> str:
    return letters(text)[:HANDLE_LENGTH]


def _fold_or_empty(text: str) -> str:
    return fold(text) if text else ""


def _fold_column(values: Obj) -> Obj:
    """``fold`` of every value, all distinct values folded in one pass."""
    codes, uniques = factorize(values)
    texts = [str(u) for u in uniques]
    if any("\n" in t for t in texts):
        return column([_fold_or_empty(t) for t in texts])[codes]
    return column(fold_lines(texts))[codes]


def _postcode(text: str) -> str:
    return "".join(text.split()).lower()


def customer_phones(records: Sequence[Customer | SocialProfile] | ColumnRead) -> Obj:
    """The E.164 phone column of ``records`` alone (as :func:`build_side` with
    ``phones=True`` makes it), for a side built without phones."""
    raw = (
        raw_from_read(records, ())
        if isinstance(records, ColumnRead)
        else raw_columns(records, ())
    )
    return _phones(raw.phone, raw.phone_country)


def _place_reader(
    preferred: tuple[str, ...],
) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    def read(key: tuple[str, ...]) -> tuple[str, ...]:
        text, country = key
        return _place(text, country, preferred)

    return read


def preferred_countries(
    side: Side, share: float = PREFERRED_COUNTRY_SHARE
) -> tuple[str, ...]:
    """The countries of at least ``share`` of ``side``'s records, commonest first:
    where a bare city name in the other table most likely is."""
    known = side.country[side.country != ""]
    if len(known) == 0:
        return ()
    values, counts = np.unique(known.astype(str), return_counts=True)
    order = np.argsort(-counts, kind="stable")
    keep = counts[order] >= share * len(known)
    return tuple(str(v) for v in values[order][keep])


def _emails(texts: Obj) -> tuple[Obj, Obj]:
    """(canonical address, letters of its local part) columns; empty when invalid."""
    codes, uniques = factorize(texts)
    canonical = [e or "" for e in canonical_emails(list(uniques))]
    local = letters_lines([e.rsplit("@", 1)[0] for e in canonical])
    return column(canonical)[codes], column(local)[codes]


def _phones(texts: Obj, countries: Obj) -> Obj:
    codes, uniques = factorize_rows(texts, countries)
    pairs = list(uniques)
    e164 = normalize_phones([p[0] for p in pairs], [p[1] or None for p in pairs])
    return column([e or "" for e in e164])[codes]


def build_side(
    records: Sequence[Customer | SocialProfile] | ColumnRead,
    *,
    phones: bool = True,
    attributes: Collection[str] | None = None,
    preferred: tuple[str, ...] = (),
) -> Side:
    """Normalise ``records`` into columns (phones only when ``phones``: it is slow;
    only the named attribute columns, or all of them when ``attributes`` is None;
    a bare city name read in a ``preferred`` country where one has it)."""
    with gc_paused():  # millions of short-lived strings and tuples, no cycles
        return _build(records, phones, attributes, preferred)


def _build(
    records: Sequence[Customer | SocialProfile] | ColumnRead,
    phones: bool,
    attributes: Collection[str] | None,
    preferred: tuple[str, ...],
) -> Side:
    n = len(records)
    raw = (
        raw_from_read(records, attributes)
        if isinstance(records, ColumnRead)
        else raw_columns(records, attributes)
    )
    names = name_columns(raw, n)
    given, given_first, given_group, family, family_alt, phon, words, first_reading = (
        names
    )
    if isinstance(records, ColumnRead):
        middle_words_from_read(records, family, words)
    else:
        middle_words_as_family(records, family, words)
    place = _place_reader(preferred)
    city, country, city_ok = map_distinct_rows(place, 3, raw.place, raw.place_country)
    no_place = np.full(n, "", dtype=object)
    home, home_country, home_ok = map_distinct_rows(place, 3, raw.home, no_place)
    bio, _, bio_ok = map_distinct_rows(place, 3, raw.bio, no_place)
    from_bio = city == ""
    city = np.where(from_bio, bio, city)
    city_ok = np.where(from_bio, bio_ok, city_ok)
    country = np.where(
        raw.country != "", raw.country, np.where(country != "", country, home_country)
    )
    unresolved = (
        ((city != "") | (home != ""))
        & (city_ok == "")
        & (home_ok == "")
        & (country == "")
    )
    email, email_local = _emails(raw.email)
    codes, uniques = distinct_rows(
        (given_first[:, 0], family[:, 0], family_alt[:, 0]), first_reading
    )
    handles = handle_rows(uniques)
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
        family_words=words,
        email=email,
        email_local=email_local,
        username=map_distinct(_username, raw.username),
        handles=pad(handles, width)[codes],
        city=np.asarray(city, dtype=object),
        hometown=home,
        country=np.asarray(country, dtype=object),
        birth=raw.birth,
        handle_years=handle_years(raw.username, email),
        # A national number in a profile's bio is read in the profile's country.
        phone=_phones(
            raw.phone, np.where(raw.phone_country != "", raw.phone_country, country)
        )
        if phones
        else np.full(n, "", dtype=object),
        postcode=map_distinct(_postcode, raw.postcode),
        street=_fold_column(raw.street),
        attributes={a: _fold_column(v) for a, v in raw.attributes.items()},
        place_resolved=np.asarray(~unresolved, dtype=bool),
    )
