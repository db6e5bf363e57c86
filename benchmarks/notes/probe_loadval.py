"""CPU time (getrusage, this process only: workers switched off) of bench_load's sides on one folder.

    python benchmarks/notes/probe_loadval.py FOLDER [what ...]

``what``: raw (parse + XSD), parse, onepass, load, validate (default: all). Each is run once as a warm-up
(imports, the schema), then ``REPEAT`` times; the best CPU seconds are printed, and the ratio of raw to
each. Run old and new code alternately (PYTHONPATH) to compare.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

import lexcsto.corpus.workers as workers

workers.workers = lambda: 0  # one process: CPU time of this process is all of it

import lexcsto  # noqa: E402
from benchmarks.bench_load import raw_parse, raw_parse_validate, raw_schema  # noqa: E402
from lexcsto.corpus.akn import strict_schema  # noqa: E402
from lexcsto.corpus.queries import load_corpus  # noqa: E402
from lexcsto.corpus.reader import expression_files  # noqa: E402

REPEAT = int(os.environ.get("REPEAT", "3"))


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def best(fn) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(REPEAT):
        t = cpu()
        fn()
        times.append(cpu() - t)
    return min(times)


def main() -> None:
    folder = Path(sys.argv[1])
    what = sys.argv[2:] or ["raw", "parse", "onepass", "load", "validate"]
    files = expression_files(folder)
    schema = raw_schema()
    strict_schema()
    out = {}
    sides = {
        "raw": lambda: raw_parse_validate(files, schema),
        "parse": lambda: raw_parse(files),
        "onepass": lambda: load_corpus(folder, validate=True),
        "load": lambda: load_corpus(folder, index=False),
        "validate": lambda: lexcsto.validate([folder]),
    }
    for w in what:
        out[w] = best(sides[w])
    line = " ".join(f"{w}={s:.3f}s" for w, s in out.items())
    if "raw" in out:
        line += " | " + " ".join(f"{w}/raw={out['raw'] / s:.3f}x" for w, s in out.items() if w != "raw")
        if "load" in out and "validate" in out:
            line += f" two={out['raw'] / (out['load'] + out['validate']):.3f}x"
    print(len(files), "files:", line)


if __name__ == "__main__":
    main()
