"""A consolidated version as an AKN file: the base text in force the day before, with an amending
instrument's modifications applied (:func:`lexcsto.compare.consolidation.consolidate` does the applying).

The file is the base file with a new expression identity, the amendment in its lifecycle (the instrument as
a ``passiveRef``), the modifications as ``passiveModifications``, and the body rewritten from the
consolidated provisions. Its provenance keeps every word traceable: an untouched provision keeps the base
fragment; a provision restated or added cites the instrument's quoted provision (its source and lines);
a provision whose words were changed keeps the base fragment with one ``lx:clean`` per change (``from``
the base words ``to`` the new), its reason naming the instrument's item.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from lxml import etree

from lexcsto.compare.consolidation import consolidate
from lexcsto.corpus.akn import AKN_NS, LX_NS, parse_file, schema_errors, write_atomic, xpath
from lexcsto.corpus.model import Expression, Fragment, Modification, Provision
from lexcsto.corpus.queries import Corpus
from lexcsto.corpus.uri import split_href
from lexcsto.errors import ConsolidationError
from lexcsto.importer.akn_meta import append_text
from lexcsto.importer.tracing import derive_cleans

__all__ = ["Consolidated", "consolidate_work"]

_CONTAINERS = ("preface", "preamble", "conclusions")


@dataclass(frozen=True)
class Consolidated:
    """A new version: the expression, its AKN tree, and the modifications applied."""

    expression: Expression
    root: etree._Element
    modifications: tuple[Modification, ...]

    @property
    def xml(self) -> bytes:
        data: bytes = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        return data

    @property
    def file_name(self) -> str:
        e = self.expression
        return f"{e.language}@{e.date.isoformat()}" + (f".{e.source}" if e.source else "") + ".xml"

    def write(self, folder: str | Path) -> Path:
        """Write into the corpus folder as ``<short>/<lang>@<date>[.<source>].xml`` (whole or not at all)."""
        short = xpath(self.root, "//a:FRBRWork/a:FRBRalias[@name='short']/@value")
        target = Path(folder) / str(short[0] if short else "consolidated") / self.file_name
        write_atomic(self.root, target)
        return target


def consolidate_work(
    corpus: Corpus, base: str, by: str, version: date, language: str = "eng", source: str | None = None
) -> Consolidated:
    """``base`` as amended by ``by`` from ``version``: its text in force the day before, with every
    modification ``by`` makes to it applied.

    Raises ConsolidationError when ``by`` makes no modification to ``base`` or one does not apply.
    """
    work = corpus.work(base)
    amending = corpus.work(by)
    mods = tuple(m for m in amending.modifications if split_href(m.destination)[0] == work.uri)
    if not mods:
        raise ConsolidationError(None, None, f"{amending.short} makes no modification to {work.short}")
    before = corpus.expression_at(work.uri, version - timedelta(days=1), language, source)
    new = consolidate(before, mods, version=version, source=before.source)
    quoted = {f.eid: f for e in amending.expressions for f in e.fragments}
    root = _document(before, new, mods, amending.uri, amending.title, quoted)
    problems = schema_errors(root)
    if problems:
        raise ConsolidationError(
            before.path, problems[0][0], f"the consolidated AKN is not valid: {problems[0][1]}"
        )
    return Consolidated(new, root, mods)


def q(name: str) -> str:
    return f"{{{AKN_NS}}}{name}"


def _document(
    before: Expression,
    new: Expression,
    mods: tuple[Modification, ...],
    by: str,
    title: str,
    quoted: dict[str, Fragment],
) -> etree._Element:
    root = copy.deepcopy(parse_file(before.path))
    act = root[0]
    meta = act.find(q("meta"))
    assert meta is not None
    expr = meta.find(f"{q('identification')}/{q('FRBRExpression')}")
    manif = meta.find(f"{q('identification')}/{q('FRBRManifestation')}")
    assert expr is not None
    assert manif is not None
    _set(expr, "FRBRthis", "value", f"{new.uri}/!main")
    _set(expr, "FRBRuri", "value", new.uri)
    _set(expr, "FRBRdate", "date", new.date.isoformat())
    _set(manif, "FRBRthis", "value", f"{new.uri}/!main.xml")
    _set(manif, "FRBRuri", "value", f"{new.uri}.akn")
    refs = meta.find(q("references"))
    assert refs is not None
    ref_id = _passive_ref(refs, by, title)
    life = meta.find(q("lifecycle"))
    if life is None:
        life = etree.Element(q("lifecycle"), source="#lexcsto")
        meta.insert(meta.index(meta.find(q("identification"))) + 1, life)  # type: ignore[arg-type]
    if not any(e.get("date") == new.date.isoformat() and e.get("source") == f"#{ref_id}" for e in life):
        etree.SubElement(
            life,
            q("eventRef"),
            date=new.date.isoformat(),
            source=f"#{ref_id}",
            refersTo="#amendment",
            type="amendment",
        )
    if not any(e.get("eId") == "amendment" for e in refs.findall(q("TLCEvent"))):
        etree.SubElement(
            refs, q("TLCEvent"), eId="amendment", href="/ontology/event/lexcsto/amendment", showAs="Amendment"
        )
    _passive_modifications(meta, mods)
    _body(act, new)
    _provenance(meta, before, new, mods, by, quoted)
    lx_expr = meta.find(f"{q('proprietary')}/{{{LX_NS}}}work/{{{LX_NS}}}expression")
    if lx_expr is not None:
        lx_expr.set("default", "false")
        lx_expr.set("translation", new.translation)
    return root


def _set(parent: etree._Element, tag: str, attr: str, value: str) -> None:
    el = parent.find(q(tag))
    assert el is not None
    el.set(attr, value)


def _passive_ref(refs: etree._Element, by: str, title: str) -> str:
    for el in refs.findall(q("passiveRef")):
        if el.get("href") == by:
            return str(el.get("eId"))
    eid = "amending_" + str(len(refs.findall(q("passiveRef"))) + 1)
    original = refs.find(q("original"))
    at = refs.index(original) + 1 if original is not None else 0
    refs.insert(at, etree.Element(q("passiveRef"), eId=eid, href=by, showAs=title or by))
    return eid


def _passive_modifications(meta: etree._Element, mods: tuple[Modification, ...]) -> None:
    analysis = meta.find(q("analysis"))
    if analysis is None:
        analysis = etree.Element(q("analysis"), source="#lexcsto")
        after = [c for c in meta if c.tag in {q(t) for t in ("identification", "lifecycle", "workflow")}]
        meta.insert(meta.index(after[-1]) + 1, analysis)
    box = analysis.find(q("passiveModifications"))
    if box is None:
        box = etree.SubElement(analysis, q("passiveModifications"))
    start = len(box)
    for k, m in enumerate(mods, start + 1):
        tm = etree.SubElement(box, q("textualMod"), eId=f"pmod_{k}", type=m.kind)
        etree.SubElement(tm, q("source"), href=m.source)
        etree.SubElement(tm, q("destination"), href=m.destination)


def _body(act: etree._Element, new: Expression) -> None:
    body = act.find(q("body"))
    assert body is not None
    for child in list(body):
        body.remove(child)
    for p in new.provisions:
        if p.kind not in _CONTAINERS:
            _provision(body, p)


def _provision(parent: etree._Element, p: Provision) -> None:
    el = etree.SubElement(parent, q(p.kind), eId=p.eid)
    if p.num:
        etree.SubElement(el, q("num")).text = p.num
    if p.heading:
        etree.SubElement(el, q("heading")).text = p.heading
    if p.children:
        if p.text or p.omitted:
            _paragraphs(etree.SubElement(el, q("intro")), p)
        for c in p.children:
            _provision(el, c)
    else:
        _paragraphs(etree.SubElement(el, q("content")), p)


def _paragraphs(holder: etree._Element, p: Provision) -> None:
    """The provision's text as ``p`` elements (one per block), its refs and terms put back by offset."""
    if p.omitted or not p.text:
        para = etree.SubElement(holder, q("p"))
        if p.omitted:
            etree.SubElement(para, q("omissis"))
        return
    start = 0
    for block in p.text.split("\n"):
        end = start + len(block)
        para = etree.SubElement(holder, q("p"))
        para.text = ""
        last: etree._Element | None = None
        pos = start
        for inline in sorted(p.inlines, key=lambda i: i.start):
            if inline.start < pos or inline.end > end:
                continue
            append_text(para, last, p.text[pos : inline.start])
            attr = "href" if inline.kind == "ref" else "refersTo"
            last = etree.SubElement(para, q(inline.kind), attrib={attr: inline.target})
            if inline.kind == "ref":
                last.set(
                    "eId",
                    f"{p.eid}__ref_{sum(1 for i in p.inlines[: p.inlines.index(inline) + 1] if i.kind == 'ref')}",
                )
            last.text = p.text[inline.start : inline.end]
            pos = inline.end
        append_text(para, last, p.text[pos:end])
        start = end + 1


def _provenance(
    meta: etree._Element,
    before: Expression,
    new: Expression,
    mods: tuple[Modification, ...],
    by: str,
    quoted: dict[str, Fragment],
) -> None:
    prov = meta.find(f"{q('proprietary')}/{{{LX_NS}}}provenance")
    assert prov is not None
    old = {p.eid: p for p in before.walk()}
    kept = {f.get("eId"): f for f in prov}
    for f in list(prov):
        prov.remove(f)
    for p in new.walk():
        frag = kept.get(p.eid)
        was = old.get(p.eid)
        if p.kind in _CONTAINERS or (was is not None and was.text == p.text):
            if frag is not None:
                prov.append(frag)
            continue
        if p.omitted or not p.text:
            continue
        restated = next((f for eid, f in quoted.items() if eid.endswith(f"__qstr_1__{p.eid}")), None)
        if restated is not None:
            el = etree.SubElement(
                prov,
                f"{{{LX_NS}}}fragment",
                eId=p.eid,
                source=f"#{restated.source}",
                lines=str(restated.lines),
            )
            for a, b in restated.cleans:
                etree.SubElement(
                    el, f"{{{LX_NS}}}clean", attrib={"from": a, "to": b, "reason": f"as in {by}"}
                )
            continue
        if frag is None or was is None:
            continue
        frag = copy.deepcopy(frag)
        items = [split_href(m.source)[1] or m.source for m in mods if split_href(m.destination)[1] == p.eid]
        try:
            # The changes as records against the base text, which is itself traceable to its lines.
            records = derive_cleans(" ".join(was.text.split()), [p.text])
        except ValueError as err:
            raise ConsolidationError(before.path, was.line, f"{p.eid}: {err}") from None
        for a, b in records:
            reason = f"amended by {by} ({', '.join(items) or 'an item'})"
            etree.SubElement(frag, f"{{{LX_NS}}}clean", attrib={"from": a, "to": b, "reason": reason})
        prov.append(frag)
