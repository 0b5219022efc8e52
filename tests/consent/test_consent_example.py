"""``examples/consent_workflow.py`` runs and shows the withdrawal taking effect."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "consent_workflow.py"


def test_consent_workflow_example_runs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'example.db'}"

    done = subprocess.run(
        [sys.executable, str(EXAMPLE), url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "lookup before withdrawal: C-1001" in lines
    assert "lookup after withdrawal: None" in lines
    assert "DPV history: ['dpv:ConsentGiven', 'dpv:ConsentWithdrawn']" in lines
