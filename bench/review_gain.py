"""How much do reviewed pairs raise F1? (issue 4 §2)

1. Link the data with an untrained linker and measure F1 against ``truth.csv``.
2. Save the run in a throw-away SQLite store.
3. A simulated reviewer works through N pending links of the review queue in the
   review page's order (most uncertain first, ``--pick queue``, the default), or
   spread evenly over the store's list (``--pick spread``), or its N best-scored
   (``--pick top``), accepting the true pairs and rejecting the others (truth
   decides).
4. F1 of the first run with the reviews applied (rejected pairs dropped).
5. ``review_labels`` turns the reviews into labels; a fresh linker is trained with
   them and links again twice: once without the labels (what training alone
   gives) and once with ``link(..., labels=...)``, the next run a user makes: it
   keeps the reviewed decisions (accepted pairs linked, rejected ones no longer
   candidates, so they stop holding back their profiles' other candidates as
   namesakes) and re-decides everything else around them.

    .venv/bin/python bench/review_gain.py --data dev-small          # a minute or two
    .venv/bin/python bench/review_gain.py --reviews 200             # dev-large: long
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import resolve_data

from identitylink import (
    Linker,
    evaluate,
    read_crm,
    read_facebook,
    read_truth,
    read_twitter,
)
from identitylink.storage import (
    accept_link,
    list_pending_reviews,
    make_engine,
    reject_link,
    review_labels,
    save_run,
    session_scope,
    upgrade_schema,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=None, help="dev-large (default), or a path")
    parser.add_argument("--reviews", type=int, default=200, help="pairs reviewed")
    parser.add_argument(
        "--pick",
        choices=("queue", "spread", "top"),
        default="queue",
        help="the review page's order (most uncertain first), pairs spread evenly "
        "over the queue, or its best-scored ones",
    )
    parser.add_argument("--json", type=Path, default=None, help="write figures here")
    args = parser.parse_args()
    data = resolve_data(args.data)
    customers = read_crm(data / "crm.csv", errors="collect")
    profiles = [*read_twitter(data / "twitter.jsonl", errors="collect")]
    profiles += read_facebook(data / "facebook.jsonl", errors="collect")
    truth = read_truth(data / "truth.csv")
    true_pairs = {
        (r.profile_platform, r.profile_id, r.customer_id)
        for r in truth.itertuples(index=False)
    }

    start = time.perf_counter()
    before = Linker().link(customers, profiles)
    f1_before = evaluate(before, truth).overall.f1

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'review.db'}")
        upgrade_schema(engine)
        with session_scope(engine) as session:
            save_run(session, before, inputs={"data": str(data)})
        with session_scope(engine) as session:
            queue = list_pending_reviews(session)
            if args.pick == "queue":  # the review page's order (identitylink.web)
                queue.sort(key=lambda i: (abs(i.probability - 0.5), i.link_id))
            step = max(1, len(queue) // args.reviews) if args.pick == "spread" else 1
            for item in queue[::step][: args.reviews]:
                key = (item.platform, item.profile_id, item.customer_id)
                decide = accept_link if key in true_pairs else reject_link
                decide(session, item.link_id, reviewer="bench", reason="truth.csv")
        with session_scope(engine) as session:
            labels = review_labels(session)
        engine.dispose()

    rejected = {
        (lb.platform, lb.profile_id, lb.customer_id) for lb in labels if not lb.is_match
    }
    reviewed = before.model_copy(
        update={
            "links": tuple(
                d
                for d in before.links
                if (d.profile_platform, d.profile_id, d.customer_id) not in rejected
            )
        }
    )
    f1_reviewed = evaluate(reviewed, truth).overall.f1

    retrained = Linker()
    retrained.train(customers, profiles, labels=labels)
    f1_trained_only = evaluate(retrained.link(customers, profiles), truth).overall.f1
    after = retrained.link(customers, profiles, labels=labels)
    f1_after = evaluate(after, truth).overall.f1
    figures = {
        "data": str(data),
        "pick": args.pick,
        "reviewed_pairs": len(labels),
        "of_which_matches": sum(label.is_match for label in labels),
        "f1_before": round(f1_before, 4),
        "f1_reviews_applied": round(f1_reviewed, 4),
        "f1_retrained_without_labels": round(f1_trained_only, 4),
        "f1_after": round(f1_after, 4),
        "f1_gain": round(f1_after - f1_before, 4),
        "wall_s": round(time.perf_counter() - start, 1),
    }
    print(
        f"{figures['reviewed_pairs']} reviewed pairs "
        f"({figures['of_which_matches']} matches): F1 {f1_before:.4f}; with the "
        f"reviews applied {f1_reviewed:.4f}; retrained on them, linked without "
        f"them {f1_trained_only:.4f}; the next run with them {f1_after:.4f} "
        f"({f1_after - f1_before:+.4f}, {f1_after - f1_reviewed:+.4f} over the "
        f"reviews applied)"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
