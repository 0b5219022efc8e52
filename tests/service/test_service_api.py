"""The HTTP API: health, identify, interactions, SLA, problem details, OpenAPI."""

from __future__ import annotations

from fastapi.testclient import TestClient
from service_helpers import interaction_body, linked_result
from sqlalchemy import Engine

from identitylink.storage import list_interactions, save_run, session_scope

PROBLEM = "application/problem+json"


def test_health_reports_the_schema(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["schema_revision"] == "0003"


def test_identify_returns_the_stored_link(client: TestClient, engine: Engine) -> None:
    with session_scope(engine) as session:
        save_run(session, linked_result([("twitter", "3001969357", "C7")]), inputs={})
    known = client.post(
        "/identify", json={"platform": "twitter", "profile_id": "3001969357"}
    )
    unknown = client.post("/identify", json={"platform": "twitter", "profile_id": "9"})
    assert known.status_code == 200
    assert known.json()["customer_id"] == "C7"
    assert known.json()["link"]["status"] == "accepted"
    assert unknown.json()["customer_id"] is None


def test_record_twice_then_list_answer_and_report(client: TestClient) -> None:
    first = client.post("/interactions", json=interaction_body())
    again = client.post("/interactions", json=interaction_body())
    assert (first.status_code, again.status_code) == (201, 200)
    iid = first.json()["interaction"]["interaction_id"]
    assert again.json()["interaction"] == first.json()["interaction"]
    assert again.json()["created"] is False

    answered = client.post(
        f"/interactions/{iid}/answer",
        json={"by": "ana", "at": "2026-12-06T09:12:00+00:00"},
    )
    listed = client.get("/interactions", params={"platform": "twitter"})
    open_ = client.get("/interactions", params={"unanswered": "true"})
    report = client.get("/sla", params={"since": "2026-12-06T00:00:00+00:00"})
    assert answered.status_code == 200
    assert answered.json()["answered_by"] == "ana"
    assert [i["event_id"] for i in listed.json()] == ["e1"]
    assert open_.json() == []
    assert report.status_code == 200
    overall = report.json()["overall"]
    assert (overall["answered"], overall["answered_within"]) == (1, 1)
    assert overall["median_seconds"] == 720.0
    assert report.json()["threshold_minutes"] == 30.0


def test_a_linked_author_gets_the_customer(client: TestClient, engine: Engine) -> None:
    with session_scope(engine) as session:
        save_run(session, linked_result([("twitter", "3001969357", "C7")]), inputs={})
    response = client.post("/interactions", json=interaction_body())
    assert response.json()["interaction"]["customer_id"] == "C7"


def test_bad_input_is_a_problem_naming_the_field(
    client: TestClient, engine: Engine
) -> None:
    response = client.post("/interactions", json=interaction_body(kind="like"))
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert "body.kind" in response.json()["detail"]
    assert response.json()["status"] == 422
    with session_scope(engine) as session:
        assert list_interactions(session) == []


def test_unknown_interaction_and_early_answer_are_problems(
    client: TestClient,
) -> None:
    missing = client.post("/interactions/999/answer", json={"by": "ana"})
    iid = client.post("/interactions", json=interaction_body()).json()["interaction"][
        "interaction_id"
    ]
    early = client.post(
        f"/interactions/{iid}/answer",
        json={"by": "ana", "at": "2026-12-05T09:00:00+00:00"},
    )
    assert (missing.status_code, missing.headers["content-type"]) == (404, PROBLEM)
    assert missing.json()["detail"] == "no interaction 999"
    assert early.status_code == 422
    assert "answered_at" in early.json()["detail"]


def test_an_unknown_route_is_a_problem(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert (response.status_code, response.headers["content-type"]) == (404, PROBLEM)


def test_openapi_documents_every_route_and_problem_details(
    client: TestClient,
) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/health",
        "/identify",
        "/interactions",
        "/interactions/{interaction_id}/answer",
        "/sla",
        "/webhooks/x",
        "/webhooks/meta",
        "/webhooks/meta/data-deletion",
        "/webhooks/meta/data-deletion/{code}",
    } <= paths
    responses = spec["paths"]["/webhooks/x"]["post"]["responses"]
    assert "application/problem+json" in responses["403"]["content"]
    assert "NewInteraction" in spec["components"]["schemas"]


def test_an_unexpected_failure_is_a_problem_without_details(
    settings: object, engine: Engine
) -> None:
    from identitylink.service import Identification, create_app

    def broken(*_: object) -> Identification:
        raise RuntimeError("secret detail")

    app = create_app(settings, engine=engine, identify=broken)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(
            "/identify", json={"platform": "twitter", "profile_id": "1"}
        )
        health = client.get("/health")
    assert (response.status_code, response.headers["content-type"]) == (500, PROBLEM)
    assert "secret detail" not in response.text
    assert health.status_code == 200
