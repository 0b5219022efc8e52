"""DataFrames in and out of the linker, and a CRM read from SQL (issue 17 item 11)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine

from identitylink import (
    LINK_COLUMNS,
    ConfigurationError,
    InputError,
    Linker,
    read_crm,
    read_facebook,
    read_twitter,
    write_links_csv,
)

DATA = Path(__file__).resolve().parent.parent / "examples" / "data"


@pytest.fixture(scope="module")
def crm_frame() -> pd.DataFrame:
    return pd.read_csv(DATA / "crm.csv", sep=";", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def profiles() -> list:  # type: ignore[type-arg]  # SocialProfile records
    twitter = read_twitter(DATA / "twitter.jsonl", errors="collect").records
    return [*twitter, *read_facebook(DATA / "facebook.jsonl", errors="collect")]


def _pairs(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(
        zip(frame.profile_platform, frame.profile_id, frame.customer_id, strict=True)
    )


def test_to_pandas_has_the_links_csv_columns_and_rows(
    profiles: list,
    tmp_path: Path,  # type: ignore[type-arg]  # SocialProfile
) -> None:
    customers = read_crm(DATA / "crm.csv", DATA / "crm_mapping.json", errors="collect")
    result = Linker().link(customers, profiles)
    frame = result.to_pandas()
    write_links_csv(result, tmp_path / "links.csv")
    with (tmp_path / "links.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    assert list(frame.columns) == list(LINK_COLUMNS)
    assert len(frame) == len(result.links) == len(rows) > 0
    assert frame.probability.dtype == float
    assert [r["customer_id"] for r in rows] == frame.customer_id.tolist()
    assert frame.probability.round(6).tolist() == [
        float(r["probability"]) for r in rows
    ]


def test_link_reads_dataframes_with_the_mapping(
    crm_frame: pd.DataFrame,
    profiles: list,  # type: ignore[type-arg]  # SocialProfile
) -> None:
    mapping = DATA / "crm_mapping.json"
    customers = read_crm(DATA / "crm.csv", mapping, errors="collect")
    expected = Linker().link(customers, profiles)
    profile_frame = pd.DataFrame([p.model_dump(exclude={"raw"}) for p in profiles])

    from_frames = Linker().link(crm_frame, profile_frame, crm_mapping=mapping)

    assert _pairs(from_frames.to_pandas()) == _pairs(expected.to_pandas())


def test_a_profiles_frame_with_unknown_columns_is_refused(
    crm_frame: pd.DataFrame,
) -> None:
    frame = pd.DataFrame([{"platform": "twitter", "id": "1", "name": "Ana"}])

    with pytest.raises(ConfigurationError, match=r"unknown columns \['id', 'name'\]"):
        Linker().link(crm_frame, frame, crm_mapping=DATA / "crm_mapping.json")


def test_read_crm_reads_a_sql_table(crm_frame: pd.DataFrame, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crm.db'}"
    engine = create_engine(url)
    crm_frame.to_sql("customers", engine, index=False)
    mapping = DATA / "crm_mapping.json"
    from_csv = read_crm(DATA / "crm.csv", mapping, errors="collect")

    by_url = read_crm(url, mapping, table="customers", errors="collect")
    by_engine = read_crm(engine, mapping, table="customers", errors="collect")

    assert by_url.records == by_engine.records == from_csv.records
    assert by_url.source.endswith("crm.db#customers")
    with pytest.raises(InputError, match="no such table"):
        read_crm(engine, table="nope")
    with pytest.raises(ConfigurationError, match="needs table="):
        read_crm(engine)
    engine.dispose()
