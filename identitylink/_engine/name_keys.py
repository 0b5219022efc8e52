"""Name keys: the given-name, family-name and handle columns of a side.

Given names become (full, first token, nickname group); family names (full key,
alternative key, phonetic key, words of a compound); the first reading's given
token and family keys become the handles people build from their names
(``jdupont``, ``dupontj``). Every function here is pure and called once per
distinct value; the ``*_rows`` forms fold many values in one pass and give what
the per-value forms give (tests/test_fast_paths.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from identitylink._engine.columns import (
    Int,
    Obj,
    RawColumns,
    column,
    factorize,
    factorize_rows,
)
from identitylink.normalize import fold, nickname_group, phonetic_key
from identitylink.normalize._fullname import PARTICLES
from identitylink.normalize._text import fold_lines, phonetic_key_of_folded

__all__ = [
    "CACHE_SIZE",
    "HANDLE_LENGTH",
    "NameColumns",
    "family_keys",
    "family_rows",
    "given_key",
    "given_rows",
    "handle_rows",
    "handles",
    "letters",
    "letters_lines",
    "name_columns",
    "other_given_groups",
]

HANDLE_LENGTH = 15
"""Handles and usernames are compared on their first 15 characters (X's limit)."""
MIN_HANDLE_LENGTH = 4
"""Shortest name-built handle kept: "jsmi" still points at a person, "js" at
thousands."""
CACHE_SIZE = 1 << 18
"""Distinct inputs each per-value normaliser remembers (262,144): the distinct
names of a customer table of a few hundred thousand rows fit, and the cache is
bounded when a larger one streams through."""

_NOT_LETTER = re.compile(r"[^a-z]+")


@lru_cache(maxsize=CACHE_SIZE)
def letters(text: str) -> str:
    if text.isascii():  # folding ASCII only lower-cases letters
        return _NOT_LETTER.sub("", text.lower())
    return _NOT_LETTER.sub("", fold(text))


@lru_cache(maxsize=CACHE_SIZE)
def given_key(text: str) -> tuple[str, str, str]:
    """(full given, first token, nickname group) of a given-name string."""
    folded = fold(text).replace("-", " ").replace("'", "") if text else ""
    tokens = [t for t in folded.split() if t]
    if not tokens:
        return ("", "", "")
    first = tokens[0]
    group = nickname_group(first) if len(first) > 1 else first
    return (" ".join(tokens), first, letters(group) or first)


@lru_cache(maxsize=CACHE_SIZE)
def family_keys(text: str, particles: str = "") -> tuple[str, str, str, str]:
    """(full key, alternative key, phonetic key, words) of a family-name string."""
    full = letters(f"{particles} {text}")
    tokens = [letters(t) for t in fold(text).replace("-", " ").split()]
    tokens = [t for t in tokens if t]
    alt = _alternative(full, tokens, particles)
    phonetic = phonetic_key(full) if len(full) > 1 else full
    return (full, alt, phonetic, words_key(tokens))


def _alternative(full: str, tokens: list[str], particles: str) -> str:
    """The other exact key of a family name: without its particles, else the
    first of several words; empty when it would be the full key."""
    alt = tokens[0] if len(tokens) > 1 else ""
    if particles and tokens:
        alt = "".join(tokens)
    return "" if alt == full else alt


def words_key(tokens: list[str]) -> str:
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
                out.append((r, c, given_key(token)[2]))
    return out


def given_rows(texts: list[str]) -> list[tuple[str, str, str]]:
    """``given_key`` of many texts at once: folded in one pass (``fold_lines``),
    each distinct first token looked up in the nickname tables once."""
    if not texts:
        return []
    if any("\n" in t for t in texts):
        return [given_key(t) for t in texts]
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
            group = groups[first] = letters(nick) or first
        out.append((" ".join(tokens), first, group))
    return out


_NOT_LETTER_OR_BREAK = re.compile(r"[^a-z \n]+")


def family_rows(
    texts: list[str], particles: list[str]
) -> list[tuple[str, str, str, str]]:
    """``family_keys`` of many (text, particles) at once: each text folded in one
    pass over all of them (``fold_lines``), letters kept by one regex."""
    if not texts:
        return []
    if any("\n" in t for t in texts) or any("\n" in p for p in particles):
        return [family_keys(t, p) for t, p in zip(texts, particles, strict=True)]
    joined = [f"{p} {t}" for t, p in zip(texts, particles, strict=True)]
    fulls = letters_lines(joined)
    words = _NOT_LETTER_OR_BREAK.sub("", "\n".join(fold_lines(texts)).replace("-", " "))
    out: list[tuple[str, str, str, str]] = []
    for full, particle, line in zip(fulls, particles, words.split("\n"), strict=True):
        tokens = line.split()
        alt = _alternative(full, tokens, particle)
        phonetic = phonetic_key_of_folded(full) if len(full) > 1 else full
        out.append((full, alt, phonetic, words_key(tokens)))
    return out


def letters_lines(texts: list[str]) -> list[str]:
    """``letters`` of many texts without line breaks, in one pass over all."""
    if not texts:
        return []
    if any("\n" in t for t in texts):
        return [letters(t) for t in texts]
    blob = "\n".join(texts)
    # As in ``letters``: folding ASCII only lower-cases letters.
    blob = blob.lower() if blob.isascii() else "\n".join(fold_lines(texts))
    return _NOT_LETTER_BREAK.sub("", blob).split("\n")


_NOT_LETTER_BREAK = re.compile(r"[^a-z\n]+")


def handles(given_first: str, family: str, family_first: str) -> tuple[str, ...]:
    g = letters(given_first)
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


def handle_rows(keys: Obj) -> list[tuple[str, ...]]:
    """``handles`` of many (given first token, family, family alt) keys, the
    letters of the given tokens taken in one pass."""
    letters = letters_lines([str(k[0]) for k in keys])
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


NameColumns = tuple[Obj, Obj, Obj, Obj, Obj, Obj, Obj, list[tuple[Int, Obj]]]


def name_columns(raw: RawColumns, n: int) -> NameColumns:
    """The name columns, and (codes, distinct values) of the first reading's
    given_first, family and family_alt columns (for the handles)."""
    width = len(raw.names)
    cols = [np.full((n, width), "", dtype=object) for _ in range(7)]
    first_reading: list[tuple[Int, Obj]] = []
    for j, (given, family, particles) in enumerate(raw.names):
        g_codes, uniques = factorize(given)
        rows = given_rows([str(u) for u in uniques])
        for c in range(3):
            cols[c][:, j] = column([r[c] for r in rows])[g_codes]
        f_codes, pairs = factorize_rows(family, particles)
        rows_f = family_rows([u[0] for u in pairs], [u[1] for u in pairs])
        for c in range(4):
            cols[3 + c][:, j] = column([r[c] for r in rows_f])[f_codes]
        if j == 0:  # codes of the output keys, from the few distinct inputs
            keys = ((rows, g_codes, 1), (rows_f, f_codes, 0), (rows_f, f_codes, 1))
            for at, codes, c in keys:  # given_first, family, family_alt
                k_codes, k_uniques = factorize(column([r[c] for r in at]))
                first_reading.append((k_codes[codes], k_uniques))
    given, first, group, family, alt, phonetic, words = cols
    return (given, first, group, family, alt, phonetic, words, first_reading)
