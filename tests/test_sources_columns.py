"""Header recognition and column mappings (identitylink.sources._columns)."""

from __future__ import annotations

import pytest

from identitylink import ConfigurationError
from identitylink.sources import ColumnMapping
from identitylink.sources._columns import detect_columns, load_mapping


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["ID", "First Name", "Last Name", "E-Mail", "Mobile", "ZIP", "Town"],
            {
                "customer_id": "ID",
                "first_name": "First Name",
                "last_name": "Last Name",
                "email": "E-Mail",
                "phone": "Mobile",
                "postcode": "ZIP",
                "city": "Town",
            },
        ),
        (
            ["N° client", "Prénom", "Nom", "Courriel", "Code Postal", "Ville", "Pays"],
            {
                "first_name": "Prénom",
                "last_name": "Nom",
                "email": "Courriel",
                "postcode": "Code Postal",
                "city": "Ville",
                "country": "Pays",
            },
        ),
        (
            ["Kundennummer", "Vorname", "Nachname", "Straße", "PLZ", "Ort", "Land"],
            {
                "customer_id": "Kundennummer",
                "first_name": "Vorname",
                "last_name": "Nachname",
                "street": "Straße",
                "postcode": "PLZ",
                "city": "Ort",
                "country": "Land",
            },
        ),
        (
            ["id_cliente", "nombre", "apellidos", "teléfono", "ciudad", "país"],
            {
                "customer_id": "id_cliente",
                "first_name": "nombre",
                "last_name": "apellidos",
                "phone": "teléfono",
                "city": "ciudad",
                "country": "país",
            },
        ),
        (
            ["client_id", "nome", "cognome", "cap", "città", "data_di_nascita"],
            {
                "customer_id": "client_id",
                "first_name": "nome",
                "last_name": "cognome",
                "postcode": "cap",
                "city": "città",
                "birth_date": "data_di_nascita",
            },
        ),
        (
            ["CUSTOMER_ID", "FULL_NAME", "DOB"],
            {
                "customer_id": "CUSTOMER_ID",
                "full_name": "FULL_NAME",
                "birth_date": "DOB",
            },
        ),
    ],
)
def test_headers_in_several_languages(
    headers: list[str], expected: dict[str, str]
) -> None:
    """Case, accents and separators do not matter; the first good header wins."""
    if "customer_id" not in expected:
        with pytest.raises(ConfigurationError, match="id column"):
            detect_columns(headers, "crm.csv")
        return
    assert detect_columns(headers, "crm.csv") == expected


def test_split_names_win_over_a_display_name() -> None:
    """With first/last columns, a full-name column is left to the attributes."""
    found = detect_columns(["id", "first_name", "last_name", "full_name"], "x")
    assert "full_name" not in found


def test_no_name_column() -> None:
    """An id without any name column is refused, naming what is missing."""
    with pytest.raises(ConfigurationError, match="name column"):
        detect_columns(["id", "email"], "crm.csv")


def test_column_mapping_is_frozen_and_closed() -> None:
    """ColumnMapping refuses unknown keys and cannot be changed."""
    mapping = ColumnMapping(columns={"customer_id": "id", "full_name": "n"})
    with pytest.raises(ValueError, match="frozen"):
        mapping.date_format = "%Y"  # type: ignore[misc]
    with pytest.raises(ConfigurationError, match="Extra inputs"):
        load_mapping({"columns": {"customer_id": "id", "full_name": "n"}, "x": 1})


def test_load_mapping_passes_a_model_through() -> None:
    """A ColumnMapping is used as it is."""
    mapping = ColumnMapping(columns={"customer_id": "id", "last_name": "nom"})
    assert load_mapping(mapping) is mapping
