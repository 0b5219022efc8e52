"""The HTTP service on loopback: webhook and identify latency, and webhook integrity.

Starts ``identitylink.service.create_app`` under uvicorn on 127.0.0.1 (a free port,
in this process), over a fresh SQLite store (or ``--db URL``) holding ``--links``
accepted links. Then, with a fixed count and a time bound:

1. posts ``--events`` X Account Activity deliveries (one mention each, from linked
   and unknown authors), of which 1% carry a wrong signature and 1% repeat an
   earlier delivery (X retries), and checks that no badly signed event was stored,
   no event was stored twice and no good event was lost;
2. asks ``POST /identify`` ``--identify`` times.

It prints p50/p99 latency and throughput for both, with ``--clients`` concurrent
clients. Figures depend on the machine; rerun with the same arguments to compare::

    .venv/bin/python bench/service_latency.py
    .venv/bin/python bench/service_latency.py --events 2000 --clients 8 --json out.json
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

try:
    import httpx2 as httpx
except ImportError:  # pragma: no cover - older FastAPI stacks
    import httpx  # type: ignore[no-redef]
import uvicorn

from identitylink import IdentityLinkSettings
from identitylink.results import ComparisonTerm, Explanation, LinkDecision, LinkResult
from identitylink.service import create_app, x_signature
from identitylink.storage import (
    list_interactions,
    make_engine,
    save_run,
    session_scope,
    upgrade_schema,
)

SECRET = "bench-consumer-secret"
ACCOUNT = "2244994945"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed_links(engine: Any, n: int) -> None:
    explanation = Explanation(
        prior_weight=-8.0,
        terms=(ComparisonTerm(comparison="name", level="exact", weight=18.0),),
        match_weight=10.0,
        probability=0.99,
    )
    decisions = tuple(
        LinkDecision(
            profile_platform="twitter",
            profile_id=str(10_000 + i),
            customer_id=f"C{i}",
            match_weight=10.0,
            probability=0.99,
            band="auto",
            explanation=explanation,
        )
        for i in range(n)
    )
    with session_scope(engine) as session:
        save_run(session, LinkResult(links=decisions, spec_hash="bench"), inputs={})


def _delivery(i: int, user: dict[str, str]) -> bytes:
    """One mention by ``user`` (an X v1.1 user object), tweet ``i``."""
    tweet = {
        "created_at": "Sun Dec 06 09:00:00 +0000 2026",
        "id_str": str(1_900_000_000_000_000_000 + i),
        "text": f"@acme order {i} is late",
        "in_reply_to_status_id_str": None,
        "user": user,
        "timestamp_ms": str(1_796_547_600_000 + i * 1000),
    }
    body = {"for_user_id": ACCOUNT, "tweet_create_events": [tweet]}
    return json.dumps(body).encode()


def _plan(
    n: int, links: int, seed: int, users: list[dict[str, str]] | None = None
) -> list[tuple[str, bytes, str]]:
    """``(kind, body, signature)`` with kind ``good``, ``bad`` or ``duplicate``.

    70% of the mentions come from ``users`` (default: ``links`` authors
    ``10000 + k``, the ids :func:`_seed_links` links), the others from authors
    no one knows (id ``90000000 + i``, a screen name only).
    """
    rng = random.Random(seed)
    if users is None:
        users = [
            {"id_str": str(10_000 + k), "screen_name": f"user{10_000 + k}"}
            for k in range(links)
        ]
    plan: list[tuple[str, bytes, str]] = []
    goods: list[tuple[bytes, str]] = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.01 and goods:
            body, signature = rng.choice(goods)
            plan.append(("duplicate", body, signature))
            continue
        stranger = str(90_000_000 + i)
        user = (
            rng.choice(users)
            if rng.random() < 0.7
            else {"id_str": stranger, "screen_name": f"user{stranger}"}
        )
        body = _delivery(i, user)
        if roll < 0.02:
            plan.append(("bad", body, x_signature("not-the-secret", body)))
        else:
            signature = x_signature(SECRET, body)
            goods.append((body, signature))
            plan.append(("good", body, signature))
    return plan


def _percentiles(latencies: list[float], wall: float) -> dict[str, float]:
    ms = np.asarray(latencies) * 1000
    if not len(ms):
        ms = np.array([np.nan])
    return {
        "count": len(latencies),
        "p50_ms": float(np.percentile(ms, 50)),
        "p99_ms": float(np.percentile(ms, 99)),
        "throughput_per_s": len(latencies) / wall if wall else 0.0,
    }


def _run_parallel(
    jobs: list[Any], clients: int, send: Any, deadline: float
) -> tuple[list[Any], float]:
    chunks = [jobs[k::clients] for k in range(clients)]

    def worker(chunk: list[Any]) -> list[Any]:
        out = []
        with httpx.Client(timeout=30) as http:
            for job in chunk:
                if time.perf_counter() > deadline:
                    break
                start = time.perf_counter()
                status = send(http, job)
                out.append((job, status, time.perf_counter() - start))
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = [r for part in pool.map(worker, chunks) for r in part]
    return results, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", default=None, help="Database URL (default: temp SQLite)"
    )
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--identify", type=int, default=5_000)
    parser.add_argument("--links", type=int, default=1_000)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(tmp.name) / 'service.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    _seed_links(engine, args.links)
    settings = IdentityLinkSettings(
        database_url=url, x_consumer_secret=SECRET, log_level="WARNING"
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, engine=engine),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    deadline = time.perf_counter() + args.max_seconds

    plan = _plan(args.events, args.links, args.seed)

    def post(http: Any, job: tuple[str, bytes, str]) -> int:
        return int(
            http.post(
                f"{base}/webhooks/x",
                content=job[1],
                headers={
                    "content-type": "application/json",
                    "x-twitter-webhooks-signature": job[2],
                },
            ).status_code
        )

    sent, webhook_wall = _run_parallel(plan, args.clients, post, deadline)
    rng = random.Random(args.seed + 1)
    asks = [str(10_000 + rng.randrange(args.links)) for _ in range(args.identify)]

    def ask(http: Any, profile_id: str) -> int:
        return int(
            http.post(
                f"{base}/identify",
                json={"platform": "twitter", "profile_id": profile_id},
            ).status_code
        )

    identified, identify_wall = _run_parallel(asks, args.clients, ask, deadline)
    server.should_exit = True
    thread.join(timeout=10)

    with session_scope(engine) as session:
        stored = {i.event_id for i in list_interactions(session)}
        n_stored = len(list_interactions(session))
    sent_good = {
        json.loads(j[1])["tweet_create_events"][0]["id_str"]
        for j, _, _ in sent
        if j[0] == "good"
    }
    sent_bad = {
        json.loads(j[1])["tweet_create_events"][0]["id_str"]
        for j, _, _ in sent
        if j[0] == "bad"
    }
    statuses: dict[str, dict[int, int]] = {}
    for job, status, _ in sent:
        statuses.setdefault(job[0], {}).setdefault(status, 0)
        statuses[job[0]][status] += 1
    figures = {
        "events_sent": len(sent),
        "events_planned": len(plan),
        "clients": args.clients,
        "statuses": {k: {str(s): c for s, c in v.items()} for k, v in statuses.items()},
        "bad_signatures_stored": len(sent_bad & stored),
        "duplicates_stored": n_stored - len(stored),
        "good_events_lost": len(sent_good - stored),
        "webhook": _percentiles([lat for _, _, lat in sent], webhook_wall),
        "identify": _percentiles([lat for _, _, lat in identified], identify_wall),
        "identify_non_200": sum(s != 200 for _, s, _ in identified),
    }
    engine.dispose()
    tmp.cleanup()
    print(
        f"webhooks: {figures['events_sent']} sent by {args.clients} client(s) "
        f"to 127.0.0.1 (statuses {figures['statuses']})"
    )
    print(
        f"  bad signatures stored: {figures['bad_signatures_stored']}, duplicates "
        f"stored: {figures['duplicates_stored']}, good events lost: "
        f"{figures['good_events_lost']}"
    )
    for name in ("webhook", "identify"):
        f = figures[name]
        print(
            f"{name:>9}: n={f['count']} p50={f['p50_ms']:.2f} ms "
            f"p99={f['p99_ms']:.2f} ms {f['throughput_per_s']:.0f}/s"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    ok = (
        figures["bad_signatures_stored"] == 0
        and figures["duplicates_stored"] == 0
        and figures["good_events_lost"] == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
