"""Scale: the same operations on synthetic corpora of 100, 1,000 and 10,000 instruments.

For each size the corpus is generated once (``benchmarks/synth.py``; 6 articles, 2 versions, English and
Russian: 4 files per instrument), then every operation runs in a fresh Python process of its own, so that
its peak memory (``VmHWM``, the peak resident size) is its own and nothing is cached between operations:

- ``raw_parse`` / ``raw_parse_xsd`` / ``raw_keep``: the raw baselines (lxml parse; parse + strict XSD; parse
  and keep every tree in memory, the raw cost of holding the corpus);
- ``load``: ``load_corpus(texts, index=False)``, then queries on the loaded corpus: as at a date (``expression_at``),
  a provision as at a date, backlinks (``incoming``) and relations, each against a raw baseline (a dict of
  sorted version dates + ``bisect``; a dict of provisions by eId) in the same process;
- ``validate``: ``lexcsto.validate([texts])``.

Growth exponents come from a least-squares fit of log(time) on log(instruments). Targets (issue 7):
exponent <= 1.15, a 10,000-instrument corpus loads in under 2 GB, as-at queries under 1 ms each.
Each child runs under an address-space limit, so a runaway operation fails on its own instead of
exhausting the machine.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks import row, synth

ROOT = Path(__file__).resolve().parent.parent
OPS = ("raw_parse", "raw_parse_xsd", "raw_keep", "load", "validate")
ARTICLES, VERSIONS = 6, 2
MEMORY_TARGET_MB = 2048
AS_AT_TARGET_MS = 1.0
EXPONENT_TARGET = 1.15


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    ``VmHWM`` rather than ``ru_maxrss``: after fork + exec, Linux reports in ``ru_maxrss`` the parent's
    resident size at the fork when it is larger, so a child would inherit the runner's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _limit_memory() -> None:
    """Cap the child's address space at 3/4 of the machine (at most 16 GiB)."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cap = min(16 * 2**30, total * 3 // 4)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


# ------------------------------------------------------------------------------------------ the child


def _per_query_ms(fn: Any, queries: Sequence[Any]) -> float:
    start = time.perf_counter()
    for q in queries:
        fn(q)
    return (time.perf_counter() - start) * 1000 / max(1, len(queries))


def child(op: str, texts: Path, queries_file: Path) -> dict[str, Any]:
    from lxml import etree

    files = sorted(texts.rglob("*.xml"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    out: dict[str, Any] = {"op": op, "files": len(files)}
    if op in ("raw_parse_xsd", "validate"):
        from lexcsto.corpus.akn import strict_schema

        strict_schema()  # compiled before the clock starts, on both sides
    import lexcsto

    out["rss_before_mb"] = _rss_mb()
    start = time.perf_counter()
    if op == "raw_parse":
        for f in files:
            etree.fromstring(f.read_bytes(), parser=parser)
    elif op == "raw_keep":
        kept = [etree.fromstring(f.read_bytes(), parser=parser) for f in files]
        out["kept"] = len(kept)
    elif op == "raw_parse_xsd":
        from lexcsto.corpus.akn import strict_schema

        schema = strict_schema()
        out["valid"] = sum(schema.validate(etree.fromstring(f.read_bytes(), parser=parser)) for f in files)
    elif op == "validate":
        out["problems"] = len(lexcsto.validate([texts]))
    elif op == "load":
        from lexcsto.corpus.queries import load_corpus

        corpus = load_corpus(texts, index=False)  # every file into memory (bench_index measures the index)
        out["seconds"] = time.perf_counter() - start
        out["peak_mb"] = _rss_mb()
        out["works"] = len(corpus.works)
        out.update(_queries(corpus, files, json.loads(queries_file.read_text(encoding="utf-8"))))
        out["peak_after_queries_mb"] = _rss_mb()
        return out
    else:
        raise ValueError(f"unknown operation {op!r} (expected one of {OPS})")
    out["seconds"] = time.perf_counter() - start
    out["peak_mb"] = _rss_mb()
    return out


def _queries(corpus: Any, files: list[Path], queries: list[list[str]]) -> dict[str, Any]:
    """Per-query milliseconds: lexcsto's queries and their raw baselines, on the same query list."""
    asked = [(short, date.fromisoformat(day), lang, eid) for short, day, lang, eid in queries]
    # Raw as-at baseline: version dates per (work folder, language) from the file names, then bisect.
    versions: dict[tuple[str, str], list[date]] = {}
    for f in files:
        lang, _, rest = f.name.partition("@")
        versions.setdefault((f.parent.name, lang), []).append(date.fromisoformat(rest[:10]))
    for dates in versions.values():
        dates.sort()

    def raw_as_at(q: tuple[str, date, str, str]) -> date:
        dates = versions[(q[0], q[2])]
        return dates[bisect.bisect_right(dates, q[1]) - 1]

    found = [corpus.expression_at(s, d, language=lang).date for s, d, lang, _ in asked]
    if found != [raw_as_at(q) for q in asked]:
        raise RuntimeError("lexcsto's as-at answers differ from the raw baseline's")
    by_key = {(w.short, e.language, e.date): e for w in corpus.works for e in w.expressions}
    provisions = {k: {p.eid: p for p in e.walk()} for k, e in by_key.items()}
    out: dict[str, Any] = {"queries": len(asked)}
    out["as_at_ms"] = _per_query_ms(lambda q: corpus.expression_at(q[0], q[1], language=q[2]), asked)
    out["raw_as_at_ms"] = _per_query_ms(raw_as_at, asked)
    out["provision_ms"] = _per_query_ms(
        lambda q: corpus.provision(q[0], q[3], as_at=q[1], language=q[2]), asked
    )
    out["raw_provision_ms"] = _per_query_ms(lambda q: provisions[(q[0], q[2], raw_as_at(q))][q[3]], asked)
    few = asked[: max(1, len(asked) // 10)]
    start = time.perf_counter()
    corpus.incoming(few[0][0], "art_1")  # the first call builds the backlink table
    out["incoming_first_ms"] = (time.perf_counter() - start) * 1000
    out["incoming_ms"] = _per_query_ms(lambda q: corpus.incoming(q[0], q[3]), few)
    out["relations_ms"] = _per_query_ms(lambda q: corpus.relations(q[0]), few)
    # Raw backlinks baseline: every ref of the model filed under (target work, target eId) once.
    refs_by_target: dict[tuple[str, str], list[str]] = {}
    for w in corpus.works:
        for e in w.expressions:
            for p in e.walk():
                for i in p.inlines:
                    if i.kind == "ref":
                        target, _, eid = i.target.partition("/!main~")
                        key = (w.uri, i.target[1:]) if i.target.startswith("#") else (target, eid)
                        refs_by_target.setdefault(key, []).append(p.eid)
    uris = {w.short: w.uri for w in corpus.works}
    out["raw_incoming_ms"] = _per_query_ms(lambda q: refs_by_target.get((uris[q[0]], q[3]), []), few)
    return out


# ------------------------------------------------------------------------------------------ the parent


def _queries_for(corpus: synth.SynthCorpus, count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        w = rng.choice(corpus.works)
        span = (w.versions[-1] - w.signed).days + 730
        day = w.signed + timedelta(days=rng.randrange(span))
        out.append(
            [w.short, day.isoformat(), rng.choice(corpus.spec.languages), f"art_{rng.randint(3, ARTICLES)}"]
        )
    return out


def _run_child(op: str, texts: Path, queries: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.bench_scale", "--child", op, str(texts), str(queries)]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"op": op, "error": " / ".join(tail), "wall_s": time.perf_counter() - started}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def exponent(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Slope of the least-squares line through (log x, log y): y grows like x ** slope."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None


def run(
    quick: bool = False,
    smoke: bool = False,
    sizes: Sequence[int] = (100, 1000, 10000),
    workdir: Path | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    query_count = 50 if smoke else 2000
    per_size: list[dict[str, Any]] = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"scale-{n}-", dir=workdir) as tmp:
            per_size.append(_one_size(Path(tmp) / "corpus", n, query_count, seed))
    return report(per_size)


def _one_size(folder: Path, n: int, query_count: int, seed: int) -> dict[str, Any]:
    started = time.perf_counter()
    corpus = synth.generate(
        folder, synth.Spec(instruments=n, articles=ARTICLES, versions=VERSIONS, seed=seed, write_source=False)
    )
    entry: dict[str, Any] = {
        "instruments": n,
        "files": len(corpus.files),
        "mb": corpus.bytes / 1e6,
        "words": corpus.words,
        "generate_s": time.perf_counter() - started,
        "ops": {},
    }
    queries = folder / "queries.json"
    queries.write_text(json.dumps(_queries_for(corpus, query_count, seed)), encoding="utf-8")
    for op in OPS:
        print(f"[scale] {n} instruments: {op} ...", file=sys.stderr, flush=True)
        entry["ops"][op] = _run_child(op, corpus.texts, queries)
    return entry


def report(per_size: list[dict[str, Any]]) -> dict[str, Any]:
    def fig(entry: dict[str, Any], op: str, key: str) -> float:
        value = entry["ops"][op].get(key)
        return float(value) if isinstance(value, int | float) else float("nan")

    sizes = [e["instruments"] for e in per_size]
    exps = {
        op: exponent(sizes, [fig(e, op, "seconds") for e in per_size])
        for op in OPS
        if all(not math.isnan(fig(e, op, "seconds")) for e in per_size)
    }
    mem_exps: dict[str, float | None] = {
        op: exponent(sizes, [fig(e, op, "peak_mb") - fig(e, op, "rss_before_mb") for e in per_size])
        for op in ("raw_keep", "load", "validate")
        if op in exps
    }
    largest = per_size[-1]
    n = largest["instruments"]
    rows: list[dict[str, Any]] = []
    errors = {
        f"{e['instruments']}/{op}": r["error"] for e in per_size for op, r in e["ops"].items() if "error" in r
    }
    if len(sizes) > 1:
        for op, base in (("load", "raw_parse"), ("validate", "raw_parse_xsd")):
            if exps.get(op) is not None and exps.get(base) is not None:
                rows.append(
                    row(
                        f"{op}: growth exponent of time, {sizes[0]:,}-{n:,} instruments",
                        lexcsto=exps[op] or 0.0,
                        baseline=exps[base] or 0.0,
                        unit="",
                        target=f"<= {EXPONENT_TARGET}",
                        target_of="lexcsto",
                        note=f"baseline: {base}",
                    )
                )
    for op, base in (("load", "raw_parse"), ("validate", "raw_parse_xsd")):
        if "seconds" in largest["ops"][op] and "seconds" in largest["ops"][base]:
            rows.append(
                row(
                    f"{op}: time at {n:,} instruments ({largest['mb']:.1f} MB)",
                    lexcsto=fig(largest, op, "seconds"),
                    baseline=fig(largest, base, "seconds"),
                    unit="s",
                    note=f"baseline: {base}",
                )
            )
    if "peak_mb" in largest["ops"]["load"] and "peak_mb" in largest["ops"]["raw_keep"]:
        rows.append(
            row(
                f"load: peak memory at {n:,} instruments",
                lexcsto=fig(largest, "load", "peak_mb"),
                baseline=fig(largest, "raw_keep", "peak_mb"),
                unit="MB",
                target=f"< {MEMORY_TARGET_MB}",
                target_of="lexcsto",
                note="whole-process peak RSS; baseline: every lxml tree kept"
                + ("" if n >= 10000 else " (the 2 GB target is for 10,000 instruments)"),
            )
        )
    load = largest["ops"]["load"]
    for key, label, target in (
        ("as_at", "as-at query (expression_at)", f"< {AS_AT_TARGET_MS}"),
        ("provision", "provision as at a date", f"< {AS_AT_TARGET_MS}"),
        ("incoming", "backlinks (incoming) query", None),
    ):
        if f"{key}_ms" in load:
            rows.append(
                row(
                    f"{label} at {n:,} instruments, per query",
                    lexcsto=load[f"{key}_ms"],
                    baseline=load[f"raw_{key}_ms"],
                    unit="ms",
                    target=target,
                    target_of="lexcsto",
                    note="baseline: dict + bisect" if key != "incoming" else "baseline: dict by target",
                )
            )
    return {
        "rows": rows,
        "figures": {
            "sizes": per_size,
            "time_exponents": exps,
            "memory_exponents": mem_exps,
            "errors": errors,
        },
        "markdown": _table(per_size, exps, mem_exps, errors),
    }


def _table(
    per_size: list[dict[str, Any]],
    exps: dict[str, float | None],
    mem_exps: dict[str, float | None],
    errors: dict[str, str],
) -> str:
    def cell(r: dict[str, Any], key: str, fmt: str) -> str:
        v = r.get(key)
        return format(v, fmt) if isinstance(v, int | float) else "failed" if "error" in r else ""

    head = "| instruments | files | MB | " + " | ".join(f"{op} s / peak MB" for op in OPS) + " |"
    lines = [head, "| " + " | ".join(["---:"] * (3 + len(OPS))) + " |"]
    for e in per_size:
        cells = [
            f"{cell(e['ops'][op], 'seconds', '.2f')} / {cell(e['ops'][op], 'peak_mb', '.0f')}" for op in OPS
        ]
        lines.append(f"| {e['instruments']:,} | {e['files']:,} | {e['mb']:.1f} | " + " | ".join(cells) + " |")

    def fmt(x: float | None) -> str:
        return f"{x:.2f}" if isinstance(x, float) else "n/a"

    lines.append("| growth exponent (time) | | | " + " | ".join(fmt(exps.get(op)) for op in OPS) + " |")
    lines.append(
        "| growth exponent (memory above start) | | | "
        + " | ".join(fmt(mem_exps.get(op)) for op in OPS)
        + " |"
    )
    q = [
        "",
        "| instruments | as-at ms (raw) | provision ms (raw) | incoming ms (raw) | first incoming ms | relations ms |",
    ]
    q.append("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for e in per_size:
        r = e["ops"]["load"]
        q.append(
            f"| {e['instruments']:,} | {cell(r, 'as_at_ms', '.4f')} ({cell(r, 'raw_as_at_ms', '.4f')}) "
            f"| {cell(r, 'provision_ms', '.4f')} ({cell(r, 'raw_provision_ms', '.4f')}) "
            f"| {cell(r, 'incoming_ms', '.3f')} ({cell(r, 'raw_incoming_ms', '.4f')}) "
            f"| {cell(r, 'incoming_first_ms', '.1f')} | {cell(r, 'relations_ms', '.3f')} |"
        )
    errs = [f"- {k}: {v}" for k, v in errors.items()]
    return "\n".join(lines + q + (["", *errs] if errs else []))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="one scale operation in a process of its own")
    parser.add_argument("--child", required=True, choices=OPS)
    parser.add_argument("texts", type=Path)
    parser.add_argument("queries", type=Path)
    args = parser.parse_args(argv)
    _limit_memory()
    print(json.dumps(child(args.child, args.texts, args.queries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
