"""Issue 11 §1 and issue 15 item 3: encodings decoded per line, mojibake per value.

A file that mixes clean and double-encoded rows is read, each broken value repaired
(ftfy) and counted; a value that cannot be repaired is kept as read and warned about
with its line and field; a UTF-8 file with one stray cp1252 byte stays UTF-8. Only a
file that no encoding decodes is refused.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from identitylink import EncodingError
from identitylink.cli import cli
from identitylink.sources import read_crm, read_facebook, read_twitter

NAMES = [
    ("Lövström", "Åsa", "Göteborg"),
    ("Gonçalves", "João", "São Paulo"),
    ("Nguyễn", "Văn Đức", "Hà Nội"),
    ("Wiśniewski", "Łukasz", "Łódź"),
    ("Müller", "Jürgen", "Köln"),
    ("Núñez", "Zoë", "Cádiz"),
    ("Иванов", "Иван", "Москва"),
    ("Yılmaz", "Ayşe", "İzmir"),
    ("Smith", "John", "Leeds"),
]
HEADER = "customer_id;first_name;last_name;city\n"


def _mojibake(text: str, times: int = 1) -> str:
    """UTF-8 bytes read as cp1252 (Latin-1 where cp1252 has no character), again."""
    for _ in range(times):
        text = "".join(
            bytes([b]).decode("cp1252", errors="ignore") or chr(b)
            for b in text.encode("utf-8")
        )
    return text


def _row(number: int) -> tuple[str, str, str, str]:
    family, given, city = NAMES[number % len(NAMES)]
    return f"C{number:05d}", given, family, city


def _people(path: Path) -> dict[str, tuple[str, str, str | None]]:
    result = read_crm(path, errors="collect")
    return {
        c.customer_id: (" ".join(c.given_names), " ".join(c.family_names), c.city)
        for c in result
    }


def test_one_percent_double_encoded_rows_are_read_and_repaired(tmp_path: Path) -> None:
    """1% of 1,000 rows double-encoded: every row read, every broken value repaired."""
    rows = [_row(n) for n in range(1000)]
    broken = set(range(7, 1000, 100))
    lines = [
        ";".join(_mojibake(cell) if n in broken else cell for cell in row)
        for n, row in enumerate(rows)
    ]
    path = tmp_path / "crm.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    result = read_crm(path, errors="collect")
    assert len(result) == 1000 and not result.errors and not result.warnings
    assert _people(path) == {r[0]: (r[1], r[2], r[3]) for r in rows}
    changed = sum(_mojibake(cell) != cell for n in broken for cell in rows[n])
    assert changed > len(broken)  # most broken rows hold several accented values
    assert result.repaired_values == changed
    assert result.suspect_values == 0
    assert result.encoding == "utf-8"


def test_triple_encoding_is_repaired(tmp_path: Path) -> None:
    """Text encoded three times ("LÃƒÂ¶vstrÃƒÂ¶m") reads as the original."""
    path = tmp_path / "crm.csv"
    rows = [_row(0), _row(3), _row(6)]
    text = "\n".join(";".join(_mojibake(c, 2) for c in row) for row in rows)
    path.write_text(HEADER + text + "\n", encoding="utf-8")
    assert "LÃƒÂ¶vstrÃƒÂ¶m" in text
    assert _people(path) == {r[0]: (r[1], r[2], r[3]) for r in rows}
    assert read_crm(path).repaired_values == sum(
        _mojibake(c) != c for row in rows for c in row
    )


def test_lost_bytes_are_kept_as_read_and_warned(tmp_path: Path) -> None:
    """U+FFFD (a byte lost on the way) cannot be repaired: value kept, warning."""
    lost = _mojibake("Nguyễn").replace("…", "\ufffd")  # "Nguyá»\ufffdn"
    path = tmp_path / "crm.csv"
    path.write_text(
        HEADER
        + f"C1;Văn;{lost};Hà Nội\n"
        + "C2;Thi;Tr\ufffdn;Huế\n"
        + f"C3;{_mojibake('Åsa')};{_mojibake('Lövström')};Malmö\n",
        encoding="utf-8",
    )
    result = read_crm(path)  # errors="raise": a suspect value does not raise
    people = _people(path)
    assert people["C1"][1] == lost and people["C2"][1] == "Tr\ufffdn"
    assert people["C3"] == ("Åsa", "Lövström", "Malmö")
    assert result.suspect_values == 2 and result.repaired_values == 2
    got = [(w.line, w.record_id, w.field, w.value) for w in result.warnings]
    assert got == [(2, "C1", "last_name", lost), (3, "C2", "last_name", "Tr\ufffdn")]
    assert all(
        w.source == str(path) and "kept as read" in w.reason for w in result.warnings
    )


def test_portuguese_capitals_stay_as_they_are(tmp_path: Path) -> None:
    """ "SÃO PAULO" and "JOÃO" are real text, even next to repaired mojibake."""
    path = tmp_path / "crm.csv"
    path.write_text(
        HEADER
        + "1;JOÃO;CONCEIÇÃO;SÃO PAULO\n"
        + f"2;{_mojibake('João')};{_mojibake('Gonçalves')};{_mojibake('SÃO PAULO')}\n",
        encoding="utf-8",
    )
    result = read_crm(path)
    people = _people(path)
    assert people["1"] == ("JOÃO", "CONCEIÇÃO", "SÃO PAULO")
    assert people["2"] == ("João", "Gonçalves", "SÃO PAULO")
    assert result.repaired_values == 3 and not result.warnings


def test_double_encoded_header_is_repaired(tmp_path: Path) -> None:
    """A whole file saved twice: the header is repaired too, so columns are found."""
    text = "customer_id;Prénom;Nom;Ville\n1;Stéphane;Müller;Besançon\n"
    path = tmp_path / "crm.csv"
    path.write_text(_mojibake(text), encoding="utf-8")
    result = read_crm(path)
    assert result.columns["first_name"] == "Prénom"
    assert _people(path)["1"] == ("Stéphane", "Müller", "Besançon")


def test_cp1252_file(tmp_path: Path) -> None:
    """A whole-file cp1252 export is detected and read, and says so."""
    rows = [_row(n) for n in (0, 1, 4, 5, 8)]  # letters cp1252 has
    path = tmp_path / "crm.csv"
    path.write_bytes((HEADER + "\n".join(map(";".join, rows)) + "\n").encode("cp1252"))
    result = read_crm(path)
    assert result.encoding == "cp1252" and not result.warnings
    assert _people(path) == {r[0]: (r[1], r[2], r[3]) for r in rows}


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_with_or_without_a_mark(tmp_path: Path, codec: str) -> None:
    """UTF-16 with a byte-order mark, or without one (either byte order)."""
    rows = [_row(n) for n in range(9)]
    path = tmp_path / "crm.csv"
    path.write_bytes((HEADER + "\n".join(map(";".join, rows)) + "\n").encode(codec))
    result = read_crm(path)
    assert result.encoding.startswith("utf-16")
    assert _people(path) == {r[0]: (r[1], r[2], r[3]) for r in rows}


def test_one_cp1252_byte_in_a_utf8_file(tmp_path: Path) -> None:
    """Issue 15 item 3: one cp1252 "é" in 5,000 UTF-8 rows; only that line recoded."""
    rows = [_row(n) for n in range(5000)]
    body = [";".join(row).encode("utf-8") for row in rows]
    body[2500] = "C02500;Stéphane;Müller;Besançon".encode("cp1252")
    path = tmp_path / "crm.csv"
    path.write_bytes(HEADER.encode() + b"\n".join(body) + b"\n")
    result = read_crm(path, errors="collect")
    people = _people(path)
    assert people.pop("C02500") == ("Stéphane", "Müller", "Besançon")
    assert people == {r[0]: (r[1], r[2], r[3]) for r in rows if r[0] != "C02500"}
    assert result.encoding.startswith("utf-8") and "cp1252" in result.encoding
    assert result.recoded_lines == 1
    (warning,) = result.warnings
    assert warning.source == str(path) and warning.line == 2502
    assert "not valid UTF-8" in warning.reason and "Stéphane" in (warning.value or "")


def test_utf8_and_cp1252_on_one_line(tmp_path: Path) -> None:
    """A line holding both: its UTF-8 stays UTF-8, only the stray bytes are cp1252."""
    path = tmp_path / "crm.csv"
    path.write_bytes(
        HEADER.encode()
        + "1;Zoë;Núñez;Cádiz\n".encode()
        + b"2;St\xe9phane;"
        + "Müller;Köln\n".encode()
    )
    assert _people(path)["2"] == ("Stéphane", "Müller", "Köln")


def test_a_file_nothing_decodes_is_refused(tmp_path: Path) -> None:
    """Random bytes fit no encoding: EncodingError naming the file."""
    rng = random.Random(11)
    path = tmp_path / "crm.csv"
    path.write_bytes(
        HEADER.encode() + bytes(rng.randrange(256) for _ in range(4000)) + b"\n"
    )
    with pytest.raises(EncodingError, match=r"crm\.csv"):
        read_crm(path, errors="collect")


def test_clean_values_never_reach_ftfy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean file (accents, "né·e", "SÃO") costs no ftfy call at all."""
    import ftfy

    calls: list[str] = []
    real = ftfy.fix_encoding

    def counting(text: str, *args: object, **kwargs: object) -> str:
        calls.append(text)
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ftfy, "fix_encoding", counting)
    path = tmp_path / "crm.csv"
    rows = [";".join(_row(n)) for n in range(50)] + ["X1;JOÃO;Sá;SÃO PAULO"]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    assert len(read_crm(path)) == 51
    assert calls == []
    path.write_text(HEADER + f"X2;{_mojibake('Åsa')};B;C\n", encoding="utf-8")
    assert read_crm(path).repaired_values == 1 and calls


def _jsonl(path: Path, users: list[dict[str, object]], ascii_only: bool) -> Path:
    lines = [json.dumps(u, ensure_ascii=ascii_only) for u in users]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("ascii_only", [False, True])
def test_x_profiles_are_repaired_per_value(tmp_path: Path, ascii_only: bool) -> None:
    """X users: names and locations repaired, raw or as JSON escapes."""
    users: list[dict[str, object]] = [
        {"id": "1", "name": "Åsa Lövström", "location": "Göteborg"},
        {"id": "2", "name": _mojibake("Åsa Lövström"), "location": _mojibake("Malmö")},
        {"id": "3", "name": _mojibake("Nguyễn").replace("…", "\ufffd")},
        {"id": "4", "name": "JOÃO", "location": "SÃO PAULO"},
    ]
    result = read_twitter(_jsonl(tmp_path / "x.jsonl", users, ascii_only))
    got = {p.profile_id: (p.display_name, p.location_text) for p in result}
    assert got["2"] == ("Åsa Lövström", "Malmö")
    assert got["4"] == ("JOÃO", "SÃO PAULO")
    assert got["3"][0] == users[2]["name"]
    assert (result.repaired_values, result.suspect_values) == (2, 1)
    assert [(w.line, w.record_id, w.field) for w in result.warnings] == [
        (3, "3", "name")
    ]


def test_facebook_profiles_are_repaired_per_value(tmp_path: Path) -> None:
    """Facebook users: first and last names and nested place names repaired."""
    users: list[dict[str, object]] = [
        {
            "id": "10",
            "first_name": _mojibake("Łukasz"),
            "last_name": _mojibake("Wiśniewski"),
            "location": {"name": _mojibake("Łódź, Poland")},
        },
        {"id": "11", "first_name": "Ana", "last_name": "Gonçalves"},
    ]
    result = read_facebook(_jsonl(tmp_path / "fb.jsonl", users, False))
    first = result.records[0]
    assert (first.given_name, first.family_name) == ("Łukasz", "Wiśniewski")
    assert first.location is not None and "Łódź" in str(first.location)
    assert result.records[1].family_name == "Gonçalves"
    assert result.repaired_values == 3 and not result.warnings


def test_read_and_link_print_the_repairs(tmp_path: Path) -> None:
    """``identitylink read`` and ``link`` say how many values were repaired/suspect."""
    crm = tmp_path / "crm.csv"
    crm.write_bytes(
        (
            HEADER
            + f"C1;{_mojibake('Åsa')};{_mojibake('Lövström')};Malmö\n"
            + "C2;Thi;Tr\ufffdn;Huế\n"
            + "C3;Anna;Schmidt;Köln\n"
        ).encode()
        + b"C4;St\xe9phane;Dupont;Lyon\n"
    )
    x = tmp_path / "x.jsonl"
    x.write_text(json.dumps({"id": "5", "name": _mojibake("Åsa Lövström")}) + "\n")
    result = CliRunner().invoke(cli, ["read", "--crm", str(crm), "--twitter", str(x)])
    assert result.exit_code == 0, result.output
    assert (
        "text: 2 values repaired (mojibake), 1 suspect values kept as read, "
        "1 lines not UTF-8 (read as cp1252)"
    ) in result.stdout
    assert "text: 1 values repaired (mojibake)" in result.stdout
    assert "crm.csv:3 [C2] last_name='Tr\ufffdn'" in result.stdout
    out = tmp_path / "links.csv"
    args = ["link", "--crm", str(crm), "--twitter", str(x), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (
        "input text: 3 values repaired (mojibake), 1 suspect values kept as read, "
        "1 lines not UTF-8 (read as cp1252)"
    ) in result.stdout
    assert "read as missing" not in result.stdout
    summary = json.loads(CliRunner().invoke(cli, [*args, "--json"]).stdout)
    assert summary["input_repaired_values"] == 3
    assert summary["input_suspect_values"] == 1
    assert summary["input_recoded_lines"] == 1
