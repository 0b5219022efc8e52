"""Secrets and webhook fixtures shared by the service tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

X_SECRET = "x-consumer-secret-for-tests"
META_SECRET = "meta-app-secret-for-tests"
META_VERIFY = "meta-verify-token-for-tests"
PAYLOADS = Path(__file__).resolve().parents[1] / "data" / "webhooks"


def payload(name: str) -> dict[str, Any]:
    """A webhook fixture from ``tests/data/webhooks``, parsed."""
    data: dict[str, Any] = json.loads((PAYLOADS / name).read_text())
    return data


def linked_result(pairs: list[tuple[str, str, str]], *, scope: str = "global") -> Any:
    """A link result with one automatic link per ``(platform, profile, customer)``."""
    from identitylink.results import (
        ComparisonTerm,
        Explanation,
        LinkDecision,
        LinkResult,
    )

    explanation = Explanation(
        prior_weight=-8.0,
        terms=(ComparisonTerm(comparison="name", level="exact", weight=18.0),),
        match_weight=10.0,
        probability=0.99,
    )
    decisions = tuple(
        LinkDecision.model_validate(
            {
                "profile_platform": platform,
                "profile_id": profile_id,
                "profile_scope": scope,
                "customer_id": customer_id,
                "match_weight": 10.0,
                "probability": 0.99,
                "band": "auto",
                "explanation": explanation,
            }
        )
        for platform, profile_id, customer_id in pairs
    )
    return LinkResult(links=decisions, spec_hash="spec-1", counts={})


def interaction_body(event_id: str = "e1", **changes: Any) -> dict[str, Any]:
    """The JSON body of ``POST /interactions``."""
    body: dict[str, Any] = {
        "platform": "twitter",
        "account_id": "2244994945",
        "event_id": event_id,
        "profile_id": "3001969357",
        "handle": "furiouscamper",
        "kind": "mention",
        "text": "@acme my parcel is late",
        "received_at": "2026-12-06T09:00:00+00:00",
    }
    body.update(changes)
    return body
