"""Work spread over every core by forked processes, which start with all the build has in memory.

A forked worker inherits the parent's objects (the site, the plan, the Jinja and Markdown environments), and the
state its function is given (`shared`) is handed to it at the fork, as an argument of the worker itself: nothing of
it is pickled, and no module holds it. The items are inherited too: a worker takes the next chunk of them by a
counter in shared memory, and only what came of a chunk crosses a pipe. A worker dies with the build that started
it, and leaves Ctrl-C to its parent.

multiprocessing.Pool is not used: it sends its function with every chunk, by name, and a function sent by name
reaches only what its module holds, which is the module state this helper exists to avoid.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

PR_SET_PDEATHSIG = 1
SERIAL_BELOW = 24  # fewer items than this are worked through in the build's own process: forking costs more

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")


def fork_map(
    function: Callable[[Shared, Item], Result],
    items: Sequence[Item],
    jobs: int,
    *,
    shared: Shared,
    ordered: bool = True,
) -> Iterator[Result]:
    """`function(shared, item)` for each of `items`, in `jobs` forked processes: in their order, or as they finish.
    The workers inherit `shared` and `items` at the fork."""
    if jobs <= 1 or len(items) < SERIAL_BELOW:
        yield from (function(shared, item) for item in items)
        return
    chunk = max(1, min(16, len(items) // (jobs * 16)))
    context = multiprocessing.get_context("fork")
    taken = context.Value("q", 0)  # where the next chunk starts: a worker takes it when it is free, so none idles
    workers: dict[Connection, BaseProcess] = {}
    gc.collect()
    gc.freeze()  # the inherited objects stay out of the workers' collections: fewer shared pages copied
    try:
        for _ in range(jobs):
            receiver, sender = context.Pipe(duplex=False)
            worker = context.Process(
                target=_serve, args=(function, shared, items, chunk, taken, sender, os.getpid()), daemon=True
            )
            worker.start()
            sender.close()  # before the next fork: the worker's end is then its own, and closes when it ends
            workers[receiver] = worker
        yield from _gathered(workers, len(items), chunk, ordered)
    finally:
        for receiver, worker in workers.items():
            worker.terminate()  # those still working, when the parent stops early
            worker.join()
            receiver.close()
        gc.unfreeze()


class WorkerError(Exception):
    """A worker's error that could not cross the pipe as itself, in words (its type and message)."""


class WorkerTraceback(Exception):
    """Where a worker's error was raised: its traceback, as the worker printed it (the cause of the error raised in
    the parent, which a pickled exception does not carry)."""


def _serve(
    function: Callable[[Any, Any], Any],
    shared: Any,
    items: Sequence[Any],
    chunk: int,
    taken: Any,
    sender: Connection,
    parent: int,
) -> None:
    """A worker's life: the next chunk of items while there is one, each chunk's results sent as one message, or
    the error that stopped it, with its traceback."""
    _worker_starts(parent)
    while True:
        with taken.get_lock():
            start = taken.value
            taken.value = start + chunk
        if start >= len(items):
            return
        results: list[Any] | None = None
        try:
            results = [function(shared, item) for item in items[start : start + chunk]]
            sender.send((start, results, None))
            continue
        except Exception as exc:  # raised again in the parent, where the build handles it
            failure = exc if results is None else ChildProcessError(f"a worker's results could not be sent back: {exc}")
            told = traceback.format_exc()
        except BaseException as exc:  # SystemExit and the like: this worker's end, never the build's exit status
            failure = ChildProcessError(f"a worker process ended before its work was done ({type(exc).__name__})")
            told = traceback.format_exc()
        sender.send((start, _readable(failure), told))
        return


def _readable(failure: BaseException) -> BaseException:
    """The error as the parent will read it back: itself when it survives the pipe as it is said (its type and its
    words), else a WorkerError that says it (an exception whose __init__ its pickled args do not fit, or that holds
    what cannot be pickled): a bug reported as one, with the worker's traceback, never as a worker killed."""
    try:
        said = f"{type(failure).__name__}: {failure}"
    except Exception:  # noqa: BLE001 (an exception whose words cannot be said: its type then)
        return WorkerError(type(failure).__name__)
    try:
        back = pickle.loads(pickle.dumps(failure))
        if type(back) is type(failure) and str(back) == str(failure):
            return failure
    except Exception:  # noqa: BLE001 (whatever the pickling raised: the error is said in words instead)
        pass
    return WorkerError(said)


def _gathered(workers: dict[Connection, BaseProcess], count: int, chunk: int, ordered: bool) -> Iterator[Any]:
    """The workers' results as they come (or in their items' order) until every worker has ended; a worker's error
    raised here, and so is the end of the workers before every chunk of the `count` items came back."""
    early: dict[int, list[Any]] = {}  # chunks done before their turn
    turn = 0
    chunks = -(-count // chunk)  # each sent back once
    running = dict(workers)
    while running:
        for receiver in wait(list(running)):
            try:
                start, results, told = receiver.recv()
            except EOFError:  # the worker has ended: done, or killed
                running.pop(receiver).join()
                continue
            if isinstance(results, BaseException):
                raise results from WorkerTraceback(told)
            chunks -= 1
            if not ordered:
                yield from results
                continue
            early[start] = results
            while turn in early:
                yield from early.pop(turn)
                turn += chunk
    if chunks:  # killed, or ended without a word
        codes = sorted({w.exitcode for w in workers.values() if w.exitcode})
        said = f" (exit code {', '.join(map(str, codes))})" if codes else ""
        raise ChildProcessError(f"a worker process ended before its work was done{said}")


def _worker_starts(parent: int) -> None:
    """Ctrl-C is the parent's to handle; the parent's death is the worker's; a SIGTERM (the parent's terminate(), or
    one sent to the whole process group) ends a worker at once, not as the interrupt the command line makes it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect (its pid may be 1: compare)
        os._exit(1)


def jobs_for(requested: int | None) -> int:
    """Worker processes: as asked, else one per core this process may use."""
    if requested is not None:
        return max(1, requested)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
