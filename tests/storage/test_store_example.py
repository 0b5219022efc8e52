"""``examples/store_and_review.py`` runs: link, save, review, lookup, labels, export."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "store_and_review.py"


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
