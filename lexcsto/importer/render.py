"""A :class:`~lexcsto.importer.tree.Document` as plain text that the importer reads back to the same
structure: the second half of the round trip AKN -> plain text -> AKN.

Every block is a paragraph of its own, separated by blank lines; a keyword unit's number ("Article 4") is
on its own line with the heading on the next; an item's number starts the line of its first block.

>>> from lexcsto.importer.tree import Block, Unit
>>> art = Unit("article", "Article 1", Block("Purposes", 1, 1), (Block("The Parties shall:", 2, 2),),
...            (Unit("point", "a)", None, (Block("consult.", 3, 3),)),))
>>> print(to_text(Document(body=(art,))), end="")
Article 1
<BLANKLINE>
Purposes
<BLANKLINE>
The Parties shall:
<BLANKLINE>
a) consult.
"""

from __future__ import annotations

from lexcsto.importer.tree import Block, Document, Unit


def to_text(doc: Document) -> str:
    out: list[str] = []
    out.extend(b.text for b in doc.title)
    out.extend(b.text for b in doc.preamble)
    for unit in doc.body:
        _unit(unit, out)
    out.extend(b.text for b in doc.conclusions)
    return "\n\n".join(out) + "\n"


def _unit(unit: Unit, out: list[str]) -> None:
    blocks: list[Block] = list(unit.text)
    if unit.kind in ("part", "chapter", "section", "article") and unit.num and not unit.num[0].isdigit():
        out.append(unit.num)  # "Article 4", "CHAPTER II": the keyword on its own line
        if unit.heading is not None:
            out.append(unit.heading.text)
        out.extend(b.text for b in blocks)
    elif unit.num:
        first = blocks.pop(0).text if blocks else ""
        out.append(f"{unit.num} {first}".rstrip())
        out.extend(b.text for b in blocks)
    else:
        if unit.heading is not None:
            out.append(unit.heading.text)
        out.extend(b.text for b in blocks)
    for child in unit.children:
        _unit(child, out)
