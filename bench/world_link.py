"""Link the second data set (``gen_world.py``) through the CLI; where is recall lost?

    .venv/bin/python bench/world_link.py  # small, generated if absent
    .venv/bin/python bench/world_link.py --size large  # 200k customers: minutes, GBs
    .venv/bin/python bench/world_link.py --mojibake 0  # a CRM without broken rows
    .venv/bin/python bench/world_link.py --examples 5  # lost true pairs per country

Generates the set into ``bench/.world/`` when it is not there yet, runs
``identitylink link --crm crm.csv --crm-mapping crm_mapping.json --twitter ...
--facebook ... --json`` as a child process (wall time; peak RSS from ``os.wait4``),
and scores the links with :func:`identitylink.evaluate`: F1, precision and recall
overall and per platform, precision and recall of the ``auto`` band. Then it reads
the same files in this process and runs the blocking of the default spec once
(what ``identitylink blocking-report --truth`` does) to show, per CRM country, the
true pairs, the share blocking keeps, the share linked after scoring and the
precision of the links made to that country's customers. Nothing here is tuned to
the set: the linker runs with its defaults.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from _measure import identitylink_command, run_measured
from _world_names import fold
from _world_people import is_latin
from gen_world import SIZES, default_out, generate, generator_hash, write

from identitylink import (
    IdentityLinkError,
    Linker,
    ReadResult,
    evaluate,
    read_crm,
    read_facebook,
    read_twitter,
)
from identitylink._engine.pairs import blocking_report

Pair = tuple[str, str, str]  # platform, profile id, customer id


def ensure_world(size: str, seed: int, mojibake: float, data: Path | None) -> Path:
    """The data directory: ``data`` as given, or the generated set (made if absent)."""
    if data is not None:
        return data
    out = default_out(size, seed)
    if mojibake != 0.01:
        out = out.with_name(f"{out.name}-mojibake{mojibake:g}")
    meta = out / "world.json"
    if meta.exists():
        known = json.loads(meta.read_text(encoding="utf-8"))
        wanted = (size, seed, mojibake, generator_hash())
        fields = ("size", "seed", "mojibake", "generator")
        if tuple(known.get(k) for k in fields) == wanted:
            return out
    print(f"generating {out}", file=sys.stderr, flush=True)
    n_customers, n_profiles = SIZES[size]
    write(generate(n_customers, n_profiles, seed), out, seed, mojibake, size)
    return out


def _truth(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            (r["profile_platform"], r["profile_id"], r["customer_id"])
            for r in csv.DictReader(f)
        ]


def _crm_country(data: Path) -> dict[str, str]:
    mapping = json.loads((data / "crm_mapping.json").read_text(encoding="utf-8"))
    cols = mapping["columns"]
    with (data / "crm.csv").open(encoding="utf-8", newline="") as f:
        return {
            r[cols["customer_id"]]: r[cols["country"]] or "--"
            for r in csv.DictReader(f)
        }


def _links(path: Path) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {
            (r["profile_platform"], r["profile_id"]): r["customer_id"]
            for r in csv.DictReader(f)
        }


def blocking_kept(data: Path, truth: list[Pair]) -> tuple[list[bool], float | None]:
    """For each true pair, whether the default blocking proposes it; and the
    recall ``blocking_report`` gives for all of them (the same count)."""
    customers = read_crm(data / "crm.csv", data / "crm_mapping.json", errors="collect")
    tw = read_twitter(data / "twitter.jsonl", errors="collect")
    fb = read_facebook(data / "facebook.jsonl", errors="collect")
    profiles = ReadResult(
        records=[*tw.records, *fb.records],
        errors=[*tw.errors, *fb.errors],
        source="twitter+facebook",
    )
    linker = Linker()
    prep = linker._prepare(customers, profiles)  # the blocking-report path, once
    out = linker._executor.generate_pairs(
        linker.spec.blocking_rules, prep.left, prep.right, prep.right_ok
    )
    left_ids = list(prep.left.ids)
    right_keys = list(zip(prep.right.platform, prep.right.ids, strict=True))
    report = blocking_report(out, left_ids, right_keys, truth)
    n_right = max(len(right_keys), 1)
    li_of = {cid: i for i, cid in enumerate(left_ids)}
    ri_of = {key: i for i, key in enumerate(right_keys)}
    keys = np.array(
        [
            li_of[c] * n_right + ri_of[(p, pid)]
            if c in li_of and (p, pid) in ri_of
            else -1
            for p, pid, c in truth
        ],
        dtype=np.int64,
    )
    kept = np.isin(keys, out.left.astype(np.int64) * n_right + out.right)
    return [bool(k) for k in kept], report.recall


def per_country(
    truth: list[Pair],
    kept: list[bool],
    links: dict[tuple[str, str], str],
    country: dict[str, str],
) -> dict[str, dict[str, float]]:
    """True pairs, blocking recall, recall after scoring and precision per country."""
    true_n: Counter[str] = Counter()
    kept_n: Counter[str] = Counter()
    found_n: Counter[str] = Counter()
    for (p, pid, c), k in zip(truth, kept, strict=True):
        cc = country.get(c, "--")
        true_n[cc] += 1
        kept_n[cc] += k
        found_n[cc] += links.get((p, pid)) == c
    true_set = {(p, pid): c for p, pid, c in truth}
    made_n: Counter[str] = Counter()
    right_n: Counter[str] = Counter()
    for key, c in links.items():
        cc = country.get(c, "--")
        made_n[cc] += 1
        right_n[cc] += true_set.get(key) == c
    return {
        cc: {
            "true_pairs": true_n[cc],
            "blocking_recall": kept_n[cc] / true_n[cc],
            "recall": found_n[cc] / true_n[cc],
            "precision": right_n[cc] / made_n[cc] if made_n[cc] else float("nan"),
        }
        for cc in sorted(true_n)
    }


def lost_examples(
    data: Path, truth: list[Pair], kept: list[bool], n: int
) -> dict[str, list[str]]:
    """Up to ``n`` true pairs per CRM country that blocking does not propose."""
    mapping = json.loads((data / "crm_mapping.json").read_text(encoding="utf-8"))
    cols = mapping["columns"]
    with (data / "crm.csv").open(encoding="utf-8", newline="") as f:
        crm = {r[cols["customer_id"]]: r for r in csv.DictReader(f)}
    users: dict[tuple[str, str], dict[str, object]] = {}
    for platform in ("twitter", "facebook"):
        with (data / f"{platform}.jsonl").open(encoding="utf-8") as f:
            for line in f:
                u = json.loads(line)
                users[(platform, u["id"])] = u
    out: dict[str, list[str]] = defaultdict(list)
    for (p, pid, c), k in zip(truth, kept, strict=True):
        row = crm[c]
        cc = row[cols["country"]] or "--"
        if k or len(out[cc]) >= n:
            continue
        u = users[(p, pid)]
        shown = {
            key: u[key]
            for key in ("name", "username", "email", "location")
            if u.get(key)
        }
        out[cc].append(
            f"{row[cols['full_name']]!r} <{row[cols['email']]}> {row[cols['city']]}"
            f"  ~  {p} {json.dumps(shown, ensure_ascii=False)}"
        )
    return dict(sorted(out.items()))


def _tokens(text: str) -> set[str]:
    folded = fold(text.replace(",", " ").replace("-", " ")).lower()
    return {t.strip(".") for t in folded.split() if t.strip(".")}


def cause(crm_name: str, profile_name: str) -> str:
    """A coarse reason why a true pair's names do not meet (for the tally)."""
    if not is_latin(profile_name):
        return "profile name in its own script"
    crm, prof = _tokens(crm_name), _tokens(profile_name)
    full = {t for t in prof if len(t) > 1}
    if len(full) <= 1:
        return "profile shows one name (given only, or given + initial)"
    if full <= crm:
        return "profile names are a subset of the CRM's (a family name dropped)"
    if not (full & crm):
        return "no name in common (other spelling or script)"
    return "one name differs (married name, nickname, other spelling, typo)"


def cause_tally(
    data: Path, truth: list[Pair], found: list[bool]
) -> dict[str, Counter[str]]:
    """Per CRM country, the causes of the true pairs that ``found`` misses."""
    mapping = json.loads((data / "crm_mapping.json").read_text(encoding="utf-8"))
    cols = mapping["columns"]
    with (data / "crm.csv").open(encoding="utf-8", newline="") as f:
        crm = {r[cols["customer_id"]]: r for r in csv.DictReader(f)}
    names: dict[tuple[str, str], str] = {}
    for platform in ("twitter", "facebook"):
        with (data / f"{platform}.jsonl").open(encoding="utf-8") as f:
            for line in f:
                u = json.loads(line)
                names[(platform, u["id"])] = u.get("name", "")
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for (p, pid, c), ok in zip(truth, found, strict=True):
        if ok:
            continue
        row = crm[c]
        why = cause(row[cols["full_name"]], names[(p, pid)])
        out["all"][why] += 1
        out[row[cols["country"]] or "--"][why] += 1
    return out


def _f(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--mojibake", type=float, default=0.01)
    parser.add_argument("--data", type=Path, help="an existing world directory")
    parser.add_argument(
        "--examples", type=int, default=0, help="lost pairs shown per country"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    data = ensure_world(args.size, args.seed, args.mojibake, args.data)
    print(f"data: {data}")
    with tempfile.TemporaryDirectory(prefix="identitylink-world-") as tmp:
        links_path = Path(tmp) / "links.csv"
        command = [
            *identitylink_command(),
            "link",
            "--crm", str(data / "crm.csv"),
            "--crm-mapping", str(data / "crm_mapping.json"),
            "--twitter", str(data / "twitter.jsonl"),
            "--facebook", str(data / "facebook.jsonl"),
            "--out", str(links_path),
            "--json",
        ]  # fmt: skip
        print(f"running: {' '.join(command)}", file=sys.stderr, flush=True)
        measured = run_measured(command)
        if measured.returncode != 0 or not links_path.exists():
            tail = "\n".join(measured.stderr.strip().splitlines()[-6:])
            print(f"identitylink link failed ({measured.returncode}):\n{tail}")
            return 1
        report = evaluate(links_path, data / "truth.csv")
        links = _links(links_path)
    o = report.overall
    print(f"\n{'':<10}{'F1':>8}{'P':>8}{'R':>8}{'links':>8}{'true':>8}")
    print(f"{'all':<10}{o.f1:>8.4f}{o.precision:>8.4f}{o.recall:>8.4f}"
          f"{report.links:>8}{report.true_links:>8}")  # fmt: skip
    for platform in ("twitter", "facebook"):
        m = report.by_platform.get(platform)
        if m:
            print(f"{platform:<10}{m.f1:>8.4f}{m.precision:>8.4f}{m.recall:>8.4f}")
    auto = report.by_band.get("auto")
    print(
        f"auto band: precision {_f(auto.precision if auto else None)}, "
        f"recall {_f(auto.recall if auto else None)}"
    )
    print(f"wall {measured.wall_s:.1f} s, peak RSS {measured.peak_rss_mb:.0f} MB")

    truth = _truth(data / "truth.csv")
    try:
        kept, recall = blocking_kept(data, truth)
    except IdentityLinkError as exc:
        print(f"blocking figures need the inputs read in-process: {exc}")
        return 1
    country = _crm_country(data)
    rows = per_country(truth, kept, links, country)
    print(f"\nblocking recall (default spec): {_f(recall)}")
    print(f"{'country':<8}{'true':>7}{'blocking R':>12}{'linked R':>10}{'P':>8}")
    for cc, r in rows.items():
        print(
            f"{cc:<8}{r['true_pairs']:>7.0f}{r['blocking_recall']:>12.4f}"
            f"{r['recall']:>10.4f}{r['precision']:>8.4f}"
        )
    for label, found in (
        ("lost in blocking", kept),
        (
            "lost in all (not linked to the right customer)",
            [links.get((p, pid)) == c for p, pid, c in truth],
        ),
    ):
        tally = cause_tally(data, truth, found)
        total = sum(tally["all"].values())
        print(f"\n{label}: {total} true pairs, by what their names show")
        for why, count in tally["all"].most_common():
            top = sorted(
                ((t[why], cc) for cc, t in tally.items() if cc != "all"),
                reverse=True,
            )[:3]
            where = ", ".join(f"{cc} {k}" for k, cc in top if k)
            print(f"  {count:>6}  {why}  ({where})")
    if args.examples:
        for cc, lines in lost_examples(data, truth, kept, args.examples).items():
            print(f"\nlost in blocking, {cc}:")
            for line in lines:
                print(f"  {line}")
    if args.json:
        payload = {
            "data": str(data),
            "wall_s": measured.wall_s,
            "peak_rss_mb": measured.peak_rss_mb,
            "report": report.model_dump(),
            "blocking_recall": recall,
            "per_country": rows,
        }
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
