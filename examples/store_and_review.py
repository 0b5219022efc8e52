"""Store a linking run, work through the review queue, and use the reviews to retrain.

1. Link the sample CRM to the sample X and Facebook profiles.
2. Save the run in a database (a throw-away SQLite file unless a URL is given).
3. List the links waiting for review, with the explanation of the best one.
4. A reviewer accepts the best pending link and rejects the weakest.
5. Lookups now find the accepted link; the rejected one is never returned.
6. The reviews become labels for the next training run.
7. The person behind the accepted link asks what is held about them (access export).

Run: ``python examples/store_and_review.py [DATABASE_URL]``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from identitylink import Linker, read_crm, read_facebook, read_twitter
from identitylink.storage import (
    accept_link,
    export_customer,
    list_pending_reviews,
    lookup_customer,
    make_engine,
    reject_link,
    review_labels,
    save_run,
    session_scope,
    upgrade_schema,
)

DATA = Path(__file__).with_name("data")


def main(database_url: str) -> None:
    # The sample holds a few bad rows on purpose: collect them, keep the good ones.
    customers = read_crm(DATA / "crm.csv", DATA / "crm_mapping.json", errors="collect")
    profiles = [*read_twitter(DATA / "twitter.jsonl", errors="collect")]
    profiles += read_facebook(DATA / "facebook.jsonl", errors="collect")
    linker = Linker()
    result = linker.link(customers, profiles)
    print(f"linked: {len(result.auto)} automatic, {len(result.review)} to review")

    engine = make_engine(database_url)
    upgrade_schema(engine)
    with session_scope(engine) as session:
        run_id = save_run(
            session,
            result,
            inputs={"crm": "crm.csv", "twitter": "twitter.jsonl"},
            customers=customers,
            profiles=profiles,
        )
    print(f"saved run {run_id}")

    with session_scope(engine) as session:
        pending = list_pending_reviews(session)
    print(f"{len(pending)} links wait for review")
    if len(pending) < 2:
        print("(too few to show the review; try a larger sample)")
        return
    best, weakest = pending[0], pending[-1]
    print(f"best pending link {best.link_id} ({best.probability:.3f}):")
    print(best.explanation.to_text())

    with session_scope(engine) as session:
        accept_link(session, best.link_id, reviewer="ana", reason="same e-mail")
        reject_link(session, weakest.link_id, reviewer="ana", reason="other city")

    with session_scope(engine) as session:
        found = lookup_customer(session, best.platform, best.profile_id, best.scope)
        gone = lookup_customer(session, weakest.platform, weakest.profile_id)
        labels = review_labels(session)
        export = export_customer(session, best.customer_id)
    assert found is not None and found.customer_id == best.customer_id
    assert gone is None or gone.customer_id != weakest.customer_id
    print(f"lookup {best.platform}/{best.profile_id} -> {found.customer_id}")
    print(f"labels for training: {labels}")
    linker.train(customers, profiles, labels=labels)
    print(f"retrained with {len(labels)} reviewed pairs")
    print(
        f"access export: {len(export['links'])} link(s), "
        f"{len(export['audit_log'])} audit line(s), "
        f"{len(json.dumps(export))} bytes of JSON"
    )
    engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(sys.argv[1])
    else:
        with tempfile.TemporaryDirectory() as tmp:
            main(f"sqlite:///{Path(tmp) / 'identitylink.db'}")
