"""Measure links against a truth table: precision, recall and F1.

A link is a (platform, profile id, customer id) triple. A link that is in the truth
table is a true positive; a link that is not is a false positive; a true link that
was not made is a false negative. A profile linked to the wrong customer therefore
counts twice: once as a false positive (the wrong link) and once as a false negative
(the missed right one). Ids are compared as strings, after trimming blanks.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from identitylink.exceptions import EmptyInputError, InputError, MissingDependencyError
from identitylink.results import LinkResult

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "DEFAULT_THRESHOLDS",
    "EvaluationReport",
    "Metrics",
    "ThresholdPoint",
    "evaluate",
    "read_truth",
]

KEY_COLUMNS = ("profile_platform", "profile_id", "customer_id")
"""The columns a truth table must have, and that identify a link."""

DEFAULT_THRESHOLDS: tuple[float, ...] = (
    0.0,
    0.1,
    0.2,
    0.3,
    0.4,
    0.5,
    0.6,
    0.7,
    0.8,
    0.9,
    0.95,
    0.99,
    0.999,
    0.9999,
    0.99999,
    0.999999,
)
"""Probability thresholds of the precision/recall curve when none are given.

Fellegi-Sunter probabilities crowd near 1, hence the fine steps at the top.
"""

TableSource = str | os.PathLike[str] | pd.DataFrame
_SLICE = 22  # width of the slice column of the text table


class Metrics(BaseModel, frozen=True, extra="forbid"):
    """Counts and rates for one slice of the links.

    ``precision`` is ``None`` when the slice holds no link and ``recall`` is ``None``
    when there is no true link to find: neither is defined then. ``f1`` is
    ``2·tp / (2·tp + fp + fn)``, which is defined whenever either side is non-empty.
    """

    tp: int = Field(ge=0, description="links that are in the truth table")
    fp: int = Field(ge=0, description="links that are not in the truth table")
    fn: int = Field(ge=0, description="true links that were not made")
    precision: float | None
    recall: float | None
    f1: float

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> Metrics:
        """Build the rates from the three counts."""
        return cls(
            tp=tp,
            fp=fp,
            fn=fn,
            precision=tp / (tp + fp) if tp + fp else None,
            recall=tp / (tp + fn) if tp + fn else None,
            f1=2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        )

    @property
    def links(self) -> int:
        """How many links the slice holds (``tp + fp``)."""
        return self.tp + self.fp


class ThresholdPoint(BaseModel, frozen=True, extra="forbid"):
    """The metrics of the links whose probability is at least ``threshold``."""

    threshold: float
    metrics: Metrics


class EvaluationReport(BaseModel, frozen=True, extra="forbid"):
    """Precision, recall and F1 of a set of links against a truth table.

    ``overall`` counts every link (both bands). ``by_platform`` restricts links and
    true links to one platform. ``by_band`` restricts the links to one band but keeps
    every true link as the denominator of recall, so ``by_band["auto"].recall`` is the
    share of all true links that were made automatically. ``curve`` gives the metrics
    of the links at or above each probability threshold. ``wrong_customer`` counts
    false positives whose profile has a true customer (a different one);
    ``no_true_customer`` those whose profile has none in the truth table.
    """

    overall: Metrics
    by_platform: dict[str, Metrics]
    by_band: dict[str, Metrics]
    curve: tuple[ThresholdPoint, ...]
    links: int = Field(ge=0, description="distinct links evaluated")
    true_links: int = Field(ge=0, description="distinct links in the truth table")
    wrong_customer: int = Field(ge=0)
    no_true_customer: int = Field(ge=0)

    def best_threshold(self) -> ThresholdPoint | None:
        """The curve point with the highest F1 (the lowest threshold on ties)."""
        if not self.curve:
            return None
        return max(self.curve, key=lambda p: (p.metrics.f1, -p.threshold))

    def to_dict(self) -> dict[str, Any]:
        """The report as ``identitylink evaluate --json`` prints it.

        The fields of the model, each slice's metrics with its ``links`` count, and
        ``best_threshold`` (the curve point with the best F1, or ``None``): the keys
        are the headings of :meth:`to_text`.
        """

        def metrics(m: Metrics) -> dict[str, Any]:
            return {"links": m.links, **m.model_dump(mode="json")}

        best = self.best_threshold()
        return {
            "overall": metrics(self.overall),
            "by_platform": {k: metrics(m) for k, m in sorted(self.by_platform.items())},
            "by_band": {k: metrics(m) for k, m in sorted(self.by_band.items())},
            "links": self.links,
            "true_links": self.true_links,
            "wrong_customer": self.wrong_customer,
            "no_true_customer": self.no_true_customer,
            "curve": [
                {"threshold": p.threshold, "metrics": metrics(p.metrics)}
                for p in self.curve
            ],
            "best_threshold": None
            if best is None
            else {"threshold": best.threshold, "metrics": metrics(best.metrics)},
        }

    def to_text(self) -> str:
        """A readable table of the report, as ``identitylink evaluate`` prints it.

        Its headings are the keys of :meth:`to_dict` (and of ``--json``).
        """
        header = f"{'slice':<{_SLICE}}{'links':>8}{'tp':>8}{'fp':>8}{'fn':>8}"
        header += f"{'precision':>11}{'recall':>9}{'f1':>8}"
        lines = [header, "-" * len(header)]
        rows: list[tuple[str, Metrics]] = [("overall", self.overall)]
        rows += [(f"by_platform {k}", m) for k, m in sorted(self.by_platform.items())]
        rows += [(f"by_band {k}", m) for k, m in sorted(self.by_band.items())]
        lines += [_row(name, m) for name, m in rows]
        lines.append("")
        lines.append(
            f"links {self.links}, true_links {self.true_links}; false positives: "
            f"wrong_customer {self.wrong_customer}, "
            f"no_true_customer {self.no_true_customer}"
        )
        if self.curve:
            lines.append("")
            lines.append("curve (links with probability >= threshold):")
            lines.append(f"{'threshold':<{_SLICE}}{header[_SLICE:]}")
            lines += [_row(f"{p.threshold:g}", p.metrics) for p in self.curve]
            best = self.best_threshold()
            if best is not None:
                lines.append(
                    f"best_threshold {best.threshold:g} (f1 {best.metrics.f1:.4f})"
                )
        return "\n".join(lines)

    def plot(self, path: str | os.PathLike[str]) -> Path:
        """Draw precision, recall and F1 versus the probability threshold to ``path``.

        Needs matplotlib (``pip install identitylink[plot]``); the file type follows
        the suffix (``.png``, ``.svg``, ``.pdf``). Returns the path written.
        """
        try:
            from matplotlib.figure import Figure
        except ImportError as exc:
            raise MissingDependencyError(
                "plotting needs matplotlib: pip install identitylink[plot]"
            ) from exc
        out = Path(path)
        fig = Figure(figsize=(7, 4.5), layout="constrained")
        ax = fig.add_subplot()
        # Evenly spaced thresholds: the fine steps near 1 stay readable.
        xs = list(range(len(self.curve)))
        for label, values in (
            ("precision", [p.metrics.precision for p in self.curve]),
            ("recall", [p.metrics.recall for p in self.curve]),
            ("F1", [p.metrics.f1 for p in self.curve]),
        ):
            ys = [math.nan if v is None else v for v in values]
            ax.plot(xs, ys, marker="o", markersize=3, label=label)
        ax.set_xticks(xs, [f"{p.threshold:g}" for p in self.curve], rotation=45)
        ax.set_xlabel("probability threshold (links at or above it)")
        ax.set_ylabel("rate")
        ax.set_ylim(0.0, 1.02)
        ax.set_title(f"{self.links} links against {self.true_links} true links")
        ax.grid(alpha=0.3)
        ax.legend(loc="best")
        fig.savefig(out)  # a bare Figure draws with the Agg canvas: no pyplot state
        return out


def _row(name: str, m: Metrics) -> str:
    def rate(v: float | None) -> str:
        return "-" if v is None else f"{v:.4f}"

    return (
        f"{name:<{_SLICE}}{m.links:>8}{m.tp:>8}{m.fp:>8}{m.fn:>8}"
        f"{rate(m.precision):>11}{rate(m.recall):>9}{m.f1:>8.4f}"
    )


def _read_csv(path: str | os.PathLike[str], what: str) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{what} file {os.fspath(path)!r} does not exist") from exc
    except pd.errors.EmptyDataError as exc:
        raise EmptyInputError(f"{what} file {os.fspath(path)!r} is empty") from exc
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{what} file {os.fspath(path)!r} is not a readable CSV: {exc}"
        ) from exc


def _check_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{what} lacks the column(s) {', '.join(missing)} "
            f"(it has: {', '.join(map(str, frame.columns))})"
        )


def _clean_keys(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {c: frame[c].astype(str).str.strip() for c in KEY_COLUMNS}, index=frame.index
    )
    out["profile_platform"] = out["profile_platform"].str.lower()
    return out


def read_truth(source: TableSource) -> pd.DataFrame:
    """Read a truth table: one row per true link.

    ``source`` is a CSV path or a DataFrame with the columns ``profile_platform``,
    ``profile_id`` and ``customer_id`` (other columns are ignored). Ids are read as
    strings and trimmed, platforms lower-cased; duplicate rows are dropped. A table
    with no row raises :class:`EmptyInputError`, a missing column :class:`InputError`.
    """
    name = "truth table" if isinstance(source, pd.DataFrame) else "truth"
    frame = source if isinstance(source, pd.DataFrame) else _read_csv(source, name)
    _check_columns(frame, KEY_COLUMNS, name)
    truth = _clean_keys(frame).drop_duplicates(ignore_index=True)
    if truth.empty:
        raise EmptyInputError(f"{name} holds no true link")
    return truth


def _links_frame(links: LinkResult | TableSource) -> pd.DataFrame:
    """Links as a frame of the key columns plus ``probability`` and ``band``."""
    if isinstance(links, LinkResult):
        return pd.DataFrame(
            {
                "profile_platform": [d.profile_platform for d in links.links],
                "profile_id": [d.profile_id for d in links.links],
                "customer_id": [d.customer_id for d in links.links],
                "probability": np.array(
                    [d.probability for d in links.links], dtype=float
                ),
                "band": [str(d.band) for d in links.links],
            }
        )
    name = "links table" if isinstance(links, pd.DataFrame) else "links"
    frame = links if isinstance(links, pd.DataFrame) else _read_csv(links, name)
    _check_columns(frame, KEY_COLUMNS, name)
    out = _clean_keys(frame)
    if "probability" in frame.columns:
        prob = pd.to_numeric(frame["probability"], errors="coerce")
        bad = prob.isna() | (prob < 0) | (prob > 1)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"{name} row {row + 1} (profile {out['profile_id'].iloc[row]}): "
                f"field probability={frame['probability'].iloc[row]!r} "
                "is not a number between 0 and 1"
            )
        out["probability"] = prob.to_numpy(dtype=float)
    if "band" in frame.columns:
        out["band"] = frame["band"].astype(str).str.strip().str.lower()
        out = out[out["band"] != "reject"]  # rejected pairs are not links
    return out


def _pair_keys(frame: pd.DataFrame) -> pd.Series:
    return (
        frame["profile_platform"]
        + "\x1f"
        + frame["profile_id"]
        + "\x1f"
        + frame["customer_id"]
    )


def _profile_keys(frame: pd.DataFrame) -> pd.Series:
    return frame["profile_platform"] + "\x1f" + frame["profile_id"]


def _metrics(is_tp: NDArray[np.bool_], n_true: int) -> Metrics:
    tp = int(is_tp.sum())
    return Metrics.from_counts(tp, int(is_tp.size - tp), n_true - tp)


def evaluate(
    links: LinkResult | TableSource,
    truth: TableSource,
    *,
    thresholds: Sequence[float] | None = None,
) -> EvaluationReport:
    """Compare links with a truth table and report precision, recall and F1.

    ``links`` is a :class:`LinkResult`, a DataFrame or a CSV path with the columns
    ``profile_platform``, ``profile_id``, ``customer_id`` and, optionally,
    ``probability`` (for the threshold curve) and ``band`` (for the per-band figures;
    rows in band ``reject`` are not links). ``truth`` is a DataFrame or CSV path with
    ``profile_platform``, ``profile_id``, ``customer_id`` (see :func:`read_truth`).
    ``thresholds`` are the probabilities of the curve (default
    :data:`DEFAULT_THRESHOLDS`). A profile linked to the wrong customer counts as one
    false positive and one false negative.
    """
    true = read_truth(truth)
    predicted = _links_frame(links)
    # One row per distinct link; if a link is listed twice keep its best probability.
    if "probability" in predicted.columns:
        predicted = predicted.sort_values("probability", ascending=False, kind="stable")
    predicted = predicted.drop_duplicates(list(KEY_COLUMNS), ignore_index=True)

    true_pairs = _pair_keys(true)
    is_tp = _pair_keys(predicted).isin(true_pairs).to_numpy(dtype=bool)
    has_true_customer = (
        _profile_keys(predicted).isin(_profile_keys(true)).to_numpy(dtype=bool)
    )
    n_true = len(true)

    by_platform: dict[str, Metrics] = {}
    for platform in sorted(
        set(true["profile_platform"]) | set(predicted["profile_platform"])
    ):
        mask = (predicted["profile_platform"] == platform).to_numpy(dtype=bool)
        n_true_platform = int((true["profile_platform"] == platform).sum())
        by_platform[platform] = _metrics(is_tp[mask], n_true_platform)

    by_band: dict[str, Metrics] = {}
    if "band" in predicted.columns:
        bands = predicted["band"].to_numpy(dtype=object)
        for band in sorted(set(bands)):
            by_band[str(band)] = _metrics(is_tp[bands == band], n_true)

    curve: list[ThresholdPoint] = []
    if "probability" in predicted.columns:
        prob = predicted["probability"].to_numpy(dtype=float)
        grid = DEFAULT_THRESHOLDS if thresholds is None else thresholds
        for t in sorted({float(x) for x in grid}):
            curve.append(
                ThresholdPoint(threshold=t, metrics=_metrics(is_tp[prob >= t], n_true))
            )

    return EvaluationReport(
        overall=_metrics(is_tp, n_true),
        by_platform=by_platform,
        by_band=by_band,
        curve=tuple(curve),
        links=len(predicted),
        true_links=n_true,
        wrong_customer=int((~is_tp & has_true_customer).sum()),
        no_true_customer=int((~is_tp & ~has_true_customer).sum()),
    )
