"""lexcsto's benchmark suite: every hot path measured against its raw baseline, in the same run.

Run it with ``python -m benchmarks.run`` (see ``benchmarks/run.py``). Each ``benchmarks/bench_<area>.py``
exposes ``run(...) -> dict``. The runner passes only the keyword arguments that ``run`` accepts, from:

- ``quick: bool``: a smaller, faster run (``--quick``);
- ``smoke: bool``: tiny sizes, for the smoke test (the whole suite in well under a minute);
- ``sizes: tuple[int, ...]``: instrument counts for scale runs (``--sizes``);
- ``workdir: pathlib.Path``: a scratch folder of its own, deleted afterwards;
- ``seed: int``: for every random choice.

The dict it returns holds ``"rows"``: one :func:`row` per comparison, each with lexcsto's figure, the raw
baseline measured in the same run, and their ratio. It may add ``"figures"`` (anything else worth keeping in
the JSON) and ``"markdown"`` (an extra table for the report).

>>> r = row("parse", lexcsto=40.0, baseline=80.0, unit="MB/s", target=">= 0.5")
>>> r["ratio"], r["met"]
(0.5, True)
>>> row("diff", lexcsto=3.0, baseline=1.0, unit="ms", target="<= 2")["met"]
False
>>> row("as at", lexcsto=0.02, baseline=0.001, unit="ms", target="< 1", target_of="lexcsto")["met"]
True
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def row(
    name: str,
    *,
    lexcsto: float,
    baseline: float,
    unit: str,
    target: str | None = None,
    target_of: str = "ratio",
    note: str = "",
) -> dict[str, Any]:
    """One comparison. ``ratio`` is lexcsto's figure over the baseline's, in ``unit``; ``target`` is
    ``">= x"`` (throughputs: higher is better) or ``"<= x"`` (times: lower is better), and applies to the
    ratio, or with ``target_of="lexcsto"`` to lexcsto's own figure (an absolute bound such as "< 1 ms")."""
    ratio = lexcsto / baseline if baseline else float("inf")
    met: bool | None = None
    if target:
        op, _, bound = target.partition(" ")
        value = lexcsto if target_of == "lexcsto" else ratio
        met = {">=": value >= float(bound), "<=": value <= float(bound), "<": value < float(bound)}[op]
    return {
        "name": name,
        "unit": unit,
        "lexcsto": lexcsto,
        "baseline": baseline,
        "ratio": ratio,
        "target": target if target_of == "ratio" or not target else f"lexcsto {target} {unit}".strip(),
        "met": met,
        "note": note,
    }


def timed(fn: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    """The median wall time of ``repeat`` calls (after a garbage collection each), and the last result."""
    times: list[float] = []
    result: T
    for _ in range(max(1, repeat)):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
