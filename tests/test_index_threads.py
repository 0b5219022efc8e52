"""The index shared by threads, and the read-only sessions the service identifies in."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import text

import identitylink as il
from identitylink.storage import make_engine, session_scope, upgrade_schema

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"


def _sample() -> tuple[il.ReadResult[il.Customer], list[il.SocialProfile]]:
    mapping = json.loads((DATA / "crm_mapping.json").read_text(encoding="utf-8"))
    crm = il.read_crm(DATA / "crm.csv", mapping=mapping, errors="collect")
    tw = il.read_twitter(DATA / "twitter.jsonl", errors="collect")
    return crm, list(tw.records)


def test_threads_sharing_an_index_get_the_answers_of_one_thread() -> None:
    crm, profiles = _sample()
    spec = il.Linker().train(crm, profiles)
    index = il.Index(spec, crm, profiles[: len(profiles) // 2])

    def answer(p: il.SocialProfile) -> tuple[str | None, tuple[str, ...]]:
        found = index.identify(p)
        return (
            None if found.decision is None else found.decision.customer_id,
            tuple(c.customer_id for c in found.candidates),
        )

    # The first calls build the index in parallel; the builder runs once.
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(answer, profiles))
    assert parallel == [answer(p) for p in profiles]
    assert any(d is not None for d, _ in parallel)


def test_a_read_only_session_reads_while_a_writer_holds_the_lock(
    tmp_path: Path,
) -> None:
    engine = make_engine(
        f"sqlite:///{tmp_path / 'lock.db'}", connect_args={"timeout": 0.2}
    )
    upgrade_schema(engine)
    with engine.connect() as writer:
        writer.execute(text("CREATE TABLE held (x INTEGER)"))  # BEGIN IMMEDIATE
        # A session that took the write lock would fail here ("database is
        # locked") once the busy timeout is over.
        with session_scope(engine, read_only=True) as session:
            assert session.execute(text("SELECT 1")).scalar() == 1
        writer.rollback()
    engine.dispose()
