"""A small stored run for the review page's tests: three pairs wait for review."""

from __future__ import annotations

import math
from pathlib import Path

from sqlalchemy import Engine

from identitylink.records import Customer, SocialProfile
from identitylink.results import ComparisonTerm, Explanation, LinkDecision, LinkResult
from identitylink.storage import (
    accept_link,
    list_pending_reviews,
    make_engine,
    reject_link,
    save_run,
    session_scope,
    upgrade_schema,
)
from identitylink.web import Reviewer, hash_password

PASSWORDS = {"ana": "correct horse", "bo": "battery staple"}

# (profile id, platform, customer id, band, probability, name on the profile)
PAIRS = [
    ("1001", "twitter", "C1", "review", 0.55, "Anna Müller"),
    ("1002", "twitter", "C2", "review", 0.80, "Jon Smith"),
    ("2001", "facebook", "C3", "review", 0.35, "Maria Garcia"),
    ("2001", "facebook", "C4", "review", 0.20, "Maria Garcia"),
    ("1003", "twitter", "C5", "auto", 0.999, "Li Wei"),
]
CUSTOMERS = {
    "C1": ("Anna", "Mueller", "Berlin", "DE"),
    "C2": ("John", "Smith", "Leeds", "GB"),
    "C3": ("María", "García", "Madrid", "ES"),
    "C4": ("Mario", "Garcia", "Sevilla", "ES"),
    "C5": ("Wei", "Li", "Shanghai", "CN"),
}

# Where each profile says it is: the city of its first candidate.
PROFILE_CITY = {pid: CUSTOMERS[cid][2] for pid, _pl, cid, *_ in reversed(PAIRS)}


def reviewers() -> dict[str, Reviewer]:
    """ana sees everything; bo only Facebook links (cheap hashes: tests only)."""
    return {
        "ana": Reviewer(
            name="ana", password_hash=hash_password(PASSWORDS["ana"], iterations=1000)
        ),
        "bo": Reviewer(
            name="bo",
            password_hash=hash_password(PASSWORDS["bo"], iterations=1000),
            platforms=frozenset({"facebook"}),
        ),
    }


def _decision(
    profile_id: str,
    platform: str,
    customer_id: str,
    band: str,
    probability: float,
    shown: str,
) -> LinkDecision:
    given, family, city, _country = CUSTOMERS[customer_id]
    seen = PROFILE_CITY[profile_id]
    city_weight = 2.5 if seen == city else -1.5
    # The weights add up to the probability's log-odds, as the linker's do.
    name_weight = math.log2(probability / (1 - probability)) + 6.0 - city_weight
    explanation = Explanation(
        prior_weight=-6.0,
        terms=(
            ComparisonTerm(
                comparison="name",
                level="jaro_winkler>=0.9" if name_weight > 0 else "jaro_winkler>=0.7",
                weight=name_weight,
                left=f"{given} {family}",
                right=shown,
            ),
            ComparisonTerm(
                comparison="city",
                level="exact" if seen == city else "else",
                weight=city_weight,
                left=city,
                right=seen,
            ),
        ),
        match_weight=-6.0 + name_weight + city_weight,
        probability=probability,
    )
    return LinkDecision.model_validate(
        {
            "profile_platform": platform,
            "profile_id": profile_id,
            "customer_id": customer_id,
            "match_weight": explanation.match_weight,
            "probability": probability,
            "band": band,
            "explanation": explanation,
        }
    )


def seed(engine: Engine) -> None:
    """Save the run of :data:`PAIRS`, with the customers' and profiles' fields."""
    decisions = tuple(_decision(*pair) for pair in PAIRS)
    customers = [
        Customer(
            customer_id=cid,
            given_names=(given,),
            family_names=(family,),
            full_name=f"{given} {family}",
            city=city,
            country=country,
        )
        for cid, (given, family, city, country) in CUSTOMERS.items()
    ]
    profiles = {
        (platform, pid): SocialProfile(
            platform=platform,  # type: ignore[arg-type]
            profile_id=pid,
            display_name=shown,
            username=shown.lower().replace(" ", "_"),
            location_text=PROFILE_CITY[pid],
        )
        for pid, platform, cid, _band, _p, shown in PAIRS
    }
    result = LinkResult(links=decisions, spec_hash="web-test", counts={})
    with session_scope(engine) as session:
        save_run(
            session,
            result,
            inputs={"crm": "crm.csv"},
            customers=customers,
            profiles=profiles.values(),
        )


def seeded_database(directory: Path) -> Engine:
    """A new SQLite database in ``directory`` with the run saved."""
    engine = make_engine(f"sqlite:///{directory / 'review.db'}")
    upgrade_schema(engine)
    seed(engine)
    return engine


def seed_reviewed(engine: Engine, verdicts: list[tuple[float, bool]]) -> None:
    """One review pair per (probability, verdict), decided by reviewer ``ana``."""
    decisions = tuple(
        LinkDecision.model_validate(
            {
                "profile_platform": "twitter",
                "profile_id": f"R{i}",
                "customer_id": f"RC{i}",
                "match_weight": 0.0,
                "probability": p,
                "band": "review",
                "explanation": Explanation(
                    prior_weight=0.0, terms=(), match_weight=0.0, probability=p
                ),
            }
        )
        for i, (p, _match) in enumerate(verdicts)
    )
    result = LinkResult(links=decisions, spec_hash="web-reviewed", counts={})
    with session_scope(engine) as session:
        save_run(session, result, inputs={})
        pending = {i.profile_id: i.link_id for i in list_pending_reviews(session)}
        for i, (_p, match) in enumerate(verdicts):
            decide = accept_link if match else reject_link
            decide(session, pending[f"R{i}"], reviewer="ana")
