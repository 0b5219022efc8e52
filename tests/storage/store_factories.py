"""Hand-built link results for the store's tests (the linker is not needed)."""

from __future__ import annotations

from identitylink.results import ComparisonTerm, Explanation, LinkDecision, LinkResult


def make_decision(
    profile_id: str,
    customer_id: str,
    *,
    platform: str = "twitter",
    band: str = "auto",
    probability: float = 0.99,
) -> LinkDecision:
    """One decision with a small two-term explanation."""
    weight = 10.0 if band == "auto" else 2.0
    explanation = Explanation(
        prior_weight=-8.0,
        terms=(
            ComparisonTerm(
                comparison="name",
                level="exact",
                weight=weight + 4.0,
                left="a",
                right="a",
            ),
            ComparisonTerm(comparison="city", level="else", weight=-2.0),
        ),
        match_weight=weight,
        probability=probability,
    )
    return LinkDecision.model_validate(
        {
            "profile_platform": platform,
            "profile_id": profile_id,
            "customer_id": customer_id,
            "match_weight": weight,
            "probability": probability,
            "band": band,
            "explanation": explanation,
        }
    )


def make_result(
    n: int, *, start: int = 0, review_every: int = 4, spec_hash: str = "spec-1"
) -> LinkResult:
    """``n`` decisions, profile ``P{i}`` -> customer ``C{i}``; every 4th for review."""
    decisions = tuple(
        make_decision(
            f"P{i}",
            f"C{i}",
            platform="twitter" if i % 2 else "facebook",
            band="review" if i % review_every == 0 else "auto",
            probability=0.6 if i % review_every == 0 else 0.99,
        )
        for i in range(start, start + n)
    )
    return LinkResult(links=decisions, spec_hash=spec_hash, counts={"links": n})
