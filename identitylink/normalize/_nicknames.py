"""Given names and their nicknames in eighteen languages (``data/nicknames_*.csv``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from identitylink.normalize._text import fold, fold_variants

__all__ = ["given_name_keys", "nickname_group", "nickname_languages"]

_DATA_PACKAGE = "identitylink.normalize"
_FILE_PREFIX = "nicknames_"


@dataclass(frozen=True, slots=True)
class _Nicknames:
    """Folded nickname -> its canonical full forms, most common first."""

    canonicals: dict[str, tuple[str, ...]]
    full_names: frozenset[str]
    languages: frozenset[str]


# Order in which the tables are read: when a nickname belongs to several languages
# ("Manu": Emmanuel in French, Manuel in Spanish), the earlier language's full name
# becomes its blocking group. Languages not listed come after, alphabetically.
_LANGUAGE_ORDER = ("en", "fr", "de", "es", "it", "nl", "pt", "pl", "ca")


def _language_rank(entry: resources.abc.Traversable) -> tuple[int, str]:
    code = entry.name.removeprefix(_FILE_PREFIX).removesuffix(".csv")
    rank = (
        _LANGUAGE_ORDER.index(code) if code in _LANGUAGE_ORDER else len(_LANGUAGE_ORDER)
    )
    return rank, code


def _rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return list(csv.reader(io.StringIO("\n".join(lines))))


@cache
def _load() -> _Nicknames:
    mapping: dict[str, list[str]] = {}
    full_names: set[str] = set()
    languages: set[str] = set()
    folder = resources.files(_DATA_PACKAGE).joinpath("data")
    files = [
        entry
        for entry in folder.iterdir()
        if entry.name.startswith(_FILE_PREFIX) and entry.name.endswith(".csv")
    ]
    for entry in sorted(files, key=_language_rank):
        for row in _rows(entry.read_text(encoding="utf-8")):
            if len(row) < 3 or row[0].strip() == "nickname":
                continue
            nickname, canonical, language = (cell.strip() for cell in row[:3])
            nick_key, canon_key = fold(nickname), fold(canonical)
            if not nick_key or not canon_key:
                continue
            languages.add(language)
            full_names.add(canon_key)
            if nick_key == canon_key:
                continue
            targets = mapping.setdefault(nick_key, [])
            if canon_key not in targets:
                targets.append(canon_key)
    return _Nicknames(
        canonicals={k: tuple(v) for k, v in mapping.items()},
        full_names=frozenset(full_names),
        languages=frozenset(languages),
    )


def nickname_languages() -> frozenset[str]:
    """Languages covered by the shipped nickname tables (ISO 639-1 codes)."""
    return _load().languages


def _compound_forms(folded: str) -> set[str]:
    forms = {folded}
    if " " in folded or "-" in folded:
        spaced = folded.replace("-", " ")
        forms.add(spaced)
        forms.add(spaced.replace(" ", "-"))
        forms.add(spaced.replace(" ", ""))
    return forms


@lru_cache(maxsize=1 << 16)
def given_name_keys(given: str) -> frozenset[str]:
    """Folded forms of a given name plus the full names it is a nickname of.

    "Bob" -> {"bob", "robert"}; "Kasia" -> {"kasia", "katarzyna"};
    "Jean-Pierre" -> {"jean-pierre", "jean pierre", "jeanpierre"}; an ambiguous
    nickname gives every full name ("Alex" -> alexander, alexandra, alexis ...).

    >>> sorted(given_name_keys("Bob"))
    ['bob', 'robert']
    """
    table = _load()
    keys: set[str] = set()
    for variant in fold_variants(" ".join(given.split())):
        keys |= _compound_forms(variant)
    for key in list(keys):
        keys.update(table.canonicals.get(key, ()))
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=1 << 16)
def nickname_group(given: str) -> str:
    """One stable key per given name for blocking: the most common full form.

    "Bob" -> "robert", "Robert" -> "robert", "Peppe" -> "giuseppe"; a name not in
    the tables gives ``fold(name)`` (compound names joined with "-").

    >>> nickname_group("Bobby")
    'robert'
    """
    folded = fold(given).replace(" ", "-")
    if not folded:
        return ""
    table = _load()
    seen = {folded}
    current = folded
    for _ in range(3):
        targets = table.canonicals.get(current)
        if not targets or targets[0] in seen:
            break
        current = targets[0]
        seen.add(current)
    return current
