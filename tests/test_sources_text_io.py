"""Encodings: UTF-8 with or without BOM, legacy code pages detected, or refused.

Per-line decoding and per-value mojibake repair: tests/test_sources_encodings.py.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from identitylink import EncodingError, InputError
from identitylink.sources import read_crm, read_twitter

CRM = (
    "customer_id;Prénom;Nom;Ville\n"
    "1;Stéphane;Müller;Besançon\n"
    "2;Françoise;Groß;Köln\n"
    "3;João;Gonçalves;Lisboa\n"
    "4;Zoë;Núñez;Cádiz\n"
)


def names(path: Path) -> list[tuple[tuple[str, ...], tuple[str, ...], str | None]]:
    return [(c.given_names, c.family_names, c.city) for c in read_crm(path)]


EXPECTED = [
    (("Stéphane",), ("Müller",), "Besançon"),
    (("Françoise",), ("Groß",), "Köln"),
    (("João",), ("Gonçalves",), "Lisboa"),
    (("Zoë",), ("Núñez",), "Cádiz"),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings(tmp_path: Path, encoding: str) -> None:
    """UTF-8 with or without a BOM (the BOM does not stick to the first header)."""
    path = tmp_path / "crm.csv"
    path.write_bytes(CRM.encode(encoding))
    assert names(path) == EXPECTED
    assert read_crm(path).columns["customer_id"] == "customer_id"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_legacy_exports_are_detected(tmp_path: Path, encoding: str) -> None:
    """A cp1252/latin-1 export reads without mojibake, and says how it was read."""
    path = tmp_path / "crm.csv"
    path.write_bytes(CRM.encode(encoding))
    assert names(path) == EXPECTED
    assert read_crm(path).encoding == "cp1252"


def test_central_european_export_is_not_read_as_cp1252(tmp_path: Path) -> None:
    """Polish letters in cp1250 are not mistaken for Western ones."""
    text = "id;name\n1;Łukasz Wiśniewski\n2;Paweł Żółć\n"
    path = tmp_path / "crm.csv"
    path.write_bytes(text.encode("cp1250"))
    result = read_crm(path)
    assert [c.family_names for c in result] == [("Wiśniewski",), ("Żółć",)]
    assert result.encoding == "cp1250"


def test_undecodable_bytes_are_refused_naming_the_file(tmp_path: Path) -> None:
    """Bytes no encoding fits raise EncodingError with the file name."""
    rng = random.Random(3)
    path = tmp_path / "garbage.jsonl"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(2000)))
    with pytest.raises(EncodingError, match=r"garbage\.jsonl"):
        read_twitter(path, errors="collect")


def test_text_stream_is_used_as_is() -> None:
    """A text file object is not decoded again; a leading BOM is dropped."""
    result = read_crm(io.StringIO("\ufeffid,name\n1,Zoë Núñez\n"))
    assert result.columns["customer_id"] == "id"
    assert result.records[0].family_names == ("Núñez",)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    """A path that does not exist is named in an InputError."""
    with pytest.raises(InputError, match=r"nope\.csv"):
        read_crm(tmp_path / "nope.csv")


def _double_encode(text: str) -> bytes:
    """UTF-8 bytes read as cp1252 (Latin-1 where cp1252 has a hole), saved again."""
    chars = []
    for byte in text.encode("utf-8"):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars).encode("utf-8")


def test_double_encoded_utf8_is_repaired(tmp_path: Path) -> None:
    """'StÃ©phane' (UTF-8 saved twice) reads as 'Stéphane', and each value counts."""
    path = tmp_path / "crm.csv"
    path.write_bytes(_double_encode(CRM + "5;Zoë;“Núñez” – €;Köln\n"))
    result = read_crm(path)
    assert [c.family_names for c in result][:4] == [e[1] for e in EXPECTED]
    assert result.records[4].family_names == ("“Núñez”", "–", "€")
    assert result.encoding == "utf-8"
    assert (
        result.repaired_values
        == 1
        + sum(  # the header's "Prénom"
            not cell.isascii()
            for line in CRM.splitlines()[1:]
            for cell in line.split(";")
        )
        + 3
    )


def test_mixed_double_encoding_is_read(tmp_path: Path) -> None:
    """A file mixing double-encoded and clean UTF-8 is read, the broken rows fixed
    (it used to be refused as a whole)."""
    path = tmp_path / "crm.csv"
    path.write_bytes(_double_encode(CRM) + "5;Zoë;😀 Núñez;Köln\n".encode())
    result = read_crm(path)
    assert names(path)[:4] == EXPECTED
    assert result.records[4].family_names == ("😀", "Núñez")


def test_portuguese_capitals_are_not_mojibake(tmp_path: Path) -> None:
    """'JOÃO' is real text, not a double encoding."""
    path = tmp_path / "crm.csv"
    path.write_text("id;name\n1;JOÃO SÃO PAULO\n", encoding="utf-8")
    result = read_crm(path)
    assert result.encoding == "utf-8"
    assert result.records[0].given_names == ("JOÃO",) or "JOÃO" in str(
        result.records[0]
    )
