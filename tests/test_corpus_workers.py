"""lexcsto.corpus.workers: results in order, an error raised in its place, and a map left early (an error
stopping a refresh) ends its workers at once, every time (multiprocessing.Pool's terminate once hung)."""

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# In a child of its own: the suite runs threads, and workers are never forked from a process with threads.
_EARLY = """
import functools, multiprocessing, os, sys, time
from lexcsto.corpus import workers

workers.workers = lambda: 2

def big(i):
    if i == 333:
        raise ValueError(i)
    return i.to_bytes(4, "big") * 50_000  # 200 kB: a worker holds its pipe a while to send it

assert list(workers.ordered_map(big, range(300))) == [big(i) for i in range(300)]
got = []
try:
    for x in workers.ordered_map(big, range(1000)):
        got.append(x)
except ValueError as error:
    assert error.args == (333,)
assert got == [big(i) for i in range(333)]
def uneven(i, end):  # the first worker's chunks slow: the second runs ahead, its answers kept for their turn
    if (i // workers.CHUNK) % 2 == 0:
        time.sleep(0.001)
    if i == 790:  # in chunk 49, the second worker's
        end()
    return i

def fail():
    raise ValueError(790)

assert list(workers.ordered_map(functools.partial(uneven, end=fail), range(700))) == list(range(700))
# an error: the items before it, its own chunk's too; a worker gone: every chunk before its own
for end, said, before in (
    (fail, "ValueError 790", 790),
    (lambda: os._exit(3), "RuntimeError a worker process ended without answering (exit code 3", 784),
):
    got = []
    try:
        for x in workers.ordered_map(functools.partial(uneven, end=end), range(1000)):
            got.append(x)
    except (ValueError, RuntimeError) as error:
        assert f"{type(error).__name__} {error}".startswith(said), error
    else:
        raise AssertionError("no error")
    assert got == list(range(before)), len(got)  # in order, though the second worker ran ahead
    assert not multiprocessing.active_children()
for run in range(60):  # left early, at a different point each time, while workers send
    mapped = workers.ordered_map(big, range(400))
    for k, _ in enumerate(mapped):
        if k == run % 30:
            break
    mapped.close()
    assert not multiprocessing.active_children()  # every worker reaped
print("ok")
"""


def test_a_map_left_early_ends_its_workers() -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here: the caller maps the items itself")
    done = subprocess.run(
        [sys.executable, "-c", _EARLY], capture_output=True, check=True, cwd=ROOT, timeout=300, text=True
    )
    assert done.stdout.strip() == "ok"


_UNSENDABLE = """
import threading
from lexcsto.corpus import workers

workers.workers = lambda: 2

class Unpicklable(Exception):
    def __init__(self):
        super().__init__("unpicklable")
        self.lock = threading.Lock()

def lock_at(i):
    if i == 250:
        return threading.Lock()
    return i

def raise_at(i):
    if i == 250:
        raise Unpicklable()
    return i

for fn, said in ((lock_at, "a result"), (raise_at, "the error Unpicklable")):
    try:
        list(workers.ordered_map(fn, range(400)))
    except RuntimeError as error:
        assert "could not send back " + said in str(error), error
    else:
        raise AssertionError("no error")
print("ok")
"""


def test_what_a_worker_cannot_send_back_is_named() -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here: the caller maps the items itself")
    done = subprocess.run(
        [sys.executable, "-c", _UNSENDABLE], capture_output=True, check=True, cwd=ROOT, timeout=300, text=True
    )
    assert done.stdout.strip() == "ok"
