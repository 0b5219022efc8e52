"""evaluate(): precision, recall and F1 of links against a truth table.

The expected numbers below are worked out by hand from the small tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import identitylink
from identitylink import (
    EmptyInputError,
    EvaluationReport,
    Explanation,
    InputError,
    LinkDecision,
    LinkResult,
    MissingDependencyError,
    evaluate,
    read_truth,
)

TRUTH = pd.DataFrame(
    [
        ("twitter", "t1", "C1"),
        ("twitter", "t2", "C2"),
        ("twitter", "t3", "C3"),
        ("facebook", "f1", "C1"),
        ("facebook", "f2", "C4"),
    ],
    columns=["profile_platform", "profile_id", "customer_id"],
)

# t1, f1, f2 are right; t2 goes to the wrong customer; t4 has no true customer;
# t3 is missed.
LINKS = pd.DataFrame(
    [
        ("twitter", "t1", "C1", 0.99, "auto"),
        ("twitter", "t2", "C9", 0.80, "review"),
        ("twitter", "t4", "C5", 0.60, "review"),
        ("facebook", "f1", "C1", 0.995, "auto"),
        ("facebook", "f2", "C4", 0.70, "review"),
    ],
    columns=["profile_platform", "profile_id", "customer_id", "probability", "band"],
)


@pytest.fixture
def report() -> EvaluationReport:
    return evaluate(LINKS, TRUTH, thresholds=[0.75, 0.9, 0.999])


def test_overall_counts_a_wrong_customer_as_fp_and_fn(report: EvaluationReport) -> None:
    o = report.overall
    assert (o.tp, o.fp, o.fn) == (3, 2, 2)
    assert o.precision == pytest.approx(0.6)
    assert o.recall == pytest.approx(0.6)
    assert o.f1 == pytest.approx(0.6)
    assert (report.links, report.true_links) == (5, 5)
    assert (report.wrong_customer, report.no_true_customer) == (1, 1)


def test_per_platform(report: EvaluationReport) -> None:
    tw = report.by_platform["twitter"]
    assert (tw.tp, tw.fp, tw.fn) == (1, 2, 2)
    assert tw.precision == pytest.approx(1 / 3)
    assert tw.recall == pytest.approx(1 / 3)
    assert tw.f1 == pytest.approx(1 / 3)
    fb = report.by_platform["facebook"]
    assert (fb.tp, fb.fp, fb.fn) == (2, 0, 0)
    assert (fb.precision, fb.recall, fb.f1) == (1.0, 1.0, 1.0)


def test_band_recall_is_over_all_true_links(report: EvaluationReport) -> None:
    auto = report.by_band["auto"]
    assert (auto.tp, auto.fp, auto.fn) == (2, 0, 3)
    assert auto.precision == 1.0
    assert auto.recall == pytest.approx(0.4)
    assert auto.f1 == pytest.approx(4 / 7)
    review = report.by_band["review"]
    assert (review.tp, review.fp, review.fn) == (1, 2, 4)
    assert review.precision == pytest.approx(1 / 3)
    assert review.recall == pytest.approx(0.2)
    assert review.f1 == pytest.approx(0.25)


def test_curve_keeps_links_at_or_above_each_threshold(report: EvaluationReport) -> None:
    assert [p.threshold for p in report.curve] == [0.75, 0.9, 0.999]
    at_075, at_09, at_0999 = (p.metrics for p in report.curve)
    assert (at_075.tp, at_075.fp, at_075.fn) == (2, 1, 3)
    assert at_075.precision == pytest.approx(2 / 3)
    assert (at_09.tp, at_09.fp, at_09.fn) == (2, 0, 3)
    assert at_09.precision == 1.0
    assert at_09.recall == pytest.approx(0.4)
    # No link reaches 0.999: precision is undefined, recall and F1 are zero.
    assert (at_0999.tp, at_0999.fp, at_0999.fn) == (0, 0, 5)
    assert at_0999.precision is None
    assert (at_0999.recall, at_0999.f1) == (0.0, 0.0)


def test_best_threshold_has_highest_f1(report: EvaluationReport) -> None:
    best = report.best_threshold()
    assert best is not None
    # F1 is 0.5 at 0.75 (2 tp, 1 fp, 3 fn) and 4/7 at 0.9 (2 tp, 0 fp, 3 fn).
    assert best.threshold == 0.9
    assert best.metrics.f1 == pytest.approx(4 / 7)


def test_best_threshold_prefers_the_lower_one_on_ties() -> None:
    # 0.9 and 0.95 keep the same two links (0.99 and 0.995).
    best = evaluate(LINKS, TRUTH, thresholds=[0.95, 0.9]).best_threshold()
    assert best is not None
    assert best.threshold == 0.9


def test_default_thresholds_cover_zero_to_one() -> None:
    report = evaluate(LINKS, TRUTH)
    thresholds = [p.threshold for p in report.curve]
    assert thresholds == sorted(thresholds)
    assert thresholds[0] == 0.0
    assert thresholds[-1] < 1.0
    assert report.curve[0].metrics == report.overall


def test_ids_are_compared_as_strings(tmp_path: Path) -> None:
    truth_csv = tmp_path / "truth.csv"
    truth_csv.write_text(
        "profile_platform,profile_id,customer_id\nTwitter,007,00042\n", encoding="utf-8"
    )
    links = pd.DataFrame(
        {
            "profile_platform": ["twitter", "twitter"],
            "profile_id": ["007", "7"],
            "customer_id": [" 00042 ", "42"],
        }
    )
    report = evaluate(links, truth_csv)
    # "007" matches "007" (platform case and blanks ignored); "7" is another profile.
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 0)


def test_integer_ids_in_a_frame_equal_their_strings() -> None:
    links = pd.DataFrame(
        {"profile_platform": ["facebook"], "profile_id": [123], "customer_id": [9]}
    )
    truth = pd.DataFrame(
        {"profile_platform": ["facebook"], "profile_id": ["123"], "customer_id": ["9"]}
    )
    assert evaluate(links, truth).overall.tp == 1


def test_links_without_probability_or_band_give_no_curve_or_bands() -> None:
    links = LINKS[["profile_platform", "profile_id", "customer_id"]]
    report = evaluate(links, TRUTH)
    assert report.curve == ()
    assert report.by_band == {}
    assert report.overall.tp == 3


def test_duplicate_links_count_once_and_rejected_rows_are_not_links() -> None:
    extra = pd.DataFrame(
        [
            ("twitter", "t1", "C1", 0.5, "review"),
            ("twitter", "t3", "C3", 0.2, "reject"),
        ],
        columns=LINKS.columns,
    )
    report = evaluate(pd.concat([LINKS, extra]), TRUTH)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (3, 2, 2)
    assert "reject" not in report.by_band
    # The duplicate keeps its best probability, hence its auto band.
    assert report.by_band["auto"].tp == 2


def test_link_result_is_accepted() -> None:
    explanation = Explanation(
        prior_weight=-10.0, terms=(), match_weight=5, probability=0.97
    )
    result = LinkResult(
        links=(
            LinkDecision(
                profile_platform="twitter",
                profile_id="t1",
                customer_id="C1",
                match_weight=5.0,
                probability=0.97,
                band="auto",
                explanation=explanation,
            ),
            LinkDecision(
                profile_platform="facebook",
                profile_id="f2",
                customer_id="C2",
                match_weight=2.0,
                probability=0.8,
                band="review",
                explanation=explanation,
            ),
        ),
        spec_hash="x",
    )
    report = evaluate(result, TRUTH)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 4)
    assert report.by_band["auto"].precision == 1.0
    assert report.by_band["review"].precision == 0.0


def test_empty_links_give_zero_recall() -> None:
    links = LINKS.iloc[:0]
    report = evaluate(links, TRUTH)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 0, 5)
    assert report.overall.precision is None
    assert report.overall.recall == 0.0


def test_report_round_trips_through_json(report: EvaluationReport) -> None:
    assert EvaluationReport.model_validate_json(report.model_dump_json()) == report


def test_to_text_shows_every_slice(report: EvaluationReport) -> None:
    text = report.to_text()
    for label in ("overall", "by_platform twitter", "by_platform facebook"):
        assert label in text
    assert "by_band auto" in text
    assert "wrong_customer 1, no_true_customer 1" in text


def test_text_headings_are_the_json_keys(report: EvaluationReport) -> None:
    data = report.to_dict()
    text = report.to_text()
    best = report.best_threshold()

    assert best is not None
    assert data["best_threshold"]["threshold"] == best.threshold
    assert f"best_threshold {best.threshold:g}" in text
    for key in ("overall", "links", "true_links", "wrong_customer", "curve"):
        assert key in data and key in text
    for group in ("by_platform", "by_band"):
        for name, metrics in data[group].items():
            row = next(
                li for li in text.splitlines() if li.startswith(f"{group} {name}")
            )
            assert int(row.split()[2]) == metrics["links"]


def test_read_truth_reads_strings_and_drops_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "truth.csv"
    path.write_text(
        "\ufeffprofile_platform,profile_id,customer_id,note\n"
        "twitter,0012,C1,x\ntwitter,0012,C1,y\nfacebook,5,C2,\n",
        encoding="utf-8",
    )
    truth = read_truth(path)
    assert truth.to_dict("records") == [
        {"profile_platform": "twitter", "profile_id": "0012", "customer_id": "C1"},
        {"profile_platform": "facebook", "profile_id": "5", "customer_id": "C2"},
    ]


def test_missing_truth_column_is_named() -> None:
    with pytest.raises(InputError, match="customer_id"):
        evaluate(LINKS, TRUTH.drop(columns="customer_id"))


def test_missing_links_column_is_named() -> None:
    with pytest.raises(InputError, match="profile_platform"):
        evaluate(LINKS.drop(columns="profile_platform"), TRUTH)


def test_empty_truth_is_refused(tmp_path: Path) -> None:
    header_only = tmp_path / "truth.csv"
    header_only.write_text(
        "profile_platform,profile_id,customer_id\n", encoding="utf-8"
    )
    with pytest.raises(EmptyInputError):
        evaluate(LINKS, header_only)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(EmptyInputError):
        read_truth(empty)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_truth(tmp_path / "nope.csv")


def test_bad_probability_names_the_row_and_field() -> None:
    links = LINKS.astype({"probability": object})
    links.loc[2, "probability"] = "high"
    with pytest.raises(InputError, match=r"row 3 \(profile t4\): field probability"):
        evaluate(links, TRUTH)


def test_plot_writes_a_png(report: EvaluationReport, tmp_path: Path) -> None:
    out = report.plot(tmp_path / "pr.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_names_the_extra(
    report: EvaluationReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(
        MissingDependencyError, match=r"pip install identitylink\[plot\]"
    ):
        report.plot(tmp_path / "pr.png")
    assert not (tmp_path / "pr.png").exists()


def test_public_names() -> None:
    assert {"evaluate", "read_truth", "EvaluationReport"} <= set(identitylink.__all__)
