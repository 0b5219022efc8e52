"""What linking returns: decisions with scores, bands and explanations.

These are plain frozen pydantic models: they serialise to JSON, they carry no database
objects, and the store persists them as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from identitylink.records import RecordError
from identitylink.types import Band, Platform

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LINK_COLUMNS",
    "ComparisonTerm",
    "Explanation",
    "LinkDecision",
    "LinkResult",
]


LINK_COLUMNS: tuple[str, ...] = (
    "profile_platform",
    "profile_id",
    "profile_scope",
    "customer_id",
    "probability",
    "band",
    "match_weight",
    "profile_handle",
    "profile_url",
)
"""Columns of the links CSV, in order. ``profile_handle`` is the X or Facebook
username (empty when unknown); ``profile_url`` the profile's public address (empty
for an app- or page-scoped Facebook id without a username)."""


class ComparisonTerm(BaseModel, frozen=True, extra="forbid"):
    """One bar of the waterfall: a comparison, the level it reached and its weight."""

    comparison: str
    level: str
    weight: float = Field(description="log2 Bayes factor added by this comparison")
    left: str | None = None
    right: str | None = None
    term_frequency_adjustment: float = 0.0


class Explanation(BaseModel, frozen=True, extra="forbid"):
    """Why a pair scored as it did: prior plus one term per comparison."""

    prior_weight: float
    terms: tuple[ComparisonTerm, ...]
    match_weight: float
    probability: float
    notes: tuple[str, ...] = ()

    def to_text(self) -> str:
        """A readable waterfall, one line per comparison."""
        lines = [f"prior{'':<22}{self.prior_weight:+7.2f}"]
        for t in self.terms:
            label = f"{t.comparison}: {t.level}"
            lines.append(f"{label:<28}{t.weight:+7.2f}  {t.left!r} ~ {t.right!r}")
        lines.append(
            f"{'= match weight':<28}{self.match_weight:+7.2f}"
            f"  (probability {self.probability:.4f})"
        )
        lines.extend(f"note: {n}" for n in self.notes)
        return "\n".join(lines)


class LinkDecision(BaseModel, frozen=True, extra="forbid"):
    """The decision for one (profile, customer) pair."""

    profile_platform: Platform
    profile_id: str
    profile_scope: str = "global"
    customer_id: str
    match_weight: float
    probability: float = Field(ge=0.0, le=1.0)
    band: Band
    explanation: Explanation
    profile_handle: str | None = None
    """The profile's handle (X username, Facebook username), when it has one."""
    profile_url: str | None = None
    """The profile's public address, when it has one (see ``LINK_COLUMNS``)."""


class LinkResult(BaseModel, frozen=True, extra="forbid"):
    """Everything a linking run produced.

    ``links`` are the decisions in the ``auto`` and ``review`` bands (at most one
    customer per profile); ``review`` is the subset waiting for a person. ``errors``
    are the bad input records the readers skipped. ``spec_hash`` identifies the spec
    (and trained parameters) that produced the result.
    """

    links: tuple[LinkDecision, ...]
    rejected: tuple[LinkDecision, ...] = ()
    """Candidate pairs scored but not linked (band ``reject``), each with a note
    saying why; filled only by ``Linker.link(..., rejected=True)``."""
    errors: tuple[RecordError, ...] = ()
    counts: dict[str, int] = Field(default_factory=dict)
    spec_hash: str
    timings: dict[str, float] = Field(default_factory=dict)

    @property
    def review(self) -> Sequence[LinkDecision]:
        """Decisions waiting for a person (band ``review``), best first."""
        return sorted(
            (d for d in self.links if d.band == "review"),
            key=lambda d: -d.match_weight,
        )

    @property
    def auto(self) -> Sequence[LinkDecision]:
        """Decisions made automatically (band ``auto``)."""
        return [d for d in self.links if d.band == "auto"]

    def to_pandas(self) -> pd.DataFrame:
        """One row per link, with the columns of ``links.csv`` (``LINK_COLUMNS``).

        ``probability`` and ``match_weight`` are floats; a missing handle or
        address is ``None``.
        """
        import pandas as pd

        rows = [
            (
                d.profile_platform,
                d.profile_id,
                d.profile_scope,
                d.customer_id,
                d.probability,
                d.band,
                d.match_weight,
                d.profile_handle,
                d.profile_url,
            )
            for d in self.links
        ]
        frame = pd.DataFrame(rows, columns=list(LINK_COLUMNS))
        return frame.astype({"probability": float, "match_weight": float})
