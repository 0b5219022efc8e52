"""Concurrent runs and a killed run leave the store consistent."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from store_factories import make_result
from store_workers import save_range

from identitylink.storage import save_run, session_scope
from identitylink.storage._models import DecisionRow, LinkRow, LinkRunRow

WORKERS = 8
STEP, SIZE = 40, 160


def _scalar(engine: Engine, stmt: object) -> int:
    with session_scope(engine) as session:
        return int(session.scalar(stmt) or 0)  # type: ignore[call-overload]


@pytest.mark.slow
def test_concurrent_processes_with_overlapping_results_add_no_duplicate(
    engine: Engine, database_url: str
) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS) as pool:
        run_ids = pool.starmap(
            save_range, [(database_url, k * STEP, SIZE) for k in range(WORKERS)]
        )
    expected = (WORKERS - 1) * STEP + SIZE
    pairs = select(
        func.count(
            func.distinct(LinkRow.platform + LinkRow.profile_id + LinkRow.customer_id)
        )
    )
    assert len(set(run_ids)) == WORKERS
    assert _scalar(engine, select(func.count()).select_from(LinkRow)) == expected
    assert _scalar(engine, pairs) == expected
    assert _scalar(engine, select(func.sum(LinkRunRow.n_new_links))) == expected
    assert (
        _scalar(engine, select(func.count()).where(LinkRunRow.status == "complete"))
        == WORKERS
    )


def test_a_run_killed_before_commit_leaves_nothing_and_a_rerun_completes(
    engine: Engine, database_url: str
) -> None:
    worker = Path(__file__).with_name("store_workers.py")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen(
        [sys.executable, str(worker), database_url, "3000"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "written"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert _scalar(engine, select(func.count()).select_from(LinkRunRow)) == 0
    assert _scalar(engine, select(func.count()).select_from(DecisionRow)) == 0
    assert _scalar(engine, select(func.count()).select_from(LinkRow)) == 0
    with session_scope(engine) as session:
        run_id = save_run(session, make_result(3000), inputs={"crm": "big.csv"})
        run = session.get_one(LinkRunRow, run_id)
    assert (run.status, run.n_new_links) == ("complete", 3000)
