"""Splink 5 (DuckDB) on the same files: the baseline that ``link_dev.py`` compares with.

Run on its own::

    .venv/bin/python bench/_splink_baseline.py --data ../shared/data/dev-small \
        --out /tmp/splink_links.csv

It writes a links CSV in identitylink's format (``profile_platform, profile_id,
customer_id, probability``) and prints a one-line JSON summary (stage timings, pair
counts) on stdout.

The configuration is what a careful data team would write for this job, without
knowing the answers: light standardisation in pandas (case, accents, a display name
split into first and last name, a city taken from free text, birthdays split into
day-month and year, a "handle" made of the letters of an e-mail local part or a
username), the comparisons Splink ships for names, e-mail, city and dates,
term-frequency adjustment on names and city, u by random sampling, m by EM on three
blocking rules, then one-to-one links with Splink's single-best-links clustering.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

COLUMNS = [
    "unique_id",
    "first_name",
    "last_name",
    "email",
    "handle",
    "city",
    "birth_md",
    "birth_year",
]

_NOT_NAME = re.compile(r"[^a-z' -]+")
_NOT_LETTER = re.compile(r"[^a-z]+")
_SPACES = re.compile(r"\s+")
_DECORATION = re.compile(r"\(.*?\)|#\S+|@\S+|\|.*$")


def fold(text: object) -> str | None:
    """Lower case, accents stripped, blanks collapsed; None for empty values."""
    if not isinstance(text, str):
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    out = _SPACES.sub(" ", ascii_text).strip()
    return out or None


def name_part(text: object) -> str | None:
    folded = fold(text)
    if folded is None:
        return None
    cleaned = _SPACES.sub(" ", _NOT_NAME.sub(" ", folded)).strip(" -'")
    return cleaned or None


def handle(text: object) -> str | None:
    """Letters of an e-mail local part or username: ``jean.dupont75`` -> jeandupont."""
    folded = fold(text)
    if folded is None:
        return None
    letters = _NOT_LETTER.sub("", folded.split("@", 1)[0])
    return letters if len(letters) >= 4 else None


def city(text: object) -> str | None:
    """The first place named in free text: ``📍 Lyon, France`` -> lyon."""
    folded = fold(text)
    if folded is None:
        return None
    first = re.split(r"[,/|]", folded, maxsplit=1)[0]
    return name_part(first)


def split_display_name(text: object) -> tuple[str | None, str | None]:
    """First and last token of a display name, decorations removed.

    An ALL-CAPS first token is taken as the family name ("DUPONT Jean").
    """
    if not isinstance(text, str):
        return None, None
    tokens = [t for t in _DECORATION.sub(" ", text).split() if any(map(str.isalpha, t))]
    if not tokens:
        return None, None
    if len(tokens) == 1:
        return name_part(tokens[0]), None
    if len(tokens[0]) > 1 and tokens[0].isupper() and not tokens[-1].isupper():
        tokens = [*tokens[1:], tokens[0]]
    return name_part(tokens[0]), name_part(tokens[-1].rstrip("."))


def _map(values: pd.Series, func: Callable[[object], str | None]) -> pd.Series:
    """``func`` applied once per distinct value (names and towns repeat a lot)."""
    return values.map({v: func(v) for v in values.unique()})


def read_crm(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    birth = raw["birth_date"].str.extract(r"^(\d{4})-(\d{2})-(\d{2})$")
    return pd.DataFrame(
        {
            "unique_id": raw["customer_id"],
            "first_name": _map(raw["first_name"], name_part),
            "last_name": _map(raw["last_name"], name_part),
            "email": _map(raw["email"], fold),
            "handle": _map(raw["email"], handle),
            "city": _map(raw["city"], city),
            "birth_md": (birth[1] + "-" + birth[2]).where(birth[1].notna()),
            "birth_year": birth[0],
        }
    )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_twitter(path: Path) -> pd.DataFrame:
    rows = []
    for user in _read_jsonl(path):
        first, last = split_display_name(user.get("name"))
        rows.append(
            {
                "unique_id": str(user["id"]),
                "first_name": first,
                "last_name": last,
                "email": None,
                "handle": handle(user.get("username")),
                "city": city(user.get("location"))
                or _bio_city(user.get("description")),
                "birth_md": None,
                "birth_year": None,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _bio_city(text: object) -> str | None:
    """A bio's last ``|`` segment often names a town: "engineer @ Lamy | Besançon"."""
    if not isinstance(text, str) or "|" not in text:
        return None
    last = text.rsplit("|", 1)[1]
    return city(last) if len(last.split()) <= 3 else None


def _facebook_birthday(text: object) -> tuple[str | None, str | None]:
    if not isinstance(text, str):
        return None, None
    parts = text.split("/")
    if len(parts) == 3:
        return f"{parts[0]}-{parts[1]}", parts[2]
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}", None
    return None, text if text.isdigit() else None


def read_facebook(path: Path) -> pd.DataFrame:
    rows = []
    for user in _read_jsonl(path):
        md, year = _facebook_birthday(user.get("birthday"))
        place = user.get("location") or user.get("hometown") or {}
        rows.append(
            {
                "unique_id": str(user["id"]),
                "first_name": name_part(user.get("first_name")),
                "last_name": name_part(user.get("last_name")),
                "email": fold(user.get("email")),
                "handle": handle(user.get("email")),
                "city": city(place.get("name")),
                "birth_md": md,
                "birth_year": year,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
            cl.JaroWinklerAtThresholds("handle", [0.92, 0.8]),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.ExactMatch("birth_md"),
            cl.ExactMatch("birth_year"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("handle"),
            block_on("last_name", "substr(first_name, 1, 1)"),
            block_on("first_name", "city"),
            block_on("first_name", "birth_md"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def one_to_one_pandas(pred: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Each profile its best customer above ``threshold``; each customer keeps its
    best profile per platform."""
    pred = pred[pred["match_probability"] >= threshold]
    pred = pred.sort_values("match_weight", ascending=False, kind="stable")
    best = pred.drop_duplicates(["profile_platform", "profile_id"])
    return best.drop_duplicates(["profile_platform", "customer_id"])


def run(data: Path, out: Path, threshold: float, mode: str) -> dict[str, Any]:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    tables = {
        "crm": read_crm(data / "crm.csv"),
        "twitter": read_twitter(data / "twitter.jsonl"),
        "facebook": read_facebook(data / "facebook.jsonl"),
    }
    timings["read"] = time.perf_counter() - t0

    t = time.perf_counter()
    db_api = DuckDBAPI()
    if mode == "three-tables":
        inputs = [
            db_api.register(frame, dataset_display_name=name)
            for name, frame in tables.items()
        ]
    else:  # crm against one table of profiles: profiles are not compared together
        profiles = pd.concat(
            [
                tables["twitter"].assign(
                    unique_id="twitter:" + tables["twitter"].unique_id
                ),
                tables["facebook"].assign(
                    unique_id="facebook:" + tables["facebook"].unique_id
                ),
            ],
            ignore_index=True,
        )
        inputs = [
            db_api.register(tables["crm"], dataset_display_name="crm"),
            db_api.register(profiles, dataset_display_name="profiles"),
        ]
    linker = Linker(inputs, settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("first_name", "last_name", "city")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (
        block_on("email"),
        block_on("first_name", "last_name"),
        block_on("last_name", "city"),
    ):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    timings["train"] = time.perf_counter() - t

    t = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    timings["predict"] = time.perf_counter() - t

    t = time.perf_counter()
    if mode == "three-tables":
        clusters = linker.clustering.cluster_using_single_best_links(
            predictions,
            duplicate_free_datasets=["crm", "twitter", "facebook"],
            threshold_match_probability=threshold,
        ).as_pandas_dataframe()
        pred = predictions.as_pandas_dataframe()
        pairs = _pairs_three_tables(pred)
        members = clusters[["cluster_id", "source_dataset", "unique_id"]]
        customers = members[members.source_dataset == "crm"]
        profiles_in = members[members.source_dataset != "crm"]
        links = profiles_in.merge(customers, on="cluster_id", suffixes=("", "_crm"))
        links = links.rename(
            columns={"source_dataset": "profile_platform", "unique_id": "profile_id"}
        ).rename(columns={"unique_id_crm": "customer_id"})
        links = links.merge(
            pairs, on=["profile_platform", "profile_id", "customer_id"], how="left"
        )
        links["match_probability"] = links["match_probability"].fillna(threshold)
    else:
        pred = predictions.as_pandas_dataframe()
        left_is_crm = pred["source_dataset_l"] == "crm"
        pid = pred["unique_id_r"].where(left_is_crm, pred["unique_id_l"])
        platform_and_id = pid.str.split(":", n=1, expand=True)
        pairs = pd.DataFrame(
            {
                "profile_platform": platform_and_id[0],
                "profile_id": platform_and_id[1],
                "customer_id": pred["unique_id_l"].where(
                    left_is_crm, pred["unique_id_r"]
                ),
                "match_weight": pred["match_weight"],
                "match_probability": pred["match_probability"],
            }
        )
        links = one_to_one_pandas(pairs, threshold)
    timings["one_to_one"] = time.perf_counter() - t

    out_frame = links[["profile_platform", "profile_id", "customer_id"]].assign(
        probability=links["match_probability"].clip(0, 1).round(6)
    )
    out_frame.to_csv(out, index=False)
    timings["total"] = time.perf_counter() - t0
    return {
        "mode": mode,
        "threshold": threshold,
        "pairs_scored": len(pred),
        "links": len(out_frame),
        "timings": {k: round(v, 2) for k, v in timings.items()},
    }


def _pairs_three_tables(pred: pd.DataFrame) -> pd.DataFrame:
    """The customer-profile pairs of the predictions (not profile-profile pairs)."""
    left_is_crm = pred["source_dataset_l"] == "crm"
    right_is_crm = pred["source_dataset_r"] == "crm"
    sub = pred[left_is_crm | right_is_crm]
    lc = sub["source_dataset_l"] == "crm"
    return pd.DataFrame(
        {
            "profile_platform": sub["source_dataset_r"].where(
                lc, sub["source_dataset_l"]
            ),
            "profile_id": sub["unique_id_r"].where(lc, sub["unique_id_l"]),
            "customer_id": sub["unique_id_l"].where(lc, sub["unique_id_r"]),
            "match_probability": sub["match_probability"],
        }
    ).drop_duplicates(["profile_platform", "profile_id", "customer_id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument(
        "--mode", choices=["two-tables", "three-tables"], default="two-tables"
    )
    args = parser.parse_args(argv)
    summary = run(args.data, args.out, args.threshold, args.mode)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
