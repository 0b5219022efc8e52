"""Precision and recall against the threshold, from a truth file or the pairs
people reviewed.

With a truth file (``(platform, profile_id, customer_id)`` triples), every stored
link with a decision is labelled by it, and recall counts the truth's pairs (of
the platforms the reviewer may see) the links at that threshold find. Without,
each reviewed pair has the probability the linker gave it and the reviewer's
verdict. At threshold ``t`` the linker would call every pair with probability
``>= t`` a match; precision and recall compare that with the verdicts. The pairs
were sent to review because the linker was unsure, so these figures describe the
review band, not the whole run.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from identitylink.storage import export_profile, review_labels, scored_links
from identitylink.web._passwords import Reviewer

__all__ = ["MIN_REVIEWED", "ThresholdRow", "ThresholdTable", "threshold_table"]

MIN_REVIEWED = 10
"""Fewer reviewed pairs than this (or no match, or no non-match): no table."""


@dataclass(frozen=True)
class ThresholdRow:
    threshold: float
    precision: float | None
    recall: float
    links: int


@dataclass(frozen=True)
class ThresholdTable:
    reviewed: int
    """Pairs the table is computed over (reviewed, or stored links with a truth)."""
    matches: int
    """True pairs: accepted ones, or the truth's pairs."""
    rows: list[ThresholdRow]
    source: Literal["reviewed", "truth"] = "reviewed"


Truth = Collection[tuple[str, str, str]]
"""``(platform, profile_id, customer_id)`` of the true links."""


def _from_truth(
    session: Session, reviewer: Reviewer, truth: Truth
) -> tuple[list[tuple[float, bool]], int]:
    platforms = None if reviewer.platforms is None else tuple(reviewer.platforms)
    true = {t for t in truth if reviewer.may_see(t[0])}
    pairs = [
        (s.probability, (s.platform, s.profile_id, s.customer_id) in true)
        for s in scored_links(session, platforms=platforms)
    ]
    return pairs, len(true)


def _reviewed(session: Session, reviewer: Reviewer) -> list[tuple[float, bool]]:
    """(probability, is_match) for every reviewed pair the reviewer may see."""
    labels = [lab for lab in review_labels(session) if reviewer.may_see(lab.platform)]
    wanted = {(lab.platform, lab.profile_id, lab.customer_id): lab for lab in labels}
    found: list[tuple[float, bool]] = []
    for platform, profile_id in sorted({(k[0], k[1]) for k in wanted}):
        export = export_profile(session, platform, profile_id)  # type: ignore[arg-type]  # a Platform from the store
        for link in export["links"]:
            label = wanted.get((platform, profile_id, link["customer_id"]))
            decision = link.get("decision")
            if label is not None and decision is not None:
                found.append((float(decision["probability"]), label.is_match))
    return found


def threshold_table(
    session: Session, reviewer: Reviewer, truth: Truth | None = None
) -> ThresholdTable:
    """Precision and recall at thresholds 0.05 to 0.95, against ``truth`` when
    given, else over the reviewed pairs."""
    source: Literal["reviewed", "truth"] = "reviewed" if truth is None else "truth"
    if truth is None:
        pairs = _reviewed(session, reviewer)
        matches = sum(1 for _p, m in pairs if m)
        too_few = len(pairs) < MIN_REVIEWED or matches in (0, len(pairs))
    else:
        pairs, matches = _from_truth(session, reviewer, truth)
        too_few = not pairs or matches == 0
    if too_few:
        return ThresholdTable(
            reviewed=len(pairs), matches=matches, rows=[], source=source
        )
    rows = []
    for step in range(1, 20):
        t = step / 20
        called = [m for p, m in pairs if p >= t]
        tp = sum(called)
        rows.append(
            ThresholdRow(
                threshold=t,
                precision=tp / len(called) if called else None,
                recall=tp / matches,
                links=len(called),
            )
        )
    return ThresholdTable(
        reviewed=len(pairs), matches=matches, rows=rows, source=source
    )
