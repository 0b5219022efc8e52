"""Encodings: UTF-8 with or without BOM, legacy code pages detected, or refused."""

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
