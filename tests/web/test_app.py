"""The review page through FastAPI's TestClient: login, CSRF, queue, decisions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web_data import PASSWORDS, reviewers, seed, seed_reviewed
from web_helpers import csrf_of, log_in

from identitylink import ConfigurationError, MissingDependencyError
from identitylink.storage import (
    get_review_pair,
    list_pending_reviews,
    lookup_customer,
    review_labels,
    session_scope,
)
from identitylink.web import (
    create_review_app,
    hash_password,
    load_truth,
    parse_reviewers,
    verify_password,
)


def _pending(engine: Engine) -> dict[int, tuple[str, str]]:
    with session_scope(engine) as session:
        return {
            i.link_id: (i.profile_id, i.customer_id)
            for i in list_pending_reviews(session)
        }


def _link_of(engine: Engine, customer_id: str) -> int:
    return next(k for k, v in _pending(engine).items() if v[1] == customer_id)


def test_one_pair_read_agrees_with_the_whole_queue(seeded: Engine) -> None:
    with session_scope(seeded) as session:
        items = list_pending_reviews(session)
        for platforms in (None, ("twitter",)):
            shown = [i for i in items if platforms is None or i.platform in platforms]
            order = [
                i.link_id
                for i in sorted(
                    shown, key=lambda i: (abs(i.probability - 0.5), i.link_id)
                )
            ]
            assert len(order) >= 2
            for k, link_id in enumerate(order):
                pair = get_review_pair(session, link_id, platforms=platforms)
                assert pair is not None
                assert (pair.position, pair.total) == (k + 1, len(order))
                following = order[k + 1] if k + 1 < len(order) else None
                assert pair.next_link_id == following
                same_profile = {
                    i.link_id
                    for i in items
                    if i.profile_id == pair.item.profile_id and i.link_id != link_id
                }
                assert same_profile <= {c.link_id for c in pair.candidates}
        assert get_review_pair(session, max(i.link_id for i in items) + 1000) is None


# --- passwords and reviewers ---------------------------------------------------


def test_password_hash_verifies_only_its_password() -> None:
    hashed = hash_password("s3cret", iterations=1000)
    assert hashed.startswith("pbkdf2_sha256$1000$")
    assert verify_password("s3cret", hashed)
    assert not verify_password("s3cret ", hashed)
    assert not verify_password("s3cret", "not a hash")
    assert hash_password("s3cret", iterations=1000) != hashed  # salted


def test_reviewers_file_names_the_bad_line() -> None:
    good = hash_password("x", iterations=1000)
    parsed = parse_reviewers(f"# comment\nana:{good}\nbo:{good}:facebook\n")
    assert parsed["bo"].platforms == frozenset({"facebook"})
    assert parsed["ana"].platforms is None
    with pytest.raises(ConfigurationError, match="line 2: reviewer 'ana' is listed"):
        parse_reviewers(f"ana:{good}\nana:{good}")
    with pytest.raises(ConfigurationError, match="line 1: reviewer 'cy': platforms"):
        parse_reviewers(f"cy:{good}:myspace")
    with pytest.raises(ConfigurationError, match="line 1: reviewer 'dee': the hash"):
        parse_reviewers("dee:plaintext")


# --- access --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/pairs/1", "/thresholds"])
def test_every_page_needs_a_login(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_wrong_password_is_refused(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"name": "ana", "password": "wrong", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 401
    assert "wrong name or password" in response.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_forged_cookie_is_not_a_login(client: TestClient, seeded: Engine) -> None:
    log_in(client)
    cookie = client.cookies["identitylink_review"]
    payload, mac = cookie.split(".")
    forged = mac[:-2] + ("AA" if not mac.endswith("AA") else "BB")
    client.cookies.clear()
    client.cookies.set("identitylink_review", f"{payload}.{forged}")
    assert client.get("/", follow_redirects=False).status_code == 303
    other = create_review_app(seeded, reviewers=reviewers(), secret_key="other")
    with TestClient(other) as stranger:
        stranger.cookies.set("identitylink_review", cookie)
        assert stranger.get("/", follow_redirects=False).status_code == 303


def test_login_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"name": "ana", "password": PASSWORDS["ana"]})
    assert response.status_code == 403


def test_decision_with_wrong_or_missing_csrf_token_changes_nothing(
    client: TestClient, seeded: Engine
) -> None:
    log_in(client)
    link_id = _link_of(seeded, "C1")
    for data in (
        {"decision": "accept", "csrf_token": "forged"},
        {"decision": "accept"},
    ):
        response = client.post(f"/pairs/{link_id}/decide", data=data)
        assert response.status_code == 403
    assert link_id in _pending(seeded)


def test_the_token_of_another_session_is_refused(
    client: TestClient, seeded: Engine
) -> None:
    app = create_review_app(seeded, reviewers=reviewers(), secret_key="test-secret")
    with TestClient(app) as attacker:
        their_token = log_in(attacker, "bo")
    log_in(client)
    link_id = _link_of(seeded, "C1")
    response = client.post(
        f"/pairs/{link_id}/decide",
        data={"decision": "accept", "csrf_token": their_token},
    )
    assert response.status_code == 403
    assert link_id in _pending(seeded)


def test_logout_ends_the_session(client: TestClient) -> None:
    token = log_in(client)
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_redirects_only_within_the_site(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "name": "ana",
            "password": PASSWORDS["ana"],
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


# --- the queue and the pair page -----------------------------------------------


def test_queue_lists_pending_links_most_uncertain_first(client: TestClient) -> None:
    log_in(client)
    page = client.get("/").text
    order = [page.index(f"<td>{c}</td>") for c in ("C1", "C3", "C4", "C2")]
    assert order == sorted(order)  # |p - 0.5|: 0.05, 0.15, 0.30, 0.30 (C4 id first)
    assert "<td>C5</td>" not in page  # automatic links are not waiting
    assert "0.550" in page and "review" in page and "1001" in page


def test_queue_filters_by_platform_and_probability(client: TestClient) -> None:
    log_in(client)
    facebook = client.get("/", params={"platform": "facebook"}).text
    assert "<td>C3</td>" in facebook and "<td>C1</td>" not in facebook
    sure = client.get("/", params={"min_p": "0.5", "max_p": "0.6"}).text
    assert (
        "<td>C1</td>" in sure
        and "<td>C2</td>" not in sure
        and "<td>C3</td>" not in sure
    )
    assert client.get("/", params={"min_p": "lots"}).status_code == 400


def test_pair_page_shows_fields_waterfall_consent_and_other_candidates(
    client: TestClient, seeded: Engine
) -> None:
    log_in(client)
    link_id = _link_of(seeded, "C3")
    page = client.get(f"/pairs/{link_id}").text
    assert "María García" in page and "Maria Garcia" in page
    assert 'class="differ"' in page  # the names differ
    assert '<svg id="waterfall"' in page and "match weight" in page
    assert "first_party_data" in page and "unknown" in page
    other = _link_of(seeded, "C4")
    assert f'href="/pairs/{other}"' in page  # the profile's other candidate
    assert client.get("/pairs/999999").status_code == 404


def test_accept_changes_the_store_and_opens_the_next_pair(
    client: TestClient, seeded: Engine
) -> None:
    token = log_in(client)
    link_id = _link_of(seeded, "C1")
    response = client.post(
        f"/pairs/{link_id}/decide",
        data={"decision": "accept", "reason": "same person", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/pairs/{_link_of(seeded, 'C3')}"
    assert link_id not in _pending(seeded)
    with session_scope(seeded) as session:
        link = lookup_customer(session, "twitter", "1001")
        labels = review_labels(session)
    assert link is not None
    assert (link.customer_id, link.decided_by, link.reason) == (
        "C1",
        "ana",
        "same person",
    )
    assert [(lab.customer_id, lab.is_match) for lab in labels] == [("C1", True)]


def test_reject_is_recorded_with_reviewer(client: TestClient, seeded: Engine) -> None:
    token = log_in(client)
    link_id = _link_of(seeded, "C2")
    client.post(
        f"/pairs/{link_id}/decide", data={"decision": "reject", "csrf_token": token}
    )
    with session_scope(seeded) as session:
        labels = review_labels(session)
        assert lookup_customer(session, "twitter", "1002") is None
    assert [(lab.customer_id, lab.is_match) for lab in labels] == [("C2", False)]


def test_one_truth_per_profile_is_shown_not_crashed(
    client: TestClient, seeded: Engine
) -> None:
    token = log_in(client)
    first, second = _link_of(seeded, "C3"), _link_of(seeded, "C4")
    client.post(
        f"/pairs/{first}/decide", data={"decision": "accept", "csrf_token": token}
    )
    response = client.post(
        f"/pairs/{second}/decide", data={"decision": "accept", "csrf_token": token}
    )
    assert response.status_code == 409
    assert "already has an accepted link" in response.text
    assert second in _pending(seeded)


def test_policy_hides_other_platforms_from_a_reviewer(
    client: TestClient, seeded: Engine
) -> None:
    token = log_in(client, "bo")
    queue = client.get("/").text
    assert "<td>C3</td>" in queue and "<td>C1</td>" not in queue
    twitter_link = _link_of(seeded, "C1")
    assert client.get(f"/pairs/{twitter_link}").status_code == 404
    response = client.post(
        f"/pairs/{twitter_link}/decide",
        data={"decision": "accept", "csrf_token": token},
    )
    assert response.status_code == 404
    assert twitter_link in _pending(seeded)


def test_thresholds_page_needs_enough_reviewed_pairs(client: TestClient) -> None:
    log_in(client)
    page = client.get("/thresholds").text
    assert 'id="too-few"' in page


def test_missing_web_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "identitylink.web._app", None)
    with pytest.raises(MissingDependencyError, match=r"identitylink\[web\]"):
        create_review_app("sqlite://", reviewers={})


def test_thresholds_page_shows_precision_and_recall(
    client: TestClient, seeded: Engine
) -> None:
    # 12 reviewed pairs: matches at 0.9, 0.8, 0.7, 0.6, 0.3; non-matches elsewhere.
    verdicts = [
        (0.9, True),
        (0.8, True),
        (0.7, True),
        (0.6, True),
        (0.6, False),
        (0.55, False),
        (0.4, False),
        (0.3, True),
        (0.2, False),
        (0.15, False),
        (0.1, False),
        (0.05, False),
    ]
    seed_reviewed(seeded, verdicts)
    log_in(client)
    page = client.get("/thresholds").text
    assert "From the 12 pairs people reviewed (5 accepted)" in page
    # At 0.50: 6 pairs called links, 4 of them matches: precision 0.667, recall 0.8.
    row = re.search(r"<td[^>]*>0\.50</td>(.*?)</tr>", page, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert cells[:3] == ["6", "0.667", "0.800"]


def test_thresholds_page_measures_against_a_truth_file(
    seeded: Engine, tmp_path: Path
) -> None:
    truth = tmp_path / "truth.csv"
    truth.write_text(
        "profile_platform,profile_id,customer_id\n"
        "twitter,1001,C1\ntwitter,1002,C2\nfacebook,2001,C3\ntwitter,9999,C9\n"
    )
    app = create_review_app(
        seeded, reviewers=reviewers(), secret_key="t", truth=load_truth(truth)
    )
    with TestClient(app) as client:
        log_in(client)
        page = client.get("/thresholds").text
        log_in(client, "bo")  # bo sees Facebook only: one true pair, two links
        facebook_only = client.get("/thresholds").text
    assert "5 stored links scored, 4 true pairs" in page
    # At 0.50: links at 0.55 (true), 0.80 (true), 0.999 (C5: not in the truth).
    row = re.search(r"<td[^>]*>0\.50</td>(.*?)</tr>", page, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert cells[:3] == ["3", "0.667", "0.500"]
    assert "2 stored links scored, 1 true pairs" in facebook_only


def test_app_works_mounted_under_a_prefix(seeded: Engine) -> None:
    from fastapi import FastAPI

    outer = FastAPI()
    review = create_review_app(seeded, reviewers=reviewers(), secret_key="mounted")
    outer.mount("/review", review)
    with TestClient(outer) as client:
        first = client.get("/review/", follow_redirects=False)
        assert first.headers["location"] == "/review/login?next=%2Freview%2F"
        login_page = client.get(first.headers["location"]).text
        assert 'action="/review/login"' in login_page
        assert 'name="next" value="/review/"' in login_page
        response = client.post(
            "/review/login",
            data={
                "name": "ana",
                "password": PASSWORDS["ana"],
                "csrf_token": csrf_of(login_page),
                "next": "/review/",
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/review/"
        queue = client.get("/review/").text
        link_id = _link_of(seeded, "C1")
        assert f'href="/review/pairs/{link_id}"' in queue
        decided = client.post(
            f"/review/pairs/{link_id}/decide",
            data={"decision": "reject", "csrf_token": csrf_of(queue)},
            follow_redirects=False,
        )
        assert decided.headers["location"].startswith("/review/pairs/")
    assert link_id not in _pending(seeded)


def test_review_through_the_page_on_sqlite_and_postgresql(engine: Engine) -> None:
    seed(engine)
    app = create_review_app(engine, reviewers=reviewers(), secret_key="both")
    with TestClient(app) as client:
        token = log_in(client)
        accept, reject = _link_of(engine, "C1"), _link_of(engine, "C2")
        for link_id, decision in ((accept, "accept"), (reject, "reject")):
            response = client.post(
                f"/pairs/{link_id}/decide",
                data={"decision": decision, "reason": "checked", "csrf_token": token},
                follow_redirects=False,
            )
            assert response.status_code == 303
    with session_scope(engine) as session:
        labels = {(lab.customer_id, lab.is_match) for lab in review_labels(session)}
    assert labels == {("C1", True), ("C2", False)}


def test_odd_tokens_and_cookies_are_refused_not_crashed(
    client: TestClient, seeded: Engine
) -> None:
    log_in(client)
    link_id = _link_of(seeded, "C1")
    response = client.post(
        f"/pairs/{link_id}/decide", data={"decision": "accept", "csrf_token": "é"}
    )
    assert response.status_code == 403
    client.cookies.clear()
    client.cookies.set("identitylink_review", "not-a-session")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_pages_are_not_cached_nor_framed(client: TestClient) -> None:
    log_in(client)
    response = client.get("/")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"
