"""``ColumnRead``: what the column readers return, one array per field.

The batch path of :class:`~identitylink.Linker` reads a whole file into columns
(a pandas DataFrame of the fields a record would have) without building one
pydantic object per record. The values, errors and warnings are those of the
per-record readers on the same input; only their shape differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from identitylink.exceptions import ConfigurationError, EmptyInputError
from identitylink.records import PartialDate, RecordError, merged_read_notes

__all__ = [
    "CUSTOMER_COLUMNS",
    "PROFILE_COLUMNS",
    "ColumnRead",
    "birth_columns",
]

CUSTOMER_COLUMNS = (
    "customer_id",
    "given_names",
    "family_names",
    "name_particles",
    "full_name",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "country",
    "birth_year",
    "birth_month",
    "birth_day",
)
"""The columns of a CRM :class:`ColumnRead`: the :class:`~identitylink.Customer`
fields, names as tuples, the birth date as three integers (0 when unknown)."""

PROFILE_COLUMNS = (
    "platform",
    "profile_id",
    "scope",
    "display_name",
    "username",
    "given_name",
    "middle_name",
    "family_name",
    "email",
    "birth_year",
    "birth_month",
    "birth_day",
    "location_text",
    "location",
    "location_id",
    "hometown",
    "hometown_id",
    "description",
    "url",
)
"""The columns of a profile :class:`ColumnRead`: the
:class:`~identitylink.SocialProfile` fields (``location`` and ``hometown`` as
their names, with ``*_id``), the birthday as three integers (0 when unknown)."""

Kind = Literal["crm", "twitter", "facebook"]


def birth_columns(dates: Sequence[PartialDate | None]) -> dict[str, Any]:
    """``birth_year``, ``birth_month`` and ``birth_day`` (int32, 0 when unknown)
    of a column of dates; each distinct date object is read once."""
    codes, uniques = pd.factorize(
        pd.Series(np.asarray([id(d) for d in dates], dtype=np.int64))
    )
    by_id = {id(d): d for d in dates}
    parts = np.zeros((len(uniques) + 1, 3), dtype=np.int32)
    for k, key in enumerate(uniques.tolist()):
        d = by_id[key]
        if d is not None:
            parts[k] = (d.year or 0, d.month or 0, d.day or 0)
    at = np.asarray(codes, dtype=np.intp)
    return {
        "birth_year": parts[at, 0],
        "birth_month": parts[at, 1],
        "birth_day": parts[at, 2],
    }


@dataclass(frozen=True)
class ColumnRead:
    """What a column reader returns: the good records as columns, the bad ones
    reported, and notes, as in :class:`~identitylink.ReadResult`.

    ``frame`` holds one row per good record, in input order, with the columns
    :data:`CUSTOMER_COLUMNS` (a CRM) or :data:`PROFILE_COLUMNS` (profiles); text
    is ``None`` where the record has no value. ``attributes`` holds a CRM's
    columns that no field claimed (one column each, ``None`` where empty), as
    :attr:`Customer.attributes <identitylink.Customer.attributes>` holds them.
    ``errors``, ``warnings`` and the counts are those the per-record reader
    reports on the same input. ``len()`` is the number of records.
    """

    frame: pd.DataFrame
    errors: Sequence[RecordError] = ()
    source: str = "<memory>"
    columns: dict[str, str] = field(default_factory=dict)
    kind: Kind = "crm"
    encoding: str | None = None
    warnings: Sequence[RecordError] = ()
    repaired_values: int = 0
    suspect_values: int = 0
    recoded_lines: int = 0
    attributes: pd.DataFrame | None = None

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def is_crm(self) -> bool:
        """Whether the rows are CRM customers (else social profiles)."""
        return "customer_id" in self.frame.columns

    @classmethod
    def concat(cls, reads: Sequence[ColumnRead]) -> ColumnRead:
        """Several reads as one, e.g. the X and the Facebook file of one run (what
        :meth:`ReadResult.merge <identitylink.ReadResult.merge>` does for records).

        Rows, errors and warnings are concatenated in order, the counts added up
        and the sources joined with ``+``; ``kind``, ``columns`` and ``encoding``
        are the first read's. CRM reads and profile reads do not mix."""
        if not reads:
            return cls(frame=pd.DataFrame(columns=list(PROFILE_COLUMNS)))
        first = reads[0]
        if len({r.is_crm for r in reads}) > 1:
            raise ConfigurationError(
                "ColumnRead.concat: CRM and profile reads do not mix"
            )
        frames = [r.frame for r in reads]
        frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        attributes = None
        if first.is_crm and any(r.attributes is not None for r in reads):
            parts = [
                r.attributes
                if r.attributes is not None
                else pd.DataFrame(index=range(len(r.frame)))
                for r in reads
            ]
            attributes = pd.concat(parts, ignore_index=True).astype(object)
            attributes = attributes.where(attributes.notna(), None)
        return cls(frame=frame, attributes=attributes, **merged_read_notes(reads))

    def require_records(self, what: str) -> ColumnRead:
        """This read, or :class:`~identitylink.EmptyInputError` when it holds no
        record (as :meth:`ReadResult.require_records
        <identitylink.ReadResult.require_records>`)."""
        if len(self.frame):
            return self
        detail = "; ".join(str(e) for e in self.errors[:3]) or "no rows"
        raise EmptyInputError(f"{self.source} holds no usable {what} ({detail})")
