"""``examples/store_and_review.py`` runs: link, save, review, lookup, labels, export,
and its review is a right one (issue 17 item 14)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from identitylink.storage import make_engine, session_scope
from identitylink.storage._models import DecisionRow, LinkRow

EXAMPLE = Path(__file__).parents[2] / "examples" / "store_and_review.py"
TRUTH = EXAMPLE.with_name("data") / "truth.csv"


def test_the_store_and_review_example_runs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'example.db'}"
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), url],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "saved run" in done.stdout
    assert "labels for training: [ReviewLabel(" in done.stdout
    assert "is_match=True" in done.stdout and "is_match=False" in done.stdout
    exported = re.search(r"access export: (\d+) link\(s\), (\d+) audit", done.stdout)
    assert exported is not None
    assert int(exported[1]) >= 1 and int(exported[2]) >= 1  # the review is audited


def test_the_example_reviews_right_with_honest_reasons(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'example.db'}"
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), url],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with TRUTH.open(encoding="utf-8", newline="") as fh:
        truth = {
            (r["profile_platform"], r["profile_id"], r["customer_id"])
            for r in csv.DictReader(fh)
        }
    engine = make_engine(url)
    with session_scope(engine) as session:
        reviewed = session.execute(
            select(LinkRow, DecisionRow)
            .join(DecisionRow, DecisionRow.decision_id == LinkRow.decision_id)
            .where(LinkRow.decided_by == "ana")
        ).all()
    engine.dispose()

    statuses = {link.status for link, _ in reviewed}
    assert statuses == {"accepted", "rejected"}  # both kinds of decision are shown
    for link, decision in reviewed:
        pair = (link.platform, link.profile_id, link.customer_id)
        assert (link.status == "accepted") == (pair in truth), (pair, link.reason)
        terms = {t["comparison"]: t for t in json.loads(decision.explanation)["terms"]}
        if "e-mail" in (link.reason or ""):
            email = terms["email"]
            assert email["left"] is not None and email["right"] is not None
            assert email["weight"] > 0
