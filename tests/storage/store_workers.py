"""Code run in child processes by the concurrency and crash tests."""

from __future__ import annotations

import sys
import time

from store_factories import make_result

from identitylink.storage import make_engine, save_run, session_scope


def save_range(url: str, start: int, n: int) -> str:
    """Save decisions ``P{start}..`` in their own run; return the run id."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return save_run(
                session, make_result(n, start=start), inputs={"part": str(start)}
            )
    finally:
        engine.dispose()


def save_then_hang(url: str, n: int) -> None:
    """Write a whole run, say so on stdout, and wait (uncommitted) to be killed."""
    result = make_result(n)
    engine = make_engine(url)
    with session_scope(engine) as session:
        save_run(session, result, inputs={"crm": "big.csv"})
        session.flush()
        sys.stdout.write("written\n")
        sys.stdout.flush()
        time.sleep(60)


if __name__ == "__main__":
    save_then_hang(sys.argv[1], int(sys.argv[2]))
