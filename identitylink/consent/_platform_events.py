"""Consent signals pushed by platforms: X revoking an app's access.

X sends ``oauth.revoke`` (X Activity API) or ``user_event.revoke`` (the deprecated
Account Activity API) when a person removes your app's access. identitylink reads it
as the person withdrawing identity-linking consent for that X profile: it is their
own act, and a link they can no longer see the app using would surprise them.
Verify the webhook signature before calling these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel
from sqlalchemy.orm import Session

from identitylink._consent_model.events import Method, Purpose, Subject
from identitylink.consent._ledger import Withdrawal, withdraw
from identitylink.exceptions import InputError

__all__ = ["PlatformRevocation", "parse_x_revocation", "withdraw_on_revocation"]


class PlatformRevocation(BaseModel, frozen=True, extra="forbid"):
    """A person revoked your app's access on a platform."""

    subject: Subject
    at: AwareDatetime
    app_id: str | None = None
    source: str
    event_id: str | None = None

    @property
    def evidence(self) -> str:
        """Where the signal came from, for the ledger's ``evidence`` field."""
        parts = [self.source]
        if self.app_id:
            parts.append(f"app {self.app_id}")
        if self.event_id:
            parts.append(f"event {self.event_id}")
        return ", ".join(parts)


def _field(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for name in path.split("."):
        if not isinstance(value, Mapping) or name not in value:
            raise InputError(f"X revocation payload: field {path!r} is missing")
        value = value[name]
    return value


def _id(value: Any, path: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise InputError(f"X revocation payload: field {path!r} is not an id")
    return str(value)


def _time(value: Any, path: str) -> datetime:
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(
            f"X revocation payload: field {path!r} is not a time: {value!r}"
        ) from exc
    if when.tzinfo is None:
        raise InputError(f"X revocation payload: field {path!r} has no time zone")
    return when


def parse_x_revocation(payload: Mapping[str, Any]) -> PlatformRevocation:
    """Read an X ``oauth.revoke`` or ``user_event.revoke`` payload.

    Raises :class:`InputError` naming the field when the payload is not one.
    """
    if "user_event" in payload:
        base = "user_event.revoke"
        user = _id(_field(payload, f"{base}.source.user_id"), f"{base}.source.user_id")
        app = _field(payload, f"{base}.target.app_id")
        return PlatformRevocation(
            subject=Subject.profile("twitter", user),
            at=_time(_field(payload, f"{base}.date_time"), f"{base}.date_time"),
            app_id=_id(app, f"{base}.target.app_id"),
            source="x.account_activity.user_event.revoke",
        )
    event_type = _field(payload, "data.event_type")
    if event_type != "oauth.revoke":
        raise InputError(
            f"X event payload: field 'data.event_type' is {event_type!r}, "
            "not 'oauth.revoke'"
        )
    user = _id(_field(payload, "data.payload.user_id"), "data.payload.user_id")
    data = payload["data"]
    app = data["payload"].get("app_id")
    return PlatformRevocation(
        subject=Subject.profile("twitter", user),
        at=_time(_field(payload, "data.payload.date_time"), "data.payload.date_time"),
        app_id=None if app is None else _id(app, "data.payload.app_id"),
        source="x.activity.oauth.revoke",
        event_id=None if data.get("event_uuid") is None else str(data["event_uuid"]),
    )


def withdraw_on_revocation(
    session: Session, revocation: PlatformRevocation
) -> Withdrawal:
    """Withdraw the profile's identity-linking consent, with every consequence."""
    return withdraw(
        session,
        revocation.subject,
        Purpose.IDENTITY_LINKING,
        actor="data_subject",
        method=Method.PLATFORM_EVENT,
        at=revocation.at,
        evidence=revocation.evidence,
    )
