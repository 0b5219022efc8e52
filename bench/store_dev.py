"""Time persisting a dev-large-sized link result, on SQLite and on PostgreSQL (issue 4).

The decisions are synthesised (one per profile of the data set: the true customer from
``truth.csv`` when there is one, else a random customer; 75 % ``auto``, 25 %
``review``; each with an eight-term explanation) so that the store can be measured
without running the linker. The customers and profiles are the real records, read
with the public readers, and are saved with the run exactly as
``identitylink link --db`` does. Each backend gets a fresh database; the timing covers
``save_run`` and the commit, then a rerun on the same inputs (no new link).

    .venv/bin/python bench/store_dev.py                      # dev-large, both backends
    .venv/bin/python bench/store_dev.py --data dev-small --backend sqlite
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import resolve_data

from identitylink.records import Customer, SocialProfile
from identitylink.results import ComparisonTerm, Explanation, LinkDecision, LinkResult
from identitylink.sources import read_crm, read_facebook, read_twitter
from identitylink.storage import make_engine, save_run, session_scope, upgrade_schema

TARGET_S = 30.0
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
COMPARISONS = ("name", "username", "email", "birth", "city", "country", "bio", "url")


def _explanation(rng: random.Random, probability: float) -> Explanation:
    terms = tuple(
        ComparisonTerm(
            comparison=c,
            level=rng.choice(("exact", "jw>=0.92", "jw>=0.8", "else", "null")),
            weight=round(rng.uniform(-4, 9), 3),
            left=f"left {c}",
            right=f"right {c}",
        )
        for c in COMPARISONS
    )
    weight = round(sum(t.weight for t in terms) - 10.0, 3)
    return Explanation(
        prior_weight=-10.0, terms=terms, match_weight=weight, probability=probability
    )


def synthesise(
    customers: list[Customer], profiles: list[SocialProfile], truth: dict[str, str]
) -> LinkResult:
    """One decision per profile, as a linker run on these records would give."""
    rng = random.Random(7)
    ids = [c.customer_id for c in customers]
    decisions = []
    for p in profiles:
        auto = rng.random() < 0.75
        probability = rng.uniform(0.95, 1.0) if auto else rng.uniform(0.5, 0.95)
        explanation = _explanation(rng, probability)
        decisions.append(
            LinkDecision(
                profile_platform=p.platform,
                profile_id=p.profile_id,
                profile_scope=p.scope,
                customer_id=truth.get(p.profile_id) or rng.choice(ids),
                match_weight=explanation.match_weight,
                probability=probability,
                band="auto" if auto else "review",
                explanation=explanation,
            )
        )
    return LinkResult(
        links=tuple(decisions),
        spec_hash="bench-store",
        counts={"links": len(decisions)},
    )


def _fresh_database(backend: str, workdir: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.db'}", None
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema


def _drop_schema(schema: str) -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def measure(
    backend: str,
    result: LinkResult,
    customers: list[Customer],
    profiles: list[SocialProfile],
) -> dict[str, float | int | str]:
    """Save ``result`` twice into a fresh database; time each save."""
    with tempfile.TemporaryDirectory() as tmp:
        url, schema = _fresh_database(backend, Path(tmp))
        engine = make_engine(url)
        try:
            upgrade_schema(engine)
            inputs = {"crm": "crm.csv", "twitter": "twitter.jsonl"}
            timings, cpu = [], []
            for _ in range(2):
                start, start_cpu = time.perf_counter(), time.process_time()
                with session_scope(engine) as session:
                    save_run(
                        session,
                        result,
                        inputs=inputs,
                        customers=customers,
                        profiles=profiles,
                        email_salt="bench-salt-0123456789",
                    )
                timings.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
        finally:
            engine.dispose()
            if schema is not None:
                _drop_schema(schema)
    return {
        "backend": backend,
        "decisions": len(result.links),
        "customers": len(customers),
        "profiles": len(profiles),
        "first_save_s": round(timings[0], 2),
        "rerun_save_s": round(timings[1], 2),
        "first_save_client_cpu_s": round(cpu[0], 2),
        "target_s": TARGET_S,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=None, help="dev-large (default), or a path")
    parser.add_argument(
        "--backend", choices=("sqlite", "postgresql", "both"), default="both"
    )
    parser.add_argument("--json", type=Path, default=None, help="write figures here")
    args = parser.parse_args()
    data = resolve_data(args.data)

    start = time.perf_counter()
    customers = list(read_crm(data / "crm.csv", errors="collect"))
    profiles = list(read_twitter(data / "twitter.jsonl", errors="collect"))
    profiles += list(read_facebook(data / "facebook.jsonl", errors="collect"))
    truth: dict[str, str] = {}
    if (data / "truth.csv").exists():
        with (data / "truth.csv").open(newline="", encoding="utf-8") as f:
            truth = {row["profile_id"]: row["customer_id"] for row in csv.DictReader(f)}
    result = synthesise(customers, profiles, truth)
    print(
        f"prepared {len(result.links)} decisions, {len(customers)} customers, "
        f"{len(profiles)} profiles in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    figures = []
    for backend in backends:
        row = measure(backend, result, customers, profiles)
        figures.append(row)
        verdict = "ok" if float(row["first_save_s"]) <= TARGET_S else "OVER TARGET"
        print(
            f"{backend:<10} save {row['first_save_s']:>6} s "
            f"(client CPU {row['first_save_client_cpu_s']} s)  rerun "
            f"{row['rerun_save_s']:>6} s  ({row['decisions']} decisions; "
            f"target <= {TARGET_S:.0f} s: {verdict})"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
