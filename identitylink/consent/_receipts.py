"""Consent receipts: Kantara Consent Receipt v1.1 and a DPV / ISO/IEC TS 27560 record.

Both are built from the ledger's events, never from a stored snapshot, so they always
agree with the history. The Kantara receipt is a snapshot of what is valid now; the
DPV JSON-LD record carries the whole event history. The JSON-LD context is embedded:
reading the record never needs the network.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from identitylink._consent_model.events import (
    ConsentEvent,
    ConsentStatus,
    Purpose,
    Subject,
)
from identitylink._consent_model.state import fold_events
from identitylink._validation import one_line
from identitylink.exceptions import ConfigurationError, ConsentMissingError

__all__ = [
    "DPV_CONTEXT",
    "KANTARA_VERSION",
    "Controller",
    "dpv_consent_record",
    "kantara_receipt",
    "kantara_schema",
]

KANTARA_VERSION = "KI-CR-v1.1.0"
_NAMESPACE = uuid.UUID("6f1d2c4e-5b0a-4a7e-9c1d-3e2f4a5b6c7d")

DPV_CONTEXT: dict[str, Any] = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "dct": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "schema": "https://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:created": {"@type": "xsd:dateTime"},
    "dpv:isIndicatedAtTime": {"@type": "xsd:dateTime"},
    "dpv:hasDuration": {"@type": "xsd:duration"},
    "dct:conformsTo": {"@type": "@id"},
    "dpv:hasPurpose": {"@type": "@id"},
    "dpv:hasPersonalData": {"@type": "@id"},
    "dpv:hasLegalBasis": {"@type": "@id"},
    "dpv:isIndicatedBy": {"@type": "@id"},
    "dpv:isExercisedAt": {"@type": "@id"},
}
"""The JSON-LD context embedded in every DPV export (prefixes and value types)."""


class Controller(BaseModel, frozen=True, extra="forbid"):
    """The PII controller a receipt names, and where its notice and controls are."""

    name: str = Field(min_length=1)
    contact: str = Field(min_length=1)
    email: str = Field(min_length=1)
    phone: str = Field(min_length=1)
    address: dict[str, str] = Field(min_length=1)
    policy_url: str = Field(min_length=1)
    jurisdiction: str = Field(min_length=1)
    url: str | None = None
    language: str = "en"
    service: str = "Customer care on social media"
    withdrawal_url: str | None = None

    @classmethod
    def from_file(cls, path: str | Path) -> Controller:
        """Read a controller from a JSON file.

        Raises:
            ConfigurationError: the file cannot be read or is not a controller; the
                message names the file and each wrong field.
        """
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigurationError(
                f"cannot read controller file {path}: {exc}"
            ) from exc
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            raise ConfigurationError(
                f"invalid controller file {path}: {one_line(exc)}"
            ) from exc


_PURPOSES: dict[Purpose, dict[str, Any]] = {
    Purpose.IDENTITY_LINKING: {
        "text": "Link your social media profile to your customer record",
        "kantara": ["1 - Core Function"],
        "pii": [
            "1 - Biographical",
            "2 - Contact",
            "4 - Communications/Social",
            "16 - Profiling",
        ],
        "dpv": ["dpv:CustomerRelationshipManagement"],
        "pd": ["pd:Name", "pd:Username", "pd:SocialMedia", "pd:Identifier"],
    },
    Purpose.CUSTOMER_CARE: {
        "text": "Answer your requests on social media with your customer record",
        "kantara": ["4 - Contact Requested"],
        "pii": ["1 - Biographical", "2 - Contact", "4 - Communications/Social"],
        "dpv": ["dpv:CustomerCare"],
        "pd": ["pd:Name", "pd:Username", "pd:SocialMediaCommunication"],
    },
    Purpose.PERSONALISED_MARKETING: {
        "text": "Send you personalised information and offers",
        "kantara": ["5 - Personalized Experience", "6 - Marketing"],
        "pii": ["1 - Biographical", "2 - Contact", "4 - Communications/Social"],
        "dpv": ["dpv:Personalisation", "dpv:DirectMarketing"],
        "pd": ["pd:Name", "pd:Username", "pd:SocialMedia"],
    },
}

# Statuses the person indicates; the others are indicated by the controller.
_BY_SUBJECT = frozenset(
    {
        ConsentStatus.GIVEN,
        ConsentStatus.RENEWED,
        ConsentStatus.REFUSED,
        ConsentStatus.WITHDRAWN,
        ConsentStatus.REQUEST_DEFERRED,
    }
)


def kantara_schema() -> dict[str, Any]:
    """The JSON schema of Kantara Consent Receipt v1.1 shipped with identitylink."""
    text = (
        resources.files("identitylink.consent")
        .joinpath("schemas/kantara-cr-v1.1.schema.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def _one_subject(events: Sequence[ConsentEvent], subject: Subject | None) -> Subject:
    subjects = {e.subject for e in events}
    if subject is None:
        if len(subjects) != 1:
            raise ConfigurationError(
                "a receipt is for one subject: pass subject= "
                f"(events cover {len(subjects)})"
            )
        return subjects.pop()
    if subjects - {subject}:
        raise ConfigurationError(f"events of other subjects than {subject.key} given")
    return subject


def _iso_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = "".join(
        f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if n
    )
    return f"P{days}D" + (f"T{clock}" if clock else "")


def _ordered(events: Sequence[ConsentEvent]) -> list[ConsentEvent]:
    return sorted(events, key=lambda e: e.at)


def kantara_receipt(
    events: Sequence[ConsentEvent],
    controller: Controller,
    *,
    subject: Subject | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A Kantara Consent Receipt v1.1 for the purposes validly consented to at ``now``.

    The receipt id is derived from the events it covers, so the same ledger gives the
    same receipt. Raises :class:`ConsentMissingError` if nothing is valid.
    """
    who = _one_subject(events, subject)
    when = datetime.now(UTC) if now is None else now.astimezone(UTC)
    purposes: list[dict[str, Any]] = []
    given: list[ConsentEvent] = []
    for purpose in Purpose:
        state = fold_events(events, purpose, when)
        if not state.is_valid() or state.event is None:
            continue
        given.append(state.event)
        info = _PURPOSES[purpose]
        termination = (
            "When you withdraw consent"
            if state.expires_at is None
            else f"On {state.expires_at.date().isoformat()}, or when you withdraw"
        )
        purposes.append(
            {
                "purpose": info["text"],
                "purposeCategory": list(info["kantara"]),
                "consentType": "EXPLICIT",
                "piiCategory": list(info["pii"]),
                "primaryPurpose": purpose is Purpose.IDENTITY_LINKING,
                "termination": termination,
                "thirdPartyDisclosure": False,
            }
        )
    if not given:
        raise ConsentMissingError(
            f"no valid consent for {who.key} at {when.isoformat()}: no receipt to issue"
        )
    methods = sorted({f"{e.method.value} (notice {e.notice_version})" for e in given})
    receipt_id = uuid.uuid5(_NAMESPACE, ",".join(sorted(e.event_id for e in given)))
    controller_entry: dict[str, Any] = {
        "piiController": controller.name,
        "contact": controller.contact,
        "address": dict(controller.address),
        "email": controller.email,
        "phone": controller.phone,
    }
    if controller.url:
        controller_entry["piiControllerUrl"] = controller.url
    return {
        "version": KANTARA_VERSION,
        "jurisdiction": controller.jurisdiction,
        "consentTimestamp": int(max(e.at for e in given).timestamp()),
        "collectionMethod": "; ".join(methods),
        "consentReceiptID": str(receipt_id),
        "language": controller.language,
        "piiPrincipalId": who.key,
        "piiControllers": [controller_entry],
        "policyUrl": controller.policy_url,
        "services": [{"service": controller.service, "purposes": purposes}],
        "sensitive": False,
        "spiCat": [],
    }


def _status_node(event: ConsentEvent) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": f"urn:uuid:{event.event_id}"
        if _is_uuid(event.event_id)
        else f"urn:identitylink:event:{event.event_id}",
        "@type": [f"dpv:{event.status.value}"],
        "dct:identifier": event.event_id,
        "dpv:isIndicatedAtTime": event.at.isoformat(),
        "dpv:isIndicatedBy": (
            "dpv:DataSubject" if event.status in _BY_SUBJECT else "dpv:DataController"
        ),
        "dpv:hasIndicationMethod": event.method.value,
        "dct:creator": event.actor,
    }
    if event.status.gives_consent:
        node["@type"].append("dpv:ExplicitlyExpressedConsent")
    if event.notice_version:
        node["dpv:hasNotice"] = {"dct:identifier": event.notice_version}
    if event.valid_for is not None:
        node["dpv:hasDuration"] = _iso_duration(event.valid_for)
    if event.evidence:
        node["dct:description"] = event.evidence
    return node


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def dpv_consent_record(
    events: Sequence[ConsentEvent],
    controller: Controller,
    *,
    subject: Subject | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A DPV / ISO/IEC TS 27560 consent record (JSON-LD) with the full event history.

    One ``dpv:Process`` per purpose that has events, each with its
    ``dpv:hasConsentStatus`` history in time order and its current state.
    """
    who = _one_subject(events, subject)
    when = datetime.now(UTC) if now is None else now.astimezone(UTC)
    ordered = _ordered(events)
    record_id = uuid.uuid5(_NAMESPACE, who.key)
    processes: list[dict[str, Any]] = []
    for purpose in Purpose:
        mine = [e for e in ordered if e.purpose is purpose]
        if not mine:
            continue
        info = _PURPOSES[purpose]
        state = fold_events(mine, purpose, when)
        processes.append(
            {
                "@id": f"urn:uuid:{record_id}#{purpose.value}",
                "@type": "dpv:Process",
                "dct:title": purpose.value,
                "dct:description": info["text"],
                "dpv:hasPurpose": list(info["dpv"]),
                "dpv:hasPersonalData": list(info["pd"]),
                "dpv:hasLegalBasis": "eu-gdpr:A6-1-a",
                "dpv:hasConsentStatus": [_status_node(e) for e in mine],
                "schema:status": state.status.value,
            }
        )
    record: dict[str, Any] = {
        "@context": DPV_CONTEXT,
        "@id": f"urn:uuid:{record_id}",
        "@type": "dpv:ConsentRecord",
        "dct:identifier": str(record_id),
        "dct:conformsTo": "https://w3id.org/dpv/schema/dpv-27560#record",
        "dct:created": when.isoformat(),
        "dct:language": controller.language,
        "dpv:hasDataSubject": {"@id": who.iri, "@type": "dpv:DataSubject"},
        "dpv:hasDataController": {
            "@type": "dpv:DataController",
            "schema:name": controller.name,
            "schema:email": controller.email,
            "schema:telephone": controller.phone,
            "schema:address": " ".join(controller.address.values()),
        },
        "dpv:hasJurisdiction": controller.jurisdiction,
        "dpv:hasNotice": {
            "@type": "dpv:ConsentNotice",
            "schema:url": controller.policy_url,
        },
        "dpv:hasProcess": processes,
    }
    if controller.withdrawal_url:
        record["dpv:hasConsentControl"] = {
            "@type": ["dpv:ProvideConsent", "dpv:WithdrawConsent"],
            "dpv:isExercisedAt": controller.withdrawal_url,
        }
    return record
