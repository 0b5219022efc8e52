"""Both tables as the engine's columns, and what the linker and the index share.

:class:`Prepared` holds the customers and the profiles as :class:`Side` columns with
what could not be compared; the helpers here read a spec's needs (its attribute
columns, whether it reads phones), mark places a customer lives in, and build the
explanation terms both entry points add (the competition term, a profile's
address). The batch :class:`~identitylink.Linker` and the ``identify`` index both
build on them, so they live in the engine, not in the public ``linker`` module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink._engine.derived import root_sources
from identitylink._engine.features import (
    Side,
    build_side,
    customer_phones,
    preferred_countries,
)
from identitylink._frames import customers_from_frame, profiles_from_frame
from identitylink._handles import profile_url
from identitylink.blocking import STANDARD_KEYS
from identitylink.comparisons import STANDARD_COLUMNS
from identitylink.exceptions import EmptyInputError
from identitylink.records import Customer, ReadResult, RecordError, SocialProfile
from identitylink.sources._column_read import ColumnRead
from identitylink.spec import LinkSpec

__all__ = [
    "PLATFORM_CODES",
    "SHOWN_PENALTY_BITS",
    "Prepared",
    "attribute_columns",
    "competition_term",
    "crm_cities",
    "mark_crm_places",
    "materialise",
    "place_in_crm",
    "profile_address",
    "records_of",
    "right_handles",
    "uses_phone",
]

# Smaller competition terms round to 0 at the four decimals weights are shown with.
SHOWN_PENALTY_BITS = 5e-5


def competition_term(bits: float, others: int) -> dict[str, Any]:
    """The explanation term of the bits a profile's other candidates take off."""
    return {
        "comparison": "other_candidates",
        "level": "compete",
        "weight": round(bits, 4),
        "left": None,
        "right": f"{others} other candidate{'s' if others != 1 else ''}",
        "term_frequency_adjustment": 0.0,
    }


def profile_address(
    platform: str, profile_id: str, scope: str, handle: str | None
) -> dict[str, str | None]:
    """``profile_handle`` and ``profile_url`` of a profile."""
    return {
        "profile_handle": handle,
        "profile_url": profile_url(platform, profile_id, scope or "global", handle),
    }


def right_handles(records: Any) -> list[str | None]:
    """The username of every right-hand record (None: none, or a customer)."""
    if isinstance(records, ColumnRead):
        if records.is_crm:
            return [None] * len(records)
        return [h or None for h in records.frame["username"].tolist()]
    return [getattr(r, "username", None) or None for r in records]


PLATFORM_CODES = {"crm": 0, "twitter": 1, "facebook": 2}


def records_of(
    data: ReadResult[Any] | ColumnRead | Iterable[Any], what: str
) -> tuple[Any, list[RecordError]]:
    if isinstance(data, ColumnRead):
        return data, list(data.errors)
    if isinstance(data, ReadResult):
        return list(data.records), list(data.errors)
    return list(data), []


def attribute_columns(spec: LinkSpec) -> set[str]:
    """The CRM attribute columns the spec reads (everything non-standard; for a
    derived column, the column it derives from)."""
    needed = {col for c in spec.comparisons for col in c.columns()}
    needed |= {k for r in spec.blocking_rules for k in r.keys}
    needed |= {r.refine_with for r in spec.blocking_rules if r.refine_with}
    return root_sources(needed - STANDARD_COLUMNS - STANDARD_KEYS) - STANDARD_COLUMNS


def uses_phone(spec: LinkSpec) -> bool:
    in_rules = any(
        "phone" in r.keys or r.refine_with == "phone" for r in spec.blocking_rules
    )
    return in_rules or any("phone" in c.columns() for c in spec.comparisons)


def materialise(data: Any, *, crm: bool, mapping: Any = None) -> Any:
    """Records as a ReadResult or a list; a DataFrame read as a CRM or profiles."""
    if isinstance(data, pd.DataFrame):
        return customers_from_frame(data, mapping) if crm else profiles_from_frame(data)
    if isinstance(data, ReadResult | ColumnRead | list | tuple):
        return data
    return list(data)


def place_in_crm(left: Side, right: Side) -> None:
    """A place outside the gazetteer that is a city of some customer is a place
    all the same ("Faure"): only text that is no place anywhere counts as missing
    evidence."""
    if right.place_resolved is None:
        return
    mark_crm_places(right, crm_cities(left))


def crm_cities(left: Side) -> set[str]:
    """The cities of the customers (what :func:`place_in_crm` reads of them)."""
    return set(left.city[left.city != ""].tolist())


def mark_crm_places(right: Side, crm_cities: set[str]) -> None:
    """:func:`place_in_crm` with the customers' cities already gathered."""
    if right.place_resolved is None:
        return
    in_crm = pd.Series(right.city).isin(crm_cities).to_numpy() | (
        pd.Series(right.hometown).isin(crm_cities).to_numpy()
    )
    right.place_resolved = right.place_resolved | in_crm


class Prepared:
    """Both tables as columns, with what could not be compared."""

    def __init__(
        self,
        customers: Any,
        profiles: Any,
        *,
        phones: bool,
        attributes: set[str],
        comparable: frozenset[str] = frozenset(),
    ) -> None:
        self.comparable_columns = comparable
        self.left_records, errs_l = records_of(customers, "customers")
        self.right_records, errs_r = records_of(profiles, "profiles")
        self.errors = errs_l + errs_r
        if not len(self.left_records):
            raise EmptyInputError("no customers to link against (the CRM is empty)")
        if not len(self.right_records):
            raise EmptyInputError("no profiles to link (the profile input is empty)")
        # The CRM's phones are normalised only when some profile shows a phone
        # (in its bio): most do not, and normalising is the slow part.
        self.left: Side = build_side(
            self.left_records, phones=False, attributes=attributes
        )
        self.right: Side = build_side(
            self.right_records,
            phones=phones,
            attributes=attributes,
            preferred=preferred_countries(self.left),
        )
        if phones and (self.right.phone != "").any():
            self.left.phone = customer_phones(self.left_records)
        self._finish()

    def _finish(self) -> None:
        place_in_crm(self.left, self.right)
        self.cache: dict[str, list[npt.NDArray[np.int64]]] = {}
        self.left_ok = self.left.comparable(self.comparable_columns)
        self.right_ok = self.right.comparable(self.comparable_columns)
        self.platform = np.array(
            [PLATFORM_CODES.get(p, 0) for p in self.right.platform], dtype=np.int64
        )
        self.right_handles = right_handles(self.right_records)

    @classmethod
    def from_sides(
        cls,
        left_records: list[Customer],
        left: Side,
        right_records: list[SocialProfile | Customer],
        right: Side,
        comparable: frozenset[str] = frozenset(),
    ) -> Prepared:
        """Both tables from columns already built (the index keeps the left one)."""
        prep = cls.__new__(cls)
        prep.comparable_columns = comparable
        prep.left_records, prep.right_records = left_records, right_records
        prep.errors = []
        prep.left, prep.right = left, right
        prep._finish()
        return prep
