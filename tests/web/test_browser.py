"""The review page in a real browser: Debian's Chromium driven by Playwright.

A uvicorn server runs the app in a thread on a free port; the browser logs in,
opens the queue, reviews three pairs (keyboard and buttons) and the test reads
the decisions back from the store. Set ``IDENTITYLINK_SCREENSHOT_DIR`` to keep
screenshots of the queue and of a pair (the docs' pictures come from there).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright import sync_api
from sqlalchemy import Engine
from web_data import PASSWORDS, reviewers

from identitylink.storage import list_pending_reviews, review_labels, session_scope
from identitylink.web import create_review_app

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed (`make browser` installs it)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(seeded: Engine) -> Iterator[str]:
    """The review app served by uvicorn in a thread; its base URL."""
    app = create_review_app(seeded, reviewers=reviewers(), secret_key="browser")
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "no uvicorn"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server: str) -> Iterator[sync_api.Page]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            base_url=server, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def _shoot(page: sync_api.Page, name: str) -> None:
    folder = os.environ.get("IDENTITYLINK_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_review_three_pairs_end_to_end(page: sync_api.Page, seeded: Engine) -> None:
    expect = sync_api.expect
    page.goto("/")
    assert "/login" in page.url
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", PASSWORDS["ana"])
    page.click("button[type=submit]")

    rows = page.locator("#queue tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("C1")  # the most uncertain pair first
    _shoot(page, "review-queue.png")

    # 1: open the first pair from the queue, accept it with the button.
    rows.nth(0).locator("a").click()
    expect(page.locator("h1")).to_contain_text("customer C1")
    expect(page.locator("#waterfall rect")).to_have_count(4)  # prior, 2 terms, total
    expect(page.locator("#consent")).to_contain_text("first_party_data")
    page.fill("#reason", "same name and city")
    page.click("#accept")

    # 2: the next pair opens by itself (C3); reject it with the keyboard.
    expect(page.locator("h1")).to_contain_text("customer C3")
    expect(page.locator("#others")).to_contain_text("C4")
    _shoot(page, "review-pair.png")
    page.keyboard.press("/")
    page.keyboard.type("different first name")
    page.keyboard.press("Escape")
    page.keyboard.press("r")

    # 3: skip C4 with "s", then accept C2 with "a".
    expect(page.locator("h1")).to_contain_text("customer C4")
    page.keyboard.press("s")
    expect(page.locator("h1")).to_contain_text("customer C2")
    page.keyboard.press("a")

    # Back on the queue, only the skipped pair waits.
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    expect(page.locator("#queue tbody tr")).to_contain_text("C4")

    with session_scope(seeded) as session:
        labels = {(lab.customer_id, lab.is_match) for lab in review_labels(session)}
        pending = [i.customer_id for i in list_pending_reviews(session)]
    assert labels == {("C1", True), ("C3", False), ("C2", True)}
    assert pending == ["C4"]


def test_browser_without_login_cannot_decide(
    page: sync_api.Page, server: str, seeded: Engine
) -> None:
    response = page.request.post(
        f"{server}/pairs/1/decide", form={"decision": "accept", "csrf_token": "x"}
    )
    assert response.status in (401, 403)
    with session_scope(seeded) as session:
        assert review_labels(session) == []
