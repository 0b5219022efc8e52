"""read_crm: CSV files, DataFrames and dicts; column detection, mappings, dates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from identitylink import (
    ConfigurationError,
    Customer,
    EmptyInputError,
    InvalidRecordError,
    PartialDate,
)
from identitylink.sources import ColumnMapping, read_crm

DATA = Path(__file__).parent / "data"


def write(tmp_path: Path, text: str, name: str = "crm.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_holdout_layout_through_a_mapping_file() -> None:
    """One full_name column, DD.MM.YYYY dates and renamed columns, via a JSON file."""
    result = read_crm(DATA / "holdout_crm.csv", DATA / "holdout_mapping.json")
    by_id = {c.customer_id: c for c in result}
    assert len(result) == 8
    assert tuple(result.errors) == ()
    assert result.columns["email"] == "email_address"
    johanna = by_id["H-001"]
    assert johanna.given_names == ("Johanna",)
    assert johanna.family_names == ("Berg",)
    assert johanna.name_particles == ("van der",)
    assert johanna.full_name == "van der Berg, Johanna"
    assert johanna.email == "j.vdberg@example.nl"
    assert johanna.phone == "+31 6 12345678"
    assert johanna.postcode == "1015 CJ"
    assert johanna.city == "Amsterdam"
    assert johanna.country == "NL"
    assert PartialDate(year=1985, month=7, day=4) == johanna.birth_date
    assert johanna.attributes == {"segment": "gold"}
    assert by_id["H-002"].given_names == ("Piotr",)
    assert PartialDate(year=1988, month=2, day=29) == by_id["H-002"].birth_date
    assert by_id["H-003"].family_names == ("DUPONT",)
    assert by_id["H-004"].family_names == ("García", "López")
    assert by_id["H-005"].family_names == ("Nguyễn",)
    assert by_id["H-006"].country == "FR"  # "fr" in the file
    assert PartialDate(year=1990) == by_id["H-008"].birth_date


def test_mapping_as_dict_and_model_give_the_same() -> None:
    """A dict, a ColumnMapping and the JSON file are the same mapping."""
    spec = json.loads((DATA / "holdout_mapping.json").read_text(encoding="utf-8"))
    from_dict = read_crm(DATA / "holdout_crm.csv", spec)
    from_model = read_crm(DATA / "holdout_crm.csv", ColumnMapping(**spec))
    assert list(from_dict) == list(from_model)


def test_auto_detection_reports_the_columns(tmp_path: Path) -> None:
    """English snake_case headers are recognised and the choice is reported."""
    path = write(
        tmp_path,
        "customer_id,first_name,last_name,email,phone,city,postcode,country,"
        "birth_date,created_at\n"
        "C1,Marie Hélène,van der Berg,m@example.com,+33 6 1,Lyon,69001,FR,"
        "1980-05-17,2020-01-01\n",
    )
    result = read_crm(path)
    assert result.columns == {
        "customer_id": "customer_id",
        "first_name": "first_name",
        "last_name": "last_name",
        "email": "email",
        "phone": "phone",
        "postcode": "postcode",
        "city": "city",
        "country": "country",
        "birth_date": "birth_date",
    }
    customer = result.records[0]
    assert customer.given_names == ("Marie", "Hélène")
    assert customer.family_names == ("Berg",)
    assert customer.name_particles == ("van der",)
    assert customer.attributes == {"created_at": "2020-01-01"}
    assert result.encoding == "utf-8"


def test_french_semicolon_export(tmp_path: Path) -> None:
    """Accented French headers, semicolons and country names are understood."""
    path = write(
        tmp_path,
        "ID Client;Prénom;NOM;Courriel;Téléphone;Code postal;Ville;Pays;"
        "Date de naissance\n"
        "42;Jean;Dupont;jd@example.fr;0612345678;75002;Paris;France;25/12/1980\n",
    )
    result = read_crm(path)
    assert result.columns["customer_id"] == "ID Client"
    assert result.columns["first_name"] == "Prénom"
    assert result.columns["last_name"] == "NOM"
    customer = result.records[0]
    assert customer.customer_id == "42"
    assert customer.country == "FR"
    assert PartialDate(year=1980, month=12, day=25) == customer.birth_date


def test_german_name_column_is_the_family_name(tmp_path: Path) -> None:
    """Beside ``Vorname``, a ``Name`` column holds the family name."""
    path = write(
        tmp_path,
        "Kundennummer,Vorname,Name,PLZ,Ort,Land,Geburtsdatum\n"
        "K-1,Jürgen,Müller,80331,München,Deutschland,03.04.1975\n",
    )
    result = read_crm(path)
    assert result.columns["last_name"] == "Name"
    customer = result.records[0]
    assert customer.given_names == ("Jürgen",)
    assert customer.family_names == ("Müller",)
    assert customer.country == "DE"
    assert PartialDate(year=1975, month=4, day=3) == customer.birth_date


def test_a_name_column_alone_is_a_full_name(tmp_path: Path) -> None:
    """Without a given-name column, ``name`` is split as a full name."""
    path = write(tmp_path, "id,name\n1,DUPONT Jean\n")
    result = read_crm(path)
    assert result.columns["full_name"] == "name"
    assert result.records[0].given_names == ("Jean",)
    assert result.records[0].full_name == "DUPONT Jean"


def test_no_id_column_names_the_columns(tmp_path: Path) -> None:
    """Detection failure is a ConfigurationError listing the headers found."""
    path = write(tmp_path, "who,mail\nJean,j@example.com\n")
    with pytest.raises(ConfigurationError, match="'who', 'mail'"):
        read_crm(path)


def test_mapping_naming_a_missing_column_fails_before_rows(tmp_path: Path) -> None:
    """The missing column is named, even when rows are broken too."""
    path = write(tmp_path, "id,full_name\n1,A B,extra,fields\n")
    mapping = {"columns": {"customer_id": "id", "full_name": "nom_complet"}}
    with pytest.raises(ConfigurationError, match="'nom_complet'"):
        read_crm(path, mapping, errors="collect")


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"columns": {"customer_id": "id"}}, "column to compare"),
        ({"columns": {"full_name": "n"}}, "customer_id"),
        ({"columns": {"customer_id": "id", "nickname": "n"}}, "nickname"),
        ({"customer_id": "id", "full_name": "n"}, "columns"),
        ({"columns": {"customer_id": "id", "full_name": "n"}, "date_format": "x"}, "x"),
    ],
)
def test_invalid_mappings(
    tmp_path: Path, mapping: dict[str, object], message: str
) -> None:
    """Mappings that cannot work are refused with a message saying why."""
    path = write(tmp_path, "id,n\n1,A B\n")
    with pytest.raises(ConfigurationError, match=message):
        read_crm(path, mapping)


def test_mapping_file_that_is_not_json(tmp_path: Path) -> None:
    """A broken mapping file is a ConfigurationError naming the file."""
    path = write(tmp_path, "id,n\n1,A B\n")
    bad = write(tmp_path, "{not json", "map.json")
    with pytest.raises(ConfigurationError, match=r"map\.json"):
        read_crm(path, bad)


def test_month_first_file_is_recognised(tmp_path: Path) -> None:
    """A value like 12/25/1980 makes the whole file month-first."""
    path = write(
        tmp_path, "id,name,dob,country\n1,A B,12/25/1980,FR\n2,C D,01/02/1990,FR\n"
    )
    result = read_crm(path)
    assert PartialDate(year=1990, month=1, day=2) == result.records[1].birth_date


def test_ambiguous_dates_follow_the_country(tmp_path: Path) -> None:
    """With no telling value, US rows are month-first and others day-first."""
    path = write(
        tmp_path, "id,name,dob,country\n1,A B,01/02/1990,US\n2,C D,01/02/1990,FR\n"
    )
    us, fr = read_crm(path).records
    assert PartialDate(year=1990, month=1, day=2) == us.birth_date
    assert PartialDate(year=1990, month=2, day=1) == fr.birth_date


def test_partial_and_iso_dates(tmp_path: Path) -> None:
    """A year alone and a year-month are partial dates."""
    path = write(tmp_path, "id,name,dob\n1,A B,1985\n2,C D,1985-07\n3,E F,\n")
    dates = [c.birth_date for c in read_crm(path)]
    assert [PartialDate(year=1985), PartialDate(year=1985, month=7), None] == dates


def test_impossible_date_is_a_warning_and_the_record_is_kept(tmp_path: Path) -> None:
    """30/02 becomes a missing birth date, warned about with line, id, field, value."""
    path = write(tmp_path, "id,name,dob\n1,A B,30/02/1980\n2,C D,2/3/1980\n")
    result = read_crm(path, errors="collect")
    assert [c.customer_id for c in result] == ["1", "2"]
    assert result.records[0].birth_date is None
    assert result.records[1].birth_date is not None
    assert result.errors == []
    (warning,) = result.warnings
    assert (warning.field, warning.record_id, warning.line) == ("birth_date", "1", 2)
    assert warning.value == "30/02/1980"
    with pytest.raises(InvalidRecordError, match="birth_date"):
        read_crm(path)


def test_unknown_country_is_a_warning(tmp_path: Path) -> None:
    """A country that is neither a code nor a name is missing, and reported."""
    path = write(tmp_path, "id,name,country\n1,A B,Narnia\n2,C D,Espagne\n")
    result = read_crm(path, errors="collect")
    assert [c.country for c in result] == [None, "ES"]
    assert not result.errors
    assert (result.warnings[0].field, result.warnings[0].value) == ("country", "Narnia")


def test_duplicate_id_second_one_is_the_error(tmp_path: Path) -> None:
    """The first record with an id is kept; the second is reported."""
    path = write(tmp_path, "id,name\n7,A B\n7,C D\n")
    result = read_crm(path, errors="collect")
    assert result.records[0].family_names == ("B",)
    assert result.errors[0].line == 3
    assert "duplicate" in result.errors[0].reason


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    """No records: EmptyInputError, or with collect an empty result and one error."""
    for text in ("", "\n\n", "id,name\n"):
        path = write(tmp_path, text)
        with pytest.raises(EmptyInputError, match=r"crm\.csv"):
            read_crm(path)
        result = read_crm(path, errors="collect")
        assert (len(result), len(result.errors)) == (0, 1)


def test_dataframe_with_numbers_and_missing_values() -> None:
    """Ints become strings, NaN becomes None, Timestamps become dates."""
    frame = pd.DataFrame(
        {
            "customer_id": [1, 2],
            "first_name": ["Anna", "Ben"],
            "last_name": ["Schmidt", None],
            "postcode": [80331.0, float("nan")],
            "birth_date": [pd.Timestamp("1980-05-17"), pd.NaT],
        }
    )
    result = read_crm(frame)
    first, second = result.records
    assert (first.customer_id, first.postcode) == ("1", "80331")
    assert PartialDate(year=1980, month=5, day=17) == first.birth_date
    assert (second.postcode, second.birth_date, second.family_names) == (None, None, ())
    assert result.encoding is None


def test_iterable_of_dicts_with_a_wrong_type() -> None:
    """A list where text is expected is reported; the good record comes through."""
    rows = [
        {"id": "a", "name": "Anna Schmidt", "email": ["x"]},
        {"id": "b", "name": "Ben Weber", "email": "ben@example.de"},
        "not a dict",
    ]
    result = read_crm(rows, errors="collect")
    assert [c.customer_id for c in result] == ["b"]
    assert {("email", 1), (None, 3)} == {(e.field, e.line) for e in result.errors}


def test_text_stream_and_source_name() -> None:
    """An open text file works; source_name names it in errors."""
    stream = io.StringIO("id,name\n1,A B\n1,A B\n")
    result = read_crm(stream, errors="collect", source_name="export.csv")
    assert result.errors[0].source == "export.csv"


def test_records_equal_fully_validated_ones() -> None:
    """Records built without validation equal the same data validated by pydantic."""
    result = read_crm(DATA / "holdout_crm.csv", DATA / "holdout_mapping.json")
    for customer in result:
        assert customer == Customer.model_validate(customer.model_dump())
        assert customer.model_fields_set == set(Customer.model_fields)
