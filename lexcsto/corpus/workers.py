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
import time
from collections.abc import Callable, Generator, Sequence
from multiprocessing.connection import Connection, wait
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
    # alone, measured in issue 13). One core never has two free: not counted.
    return min(cores, 2) if cores >= 2 and cores - _others_running(2, cores) >= 2 else 0


# How often, and how far apart, the runnable tasks are counted before the workers are refused: the fewest
# seen counts. One count is one instant: a task that runs for a moment (a kernel thread writing back pages,
# a short process of the benchmark or the shell) makes a quiet machine look busy (the benchmark's build at
# 2ec87e3, with nothing else running, read its files in one process); a process that holds a core is
# runnable in every count, so a busy machine still refuses them. At most about 16 ms (15 ms measured with
# two other busy processes), and only when the first count is busy.
SAMPLES = 8
SAMPLE_GAP_S = 0.002


def _others_running(free: int = 2, cores: int = 2) -> int:
    """How many other tasks stay runnable (``/proc/loadavg``'s fourth field counts this one too): the
    fewest of up to :data:`SAMPLES` counts, stopping at the first that leaves ``free`` of ``cores`` free.
    The load averages would lag: a minute after the previous validation's workers ended, they still
    count; an unreadable file counts as none, as before this check."""
    fewest = -1
    for sample in range(SAMPLES):
        if sample:
            time.sleep(SAMPLE_GAP_S)
        try:
            with open("/proc/loadavg", encoding="ascii") as f:
                running = int(f.read().split()[3].split("/")[0])
        except (OSError, ValueError, IndexError):
            return 0
        others = max(running - 1, 0)
        fewest = others if fewest < 0 else min(fewest, others)
        if cores - fewest >= free:
            break
    return fewest


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
    """``ordered_map`` in ``count`` forked workers: chunk ``k`` of the items is worker ``k % count``'s, which
    works through its chunks in turn and sends each answer on a pipe of its own; the caller yields the
    answers in the order of the chunks.

    Nothing is sent to a worker: it is forked with the items and knows its share, so it never waits for the
    caller to hand it the next chunk, only, when the caller has not read its answers, for room in its pipe.
    The pipe is widened (:func:`_widen`) so that a worker runs well ahead of a caller that is busy with
    what it was given (the index build writing a batch of 256 files into SQLite), and the caller reads
    whichever pipe has an answer, keeping up to :data:`AHEAD` chunks beyond the one it yields next, so
    that a worker that got more of the CPU than the other is not held by the order. With the caller
    handing out two chunks ahead and reading in order from sockets of about 200 kB, the two workers of a
    1,000-instrument build waited 0.8-1.6 s in all for the next chunk or for room to send (load average
    2-3.4; 0.4-0.7 s now, all of it in sending, a busy machine's preemption included; issue 13).

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
        for w in range(count):
            mine, theirs = context.Pipe(duplex=False)  # the worker writes, the caller reads
            _widen(theirs)
            process = context.Process(target=_serve, args=(fn, chunks[w::count], theirs), daemon=True)
            process.start()  # forked: the chunks are inherited, not pickled
            theirs.close()
            ends.append(mine)
            started.append(process)
        # The chunk each worker answers next, and the answers read before their turn (None: the worker
        # ended without answering that chunk, reported when its turn comes, as when read in order).
        coming = list(range(count))
        kept: dict[int, list[tuple[bool, Result | BaseException]] | None] = {}
        for k in range(len(chunks)):
            while k not in kept:
                waiting = [w for w in range(count) if coming[w] < min(len(chunks), k + AHEAD + 1)]
                ready = wait([ends[w] for w in waiting])
                for w in waiting:
                    if ends[w] not in ready:
                        continue
                    try:
                        kept[coming[w]] = ends[w].recv()
                    except EOFError:  # the worker died (killed, out of memory) or ended on an error
                        kept[coming[w]] = None
                        coming[w] = len(chunks)  # nothing more from it
                        continue
                    coming[w] += count
            answer = kept.pop(k)
            if answer is None:
                worker = started[k % count]
                worker.join(timeout=5)
                raise RuntimeError(
                    f"a worker process ended without answering (exit code {worker.exitcode}; "
                    "expected an answer for each of its chunks)"
                )
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


# How many chunks beyond the one the caller yields next it reads and keeps (from a worker ahead of the
# other): at the index build's 16 files a chunk, 512 files of rows, some 10 MB in memory at most.
AHEAD = 32


# How many bytes of answers a worker's pipe holds (Linux's default is 64 kB). At 1 MB, about ten chunks
# of the index build's rows (some 6 kB a file pickled): a worker reads on for about 0.15 s while the caller
# writes, longer than a batch's writing takes. The system caps it (``/proc/sys/fs/pipe-max-size``, 1 MB by
# default) and may refuse it (a user over ``pipe-user-pages-soft``): then the pipe stays as it is, and only
# the overlap is lost.
PIPE_BYTES = 1 << 20


def _widen(end: Connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _serve(fn: Callable[[Item], Result], chunks: Sequence[Sequence[Item]], end: Connection) -> None:
    """In a worker: each of its chunks answered in turn with ``(True, result)`` per item, or ``(False,
    error)`` for the first that raised, after which it stops (the caller raises that error and ends the
    map), as it does when the caller is gone (its pipe closed)."""
    for chunk in chunks:
        answer: list[tuple[bool, object]] = []
        failed = False
        for item in chunk:
            try:
                answer.append((True, fn(item)))
            except Exception as error:  # carried to the caller, which raises it (as Pool's workers do)
                answer.append((False, error))
                failed = True
                break
        try:
            end.send(answer)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            # A result or an error that cannot be pickled would otherwise kill this worker and reach the
            # caller as a bare EOFError; it gets an error that says what could not be sent instead.
            unsent = next((value for ok, value in answer if not ok), None)
            what = f"the error {unsent!r}" if unsent is not None else "a result"
            end.send([(False, RuntimeError(f"a worker could not send back {what}: {error}"))])
            return
        except OSError:  # the caller is gone (a broken pipe)
            return
        if failed:
            return
