"""X revocation payloads become withdrawals of identity-linking consent."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select

from identitylink import InputError
from identitylink.consent import (
    ConsentStatus,
    Method,
    Purpose,
    Subject,
    grant,
    history,
    parse_x_revocation,
    withdraw_on_revocation,
)
from identitylink.storage import session_scope
from identitylink.storage._models import CustomerRow, LinkRow, ProfileRow, utc_now

# Shaped like the X Activity API and Account Activity API deliveries.
ACTIVITY = {
    "data": {
        "event_uuid": "7000000000000000001",
        "filter": {},
        "event_type": "oauth.revoke",
        "payload": {
            "date_time": "2026-03-02T10:15:00+00:00",
            "user_id": "1888888888888888888",
            "app_id": "424242",
        },
    }
}
ACCOUNT_ACTIVITY = {
    "user_event": {
        "revoke": {
            "date_time": "2026-03-02T10:15:00+00:00",
            "target": {"app_id": "424242"},
            "source": {"user_id": "55501"},
        }
    }
}


def test_activity_api_revoke_is_read_with_a_string_id() -> None:
    revocation = parse_x_revocation(ACTIVITY)

    assert revocation.subject == Subject.profile("twitter", "1888888888888888888")
    assert revocation.at == datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
    assert revocation.evidence == (
        "x.activity.oauth.revoke, app 424242, event 7000000000000000001"
    )


def test_account_activity_revoke_is_read() -> None:
    revocation = parse_x_revocation(ACCOUNT_ACTIVITY)

    assert revocation.subject == Subject.profile("twitter", "55501")
    assert revocation.app_id == "424242"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"data": {"event_type": "post.mention.create"}}, "data.event_type"),
        (
            {"data": {"event_type": "oauth.revoke", "payload": {}}},
            "data.payload.user_id",
        ),
        (
            {
                "data": {
                    "event_type": "oauth.revoke",
                    "payload": {"user_id": "1", "date_time": "yesterday"},
                }
            },
            "data.payload.date_time",
        ),
        ({"user_event": {"revoke": {"source": {"user_id": True}}}}, "source.user_id"),
        ({}, "data"),
    ],
)
def test_other_payloads_are_refused_naming_the_field(
    payload: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError, match=field.replace(".", r"\.")):
        parse_x_revocation(payload)


def test_revocation_withdraws_the_profiles_links(engine: Engine) -> None:
    profile = Subject.profile("twitter", "55501")
    now = utc_now()
    with session_scope(engine) as session:
        grant(session, profile, Purpose.IDENTITY_LINKING, actor="data_subject",
              method=Method.DM_KEYWORD, notice_version="v1",
              at=datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
        session.add(CustomerRow(customer_id="C7", first_seen_at=now))
        session.add(
            ProfileRow(
                platform="twitter",
                scope="global",
                profile_id="55501",
                cached_data={"username": "x"},
                first_seen_at=now,
            )
        )
        session.flush()
        session.add(LinkRow(platform="twitter", scope="global", profile_id="55501",
                            customer_id="C7", status="accepted",
                            legal_basis="opt_in_consent", created_at=now,
                            updated_at=now))  # fmt: skip

    with session_scope(engine) as session:
        result = withdraw_on_revocation(session, parse_x_revocation(ACCOUNT_ACTIVITY))

    assert len(result.withdrawn_link_ids) == 1
    with session_scope(engine) as session:
        assert session.scalars(select(LinkRow.status)).one() == "withdrawn"
        last = history(session, profile)[-1]
        assert last.status == ConsentStatus.WITHDRAWN
        assert last.method == Method.PLATFORM_EVENT
        assert last.evidence is not None and "user_event.revoke" in last.evidence
