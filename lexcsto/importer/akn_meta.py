"""The ``<meta>`` blocks of an expression file, in the one shape both AKN writers give them: the importer's
(:mod:`lexcsto.importer.akn_writer`) and the edition's generator (``scripts/build_texts.py``).

What the two writers decide differently (which events a source gives, where a work's author comes from,
how an event is labelled) stays with them; what an element looks like once decided is written here, so
that ``texts/`` has one form of FRBR identification, lifecycle event, TLC entry, ``lx:fragment`` and
omitted provision, whoever wrote the file.

>>> from lxml import etree
>>> refs = etree.Element(akn("references"))
>>> dict(event_concept(refs, "signature", "Signature").attrib)
{'eId': 'signature', 'href': '/ontology/event/lexcsto/signature', 'showAs': 'Signature'}
>>> prov = write_provenance(etree.Element("proprietary"), [Fragment("art_1", "cst", "3-4", (("a  b", "a b", "PDF"),))])
>>> print(etree.tostring(prov, encoding="unicode"))  # doctest: +NORMALIZE_WHITESPACE
<lx:provenance xmlns:lx="urn:lexcsto:1"><lx:fragment eId="art_1" source="#cst" lines="3-4"><lx:clean
from="a  b" to="a b" reason="PDF"/></lx:fragment></lx:provenance>
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from lexcsto.corpus.akn import AKN_NS, LX_NS


def akn(name: str) -> str:
    """The qualified name of an AKN element."""
    return f"{{{AKN_NS}}}{name}"


def lx(name: str) -> str:
    """The qualified name of an element of lexcsto's own vocabulary (``lx:``, in ``proprietary``)."""
    return f"{{{LX_NS}}}{name}"


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """An AKN child element with its attributes in the order given (the files' byte form depends on it)."""
    return etree.SubElement(parent, akn(tag), attrib=attrs)


@dataclass(frozen=True)
class Identification:
    """What the FRBR ``identification`` block says of one expression and its work and manifestation."""

    work: str  # the work's FRBR URI
    expression: str  # the expression's FRBR URI
    title: str
    short: str
    aliases: tuple[str, ...]  # further names of the work (FRBRalias name="variant")
    work_date: str  # ISO date
    work_date_name: str  # the event the work's date is (signature, adoption, ...)
    work_author: str  # the eId of a TLCOrganization
    country: str
    subtype: str
    number: str
    version: str  # ISO date of the expression
    expression_author: str  # the eId of a TLCReference or TLCOrganization
    language: str
    generated: str  # ISO date of the manifestation


def write_identification(meta: etree._Element, ident: Identification) -> etree._Element:
    """The ``identification`` block: FRBRWork, FRBRExpression, FRBRManifestation."""
    block = sub(meta, "identification", source="#lexcsto")
    work = sub(block, "FRBRWork")
    sub(work, "FRBRthis", value=f"{ident.work}/!main")
    sub(work, "FRBRuri", value=ident.work)
    sub(work, "FRBRalias", value=ident.title, name="title")
    sub(work, "FRBRalias", value=ident.short, name="short")
    for alias in ident.aliases:
        sub(work, "FRBRalias", value=alias, name="variant")
    sub(work, "FRBRdate", date=ident.work_date, name=ident.work_date_name)
    sub(work, "FRBRauthor", href=f"#{ident.work_author}")
    sub(work, "FRBRcountry", value=ident.country)
    sub(work, "FRBRsubtype", value=ident.subtype)
    sub(work, "FRBRnumber", value=ident.number)
    expr = sub(block, "FRBRExpression")
    sub(expr, "FRBRthis", value=f"{ident.expression}/!main")
    sub(expr, "FRBRuri", value=ident.expression)
    sub(expr, "FRBRdate", date=ident.version, name="version")
    sub(expr, "FRBRauthor", href=f"#{ident.expression_author}")
    sub(expr, "FRBRlanguage", language=ident.language)
    manif = sub(block, "FRBRManifestation")
    sub(manif, "FRBRthis", value=f"{ident.expression}/!main.xml")
    sub(manif, "FRBRuri", value=f"{ident.expression}.akn")
    sub(manif, "FRBRdate", date=ident.generated, name="generation")
    sub(manif, "FRBRauthor", href="#lexcsto")
    return block


@dataclass(frozen=True)
class LifecycleEvent:
    """One ``eventRef``: its date, the reference it comes from (``original`` or an instrument's eId), the
    TLCEvent it is, and whether it makes a new expression by amendment or is part of the original."""

    date: str
    source: str
    kind: str
    type: str  # "generation" | "amendment"


def write_lifecycle(meta: etree._Element, events: Sequence[LifecycleEvent]) -> etree._Element | None:
    """The ``lifecycle`` block, in the order given; none when there are no events."""
    if not events:
        return None
    life = sub(meta, "lifecycle", source="#lexcsto")
    for ev in events:
        sub(life, "eventRef", date=ev.date, source=f"#{ev.source}", refersTo=f"#{ev.kind}", type=ev.type)
    return life


def original(refs: etree._Element, work: str, title: str) -> etree._Element:
    """The ``original`` reference: the work the expression is of."""
    return sub(refs, "original", eId="original", href=work, showAs=title)


def source_reference(refs: etree._Element, source: str, label: str) -> etree._Element:
    """The TLCReference of a source the text or its facts come from."""
    return sub(
        refs,
        "TLCReference",
        eId=source,
        href=f"/ontology/reference/lexcsto/{source}",
        showAs=label,
        name="source",
    )


def organization(refs: etree._Element, eid: str, href: str, label: str) -> etree._Element:
    """A TLCOrganization (an author)."""
    return sub(refs, "TLCOrganization", eId=eid, href=href, showAs=label)


def edition_organization(refs: etree._Element) -> etree._Element:
    """The TLCOrganization of this edition, the author of every manifestation."""
    return organization(refs, "lexcsto", "/ontology/organization/lexcsto", "lexcsto edition")


def event_concept(refs: etree._Element, kind: str, label: str) -> etree._Element:
    """The TLCEvent a lifecycle ``eventRef`` refers to."""
    return sub(refs, "TLCEvent", eId=kind, href=f"/ontology/event/lexcsto/{kind}", showAs=label)


@dataclass(frozen=True)
class Fragment:
    """Where the own text of one element comes from: its source, the source's lines ("3-4"), and the
    cleans that make the text traceable to those lines (from, to, reason)."""

    eid: str
    source: str
    lines: str
    cleans: tuple[tuple[str, str, str], ...] = ()
    note: str = ""


def write_provenance(proprietary: etree._Element, fragments: Sequence[Fragment]) -> etree._Element:
    """``lx:provenance`` with one ``lx:fragment`` per element whose text comes from a source."""
    prov = etree.SubElement(proprietary, lx("provenance"), nsmap={"lx": LX_NS})
    for frag in fragments:
        el = etree.SubElement(prov, lx("fragment"), eId=frag.eid, source=f"#{frag.source}", lines=frag.lines)
        if frag.note:
            el.set("note", frag.note)
        for old, new, reason in frag.cleans:
            etree.SubElement(el, lx("clean"), attrib={"from": old, "to": new, "reason": reason})
    return prov


def append_text(parent: etree._Element, last: etree._Element | None, text: str) -> None:
    """Add ``text`` to ``parent`` after its child ``last`` (its tail), or as its text when ``last`` is None:
    how running text is written between inline elements.

    >>> p = etree.Element("p"); append_text(p, None, "a "); ref = etree.SubElement(p, "ref")
    >>> append_text(p, ref, "b"); etree.tostring(p)
    b'<p>a <ref/>b</p>'
    """
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def cite(el: etree._Element, source: str, lines: str, note: str = "") -> None:
    """Say where an ``lx:`` fact comes from: a source (``#id``, or ``outside`` for a fact an issue cites),
    its lines, and a note."""
    if source:
        el.set("source", source if source == "outside" else f"#{source.lstrip('#')}")
    if lines:
        el.set("lines", lines)
    if note:
        el.set("note", note)


def omitted_content(unit: etree._Element) -> etree._Element:
    """The content of a provision the sources cite but do not quote: one paragraph of ``<omissis/>``."""
    return sub(sub(sub(unit, "content"), "p"), "omissis")
