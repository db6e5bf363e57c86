"""The instant command line and the embedded index (issue 13), each against a raw baseline in the same run.

- start-up: CPU of ``lexcsto --help`` and of a warm ``lexcsto show cst/art_4`` (bundled corpus, index
  built) against ``python -c "import lxml.etree"`` (targets: at most 3x and 5x). Every command runs in a
  fresh process with its bytecode cached (``PYTHONPYCACHEPREFIX``), as an installed package has it;
- building the index of a synthetic corpus (1,000 and 10,000 instruments in a full run) against lxml
  parsing the same files, each in a process of its own (target: at most 3x; growth exponent at most 1.1;
  peak memory under 500 MB at 10,000);
- at the largest size, warm ``show``, ``versions`` and ``search`` as whole commands (CPU, under 0.5 s)
  and as queries inside a process whose corpus is open (under 5 ms: measured in a second process, once
  the first has read each work and kept its model in the index; the first one's figures are diagnostics;
  search three times: its MATCH new in the index state, asked a second time, and asked before);
  and, as diagnostics, a warm ``refs``
  (outgoing) as a whole command, and the refresh that tells a warm index is up to date (``refresh_ms``:
  one stat per folder and per file). ``list`` and ``refs --incoming`` still decode every work and are not
  run at this size.

    python -m benchmarks.bench_index --sizes 100,1000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import row, synth
from benchmarks.bench_scale import ARTICLES, VERSIONS, _rss_mb, exponent
from benchmarks.bench_startup import cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
CLI = "import sys; sys.argv[0] = 'lexcsto'; from lexcsto.cli import main; main()"
BASELINE = "import lxml.etree"
QUERY_WORDS = ("obligations", "consultations", "assistance", '"the Parties"', "measur*")


def _env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONPYCACHEPREFIX=str(workdir / "pycache"),
        LEXCSTO_CACHE_DIR=str(workdir / "index-cache"),
    )
    return env


# ------------------------------------------------------------------------------------------ the child


def child(op: str, texts: Path, probes_file: Path | None) -> dict[str, Any]:
    """One operation in this fresh process: ``raw`` (lxml parse), ``build`` (the index) or ``queries``."""
    out: dict[str, Any] = {"op": op, "rss_before_mb": _rss_mb()}
    if op == "raw":
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        start = time.perf_counter()
        files = sorted(texts.rglob("*.xml"))
        for f in files:
            etree.fromstring(f.read_bytes(), parser=parser)
        out["files"] = len(files)
    elif op == "build":
        from lexcsto.corpus.index import Index

        start = time.perf_counter()
        index = Index.open(texts)
        from lexcsto.corpus import workers

        out["workers"] = workers.last_used  # 0: the files were read in this process (another was runnable)
        out["state"] = {k: v for k, v in vars(index.state()).items() if k != "refreshed"}
    elif op == "queries":
        from datetime import date

        from lexcsto.corpus.queries import load_corpus

        probes = json.loads(probes_file.read_text(encoding="utf-8")) if probes_file else []
        start = time.perf_counter()
        corpus = load_corpus(texts, index=True)  # warm: the index exists and is fresh
        out["open_ms"] = (time.perf_counter() - start) * 1000

        def per_query(fn: Any) -> float:
            fn(probes[0])  # the first call decodes the work; the figure is the warm query
            t = time.perf_counter()
            for p in probes:
                fn(p)
            return (time.perf_counter() - t) * 1000 / len(probes)

        out["show_ms"] = per_query(lambda p: corpus.provision(p[0], p[1], as_at=date.fromisoformat(p[2])))
        out["versions_ms"] = per_query(lambda p: corpus.timeline(p[0], p[1]))
        out.update(_search_figures(corpus, probes))
        assert corpus.index is not None  # the synthetic corpus reads cleanly: the index holds it
        out["refresh_ms"] = per_query(lambda p: corpus.index.refresh() if corpus.index else None)
        out["seconds"] = time.perf_counter() - start
        return out
    else:
        raise ValueError(f"unknown operation {op!r} (expected raw, build or queries)")
    out["seconds"] = time.perf_counter() - start
    out["cpu_s"] = _cpu_s()  # this process and its workers (the build reads files in worker processes)
    out["peak_mb"] = _rss_mb()
    import resource

    out["worker_peak_mb"] = (
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    )  # the largest worker
    return out


def _search_figures(corpus: Any, probes: list[list[str]]) -> dict[str, float]:
    """Search per probe (ms, wall): asked for the first time in this index state (``search_new_ms``: its
    MATCH ranked in SQL with the filter, and noted), the second time (``search_second_ms``: its whole
    ranking computed and kept, lexcsto.corpus.rankings), and once asked before (``search_ms``: the kept
    ranking walked). The kept rankings and the walk's expression facts are dropped before each probe of
    the first two (not timed)."""
    from datetime import date

    from lexcsto.corpus import rankings
    from lexcsto.corpus import search as searching

    def forget() -> None:
        cache = rankings._cache(corpus.index)
        if cache is not None:
            cache.execute("DELETE FROM rankings")
        searching._FACTS.clear()

    def ask(p: list[str]) -> float:
        t = time.perf_counter()
        searching.search(corpus, p[3], as_at=date.fromisoformat(p[2]))
        return (time.perf_counter() - t) * 1000

    new = second = 0.0
    for p in probes:
        forget()
        new += ask(p)
        searching._FACTS.clear()
        second += ask(p)
    for p in probes:
        ask(p)
    before = sum(ask(p) for p in probes)
    n = max(1, len(probes))
    return {
        "search_new_ms": new / n,
        "search_second_ms": second / n,
        "search_ms": before / n,
        **_fts5_floor(corpus, [p[3] for p in probes]),
    }


def _fts5_floor(corpus: Any, words: list[str]) -> dict[str, float]:
    """What FTS5 itself costs for the probes' MATCH expressions, per probe (ms, wall), beside the search:
    SQLite walking every match without scoring it (``search_walk_ms``: no query that visits each match,
    however it scores them, can be faster) and BM25 of every match, the best 80 kept, with no filter or
    join (``search_bm25_ms``: what any ranking by FTS5's own ``bm25()`` costs the first time);
    ``search_matches``, the mean number of matches."""
    from lexcsto.corpus.search import SCORING, fts_query

    db = corpus.index.db
    matches = [fts_query(w) for w in words]
    walk = scored = 0.0
    count = 0
    for m in matches:
        t = time.perf_counter()
        row = db.execute(
            "SELECT count(*), sum(rowid) FROM passages_fts WHERE passages_fts MATCH ?", (m,)
        ).fetchone()
        walk += time.perf_counter() - t
        count += int(row[0])
        t = time.perf_counter()
        db.execute(
            f"SELECT rowid, {SCORING} AS s FROM passages_fts WHERE passages_fts MATCH ? ORDER BY s LIMIT 80",
            (m,),
        ).fetchall()
        scored += time.perf_counter() - t
    n = max(1, len(matches))
    return {
        "search_walk_ms": walk * 1000 / n,
        "search_bm25_ms": scored * 1000 / n,
        "search_matches": count / n,
    }


def _cpu_s() -> float:
    import resource

    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _run_child(op: str, texts: Path, env: dict[str, str], probes: Path | None = None) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.bench_index", "--child", op, str(texts), str(probes or "")]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{op} on {texts}: {(done.stderr or done.stdout)[-800:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ------------------------------------------------------------------------------------------ the run


def run(
    quick: bool = False,
    smoke: bool = False,
    sizes: Sequence[int] | None = None,
    workdir: Path | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    chosen = tuple(sizes or ((3, 6) if smoke else (100, 1000) if quick else (1000, 10000)))
    repeat = 1 if smoke else 5
    with tempfile.TemporaryDirectory(prefix="bench-index-", dir=workdir) as tmp:
        scratch = Path(tmp)
        env = _env(scratch)
        rows = _startup(env, repeat)
        per_size: list[dict[str, Any]] = []
        for n in chosen:
            per_size.append(
                _one_size(scratch / f"corpus-{n}", n, env, seed, last=n == chosen[-1], repeat=repeat)
            )
    return _report(rows, per_size)


def _startup(env: dict[str, str], repeat: int) -> list[dict[str, Any]]:
    base = cpu_seconds(BASELINE, [], repeat, env)
    helped = cpu_seconds(CLI, ["--help"], repeat, env)
    shown = cpu_seconds(CLI, ["show", "cst/art_4"], repeat, env)
    return [
        row("lexcsto --help (CPU)", lexcsto=helped, baseline=base, unit="s", target="<= 3", note=BASELINE),
        row(
            "warm lexcsto show cst/art_4 (CPU)",
            lexcsto=shown,
            baseline=base,
            unit="s",
            target="<= 5",
            note=BASELINE,
        ),
    ]


def _one_size(
    folder: Path, n: int, env: dict[str, str], seed: int, last: bool, repeat: int
) -> dict[str, Any]:
    print(f"[index] {n} instruments: generating ...", file=sys.stderr, flush=True)
    made = synth.generate(
        folder, synth.Spec(instruments=n, articles=ARTICLES, versions=VERSIONS, seed=seed, write_source=False)
    )
    entry: dict[str, Any] = {"instruments": n, "files": len(made.files), "mb": made.bytes / 1e6}
    print(f"[index] {n} instruments: raw parse, then the index build ...", file=sys.stderr, flush=True)
    entry["raw"] = _run_child("raw", made.texts, env)
    entry["build"] = _run_child("build", made.texts, env)
    if last:
        rng = random.Random(seed)
        probes = []
        for w in rng.sample(made.works, min(20, len(made.works))):
            when = w.versions[-1].isoformat()
            probes.append([w.short, f"art_{rng.randint(1, ARTICLES)}", when, rng.choice(QUERY_WORDS)])
        probes_file = folder / "probes.json"
        probes_file.write_text(json.dumps(probes), encoding="utf-8")
        # The first process to ask for a work reads it with the reader and keeps its model in the index
        # (lexcsto.corpus.model_store); the figures are those of the next one, with every model kept.
        entry["queries_first"] = _run_child("queries", made.texts, env, probes_file)
        entry["queries"] = _run_child("queries", made.texts, env, probes_file)
        short, eid, when, word = probes[0]
        corpus = ["--corpus", str(made.texts)]
        entry["commands"] = {
            "show": cpu_seconds(CLI, ["show", f"{short}/{eid}", "--as-at", when, *corpus], repeat, env),
            "versions": cpu_seconds(CLI, ["versions", f"{short}/{eid}", *corpus], repeat, env),
            "search": cpu_seconds(CLI, ["search", word, "--as-at", when, "--json", *corpus], repeat, env),
            "refs": cpu_seconds(CLI, ["refs", f"{short}/{eid}", *corpus], repeat, env),
            "baseline": cpu_seconds(BASELINE, [], repeat, env),
        }
    return entry


def _report(rows: list[dict[str, Any]], per_size: list[dict[str, Any]]) -> dict[str, Any]:
    for e in per_size:
        n = e["instruments"]
        rows.append(
            row(
                f"index build, {n:,} instruments",
                lexcsto=e["build"]["seconds"],
                baseline=e["raw"]["seconds"],
                unit="s",
                target="<= 3",
                note=f"{e['files']:,} files, {e['mb']:.1f} MB; peak {e['build']['peak_mb']:.0f} MB; "
                f"{_workers_note(e['build'])}",
            )
        )
        if "cpu_s" in e["build"] and "cpu_s" in e["raw"]:
            rows.append(
                row(
                    f"index build, {n:,} instruments: CPU of every process",
                    lexcsto=e["build"]["cpu_s"],
                    baseline=e["raw"]["cpu_s"],
                    unit="s",
                    note="diagnostic: the build reads files in worker processes; the raw parse is one process",
                )
            )
    if len(per_size) > 1:
        sizes = [e["instruments"] for e in per_size]
        build = exponent(sizes, [e["build"]["seconds"] for e in per_size]) or 0.0
        raw = exponent(sizes, [e["raw"]["seconds"] for e in per_size]) or 1.0
        rows.append(
            row(
                "index build: growth exponent (time)",
                lexcsto=build,
                baseline=raw,
                unit="",
                target="<= 1.1",
                target_of="lexcsto",
            )
        )
    largest = per_size[-1]
    n = largest["instruments"]
    rows.append(
        row(
            f"index build, {n:,} instruments: peak memory",
            lexcsto=largest["build"]["peak_mb"],
            baseline=largest["raw"]["peak_mb"],
            unit="MB",
            target="< 500",
            target_of="lexcsto",
            note="baseline: the raw parse's peak; each of the build's workers peaked at "
            f"{largest['build'].get('worker_peak_mb', 0):.0f} MB at most",
        )
    )
    commands = largest.get("commands", {})
    for name in ("show", "versions", "search", "refs"):
        if name in commands:
            rows.append(
                row(
                    f"warm lexcsto {name}, {n:,} instruments (CPU, whole command)",
                    lexcsto=commands[name],
                    baseline=commands["baseline"],
                    unit="s",
                    target="< 0.5" if name != "refs" else None,
                    target_of="lexcsto",
                    note=BASELINE,
                )
            )
    first = largest.get("queries_first", {})
    for name in ("show", "versions"):
        key = f"{name}_ms"
        if key in first:
            rows.append(
                row(
                    f"{name} query, {n:,} instruments, each work read for the first time (corpus open)",
                    lexcsto=first[key],
                    baseline=first["open_ms"],
                    unit="ms",
                    target_of="lexcsto",
                    note="diagnostic: the reader reads the work, and its model is kept in the index",
                )
            )
    queries = largest.get("queries", {})
    at = f"{n:,} instruments"
    for key, name in (
        ("show_ms", f"show query, {at} (corpus open)"),
        ("versions_ms", f"versions query, {at} (corpus open)"),
        (
            "search_new_ms",
            f"search query, {at}, its MATCH new in this index state: ranked in SQL (corpus open)",
        ),
        (
            "search_second_ms",
            f"search query, {at}, asked a second time: its whole ranking kept (corpus open)",
        ),
        ("search_ms", f"search query, {at}, asked before: a kept ranking walked (corpus open)"),
        ("refresh_ms", f"refresh of the warm index, {at} (nothing changed)"),
        ("search_walk_ms", f"FTS5 walking the probes' matches unscored, {at} (diagnostic floor)"),
        ("search_bm25_ms", f"FTS5 bm25() of every match, best 80, no filter, {at} (diagnostic)"),
    ):
        if key in queries:
            diagnostic = key in ("refresh_ms", "search_walk_ms", "search_bm25_ms")
            rows.append(
                row(
                    name,
                    lexcsto=queries[key],
                    baseline=queries["open_ms"],
                    unit="ms",
                    target=None if diagnostic else "< 5",
                    target_of="lexcsto",
                    note="baseline: opening the warm index"
                    + (
                        f"; {queries['search_matches']:,.0f} matches a probe"
                        if key.startswith("search_")
                        else ""
                    ),
                )
            )
    return {"rows": rows, "figures": {"sizes": per_size}}


def _workers_note(build: dict[str, Any]) -> str:
    """Whether the build's files were read by workers: a figure with them and one without differ by
    about the cores (lexcsto.corpus.workers starts none while another process is runnable)."""
    if "workers" not in build:
        return "workers not recorded"
    count = int(build["workers"])
    return f"{count} workers" if count else "no workers (read in the build's process)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3, metavar=("OP", "TEXTS", "PROBES"))
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.child:
        op, texts, probes = args.child
        print(json.dumps(child(op, Path(texts), Path(probes) if probes else None)))
        return 0
    result = run(quick=args.quick, sizes=[int(s) for s in args.sizes.split(",")])
    for r in result["rows"]:
        print(
            f"{r['name']}: {r['lexcsto']:.4g} {r['unit']} vs {r['baseline']:.4g} -> {r['ratio']:.2f}x {r['met']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
