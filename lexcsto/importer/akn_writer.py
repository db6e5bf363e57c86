"""A recognised :class:`~lexcsto.importer.tree.Document` as Akoma Ntoso 3.0, in the form of ``texts/``
(docs/data-model.md): FRBR identity, lifecycle, references, the provenance block with one ``lx:fragment``
per element whose text comes from the input (real input line numbers, ``lx:clean`` for every piece of
debris removed), and the body with eIds by the AKN naming convention.

eIds: a unit's eId is its parent's eId, ``__``, the kind's prefix (``part``, ``chp``, ``sec``, ``art``,
``para``, ``point``) and its number as printed with the keyword and the outer punctuation stripped and the
inner punctuation turned into hyphens ("Article 4" -> ``art_4``, "4.1." -> ``point_4-1``, "б)" -> ``point_b``: a Cyrillic letter takes the Latin letter of the same place in the list, from
``lexcsto/data/nlp/letters.yaml``, so that a work's expressions share eIds). Units the source does not number are numbered by order among their siblings of the same kind
(``sec_1``, ``para_2``).

>>> eid_number("Art. 3."), eid_number("5.1.2."), eid_number("(a)"), eid_number("Chapter II"), eid_number("•")
('3', '5-1-2', 'a', 'II', '')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date

from lxml import etree

from lexcsto.corpus.akn import AKN_NS, LX_NS
from lexcsto.corpus.uri import FrbrUri
from lexcsto.errors import TextImportError
from lexcsto.importer.akn_meta import (
    Fragment,
    Identification,
    LifecycleEvent,
    akn,
    append_text,
    cite,
    edition_organization,
    event_concept,
    lx,
    omitted_content,
    organization,
    original,
    source_reference,
    sub,
    write_identification,
    write_lifecycle,
    write_provenance,
)
from lexcsto.importer.meta import OmittedUnit, WorkMeta
from lexcsto.importer.tracing import derive_cleans, normalise_source
from lexcsto.importer.tree import Block, Document, Fix, Unit
from lexcsto.nlp.citations import point_letters

PREFIX = {
    "part": "part",
    "chapter": "chp",
    "section": "sec",
    "article": "art",
    "paragraph": "para",
    "point": "point",
}
EVENT_LABELS = {
    "signature": "Signature",
    "adoption": "Adoption",
    "entryIntoForce": "Entry into force",
    "registration": "Registration",
    "accession": "Accession",
    "amendment": "Amendment",
    "extension": "Extension",
    "replacement": "Replacement",
    "suspension": "Suspension",
}
_KEYWORD = re.compile(r"^[^\W\d_]{2,}\.?\s*(?=[\dIVXLC])")

# A hook that finds cross-references in a text: (start, end, href) spans; see lexcsto.importer.ref_finder.
RefFinder = Callable[[str], Sequence[tuple[int, int, str]]]


@functools.lru_cache(maxsize=4096)
def eid_number(num: str) -> str:
    """The number part of an eId, from a ``num`` as printed."""
    text = _KEYWORD.sub("", num.strip())
    chars = ["-" if _is_punct(ch) else ch for ch in "".join(text.split())]
    return re.sub(r"-+", "-", "".join(chars)).strip("-")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


class _Writer:
    def __init__(
        self,
        meta: WorkMeta,
        line_text: Callable[[int], str],
        fixes: Sequence[Fix],
        find_refs: RefFinder | None,
        path: str,
    ) -> None:
        self.meta = meta
        self.line_text = line_text
        self.fixes = fixes
        self.find_refs = find_refs
        self.path = path
        self.used: set[str] = set()
        # Plain tuples of strings and ints, not lists or lxml proxies: the cyclic garbage collector stops
        # tracking such tuples, while every list and element proxy kept here was traversed again by each of
        # its collections (keeping the 524,000 ref proxies of 16 MB of references made the writer's time
        # grow like n^1.2; with the collector off it was linear).
        self.fragments: list[tuple[str, int, int, tuple[tuple[str, str, str], ...]]] = []
        self.warnings: list[str] = []
        self.internal_refs = 0  # refs to an eId of this text (#...): checked once the text is written
        # Where the search for a free suffix of a repeated eId resumes, and how many refs each owner has:
        # both keep the writer linear when a text repeats one heading thousands of times (issue 19).
        self._next_suffix: dict[str, int] = {}
        self._refs_of: dict[str, int] = {}

    # ------------------------------------------------------------------------------------- text

    def unique(self, eid: str) -> str:
        """``eid``, or its first free ``eid_K`` (K from 2) with a warning when it is taken.

        ``used`` only grows, so the first free K never moves back: the search resumes where the last
        one for the same ``eid`` stopped, and every call costs O(1) amortised.
        """
        if eid not in self.used:
            self.used.add(eid)
            return eid
        k = self._next_suffix.get(eid, 2)
        while f"{eid}_{k}" in self.used:
            k += 1
        self._next_suffix[eid] = k + 1
        self.warnings.append(f"eId {eid} repeats; the repeat is {eid}_{k}")
        self.used.add(f"{eid}_{k}")
        return f"{eid}_{k}"

    def paragraph(
        self, parent: etree._Element, block: Block, owner: str, eid: str | None = None, inline: str = ""
    ) -> etree._Element:
        """A ``p`` holding ``block``; ``inline`` wraps the text (``docTitle``; ``signature`` for signatures)."""
        p = etree.SubElement(parent, akn("p"))
        if eid:
            p.set("eId", eid)
        inline = inline or ("signature" if block.kind == "signature" else "")
        self.fill(etree.SubElement(p, akn(inline)) if inline else p, block.text, owner)
        return p

    def fill(self, el: etree._Element, text: str, owner: str) -> None:
        """Text with cross-references marked as ``ref`` (when a finder is given)."""
        spans = sorted(self.find_refs(text)) if self.find_refs else []
        pos = 0
        last: etree._Element | None = None
        for start, end, href in spans:
            if start < pos:
                continue
            append_text(el, last, text[pos:start])
            ref = etree.SubElement(el, akn("ref"))
            n = self._refs_of[owner] = self._refs_of.get(owner, 0) + 1
            ref.set("eId", self.unique(f"{owner}__ref_{n}"))
            ref.set("href", href)
            ref.text = text[start:end]
            self.internal_refs += href.startswith("#")
            last = ref
            pos = end
        append_text(el, last, text[pos:])

    def fragment(self, eid: str, blocks: Sequence[Block], line: int = 0) -> None:
        """Record where the own text of ``eid`` comes from, with the cleans that make it traceable."""
        if not blocks:
            return
        first = min([b.first for b in blocks] + ([line] if line else []))
        last = max(b.last for b in blocks)
        source = normalise_source([self.line_text(n) for n in range(first, last + 1)])
        try:
            cleans = derive_cleans(source, [" ".join(b.text for b in blocks)])
        except ValueError as err:
            raise TextImportError(
                self.path, first, f"{eid}: {err}", expected="text traceable to its lines"
            ) from None
        records = tuple((old, new, self.reason(old, first, last)) for old, new in cleans)
        self.fragments.append((eid, first, last, records))

    def reason(self, old: str, first: int, last: int) -> str:
        """The reason of the cleaning fix a record stems from (matched by line and by its words)."""
        squeezed = "".join(old.split())
        for fix in self.fixes:
            words = "".join(fix.before.split()).lstrip("0123456789")[:12]
            if first <= fix.line <= last and words and words in squeezed:
                return fix.reason
        return "PDF debris removed on import"

    # ------------------------------------------------------------------------------------- body

    def units(self, parent: etree._Element, units: Sequence[Unit], prefix: str) -> None:
        order: dict[str, int] = {}
        for unit in units:
            number = eid_number(unit.num)
            if unit.kind == "point":
                # eIds are shared by a work's expressions: a Russian «б)» is point_b, as in the English text.
                number = point_letters("rus").get(number, number)
            if not number:
                order[unit.kind] = order.get(unit.kind, 0) + 1
                number = str(order[unit.kind])
            eid = self.unique(f"{prefix}{PREFIX[unit.kind]}_{number}")
            self.unit(parent, unit, eid)

    def unit(self, parent: etree._Element, unit: Unit, eid: str) -> None:
        el = etree.SubElement(parent, akn(unit.kind))
        el.set("eId", eid)
        if unit.num:
            etree.SubElement(el, akn("num")).text = unit.num
        if unit.heading is not None:
            etree.SubElement(el, akn("heading")).text = unit.heading.text
        self.fragment(eid, unit.text, unit.line)
        if unit.children:
            if unit.text:
                intro = etree.SubElement(el, akn("intro"))
                for block in unit.text:
                    self.paragraph(intro, block, eid)
            self.units(el, unit.children, f"{eid}__")
        else:
            content = etree.SubElement(el, akn("content"))
            for block in unit.text:
                self.paragraph(content, block, eid)
            if not unit.text:
                etree.SubElement(content, akn("p"))

    def blocks(self, parent: etree._Element, blocks: Sequence[Block], prefix: str, start: int = 1) -> int:
        n = start
        for block in blocks:
            eid = self.unique(f"{prefix}__p_{n}")
            host = parent
            if block.kind == "formula":
                host = etree.SubElement(parent, akn("formula"))
                host.set("name", "enactingFormula")
            title = prefix == "preface" and n == 1
            p = self.paragraph(host, block, eid, eid, "docTitle" if title else "")
            if title:
                p.set("class", "title")
            self.fragment(eid, [block])
            n += 1
        return n

    # ------------------------------------------------------------------------------------- meta

    def meta_el(self, act: etree._Element, generated: date) -> etree._Element:
        m = self.meta
        meta = etree.Element(akn("meta"))
        act.insert(0, meta)
        write_identification(
            meta,
            Identification(
                work=m.work,
                expression=m.expression_uri,
                title=m.title or m.short,
                short=m.short,
                aliases=(),
                work_date=m.work_date.isoformat(),
                work_date_name=m.events[0].kind if m.events else "generation",
                work_author="csto" if m.place == "aa-csto" else "lexcsto",
                country=m.place,
                subtype=m.subtype,
                number=FrbrUri.parse(m.work).number,
                version=m.version.isoformat(),
                expression_author=m.source,
                language=m.language,
                generated=generated.isoformat(),
            ),
        )
        events = sorted(m.events, key=lambda e: e.date)
        write_lifecycle(
            meta,
            [
                LifecycleEvent(
                    date=ev.date.isoformat(),
                    source="original" if not ev.instrument else f"instrument_{i + 1}",
                    kind=ev.kind,
                    type="generation" if not ev.instrument else "amendment",
                )
                for i, ev in enumerate(events)
            ],
        )
        refs = sub(meta, "references", source="#lexcsto")
        original(refs, m.work, m.title or m.short)
        for i, ev in enumerate(events):
            if ev.instrument:
                sub(refs, "passiveRef", eId=f"instrument_{i + 1}", href=ev.instrument, showAs=ev.instrument)
        source_reference(refs, m.source, m.source_label or m.source)
        edition_organization(refs)
        if m.place == "aa-csto":
            organization(
                refs, "csto", "/ontology/organization/aa-csto/csto", "The States Parties to the CST / CSTO"
            )
        for kind in sorted({e.kind for e in m.events}):
            event_concept(refs, kind, EVENT_LABELS.get(kind, kind))
        prop = sub(meta, "proprietary", source="#lexcsto")
        write_provenance(
            prop,
            [
                Fragment(eid, m.source, f"{first}-{last}", records)
                for eid, first, last, records in self.fragments
            ],
        )
        facts = etree.SubElement(prop, lx("work"), nsmap={"lx": LX_NS})
        if m.status:
            facts.set("status", m.status)
        for rel in m.relations:
            el = etree.SubElement(facts, lx("relation"), kind=rel.kind, href=rel.target)
            cite(el, rel.source, str(rel.lines) if rel.lines else "", rel.note)
        for claim in m.claims:
            el = etree.SubElement(facts, lx("dateClaim"), kind=claim.kind, value=claim.value)
            cite(el, claim.source, str(claim.lines) if claim.lines else "")
            el.set("chosen", "true" if claim.chosen else "false")
            if claim.note:
                el.set("note", claim.note)
        etree.SubElement(facts, lx("expression"), default="true" if m.default_expression else "false")
        return meta


def build(
    doc: Document,
    meta: WorkMeta,
    line_text: Callable[[int], str],
    *,
    fixes: Sequence[Fix] = (),
    find_refs: RefFinder | None = None,
    generated: date | None = None,
    path: str = "",
) -> tuple[etree._Element, list[str]]:
    """The AKN tree of ``doc`` and the warnings raised while writing it.

    ``line_text(n)`` gives the text of input line ``n`` (for the provenance records); ``generated`` is the
    manifestation date (default: today).
    """
    w = _Writer(meta, line_text, fixes, find_refs, path)
    root = etree.Element(akn("akomaNtoso"), nsmap={None: AKN_NS})  # type: ignore[dict-item]
    act = etree.SubElement(root, akn("act"), name="act")
    if doc.title:
        w.blocks(etree.SubElement(act, akn("preface")), doc.title, "preface")
    if doc.preamble:
        w.blocks(etree.SubElement(act, akn("preamble")), doc.preamble, "preamble")
    body = etree.SubElement(act, akn("body"))
    w.units(body, doc.body, "")
    for omitted in meta.omitted:
        _place_omitted(w, body, omitted)
    if doc.conclusions:
        w.blocks(etree.SubElement(act, akn("conclusions")), doc.conclusions, "conclusions")
    if w.internal_refs:
        _drop_dangling_refs(w, act)
    w.meta_el(act, generated or date.today())
    return root, w.warnings


def _number_key(eid: str) -> tuple[int, ...]:
    tail = eid.rpartition("__")[2].partition("_")[2]
    return tuple(int(part) if part.isdigit() else 0 for part in tail.split("-"))


def _place_omitted(w: _Writer, body: etree._Element, unit: OmittedUnit) -> None:
    """A provision the sources cite but the text does not give: number and <omissis/>, in number order among
    its siblings (``omitted:`` in the meta file)."""
    if unit.kind not in PREFIX:
        raise TextImportError(
            None, None, f"omitted unit kind {unit.kind!r}", expected=" | ".join(sorted(PREFIX))
        )
    parent = body if not unit.parent else next(iter(body.iterfind(f".//*[@eId='{unit.parent}']")), None)
    if parent is None:
        raise TextImportError(None, None, f"omitted {unit.num!r}: no unit {unit.parent!r} in the text")
    prefix = f"{unit.parent}__" if unit.parent else ""
    eid = f"{prefix}{PREFIX[unit.kind]}_{eid_number(unit.num)}"
    if eid in w.used:
        raise TextImportError(None, None, f"omitted {unit.num!r}: the text already has {eid}")
    w.used.add(eid)
    el = etree.Element(akn(unit.kind))
    el.set("eId", eid)
    etree.SubElement(el, akn("num")).text = unit.num
    omitted_content(el)
    siblings = [c for c in parent if c.get("eId") and etree.QName(c).localname in PREFIX]
    later = next((c for c in siblings if _number_key(c.get("eId", "")) > _number_key(eid)), None)
    if later is not None:
        later.addprevious(el)
    elif siblings:
        siblings[-1].addnext(el)
    else:
        parent.append(el)


def _drop_dangling_refs(w: _Writer, act: etree._Element) -> None:
    """An internal reference to an eId this text does not have is left as plain text."""
    dangling = [
        ref
        for ref in act.iter(akn("ref"))
        if (h := ref.get("href", "")).startswith("#") and h[1:] not in w.used
    ]
    for ref in dangling:
        w.warnings.append(
            f"reference {ref.text!r} points at {ref.get('href')}, which this text does not have"
        )
        parent = ref.getparent()
        if parent is None:
            continue
        text = (ref.text or "") + (ref.tail or "")
        append_text(parent, ref.getprevious(), text)
        parent.remove(ref)
