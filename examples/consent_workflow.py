"""Consent from first contact to withdrawal, on a throw-away SQLite database.

1. A customer DMs the brand on X and opts in to being linked ("LINK" keyword).
2. The policy gate checks the planned link before it is stored.
3. A lookup finds the customer; a Kantara receipt documents the consent.
4. The person withdraws by DM: one call ends the link and purges the cached profile.
5. The lookup now finds nobody; the DPV record keeps the whole history.

Run: ``python examples/consent_workflow.py [DATABASE_URL]``.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from identitylink import ComparisonTerm, Explanation, LinkDecision, LinkResult
from identitylink.consent import (
    Controller,
    DataSource,
    LegalBasis,
    LinkEvidence,
    Method,
    Purpose,
    Subject,
    check_link,
    dpv_consent_record,
    grant,
    history,
    kantara_receipt,
    link_consent_state,
    withdraw,
)
from identitylink.storage import (
    lookup_customer,
    make_engine,
    save_run,
    session_scope,
    upgrade_schema,
)

CONTROLLER = Controller(
    name="Acme Retail Ltd",
    contact="Data Protection Officer",
    email="dpo@acme.example",
    phone="+44 20 7946 0000",
    address={"streetAddress": "1 High Street, London", "addressCountry": "GB"},
    policy_url="https://acme.example/privacy/2026-01",
    jurisdiction="GB",
    withdrawal_url="https://acme.example/consent",
)


def _decision() -> LinkDecision:
    explanation = Explanation(
        prior_weight=-12.0,
        terms=(
            ComparisonTerm(comparison="name", level="exact", weight=9.5),
            ComparisonTerm(comparison="city", level="exact", weight=4.0),
        ),
        match_weight=1.5,
        probability=0.74,
    )
    return LinkDecision(
        profile_platform="twitter",
        profile_id="1500000000000000001",
        customer_id="C-1001",
        match_weight=1.5,
        probability=0.74,
        band="auto",
        explanation=explanation,
    )


def main(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_schema(engine)
    profile = Subject.profile("twitter", "1500000000000000001")

    # 1. The opt-in arrives by DM: record it against the X profile.
    with session_scope(engine) as session:
        grant(
            session,
            profile,
            Purpose.IDENTITY_LINKING,
            actor="data_subject",
            method=Method.DM_KEYWORD,
            notice_version="2026-01",
            valid_for=timedelta(days=365),
            evidence="DM 'LINK' in reply to the consent notice",
        )

    # 2. The gate: this match used third-party data, so it needs that opt-in.
    decision = _decision()
    with session_scope(engine) as session:
        state = link_consent_state(
            session,
            customer_id=decision.customer_id,
            platform="twitter",
            profile_id=decision.profile_id,
        )
        allowed = check_link(
            "twitter",
            LegalBasis.OPT_IN_CONSENT,
            LinkEvidence(sources=frozenset({DataSource.THIRD_PARTY})),
            state,
            profile_id=decision.profile_id,
            customer_id=decision.customer_id,
        )
        print("gate:", allowed.summary())
        result = LinkResult(links=(decision,), spec_hash="example")
        save_run(
            session, result, inputs={"crm": "example"}, legal_basis="opt_in_consent"
        )

    # 3. Lookups and the receipt.
    with session_scope(engine) as session:
        found = lookup_customer(session, "twitter", decision.profile_id)
        print("lookup before withdrawal:", found and found.customer_id)
        receipt = kantara_receipt(history(session, profile), CONTROLLER)
        print("Kantara receipt id:", receipt["consentReceiptID"])

    # 4. "STOP" by DM: one call.
    with session_scope(engine) as session:
        done = withdraw(
            session,
            profile,
            Purpose.IDENTITY_LINKING,
            actor="data_subject",
            method=Method.DM_KEYWORD,
            evidence="DM 'STOP'",
        )
        print(
            f"withdrawn links: {list(done.withdrawn_link_ids)}, "
            f"purged profiles: {len(done.purged_profiles)}"
        )

    # 5. Nothing is returned any more; the history stays.
    with session_scope(engine) as session:
        found = lookup_customer(session, "twitter", decision.profile_id)
        print("lookup after withdrawal:", found)
        record = dpv_consent_record(history(session, profile), CONTROLLER)
        statuses = [
            s["@type"][0] for p in record["dpv:hasProcess"]
            for s in p["dpv:hasConsentStatus"]
        ]  # fmt: skip
        print("DPV history:", statuses)
        print("current state:", record["dpv:hasProcess"][0]["schema:status"])
    engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(sys.argv[1])
    else:
        with tempfile.TemporaryDirectory() as folder:
            main(f"sqlite:///{Path(folder) / 'consent.db'}")
