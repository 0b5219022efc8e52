"""``ReadResult.merge`` and ``ReadResult.require_records``: what the CLI relied on."""

from __future__ import annotations

from pathlib import Path

import pytest

from identitylink import EmptyInputError, ReadResult, read_crm, read_twitter


def test_merge_keeps_every_record_error_warning_and_count(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(
        '{"id": "1", "name": "Jean Dupont", "username": "jdupont"}\n{"id": "x"}\n',
        encoding="utf-8",
    )
    x = read_twitter(path, errors="collect")
    assert x.records and x.errors
    fb = ReadResult(records=[], errors=(), source="fb.jsonl", repaired_values=3)
    merged = ReadResult.merge([x, fb])
    assert list(merged.records) == list(x.records)
    assert list(merged.errors) == list(x.errors)
    assert merged.repaired_values == x.repaired_values + 3
    assert merged.source == f"{x.source}+fb.jsonl"
    assert ReadResult.merge([]).records == []


def test_require_records_names_the_source_and_its_first_errors() -> None:
    empty = read_crm([{"customer_id": "", "first_name": "x"}], errors="collect")
    with pytest.raises(EmptyInputError, match="holds no usable customers") as info:
        empty.require_records("customers")
    assert str(empty.errors[0]) in str(info.value)
    full = read_crm([{"customer_id": "C1", "first_name": "Ana"}], errors="collect")
    assert full.require_records("customers") is full
