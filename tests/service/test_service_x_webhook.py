"""X Account Activity webhook: CRC, signature first, events, dedup, revoke, purge."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from fastapi.testclient import TestClient
from service_helpers import X_SECRET, linked_result, payload
from sqlalchemy import Engine

from identitylink.consent import Purpose, Subject, consent_state
from identitylink.service import create_app
from identitylink.settings import IdentityLinkSettings
from identitylink.storage import (
    list_interactions,
    lookup_customer,
    save_run,
    session_scope,
)

PROBLEM = "application/problem+json"
AUTHOR = "3001969357"


def _stored(engine: Engine) -> list[Any]:
    with session_scope(engine) as session:
        return list_interactions(session)


def test_crc_answers_with_the_base64_hmac_of_the_token(client: TestClient) -> None:
    response = client.get("/webhooks/x", params={"crc_token": "challenge-123"})
    expected = base64.b64encode(
        hmac.new(X_SECRET.encode(), b"challenge-123", hashlib.sha256).digest()
    ).decode()
    assert response.status_code == 200
    assert response.json() == {"response_token": f"sha256={expected}"}


def test_without_a_secret_the_webhook_is_unavailable(engine: Engine) -> None:
    settings = IdentityLinkSettings(database_url="sqlite://")
    with TestClient(create_app(settings, engine=engine)) as client:
        crc = client.get("/webhooks/x", params={"crc_token": "t"})
        post = client.post("/webhooks/x", content=b"{}")
    assert crc.status_code == 503
    assert "IDENTITYLINK_X_CONSUMER_SECRET" in crc.json()["detail"]
    assert post.status_code == 503
    assert X_SECRET not in crc.text


def test_a_mention_is_logged_with_its_author_and_customer(
    signed_x: Any, engine: Engine
) -> None:
    with session_scope(engine) as session:
        save_run(session, linked_result([("twitter", AUTHOR, "C7")]), inputs={})
    response = signed_x(payload("x_tweet_create_mention.json"))
    assert response.status_code == 200
    assert response.json()["recorded"] == 1
    [stored] = _stored(engine)
    assert (stored.platform, stored.account_id, stored.profile_id) == (
        "twitter",
        "2244994945",
        AUTHOR,
    )
    assert (stored.kind, stored.handle, stored.customer_id) == (
        "mention",
        "furiouscamper",
        "C7",
    )
    assert stored.event_id == "1865000000000000001"
    assert stored.text == "@acme my parcel is two weeks late"


def test_a_retry_is_stored_once_and_another_account_gets_its_own(
    signed_x: Any, engine: Engine
) -> None:
    body = payload("x_tweet_create_mention.json")
    first = signed_x(body)
    retry = signed_x(body)
    other = signed_x({**body, "for_user_id": "777"})
    assert (first.json()["recorded"], retry.json()["duplicates"]) == (1, 1)
    assert other.json()["recorded"] == 1
    assert sorted(i.account_id for i in _stored(engine)) == ["2244994945", "777"]


def test_bad_or_missing_signatures_store_nothing(
    client: TestClient, signed_x: Any, engine: Engine
) -> None:
    raw = json.dumps(payload("x_tweet_create_mention.json")).encode()
    wrong = signed_x(raw, secret="another-secret")
    missing = client.post("/webhooks/x", content=raw)
    tampered = client.post(
        "/webhooks/x",
        content=raw.replace(b"late", b"LATE"),
        headers={"x-twitter-webhooks-signature": signed_x_header(raw)},
    )
    assert (wrong.status_code, wrong.headers["content-type"]) == (403, PROBLEM)
    assert missing.status_code == 401
    assert tampered.status_code == 403
    assert _stored(engine) == []


def signed_x_header(raw: bytes) -> str:
    mac = hmac.new(X_SECRET.encode(), raw, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(mac).decode()


def test_the_accounts_own_reply_answers_the_mention(
    signed_x: Any, engine: Engine
) -> None:
    signed_x(payload("x_tweet_create_mention.json"))
    response = signed_x(payload("x_tweet_create_own_reply.json"))
    [stored] = _stored(engine)
    assert response.json()["answered"] == 1
    assert (stored.received_at.isoformat(), stored.answered_at.isoformat()) == (
        "2026-12-06T09:00:00+00:00",
        "2026-12-06T09:12:00+00:00",
    )
    assert stored.answered_by == "twitter:2244994945"


def test_a_dm_is_logged_and_the_accounts_dm_answers_it(
    signed_x: Any, engine: Engine
) -> None:
    body = payload("x_direct_message_events.json")
    signed_x(body)
    reply = json.loads(json.dumps(body))
    event = reply["direct_message_events"][0]
    event["id"] = "954491830116155999"
    event["created_timestamp"] = str(int(event["created_timestamp"]) + 300_000)
    event["message_create"]["sender_id"] = "2244994945"
    event["message_create"]["target"]["recipient_id"] = AUTHOR
    answered = signed_x(reply)
    [stored] = _stored(engine)
    assert (stored.kind, stored.handle, stored.text) == (
        "dm",
        "furiouscamper",
        "Order 1234, still nothing",
    )
    assert answered.json()["answered"] == 1
    assert stored.answered_at is not None


def test_a_deleted_tweet_loses_its_stored_text(signed_x: Any, engine: Engine) -> None:
    signed_x(payload("x_tweet_create_mention.json"))
    response = signed_x(payload("x_tweet_delete_events.json"))
    [stored] = _stored(engine)
    assert response.json()["purged"] == 1
    assert stored.text is None and stored.text_purged_at is not None


def test_a_revoke_withdraws_consent_and_unlinks_the_interactions(
    signed_x: Any, engine: Engine
) -> None:
    with session_scope(engine) as session:
        save_run(session, linked_result([("twitter", AUTHOR, "C7")]), inputs={})
    signed_x(payload("x_tweet_create_mention.json"))
    response = signed_x(payload("x_user_event_revoke.json"))
    with session_scope(engine) as session:
        state = consent_state(
            session, Subject.profile("twitter", AUTHOR), Purpose.IDENTITY_LINKING
        )
        link = lookup_customer(session, "twitter", AUTHOR)
        [stored] = list_interactions(session)
    assert response.json()["withdrawn"] == 1
    assert state.status == "withdrawn"
    assert link is None
    assert stored.customer_id is None


def test_a_malformed_event_stores_nothing_of_the_delivery(
    signed_x: Any, engine: Engine
) -> None:
    body = payload("x_tweet_create_mention.json")
    good = body["tweet_create_events"][0]
    broken = {**good, "id_str": "2", "user": {"screen_name": "no_id"}}
    response = signed_x({**body, "tweet_create_events": [good, broken]})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert "tweet_create_events[1]" in response.json()["detail"]
    assert "user.id_str" in response.json()["detail"]
    assert _stored(engine) == []


def test_unknown_ignored_not_json_and_huge_bodies(
    client: TestClient, signed_x: Any, engine: Engine
) -> None:
    unknown = signed_x({"for_user_id": "1", "mystery_events": []})
    ignored = signed_x({"for_user_id": "1", "favorite_events": [{}]})
    not_json = signed_x(b"not json")
    huge = signed_x({"for_user_id": "1", "pad": "x" * 70_000})
    assert unknown.status_code == 422
    assert "no event type" in unknown.json()["detail"]
    assert (ignored.status_code, ignored.json()["ignored"]) == (
        200,
        ["favorite_events"],
    )
    assert not_json.status_code == 422
    assert huge.status_code == 413
    assert _stored(engine) == []
    assert client.get("/health").status_code == 200
