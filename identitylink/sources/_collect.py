"""Checking fields and collecting bad records: the ``errors="raise" | "collect"`` logic.

Every reader checks its fields with :func:`check_text` (size cap, control characters)
and reports a bad record once through an :class:`ErrorCollector`, which either raises
:class:`~identitylink.exceptions.InvalidRecordError` at once or keeps the error and
lets the reader skip the record.
"""

from __future__ import annotations

import re
from typing import Any

from identitylink.exceptions import (
    ConfigurationError,
    EmptyInputError,
    InvalidRecordError,
)
from identitylink.normalize._email import email_problem
from identitylink.records import RecordError
from identitylink.types import ErrorMode

__all__ = [
    "MAX_FIELD_CHARS",
    "MAX_RECORD_CHARS",
    "ErrorCollector",
    "FieldProblem",
    "check_text",
    "find_control",
    "json_id",
    "optional_email",
    "optional_text",
]

MAX_FIELD_CHARS = 10_000
"""Longest text accepted in one field (a bio is 160 characters, an address < 500)."""

MAX_RECORD_CHARS = 1_000_000
"""Longest JSON line accepted (real user objects are a few kilobytes)."""

# C0 controls and DEL, except tab, line feed and carriage return; and lone
# surrogates (from a JSON "\ud800" escape or in-memory text), which are no text:
# no UTF-8 file or database can hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class FieldProblem(Exception):
    """A field of one record is unusable; the reader turns it into a RecordError."""

    def __init__(
        self, field: str | None, reason: str, value: str | None = None
    ) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.value = value


def find_control(text: str) -> str | None:
    """The first control character (other than tab, CR, LF) or lone surrogate in
    ``text``, or None."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def check_text(value: str, field: str) -> str:
    """Refuse an oversized value or one holding a control character; return it."""
    if len(value) > MAX_FIELD_CHARS:
        raise FieldProblem(
            field, f"is {len(value):,} characters long (limit {MAX_FIELD_CHARS:,})"
        )
    if value.isprintable():  # the common case, checked in C
        return value
    found = _CONTROL.search(value)
    if found is not None:
        code = ord(found.group())
        what = "a lone surrogate" if code >= 0xD800 else "the control character"
        raise FieldProblem(field, f"contains {what} U+{code:04X}")
    return value


def optional_text(
    record: dict[str, Any], key: str, field: str | None = None
) -> str | None:
    """A JSON record's string field, stripped; None when absent, null or blank."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldProblem(
            field or key, f"expected a string, got {_json_type(value)} {value!r:.40}"
        )
    value = value.strip()
    return check_text(value, field or key) if value else None


def optional_email(
    record: dict[str, Any], key: str, soft: list[FieldProblem]
) -> str | None:
    """:func:`optional_text` of an e-mail field; a value that is no address is read
    as None, its problem added to ``soft``."""
    value = optional_text(record, key)
    if value is None:
        return None
    reason = email_problem(value)
    if reason is not None:
        soft.append(FieldProblem(key, f"is not an e-mail address: {reason}", value))
        return None
    return value


def json_id(value: Any, field: str) -> str:
    """A platform id from JSON: a string, or an integer (exact, as Python parses it)."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise FieldProblem(field, "is empty")
        return check_text(value, field)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is None:
        raise FieldProblem(field, "is missing")
    raise FieldProblem(field, f"expected a string id, got {_json_type(value)}")


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string" if isinstance(value, str) else type(value).__name__


class ErrorCollector:
    """Report bad records for one source: raise at once, or keep each error once."""

    def __init__(self, source: str, mode: ErrorMode) -> None:
        if mode not in ("raise", "collect"):
            raise ConfigurationError(
                f"errors must be 'raise' or 'collect', not {mode!r}"
            )
        self.source = source
        self.mode = mode
        self.errors: list[RecordError] = []
        self.warnings: list[RecordError] = []

    def warn(
        self, problem: FieldProblem, *, line: int | None, record_id: str | None
    ) -> None:
        """Report a value read as missing, its record kept (raises if ``raise``)."""
        error = RecordError(
            source=self.source,
            line=line,
            record_id=record_id,
            field=problem.field,
            reason=problem.reason,
            value=None if problem.value is None else problem.value[:200],
        )
        if self.mode == "raise":
            raise InvalidRecordError(error)
        self.warnings.append(error)

    def add(
        self,
        reason: str,
        *,
        line: int | None = None,
        record_id: str | None = None,
        field: str | None = None,
    ) -> None:
        """Report one bad record (raises InvalidRecordError in ``raise`` mode)."""
        error = RecordError(
            source=self.source,
            line=line,
            record_id=record_id,
            field=field,
            reason=reason,
        )
        if self.mode == "raise":
            raise InvalidRecordError(error)
        self.errors.append(error)

    def problem(
        self, problem: FieldProblem, *, line: int | None, record_id: str | None
    ) -> None:
        """Report a :class:`FieldProblem` found in one record."""
        self.add(problem.reason, line=line, record_id=record_id, field=problem.field)

    def empty(self, reason: str) -> None:
        """The whole input holds no records: raise EmptyInputError or note it once."""
        if self.mode == "raise":
            raise EmptyInputError(f"{self.source}: {reason}")
        self.errors.append(RecordError(source=self.source, reason=reason))
