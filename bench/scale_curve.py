"""How the batch link's cost grows: dev-large expanded 1x, 3x and 10x.

    .venv/bin/python bench/scale_curve.py                      # 1x, 3x, 10x
    .venv/bin/python bench/scale_curve.py --factors 1,3        # quicker
    .venv/bin/python bench/scale_curve.py --data dev-small --factors 1,3,10

The expansion is deterministic and documented here so that anyone gets the same
files. Copy 0 is the data set as shipped. Copy ``j >= 1`` is another population
with the same structure (the same places, countries, typos and missing values):

* every ASCII letter of names, X usernames and e-mail local parts is rotated by
  ``j`` places (a -> b for j = 1), on the CRM and on the profiles alike: string
  similarities (Jaro-Winkler, Levenshtein) are unchanged by a letter bijection, so
  a copy links like copy 0, while its people are not copy 0's twins; nickname
  tables do not know rotated names, so copies lose a little recall;
* customer ids get the suffix ``-x<j>``, X and Facebook ids get ``j`` prepended
  (they stay digits); the last four digits of phones are shifted by ``j * 1379``
  (mod 10,000);
* birth dates move ``j * 37`` days on the customer and on the Facebook birthday
  alike, so a copy's people are namesakes of copy 0, not its twins;
* the truth file maps each copy's profiles to the same copy's customers.

Places are shared, so city and postcode blocks grow with the factor; surname
blocks do not (rotated surnames are new surnames), which makes the curve somewhat
kinder than a real CRM ten times the size, where common surnames repeat more.

Each factor runs ``identitylink link`` as a child process (wall clock and peak RSS
from ``os.wait4``) and is scored against its truth file. The growth exponent is
the least-squares slope of log(wall time) on log(records) over the factors run.
Issue 13's targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _measure import identitylink_command, resolve_data, run_measured

from identitylink import evaluate

# The CRM columns holding names (dev-large's layout; other layouts: edit here).
NAME_COLUMNS = ("first_name", "last_name")
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "scale"


def _shift_date(text: str, days: int, fmt: str) -> str:
    """Shift an ISO (``%Y-%m-%d``) or Facebook (``%m/%d/%Y``) date; keep others."""
    try:
        if fmt == "iso":
            d = date.fromisoformat(text)
            return (d + timedelta(days=days)).isoformat()
        month, day, year = (int(p) for p in text.split("/"))
        d = date(year, month, day) + timedelta(days=days)
        return f"{d.month:02d}/{d.day:02d}/{d.year:04d}"
    except ValueError:
        return text


def _shift_phone(text: str, j: int) -> str:
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digits) < 6:
        return text
    tail = digits[-4:]
    value = (int("".join(text[i] for i in tail)) + j * 1379) % 10_000
    chars = list(text)
    for i, ch in zip(tail, f"{value:04d}", strict=True):
        chars[i] = ch
    return "".join(chars)


def _rot(text: str, j: int) -> str:
    """Rotate ASCII letters by ``j`` places; everything else is kept."""
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            ch = chr((ord(ch) - 97 + j) % 26 + 97)
        elif "A" <= ch <= "Z":
            ch = chr((ord(ch) - 65 + j) % 26 + 65)
        out.append(ch)
    return "".join(out)


def _rot_email(text: str, j: int) -> str:
    local, at, domain = text.partition("@")
    return f"{_rot(local, j)}{at}{domain}" if at else text


def _expand_crm(src: Path, dst: Path, factor: int) -> int:
    with src.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    with dst.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        for j in range(factor):
            for row in rows:
                if j:
                    row = dict(row)
                    row["customer_id"] = f"{row['customer_id']}-x{j}"
                    for name in NAME_COLUMNS:
                        if row.get(name):
                            row[name] = _rot(row[name], j)
                    row["email"] = _rot_email(row.get("email", ""), j)
                    row["phone"] = _shift_phone(row.get("phone", ""), j)
                    row["birth_date"] = _shift_date(
                        row.get("birth_date", ""), 37 * j, "iso"
                    )
                writer.writerow(row)
    return len(rows) * factor


def _expand_jsonl(src: Path, dst: Path, factor: int, platform: str) -> int:
    lines = src.read_text(encoding="utf-8").splitlines()
    n = 0
    with dst.open("w", encoding="utf-8") as out:
        for j in range(factor):
            for line in lines:
                if not line.strip():
                    continue
                obj = json.loads(line)
                if j:
                    obj["id"] = f"{j}{obj['id']}"
                    for name in ("name", "username", "first_name", "last_name"):
                        if isinstance(obj.get(name), str):
                            obj[name] = _rot(obj[name], j)
                    if platform == "facebook":
                        if isinstance(obj.get("middle_name"), str):
                            obj["middle_name"] = _rot(obj["middle_name"], j)
                        if obj.get("email"):
                            obj["email"] = _rot_email(obj["email"], j)
                        if obj.get("birthday"):
                            obj["birthday"] = _shift_date(obj["birthday"], 37 * j, "fb")
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
                n += 1
    return n


def _expand_truth(src: Path, dst: Path, factor: int) -> None:
    with src.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with dst.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["profile_platform", "profile_id", "customer_id"])
        for j in range(factor):
            for r in rows:
                pid = r["profile_id"] if not j else f"{j}{r['profile_id']}"
                cid = r["customer_id"] if not j else f"{r['customer_id']}-x{j}"
                writer.writerow([r["profile_platform"], pid, cid])


def expand(data: Path, factor: int) -> tuple[Path, int]:
    """The expanded data set (cached under .cache/scale) and its record count."""
    out = CACHE / f"{data.name}-x{factor}"
    stamp = out / "records.txt"
    if stamp.exists():
        return out, int(stamp.read_text())
    out.mkdir(parents=True, exist_ok=True)
    n = _expand_crm(data / "crm.csv", out / "crm.csv", factor)
    for platform in ("twitter", "facebook"):
        n += _expand_jsonl(
            data / f"{platform}.jsonl", out / f"{platform}.jsonl", factor, platform
        )
    _expand_truth(data / "truth.csv", out / "truth.csv", factor)
    stamp.write_text(str(n))
    return out, n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="dev-large (default) or a path")
    parser.add_argument("--factors", default="1,3,10")
    args = parser.parse_args()
    data = resolve_data(args.data)
    factors = [int(x) for x in args.factors.split(",")]
    results: list[tuple[int, int, float, float, str]] = []
    for k in factors:
        folder, records = expand(data, k)
        with tempfile.TemporaryDirectory() as tmp:
            links = Path(tmp) / "links.csv"
            command = [
                *identitylink_command(),
                "link",
                "--crm",
                str(folder / "crm.csv"),
                "--twitter",
                str(folder / "twitter.jsonl"),
                "--facebook",
                str(folder / "facebook.jsonl"),
                "--out",
                str(links),
            ]
            print(f"{k}x: {records:,} records ...", file=sys.stderr, flush=True)
            m = run_measured(command)
            if m.returncode != 0:
                print(m.stderr[-2000:], file=sys.stderr)
                return 1
            report = evaluate(links, folder / "truth.csv")
            auto = report.by_band.get("auto")
            quality = f"F1 {report.overall.f1:.4f}" + (
                f", auto P {auto.precision:.4f}" if auto else ""
            )
            results.append((k, records, m.wall_s, m.peak_rss_mb, quality))
    print(f"\nscale curve on {data.name} (identitylink link, one process)")
    print(f"{'factor':>6} {'records':>10} {'wall s':>8} {'peak RSS MB':>12}  quality")
    for k, records, wall, rss, quality in results:
        print(f"{k:>6} {records:>10,} {wall:>8.1f} {rss:>12.0f}  {quality}")
    if len(results) > 1:
        xs = [math.log(r[1]) for r in results]
        ys = [math.log(r[2]) for r in results]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )
        print(f"growth exponent (wall ~ records^b): b = {slope:.2f}  (target <= 1.15)")
    print("issue 13 targets: 1x <= 10 s and <= 1.2 GB; 10x <= 150 s and <= 8 GB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
