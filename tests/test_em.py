"""EM helpers: counting distinct comparison vectors."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from identitylink._engine.em import distinct_rows

_rows = st.integers(0, 300).flatmap(
    lambda n: hnp.arrays(
        np.int8,
        st.tuples(st.just(n), st.integers(1, 8)),
        elements=st.integers(-3, 9),
    )
)


@given(_rows)
def test_distinct_rows_is_unique_with_counts(rows: np.ndarray) -> None:
    expected, counts = np.unique(rows, axis=0, return_counts=True)
    patterns, got = distinct_rows(rows)
    assert patterns.dtype == rows.dtype
    np.testing.assert_array_equal(patterns, expected)
    np.testing.assert_array_equal(got, counts.astype(np.float64))


def test_distinct_rows_of_a_wide_key_space() -> None:
    rng = np.random.default_rng(0)
    rows = rng.integers(0, 120, size=(5000, 12)).astype(np.int8)  # 120**12 keys
    expected, counts = np.unique(rows, axis=0, return_counts=True)
    patterns, got = distinct_rows(rows)
    np.testing.assert_array_equal(patterns, expected)
    np.testing.assert_array_equal(got, counts)
