"""Run every benchmark and write the results as JSON and as a Markdown table.

    python -m benchmarks.run                       # the full suite (the 10,000-instrument scale run included)
    python -m benchmarks.run --quick               # smaller sizes, a couple of minutes
    python -m benchmarks.run --sizes 100,1000 --only load,scale -o /tmp/r.json

Each ``benchmarks/bench_<area>.py`` that exists is imported and its ``run(...)`` called (see
``benchmarks/__init__.py`` for the contract; a result without ``rows`` is read for nested mappings that
carry a ``ratio``). A benchmark that is missing, fails to import, raises, or
returns no ratio is reported as such in the JSON, in the table and in the exit status: never silently.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# The benchmarks issue 7 asks for, in report order; any other bench_*.py found is run after them.
EXPECTED = ("load", "scale", "import", "diff", "nlp", "anchor", "site")
FULL_SIZES = (100, 1000, 10000)
QUICK_SIZES = (100, 1000)
SMOKE_SIZES = (3, 6)
# Keyword arguments for benchmarks whose run() has no quick/smoke switch; a module may instead define
# SMOKE_ARGS / QUICK_ARGS (dicts), which win.
SIZES: dict[str, dict[str, dict[str, Any]]] = {
    "anchor": {
        "smoke": {"annotations": 40, "paragraphs": 4, "repeat": 1, "sample": 3},
        "quick": {"annotations": 500, "repeat": 2, "sample": 10},
    },
}


def discover() -> list[str]:
    found = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    return [*EXPECTED, *(n for n in found if n not in EXPECTED)]


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    from lxml import etree

    cpu, memory, commit = "", 0, ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    with contextlib.suppress(OSError):
        commit = subprocess.run(
            ["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "commit": commit,
    }


def _infer_row(node: dict[str, Any], path: str) -> dict[str, Any]:
    """A row from a mapping with a ``ratio`` but no ``lexcsto``/``baseline``: the baseline is the first
    figure named raw*/baseline*, lexcsto's the figure that gives the stated ratio against it."""
    figures = {k: v for k, v in node.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    out = {"name": node.get("name", path), **node}
    if "lexcsto" in figures and "baseline" in figures:
        return out
    base_key = next((k for k in figures if k.startswith(("raw", "baseline"))), None)
    ratio = figures.get("ratio")
    if base_key is None or not ratio or not figures[base_key]:
        return out
    for key, value in figures.items():
        if key not in (base_key, "ratio") and math.isclose(value / figures[base_key], ratio, rel_tol=0.01):
            unit = next((u for suffix, u in UNITS if key.endswith(suffix)), "")
            out.update(lexcsto=value, baseline=figures[base_key], unit=unit, note=f"{key} vs {base_key}")
            break
    return out


UNITS = (("per_second", "/s"), ("_ms", "ms"), ("mb_s", "MB/s"), ("_s", "s"), ("seconds", "s"))


def _rows_from(result: Any) -> list[dict[str, Any]]:
    """Rows from a benchmark's result: its ``rows``, else any nested mapping that carries a ``ratio``."""
    if isinstance(result, dict) and isinstance(result.get("rows"), list):
        return [r for r in result["rows"] if isinstance(r, dict)]
    found: list[dict[str, Any]] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if "ratio" in node:
                found.append(_infer_row(node, path))
            for key, value in node.items():
                if isinstance(value, dict | list):
                    walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(result, "")
    return found


def run_one(name: str, options: dict[str, Any]) -> dict[str, Any]:
    """Import ``benchmarks.bench_<name>`` and run it; every outcome is recorded, none is dropped."""
    module_name = f"benchmarks.bench_{name}"
    if not (HERE / f"bench_{name}.py").exists():
        return {"status": "missing", "error": f"{module_name} does not exist yet"}
    started = time.perf_counter()
    try:
        module = importlib.import_module(module_name)
        fn = getattr(module, "run", None)
        if not callable(fn):
            return {"status": "error", "error": f"{module_name} has no run() function"}
        params = inspect.signature(fn).parameters
        takes_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
        offered = dict(options)
        mode = "smoke" if options.get("smoke") else "quick" if options.get("quick") else ""
        if mode:  # sizes for a module that has no quick/smoke switch of its own
            offered.update(SIZES.get(name, {}).get(mode, {}))
            offered.update(getattr(module, f"{mode.upper()}_ARGS", {}))
        kwargs = {k: v for k, v in offered.items() if takes_all or k in params}
        with tempfile.TemporaryDirectory(prefix=f"lexcsto-bench-{name}-", dir=options.get("workdir")) as tmp:
            kwargs.update({"workdir": Path(tmp)} if takes_all or "workdir" in params else {})
            result = fn(**kwargs)
    except Exception:  # a failing benchmark is a result to report, not a reason to stop the others
        return {
            "status": "error",
            "seconds": time.perf_counter() - started,
            "error": traceback.format_exc(limit=8),
        }
    seconds = time.perf_counter() - started
    rows = _rows_from(result)
    status = "ok" if rows and all(_has_figures(r) for r in rows) else "no ratios"
    out: dict[str, Any] = {"status": status, "seconds": seconds, "rows": rows}
    if isinstance(result, dict):
        out["result"] = {k: v for k, v in result.items() if k != "rows"}
    if status != "ok":
        out["error"] = "the benchmark returned no row with lexcsto's figure, the baseline and their ratio"
    return out


def _has_figures(r: dict[str, Any]) -> bool:
    return all(isinstance(r.get(k), int | float) for k in ("lexcsto", "baseline", "ratio"))


def run_suite(
    *,
    quick: bool = False,
    smoke: bool = False,
    sizes: Sequence[int] | None = None,
    only: Sequence[str] | None = None,
    seed: int = 0,
    workdir: Path | None = None,
) -> dict[str, Any]:
    chosen_sizes = tuple(sizes or (SMOKE_SIZES if smoke else QUICK_SIZES if quick else FULL_SIZES))
    options = {"quick": quick, "smoke": smoke, "sizes": chosen_sizes, "seed": seed, "workdir": workdir}
    names = list(dict.fromkeys(only)) if only else discover()  # a name asked for is never dropped
    started = machine()
    benchmarks: dict[str, Any] = {}
    for name in names:
        print(f"[benchmarks] {name} ...", file=sys.stderr, flush=True)
        benchmarks[name] = run_one(name, options)
        b = benchmarks[name]
        print(
            f"[benchmarks] {name}: {b['status']} ({b.get('seconds', 0):.1f} s)", file=sys.stderr, flush=True
        )
    mode = "smoke" if smoke else "quick" if quick else "full"
    return {
        "machine": {**started, "load_average_end": [round(x, 2) for x in os.getloadavg()]},
        "mode": mode,
        "sizes": list(chosen_sizes),
        "seed": seed,
        "benchmarks": benchmarks,
    }


# ------------------------------------------------------------------------------------------- the report


def _fmt(x: Any) -> str:
    if not isinstance(x, int | float):
        return str(x)
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Measured {m['date']} ({results['mode']} run, seed {results['seed']}, commit {m['commit'] or '?'}) on "
        f"{m['cpu'] or 'an unknown CPU'}, {m['cores']} cores, {m['memory_gib']} GiB, {m['platform']}, "
        f"{m['implementation']} {m['python']}, lxml {m['lxml']} (libxml2 {m['libxml2']}); "
        f"load average (1, 5, 15 min) at start {m['load_average']}, at end {m.get('load_average_end', '?')}.",
        "",
        "| benchmark | measure | lexcsto | raw baseline | ratio | target | met |",
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    extra: list[str] = []
    for name, b in results["benchmarks"].items():
        if b["status"] != "ok":
            reason = (b.get("error") or "").strip().splitlines()
            lines.append(f"| {name} | **{b['status']}**: {reason[-1] if reason else ''} | | | | | |")
        for r in b.get("rows", []):
            met = {True: "yes", False: "**no**", None: ""}[r.get("met")]
            unit = f" {r['unit']}" if r.get("unit") else ""
            lines.append(
                f"| {name} | {r['name']} | {_fmt(r.get('lexcsto'))}{unit} | {_fmt(r.get('baseline'))}{unit} "
                f"| {_fmt(r.get('ratio'))}x | {r.get('target') or ''} | {met} |"
            )
        md = b.get("result", {}).get("markdown")
        if md:
            extra += ["", f"### {name}", "", md.strip()]
    return "\n".join(lines + extra) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (scale: 100 and 1,000)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks that the suite runs")
    parser.add_argument("--sizes", help="instrument counts for the scale run, e.g. 100,1000,10000")
    parser.add_argument("--only", help="comma-separated benchmark names, e.g. load,scale")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: the system temp folder)")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "results" / "latest.json")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    only = [s.strip() for s in args.only.split(",")] if args.only else None
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    results = run_suite(
        quick=args.quick, smoke=args.smoke, sizes=sizes, only=only, seed=args.seed, workdir=args.workdir
    )
    table = markdown(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(f".{args.output.name}.tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, args.output)
    md_path = args.output.with_suffix(".md")
    md_tmp = md_path.with_name(f".{md_path.name}.tmp")
    md_tmp.write_text(table, encoding="utf-8")
    os.replace(md_tmp, md_path)
    print(table)
    print(f"written: {args.output} and {md_path}", file=sys.stderr)
    failed = [f"{n} ({b['status']})" for n, b in results["benchmarks"].items() if b["status"] != "ok"]
    if failed:
        print(f"not ok: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
