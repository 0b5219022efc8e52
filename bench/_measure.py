"""Run a command as a child process and measure its wall time and peak RSS.

The peak RSS comes from ``os.wait4`` on that one child, so several measured runs in
the same benchmark do not see each other's memory (``RUSAGE_CHILDREN`` would report
the maximum over every child waited for so far).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@dataclass(frozen=True)
class Measured:
    """What one measured child run took, and what it printed."""

    command: list[str]
    returncode: int
    wall_s: float
    peak_rss_mb: float
    stdout: str
    stderr: str


def run_measured(command: list[str]) -> Measured:
    """Run ``command`` to completion; its output is captured, not shown."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        rss_kb = usage.ru_maxrss  # kilobytes on Linux (bytes on macOS)
        if sys.platform == "darwin":
            rss_kb //= 1024
        return Measured(
            command=command,
            returncode=proc.returncode,
            wall_s=wall,
            peak_rss_mb=rss_kb / 1024,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def resolve_data(value: str | None, default: str = "dev-large") -> Path:
    """A data directory: a path, or the name of a folder of ``../shared/data``."""
    if value is None:
        return SHARED_DATA / default
    path = Path(value)
    if path.is_dir():
        return path.resolve()
    named = SHARED_DATA / value
    if named.is_dir():
        return named
    raise SystemExit(f"no data directory {value!r} (nor {named})")


def identitylink_command() -> list[str]:
    """The ``identitylink`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("identitylink")
    return [str(script)] if script.exists() else [sys.executable, "-m", "identitylink"]
