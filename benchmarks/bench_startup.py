"""Start-up of the command line and of the library: CPU of a fresh process against starting Python with lxml.

Target (issue 13): ``lexcsto --help`` at most 3x the CPU of ``python -c "import lxml.etree"``, both measured
here, in the same run, as user + system time of the child process (``resource.getrusage(RUSAGE_CHILDREN)``:
CPU, not wall time, so that the other processes of a shared machine count less). Each figure is the median
of ``repeat`` runs after one warm-up run (which writes the bytecode caches).

Also, as diagnostics: ``lexcsto --version``, ``lexcsto show --help`` (a subcommand: its parameters go
through Typer's coercion, which in Typer 0.29 imported pydantic) and ``import lexcsto``.

Target (issue 13): a warm ``lexcsto show cst/art_4`` at most 5x the same baseline: the bundled corpus's index
is built by the warm-up run (in a cache folder of this run's own), and every measured run answers from it.
Beside it, as diagnostics, warm ``versions cst/art_4``, ``refs cst/art_4`` and ``search "armed attack"``.
``bench_index`` measures the same commands at 10,000 instruments.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import row

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "import lxml.etree"
CLI = "import sys; from lexcsto.cli import main; sys.argv[0] = 'lexcsto'; main()"


def cpu_seconds(code: str, args: Sequence[str], repeat: int, env: dict[str, str] | None = None) -> float:
    """Median CPU (user + system) of ``python -c code args...`` in a fresh process, after one warm-up run
    (which writes the bytecode caches, and builds the index where a command uses one); ``env`` defaults to
    this process's environment with the checkout on the path and bytecode written."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(ROOT)
    times: list[float] = []
    for i in range(repeat + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, check=False
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"{code} {' '.join(args)}: {done.stderr.decode()[-500:]}")
        if i:
            times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


WARM = {
    "warm lexcsto show cst/art_4": ["show", "cst/art_4"],
    "warm lexcsto versions cst/art_4": ["versions", "cst/art_4"],
    "warm lexcsto refs cst/art_4": ["refs", "cst/art_4"],
    "warm lexcsto search 'armed attack'": ["search", "armed attack"],
}


def run(quick: bool = False, smoke: bool = False) -> dict[str, Any]:
    repeat = 2 if smoke else 5 if quick else 11
    base = cpu_seconds(BASELINE, [], repeat)
    figures = {
        "python -c 'import lxml.etree'": base,
        "lexcsto --help": cpu_seconds(CLI, ["--help"], repeat),
        "lexcsto --version": cpu_seconds(CLI, ["--version"], repeat),
        "lexcsto show --help": cpu_seconds(CLI, ["show", "--help"], repeat),
        "import lexcsto": cpu_seconds("import lexcsto", [], repeat),
        "python -c pass": cpu_seconds("pass", [], repeat),
    }
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT), LEXCSTO_CACHE_DIR=cache)
        for name, args in WARM.items():
            figures[name] = cpu_seconds(CLI, args, repeat, env)
    note = f"CPU of a fresh process, median of {repeat}; baseline python -c 'import lxml.etree'"
    rows = [
        row(
            "lexcsto --help (CPU)",
            lexcsto=figures["lexcsto --help"],
            baseline=base,
            unit="s",
            target="<= 3",
            note=note,
        ),
        row(
            "lexcsto --version (CPU)",
            lexcsto=figures["lexcsto --version"],
            baseline=base,
            unit="s",
            note=note,
        ),
        row(
            "lexcsto show --help (CPU)",
            lexcsto=figures["lexcsto show --help"],
            baseline=base,
            unit="s",
            note=note,
        ),
        row("import lexcsto (CPU)", lexcsto=figures["import lexcsto"], baseline=base, unit="s", note=note),
    ]
    for name in WARM:
        target = "<= 5" if name == "warm lexcsto show cst/art_4" else None
        rows.append(
            row(f"{name} (CPU)", lexcsto=figures[name], baseline=base, unit="s", target=target, note=note)
        )
    return {"rows": rows, "figures": figures}
