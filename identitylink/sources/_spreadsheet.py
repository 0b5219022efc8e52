"""Spreadsheet workbooks are not read: say so instead of decoding zip bytes as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from identitylink.exceptions import InputError

__all__ = ["refuse_workbook"]

_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".numbers"})


def refuse_workbook(source: Any) -> None:
    """Raise :class:`~identitylink.InputError` if ``source`` names a workbook file."""
    if isinstance(source, str | Path) and Path(source).suffix.lower() in (
        _WORKBOOK_SUFFIXES
    ):
        raise InputError(
            f"{source}: spreadsheet workbooks (Excel, ODS) are not read; save the "
            "sheet as CSV (in Excel: File > Save As > CSV UTF-8) and pass that file"
        )
