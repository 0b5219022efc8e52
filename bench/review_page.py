"""Response times of the review page against the size of the review queue (issue 14).

Saves one run with N pending review links (synthetic pairs with a three-term
explanation) to a fresh SQLite file, then times, through FastAPI's TestClient, the
queue page, a pair page and an accept (which redirects to the next pair): the
median and the worst of ``--repeat`` requests each. The queue page reads the whole
queue (``list_pending_reviews``), so its time grows with N; a pair page and an
accept read one link and its profile (``get_review_pair``).

    .venv/bin/python bench/review_page.py                 # N = 100, 1000, 5000
    .venv/bin/python bench/review_page.py --sizes 200 --repeat 5
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from identitylink.results import ComparisonTerm, Explanation, LinkDecision, LinkResult
from identitylink.storage import make_engine, save_run, session_scope, upgrade_schema
from identitylink.web import Reviewer, create_review_app, hash_password


def _decision(i: int) -> LinkDecision:
    p = 0.05 + 0.9 * ((i * 7919) % 1000) / 1000
    terms = (
        ComparisonTerm(
            comparison="name", level="jw>=0.9", weight=3.0, left="a", right="a"
        ),
        ComparisonTerm(
            comparison="city", level="else", weight=-1.0, left="b", right="c"
        ),
        ComparisonTerm(comparison="birth", level="null", weight=0.0),
    )
    explanation = Explanation(
        prior_weight=-2.0, terms=terms, match_weight=0.0, probability=p
    )
    return LinkDecision.model_validate(
        {
            "profile_platform": "twitter" if i % 2 else "facebook",
            "profile_id": f"P{i}",
            "customer_id": f"C{i}",
            "match_weight": 0.0,
            "probability": p,
            "band": "review",
            "explanation": explanation,
        }
    )


def _time(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def measure(n: int, repeat: int, folder: Path) -> dict[str, tuple[float, float]]:
    engine = make_engine(f"sqlite:///{folder / f'review-{n}.db'}")
    upgrade_schema(engine)
    result = LinkResult(links=tuple(_decision(i) for i in range(n)), spec_hash="b")
    with session_scope(engine) as session:
        save_run(session, result, inputs={})
    ana = Reviewer(name="ana", password_hash=hash_password("pw", iterations=1000))
    app = create_review_app(engine, reviewers={"ana": ana}, secret_key="bench")
    figures: dict[str, tuple[float, float]] = {}
    with TestClient(app) as client:
        login = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', login)
        assert token
        client.post(
            "/login", data={"name": "ana", "password": "pw", "csrf_token": token[1]}
        )
        queue = client.get("/").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', queue)
        assert token
        ids = [int(x) for x in re.findall(r'href="/pairs/(\d+)"', queue)]
        figures["queue"] = _time(lambda: client.get("/"), repeat)
        figures["pair"] = _time(lambda: client.get(f"/pairs/{ids[0]}"), repeat)
        to_accept = iter(ids[1:])
        figures["accept"] = _time(
            lambda: client.post(
                f"/pairs/{next(to_accept)}/decide",
                data={"decision": "accept", "csrf_token": token[1]},
                follow_redirects=False,
            ),
            min(repeat, len(ids) - 1),
        )
    engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print(f"{'pending':>8}  {'page':<7} {'median ms':>10} {'worst ms':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            for page, (median, worst) in measure(n, args.repeat, Path(tmp)).items():
                print(f"{n:>8}  {page:<7} {median:>10.1f} {worst:>9.1f}")


if __name__ == "__main__":
    main()
