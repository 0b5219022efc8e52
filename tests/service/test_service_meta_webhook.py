"""Meta webhooks: hub.challenge, X-Hub-Signature-256, messages, comments, deletion."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from fastapi.testclient import TestClient
from service_helpers import META_SECRET, META_VERIFY, linked_result, payload
from sqlalchemy import Engine

from identitylink.records import SocialProfile
from identitylink.storage import (
    export_profile,
    list_interactions,
    save_run,
    session_scope,
)

PROBLEM = "application/problem+json"
PAGE = "111222333"


def _stored(engine: Engine) -> list[Any]:
    with session_scope(engine) as session:
        return list_interactions(session)


def test_subscription_check_echoes_the_challenge(client: TestClient) -> None:
    params = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    right = client.get(
        "/webhooks/meta", params={**params, "hub.verify_token": META_VERIFY}
    )
    wrong = client.get("/webhooks/meta", params={**params, "hub.verify_token": "nope"})
    assert (right.status_code, right.text) == (200, "1158201444")
    assert (wrong.status_code, wrong.headers["content-type"]) == (403, PROBLEM)


def test_a_messenger_message_is_a_dm_keyed_by_the_page_scoped_id(
    signed_meta: Any, engine: Engine
) -> None:
    response = signed_meta(payload("meta_messenger_message.json"))
    [stored] = _stored(engine)
    assert response.status_code == 200
    assert response.json()["recorded"] == 1
    assert response.json()["ignored"] == ["entry[0].messaging[1]"]
    assert (stored.platform, stored.scope, stored.profile_id) == (
        "facebook",
        f"page:{PAGE}",
        "7001",
    )
    assert (stored.account_id, stored.kind, stored.text) == (
        PAGE,
        "dm",
        "hello, my order?",
    )


def test_the_pages_echo_answers_the_conversation(
    signed_meta: Any, engine: Engine
) -> None:
    signed_meta(payload("meta_messenger_message.json"))
    response = signed_meta(payload("meta_messenger_echo.json"))
    [stored] = _stored(engine)
    assert response.json()["answered"] == 1
    assert stored.answered_at is not None
    assert (stored.answered_at - stored.received_at).total_seconds() == 600


def test_a_feed_comment_is_a_comment_in_its_own_scope(
    signed_meta: Any, engine: Engine
) -> None:
    signed_meta(payload("meta_page_feed_comment.json"))
    retry = signed_meta(payload("meta_page_feed_comment.json"))
    [stored] = _stored(engine)
    assert retry.json()["duplicates"] == 1
    assert (stored.kind, stored.scope, stored.profile_id, stored.handle) == (
        "comment",
        f"feed:{PAGE}",
        "8801",
        "Ana Bauer",
    )
    assert stored.event_id == "444_555"


def test_bad_or_missing_signatures_store_nothing(
    client: TestClient, signed_meta: Any, engine: Engine
) -> None:
    raw = json.dumps(payload("meta_messenger_message.json")).encode()
    wrong = signed_meta(raw, secret="another-secret")
    missing = client.post("/webhooks/meta", content=raw)
    assert wrong.status_code == 403
    assert missing.status_code == 401
    assert missing.headers["content-type"] == PROBLEM
    assert _stored(engine) == []


def test_a_payload_that_is_not_a_page_event_is_refused(
    signed_meta: Any, engine: Engine
) -> None:
    response = signed_meta({"object": "instagram", "entry": []})
    broken = payload("meta_messenger_message.json")
    del broken["entry"][0]["messaging"][0]["sender"]
    missing_sender = signed_meta(broken)
    assert response.status_code == 422
    assert "'object'" in response.json()["detail"]
    assert missing_sender.status_code == 422
    assert "entry[0].messaging[0]" in missing_sender.json()["detail"]
    assert _stored(engine) == []


def _signed_request(data: dict[str, Any], secret: str = META_SECRET) -> str:
    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    encoded = b64(json.dumps(data).encode())
    mac = hmac.new(secret.encode(), encoded.encode(), hashlib.sha256).digest()
    return f"{b64(mac)}.{encoded}"


def _saved_facebook_user(engine: Engine) -> None:
    profile = SocialProfile(
        platform="facebook",
        profile_id="5551",
        scope="app:13090192",
        display_name="Ana Bauer",
        source="login.json",
    )
    with session_scope(engine) as session:
        save_run(
            session,
            linked_result([("facebook", "5551", "C9")], scope="app:13090192"),
            inputs={},
            profiles=[profile],
        )


def test_data_deletion_erases_and_answers_with_a_status_url(
    client: TestClient, engine: Engine
) -> None:
    _saved_facebook_user(engine)
    signed = _signed_request(
        {"algorithm": "HMAC-SHA256", "user_id": "5551", "issued_at": 1796547600}
    )
    response = client.post(
        "/webhooks/meta/data-deletion", data={"signed_request": signed}
    )
    assert response.status_code == 200
    body = response.json()
    code = body["confirmation_code"]
    assert body["url"] == f"https://crm.example/webhooks/meta/data-deletion/{code}"
    status = client.get(f"/webhooks/meta/data-deletion/{code}")
    assert status.status_code == 200
    assert status.json()["status"] == "completed"
    with session_scope(engine) as session:
        left = export_profile(session, "facebook", "5551", "app:13090192")
    assert left["profile"] is None and left["links"] == []
    unknown = client.get("/webhooks/meta/data-deletion/not-a-code")
    assert (unknown.status_code, unknown.headers["content-type"]) == (404, PROBLEM)


def test_a_badly_signed_deletion_request_erases_nothing(
    client: TestClient, engine: Engine
) -> None:
    _saved_facebook_user(engine)
    forged = _signed_request(
        {"algorithm": "HMAC-SHA256", "user_id": "5551"}, secret="not-the-secret"
    )
    wrong = client.post("/webhooks/meta/data-deletion", data={"signed_request": forged})
    missing = client.post("/webhooks/meta/data-deletion", data={})
    garbage = client.post(
        "/webhooks/meta/data-deletion", data={"signed_request": "no-dot"}
    )
    assert (wrong.status_code, missing.status_code, garbage.status_code) == (
        403,
        401,
        403,
    )
    with session_scope(engine) as session:
        kept = export_profile(session, "facebook", "5551", "app:13090192")
    assert kept["profile"] is not None
    assert [link["customer_id"] for link in kept["links"]] == ["C9"]
