"""One function over many independent items, on the machine's other cores when there are many.

The index build reads thousands of files and validation checks thousands of trees; each file's work needs
no other file's, and lxml holds Python's lock while it parses, so threads would not help. Forked worker
processes do: they start with the parent's modules, compiled schema and stylesheets already in memory,
each takes a share of the items, and the results come back in the order of the items, so that whatever
the caller does with them (refusing a second file for one expression, reporting problems in order)
happens as when it works through them itself.

The caller works through the items itself when they are few (starting a worker costs about what 50 files
do), on one core, when other processes hold the cores the workers would need, where forking is not
available, or when the process runs other threads (a fork copies
only the calling thread, and a lock another thread holds would stay held in the child). Workers end with
``os._exit``, as multiprocessing's forked workers do, so no finaliser of the parent's objects (an open
SQLite connection) runs in them.

>>> list(ordered_map(abs, [-2, 1, -3]))
[2, 1, 3]
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Generator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
# Below this many items the caller works through them itself.
PARALLEL_ITEMS = 200
# Items per task sent to a worker: large enough that the messages cost little, small enough that the
# caller gets its first results early.
CHUNK = 16
# How many workers the last map of this process that started any used (0 when none did): what a
# benchmark notes beside its figure, since a build with workers and one without are not comparable.
last_used = 0


def workers() -> int:
    """How many worker processes a large map uses: the cores this process may use, at most two (the
    caller works too, writing or collecting what they send); 0 where they cannot be forked safely."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if threading.active_count() > 1:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    # Two workers need two cores that no other process holds: on a machine where others run, the
    # workers would share one core and add only the pickling of their results (slower than the caller
    # alone, measured in issue 13).
    return min(cores, 2) if cores - _others_running() >= 2 else 0


def _others_running() -> int:
    """How many other tasks are runnable now (``/proc/loadavg``'s fourth field counts this one too).
    The load averages would lag: a minute after the previous validation's workers ended, they still
    count; an unreadable file counts as none, as before this check."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            running = int(f.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return 0
    return max(running - 1, 0)


def ordered_map(fn: Callable[[Item], Result], items: Sequence[Item]) -> Generator[Result, None, None]:
    """``fn`` of each item, in the order of ``items``; in worker processes when there are many. ``fn``
    must be picklable (a module-level function, or a ``functools.partial`` of one), and so must its
    results; an exception it raises is raised here (one that cannot be pickled, or a result that cannot,
    as a ``RuntimeError`` that names it)."""
    global last_used
    count = workers() if len(items) >= PARALLEL_ITEMS else 0
    if len(items) >= PARALLEL_ITEMS:
        last_used = count
    if not count:
        for item in items:
            yield fn(item)
        return
    yield from _forked(fn, items, count)


def _forked(fn: Callable[[Item], Result], items: Sequence[Item], count: int) -> Generator[Result, None, None]:
    """``ordered_map`` in ``count`` forked workers, each with a pipe of its own: chunk ``k`` goes to worker
    ``k % count``, which answers its chunks in the order it gets them, so the answers are read in order.

    Not ``multiprocessing.Pool``: its queues share locks between the workers and the pool's threads, and
    ``Pool.terminate`` (leaving a map early, on an error) kills a worker that may hold one while it sends
    a result; the pool's task thread then waits for that lock forever, and so does ``terminate`` (seen:
    the index build's error stopping a refresh hung, once in about 200 runs under load). Here nothing is
    shared, and leaving early kills the workers (SIGKILL) and reaps them."""
    context = multiprocessing.get_context("fork")
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    ends: list[Connection] = []
    started: list[BaseProcess] = []
    try:
        for _ in range(count):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(fn, theirs), daemon=True)
            process.start()
            theirs.close()
            ends.append(mine)
            started.append(process)
        # Two chunks ahead per worker, so that each has the next while its answer travels; a chunk is
        # sent to the worker whose answer was just read (k + 2 * count goes where k went).
        for k in range(min(len(chunks), 2 * count)):
            ends[k % count].send(chunks[k])
        for k in range(len(chunks)):
            try:
                answer: list[tuple[bool, Result | BaseException]] = ends[k % count].recv()
            except EOFError:  # the worker died without answering (killed, or out of memory)
                worker = started[k % count]
                worker.join(timeout=5)
                raise RuntimeError(
                    f"a worker process ended without answering (exit code {worker.exitcode}; "
                    "expected an answer for each chunk sent)"
                ) from None
            if k + 2 * count < len(chunks):
                ends[k % count].send(chunks[k + 2 * count])
            for ok, value in answer:
                if not ok:
                    assert isinstance(value, BaseException)
                    raise value
                yield value  # type: ignore[misc]
    finally:
        for worker in started:
            worker.kill()
        for worker in started:
            worker.join()
        for end in ends:
            end.close()


def _serve(fn: Callable[[Item], Result], end: Connection) -> None:
    """In a worker: each chunk received answered with ``(True, result)`` per item, or ``(False, error)``
    for the first that raised (the rest of the chunk not worked), until the parent kills it."""
    while True:
        try:
            chunk: Sequence[Item] = end.recv()
        except EOFError:  # the parent is gone
            return
        answer: list[tuple[bool, object]] = []
        for item in chunk:
            try:
                answer.append((True, fn(item)))
            except Exception as error:  # carried to the caller, which raises it (as Pool's workers do)
                answer.append((False, error))
                break
        try:
            end.send(answer)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            # A result or an error that cannot be pickled would otherwise kill this worker and reach the
            # caller as a bare EOFError; it gets an error that says what could not be sent instead.
            failed = next((value for ok, value in answer if not ok), None)
            what = f"the error {failed!r}" if failed is not None else "a result"
            end.send([(False, RuntimeError(f"a worker could not send back {what}: {error}"))])
