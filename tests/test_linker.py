"""The Linker end to end on a small generated population."""

from __future__ import annotations

import runpy
from pathlib import Path

import pandas as pd
import pytest
from _link_data import population

from identitylink import (
    ConfigurationError,
    Customer,
    EmptyInputError,
    Linker,
    LinkResult,
    LinkSpec,
    ReadResult,
    RecordError,
    SocialProfile,
    block_on,
)
from identitylink.comparisons import ExactMatch

Data = tuple[list[Customer], list[SocialProfile], set[tuple[str, str, str]]]


@pytest.fixture(scope="module")
def data() -> Data:
    return population()


@pytest.fixture(scope="module")
def result(
    data: Data,
) -> LinkResult:
    customers, profiles, _ = data
    return Linker().link(customers, profiles)


def _triples(result: LinkResult) -> set[tuple[str, str, str]]:
    return {(d.profile_platform, d.profile_id, d.customer_id) for d in result.links}


def test_links_are_mostly_right(
    result: LinkResult,
    data: Data,
) -> None:
    truth = data[2]
    made = _triples(result)
    tp = len(made & truth)
    assert tp / len(made) >= 0.9
    assert tp / len(truth) >= 0.8


def test_one_customer_per_profile(result: LinkResult) -> None:
    keys = [(d.profile_platform, d.profile_id) for d in result.links]
    assert len(keys) == len(set(keys))


def test_namesakes_are_never_auto_linked(result: LinkResult) -> None:
    namesakes = [d for d in result.links if d.profile_id.startswith("ns")]
    assert all(d.band != "auto" for d in namesakes)


def test_auto_band_is_precise(
    result: LinkResult,
    data: Data,
) -> None:
    auto = {(d.profile_platform, d.profile_id, d.customer_id) for d in result.auto}
    assert auto
    assert auto <= data[2]


def test_every_link_carries_its_explanation(result: LinkResult) -> None:
    spec = LinkSpec.default()
    for d in result.links:
        names = [t.comparison for t in d.explanation.terms]
        assert [
            n for n in names if n not in ("cross_platform", "other_candidates")
        ] == [c.name for c in spec.comparisons]
        total = d.explanation.prior_weight + sum(t.weight for t in d.explanation.terms)
        assert total == pytest.approx(d.match_weight, abs=1e-3)
        assert any(n.startswith(("runner-up", "no other")) for n in d.explanation.notes)
        assert "match weight" in d.explanation.to_text()


def test_progress_is_called_as_each_stage_ends(data: Data) -> None:
    customers, profiles, _ = data
    seen: list[str] = []
    linker = Linker(progress=seen.append)
    linker.link(customers, profiles)
    assert seen == list(Linker.STAGES)
    seen.clear()
    linker.link(customers, profiles)  # trained now: no training stage
    assert seen == [s for s in Linker.STAGES if s != "train"]


def test_counts_and_spec_hash(
    result: LinkResult,
    data: Data,
) -> None:
    customers, profiles, _ = data
    assert result.counts["customers"] == len(customers)
    assert result.counts["profiles"] == len(profiles)
    assert result.counts["links"] == len(result.links)
    assert result.counts["auto"] + result.counts["review"] == len(result.links)
    assert len(result.spec_hash) == 16


def test_train_then_save_and_load_gives_the_same_links(
    tmp_path: Path,
    data: Data,
) -> None:
    customers, profiles, _ = data
    linker = Linker()
    spec = linker.train(customers, profiles)
    assert spec.trained
    linker.save(tmp_path / "spec.json")
    again = Linker.load(tmp_path / "spec.json")
    assert again.spec == spec
    assert _triples(again.link(customers, profiles)) == _triples(
        linker.link(customers, profiles)
    )


def test_labels_refine_training(
    data: Data,
) -> None:
    customers, profiles, truth = data
    labels = [(p, pid, cid, True) for p, pid, cid in sorted(truth)]
    spec = Linker().train(customers, profiles, labels=labels)
    given = spec.comparisons[0]
    assert given.m is not None
    assert given.m[0] > 0.8  # labelled matches agree on the given name


def test_reader_errors_are_carried(
    data: Data,
) -> None:
    customers, profiles, _ = data
    bad = RecordError(source="crm.csv", line=3, field="email", reason="broken")
    wrapped = ReadResult(records=customers, errors=[bad])
    result = Linker().link(wrapped, profiles)
    assert result.errors == (bad,)
    assert result.counts["errors"] == 1


def test_profiles_with_nothing_comparable_are_counted(
    data: Data,
) -> None:
    customers, profiles, _ = data
    empty = SocialProfile(platform="twitter", profile_id="empty1")
    result = Linker().link(customers, [*profiles, empty])
    assert result.counts["profiles_not_comparable"] == 1
    assert all(d.profile_id != "empty1" for d in result.links)


def test_empty_inputs_raise(
    data: Data,
) -> None:
    customers, profiles, _ = data
    with pytest.raises(EmptyInputError):
        Linker().link([], profiles)
    with pytest.raises(EmptyInputError):
        Linker().link(customers, [])


def test_spec_naming_a_missing_column_fails_first(
    data: Data,
) -> None:
    customers, profiles, _ = data
    spec = LinkSpec(
        comparisons=(ExactMatch(column="loyalty_id"),),
        blocking_rules=(block_on("email"),),
    )
    with pytest.raises(ConfigurationError, match="loyalty_id"):
        Linker(spec).link(customers, profiles)


def test_blocking_report_with_truth(
    data: Data,
) -> None:
    customers, profiles, truth = data
    report = Linker().blocking_report(customers, profiles, truth)
    assert report.true_pairs == len(truth)
    assert report.recall is not None and report.recall >= 0.95
    assert sum(r.new_pairs for r in report.rules) == report.total_pairs
    assert report.rules[0].rule == "email"


def test_example_links_two_tables(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[1] / "examples" / "link_loyalty_table.py"
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    precision = float(out.split("precision ")[1].split(",")[0])
    recall = float(out.split("recall ")[1].split()[0])
    assert precision >= 0.95
    assert recall >= 0.9
    assert "match weight" in out


def test_link_tables_returns_a_frame(data: Data) -> None:
    customers, _, _ = data
    frame = Linker(
        LinkSpec(
            comparisons=(ExactMatch(column="email"),),
            blocking_rules=(block_on("email"),),
        )
    ).link_tables(customers[:10], customers[:10])
    assert list(frame["left_id"]) == list(frame["right_id"])
    assert len(frame) == 10


def test_a_few_labels_add_to_the_anchors_instead_of_replacing_them(
    data: Data,
) -> None:
    """Three reviewed pairs must not throw away what the e-mail anchors taught."""
    customers, profiles, truth = data
    without = Linker().train(customers, profiles)
    labels = [(p, pid, cid, True) for p, pid, cid in sorted(truth)[:3]]
    with_labels = Linker().train(customers, profiles, labels=labels)
    for before, after in zip(without.comparisons, with_labels.comparisons, strict=True):
        assert before.m is not None and after.m is not None
        assert max(abs(a - b) for a, b in zip(before.m, after.m, strict=True)) < 0.05


def test_a_saved_spec_links_exactly_like_training_then_linking(tmp_path: Path) -> None:
    from identitylink import read_crm, read_facebook, read_twitter

    sample = Path(__file__).resolve().parents[1] / "examples" / "data"
    customers = read_crm(
        sample / "crm.csv", sample / "crm_mapping.json", errors="collect"
    )
    profiles = [
        *read_twitter(sample / "twitter.jsonl", errors="collect"),
        *read_facebook(sample / "facebook.jsonl", errors="collect"),
    ]
    trained_inline = Linker()
    first = trained_inline.link(customers, profiles)
    trained_inline.save(tmp_path / "spec.json")
    again = Linker.load(tmp_path / "spec.json").link(customers, profiles)
    assert _triples(again) == _triples(first)
    assert [d.band for d in again.links] == [d.band for d in first.links]


def test_link_tables_takes_two_frames_with_columns_of_any_name() -> None:
    people = [("Ana", "Silva", "111"), ("Jon", "Berg", "222"), ("Eva", "Nowak", "333")]
    left = pd.DataFrame(
        [
            {"rec": f"L{i}", "fn": g, "sn": f, "tax_no": t}
            for i, (g, f, t) in enumerate(people)
        ]
    )
    right = pd.DataFrame(
        [
            {"rec": f"R{i}", "fn": g.upper(), "sn": f, "tax_no": t}
            for i, (g, f, t) in enumerate(reversed(people))
        ]
    )
    mapping = {"columns": {"customer_id": "rec", "first_name": "fn", "last_name": "sn"}}
    spec = LinkSpec(
        comparisons=(ExactMatch(column="tax_no"),),
        blocking_rules=(block_on("tax_no"),),
    )
    frame = Linker(spec).link_tables(left, right, mapping=mapping)
    assert dict(zip(frame["right_id"], frame["left_id"], strict=True)) == {
        "R0": "L2",
        "R1": "L1",
        "R2": "L0",
    }
