"""Every CSV identitylink writes goes through here, so that no cell runs as a formula.

A links file is opened in a spreadsheet before it is imported into a CRM. A cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
there (``=HYPERLINK(...)`` in a customer id or a name). OWASP's rule for CSV
injection: prefix such a cell with a single quote, which spreadsheets show as text.
Numbers written by identitylink itself (probabilities, weights) are not touched:
they are formatted here, never taken from input.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from identitylink.results import LINK_COLUMNS, LinkDecision, LinkResult

__all__ = ["LINK_COLUMNS", "safe_cell", "write_csv", "write_links_csv"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""


def safe_cell(value: object) -> str:
    """``value`` as CSV text that a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_csv(
    out: IO[str], header: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    """Write ``header`` and ``rows`` to ``out`` as a CSV safe to open in a spreadsheet.

    Every cell that a spreadsheet would run as a formula (it starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading
    single quote, so exports of reviewed labels or of your own tables built from
    customer and profile data cannot carry CSV injection::

        with open("labels.csv", "w", newline="") as out:
            write_csv(out, ["customer_id", "note"], [("c1", "=HYPERLINK(...)")])

    Rows end in CRLF (RFC 4180), so that the writer quotes a cell holding a bare
    carriage return (with ``\n`` alone as terminator, Python's ``csv`` leaves it
    unquoted and a reader splits the row there). Returns the rows written.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        count += 1
    return count


def _link_row(d: LinkDecision) -> tuple[str, ...]:
    return (
        d.profile_platform,
        d.profile_id,
        d.profile_scope,
        d.customer_id,
        f"{d.probability:.6f}",
        d.band,
        f"{d.match_weight:.4f}",
        d.profile_handle or "",
        d.profile_url or "",
    )


def write_links_csv(
    links: LinkResult | Iterable[LinkDecision], path: str | Path
) -> int:
    """Write one row per link (columns :data:`LINK_COLUMNS`) to ``path``.

    Pass the result a store returned (:func:`identitylink.storage.store_run`) so
    that refused and withdrawn links are not written. Returns the rows written.
    """
    decisions = links.links if isinstance(links, LinkResult) else links
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        return write_csv(fh, LINK_COLUMNS, (_link_row(d) for d in decisions))
