"""``identitylink link`` and ``identitylink blocking-report`` through click."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _link_data import population
from click.testing import CliRunner

from identitylink import LinkSpec, block_on
from identitylink.cli import cli
from identitylink.comparisons import ExactMatch


def _write_inputs(tmp: Path) -> tuple[Path, Path, Path, Path]:
    customers, profiles, truth = population(60, seed=3)
    numeric = {
        p.profile_id: str(10_000 + i) for i, p in enumerate(profiles)
    }  # X ids are numbers
    crm = tmp / "crm.csv"
    with crm.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "customer_id",
                "first_name",
                "last_name",
                "email",
                "city",
                "country",
                "birth_date",
            ]
        )
        for c in customers:
            b = c.birth_date
            assert b is not None
            w.writerow(
                [
                    c.customer_id,
                    c.given_names[0],
                    c.family_names[0],
                    c.email,
                    c.city,
                    c.country,
                    f"{b.year:04d}-{b.month:02d}-{b.day:02d}",
                ]
            )
    tw, fb = tmp / "twitter.jsonl", tmp / "facebook.jsonl"
    with tw.open("w", encoding="utf-8") as t, fb.open("w", encoding="utf-8") as f:
        for p in profiles:
            if p.platform == "twitter":
                row = {
                    "id": numeric[p.profile_id],
                    "name": p.display_name,
                    "username": p.username,
                    "location": p.location_text,
                }
                t.write(json.dumps(row) + "\n")
            else:
                row = {
                    "id": numeric[p.profile_id],
                    "name": p.display_name,
                    "first_name": p.given_name,
                    "last_name": p.family_name,
                }
                if p.email:
                    row["email"] = p.email
                if p.birthday:
                    row["birthday"] = f"{p.birthday.month:02d}/{p.birthday.day:02d}"
                if p.location:
                    row["location"] = {"id": "1", "name": p.location.name}
                f.write(json.dumps(row) + "\n")
    truth_path = tmp / "truth.csv"
    with truth_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["profile_platform", "profile_id", "customer_id"])
        w.writerows(sorted((p, numeric[pid], c) for p, pid, c in truth))
    return crm, tw, fb, truth_path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    return _write_inputs(tmp_path_factory.mktemp("link"))


def test_link_writes_links_and_a_json_summary(
    inputs: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    crm, tw, fb, truth = inputs
    out, explain = tmp_path / "links.csv", tmp_path / "explain.jsonl"
    result = CliRunner().invoke(
        cli,
        [
            "link",
            "--crm",
            str(crm),
            "--twitter",
            str(tw),
            "--facebook",
            str(fb),
            "--out",
            str(out),
            "--json",
            "--explain",
            str(explain),
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert summary["counts"]["links"] == len(rows) > 0
    assert {
        "profile_platform",
        "profile_id",
        "customer_id",
        "probability",
        "band",
    } <= set(rows[0])
    assert {r["band"] for r in rows} <= {"auto", "review"}
    with truth.open(encoding="utf-8") as fh:
        true = {
            (r["profile_platform"], r["profile_id"], r["customer_id"])
            for r in csv.DictReader(fh)
        }
    made = {(r["profile_platform"], r["profile_id"], r["customer_id"]) for r in rows}
    assert len(made & true) / len(made) >= 0.9
    decisions = [json.loads(li) for li in explain.read_text("utf-8").splitlines()]
    linked = [d for d in decisions if d["band"] != "reject"]
    assert len(linked) == len(rows)
    assert decisions[0]["explanation"]["terms"]
    # Every candidate pair is explained, the rejected ones too (issue 17 item 13).
    rejected = [d for d in decisions if d["band"] == "reject"]
    assert len(decisions) == summary["counts"]["candidate_pairs"] > len(rows)
    assert all(
        d["explanation"]["notes"][0].startswith("not linked: ") for d in rejected
    )
    for d in rejected:
        e = d["explanation"]
        total = e["prior_weight"] + sum(t["weight"] for t in e["terms"])
        assert abs(total - e["match_weight"]) < 1e-3
        assert (d["profile_platform"], d["profile_id"], d["customer_id"]) not in made


def test_link_text_summary(
    inputs: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    crm, tw, _, _ = inputs
    result = CliRunner().invoke(
        cli,
        [
            "link",
            "--crm",
            str(crm),
            "--twitter",
            str(tw),
            "--out",
            str(tmp_path / "l.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "links (" in result.stdout
    assert "reading CRM" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_link_draws_a_progress_bar_on_a_terminal(
    inputs: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    import pty

    crm, tw, _, _ = inputs
    out = tmp_path / "l.csv"
    main, secondary = pty.openpty()
    command = [sys.executable, "-m", "identitylink", "link", "--crm", str(crm)]
    command += ["--twitter", str(tw), "--out", str(out)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=secondary) as proc:
        os.close(secondary)
        stdout, _ = proc.communicate(timeout=120)
        drawn = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closes with the process
                break
            if not chunk:
                break
            drawn += chunk
    os.close(main)
    assert proc.returncode == 0, drawn.decode(errors="replace")
    text = drawn.decode(errors="replace")
    assert "linking" in text and "100%" in text
    assert "decide" in text  # the bar names the stage it is at
    assert "%" not in stdout.decode()  # the summary on stdout stays clean


def test_empty_crm_exits_2(
    inputs: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    _, tw, _, _ = inputs
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "link",
            "--crm",
            str(empty),
            "--twitter",
            str(tw),
            "--out",
            str(tmp_path / "l.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "error:" in result.stderr
    assert "Traceback" not in result.output


def test_empty_profile_file_exits_2(
    inputs: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    crm, _, _, _ = inputs
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "link",
            "--crm",
            str(crm),
            "--twitter",
            str(empty),
            "--out",
            str(tmp_path / "l.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "holds no usable profiles" in result.stderr


def test_spec_with_missing_column_exits_2_before_linking(
    inputs: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    crm, tw, _, _ = inputs
    spec = LinkSpec(
        comparisons=(ExactMatch(column="loyalty_id"),),
        blocking_rules=(block_on("email"),),
    )
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(spec.to_json(), encoding="utf-8")
    out = tmp_path / "l.csv"
    result = CliRunner().invoke(
        cli,
        [
            "link",
            "--crm",
            str(crm),
            "--twitter",
            str(tw),
            "--spec",
            str(spec_path),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert "loyalty_id" in result.stderr
    assert "linking" not in result.stderr
    assert not out.exists()


def test_blocking_report_with_truth(inputs: tuple[Path, Path, Path, Path]) -> None:
    crm, tw, fb, truth = inputs
    result = CliRunner().invoke(
        cli,
        [
            "blocking-report",
            "--crm",
            str(crm),
            "--twitter",
            str(tw),
            "--facebook",
            str(fb),
            "--truth",
            str(truth),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rules"][0]["rule"] == "email"
    assert report["true_pairs_kept"] / report["true_pairs"] >= 0.9
    text = CliRunner().invoke(
        cli,
        [
            "blocking-report",
            "--crm",
            str(crm),
            "--twitter",
            str(tw),
            "--truth",
            str(truth),
        ],
    )
    assert "true pairs kept" in text.stdout


def test_links_csv_has_the_profile_handle_and_address(
    inputs: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    crm, tw, fb, _ = inputs
    out = tmp_path / "links.csv"
    args = ["link", "--crm", str(crm), "--twitter", str(tw), "--facebook", str(fb)]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    handles = {}
    for line in tw.read_text(encoding="utf-8").splitlines():
        user = json.loads(line)
        handles[str(user["id"])] = user["username"]
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    assert result.exit_code == 0, result.output
    assert list(rows[0])[-2:] == ["profile_handle", "profile_url"]
    x_rows = [r for r in rows if r["profile_platform"] == "twitter"]
    fb_rows = [r for r in rows if r["profile_platform"] == "facebook"]
    assert x_rows and fb_rows
    for r in x_rows:
        assert r["profile_handle"] == handles[r["profile_id"]]
        assert r["profile_url"] == f"https://x.com/{handles[r['profile_id']]}"
    for r in fb_rows:  # app-scoped ids without a username: no public address
        assert r["profile_scope"] != "global"
        assert (r["profile_handle"], r["profile_url"]) == ("", "")


@pytest.mark.parametrize(
    ("option", "scope"),
    [("--facebook-app-id", "app:777"), ("--facebook-page-id", "page:555")],
)
def test_link_and_blocking_report_take_the_facebook_scope(
    inputs: tuple[Path, Path, Path, Path], tmp_path: Path, option: str, scope: str
) -> None:
    crm, _, fb, _ = inputs
    out = tmp_path / "links.csv"
    value = scope.split(":")[1]
    base = ["--crm", str(crm), "--facebook", str(fb), option, value]
    linked = CliRunner().invoke(cli, ["link", *base, "--out", str(out)])
    report = CliRunner().invoke(cli, ["blocking-report", *base, "--json"])

    assert linked.exit_code == 0, linked.output
    with out.open(encoding="utf-8") as fh:
        scopes = {r["profile_scope"] for r in csv.DictReader(fh)}
    assert scopes == {scope}
    assert report.exit_code == 0, report.output
    assert json.loads(report.stdout)["total_pairs"] > 0


def test_a_second_run_keeps_what_a_reviewer_accepted(
    inputs: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    crm, tw, fb, _ = inputs
    db = f"sqlite:///{tmp_path / 'store.db'}"
    base = ["link", "--crm", str(crm), "--twitter", str(tw), "--facebook", str(fb)]
    runner = CliRunner()

    def run(out: str, *extra: str) -> dict[tuple[str, str, str], str]:
        result = runner.invoke(cli, [*base, "--out", str(tmp_path / out), *extra])
        assert result.exit_code == 0, result.output
        with (tmp_path / out).open(encoding="utf-8") as fh:
            return {
                (r["profile_platform"], r["profile_id"], r["customer_id"]): r["band"]
                for r in csv.DictReader(fh)
            }

    run("first.csv", "--db", db)
    listed = runner.invoke(cli, ["review", "list", "--db", db, "--json"])
    items = [json.loads(line) for line in listed.output.splitlines()]
    assert items, "this population sends nothing to review"
    item = items[0]
    pair = (item["platform"], item["profile_id"], item["customer_id"])
    accept = ["review", "accept", str(item["link_id"]), "--reviewer", "ana"]
    accepted = runner.invoke(cli, [*accept, "--db", db])
    assert accepted.exit_code == 0, accepted.output
    assert run("second.csv", "--db", db)[pair] == "auto"
    assert run("afresh.csv", "--db", db, "--ignore-reviews")[pair] == "review"
