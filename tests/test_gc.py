"""One pause of the cyclic garbage collector for every bulk stage."""

from __future__ import annotations

import gc

import pytest

from identitylink._gc import gc_paused


def test_the_collector_is_paused_inside_and_restored_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_objects_made_inside_leave_the_youngest_generation() -> None:
    gc.collect()
    with gc_paused():
        made = [[k] for k in range(5000)]
    assert gc.get_count()[0] < len(made)
