"""Import throughput: a generated plain-text treaty of about 1 MB to AKN with ``lexcsto.importer``, against
lxml parsing and serialising the AKN it produced (the raw baseline, measured in the same run).

The import does everything ``lexcsto import`` does (encoding detection, the cleaning steps, structure,
eIds, provenance with lx:clean derivation, strict-schema validation), except cross-reference marking,
which is measured in a row of its own because it runs the NLP reference finder over every paragraph.
Throughputs are MB of input text per second for the import and MB of XML per second for the baseline;
the ratio says how far a pure-Python reader of printed structure is from a C parser of finished markup.

    python -m benchmarks.bench_import          # prints the figures as JSON
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from benchmarks import row, synth, timed

WORK = "/akn/aa-csto/act/treaty/2001-01-01/synthetic-benchmark"
BYTES_PER_ARTICLE = 446  # of synth.plain_treaty("eng", n): measured, used only to pick n


def treaty(size_mb: float, seed: int = 0) -> str:
    """A synthetic plain-text treaty of about ``size_mb`` megabytes (title, preamble, articles, items)."""
    articles = max(3, round(size_mb * 1_000_000 / BYTES_PER_ARTICLE))
    return synth.plain_treaty("eng", articles, seed=seed)


def run(
    size_mb: float = 1.0,
    *,
    smoke: bool = False,
    quick: bool = False,
    workdir: Path | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Time the import of a generated ``size_mb`` treaty and the lxml baseline; return the figures."""
    from lexcsto.importer import ImportOptions, import_file

    if smoke:
        size_mb = min(size_mb, 0.02)
    repeat = 1 if smoke else (2 if quick else 3)
    folder = workdir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    path = folder / "treaty.txt"
    text = treaty(size_mb, seed)
    path.write_text(text, encoding="utf-8")
    in_mb = path.stat().st_size / 1_000_000
    options = ImportOptions(WORK, "eng", "2001-01-01", "synthetic", refs=False, generated=date(2001, 1, 1))
    import_file(path, options)  # warm up: schema compile, pattern tables, imports

    seconds, result = timed(lambda: import_file(path, options), repeat)
    xml = result.xml
    out_mb = len(xml) / 1_000_000
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

    def baseline() -> bytes:
        data: bytes = etree.tostring(etree.fromstring(xml, parser=parser), encoding="UTF-8")
        return data

    base_seconds, _ = timed(baseline, max(repeat, 5))
    with_refs = ImportOptions(WORK, "eng", "2001-01-01", "synthetic", refs=True, generated=date(2001, 1, 1))
    import_file(path, with_refs)  # warm up the reference finder and the corpus it resolves against
    refs_seconds, refs_result = timed(lambda: import_file(path, with_refs), 1 if smoke else repeat)

    stages = _stages(path, options)
    counts = result.summary()["counts"]
    rows = [
        row(
            f"import {in_mb:.2f} MB treaty (text -> AKN, validated) vs lxml parse+serialise of its AKN",
            lexcsto=in_mb / seconds,
            baseline=out_mb / base_seconds,
            unit="MB/s",
            note=f"{counts['articles']} articles, {counts['paragraphs']} paragraphs, {counts['items']} items",
        ),
        row(
            "import with cross-references marked (--refs) vs lxml parse+serialise",
            lexcsto=in_mb / refs_seconds,
            baseline=out_mb / base_seconds,
            unit="MB/s",
            note=f"{refs_result.summary()['refs']} references marked",
        ),
    ]
    return {
        "rows": rows,
        "figures": {
            "input_bytes": path.stat().st_size,
            "output_bytes": len(xml),
            "import_seconds": seconds,
            "import_with_refs_seconds": refs_seconds,
            "baseline_seconds": base_seconds,
            "import_mb_per_s": in_mb / seconds,
            "baseline_mb_per_s": out_mb / base_seconds,
            "ratio": (in_mb / seconds) / (out_mb / base_seconds),
            "stages_seconds": stages,
            "counts": counts,
        },
    }


def _stages(path: Path, options: Any) -> dict[str, float]:
    """Seconds per pipeline step, one run each: where the time goes."""
    from lexcsto.importer import akn_writer, clean, detect, structure
    from lexcsto.importer.meta import WorkMeta

    meta = WorkMeta.build(options.work, options.language, options.version, options.source)
    out: dict[str, float] = {}
    start = time.perf_counter()
    source = detect.read_source(path)
    lines = detect.text_lines(source)
    out["read"] = time.perf_counter() - start
    start = time.perf_counter()
    cleaned, fixes = clean.run(lines, frozenset())
    out["clean"] = time.perf_counter() - start
    start = time.perf_counter()
    doc = structure.recognise(cleaned, "eng", str(path))
    out["structure"] = time.perf_counter() - start
    start = time.perf_counter()
    root, _ = akn_writer.build(
        doc, meta, lambda n: source.lines[n - 1], fixes=fixes, generated=date(2001, 1, 1)
    )
    out["write"] = time.perf_counter() - start
    from lexcsto.corpus.akn import schema_errors

    start = time.perf_counter()
    schema_errors(root)
    out["validate"] = time.perf_counter() - start
    return out


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
