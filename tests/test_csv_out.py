"""``write_csv``: any table written for a spreadsheet, no cell runs as a formula."""

from __future__ import annotations

import csv
import io

from identitylink import write_csv


def test_formula_cells_are_quoted_and_plain_cells_kept() -> None:
    """A cell starting with = + - @ tab or CR gets a leading quote; others stay."""
    out = io.StringIO()

    count = write_csv(
        out,
        ["customer_id", "note"],
        [("c1", '=HYPERLINK("http://x")'), ("c2", "plain"), ("@c3", None)],
    )

    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert count == 3
    assert rows == [
        ["customer_id", "note"],
        ["c1", '\'=HYPERLINK("http://x")'],
        ["c2", "plain"],
        ["'@c3", ""],
    ]
