"""Which CRM column holds which field: an explicit mapping, or headers recognised.

A mapping is a :class:`ColumnMapping`, a dict of the same shape, or a JSON file::

    {"columns": {"customer_id": "id", "full_name": "full_name", "email": "mail"},
     "date_format": "%d.%m.%Y"}

Without one, headers are compared with a list of common names in English, French,
German, Spanish, Italian, Dutch and Portuguese, ignoring case, accents and separators
(``First Name``, ``first_name``, ``FIRSTNAME`` and ``Prénom`` all match).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ValidationError, field_validator, model_validator

from identitylink.exceptions import ConfigurationError

__all__ = [
    "CANONICAL_FIELDS",
    "CanonicalField",
    "ColumnMapping",
    "MappingSource",
    "detect_columns",
    "load_mapping",
]

CanonicalField = Literal[
    "customer_id",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "country",
    "birth_date",
]
CANONICAL_FIELDS: tuple[str, ...] = get_args(CanonicalField)
_NAME_FIELDS = ("first_name", "last_name", "full_name")


class ColumnMapping(BaseModel, frozen=True, extra="forbid"):
    """Which source column holds each canonical field, and how dates are written.

    ``columns`` maps a canonical field (``customer_id``, ``first_name``,
    ``last_name``, ``full_name``, ``email``, ``phone``, ``street``, ``postcode``,
    ``city``, ``country``, ``birth_date``) to a column name of the file. It must name
    an id column and at least one name column. ``date_format`` uses ``strptime``
    directives (``"%d.%m.%Y"``); without it dates are recognised as the docs say.
    """

    columns: dict[CanonicalField, str]
    date_format: str | None = None

    @field_validator("columns")
    @classmethod
    def _non_empty_names(cls, value: dict[str, str]) -> dict[str, str]:
        blank = [field for field, column in value.items() if not column.strip()]
        if blank:
            raise ValueError(f"empty column name for {', '.join(blank)}")
        return value

    @field_validator("date_format")
    @classmethod
    def _has_directive(cls, value: str | None) -> str | None:
        if value is not None and "%" not in value:
            raise ValueError(f"{value!r} has no strptime directive such as %d or %Y")
        return value

    @model_validator(mode="after")
    def _id_and_name(self) -> ColumnMapping:
        if "customer_id" not in self.columns:
            raise ValueError("the mapping must name the customer_id column")
        if len(self.columns) < 2:
            # Names are not required: a table with only a postcode and a birth
            # date is linked on them (with a spec that compares them).
            raise ValueError(
                "the mapping must name a column to compare besides customer_id"
                " (full_name, first_name, last_name, email, ...)"
            )
        return self


MappingSource = ColumnMapping | Mapping[str, Any] | str | os.PathLike[str]
"""What ``read_crm`` accepts as ``mapping``: a model, a dict, or a JSON file path."""


def load_mapping(mapping: MappingSource) -> ColumnMapping:
    """Turn any accepted mapping form into a validated :class:`ColumnMapping`."""
    if isinstance(mapping, ColumnMapping):
        return mapping
    where = "column mapping"
    if isinstance(mapping, str | os.PathLike):
        where = f"column mapping {os.fspath(mapping)}"
        try:
            data: Any = json.loads(Path(mapping).read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise ConfigurationError(f"{where}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigurationError(f"{where}: cannot be read ({exc})") from None
        except json.JSONDecodeError as exc:
            raise ConfigurationError(
                f"{where}: not valid JSON ({exc.msg} at line {exc.lineno})"
            ) from None
    else:
        data = mapping
    if not isinstance(data, Mapping):
        raise ConfigurationError(
            f'{where}: expected {{"columns": {{...}}, "date_format": ...}}, '
            f"got {type(data).__name__}"
        )
    try:
        return ColumnMapping.model_validate(dict(data))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'mapping'}: "
            f"{e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise ConfigurationError(f"{where}: {problems}") from None


def _compact(header: str) -> str:
    """Header as compared: lower case, no accents, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", header.casefold())
    return re.sub(r"[^a-z0-9]", "", decomposed)


def _synonyms(words: str) -> tuple[str, ...]:
    return tuple(_compact(w) for w in words.split())


# In order of preference within each field.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": _synonyms(
        """customer_id id client_id customer_number customer_no customerid cust_id
        clientid client_number contact_id account_id crm_id record_id member_id
        kundennummer kunden_id kundenid kundennr numero_client id_client num_client
        id_cliente codigo_cliente numero_cliente klantnummer klant_id uid"""
    ),
    "first_name": _synonyms(
        """first_name firstname given_name givenname forename first prenom prénom
        vorname nombre nombres nome voornaam imie first_names given_names"""
    ),
    "last_name": _synonyms(
        """last_name lastname surname family_name familyname last nom nom_de_famille
        nachname familienname apellido apellidos cognome achternaam sobrenome
        apelido nazwisko surnames"""
    ),
    "full_name": _synonyms(
        """full_name fullname name customer_name client_name contact_name
        display_name nom_complet vollstandiger_name nombre_completo nome_completo
        volledige_naam"""
    ),
    "email": _synonyms(
        """email e_mail e-mail mail email_address emailaddress e_mail_address
        courriel adresse_email correo correo_electronico posta_elettronica"""
    ),
    "phone": _synonyms(
        """phone phone_number mobile mobile_phone mobile_number cell cellphone tel
        telephone telefon telefono telefone telefoonnummer portable handy
        phone1 numero_telephone"""
    ),
    "street": _synonyms(
        """street address street_address address1 address_line_1 address_line1
        adresse rue strasse straße anschrift calle direccion domicilio via
        indirizzo straat morada"""
    ),
    "postcode": _synonyms(
        """postcode zip zip_code zipcode postal_code postalcode post_code plz
        postleitzahl cap cp code_postal codigo_postal codice_postale postcode_nl
        cep"""
    ),
    "city": _synonyms(
        """city town ville ort stadt wohnort ciudad citta città localidad
        localite locality municipality comune plaats cidade poblacion"""
    ),
    "country": _synonyms(
        """country country_code countrycode country_iso iso_country pays land
        pais país paese nazione staat country_name"""
    ),
    "birth_date": _synonyms(
        """birth_date birthdate date_of_birth dob birthday geburtsdatum
        date_naissance date_de_naissance naissance fecha_nacimiento
        fecha_de_nacimiento data_nascita data_di_nascita geboortedatum
        data_nascimento data_de_nascimento"""
    ),
}


def detect_columns(headers: Sequence[str], source: str) -> dict[str, str]:
    """Map canonical fields to the headers that look like them.

    ``name`` alone is a family name next to a given-name column (German ``Vorname``
    and ``Name``) and a full name otherwise. Raises :class:`ConfigurationError` naming
    the columns when no id or no name column is found.
    """
    by_compact: dict[str, str] = {}
    for header in headers:
        by_compact.setdefault(_compact(header), header)
    found: dict[str, str] = {}
    claimed: set[str] = set()
    for field in ("customer_id", "first_name", "last_name", *CANONICAL_FIELDS):
        if field in found:
            continue
        for synonym in _SYNONYMS[field]:
            match = by_compact.get(synonym)
            if match is None or match in claimed:
                continue
            header = match
            if field == "full_name" and synonym == "name" and "first_name" in found:
                if "last_name" not in found:
                    found["last_name"] = header
                    claimed.add(header)
                continue
            found[field] = header
            claimed.add(header)
            break
    if "full_name" in found and ("first_name" in found or "last_name" in found):
        # Split columns are more reliable than a display name beside them.
        claimed.discard(found.pop("full_name"))
    missing = []
    if "customer_id" not in found:
        missing.append("an id column (id, customer_id, client_id, ...)")
    if not any(field in found for field in _NAME_FIELDS):
        missing.append("a name column (first_name/last_name or full_name, ...)")
    if missing:
        raise ConfigurationError(
            f"{source}: cannot find {' or '.join(missing)} among the columns "
            f"{', '.join(repr(h) for h in headers)}; pass a column mapping"
        )
    return {field: found[field] for field in CANONICAL_FIELDS if field in found}
