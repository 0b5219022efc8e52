"""Run half of a stage in a forked child process, on the machine's second core.

A stage whose output is a few fixed-size arrays per item (the kernel's levels
per candidate pair) is split in two: the child computes the second half into
shared anonymous memory, the parent the first half, and the halves are the
same arrays one process would have made. Where ``fork`` is not available (or
unsafe: macOS, Windows), with one core, or when the child fails, the parent
computes both halves itself, so the result never depends on the split.
"""

from __future__ import annotations

import mmap
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["can_fork", "split_in_two"]

Arrays = Sequence[npt.NDArray[Any]]


def can_fork() -> bool:
    """Whether a second core is ours and ``os.fork`` is safe to use here."""
    if not hasattr(os, "fork") or sys.platform in ("darwin", "win32"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity
        cores = os.cpu_count() or 1
    return cores >= 2


def _shared_like(template: npt.NDArray[Any]) -> tuple[mmap.mmap, npt.NDArray[Any]]:
    """An array shaped and typed like ``template`` in memory a child shares."""
    size = max(template.nbytes, 1)
    buffer = mmap.mmap(-1, size, flags=mmap.MAP_SHARED)
    array = np.frombuffer(buffer, dtype=template.dtype, count=template.size)
    return buffer, array.reshape(template.shape)


def split_in_two(
    n: int,
    compute: Callable[[slice], Arrays],
    shapes: Callable[[int], Arrays],
) -> list[npt.NDArray[Any]]:
    """``compute`` of items ``0..n`` as one set of arrays (joined on axis 0),
    the second half computed in a forked child.

    ``compute(part)`` returns the arrays of the items in ``part``; ``shapes(m)``
    returns empty arrays of the shapes and types ``compute`` gives for ``m``
    items (the child writes its half into shared copies of them)."""
    half = n // 2
    first, second = slice(0, half), slice(half, n)
    templates = shapes(n - half)
    shared = [_shared_like(t) for t in templates]
    pid = os.fork()
    if pid == 0:  # the child: compute the second half, write it, leave at once
        status = 1
        try:
            for (_, target), value in zip(shared, compute(second), strict=True):
                target[...] = value
            status = 0
        finally:
            os._exit(status)  # no cleanup handlers, no flushing the parent's files
    try:
        mine = compute(first)
    finally:
        _, wait_status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(wait_status) == 0:
        theirs: Arrays = [np.array(array) for _, array in shared]
    else:  # the child failed (killed, out of memory): compute its half here
        theirs = compute(second)
    # The shared buffers are unmapped with their last view, when this returns.
    return [np.concatenate([a, b], axis=0) for a, b in zip(mine, theirs, strict=True)]
