"""The review queue: pending links with their explanations, decided by a person.

A link in the ``review`` band is stored as ``proposed``; a reviewer accepts or
rejects it (or overturns an automatic link). Reviewed links become training labels
for the next :meth:`Linker.train` run.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from identitylink.exceptions import LinkStateError
from identitylink.results import Explanation
from identitylink.storage._links import StoredLink, change_status
from identitylink.storage._models import DecisionRow, LinkRow
from identitylink.types import Band

__all__ = [
    "ReviewItem",
    "ReviewLabel",
    "accept_link",
    "count_pending_reviews",
    "list_pending_reviews",
    "reject_link",
    "review_labels",
]

# A reviewer may confirm or overturn any link not frozen or ended.
_REVIEWABLE = ("proposed", "accepted", "rejected")


class ReviewItem(BaseModel, frozen=True, extra="forbid"):
    """One link waiting for a reviewer, with the decision that proposed it."""

    link_id: int
    platform: str
    scope: str
    profile_id: str
    customer_id: str
    match_weight: float
    probability: float
    band: Band
    explanation: Explanation
    run_id: str


class ReviewLabel(NamedTuple):
    """A reviewed pair as a training label for ``Linker.train(labels=...)``."""

    platform: str
    profile_id: str
    customer_id: str
    is_match: bool


def _pending(
    stmt: Any, band: Band | None, platform: str | None, min_probability: float | None
) -> Any:
    stmt = stmt.join(DecisionRow, DecisionRow.decision_id == LinkRow.decision_id).where(
        LinkRow.status == "proposed"
    )
    if band is not None:
        stmt = stmt.where(DecisionRow.band == band)
    if platform is not None:
        stmt = stmt.where(LinkRow.platform == platform)
    if min_probability is not None:
        stmt = stmt.where(DecisionRow.probability >= min_probability)
    return stmt


def count_pending_reviews(
    session: Session,
    *,
    band: Band | None = None,
    platform: str | None = None,
    min_probability: float | None = None,
) -> int:
    """How many links wait for review with these filters (however many are listed)."""
    stmt = _pending(
        select(func.count()).select_from(LinkRow), band, platform, min_probability
    )
    return int(session.scalar(stmt) or 0)


def list_pending_reviews(
    session: Session,
    *,
    band: Band | None = None,
    platform: str | None = None,
    min_probability: float | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ReviewItem]:
    """Links waiting for review (status ``proposed``), best score first."""
    stmt = (
        _pending(select(LinkRow, DecisionRow), band, platform, min_probability)
        .order_by(DecisionRow.match_weight.desc(), LinkRow.link_id)
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        ReviewItem(
            link_id=link.link_id,
            platform=link.platform,
            scope=link.scope,
            profile_id=link.profile_id,
            customer_id=link.customer_id,
            match_weight=decision.match_weight,
            probability=decision.probability,
            band=decision.band,
            explanation=Explanation.model_validate_json(decision.explanation),
            run_id=decision.run_id,
        )
        for link, decision in session.execute(stmt)
    ]


def _check_reviewer(link_id: int, reviewer: str) -> None:
    if reviewer.strip().lower() == "auto":
        raise LinkStateError(
            f"link {link_id}: 'auto' names the linker, not a reviewer: give your name"
        )


def accept_link(
    session: Session, link_id: int, *, reviewer: str, reason: str | None = None
) -> StoredLink:
    """A reviewer confirms the link: status ``accepted``, decided by ``reviewer``.

    A profile has one truth: if another customer already holds the profile's
    accepted link, :class:`~identitylink.LinkStateError` names it (reject or unlink
    that one first).
    """
    _check_reviewer(link_id, reviewer)
    row = session.get(LinkRow, link_id)
    if row is not None:
        held = session.scalar(
            select(LinkRow).where(
                LinkRow.platform == row.platform,
                LinkRow.scope == row.scope,
                LinkRow.profile_id == row.profile_id,
                LinkRow.status == "accepted",
                LinkRow.link_id != link_id,
            )
        )
        if held is not None:
            raise LinkStateError(
                f"link {link_id}: profile {row.platform}:{row.profile_id} already has "
                f"an accepted link ({held.link_id}, customer {held.customer_id!r}); "
                "a profile has one truth: unlink or dispute that one first"
            )
    return change_status(
        session,
        link_id,
        "accepted",
        allowed_from=_REVIEWABLE,
        actor=reviewer,
        reason=reason,
        action="review_accept",
    )


def reject_link(
    session: Session, link_id: int, *, reviewer: str, reason: str | None = None
) -> StoredLink:
    """A reviewer refuses the link: status ``rejected``, never returned by lookups."""
    _check_reviewer(link_id, reviewer)
    return change_status(
        session,
        link_id,
        "rejected",
        allowed_from=_REVIEWABLE,
        actor=reviewer,
        reason=reason,
        action="review_reject",
    )


def review_labels(session: Session) -> list[ReviewLabel]:
    """Every pair a person accepted or rejected, as labels for training.

    Automatic decisions are not labels: only links whose ``decided_by`` is a
    reviewer count.
    """
    stmt = (
        select(
            LinkRow.platform, LinkRow.profile_id, LinkRow.customer_id, LinkRow.status
        )
        .where(
            LinkRow.status.in_(("accepted", "rejected")),
            LinkRow.decided_by.is_not(None),
            LinkRow.decided_by != "auto",
        )
        .order_by(LinkRow.link_id)
    )
    return [
        ReviewLabel(platform, profile_id, customer_id, status == "accepted")
        for platform, profile_id, customer_id, status in session.execute(stmt)
    ]
