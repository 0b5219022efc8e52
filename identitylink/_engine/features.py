"""Records -> columns of normalised keys (numpy object/int arrays), once per run.

Every normalisation function is called once per *distinct* input value (values
repeat a lot: cities, given names, e-mail domains), then mapped back to rows.
Profiles get two name readings (as written, and swapped: "DUPONT Jean"), customers
one; comparisons take the better reading per pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink._engine.columns import (
    Int,
    Obj,
    RawColumns,
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
from identitylink._gc import gc_paused
from identitylink.normalize import (
    canonical_emails,
    fold,
    nickname_group,
    normalize_phones,
    normalize_place,
    phonetic_key,
)
from identitylink.normalize._fullname import PARTICLES
from identitylink.normalize._text import fold_lines, phonetic_key_of_folded
from identitylink.records import Customer, SocialProfile
from identitylink.sources._column_read import ColumnRead

__all__ = [
    "HANDLE_LENGTH",
    "Side",
    "build_side",
    "customer_phones",
    "preferred_countries",
]


HANDLE_LENGTH = 15
"""Handles and usernames are compared on their first 15 characters (X's limit)."""
MIN_HANDLE_LENGTH = 4
"""Shortest name-built handle kept: "jsmi" still points at a person, "js" at
thousands."""
PREFERRED_COUNTRY_SHARE = 0.01
"""A country is where bare city names most likely are once 1% of a table lives
there: a CRM's main markets, not its scattered expatriates."""
_CACHE_SIZE = 1 << 18
"""Distinct inputs each per-value normaliser remembers (262,144): the distinct
names of a customer table of a few hundred thousand rows fit, and the cache is
bounded when a larger one streams through."""

_NOT_LETTER = re.compile(r"[^a-z]+")


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

    def __getitem__(self, name: str) -> Obj:
        """``side[name]``: :meth:`column`, or ``KeyError`` for a name the table
        does not have (a side is a mapping of column names to arrays)."""
        col = self.column(name)
        if col is None:
            raise KeyError(name)
        return col

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.column(name) is not None

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


@lru_cache(maxsize=_CACHE_SIZE)
def _letters(text: str) -> str:
    if text.isascii():  # folding ASCII only lower-cases letters
        return _NOT_LETTER.sub("", text.lower())
    return _NOT_LETTER.sub("", fold(text))


@lru_cache(maxsize=_CACHE_SIZE)
def _given_key(text: str) -> tuple[str, str, str]:
    """(full given, first token, nickname group) of a given-name string."""
    folded = fold(text).replace("-", " ").replace("'", "") if text else ""
    tokens = [t for t in folded.split() if t]
    if not tokens:
        return ("", "", "")
    first = tokens[0]
    group = nickname_group(first) if len(first) > 1 else first
    return (" ".join(tokens), first, _letters(group) or first)


@lru_cache(maxsize=_CACHE_SIZE)
def _family_keys(text: str, particles: str = "") -> tuple[str, str, str, str]:
    """(full key, alternative key, phonetic key, words) of a family-name string."""
    full = _letters(f"{particles} {text}")
    tokens = [_letters(t) for t in fold(text).replace("-", " ").split()]
    tokens = [t for t in tokens if t]
    alt = tokens[0] if len(tokens) > 1 else ""
    if particles and tokens:
        alt = "".join(tokens)
    if alt == full:
        alt = ""
    phonetic = phonetic_key(full) if len(full) > 1 else full
    return (full, alt, phonetic, _words_key(tokens))


def _words_key(tokens: list[str]) -> str:
    """The words of a compound family name ("costa reis"), particles left out;
    empty for a one-word name."""
    words = [t for t in tokens if t not in PARTICLES and len(t) > 1]
    return " ".join(words) if len(words) > 1 else ""


def other_given_groups(given: Obj) -> list[tuple[int, int, str]]:
    """(row, reading, nickname group) of every given name after the first, for
    the cells of a (folded, space-separated) given-name column with several."""
    out: list[tuple[int, int, str]] = []
    rows, cols = np.nonzero(
        pd.Series(given.reshape(-1))
        .str.contains(" ", regex=False)
        .fillna(False)
        .to_numpy(dtype=bool)
        .reshape(given.shape)
    )
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        for token in str(given[r, c]).split()[1:]:
            if len(token) > 1:
                out.append((r, c, _given_key(token)[2]))
    return out


def _given_rows(texts: list[str]) -> list[tuple[str, str, str]]:
    """``_given_key`` of many texts at once: folded in one pass (``fold_lines``),
    each distinct first token looked up in the nickname tables once."""
    if not texts:
        return []
    if any("\n" in t for t in texts):
        return [_given_key(t) for t in texts]
    groups: dict[str, str] = {}
    out: list[tuple[str, str, str]] = []
    for folded in fold_lines(texts):
        tokens = folded.replace("-", " ").replace("'", "").split()
        if not tokens:
            out.append(("", "", ""))
            continue
        first = tokens[0]
        group = groups.get(first)
        if group is None:
            nick = nickname_group(first) if len(first) > 1 else first
            group = groups[first] = _letters(nick) or first
        out.append((" ".join(tokens), first, group))
    return out


_NOT_LETTER_OR_BREAK = re.compile(r"[^a-z \n]+")


def _family_rows(
    texts: list[str], particles: list[str]
) -> list[tuple[str, str, str, str]]:
    """``_family_keys`` of many (text, particles) at once: each text folded in one
    pass over all of them (``fold_lines``), letters kept by one regex."""
    if not texts:
        return []
    if any("\n" in t for t in texts) or any("\n" in p for p in particles):
        return [_family_keys(t, p) for t, p in zip(texts, particles, strict=True)]
    joined = [f"{p} {t}" for t, p in zip(texts, particles, strict=True)]
    fulls = _letters_lines(joined)
    words = _NOT_LETTER_OR_BREAK.sub("", "\n".join(fold_lines(texts)).replace("-", " "))
    out: list[tuple[str, str, str, str]] = []
    for full, particle, line in zip(fulls, particles, words.split("\n"), strict=True):
        tokens = line.split()
        alt = tokens[0] if len(tokens) > 1 else ""
        if particle and tokens:
            alt = "".join(tokens)
        if alt == full:
            alt = ""
        phonetic = phonetic_key_of_folded(full) if len(full) > 1 else full
        out.append((full, alt, phonetic, _words_key(tokens)))
    return out


def _letters_lines(texts: list[str]) -> list[str]:
    """``_letters`` of many texts without line breaks, in one pass over all."""
    if not texts:
        return []
    if any("\n" in t for t in texts):
        return [_letters(t) for t in texts]
    blob = "\n".join(texts)
    # As in ``_letters``: folding ASCII only lower-cases letters.
    blob = blob.lower() if blob.isascii() else "\n".join(fold_lines(texts))
    return _NOT_LETTER_BREAK.sub("", blob).split("\n")


_NOT_LETTER_BREAK = re.compile(r"[^a-z\n]+")


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
    return tuple(
        dict.fromkeys([h[:HANDLE_LENGTH] for h in out if len(h) >= MIN_HANDLE_LENGTH])
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _place(
    text: str, country: str, preferred: tuple[str, ...] = ()
) -> tuple[str, str, str]:
    """(city key, country, "1" when found in the gazetteer else "")."""
    if not text:
        return ("", "", "")
    p = normalize_place(text, country or None, preferred_countries=preferred)
    return (p.city_key or "", p.country or "", "1" if p.in_gazetteer else "")


def _username(text: str) -> str:
    return _letters(text)[:HANDLE_LENGTH]


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


def _handle_rows(keys: Obj) -> list[tuple[str, ...]]:
    """``_handles`` of many (given first token, family, family alt) keys, the
    letters of the given tokens taken in one pass."""
    letters = _letters_lines([str(k[0]) for k in keys])
    out: list[tuple[str, ...]] = []
    for g, (_, family, alt) in zip(letters, keys, strict=True):
        if not g:
            out.append(())
            continue
        first = g[0]
        made: list[str] = []
        for f in (family, alt) if alt and alt != family else (family,):
            if f:
                made += (g + f, f + g, first + f, f + first, g + f[0])
        cut = [h[:HANDLE_LENGTH] for h in made if len(h) >= MIN_HANDLE_LENGTH]
        out.append(tuple(dict.fromkeys(cut)))
    return out


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
    local = _letters_lines([e.rsplit("@", 1)[0] for e in canonical])
    return column(canonical)[codes], column(local)[codes]


def _phones(texts: Obj, countries: Obj) -> Obj:
    codes, uniques = factorize_rows(texts, countries)
    pairs = list(uniques)
    e164 = normalize_phones([p[0] for p in pairs], [p[1] or None for p in pairs])
    return column([e or "" for e in e164])[codes]


_Names = tuple[Obj, Obj, Obj, Obj, Obj, Obj, Obj, list[tuple[Int, Obj]]]


def _names(raw: RawColumns, n: int) -> _Names:
    """The name columns, and (codes, distinct values) of the first reading's
    given_first, family and family_alt columns (for the handles)."""
    width = len(raw.names)
    cols = [np.full((n, width), "", dtype=object) for _ in range(7)]
    first_reading: list[tuple[Int, Obj]] = []
    for j, (given, family, particles) in enumerate(raw.names):
        g_codes, uniques = factorize(given)
        rows = _given_rows([str(u) for u in uniques])
        for c in range(3):
            cols[c][:, j] = column([r[c] for r in rows])[g_codes]
        f_codes, pairs = factorize_rows(family, particles)
        rows_f = _family_rows([u[0] for u in pairs], [u[1] for u in pairs])
        for c in range(4):
            cols[3 + c][:, j] = column([r[c] for r in rows_f])[f_codes]
        if j == 0:  # codes of the output keys, from the few distinct inputs
            keys = ((rows, g_codes, 1), (rows_f, f_codes, 0), (rows_f, f_codes, 1))
            for at, codes, c in keys:  # given_first, family, family_alt
                k_codes, k_uniques = factorize(column([r[c] for r in at]))
                first_reading.append((k_codes[codes], k_uniques))
    given, first, group, family, alt, phonetic, words = cols
    return (given, first, group, family, alt, phonetic, words, first_reading)


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
    names = _names(raw, n)
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
    handles = _handle_rows(uniques)
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
