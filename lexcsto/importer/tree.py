"""The structure of an imported text, as frozen values: no lxml, no I/O.

The recogniser (:mod:`lexcsto.importer.structure`) builds a :class:`Document`; the AKN writer turns it
into XML, the AKN reader turns XML back into one, and the text renderer writes it as plain text. Every
piece of text is a :class:`Block` that remembers the input lines it came from and the cleaning fixes
made to it, which is what the provenance block of the output is made of.

>>> item = Unit("point", num="4.1.", text=(Block("Defining the strategy.", 3, 3),))
>>> art = Unit("article", num="4.", text=(Block("Main tasks:", 2, 2),), children=(item,))
>>> doc = Document(body=(art,))
>>> [u.num for u in doc.walk()]
['4.', '4.1.']
>>> doc.counts()["points"], doc.counts()["articles"]
(1, 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# The hierarchical kinds the importer produces, outermost first. Their AKN element is the same name.
KINDS = ("part", "chapter", "section", "article", "paragraph", "point")


@dataclass(frozen=True)
class Fix:
    """One change a cleaning step made to the input, for the report: which step, where, what."""

    step: str
    line: int  # first input line the fix touches
    before: str
    after: str
    reason: str


@dataclass(frozen=True)
class Block:
    """A paragraph of text as it will appear in the output, with the input lines it came from.

    ``kind`` is ``p`` for ordinary text, ``formula`` for an enacting formula ("have agreed as follows:")
    and ``signature`` for a signature line of the final clauses.
    """

    text: str
    first: int
    last: int
    kind: str = "p"
    fixes: tuple[Fix, ...] = ()


@dataclass(frozen=True)
class Unit:
    """A hierarchical element: part, chapter, section, article, paragraph or point.

    ``num`` is the number exactly as printed ("Article 4", "Art. 3.", "4.1.", "б)"), empty for units the
    source does not number. ``text`` is the unit's own text (the AKN ``content`` when it has no children,
    its ``intro`` when it has). ``line`` is the input line of the number or heading.
    """

    kind: str
    num: str = ""
    heading: Block | None = None
    text: tuple[Block, ...] = ()
    children: tuple[Unit, ...] = ()
    line: int = 0

    def walk(self) -> Iterator[Unit]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def own_blocks(self) -> tuple[Block, ...]:
        """The blocks that are this unit's own text (not its children's)."""
        head = (self.heading,) if self.heading is not None else ()
        return head + self.text


@dataclass(frozen=True)
class Document:
    """A whole imported text: title, preamble, body of units, final clauses and signatures."""

    title: tuple[Block, ...] = ()
    preamble: tuple[Block, ...] = ()
    body: tuple[Unit, ...] = ()
    conclusions: tuple[Block, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def walk(self) -> Iterator[Unit]:
        for unit in self.body:
            yield from unit.walk()

    def blocks(self) -> Iterator[Block]:
        """Every block of text, in document order."""
        yield from self.title
        yield from self.preamble
        for unit in self.walk():
            yield from unit.own_blocks
        yield from self.conclusions

    def counts(self) -> dict[str, int]:
        """How many units of each kind; ``items`` counts the points (numbered and lettered items)."""
        counts = {f"{kind}s": 0 for kind in KINDS}
        for unit in self.walk():
            counts[f"{unit.kind}s"] += 1
        counts["items"] = counts["points"]
        counts["signatures"] = sum(1 for b in self.conclusions if b.kind == "signature")
        return counts

    def shape(self) -> tuple[object, ...]:
        """Structure and text without line numbers: what a round trip must preserve.

        >>> a = Document(body=(Unit("article", num="Article 1", text=(Block("Text.", 5, 5),)),))
        >>> b = Document(body=(Unit("article", num="Article 1", text=(Block("Text.", 1, 2),)),))
        >>> a.shape() == b.shape()
        True
        """

        def blocks(bs: tuple[Block, ...]) -> tuple[tuple[str, str], ...]:
            return tuple((b.kind, b.text) for b in bs)

        def unit(u: Unit) -> tuple[object, ...]:
            heading = u.heading.text if u.heading is not None else ""
            return (u.kind, u.num, heading, blocks(u.text), tuple(unit(c) for c in u.children))

        return (
            blocks(self.title),
            blocks(self.preamble),
            tuple(unit(u) for u in self.body),
            blocks(self.conclusions),
        )
