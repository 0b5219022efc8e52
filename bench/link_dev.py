"""Link dev-large through the CLI, and Splink 5 on the same files, side by side.

    .venv/bin/python bench/link_dev.py                    # dev-large, with Splink
    .venv/bin/python bench/link_dev.py --data dev-small   # quick
    .venv/bin/python bench/link_dev.py --skip-splink      # ours only

Each system runs as its own child process (``identitylink link ...`` and
``bench/_splink_baseline.py``), timed by wall clock, its peak RSS read from
``os.wait4``. Both link files are scored with :func:`identitylink.evaluate` against
``truth.csv``. Issue 5 §7 targets are printed next to the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from _measure import Measured, identitylink_command, resolve_data, run_measured

from identitylink import EvaluationReport, evaluate

BENCH = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SystemRun:
    name: str
    measured: Measured | None
    report: EvaluationReport | None
    note: str = ""


def run_ours(data: Path, out: Path, crm: list[str] | None = None) -> SystemRun:
    """``identitylink link`` on ``data``; ``crm`` replaces ``--crm data/crm.csv``
    (another CRM file, with ``--crm-mapping`` where it needs one)."""
    command = [
        *identitylink_command(),
        "link",
        *(crm if crm is not None else ["--crm", str(data / "crm.csv")]),
        "--twitter",
        str(data / "twitter.jsonl"),
        "--facebook",
        str(data / "facebook.jsonl"),
        "--out",
        str(out),
        "--json",
    ]
    return _run("identitylink", command, out, data)


def run_splink(data: Path, out: Path, threshold: float) -> SystemRun:
    command = [
        sys.executable,
        str(BENCH / "_splink_baseline.py"),
        "--data",
        str(data),
        "--out",
        str(out),
        "--threshold",
        str(threshold),
    ]
    return _run("Splink 5", command, out, data)


def _run(name: str, command: list[str], out: Path, data: Path) -> SystemRun:
    print(f"running {name}: {' '.join(command)}", file=sys.stderr, flush=True)
    measured = run_measured(command)
    if measured.returncode != 0 or not out.exists():
        tail = "\n".join(measured.stderr.strip().splitlines()[-8:])
        return SystemRun(
            name, measured, None, f"failed ({measured.returncode}): {tail}"
        )
    return SystemRun(
        name, measured, evaluate(out, data / "truth.csv"), _timings(measured)
    )


def _timings(measured: Measured) -> str:
    """The stage timings the child printed in its JSON summary, if any."""
    text = measured.stdout.strip()
    for candidate in (text, *reversed(text.splitlines())):
        try:
            summary = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(summary, dict) and isinstance(summary.get("timings"), dict):
            stages = ", ".join(
                f"{k} {v:.1f}" if isinstance(v, int | float) else f"{k} {v}"
                for k, v in summary["timings"].items()
            )
            return f"stage seconds: {stages}"
    return ""


def _fmt(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _rows(run: SystemRun) -> dict[str, str]:
    r, m = run.report, run.measured
    rows: dict[str, str] = {}
    if r is not None:
        rows["F1 all"] = _fmt(r.overall.f1)
        rows["precision all"] = _fmt(r.overall.precision)
        rows["recall all"] = _fmt(r.overall.recall)
        for platform in ("twitter", "facebook"):
            pm = r.by_platform.get(platform)
            rows[f"F1 {platform}"] = _fmt(pm.f1 if pm else None)
            rows[f"P/R {platform}"] = (
                f"{_fmt(pm.precision, 3)}/{_fmt(pm.recall, 3)}" if pm else "-"
            )
        auto = r.by_band.get("auto")
        rows["precision auto band"] = _fmt(auto.precision if auto else None)
        rows["recall auto band"] = _fmt(auto.recall if auto else None)
        rows["links (true links)"] = f"{r.links} ({r.true_links})"
    if m is not None and r is not None:  # a failed run's time means nothing
        rows["wall s"] = f"{m.wall_s:.1f}"
        rows["peak RSS MB"] = f"{m.peak_rss_mb:.0f}"
    return rows


ROW_ORDER = [
    "F1 all",
    "precision all",
    "recall all",
    "F1 twitter",
    "P/R twitter",
    "F1 facebook",
    "P/R facebook",
    "precision auto band",
    "recall auto band",
    "links (true links)",
    "wall s",
    "peak RSS MB",
]

TARGETS = {
    "F1 all": ">= 0.80 and >= Splink + 0.08",
    "precision auto band": ">= 0.99",
    "recall auto band": ">= 0.30",
    "wall s": "<= 60 and >= 3x faster than Splink",
    "peak RSS MB": "<= 2048",
}


def check_targets(ours: SystemRun, splink: SystemRun | None) -> dict[str, bool]:
    """Issue 5 §7 targets; a target that cannot be measured counts as missed."""
    r = ours.report
    m = ours.measured if r is not None else None  # a failed run meets no target
    checks: dict[str, bool] = {}
    auto = r.by_band.get("auto") if r else None
    checks["F1 >= 0.80"] = bool(r and r.overall.f1 >= 0.80)
    checks["auto precision >= 0.99"] = bool(auto and (auto.precision or 0) >= 0.99)
    checks["auto recall >= 0.30"] = bool(auto and (auto.recall or 0) >= 0.30)
    checks["wall <= 60 s"] = bool(m and m.wall_s <= 60)
    checks["peak RSS <= 2 GB"] = bool(m and m.peak_rss_mb <= 2048)
    if splink is not None:
        sr, sm = splink.report, splink.measured
        checks["F1 >= Splink + 0.08"] = bool(
            r and sr and r.overall.f1 >= sr.overall.f1 + 0.08
        )
        checks[">= 3x faster than Splink"] = bool(
            m and sm and sr and sm.wall_s >= 3 * m.wall_s
        )
    return checks


def print_side_by_side(data: Path, ours: SystemRun, splink: SystemRun | None) -> None:
    runs = [ours] if splink is None else [ours, splink]
    table = [_rows(run) for run in runs]
    labels = ROW_ORDER
    print(f"\ndata: {data}")
    header = f"{'':<22}" + "".join(f"{run.name:>16}" for run in runs) + "   target"
    print(header)
    print("-" * len(header))
    for label in labels:
        cells = "".join(f"{rows.get(label, '-'):>16}" for rows in table)
        print(f"{label:<22}{cells}   {TARGETS.get(label, '')}")
    for run in runs:
        if run.note:
            print(f"\n{run.name} {run.note}")
    if splink is not None and ours.report and splink.report:
        diff = ours.report.overall.f1 - splink.report.overall.f1
        print(f"\nF1 difference (identitylink - Splink): {diff:+.4f}")
    if splink is not None and ours.report and splink.report:
        assert ours.measured is not None and splink.measured is not None
        speed = splink.measured.wall_s / ours.measured.wall_s
        memory = splink.measured.peak_rss_mb / ours.measured.peak_rss_mb
        print(f"speed ratio (Splink wall / identitylink wall): {speed:.2f}x")
        print(f"memory ratio (Splink RSS / identitylink RSS): {memory:.2f}x")
    print("\ntargets (issue 5 §7):")
    for name, ok in check_targets(ours, splink).items():
        print(f"  {'ok    ' if ok else 'MISSED'} {name}")


def _summary(run: SystemRun) -> dict[str, object]:
    return {
        "name": run.name,
        "wall_s": run.measured.wall_s if run.measured else None,
        "peak_rss_mb": run.measured.peak_rss_mb if run.measured else None,
        "report": run.report.model_dump() if run.report else None,
        "note": run.note,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        help="data directory, or a folder name under ../shared/data "
        "(default: dev-large)",
    )
    parser.add_argument("--skip-splink", action="store_true", help="run ours only")
    parser.add_argument(
        "--splink-threshold",
        type=float,
        default=0.5,
        help="Splink's match probability threshold (default 0.5)",
    )
    parser.add_argument("--out-dir", type=Path, help="keep the link files here")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target is missed"
    )
    args = parser.parse_args(argv)
    data = resolve_data(args.data)

    with tempfile.TemporaryDirectory(prefix="identitylink-bench-") as tmp:
        out_dir = args.out_dir or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        ours = run_ours(data, out_dir / "identitylink_links.csv")
        splink = None
        if not args.skip_splink:
            splink = run_splink(
                data, out_dir / "splink_links.csv", args.splink_threshold
            )
    print_side_by_side(data, ours, splink)
    if args.json:
        runs = [ours] if splink is None else [ours, splink]
        payload = {"data": str(data), "runs": [_summary(r) for r in runs]}
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    missed = not all(check_targets(ours, splink).values())
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
