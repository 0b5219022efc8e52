"""Receipts: Kantara Consent Receipt v1.1 (JSON schema) and DPV 27560 (JSON-LD)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import T0
from pyld import jsonld

from identitylink import ConfigurationError, ConsentMissingError
from identitylink.consent import (
    ConsentEvent,
    ConsentStatus,
    Controller,
    Method,
    Purpose,
    Subject,
    dpv_consent_record,
    kantara_receipt,
    kantara_schema,
)

REFERENCE = Path("/work/shared/reference/payloads/kantara_cr_v1_1_example.json")
HANDWRITTEN = Path(__file__).parent / "data" / "kantara_cr_v1_1_handwritten.json"
DPV = "https://w3id.org/dpv#"

ALICE = Subject.customer("C-001")
ACME = Controller(
    name="Acme Retail",
    contact="Data Protection Officer",
    email="dpo@acme.example",
    phone="+44 20 7946 0000",
    address={"streetAddress": "1 High Street", "addressCountry": "GB"},
    policy_url="https://acme.example/privacy/v3",
    jurisdiction="GB",
    withdrawal_url="https://acme.example/consent",
)


def _event(
    status: ConsentStatus,
    days: float,
    purpose: Purpose = Purpose.IDENTITY_LINKING,
    valid_days: float | None = None,
) -> ConsentEvent:
    return ConsentEvent(
        subject=ALICE,
        purpose=purpose,
        status=status,
        at=T0 + timedelta(days=days),
        actor="data_subject",
        method=Method.WEB_FORM,
        notice_version="v3" if status.gives_consent else None,
        valid_for=None if valid_days is None else timedelta(days=valid_days),
    )


HISTORY = [
    _event(ConsentStatus.REQUESTED, 0),
    _event(ConsentStatus.GIVEN, 1, valid_days=365),
    _event(ConsentStatus.GIVEN, 1, Purpose.CUSTOMER_CARE),
    _event(ConsentStatus.GIVEN, 1, Purpose.PERSONALISED_MARKETING),
    _event(ConsentStatus.WITHDRAWN, 20, Purpose.PERSONALISED_MARKETING),
]
NOW = T0 + timedelta(days=30)


def _no_network(url: str, options: dict[str, Any] | None = None) -> Any:
    raise AssertionError(f"JSON-LD processing tried to load {url}")


def test_the_schema_accepts_the_specs_example() -> None:
    # The spec's own example is kept outside the repository (not ours to copy);
    # where it is absent, a hand-written receipt with the same quirks stands in.
    sources = [p for p in (REFERENCE, HANDWRITTEN) if p.exists()]
    assert HANDWRITTEN in sources

    for source in sources:
        example = json.loads(source.read_text(encoding="utf-8"))
        jsonschema.Draft7Validator(kantara_schema()).validate(example)


def test_the_schema_is_itself_valid_draft_7() -> None:
    jsonschema.Draft7Validator.check_schema(kantara_schema())


@pytest.mark.parametrize(
    "breakage",
    [
        lambda r: r.pop("piiPrincipalId"),
        lambda r: r.update(consentTimestamp=-1),
        lambda r: r.update(version="KI-CR-v1.0.0"),
        lambda r: r["services"][0]["purposes"][0].update(thirdPartyDisclosure=True),
        lambda r: r["piiControllers"][0].pop("email"),
        lambda r: r["services"][0]["purposes"][0].update(purposeCategory=["Care"]),
    ],
    ids=[
        "no-principal",
        "negative-time",
        "version",
        "third-party-unnamed",
        "controller-email",
        "category-format",
    ],
)
def test_the_schema_rejects_broken_receipts(breakage: Any) -> None:
    receipt = kantara_receipt(HISTORY, ACME, now=NOW)
    breakage(receipt)

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(kantara_schema()).validate(receipt)


def test_receipt_validates_and_lists_only_valid_purposes() -> None:
    receipt = kantara_receipt(HISTORY, ACME, now=NOW)

    jsonschema.Draft7Validator(kantara_schema()).validate(receipt)
    purposes = receipt["services"][0]["purposes"]
    assert [p["purposeCategory"] for p in purposes] == [
        ["1 - Core Function"],
        ["4 - Contact Requested"],
    ]
    assert receipt["piiPrincipalId"] == "customer:C-001"
    assert receipt["consentTimestamp"] == int((T0 + timedelta(days=1)).timestamp())
    assert purposes[0]["termination"].startswith("On 2027-01-02")
    assert receipt["policyUrl"] == ACME.policy_url


def test_same_ledger_same_receipt_id() -> None:
    first = kantara_receipt(HISTORY, ACME, now=NOW)
    again = kantara_receipt(list(reversed(HISTORY)), ACME, now=NOW + timedelta(days=1))

    assert first["consentReceiptID"] == again["consentReceiptID"]


def test_no_valid_consent_no_receipt() -> None:
    with pytest.raises(ConsentMissingError, match="customer:C-001"):
        kantara_receipt(HISTORY, ACME, now=T0 + timedelta(hours=1))


def test_a_receipt_is_for_one_subject() -> None:
    other = _event(ConsentStatus.GIVEN, 1).model_copy(
        update={"subject": Subject.customer("C-002")}
    )
    with pytest.raises(ConfigurationError, match="one subject"):
        kantara_receipt([*HISTORY, other], ACME, now=NOW)


def test_dpv_record_parses_as_json_ld_without_the_network() -> None:
    record = dpv_consent_record(HISTORY, ACME, now=NOW)
    text = json.dumps(record)

    expanded = jsonld.expand(json.loads(text), {"documentLoader": _no_network})

    assert len(expanded) == 1
    node = expanded[0]
    assert node["@type"] == [DPV + "ConsentRecord"]
    assert node[DPV + "hasDataSubject"][0]["@id"] == ALICE.iri
    processes = node[DPV + "hasProcess"]
    assert len(processes) == 3


def test_dpv_record_carries_the_whole_history_in_order() -> None:
    record = dpv_consent_record(HISTORY, ACME, now=NOW)
    expanded = jsonld.expand(record, {"documentLoader": _no_network})[0]

    by_title = {
        p["http://purl.org/dc/terms/title"][0]["@value"]: p
        for p in expanded[DPV + "hasProcess"]
    }
    linking = by_title["identity_linking"][DPV + "hasConsentStatus"]
    assert [s["@type"][0] for s in linking] == [
        DPV + "ConsentRequested",
        DPV + "ConsentGiven",
    ]
    given = linking[1]
    assert given[DPV + "isIndicatedAtTime"][0] == {
        "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
        "@value": (T0 + timedelta(days=1)).isoformat(),
    }
    assert given[DPV + "isIndicatedBy"] == [{"@id": DPV + "DataSubject"}]
    assert given[DPV + "hasDuration"][0]["@value"] == "P365D"
    assert linking[0][DPV + "isIndicatedBy"] == [{"@id": DPV + "DataController"}]
    marketing = by_title["personalised_marketing"]
    assert [s["@type"][0] for s in marketing[DPV + "hasConsentStatus"]] == [
        DPV + "ConsentGiven",
        DPV + "ConsentWithdrawn",
    ]
    assert marketing["https://schema.org/status"][0]["@value"] == "withdrawn"
    assert {p["@id"] for p in marketing[DPV + "hasPurpose"]} == {
        DPV + "Personalisation",
        DPV + "DirectMarketing",
    }


def test_a_controller_file_is_read_and_a_bad_one_names_file_and_field(
    tmp_path: Path,
) -> None:
    """``Controller.from_file`` reads JSON; errors name the file and the field."""
    good = tmp_path / "controller.json"
    good.write_text(ACME.model_dump_json(), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(ACME.model_dump_json(exclude={"email"}), encoding="utf-8")

    assert Controller.from_file(good) == ACME
    with pytest.raises(ConfigurationError, match=r"bad\.json: email: Field required"):
        Controller.from_file(bad)
    with pytest.raises(ConfigurationError, match=r"cannot read controller file"):
        Controller.from_file(tmp_path / "missing.json")
