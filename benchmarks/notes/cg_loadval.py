"""For callgrind: warm up (imports, the schema, one call), then ``N`` calls of one side of bench_load.

    valgrind --tool=callgrind python benchmarks/notes/cg_loadval.py FOLDER WHAT N

With CALLGRIND_CONTROL=callgrind_control and --instr-atstart=no, only the N calls are counted; else run
with N=0 and N=k: the difference of the two totals over k is one call's instructions. Workers off.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lexcsto.corpus.workers as workers

workers.workers = lambda: 0

import lexcsto  # noqa: E402
from benchmarks.bench_load import raw_parse_validate, raw_schema  # noqa: E402
from lexcsto.corpus.akn import strict_schema  # noqa: E402
from lexcsto.corpus.queries import load_corpus  # noqa: E402
from lexcsto.corpus.reader import expression_files  # noqa: E402

folder, what, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
files = expression_files(folder)
schema = raw_schema()
strict_schema()
side = {
    "raw": lambda: raw_parse_validate(files, schema),
    "onepass": lambda: load_corpus(folder, validate=True),
    "load": lambda: load_corpus(folder, index=False),
    "validate": lambda: lexcsto.validate([folder]),
}[what]
side()
# Instrumentation on for the calls measured only (run under --instr-atstart=no): callgrind_control asks
# the running valgrind through vgdb.
control = os.environ.get("CALLGRIND_CONTROL")
if control:
    subprocess.run([control, "-i", "on", str(os.getpid())], check=True, capture_output=True)
for _ in range(n):
    side()
if control:
    subprocess.run([control, "-i", "off", str(os.getpid())], check=True, capture_output=True)
