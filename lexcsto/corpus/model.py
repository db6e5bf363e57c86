"""The corpus as frozen, typed values: no lxml, no I/O.

Everything the loader reads from ``texts/`` ends up here, and every operation (queries, redlines,
annotations, the site) works on these values only.

A provision is a tree; its ``text`` is the plain text of its own content, and a provision whose text
no source quotes is ``omitted``:

>>> para = Provision(eid="art_4__para_3", kind="paragraph", omitted=True)
>>> art = Provision(eid="art_4", kind="article", num="Article 4", children=(para,))
>>> [p.eid for p in art.walk()]
['art_4', 'art_4__para_3']
>>> art.find("art_4__para_3").omitted
True
>>> art.full_text
'[text not in the sources of this edition]'
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, TypeVar

from lexcsto.corpus.uri import expression_key
from lexcsto.corpus.vocabulary import OMITTED_MARK, EditorialField

Value = TypeVar("Value")
ENDINGS = ("replacement", "repeal", "termination")  # event and date-claim kinds that end a work's force
ENDED_STATUSES = frozenset({"replaced", "repealed", "terminated", "expired"})


def _is_day(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# ASCII digits only: \d would also match full-width and other decimal digits.
_LINE_RANGE = re.compile(r"([0-9]+)(?:-([0-9]+))?")


@lru_cache(maxsize=8192)  # a corpus's fragments repeat a few hundred ranges: a look-up, not a match
def line_bounds(value: str) -> tuple[int, int] | None:
    """The first and last line of a range :meth:`Lines.parse` reads, or None where it would refuse it;
    without building the value, for a reader that only checks the range.

    >>> line_bounds("3-5"), line_bounds("7"), line_bounds("5-3"), line_bounds("0")
    ((3, 5), (7, 7), None, None)
    """
    m = _LINE_RANGE.fullmatch(value)
    if m is None:
        return None
    first = int(m[1])
    last = int(m[2]) if m[2] else first
    return (first, last) if 1 <= first <= last else None


@dataclass(frozen=True)
class Lines:
    """An inclusive range of 1-based line numbers in a source file.

    >>> Lines.parse("61-63")
    Lines(start=61, end=63)
    >>> str(Lines(5, 5))
    '5-5'
    """

    start: int
    end: int

    @classmethod
    def parse(cls, value: str) -> Lines:
        """``START-END`` (or one line ``N``) in ASCII digits, nothing around them.

        ``int()`` alone would also read ``+1``, `` 1``, full-width digits, and ``1-`` as line 1 (issue 19).

        >>> Lines.parse("3-5"), Lines.parse("7")
        (Lines(start=3, end=5), Lines(start=7, end=7))
        >>> Lines.parse("1-")
        Traceback (most recent call last):
        ...
        ValueError: bad line range '1-' (expected START-END with 1 <= START <= END)
        """
        bounds = line_bounds(value)
        if bounds is None:
            raise ValueError(f"bad line range {value!r} (expected START-END with 1 <= START <= END)")
        return cls(*bounds)

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass(frozen=True)
class Source:
    """A source document of the edition (one of the seed files), as named in ``texts/sources.yaml``."""

    id: str  # e.g. "seed-004"
    filename: str  # e.g. "004_4292afa65b4c9db8.txt"
    title: str
    kind: str  # "web page", "book", ...
    date: str  # as precise as the source allows: "2013-06", "c. 2019"
    description: str
    short: str = ""  # the short name readers cite it by, e.g. "DCAF 2013" ("": the title)

    @property
    def label(self) -> str:
        """The source as a reader names it: its title, kind and date (the id is for files and JSON).

        >>> Source("seed-004", "004.txt", "Introduction to the CSTO", "web page", "2024", "").label
        '“Introduction to the CSTO” (web page, 2024)'
        >>> Source("seed-002", "002.txt", "Partnership and Observation", "web page", "undated", "").label
        '“Partnership and Observation” (web page, undated)'
        """
        when = f", {self.date}" if self.date else ""
        return f"“{self.title}” ({self.kind}{when})"


@dataclass(frozen=True)
class Fragment:
    """One piece of treaty text and where it comes from: source file and lines."""

    eid: str
    source: str  # a Source.id
    lines: Lines
    text: str
    cleans: tuple[
        tuple[str, str], ...
    ] = ()  # (as in the source, as in the text): debris fixes recorded by hand
    note: str = ""
    at: str = ""  # the lines in the document's own terms, for a PDF or DOCX source: "p. 3, l. 12-18"


@dataclass(frozen=True)
class Inline:
    """A span inside a provision's text: a cross-reference (``ref``) or a defined term (``term``)."""

    kind: str  # "ref" | "term" | "def"
    start: int
    end: int
    text: str
    target: str  # href for refs, refersTo for terms


@dataclass(frozen=True)
class Provision:
    """A unit of the text with an eId: article, chapter, paragraph, point, ..."""

    eid: str
    kind: str
    num: str = ""
    heading: str = ""
    text: str = ""
    omitted: bool = False
    wid: str = ""
    children: tuple[Provision, ...] = ()
    inlines: tuple[Inline, ...] = ()
    line: int | None = None  # line of the element in its XML file, for error messages
    # The source id of the rendering this text was read from, when it is not the expression's own (a gap
    # of the base rendering filled from another witness of the same version: lexcsto.corpus.witnesses).
    witness: str = ""
    derived: bool = False  # the document gave no eId: lexcsto derived it by the AKN naming convention

    def walk(self) -> Iterator[Provision]:
        """This provision and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, eid: str) -> Provision | None:
        return next((p for p in self.walk() if p.eid == eid), None)

    @property
    def refs(self) -> tuple[Inline, ...]:
        return tuple(i for p in self.walk() for i in p.inlines if i.kind == "ref")

    @property
    def is_fully_omitted(self) -> bool:
        """True when no text at all below this provision comes from a source."""
        return all(p.omitted or not p.text for p in self.walk()) and any(p.omitted for p in self.walk())

    @property
    def full_text(self) -> str:
        """The text of this provision and everything below it, one block per line of content."""
        blocks: list[str] = []
        for p in self.walk():
            if p.omitted:
                blocks.append(OMITTED_MARK)
            elif p.text:
                blocks.append(p.text)
        return "\n\n".join(blocks)


@dataclass(frozen=True)
class Event:
    """Something that happened to a work on a date: signature, entry into force, amendment, ..."""

    date: date
    kind: str  # "signature" | "entry_into_force" | "amendment" | "registration" | "accession" | ...
    instrument: str = ""  # work URI of the instrument that caused it, when not the work itself
    note: str = ""


@dataclass(frozen=True)
class DateClaim:
    """What one source says about a date, when sources disagree; ``chosen`` marks the one the edition uses."""

    kind: str
    value: str  # a date, or what the source says verbatim when it is not a full date
    source: str  # a Source.id, or "outside" for a fact from outside the sources
    lines: Lines | None
    chosen: bool
    note: str = ""


@dataclass(frozen=True)
class Relation:
    """A typed link between works: amends, extends, replaces, implements (and their inverses)."""

    kind: str  # "amends" | "extends" | "replaces" | "implements" | "amended_by" | ...
    target: str  # work URI
    note: str = ""
    source: str = ""  # the Source.id that states it
    lines: Lines | None = None
    # The provisions of the target the relation concerns, when known (an amending instrument's scope:
    # ("art_2", "art_3", ...)); empty when no source says.
    provisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Modification:
    """A textual modification made by an amending instrument (AKN ``textualMod``)."""

    eid: str  # eId of the textualMod
    kind: str  # "substitution" | "insertion" | "repeal" | "replacement" | "renumbering"
    source: str  # the provision of the amending instrument that makes it, as a URI with ~portion
    destination: str  # work URI + "~" + eId of what it changes, e.g. ".../cst~art_4"
    old: str = ""  # words replaced or repealed, when known
    old_unknown: bool = False  # an empty <old/>: some words are replaced or repealed, which ones is not known
    new: str = ""  # words inserted, when known
    new_provision: Provision | None = None  # a whole provision restated, when known
    note: str = ""


@dataclass(frozen=True)
class Expression:
    """One text of a work in one language at one version, by one translator/source.

    Several English translations of the same version are different expressions; they share ``uri``
    (language and version) and differ by ``source``.
    """

    work: str  # work URI
    uri: str  # expression URI, e.g. /akn/aa-csto/act/treaty/1992-05-15/cst/eng@2012-12-19
    language: str  # ISO 639-2/B, "eng" or "rus"
    date: date  # the version date: when this text takes effect
    source: str  # Source.id of the translation this text follows ("" when no text is quoted)
    translation: str  # a human label, e.g. "English rendering quoted in source 004"
    provisions: tuple[Provision, ...]
    fragments: tuple[Fragment, ...] = ()
    path: str = ""  # the XML file it was loaded from
    # The other renderings of this version that filled its gaps (source ids), when this is a reading
    # composed by lexcsto.corpus.witnesses rather than one file's text.
    witnesses: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """A unique handle: the expression URI plus the source it follows."""
        return expression_key(self.uri, self.source)

    def walk(self) -> Iterator[Provision]:
        for p in self.provisions:
            yield from p.walk()

    @cached_property
    def eid_index(self) -> dict[str, Provision]:
        """Every provision by eId: the one eId index of lexcsto (the corpus queries, anchoring and the site
        read it). Should two provisions share an eId, the first in document order is the one found.

        Built on first use: a site build looks up every article of a 100-article text, once per page."""
        index: dict[str, Provision] = {}
        for p in self.walk():
            index.setdefault(p.eid, p)
        return index

    def find(self, eid: str) -> Provision | None:
        """The provision with this eId, or None (the first in document order, should two share it)."""
        return self.eid_index.get(eid)

    @cached_property
    def _fragments_by_eid(self) -> dict[str, Fragment]:
        return {f.eid: f for f in self.fragments}

    def fragment(self, eid: str) -> Fragment | None:
        """Where the text of provision ``eid`` comes from (the last fragment recorded for it), or None."""
        return self._fragments_by_eid.get(eid)


@dataclass(frozen=True)
class StatedReference:
    """A cross-reference a source states for a provision whose words it does not quote (``lx:reference``):
    003 L299-303 says CST Art. 6 refers to "art. 3" (sic), though Art. 6's text is not in the sources."""

    eid: str  # the citing provision
    href: str  # what it refers to, as in ref/@href ("#art_3")
    text: str  # the words of the source that name the target
    source: str
    lines: Lines | None
    note: str = ""


@dataclass(frozen=True)
class Editorial:
    """Something the edition supplied itself for a work, not a source: its title, article numbers
    inferred from citations, a structure taken from outside the sources (``lx:editorial``)."""

    field: EditorialField
    note: str


@dataclass(frozen=True)
class Work:
    """An instrument: its identity, dates, relationships and the expressions of its text."""

    uri: str
    short: str  # short name used on the command line: "cst", "charter", ...
    title: str
    doctype: str  # the AKN document type: "act", "bill", "judgment", "debate", "documentCollection", ...
    subtype: str  # "treaty", "charter", "protocol", "agreement", "decision", ...
    date: date  # the work date in the URI (usually signature or adoption)
    events: tuple[Event, ...] = ()
    date_claims: tuple[DateClaim, ...] = ()
    relations: tuple[Relation, ...] = ()
    modifications: tuple[Modification, ...] = ()
    expressions: tuple[Expression, ...] = ()
    aliases: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    external: bool = False  # a work outside the CSTO system kept so that references resolve (UN Charter)
    status: str = ""  # "in force", "not yet in force", "replaced", ... as the edition knows it
    notes: tuple[str, ...] = field(default_factory=tuple)
    # A status a source gives as of a date ("not yet in force, as of 2019 (000 L240)"): that date and source.
    status_as_of: str = ""
    status_source: str = ""
    status_lines: Lines | None = None
    editorial: tuple[Editorial, ...] = ()
    references: tuple[StatedReference, ...] = ()  # references known without the citing text

    @property
    def status_label(self) -> str:
        """The status with the date and source it holds for, when a source gives it as of a date.

        >>> Work("w", "w", "W", "act", "protocol", date(2018, 11, 8), status="not yet in force",
        ...      status_as_of="2019", status_source="seed-000", status_lines=Lines(240, 240)).status_label
        'not yet in force, as of 2019 (000 L240)'
        """
        if not self.status_as_of:
            return self.status
        where = self.status_source.removeprefix("seed-")
        if self.status_lines is not None:
            lines = self.status_lines
            where += f" L{lines.start}" + (f"-{lines.end}" if lines.end != lines.start else "")
        return f"{self.status}, as of {self.status_as_of}" + (f" ({where})" if where else "")

    date_as_written: str = ""  # the FRBR work date as the file writes it ("2024" for a year-only date)

    def event(self, kind: str) -> Event | None:
        return next((e for e in self.events if e.kind == kind), None)

    @property
    def signed(self) -> datetime.date | None:
        e = self.event("signature") or self.event("adoption")
        return e.date if e else None

    @property
    def in_force(self) -> datetime.date | None:
        e = self.event("entry_into_force")
        return e.date if e else None

    @property
    def ended(self) -> datetime.date | None:
        """When the work stopped being in force (replaced, repealed, terminated), as far as recorded: the
        lifecycle event, else the chosen date claim of that kind."""
        for kind in ENDINGS:
            e = self.event(kind)
            if e:
                return e.date
        for c in self.date_claims:
            if c.kind in ENDINGS and c.chosen and _is_day(c.value):
                return datetime.date.fromisoformat(c.value)
        return None

    def in_force_on(self, day: datetime.date) -> bool | None:
        """Was the work in force on ``day``? None when the sources do not say: with no entry into force
        recorded, a work is never taken to be in force from its signature; and a replaced or repealed
        work is never in force after it ended (nor, when that date is unknown, "today").

        >>> w = Work("w", "w", "W", "act", "agreement", date(2000, 10, 11), status="replaced")
        >>> w.in_force_on(date(2026, 1, 1)) is None, w.in_force_on(date(1999, 1, 1))
        (True, False)
        """
        signed = self.signed or self.date
        if day < signed:
            return False
        ended = self.ended
        if ended is not None and day >= ended:
            return False
        if self.in_force is not None:
            return day >= self.in_force and not (ended is None and self.status in ENDED_STATUSES)
        return None


# Each class :func:`assembled` has built: its fields in declaration order, with their defaults (the marker
# dataclasses.MISSING for a field without one, which every call gives).
_TEMPLATES: dict[type, dict[str, Any]] = {}


def assembled(cls: type[Value], **values: Any) -> Value:
    """``cls(**values)`` for a frozen dataclass of this module, without running its ``__init__``.

    A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``: 4.2 us for
    a Provision against 1.2 us here, and the loader builds about 50,000 provisions and as many fragments
    at 500 instruments. The value is the same (equal, same hash, same fields in the same order:
    ``tests/test_corpus_assembled.py`` holds every class built so to it). Only for classes without
    ``__post_init__`` or default factories, and every field without a default must be given; the
    reader's hot paths use it, everything else the plain constructor.

    >>> assembled(Lines, start=3, end=5) == Lines(3, 5)
    True
    """
    template = _TEMPLATES.get(cls)
    if template is None:
        template = _TEMPLATES[cls] = {f.name: f.default for f in fields(cls)}  # type: ignore[arg-type]
    made = object.__new__(cls)
    held = made.__dict__
    held.update(template)  # two updates: update(template, **values) takes dict's slow path, twice the cost
    held.update(values)  # a key already there keeps its place: the fields stay in declaration order
    return made
