"""``examples/read_inputs.py`` runs as written and reports the sample's errors."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent.parent / "examples" / "read_inputs.py"


def test_read_inputs_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The script prints each input's counts and lists its broken records.

    The sample's impossible birth date is a warning: its record is kept.
    """
    runpy.run_path(str(SCRIPT), run_name="__main__")
    out = capsys.readouterr().out
    assert "crm: 301 records, 2 errors, 1 values read as missing" in out
    assert "warning: " in out and "field 'birth_date' value " in out
    assert "page:" in out
