"""The AKN writer's internal references: a ref to an eId the text has is kept, one to an eId it lacks is
left as plain text with a warning, in document order; the writer keeps no element proxies for it (issue 19,
finding 4: holding one per ref made the garbage collector's work grow faster than the text)."""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from lexcsto.importer import akn_writer
from lexcsto.importer.meta import WorkMeta
from lexcsto.importer.tree import Block, Document, Unit

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
CITE = re.compile(r"Article (\d+)")


def _find_refs(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), f"#art_{m.group(1)}") for m in CITE.finditer(text)]


def test_dangling_internal_refs_become_text_and_warnings_in_document_order() -> None:
    doc = Document(
        title=(Block("Synthetic Treaty", 1, 1),),
        body=(
            Unit(
                "article", num="Article 1", text=(Block("As Article 7 and Article 2 provide.", 3, 3),), line=2
            ),
            Unit("article", num="Article 2", text=(Block("See Article 1 and Article 9.", 5, 5),), line=4),
        ),
    )
    lines = {1: "Synthetic Treaty", 2: "Article 1", 3: "As Article 7 and Article 2 provide.", 4: "Article 2",
             5: "See Article 1 and Article 9."}  # fmt: skip
    meta = WorkMeta.build("/akn/aa-csto/act/treaty/2001-01-01/synthetic", "eng", "2001-01-01", "synthetic")
    root, warnings = akn_writer.build(doc, meta, lambda n: lines.get(n, ""), find_refs=_find_refs,
                                      generated=date(2001, 1, 1))  # fmt: skip
    refs = [(r.get("href"), r.text) for r in root.iter(f"{AKN}ref")]
    assert refs == [("#art_2", "Article 2"), ("#art_1", "Article 1")]
    assert [w for w in warnings if w.startswith("reference")] == [
        "reference 'Article 7' points at #art_7, which this text does not have",
        "reference 'Article 9' points at #art_9, which this text does not have",
    ]
    texts = ["".join(p.itertext()) for p in root.iter(f"{AKN}p")]
    assert "As Article 7 and Article 2 provide." in texts
    assert "See Article 1 and Article 9." in texts
    assert not hasattr(akn_writer._Writer(meta, str, (), None, ""), "refs")
    assert etree.QName(root).localname == "akomaNtoso"
