"""Large runs in bounded parts (issue 11 §3): the kernel scores pairs in chunks
and the cross-platform join takes customers in groups; the links are the same as
in one piece."""

from __future__ import annotations

import numpy as np
import pytest
from _link_data import population

import identitylink._engine.crossplatform as crossplatform
import identitylink._engine.kernel as kernel
from identitylink import Linker
from identitylink._engine.decide import runner_up


def _links() -> list[tuple[str, str, str, float]]:
    customers, profiles, _ = population()
    result = Linker().link(customers, profiles)
    return sorted(
        (d.profile_id, d.customer_id, d.band, d.probability) for d in result.links
    )


def test_chunked_kernel_and_join_link_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _links()
    monkeypatch.setattr(kernel, "CHUNK_PAIRS", 7)
    monkeypatch.setattr(crossplatform, "CHUNK_EDGES", 5)
    assert _links() == whole
    assert whole


def test_runner_up_margins() -> None:
    ri = np.array([0, 0, 1, 0, 2, 2], dtype=np.int64)
    weight = np.array([1.0, 5.0, 2.0, 3.0, 4.0, 4.0])
    margin, other = runner_up(ri, weight)
    # profile 0: best is edge 1 (5.0), runner-up edge 3 (3.0)
    assert margin[1] == 2.0 and other[1] == 3
    assert margin[0] == -4.0 and other[0] == 1
    assert margin[2] == np.inf and other[2] == -1
    assert margin[4] == 0.0 and margin[5] == 0.0
