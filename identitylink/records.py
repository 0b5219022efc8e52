"""Validated input records: what the readers produce and the linker consumes.

Records are frozen pydantic models that refuse unknown fields. Ids are always strings
(a numeric X id above 2**53 would lose digits as a float).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, field_validator, model_validator

from identitylink.exceptions import EmptyInputError
from identitylink.types import Platform

__all__ = [
    "Customer",
    "PartialDate",
    "Place",
    "ReadResult",
    "RecordError",
    "SocialProfile",
]


class PartialDate(BaseModel, frozen=True, extra="forbid"):
    """A date of which any part may be unknown: ``--07-26`` (no year) or ``1985`` alone.

    Facebook's Graph API gives birthdays as ``MM/DD/YYYY``, ``MM/DD`` or ``YYYY``;
    CRMs mostly give full dates. Impossible dates (02/30) are refused.
    """

    year: int | None = Field(default=None, ge=1850, le=2100)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _check_calendar(self) -> PartialDate:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.year is None and self.month is None:
            raise ValueError("a date needs at least a year or a month and day")
        if self.day is not None and self.month is not None:
            # 29 February is valid without a year (a leap-year birthday).
            year = self.year if self.year is not None else 2000
            if self.day > calendar.monthrange(year, self.month)[1]:
                raise ValueError(
                    f"day {self.day} does not exist in month {self.month}"
                    + (f" of {self.year}" if self.year else "")
                )
        return self

    def isoformat(self) -> str:
        """ISO 8601 with missing parts as ``-`` (``--07-26``, ``1985``, ``1985-07``)."""
        if self.year is not None and self.month is None:
            return f"{self.year:04d}"
        y = f"{self.year:04d}" if self.year is not None else "-"
        s = f"{y}-{self.month:02d}"
        return s if self.day is None else f"{s}-{self.day:02d}"


class Place(BaseModel, frozen=True, extra="forbid"):
    """A structured place as a platform gives it (Facebook ``location``)."""

    name: str
    id: str | None = None


class Customer(BaseModel, frozen=True, extra="forbid"):
    """One customer of the CRM.

    ``given_names`` and ``family_names`` are lists because people have several
    ("María José", "García López"); particles ("van der", "de") are kept apart so that
    names compare with and without them. ``full_name`` keeps the text as the CRM gave
    it when it came as one column. Columns the mapping did not claim are kept in
    ``attributes``.
    """

    customer_id: str = Field(min_length=1, max_length=256)
    given_names: tuple[str, ...] = ()
    family_names: tuple[str, ...] = ()
    name_particles: tuple[str, ...] = ()
    full_name: str | None = None
    email: str | None = None
    phone: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    birth_date: PartialDate | None = None
    attributes: dict[str, str] = Field(default_factory=dict)

    @field_validator("customer_id", mode="before")
    @classmethod
    def _id_as_string(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("an id must be a string, not a boolean")
        if isinstance(value, int):
            return str(value)
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _upper_country(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value


class SocialProfile(BaseModel, frozen=True, extra="forbid"):
    """One social profile (an X user or a Facebook user) as the platform described it.

    Platform ids are only unique within their scope: an X id is global, a Facebook
    app-scoped id (ASID) is unique within one app, and a Messenger page-scoped id (PSID)
    only within one Page. ``scope`` records which (``"global"``, ``"app:<app id>"``,
    ``"page:<page id>"``); ``key`` is the triple that identifies the profile.
    """

    platform: Platform
    profile_id: str = Field(min_length=1, max_length=64)
    scope: str = "global"
    display_name: str | None = None
    username: str | None = None
    given_name: str | None = None
    middle_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    birthday: PartialDate | None = None
    location_text: str | None = None
    location: Place | None = None
    hometown: Place | None = None
    description: str | None = None
    url: str | None = None
    raw: dict[str, Any] = Field(default_factory=dict, repr=False)
    source: str | None = None
    fetched_at: datetime | None = None

    @field_validator("profile_id", mode="before")
    @classmethod
    def _id_as_string(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("an id must be a string, not a boolean")
        if isinstance(value, int):
            return str(value)
        return value

    @property
    def key(self) -> tuple[str, str, str]:
        """``(platform, scope, profile_id)``: what identifies this profile."""
        return (self.platform, self.scope, self.profile_id)


class RecordError(BaseModel, frozen=True, extra="forbid"):
    """A bad input record, or a bad value read as missing: where, and what is wrong.

    In :attr:`ReadResult.errors` the record was skipped; in
    :attr:`ReadResult.warnings` the record was kept, and ``value`` was dropped (or,
    for text that looks broken, kept as read).
    """

    source: str
    line: int | None = None
    record_id: str | None = None
    field: str | None = None
    reason: str
    value: str | None = None
    """The offending value as read, when one field is to blame (at most 200 chars)."""

    def __str__(self) -> str:
        where = self.source + (f":{self.line}" if self.line is not None else "")
        who = f" record {self.record_id!r}" if self.record_id else ""
        what = f" field {self.field!r}" if self.field else ""
        value = f" value {self.value!r}" if self.value is not None else ""
        return f"{where}{who}{what}{value}: {self.reason}"


T = TypeVar("T", Customer, SocialProfile)


@dataclass(frozen=True)
class ReadResult(Generic[T]):
    """What a reader returns: the good records, the bad ones reported, and notes.

    Iterating over a ``ReadResult`` yields its records. ``columns`` is the column
    mapping a CRM reader used (canonical field -> source column), so that the choice
    made by auto-detection can be shown to the user. ``encoding`` says how a file was
    decoded, so that a detected legacy encoding (``cp1252``) is never silent.
    """

    records: Sequence[T]
    errors: Sequence[RecordError] = ()
    source: str = "<memory>"
    columns: dict[str, str] = field(default_factory=dict)
    kind: Literal["crm", "twitter", "facebook"] = "crm"
    encoding: str | None = None
    """The text encoding the file was read with (``None`` for in-memory input)."""
    warnings: Sequence[RecordError] = ()
    """Values that could not be used and were read as missing, values that look
    broken and were kept as read, and lines that were not valid UTF-8; their
    record is kept."""
    repaired_values: int = 0
    """Values whose mojibake ("LÃ¶vstrÃ¶m") was repaired ("Lövström")."""
    suspect_values: int = 0
    """Values that still look broken (a lost byte, U+FFFD), kept as read and warned."""
    recoded_lines: int = 0
    """Lines of a UTF-8 file that were not valid UTF-8, read as cp1252 and warned."""

    def __iter__(self) -> Iterator[T]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    @classmethod
    def merge(cls, results: Sequence[ReadResult[T]]) -> ReadResult[T]:
        """Several results as one, e.g. the X and the Facebook file of one run.

        Records, errors and warnings are concatenated in order and the counts
        added up; the sources are joined with ``+``. ``kind``, ``columns`` and
        ``encoding`` are the first result's (they describe one file)."""
        if not results:
            return cls(records=[])
        return cls(
            records=[r for res in results for r in res.records],
            **merged_read_notes(results),
        )

    def require_records(self, what: str) -> ReadResult[T]:
        """This result, or :class:`~identitylink.EmptyInputError` when it holds no
        record: "``source`` holds no usable ``what``", with its first three errors
        (a file whose every row was refused is a wrong file, not an empty run)."""
        if self.records:
            return self
        detail = "; ".join(str(e) for e in self.errors[:3]) or "no rows"
        raise EmptyInputError(f"{self.source} holds no usable {what} ({detail})")


def merged_read_notes(reads: Sequence[Any]) -> dict[str, Any]:
    """What several reads say of themselves, as one (for :meth:`ReadResult.merge`
    and ``ColumnRead.concat``): errors and warnings in order, the counts added up,
    the sources joined with ``+``; ``kind``, ``columns`` and ``encoding`` are the
    first read's (they describe one file)."""
    first = reads[0]
    return {
        "errors": [e for r in reads for e in r.errors],
        "source": "+".join(r.source for r in reads),
        "columns": dict(first.columns),
        "kind": first.kind,
        "encoding": first.encoding,
        "warnings": [w for r in reads for w in r.warnings],
        "repaired_values": sum(r.repaired_values for r in reads),
        "suspect_values": sum(r.suspect_values for r in reads),
        "recoded_lines": sum(r.recoded_lines for r in reads),
    }
