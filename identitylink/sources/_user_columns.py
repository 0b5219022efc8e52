"""The column-wise fast path of the JSON readers.

Reading 100,000 user objects one field-checking function call at a time is most of
the cost of ``read_twitter`` and ``read_facebook``. :class:`UserColumns` instead reads
one key of every object at a time, checks the whole column with a few C-level
passes, and marks as *slow* every row it cannot vouch for (a wrong type, a control
character, an oversized value, a rarely used key). The readers build the other rows
from the columns and send the slow ones through their per-record code, which reports
the same errors it always did: the fast path never decides that a record is bad.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat
from typing import Any

from identitylink.normalize._email import email_problem
from identitylink.records import RecordError
from identitylink.sources._collect import (
    MAX_FIELD_CHARS,
    ErrorCollector,
    find_control,
)

__all__ = ["DeferredErrors", "UserColumns", "report"]

_ODD = object()  # a value that is neither a string nor null


class UserColumns:
    """Columns of cleaned values over a list of JSON objects, and the slow rows."""

    def __init__(self, users: list[dict[str, Any]], longest_line: int) -> None:
        self.users = users
        self.count = len(users)
        self.keys: set[str] = set().union(*users) if users else set()
        self.slow: set[int] = set()
        self.none: list[Any] = [None] * self.count
        self._short = longest_line <= MAX_FIELD_CHARS

    def slow_if_present(self, *keys: str) -> None:
        """Send every row holding one of ``keys`` through the per-record code."""
        for key in keys:
            if key in self.keys:
                self.slow.update(i for i, user in enumerate(self.users) if key in user)

    def raw(self, key: str) -> list[Any]:
        """The values of ``key`` (None when absent), as parsed."""
        if key not in self.keys:
            return self.none
        return list(map(dict.get, self.users, repeat(key)))

    def text(self, key: str) -> list[str | None]:
        """Strings of ``key`` stripped, blank ones None; other rows are marked slow."""
        if key not in self.keys:
            return self.none
        # One pass: strings stripped, None kept, anything else marked _ODD.
        out: list[Any] = [
            (v.strip() or None)
            if v.__class__ is str
            else (_ODD if v is not None else v)
            for v in map(dict.get, self.users, repeat(key))
        ]
        if _ODD in out:  # a number, a list, ...: the per-record code says what
            self._mark(i for i, v in enumerate(out) if v is _ODD)
            out = [None if v is _ODD else v for v in out]
        if not self._short and max(map(len, filter(None, out)), default=0) > (
            MAX_FIELD_CHARS
        ):
            self._mark(i for i, v in enumerate(out) if v and len(v) > MAX_FIELD_CHARS)
        if not all(map(str.isprintable, filter(None, out))):
            self._mark(
                i
                for i, v in enumerate(out)
                if v and not v.isprintable() and find_control(v) is not None
            )
        return out

    def emails(self, key: str) -> list[str | None]:
        """:meth:`text` of an e-mail key; rows whose value is no address are slow
        (the per-record code reads it as missing, with a warning)."""
        values = self.text(key)
        bad = {v for v in set(values) if v is not None and email_problem(v)}
        if bad:
            self._mark(i for i, v in enumerate(values) if v in bad)
        return values

    def digits(self, key: str, longest: int) -> list[str | None]:
        """An id column: rows whose id is not 1 to ``longest`` ASCII digits are slow."""
        ids = self.text(key)
        self._mark(
            i
            for i, v in enumerate(ids)
            if v is None or not (v.isdigit() and v.isascii() and len(v) <= longest)
        )
        return ids

    def _mark(self, rows: Iterable[int]) -> None:
        self.slow.update(rows)


class DeferredErrors(ErrorCollector):
    """Collects errors found while parsing, to be reported in line order later.

    ``empty`` still acts at once (an empty file has nothing else to report).
    """

    def __init__(self, target: ErrorCollector) -> None:
        super().__init__(target.source, "collect")
        self.target = target

    def empty(self, reason: str) -> None:
        self.target.empty(reason)

    def pending(self) -> list[tuple[int | None, RecordError]]:
        """The errors kept, each with its line."""
        return [(error.line, error) for error in self.errors]


def report(collector: ErrorCollector, error: RecordError) -> None:
    """Report a kept error through ``collector`` (raising in ``raise`` mode)."""
    collector.add(
        error.reason, line=error.line, record_id=error.record_id, field=error.field
    )
