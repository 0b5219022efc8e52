"""What the pages show, computed from the public store API (no SQL here).

The queue order, the pair page's aligned fields, the waterfall chart's geometry,
the consent state and the other candidates of the profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from identitylink.consent import link_consent_state
from identitylink.exceptions import LinkNotFoundError
from identitylink.results import Explanation
from identitylink.storage import (
    ReviewItem,
    export_customer,
    export_profile,
    get_review_pair,
    list_pending_reviews,
)
from identitylink.types import Band
from identitylink.web._passwords import Reviewer

__all__ = [
    "Bar",
    "PairView",
    "QueueFilters",
    "build_pair",
    "in_queue_order",
    "pending_queue",
    "waterfall",
]

# Stored customer columns shown on the pair page, in this order.
_CUSTOMER_FIELDS = (
    "full_name",
    "given_names",
    "family_names",
    "email_hash",
    "phone",
    "street",
    "postcode",
    "city",
    "country",
    "birth_date",
)


@dataclass(frozen=True)
class QueueFilters:
    """The queue page's filters; ``None`` means no filter."""

    platform: str | None = None
    band: Band | None = None
    min_probability: float | None = None
    max_probability: float | None = None


def _uncertainty(item: ReviewItem) -> tuple[float, int]:
    return (abs(item.probability - 0.5), item.link_id)


def in_queue_order(
    items: list[ReviewItem], reviewer: Reviewer, filters: QueueFilters
) -> list[ReviewItem]:
    """The items this reviewer may see that pass the filters, most uncertain first.

    A decision changes most where the model is least sure: the queue is ordered by
    how close the probability is to 0.5 (then by link id, so the order is stable).
    """
    f = filters
    return sorted(
        (
            i
            for i in items
            if reviewer.may_see(i.platform)
            and (f.platform is None or i.platform == f.platform)
            and (f.band is None or i.band == f.band)
            and (f.min_probability is None or i.probability >= f.min_probability)
            and (f.max_probability is None or i.probability <= f.max_probability)
        ),
        key=_uncertainty,
    )


def pending_queue(
    session: Session, reviewer: Reviewer, filters: QueueFilters
) -> list[ReviewItem]:
    """The pending links this reviewer may see, in queue order (the store filters)."""
    items = list_pending_reviews(
        session,
        band=filters.band,
        platform=filters.platform,
        min_probability=filters.min_probability,
    )
    return in_queue_order(items, reviewer, filters)


@dataclass(frozen=True)
class Bar:
    """One row of the waterfall chart, with its geometry in SVG units."""

    label: str
    detail: str
    weight: float
    kind: str  # prior, up, down or total
    x: float
    width: float
    y: float


_CHART_LEFT = 232.0
_CHART_WIDTH = 336.0
_ROW = 26.0


def waterfall(explanation: Explanation) -> tuple[list[Bar], float, float]:
    """The bars of the explanation, the x of weight 0, and the chart's height.

    The prior is the first bar from 0; each comparison's weight starts where the
    previous one ended; the last bar is the match weight, from 0.
    """
    steps: list[tuple[str, str, float, float, str]] = [
        ("prior", "", 0.0, explanation.prior_weight, "prior")
    ]
    running = explanation.prior_weight
    for term in explanation.terms:
        end = running + term.weight
        kind = "up" if term.weight >= 0 else "down"
        steps.append((term.comparison, term.level, running, end, kind))
        running = end
    steps.append(("match weight", "", 0.0, explanation.match_weight, "total"))
    values = [0.0] + [v for s in steps for v in (s[2], s[3])]
    lo, hi = min(values), max(values)
    scale = _CHART_WIDTH / (hi - lo) if hi > lo else 1.0

    def at(v: float) -> float:
        return _CHART_LEFT + (v - lo) * scale

    bars = [
        Bar(
            label=label,
            detail=detail,
            weight=end - start,
            kind=kind,
            x=round(at(min(start, end)), 1),
            width=round(max(abs(end - start) * scale, 1.0), 1),
            y=round(8 + i * _ROW, 1),
        )
        for i, (label, detail, start, end, kind) in enumerate(steps)
    ]
    return bars, round(at(0.0), 1), 16 + len(steps) * _ROW


@dataclass(frozen=True)
class PairView:
    """Everything the pair page shows about one link."""

    item: dict[str, Any]
    status: str
    legal_basis: str
    consent: str
    consent_valid: bool
    terms: list[dict[str, Any]]
    customer: list[tuple[str, str]]
    profile: list[tuple[str, str]]
    bars: list[Bar]
    zero_x: float
    chart_height: float
    notes: tuple[str, ...]
    others: list[dict[str, Any]]
    position: int | None
    """1-based place in the (filtered) queue; ``None`` when the filters hide it."""
    total: int
    next_id: int | None


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def build_pair(
    session: Session,
    reviewer: Reviewer,
    link_id: int,
    filters: QueueFilters | None = None,
) -> PairView:
    """The pair page of pending link ``link_id``; LinkNotFoundError if not shown.

    Reads this link and its profile only (:func:`get_review_pair`), not the queue.
    Decided, absent and policy-hidden links get the same answer, so that the page
    does not disclose which links exist on platforms the reviewer may not see.
    """
    f = filters or QueueFilters()
    pair = get_review_pair(
        session,
        link_id,
        band=f.band,
        platform=f.platform,
        min_probability=f.min_probability,
        max_probability=f.max_probability,
        platforms=None if reviewer.platforms is None else tuple(reviewer.platforms),
    )
    found = None
    if pair is not None and reviewer.may_see(pair.item.platform):
        item = pair.item
        found = _from_profile(
            session, item.platform, item.profile_id, item.scope, link_id
        )
    if pair is None or found is None:
        raise LinkNotFoundError(f"link {link_id} is not waiting for review")
    profile_export, link = found["export"], found["link"]
    decision = link.get("decision") or {}
    explanation = Explanation.model_validate(decision["explanation"])
    customer_export = export_customer(session, link["customer_id"])
    customer = customer_export.get("customer") or {}
    profile = profile_export.get("profile") or {}
    cached = dict(profile.get("cached_data") or {})
    for key in ("source", "fetched_at"):
        if profile.get(key):
            cached.setdefault(key, profile[key])
    state = link_consent_state(
        session,
        customer_id=link["customer_id"],
        platform=link["platform"],
        profile_id=link["profile_id"],
        scope=link["scope"],
    )
    bars, zero_x, height = waterfall(explanation)
    others = [c.model_dump() for c in pair.candidates]
    return PairView(
        item={
            "link_id": link_id,
            "platform": link["platform"],
            "scope": link["scope"],
            "profile_id": link["profile_id"],
            "customer_id": link["customer_id"],
            "probability": explanation.probability,
            "match_weight": explanation.match_weight,
            "band": decision.get("band"),
            "run_id": link.get("run_id"),
        },
        status=link["status"],
        legal_basis=link["legal_basis"],
        consent=state.describe(),
        consent_valid=state.is_valid(),
        terms=[
            {
                "comparison": t.comparison,
                "level": t.level,
                "customer": _shown(t.left),
                "profile": _shown(t.right),
                "weight": t.weight,
                "differ": t.left != t.right,
            }
            for t in explanation.terms
        ],
        customer=[
            (k, _shown(customer[k])) for k in _CUSTOMER_FIELDS if customer.get(k)
        ],
        profile=[
            (k, _shown(v)) for k, v in sorted(cached.items()) if v not in ("", None)
        ],
        bars=bars,
        zero_x=zero_x,
        chart_height=height,
        notes=explanation.notes,
        others=others,
        position=pair.position or None,
        total=pair.total,
        next_id=pair.next_link_id,
    )


def _from_profile(
    session: Session, platform: Any, profile_id: str, scope: str, link_id: int
) -> dict[str, Any] | None:
    export = export_profile(session, platform, profile_id, scope)
    for link in export["links"]:
        if link["link_id"] == link_id:
            return {"platform": platform, "export": export, "link": link}
    return None
