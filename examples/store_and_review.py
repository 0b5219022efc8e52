"""Store a linking run, work through the review queue, and use the reviews to retrain.

1. Link the sample CRM to the sample X and Facebook profiles.
2. Save the run in a database (a throw-away SQLite file unless a URL is given).
3. List the links waiting for review, with the explanation of the best one.
4. A reviewer goes through the first pending links. She knows the answer (here: the
   sample's truth.csv stands in for her checking the person's account), accepts the
   links that are right and rejects the wrong ones; each reason names the evidence
   the explanation really shows, never an e-mail the profile does not have.
5. Lookups now find the accepted links; the rejected ones are never returned.
6. The reviews become labels for the next training run.
7. The person behind an accepted link asks what is held about them (access export).

Run: ``python examples/store_and_review.py [DATABASE_URL]``.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from pathlib import Path

from identitylink import Explanation, Linker, read_crm, read_facebook, read_twitter
from identitylink.storage import (
    ReviewItem,
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
REVIEWED = 6  # the reviewer takes this many of the best and of the weakest links

_NO_EVIDENCE = {"null", "else"}  # a missing side, or no agreement level reached
_WORDS = {
    "given_name": "given name",
    "family_name": "family name",
    "email": "e-mail",
    "username": "username",
    "place": "place",
    "birth_date": "birth date",
    "phone": "phone",
}


def _truth() -> dict[tuple[str, str], str]:
    """(platform, profile id) -> the true customer, as truth.csv records it."""
    with (DATA / "truth.csv").open(encoding="utf-8", newline="") as fh:
        return {
            (r["profile_platform"], r["profile_id"]): r["customer_id"]
            for r in csv.DictReader(fh)
        }


def evidence(explanation: Explanation) -> tuple[list[str], list[str]]:
    """What agrees and what disagrees, from the terms both sides have a value for.

    A comparison with a missing side (``null``: the profile shows no e-mail) is
    neither: it is not evidence, and a reason never cites it.
    """
    agree, disagree = [], []
    for term in explanation.terms:
        if term.left is None or term.right is None or term.level == "null":
            continue
        if term.comparison == "cross_platform":
            if term.weight > 0:
                agree.append(f"{term.right} is linked to the same customer")
            continue
        words = _WORDS.get(term.comparison, term.comparison)
        if term.weight > 0 and term.level not in _NO_EVIDENCE:
            agree.append(f"same {words} ({term.level})")
        elif term.weight < 0:
            disagree.append(f"{words} differs")
    return agree, disagree


def review(item: ReviewItem, truth: dict[tuple[str, str], str]) -> tuple[bool, str]:
    """The reviewer's decision and her reason for one pending link."""
    agree, disagree = evidence(item.explanation)
    true_customer = truth.get((item.platform, item.profile_id))
    if true_customer == item.customer_id:
        shown = ", ".join(agree) or "the names only"
        return True, f"account checked: same person; {shown}"
    who = (
        f"the profile is customer {true_customer}"
        if true_customer is not None
        else "the profile is none of our customers"
    )
    against = f"; {', '.join(disagree)}" if disagree else ""
    return False, f"account checked: {who}{against}"


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
    if not pending:
        print("(nothing to review; try a larger sample)")
        return
    best = pending[0]
    print(f"best pending link {best.link_id} ({best.probability:.3f}):")
    print(best.explanation.to_text())

    truth = _truth()
    decided: list[tuple[ReviewItem, bool]] = []
    with session_scope(engine) as session:
        chosen = pending[:REVIEWED] + pending[REVIEWED:][-REVIEWED:]
        for item in chosen:
            right, reason = review(item, truth)
            decide = accept_link if right else reject_link
            decide(session, item.link_id, reviewer="ana", reason=reason)
            decided.append((item, right))
            verdict = "accepted" if right else "rejected"
            print(
                f"{verdict} link {item.link_id} {item.platform}/{item.profile_id} "
                f"-> {item.customer_id}: {reason}"
            )

    with session_scope(engine) as session:
        for item, right in decided:
            found = lookup_customer(session, item.platform, item.profile_id, item.scope)
            assert (found is not None) == right, item
        labels = review_labels(session)
        first = next((item for item, right in decided if right), None)
        export = export_customer(session, first.customer_id) if first else None
    accepted = sum(right for _, right in decided)
    print(
        f"reviewed {len(decided)}: {accepted} accepted, {len(decided) - accepted} "
        "rejected; lookups return exactly the accepted ones"
    )
    print(f"labels for training: {labels}")
    linker.train(customers, profiles, labels=labels)
    print(f"retrained with {len(labels)} reviewed pairs")
    if export is not None:
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
