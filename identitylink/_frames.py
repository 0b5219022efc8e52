"""pandas DataFrames handed to :class:`~identitylink.Linker`, read as records.

Customers go through :func:`~identitylink.read_crm` (its column recognition, or a
mapping); profiles need one column per :class:`~identitylink.SocialProfile` field
(``platform``, ``profile_id``, ``display_name``, ``username``, ...). Bad rows are
collected as :class:`~identitylink.RecordError`, as the readers do.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import ValidationError

from identitylink._validation import one_line
from identitylink.exceptions import ConfigurationError
from identitylink.records import Customer, ReadResult, RecordError, SocialProfile

__all__ = ["customers_from_frame", "profiles_from_frame"]

_SOURCE = "<DataFrame>"


def customers_from_frame(
    frame: pd.DataFrame, mapping: Any | None
) -> ReadResult[Customer]:
    """The customers of a CRM DataFrame (``mapping`` as for ``read_crm``)."""
    from identitylink.sources import read_crm

    return read_crm(frame, mapping, errors="collect")


def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or dict cell
        return True


def profiles_from_frame(frame: pd.DataFrame) -> ReadResult[SocialProfile]:
    """The profiles of a DataFrame with one column per ``SocialProfile`` field.

    Raises:
        ConfigurationError: a column is not a ``SocialProfile`` field, or the
            ``platform`` or ``profile_id`` column is missing.
    """
    fields = set(SocialProfile.model_fields)
    columns = [str(c) for c in frame.columns]
    unknown = sorted(set(columns) - fields)
    missing = sorted({"platform", "profile_id"} - set(columns))
    if unknown or missing:
        problems = [f"unknown columns {unknown}"] if unknown else []
        problems += [f"missing columns {missing}"] if missing else []
        raise ConfigurationError(
            f"a profiles DataFrame needs one column per SocialProfile field "
            f"(platform, profile_id, display_name, username, ...): "
            f"{'; '.join(problems)}"
        )
    records: list[SocialProfile] = []
    errors: list[RecordError] = []
    for line, row in enumerate(frame.to_dict(orient="records"), start=1):
        values = {str(k): v for k, v in row.items() if _present(v)}
        try:
            records.append(SocialProfile.model_validate(values))
        except ValidationError as exc:
            errors.append(
                RecordError(
                    source=_SOURCE,
                    line=line,
                    record_id=str(values.get("profile_id", "")) or None,
                    field=".".join(str(p) for p in exc.errors()[0]["loc"]) or None,
                    reason=one_line(exc),
                )
            )
    return ReadResult(records=records, errors=errors, source=_SOURCE, kind="twitter")
