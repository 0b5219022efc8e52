"""The answer-time report: how many interactions were answered within the threshold.

An interaction's outcome is known once it is answered, or once it has waited longer
than the threshold without an answer (overdue). The share answered in time is
``within / (answered + overdue)``: interactions still inside their window count
neither way. Times to answer are the first answer minus the time received.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import numpy as np
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from identitylink.storage._interaction_models import InteractionRow
from identitylink.storage._models import utc_now

__all__ = ["SlaFigures", "SlaReport", "UnansweredInteraction", "sla_report"]


class SlaFigures(BaseModel, frozen=True, extra="forbid"):
    """Answer-time figures for one group of interactions.

    ``share_within`` and the percentiles are ``None`` when there is nothing to
    measure (no known outcome, no answer).
    """

    received: int
    answered: int
    answered_within: int
    open: int
    overdue: int
    share_within: float | None
    median_seconds: float | None
    p90_seconds: float | None


class UnansweredInteraction(BaseModel, frozen=True, extra="forbid"):
    """An interaction still waiting for its first answer."""

    interaction_id: int
    platform: str
    kind: str
    account_id: str
    handle: str | None
    customer_id: str | None
    received_at: datetime
    waiting_seconds: float
    overdue: bool


class SlaReport(BaseModel, frozen=True, extra="forbid"):
    """The answer-time report: overall, per channel and per day, and what is open.

    Channels are ``platform/kind`` (``twitter/mention``); days are the UTC date
    received (``2026-12-07``). ``unanswered`` lists open interactions oldest first.
    """

    threshold_minutes: float
    since: datetime | None
    until: datetime
    overall: SlaFigures
    by_channel: dict[str, SlaFigures]
    by_day: dict[str, SlaFigures]
    unanswered: list[UnansweredInteraction]
    answer_seconds: list[float]
    """Every time to first answer, in seconds, for a distribution plot."""


def _figures(rows: list[InteractionRow], now: datetime, limit: float) -> SlaFigures:
    times = [
        (r.answered_at - r.received_at).total_seconds()
        for r in rows
        if r.answered_at is not None
    ]
    open_rows = [r for r in rows if r.answered_at is None]
    overdue = sum((now - r.received_at).total_seconds() > limit for r in open_rows)
    within = sum(t <= limit for t in times)
    known = len(times) + overdue
    quantiles = np.quantile(np.asarray(times), [0.5, 0.9]) if times else None
    return SlaFigures(
        received=len(rows),
        answered=len(times),
        answered_within=within,
        open=len(open_rows),
        overdue=overdue,
        share_within=within / known if known else None,
        median_seconds=None if quantiles is None else float(quantiles[0]),
        p90_seconds=None if quantiles is None else float(quantiles[1]),
    )


def sla_report(
    session: Session,
    *,
    threshold: timedelta = timedelta(minutes=30),
    since: datetime | None = None,
    now: datetime | None = None,
) -> SlaReport:
    """The answer-time report for interactions received since ``since`` until now.

    ``threshold`` is the promise (the settings' ``answer_sla_minutes``; 30 minutes
    by default). ``now`` fixes the clock (for reports on a past day and tests).
    """
    until = now or utc_now()
    limit = threshold.total_seconds()
    stmt = select(InteractionRow).where(InteractionRow.received_at <= until)
    if since is not None:
        stmt = stmt.where(InteractionRow.received_at >= since)
    rows = list(
        session.scalars(
            stmt.order_by(InteractionRow.received_at, InteractionRow.interaction_id)
        )
    )
    channels: dict[str, list[InteractionRow]] = defaultdict(list)
    days: dict[str, list[InteractionRow]] = defaultdict(list)
    for row in rows:
        channels[f"{row.platform}/{row.kind}"].append(row)
        days[row.received_at.date().isoformat()].append(row)
    unanswered = [
        UnansweredInteraction(
            interaction_id=r.interaction_id,
            platform=r.platform,
            kind=r.kind,
            account_id=r.account_id,
            handle=r.handle,
            customer_id=r.customer_id,
            received_at=r.received_at,
            waiting_seconds=(until - r.received_at).total_seconds(),
            overdue=(until - r.received_at).total_seconds() > limit,
        )
        for r in rows
        if r.answered_at is None
    ]
    return SlaReport(
        threshold_minutes=limit / 60,
        since=since,
        until=until,
        overall=_figures(rows, until, limit),
        by_channel={k: _figures(v, until, limit) for k, v in sorted(channels.items())},
        by_day={k: _figures(v, until, limit) for k, v in sorted(days.items())},
        unanswered=unanswered,
        answer_seconds=[
            (r.answered_at - r.received_at).total_seconds()
            for r in rows
            if r.answered_at is not None
        ],
    )
