"""Issue 15's cases, reproduced through the CLI on dev-small: what leaks, what is lost.

    .venv/bin/python bench/privacy_cases.py                  # dev-small, ~30 s
    .venv/bin/python bench/privacy_cases.py --data dev-large

Each case runs ``identitylink`` as a user would (``link --db``, ``consent
withdraw``, ``rights erase``) on the data set or on a copy of it with the case's
corruption, in a fresh SQLite database, and prints what a run emits or stores.
"before" is what the linker itself decided (the links of the first run, the
second export's links for profiles the first run linked): what left the store
before issue 15's gate; "after" is what leaves it now. Case 3 (encodings) is
measured by the encodings work, not here; FEBRL4 (case 6) runs
``bench/febrl4_read.py`` and ``examples/link_two_tables.py``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from _measure import REPO, identitylink_command, resolve_data
from sqlalchemy import func, select

from identitylink import read_crm, read_facebook
from identitylink.storage import lookup_customer, make_engine, session_scope
from identitylink.storage._models import CustomerRow, LinkRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENV = {
    **os.environ,
    "IDENTITYLINK_SUPPRESSION_KEY": "bench-privacy-cases-suppression-key",
    "IDENTITYLINK_EMAIL_HASH_SALT": "bench-privacy-cases-salt",
}


class Run:
    """``identitylink`` commands against one database in a work folder."""

    def __init__(self, work: Path, data: Path, name: str) -> None:
        self.work, self.data = work, data
        self.db = f"sqlite:///{work / (name + '.db')}"
        self.n = 0

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [*identitylink_command(), *args],
            capture_output=True,
            text=True,
            env=ENV,
            cwd=REPO,
            check=False,
        )
        if done.returncode != 0:
            sys.exit(f"identitylink {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def link(
        self, crm: Path | None = None, facebook: Path | None = None
    ) -> tuple[dict[str, Any], list[dict[str, str]], list[dict[str, Any]]]:
        """One ``link --db`` run: its JSON summary, links.csv rows, explain lines."""
        self.n += 1
        out = self.work / f"links-{self.n}.csv"
        explain = self.work / f"explain-{self.n}.jsonl"
        summary = json.loads(
            self.cli(
                "link",
                "--crm",
                str(crm or self.data / "crm.csv"),
                "--twitter",
                str(self.data / "twitter.jsonl"),
                "--facebook",
                str(facebook or self.data / "facebook.jsonl"),
                "--out",
                str(out),
                "--explain",
                str(explain),
                "--json",
                "--db",
                self.db,
            )
        )
        with out.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        lines = [json.loads(t) for t in explain.read_text("utf-8").splitlines()]
        return summary, rows, lines


def _linked(rows: list[dict[str, str]], customer: str) -> int:
    return sum(1 for r in rows if r["customer_id"] == customer)


def _emitted(lines: list[dict[str, Any]], customer: str) -> int:
    """Explain lines of ``customer`` that are links (not rejected candidates)."""
    return sum(
        1
        for line in lines
        if line.get("customer_id") == customer and line.get("band") != "reject"
    )


def case_withdrawn(work: Path, data: Path) -> None:
    run = Run(work, data, "withdrawn")
    _, rows, _ = run.link()
    counts = Counter(r["customer_id"] for r in rows)
    customer = "C0002198" if counts.get("C0002198") else counts.most_common(1)[0][0]
    run.cli(
        "consent", "withdraw", f"customer:{customer}", "--purpose",
        "identity_linking", "--method", "web_form", "--db", run.db,
    )  # fmt: skip
    summary, rows2, lines2 = run.link()
    refused = [r for r in summary["refused"] if r["customer_id"] == customer]
    print(
        f"1 withdrawn consent ({customer}): links the linker makes for it "
        f"{counts[customer]} (before: all emitted); after: links.csv "
        f"{_linked(rows2, customer)}, --explain {_emitted(lines2, customer)}, "
        f"summary refused {summary['counts']['refused']} "
        f"({len(refused)} of them listed for {customer}, reason "
        f"{refused[0]['reason'] if refused else '-'!r})"
    )


def case_formulas(work: Path, data: Path) -> None:
    run = Run(work, data, "formulas")
    _, rows, _ = run.link()
    targets = {r["customer_id"] for r in rows[:50]}
    crm = work / "crm-formulas.csv"
    with (data / "crm.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    for row in table[1:]:
        if row[0] in targets:
            row[0] = f'=HYPERLINK("http://x","y"){row[0]}'
    with crm.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(table)
    facebook = work / "facebook-bad-ids.jsonl"
    bad_ids = ["+1+1", "=1+1", "-5", "12a4"]
    extra = [json.dumps({"id": i, "name": "Ana Silva"}) for i in bad_ids]
    text = (data / "facebook.jsonl").read_text("utf-8").rstrip("\n")
    facebook.write_text(text + "\n" + "\n".join(extra) + "\n", "utf-8")
    _, rows2, _ = Run(work, data, "formulas2").link(crm=crm, facebook=facebook)
    cells = [c for r in rows2 for c in r.values()]
    formula_ids = sum(1 for r in rows2 if r["customer_id"].startswith("'="))  # links
    read = read_facebook(facebook, errors="collect")
    accepted = sum(1 for p in read if p.profile_id in bad_ids)
    refused = sum(1 for e in read.errors if e.field == "id")
    print(
        f"2 formula cells: {len(targets)} customer ids made '=HYPERLINK(...)C...'; "
        f"links.csv cells starting = + - @ tab CR: "
        f"{sum(1 for c in cells if c.startswith(FORMULA_STARTS))} of {len(cells)} "
        f"(before: the {formula_ids} links of those customers written with the id "
        f"as is; after: each behind a quote); Facebook ids {'/'.join(bad_ids)}: "
        f"{accepted} accepted, {refused} refused as bad records (before: +1+1 accepted)"
    )


def _renamed_export(data: Path, work: Path) -> Path:
    """The same CRM with other customer ids (C0001234 -> K0001234)."""
    crm = work / "crm-second-export.csv"
    with (data / "crm.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    for row in table[1:]:
        row[0] = "K" + row[0][1:]
    with crm.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(table)
    return crm


def case_one_truth(work: Path, data: Path) -> None:
    run = Run(work, data, "truth")
    _, first, _ = run.link()
    _, second, _ = run.link(crm=_renamed_export(data, work))
    firsts = {(r["profile_platform"], r["profile_id"]) for r in first}
    seconds = {(r["profile_platform"], r["profile_id"]) for r in second}
    engine = make_engine(run.db)
    with session_scope(engine) as session:
        per_profile: dict[tuple[str, str, str], Counter[str]] = {}
        for platform, scope, profile_id, status in session.execute(
            select(LinkRow.platform, LinkRow.scope, LinkRow.profile_id, LinkRow.status)
        ):
            key = (platform, scope, profile_id)
            per_profile.setdefault(key, Counter())[status] += 1
        active = [c["accepted"] + c["proposed"] for c in per_profile.values()]
        two_accepted = sum(1 for c in per_profile.values() if c["accepted"] > 1)
        challenged = sum(
            1 for c in per_profile.values() if c["accepted"] and c["proposed"]
        )
        conflicts = session.scalar(
            select(func.count())
            .select_from(LinkRow)
            .where(LinkRow.reason.like("%conflict%"))
        )
        accepted = session.execute(
            select(
                LinkRow.platform, LinkRow.scope, LinkRow.profile_id, LinkRow.customer_id
            ).where(LinkRow.status == "accepted")
        ).all()
        other = sum(
            1
            for platform, scope, profile_id, customer_id in accepted
            if (found := lookup_customer(session, platform, profile_id, scope)) is None
            or found.customer_id != customer_id
        )
    engine.dispose()
    print(
        f"4 one truth: a second export with other ids relinked: profiles linked by "
        f"both runs {len(firsts & seconds)} (before: each a second active link); "
        f"after: profiles with two active links {sum(1 for n in active if n > 1)} "
        f"(an accepted one and a conflict in review: {challenged}; conflicts in "
        f"review {conflicts}), with two accepted links {two_accepted}; "
        f"lookup_customer answers other than the accepted link for {other} of "
        f"{len(accepted)} profiles"
    )


def case_erasure(work: Path, data: Path) -> None:
    run = Run(work, data, "erasure")
    _, rows, _ = run.link()
    auto = [r["customer_id"] for r in rows if r["band"] == "auto"]
    erased = auto[:5]
    for customer in erased:
        run.cli(
            "rights", "erase", f"customer:{customer}", "--actor", "dpo", "--yes",
            "--db", run.db,
        )  # fmt: skip
    summary, rows2, lines2 = run.link()
    engine = make_engine(run.db)
    with session_scope(engine) as session:
        stored = session.scalar(
            select(func.count())
            .select_from(CustomerRow)
            .where(CustomerRow.customer_id.in_(erased))
        )
        links = session.scalar(
            select(func.count())
            .select_from(LinkRow)
            .where(LinkRow.customer_id.in_(erased))
        )
    engine.dispose()
    before = sum(_linked(rows, c) for c in erased)
    reasons = Counter(
        "suppressed" if "suppress" in r["reason"] else r["reason"][:40]
        for r in summary["refused"]
    )
    print(
        f"5 erasure: {len(erased)} customers erased, the same export relinked: "
        f"their links in the first run {before} (before: re-created with the "
        f"customers); after: customers stored again {stored}, links stored {links}, "
        f"links.csv {sum(_linked(rows2, c) for c in erased)}, --explain "
        f"{sum(_emitted(lines2, c) for c in erased)}; run summary refused "
        f"{summary['counts']['refused']} ({dict(reasons)})"
    )


def case_bad_values(work: Path, data: Path) -> None:
    """Bad e-mails and phones (issue 15 item 6 for them): records kept, warned."""
    with (data / "crm.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    header = table[0]
    email, phone = header.index("email"), header.index("phone")
    rng = random.Random(15)
    rows = rng.sample(range(1, len(table)), 100)
    for n, row in enumerate(rows):
        if n % 2:
            table[row][email] = rng.choice(["not-an-email", "a@b", "x@@y.z"])
        else:
            table[row][phone] = rng.choice(["call me", "+999 123", "n/a"])
    crm = work / "crm-bad-values.csv"
    with crm.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(table)
    result = read_crm(crm, errors="collect")
    fields = Counter(w.field for w in result.warnings)
    print(
        f"6 bad values: {len(rows)} e-mails/phones made unparseable: records kept "
        f"{len(result)} of {len(table) - 1}, skipped {len(result.errors)}, values "
        f"read as missing {dict(fields)}"
    )


def case_febrl4() -> None:
    for script in ("bench/febrl4_read.py", "examples/link_two_tables.py"):
        done = subprocess.run(
            [sys.executable, script], capture_output=True, text=True, cwd=REPO
        )
        lines = done.stdout.strip().splitlines() or [done.stderr.strip()[-200:]]
        for line in lines:
            if "FEBRL4" in line or line.startswith("all fields"):
                print(f"6 {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="dev-small")
    data = resolve_data(parser.parse_args().data)
    print(f"data: {data}")
    with tempfile.TemporaryDirectory(prefix="identitylink-privacy-") as tmp:
        work = Path(tmp)
        case_withdrawn(work, data)
        case_formulas(work, data)
        print("3 encodings: measured by the encodings work (issue 15 item 3)")
        case_one_truth(work, data)
        case_erasure(work, data)
        case_bad_values(work, data)
    case_febrl4()


if __name__ == "__main__":
    main()
