"""Our EM against recordlinkage's ECM on the same candidate pairs (issue 5 §4).

    .venv/bin/python bench/em_vs_ecm.py                   # dev-large
    .venv/bin/python bench/em_vs_ecm.py --data dev-small  # quick

Both estimators get exactly the same input: the linker's candidate pairs (the
default spec's blocking) and their comparison levels, one categorical column per
comparison. Ours is :func:`identitylink._engine.train.train_spec` (u from random
pairs and within blocks, m from e-mail anchors and leave-one-out EM, per-platform
m, u by name agreement); recordlinkage's is ``ECMClassifier`` (0.16), fitted on
the level columns. Each model's match weights then go through the same one-to-one
decision (:func:`identitylink._engine.decide.decide`, the default thresholds, no
cross-platform bonus and no term-frequency adjustment, so that only the
estimates differ), and the links are scored against ``truth.csv``. It prints fit
seconds, F1 / precision / recall of the links, and the pair-level precision and
recall of "probability >= 0.5" (a NaN probability, which ECM gives when it
collapses, counts as 0).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import numpy as np
import pandas as pd
from _measure import resolve_data

from identitylink import Linker, LinkSpec
from identitylink._engine.decide import decide
from identitylink._engine.kernel import ScoredLevels, match_weights
from identitylink._engine.strata import name_strata
from identitylink._engine.train import train_spec
from identitylink.sources import read_crm, read_facebook, read_twitter


def _scores(
    made: np.ndarray, truth: set[tuple[str, str, str]], n_true: int
) -> dict[str, float]:
    tp = sum(1 for t in made if t in truth)
    p = tp / max(len(made), 1)
    r = tp / max(n_true, 1)
    return {"f1": 2 * p * r / max(p + r, 1e-12), "precision": p, "recall": r}


def _else_codes(linker: Linker) -> np.ndarray:
    """The code of each comparison's ``else`` level (its last)."""
    return np.array([len(c.levels()) - 1 for c in linker.spec.comparisons])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data directory or name under ../shared/data")
    parser.add_argument(
        "--seeds",
        type=int,
        default=3,
        help="random starts of ECM on the levels, seeded 0, 1, ... (default 3)",
    )
    args = parser.parse_args(argv)
    data = resolve_data(args.data)
    try:
        from recordlinkage import ECMClassifier
    except ImportError:
        print("recordlinkage is not installed: pip install -e '.[bench]'")
        return 2

    customers = read_crm(data / "crm.csv", errors="collect")
    profiles = [
        *read_twitter(data / "twitter.jsonl", errors="collect"),
        *read_facebook(data / "facebook.jsonl", errors="collect"),
    ]
    linker = Linker(LinkSpec.default())
    prep = linker._prepare(customers, profiles)
    li, ri, _ = linker._pairs(prep)
    levels = linker._levels(prep, li, ri)
    no_tf = ScoredLevels(
        levels.levels, levels.reading, np.full(levels.tf_adjust.shape, np.nan)
    )
    frame = pd.read_csv(data / "truth.csv", dtype=str)
    truth = set(frame.itertuples(index=False, name=None))
    pair_true = np.array(
        [
            (p, str(i), str(c)) in truth
            for p, i, c in zip(
                prep.right.platform[ri],
                prep.right.ids[ri],
                prep.left.ids[li],
                strict=True,
            )
        ]
    )
    print(f"data: {data}; {len(li)} candidate pairs, {len(truth)} true links")

    def links_of(weight: np.ndarray) -> dict[str, float]:
        identifying = np.zeros(len(li), dtype=bool)
        dec = decide(
            li, ri, weight, prep.platform, identifying, LinkSpec.default().thresholds
        )
        e = dec.edge
        made = np.array(
            list(
                zip(
                    prep.right.platform[ri[e]],
                    [str(x) for x in prep.right.ids[ri[e]]],
                    [str(x) for x in prep.left.ids[li[e]]],
                    strict=True,
                )
            ),
            dtype=object,
        )
        return _scores([tuple(t) for t in made], truth, len(truth))

    def pair_level(prob: np.ndarray) -> dict[str, float]:
        pred = prob >= 0.5
        tp = int((pred & pair_true).sum())
        return {
            "pair_precision": tp / max(int(pred.sum()), 1),
            "pair_recall": tp / max(int(pair_true.sum()), 1),
        }

    rows: list[dict[str, Any]] = []

    start = time.perf_counter()
    spec = train_spec(
        linker.spec,
        prep.left,
        prep.right,
        (prep.left_ok, prep.right_ok),
        ri,
        levels,
        None,
        prep.cache,
    )
    fit_ours = time.perf_counter() - start
    linker.spec = spec
    strata = name_strata(spec.comparisons, levels.levels)
    total, _ = match_weights(no_tf, linker._weight_tables(), strata)
    for code, own in linker._platform_tables().items():
        rows_p = np.flatnonzero(prep.platform[ri] == code)
        sub = ScoredLevels(
            no_tf.levels[rows_p], no_tf.reading[rows_p], no_tf.tf_adjust[rows_p]
        )
        total[rows_p], _ = match_weights(sub, own, strata[rows_p])
    assert spec.prior is not None
    w_ours = total + np.log2(spec.prior / (1 - spec.prior))
    rows.append(
        {
            "estimator": "identitylink EM",
            "fit_s": fit_ours,
            **links_of(w_ours),
            **pair_level(1 / (1 + np.exp2(-w_ours))),
        }
    )

    names = [c.name for c in linker.spec.comparisons]
    by_level = pd.DataFrame(levels.levels, columns=names)
    variants: dict[str, tuple[pd.DataFrame, str, int | None]] = {
        # the levels as categories, as they are: ECM needs a random start there,
        # drawn from numpy's global generator, so each start is seeded and shown
        **{
            f"ECM, levels s={seed}": (by_level, "random", seed)
            for seed in range(args.seeds)
        },
        # the usual recordlinkage set-up: 1 where a comparison agrees (any level
        # other than null and else), with its default ('jaro') start
        "ECM, agree/not": (
            pd.DataFrame(
                ((levels.levels > 0) & (levels.levels < _else_codes(linker))).astype(
                    np.int8
                ),
                columns=names,
            ),
            "jaro",
            None,
        ),
    }
    for label, (features, init, seed) in variants.items():
        if seed is not None:
            np.random.seed(seed)  # recordlinkage draws its start from numpy.random
        start = time.perf_counter()
        ecm = ECMClassifier(init=init)
        ecm.fit(features)
        raw = np.asarray(ecm.prob(features), dtype=np.float64)
        fit_ecm = time.perf_counter() - start
        if np.isnan(raw).any():
            print(
                f"{label}: {int(np.isnan(raw).sum())} of {len(raw)} probabilities NaN"
            )
        prob = np.clip(np.nan_to_num(raw, nan=0.0), 1e-12, 1 - 1e-12)
        w_ecm = np.log2(prob / (1 - prob))
        rows.append(
            {
                "estimator": label,
                "fit_s": fit_ecm,
                **links_of(w_ecm),
                **pair_level(prob),
            }
        )

    header = f"{'estimator':<22}{'fit s':>8}{'F1':>8}{'P':>8}{'R':>8}"
    print(header + f"{'pair P':>9}{'pair R':>9}")
    for r in rows:
        print(
            f"{r['estimator']:<22}{r['fit_s']:>8.2f}{r['f1']:>8.4f}"
            f"{r['precision']:>8.3f}{r['recall']:>8.3f}"
            f"{r['pair_precision']:>9.3f}{r['pair_recall']:>9.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
