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
    "ReviewCandidate",
    "ReviewItem",
    "ReviewLabel",
    "ReviewPair",
    "ScoredLink",
    "accept_link",
    "count_pending_reviews",
    "get_review_pair",
    "list_pending_reviews",
    "reject_link",
    "review_labels",
    "scored_links",
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


class ReviewCandidate(BaseModel, frozen=True, extra="forbid"):
    """Another stored link of the same profile (any status), for comparison."""

    link_id: int
    customer_id: str
    status: str
    probability: float | None


class ReviewPair(BaseModel, frozen=True, extra="forbid"):
    """One pending link, its place in the queue and the profile's other links."""

    item: ReviewItem
    candidates: tuple[ReviewCandidate, ...]
    position: int
    """1-based place in the queue order (most uncertain first) with the filters."""
    total: int
    """Pending links with the filters."""
    next_link_id: int | None
    """The link after this one in the queue order (``None``: it is the last)."""


def _pending(
    stmt: Any,
    band: Band | None,
    platform: str | None,
    min_probability: float | None,
    max_probability: float | None = None,
    platforms: tuple[str, ...] | None = None,
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
    if max_probability is not None:
        stmt = stmt.where(DecisionRow.probability <= max_probability)
    if platforms is not None:
        stmt = stmt.where(LinkRow.platform.in_(platforms))
    return stmt


def _item(link: LinkRow, decision: DecisionRow) -> ReviewItem:
    return ReviewItem(
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


def get_review_pair(
    session: Session,
    link_id: int,
    *,
    band: Band | None = None,
    platform: str | None = None,
    min_probability: float | None = None,
    max_probability: float | None = None,
    platforms: tuple[str, ...] | None = None,
) -> ReviewPair | None:
    """Pending link ``link_id`` with the profile's other links, or ``None``.

    Reads one link, its profile's links and two aggregates, however long the
    queue. The queue order is the review page's: the probability nearest 0.5
    first, then the link id; the filters (``platforms``: the ones a reviewer may
    see) decide which pending links count for ``position``, ``total`` and
    ``next_link_id``. A link the filters leave out is still returned (position 0).
    """
    found = session.execute(
        _pending(select(LinkRow, DecisionRow), None, None, None).where(
            LinkRow.link_id == link_id
        )
    ).first()
    if found is None:
        return None
    link, decision = found
    others = session.execute(
        select(LinkRow.link_id, LinkRow.customer_id, LinkRow.status, DecisionRow)
        .outerjoin(DecisionRow, DecisionRow.decision_id == LinkRow.decision_id)
        .where(
            LinkRow.platform == link.platform,
            LinkRow.scope == link.scope,
            LinkRow.profile_id == link.profile_id,
            LinkRow.link_id != link_id,
        )
        .order_by(LinkRow.link_id)
    )
    candidates = tuple(
        ReviewCandidate(
            link_id=other_id,
            customer_id=customer_id,
            status=status,
            probability=None if row is None else row.probability,
        )
        for other_id, customer_id, status, row in others
    )
    distance = func.abs(DecisionRow.probability - 0.5)
    mine = abs(decision.probability - 0.5)
    filters = (band, platform, min_probability, max_probability, platforms)
    before = (distance < mine) | ((distance == mine) & (LinkRow.link_id < link_id))
    after = (distance > mine) | ((distance == mine) & (LinkRow.link_id > link_id))
    counted = select(func.count()).select_from(LinkRow)
    total = int(session.scalar(_pending(counted, *filters)) or 0)
    ahead = int(session.scalar(_pending(counted, *filters).where(before)) or 0)
    in_queue = session.scalar(
        _pending(counted, *filters).where(LinkRow.link_id == link_id)
    )
    following = session.scalar(
        _pending(select(LinkRow.link_id), *filters)
        .where(after)
        .order_by(distance, LinkRow.link_id)
        .limit(1)
    )
    if not in_queue:  # not in the filtered queue: "next" is the queue's first
        following = session.scalar(
            _pending(select(LinkRow.link_id), *filters)
            .order_by(distance, LinkRow.link_id)
            .limit(1)
        )
    return ReviewPair(
        item=_item(link, decision),
        candidates=candidates,
        position=ahead + 1 if in_queue else 0,
        total=total,
        next_link_id=following,
    )


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
    return [_item(link, decision) for link, decision in session.execute(stmt)]


class ScoredLink(NamedTuple):
    """A stored link (any status) with the probability its decision gave it."""

    platform: str
    profile_id: str
    customer_id: str
    probability: float


def scored_links(
    session: Session, *, platforms: tuple[str, ...] | None = None
) -> list[ScoredLink]:
    """Every stored link that has a decision, with its probability (one query)."""
    stmt = select(
        LinkRow.platform,
        LinkRow.profile_id,
        LinkRow.customer_id,
        DecisionRow.probability,
    ).join(DecisionRow, DecisionRow.decision_id == LinkRow.decision_id)
    if platforms is not None:
        stmt = stmt.where(LinkRow.platform.in_(platforms))
    return [ScoredLink(*row) for row in session.execute(stmt.order_by(LinkRow.link_id))]


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
