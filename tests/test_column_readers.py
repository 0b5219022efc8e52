"""Issue 13: the column readers return what the per-record readers do, as columns.

The same values (mapped, repaired, split), the same errors and warnings, and the
same links when the linker runs on them; on the shipped sample and on small files
written to hold every kind of bad row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import identitylink as il
from identitylink.cli import cli

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"
MAPPING = json.loads((DATA / "crm_mapping.json").read_text(encoding="utf-8"))


def _mojibake(text: str) -> str:
    """UTF-8 bytes read as cp1252 (Latin-1 where cp1252 has no character)."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b)
        for b in text.encode("utf-8")
    )


def _birth(date: il.PartialDate | None) -> tuple[int, int, int]:
    if date is None:
        return (0, 0, 0)
    return (date.year or 0, date.month or 0, date.day or 0)


def _customer_row(c: il.Customer) -> dict[str, Any]:
    row = c.model_dump(exclude={"birth_date", "attributes"})
    row["birth"] = _birth(c.birth_date)
    row["attributes"] = dict(c.attributes)
    return row


def _customer_rows(read: il.ColumnRead) -> list[dict[str, Any]]:
    frame = read.frame
    out = []
    for i, rec in enumerate(frame.to_dict("records")):
        row = {k: v for k, v in rec.items() if not k.startswith("birth_")}
        row["birth"] = (rec["birth_year"], rec["birth_month"], rec["birth_day"])
        extra = read.attributes
        row["attributes"] = (
            {}
            if extra is None
            else {k: v for k, v in extra.iloc[i].items() if v is not None}
        )
        out.append(row)
    return out


def _profile_row(p: il.SocialProfile) -> dict[str, Any]:
    row = p.model_dump(
        exclude={"birthday", "location", "hometown", "raw", "source", "fetched_at"}
    )
    row["birth"] = _birth(p.birthday)
    for key in ("location", "hometown"):
        place = getattr(p, key)
        row[key] = place.name if place else None
        row[f"{key}_id"] = place.id if place else None
    return row


def _profile_rows(read: il.ColumnRead) -> list[dict[str, Any]]:
    out = []
    for rec in read.frame.to_dict("records"):
        row = {k: v for k, v in rec.items() if not k.startswith("birth_")}
        row["birth"] = (rec["birth_year"], rec["birth_month"], rec["birth_day"])
        out.append(row)
    return out


def _notes(read: il.ReadResult[Any] | il.ColumnRead) -> dict[str, Any]:
    return {
        "errors": [e.model_dump() for e in read.errors],
        "warnings": [w.model_dump() for w in read.warnings],
        "source": read.source,
        "columns": read.columns,
        "kind": read.kind,
        "encoding": read.encoding,
        "counts": (read.repaired_values, read.suspect_values, read.recoded_lines),
    }


def test_shipped_sample_reads_the_same_records_and_errors() -> None:
    """The shipped CRM (full names, a mapping, an attribute) and both profile files,
    with their bad lines: the same rows, values, errors and warnings either way."""
    crm = il.read_crm(DATA / "crm.csv", MAPPING, errors="collect")
    crm_columns = il.read_crm_columns(DATA / "crm.csv", MAPPING, errors="collect")
    tw = il.read_twitter(DATA / "twitter.jsonl", errors="collect")
    tw_columns = il.read_twitter_columns(DATA / "twitter.jsonl", errors="collect")
    fb = il.read_facebook(DATA / "facebook.jsonl", errors="collect", app_id="42")
    fb_columns = il.read_facebook_columns(
        DATA / "facebook.jsonl", errors="collect", app_id="42"
    )

    assert [_customer_row(c) for c in crm] == _customer_rows(crm_columns)
    assert _notes(crm) == _notes(crm_columns)
    assert [_profile_row(p) for p in tw] == _profile_rows(tw_columns)
    assert _notes(tw) == _notes(tw_columns)
    assert tw.errors  # the sample holds bad lines: they are reported alike
    assert [_profile_row(p) for p in fb] == _profile_rows(fb_columns)
    assert _notes(fb) == _notes(fb_columns)


def test_both_paths_give_identical_links_on_the_shipped_sample() -> None:
    """Linking the column reads gives the links (and rejections) of the records."""
    crm = il.read_crm(DATA / "crm.csv", MAPPING, errors="collect")
    profiles = il.ReadResult.merge(
        [
            il.read_twitter(DATA / "twitter.jsonl", errors="collect"),
            il.read_facebook(DATA / "facebook.jsonl", errors="collect"),
        ]
    )
    crm_columns = il.read_crm_columns(DATA / "crm.csv", MAPPING, errors="collect")
    profile_columns = il.ColumnRead.concat(
        [
            il.read_twitter_columns(DATA / "twitter.jsonl", errors="collect"),
            il.read_facebook_columns(DATA / "facebook.jsonl", errors="collect"),
        ]
    )

    by_records = il.Linker().link(crm, profiles, rejected=True)
    by_columns = il.Linker().link(crm_columns, profile_columns, rejected=True)

    assert by_records.links
    assert [d.model_dump() for d in by_records.links] == [
        d.model_dump() for d in by_columns.links
    ]
    assert [d.model_dump() for d in by_records.rejected] == [
        d.model_dump() for d in by_columns.rejected
    ]
    assert by_records.counts == by_columns.counts
    assert [e.model_dump() for e in by_records.errors] == [
        e.model_dump() for e in by_columns.errors
    ]


def test_bad_crm_rows_are_reported_alike_and_the_rest_kept(tmp_path: Path) -> None:
    """Missing and duplicate ids, a control character and an unknown country are
    bad rows; a bad e-mail or date is read as missing with a warning; a mojibake
    value is repaired. The column reader reports each as the record reader does."""
    path = tmp_path / "crm.csv"
    path.write_text(
        "customer_id,first_name,last_name,email,country,birth_date,tier\n"
        "C1,Ana,Silva,ana@example.com,PT,1990-01-02,gold\n"
        ",Bob,Stone,bob@example.com,GB,1980-03-04,\n"
        "C1,Ana,Dup,ana2@example.com,PT,1990-01-02,\n"
        "C3,Eve\x01,Moss,eve@example.com,FR,1970-05-06,\n"
        f"C4,{_mojibake('Åsa')},{_mojibake('Lövström')},asa@example.se,SE,,\n"
        "C5,Max,Bauer,not-an-email,Narnia,1975-13-45,silver\n"
        "C6,Jean,van der Berg,jean@example.nl,Netherlands,31/12/1960,\n",
        encoding="utf-8",
    )

    records = il.read_crm(path, errors="collect")
    columns = il.read_crm_columns(path, errors="collect")

    assert len(columns) == len(records) >= 3
    assert columns.errors
    assert records.repaired_values >= 2
    assert [_customer_row(c) for c in records] == _customer_rows(columns)
    assert _notes(records) == _notes(columns)


def test_bad_profile_rows_are_reported_alike(tmp_path: Path) -> None:
    """Broken JSON, ids that are no ids, duplicates, v1.1 objects, envelopes and a
    number where text belongs: the same profiles, errors and warnings."""
    x = tmp_path / "x.jsonl"
    x.write_text(
        "\n".join(
            [
                json.dumps({"id": "1", "name": "Ana Silva", "username": "anas"}),
                '{"id": "2", "name": ',
                json.dumps({"id": "x9", "name": "Not An Id"}),
                json.dumps({"id": "1", "name": "Ana Again"}),
                json.dumps({"id_str": "3", "screen_name": "bobs", "name": "Bob"}),
                json.dumps({"data": [{"id": "4", "name": "Eve Moss"}]}),
                json.dumps({"id": "5", "name": 12, "description": "bio | Porto"}),
                json.dumps({"id": "6", "name": "Max", "email": "nope"}),
                json.dumps({"errors": [{"detail": "Not Found"}]}),
                json.dumps({"id": "7", "name": _mojibake("Jürgen Müller")}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    fb = tmp_path / "fb.jsonl"
    fb.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "11",
                        "first_name": "Ana",
                        "last_name": "Silva",
                        "birthday": "02/30/1990",
                        "location": {"id": "5", "name": "Porto, Portugal"},
                    }
                ),
                json.dumps({"id": "12", "name": "Bob", "profile_pic": "p.jpg"}),
                json.dumps({"id": "13", "name": "Eve", "page_id": "77"}),
                json.dumps({"id": "11", "name": "Ana Dup"}),
                json.dumps({"id": "14", "name": "Max", "hometown": "Berlin"}),
                json.dumps({"id": "15", "name": "Zoe", "birthday": "07/26"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )

    tw_records = il.read_twitter(x, errors="collect")
    tw_columns = il.read_twitter_columns(x, errors="collect")
    fb_records = il.read_facebook(fb, errors="collect")
    fb_columns = il.read_facebook_columns(fb, errors="collect")

    assert tw_records.errors and fb_records.errors
    assert [_profile_row(p) for p in tw_records] == _profile_rows(tw_columns)
    assert _notes(tw_records) == _notes(tw_columns)
    assert [_profile_row(p) for p in fb_records] == _profile_rows(fb_columns)
    assert _notes(fb_records) == _notes(fb_columns)


def test_raise_mode_raises_the_same_error(tmp_path: Path) -> None:
    """With errors="raise", the first bad row raises the same InvalidRecordError."""
    path = tmp_path / "crm.csv"
    path.write_text("customer_id,first_name\nC1,Ana\nC1,Bob\n", encoding="utf-8")

    with pytest.raises(il.InvalidRecordError) as by_records:
        il.read_crm(path)
    with pytest.raises(il.InvalidRecordError) as by_columns:
        il.read_crm_columns(path)

    assert str(by_records.value) == str(by_columns.value)


def test_concat_and_require_records(tmp_path: Path) -> None:
    """``concat`` joins reads as ``ReadResult.merge`` does; ``require_records``
    refuses a read without a usable record, naming its errors."""
    tw = il.read_twitter_columns(DATA / "twitter.jsonl", errors="collect")
    fb = il.read_facebook_columns(DATA / "facebook.jsonl", errors="collect")
    merged = il.ReadResult.merge(
        [
            il.read_twitter(DATA / "twitter.jsonl", errors="collect"),
            il.read_facebook(DATA / "facebook.jsonl", errors="collect"),
        ]
    )

    joined = il.ColumnRead.concat([tw, fb])

    assert len(joined) == len(merged)
    assert _notes(joined) == _notes(merged)
    assert joined.frame["profile_id"].tolist() == [p.profile_id for p in merged]
    bad = tmp_path / "bad.csv"
    bad.write_text("customer_id,first_name\n,Ana\n", encoding="utf-8")
    with pytest.raises(il.EmptyInputError, match="is missing"):
        il.read_crm_columns(bad, errors="collect").require_records("customers")
    crm = il.read_crm_columns(DATA / "crm.csv", MAPPING, errors="collect")
    with pytest.raises(il.ConfigurationError, match="do not mix"):
        il.ColumnRead.concat([crm, tw])


def test_cli_link_timings_lists_every_stage(tmp_path: Path) -> None:
    """``link --timings --json`` adds each stage's seconds and peak memory, and the
    links are those of the library's record path."""
    out = tmp_path / "links.csv"
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "link",
            "--crm",
            str(DATA / "crm.csv"),
            "--crm-mapping",
            str(mapping),
            "--twitter",
            str(DATA / "twitter.jsonl"),
            "--facebook",
            str(DATA / "facebook.jsonl"),
            "--out",
            str(out),
            "--json",
            "--timings",
        ],
    )

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    stages = [lap["stage"] for lap in summary["stage_timings"]]
    assert stages[:3] == ["read crm", "read twitter", "read facebook"]
    assert {"normalize", "block", "compare", "decide", "write"} <= set(stages)
    crm = il.read_crm(DATA / "crm.csv", MAPPING, errors="collect")
    profiles = il.ReadResult.merge(
        [
            il.read_twitter(DATA / "twitter.jsonl", errors="collect"),
            il.read_facebook(DATA / "facebook.jsonl", errors="collect"),
        ]
    )
    expected = tmp_path / "expected.csv"
    il.write_links_csv(il.Linker().link(crm, profiles), expected)
    assert expected.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
