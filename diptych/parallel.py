"""Work spread over every core by forked processes, which start with all the build has in memory.

A forked worker inherits the parent's objects (the site, the plan, the Jinja and Markdown environments), so only
small values cross the pipes: the item to work on, and what came of it. A worker dies with the build that
started it, and leaves Ctrl-C to its parent.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

PR_SET_PDEATHSIG = 1
SERIAL_BELOW = 24  # fewer items than this are worked through in the build's own process: forking costs more

Item = TypeVar("Item")
Result = TypeVar("Result")


def fork_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int, *, ordered: bool = True) -> Iterator[Result]:
    """`function` over `items` in `jobs` forked processes: in their order, or as they finish. `function` must be
    a module's own function (it is sent by name); what it reads besides its item, it reads from the module."""
    if jobs <= 1 or len(items) < SERIAL_BELOW:
        yield from map(function, items)
        return
    gc.collect()
    gc.freeze()  # the inherited objects stay out of the workers' collections: fewer shared pages copied
    try:
        context = multiprocessing.get_context("fork")
        chunk = max(1, min(16, len(items) // (jobs * 16)))
        with context.Pool(jobs, initializer=_worker_starts) as pool:
            spread = pool.imap if ordered else pool.imap_unordered
            yield from spread(function, items, chunksize=chunk)
    finally:
        gc.unfreeze()


def _worker_starts() -> None:
    """Ctrl-C is the parent's to handle; the parent's death is the worker's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def jobs_for(requested: int | None) -> int:
    """Worker processes: as asked, else one per core this process may use."""
    if requested is not None:
        return max(1, requested)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
