"""``create_app(index=...)``: POST /identify and the X webhook answer from an Index."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from service_helpers import X_SECRET, payload
from sqlalchemy import Engine

import identitylink as il
from identitylink.consent import Method, Purpose, Subject, withdraw
from identitylink.service import IndexIdentify, create_app, x_signature
from identitylink.settings import IdentityLinkSettings
from identitylink.storage import (
    accept_link,
    list_interactions,
    list_pending_reviews,
    save_run,
    session_scope,
)

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


class Sample:
    def __init__(self) -> None:
        mapping = json.loads((DATA / "crm_mapping.json").read_text(encoding="utf-8"))
        self.crm = il.read_crm(DATA / "crm.csv", mapping=mapping, errors="collect")
        tw = il.read_twitter(DATA / "twitter.jsonl", errors="collect")
        fb = il.read_facebook(DATA / "facebook.jsonl", errors="collect")
        self.twitter, self.facebook = list(tw.records), list(fb.records)
        self.profiles = self.twitter + self.facebook
        self.spec = il.Linker().train(self.crm, self.profiles)
        self.index = il.Index(self.spec, self.crm, self.profiles)
        answers = [(p, self.index.identify(p)) for p in self.facebook]
        self.auto = [
            (p, a.decision)
            for p, a in answers
            if a.decision is not None and a.decision.band == "auto"
        ]


@pytest.fixture(scope="module")
def sample() -> Sample:
    return Sample()


@pytest.fixture
def indexed(
    settings: IdentityLinkSettings, engine: Engine, sample: Sample
) -> Iterator[TestClient]:
    app = create_app(settings, engine=engine, index=sample.index)
    with TestClient(app) as test_client:
        yield test_client


def _ask(
    client: TestClient,
    profile_id: str,
    platform: str = "facebook",
    scope: str = "global",
    **extra: Any,
) -> dict[str, Any]:
    body = {"platform": platform, "profile_id": profile_id, "scope": scope, **extra}
    response = client.post("/identify", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_identify_answers_from_the_index(indexed: TestClient, sample: Sample) -> None:
    assert len(sample.auto) >= 3
    for profile, decision in sample.auto[:5]:
        answer = _ask(indexed, profile.profile_id, scope=profile.scope)
        assert answer["method"] == "index"
        assert answer["customer_id"] == decision.customer_id
        assert answer["decision"]["band"] == "auto"
        assert answer["decision"]["probability"] == pytest.approx(decision.probability)
        assert answer["decision"]["explanation"]["terms"]
        weights = [c["match_weight"] for c in answer["candidates"]]
        assert weights == sorted(weights, reverse=True)
        assert answer["candidates"][0]["customer_id"] == decision.customer_id


def test_an_unknown_profile_falls_back_to_the_stored_link(
    indexed: TestClient,
) -> None:
    answer = _ask(indexed, "123456789", platform="twitter")
    assert answer["method"] == "stored_link"
    assert answer["customer_id"] is None
    assert answer["candidates"] == []


def test_a_profile_given_whole_is_scored(indexed: TestClient, sample: Sample) -> None:
    profile, decision = sample.auto[0]
    fields = profile.model_dump(mode="json", exclude={"raw"})
    fields["profile_id"] = "99887766"
    answer = _ask(indexed, "99887766", scope=profile.scope, profile=fields)
    assert answer["method"] == "index"
    assert answer["customer_id"] == decision.customer_id
    bad = indexed.post(
        "/identify",
        json={"platform": "facebook", "profile_id": "11", "profile": fields},
    )
    assert bad.status_code == 422
    assert "profile" in bad.json()["detail"]


def test_the_consent_gate_applies(
    indexed: TestClient, sample: Sample, engine: Engine
) -> None:
    profile, decision = sample.auto[0]
    result = il.Linker(sample.spec).link(sample.crm, sample.profiles)
    with session_scope(engine) as session:
        save_run(session, result, inputs={"crm": "sample"}, customers=sample.crm)
    before = _ask(indexed, profile.profile_id, scope=profile.scope)
    assert before["link"]["customer_id"] == decision.customer_id
    with session_scope(engine) as session:
        withdraw(
            session,
            Subject(kind="customer", id=decision.customer_id),
            Purpose.IDENTITY_LINKING,
            actor="data_subject",
            method=Method.WEB_FORM,
        )
    after = _ask(indexed, profile.profile_id, scope=profile.scope)
    assert after["customer_id"] != decision.customer_id
    assert after["link"] is None
    assert decision.customer_id not in {c["customer_id"] for c in after["candidates"]}
    assert after["refused"] >= 1


class _Recording(IndexIdentify):
    def __init__(self, index: il.Index) -> None:
        super().__init__(index)
        self.asked: list[il.SocialProfile | None] = []

    def __call__(self, *args: Any, profile: il.SocialProfile | None = None) -> Any:
        self.asked.append(profile)
        return super().__call__(*args, profile=profile)


def test_the_x_webhook_identifies_the_author_with_the_index(
    settings: IdentityLinkSettings, engine: Engine, sample: Sample
) -> None:
    known = sample.twitter[0]
    body = payload("x_tweet_create_mention.json")
    user = body["tweet_create_events"][0]["user"]
    user.update(id_str="55501", name=known.display_name, location=known.location_text)
    raw = json.dumps(body).encode()
    identify = _Recording(sample.index)
    app = create_app(settings, engine=engine, identify=identify)
    with TestClient(app) as client:
        response = client.post(
            "/webhooks/x",
            content=raw,
            headers={
                "content-type": "application/json",
                "x-twitter-webhooks-signature": x_signature(X_SECRET, raw),
            },
        )
    assert response.status_code == 200, response.text
    assert response.json()["recorded"] == 1
    (author,) = identify.asked
    assert author is not None
    assert (author.profile_id, author.display_name) == ("55501", known.display_name)
    expected = sample.index.identify(author).decision
    with session_scope(engine) as session:
        (stored,) = list_interactions(session)
    assert stored.profile_id == "55501"
    auto = expected is not None and expected.band == "auto"
    assert stored.customer_id == (expected.customer_id if auto else None)


def _mention(client: TestClient, tweet_id: str, profile: il.SocialProfile) -> None:
    body = payload("x_tweet_create_mention.json")
    tweet = body["tweet_create_events"][0]
    tweet["id_str"] = tweet_id
    tweet["user"].update(
        id_str=profile.profile_id,
        screen_name=profile.username,
        name=profile.display_name,
        location=profile.location_text,
    )
    raw = json.dumps(body).encode()
    response = client.post(
        "/webhooks/x",
        content=raw,
        headers={
            "content-type": "application/json",
            "x-twitter-webhooks-signature": x_signature(X_SECRET, raw),
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["recorded"] == 1


def test_an_x_mention_carries_the_customer_once_a_reviewer_accepts_the_link(
    indexed: TestClient, sample: Sample, engine: Engine
) -> None:
    # An X profile has no identifying evidence: the index decides "review" at
    # best, so a mention gets a customer from an accepted link only.
    decided = [(p, sample.index.identify(p).decision) for p in sample.twitter]
    review = [(p, d) for p, d in decided if d is not None]
    assert review and all(d.band == "review" for _, d in review)
    profile, decision = review[0]
    with session_scope(engine) as session:
        result = il.LinkResult(links=(decision,), spec_hash=sample.spec.spec_hash)
        save_run(session, result, inputs={})
    _mention(indexed, "1865000000000000101", profile)
    with session_scope(engine) as session:
        (item,) = list_pending_reviews(session)
        accept_link(session, item.link_id, reviewer="agent")
    _mention(indexed, "1865000000000000102", profile)
    with session_scope(engine) as session:
        stored = {i.event_id: i.customer_id for i in list_interactions(session)}
    assert stored == {
        "1865000000000000101": None,
        "1865000000000000102": decision.customer_id,
    }
