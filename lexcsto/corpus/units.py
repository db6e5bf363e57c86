"""AKN elements to provisions: the units of any document type, their own text and inline spans.

A unit is an element of the hierarchy (article, section, paragraph, ..., hcontainer), a block of a
judgment or a part of a debate; its ``text`` is the plain text of its own content (not its child units),
with references and terms kept as spans. Units without an eId get one derived by
:class:`~lexcsto.corpus.conventions.Naming`; components keep their own eId scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from lxml import etree

from lexcsto.corpus.akn import Meta, line_of, local_name, xpath
from lexcsto.corpus.conventions import XML_ID, Naming, unit_table
from lexcsto.corpus.model import Inline, Provision, assembled

# Elements of the AKN hierarchy (plus hcontainer) that become Provisions when they carry an eId.
HIERARCHY = frozenset(
    {
        "alinea",
        "article",
        "book",
        "chapter",
        "clause",
        "division",
        "hcontainer",
        "indent",
        "level",
        "list",
        "paragraph",
        "part",
        "point",
        "proviso",
        "rule",
        "section",
        "subchapter",
        "subclause",
        "subdivision",
        "sublist",
        "subparagraph",
        "subpart",
        "subrule",
        "subsection",
        "subtitle",
        "title",
        "tome",
        "transitional",
        "item",
        "preface",
        "preamble",
        "conclusions",
        "formula",
        "blockContainer",
        "tblock",
        "citations",
        "recitals",
        "citation",
        "recital",
    }
)
# Every kind of unit read as a Provision: the hierarchy, the blocks of judgments, the parts of debates.
UNITS = HIERARCHY | unit_table().units
# Inline elements whose span we keep, with the attribute that says what they point at.
INLINE_TARGETS = {"ref": "href", "term": "refersTo", "def": "refersTo"}
OMISSIS_TEXT = "[…]"
# The document's own containers outside the body.
CONTAINERS = ("preface", "preamble", "conclusions")
# Elements whose paragraphs sit directly inside them (not in a <content>): those paragraphs are their text.
TEXT_HOLDERS = frozenset(
    {*CONTAINERS, "formula", "recital", "citation", "blockContainer", "hcontainer", *unit_table().units}
)
# Provisions quoted inside an amending instrument belong to the work they amend, not to the instrument.
QUOTED_STRUCTURES = ("quotedStructure", "embeddedStructure")
_NOT_TEXT = frozenset({"authorialNote", "noteRef", *QUOTED_STRUCTURES})


def _own_text(el: etree._Element) -> tuple[str, tuple[Inline, ...], bool]:
    """The plain text of a provision's own content (not its child provisions), its inline spans, and
    whether the content is omitted as a whole."""
    blocks: list[etree._Element] = []
    holder = local_name(el) in TEXT_HOLDERS
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = local_name(child)
        if name in ("content", "intro", "wrapUp") or (holder and name in ("p", "longTitle", "block")):
            _blocks(child, blocks)
    parts: list[str] = []
    inlines: list[Inline] = []
    omitted_blocks = 0
    offset = 0
    for block in blocks:
        if parts:
            parts.append("\n")
            offset += 1
        text, spans, only_omissis = _flatten(block, offset)
        parts.append(text)
        inlines.extend(spans)
        offset += len(text)
        omitted_blocks += only_omissis
    text = "".join(parts)
    omitted = bool(blocks) and omitted_blocks == len(blocks)
    return ("" if omitted else text), (() if omitted else tuple(inlines)), omitted


def _blocks(node: etree._Element, out: list[etree._Element]) -> None:
    """The paragraphs (``p``, ``block``) of ``node`` and below, in document order, except those inside a
    quoted structure (another work's text). A walk in Python: lxml's filtered ``iter`` costs more to set
    up than the two or three elements of a provision's content take to visit."""
    name = local_name(node)
    if name in ("p", "block"):
        out.append(node)
    for child in node:
        if isinstance(child.tag, str) and local_name(child) not in QUOTED_STRUCTURES:
            _blocks(child, out)


def _flatten(block: etree._Element, offset: int) -> tuple[str, list[Inline], bool]:
    """Flatten one <p>: text with inline elements' text; omissis becomes '[…]'."""
    if len(block) == 0:  # most paragraphs: text alone, no inline element, no omissis
        return " ".join((block.text or "").split()), [], False
    out: list[str] = []
    spans: list[Inline] = []
    length = 0  # of the text in ``out`` so far
    has_text = False
    has_omissis = False

    def visit(node: etree._Element) -> None:
        nonlocal has_text, has_omissis, length
        if node.text:
            out.append(node.text)
            length += len(node.text)
            has_text = has_text or bool(node.text.strip())
        for child in node:
            if isinstance(child.tag, str):
                name = local_name(child)
                if name == "omissis":
                    has_omissis = True
                    out.append(OMISSIS_TEXT)
                    length += len(OMISSIS_TEXT)
                elif name in _NOT_TEXT:
                    pass  # notes are apparatus; quoted structures are the text of another work
                else:
                    start = length
                    visit(child)
                    attr = INLINE_TARGETS.get(name)
                    if attr is not None:
                        covered = "".join(out)[start:length]
                        spans.append(
                            Inline(name, offset + start, offset + length, covered, child.get(attr, ""))
                        )
            if child.tail:
                out.append(child.tail)
                length += len(child.tail)
                has_text = has_text or bool(child.tail.strip())

    visit(block)
    raw = "".join(out)
    # Fold whitespace runs inside a block; offsets are recomputed against the folded text.
    folded = " ".join(raw.split())
    if folded != raw:
        spans = _refold(raw, folded, spans, offset)
    return folded, spans, has_omissis and not has_text


def _refold(raw: str, folded: str, spans: list[Inline], offset: int) -> list[Inline]:
    mapping: list[int] = []
    j = 0
    prev_space = True
    for ch in raw:
        if ch.isspace():
            if not prev_space and j < len(folded):
                mapping.append(j)
                j += 1
            else:
                mapping.append(j)
            prev_space = True
        else:
            mapping.append(j)
            j += 1
            prev_space = False
    mapping.append(len(folded))
    fixed: list[Inline] = []
    for s in spans:
        start = min(mapping[s.start - offset], len(folded))
        end = min(mapping[s.end - offset], len(folded))
        covered = folded[start:end].strip()
        fixed.append(replace(s, start=offset + start, end=offset + start + len(covered), text=covered))
    return fixed


def text_of(el: etree._Element | None) -> str:
    """An element's text, inline elements' included, whitespace folded."""
    if el is None:
        return ""
    if len(el) == 0:  # a number or heading without markup: lxml's itertext costs ten times more
        return " ".join((el.text or "").split())
    return " ".join("".join(str(t) for t in el.itertext()).split())


class Skeleton:
    """What validation reads of a document's units (:func:`top_provisions` with a skeleton): the eIds of
    the provisions the loader would build, in the order ``walk()`` gives them, with the same derived eIds,
    but no Provision, number (unless an eId is derived from it), heading or text. Units' own text is read
    only until one has some, so that the reader can still warn about a document with no text at all."""

    def __init__(self) -> None:
        self.eids: list[str] = []
        self.found = False
        self.meta: Meta | None = None  # the document's meta children, as the reader grouped them

    def look(self, el: etree._Element) -> None:
        if not self.found:
            text, _, omitted = _own_text(el)
            self.found = bool(text) or omitted


def _identity(
    el: etree._Element, kind: str, num: str, naming: Naming | None, parent: str
) -> tuple[str, str, bool]:
    """A unit's eId, the eId its children's derived eIds hang under, and whether its eId was derived."""
    raw = el.get("eId", "")
    if raw:
        eid = naming.scoped(raw) if naming is not None else raw
        return eid, eid, False
    if kind in CONTAINERS:  # preface, preamble, conclusions: named after themselves
        return (naming.scoped(kind) if naming is not None else kind), parent, False
    if naming is not None:
        eid = naming.derive(parent, kind, num, el.get("name"))
        return eid, eid, True
    return "", parent, False


def build_provision(el: etree._Element, naming: Naming | None = None, parent: str = "") -> Provision:
    """An AKN unit (with its subtree) as a Provision; ``naming`` derives the eIds a document lacks."""
    num = heading = ""
    below_units: list[etree._Element] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = local_name(child)
        if name == "num":
            num = text_of(child)
        elif name == "heading" or (name == "from" and not heading):
            heading = text_of(child)
        elif name in UNITS:
            below_units.append(child)
    kind = local_name(el)
    eid, below, derived = _identity(el, kind, num, naming, parent)
    children = [build_provision(g, naming, below) for child in below_units for g in _units(child, naming)]
    text, inlines, omitted = _own_text(el)
    return assembled(  # Provision(...) without the frozen __init__'s cost (see assembled)
        Provision,
        eid=eid,
        kind=kind,
        num=num,
        heading=heading,
        text=text,
        omitted=omitted,
        wid=el.get("wId") or el.get("GUID") or el.get(XML_ID) or "",
        children=tuple(children),
        inlines=inlines,
        line=line_of(el),
        derived=derived,
    )


def _skeleton_of(el: etree._Element, naming: Naming, parent: str, skeleton: Skeleton, raw: str = "") -> None:
    """:func:`build_provision` for a :class:`Skeleton`: the eIds of the unit and of the units below it,
    in the same order and derived in the same order (a derived eId depends on those derived before).
    ``raw`` is the unit's eId as written, when the caller has read it. A loop over the children: lxml's
    ``iterchildren`` filtered by the few dozen unit tags costs more."""
    raw = raw or el.get("eId", "")
    num = ""
    below_units: list[etree._Element] = []
    known = _UNIT_TAGS
    for child in el:
        unit = known.get(child.tag)  # a dict look-up per child, not local_name's call and set test
        if unit is None:
            unit = _learn_unit_tag(child)
        if unit:
            below_units.append(child)
        elif not raw and local_name(child) == "num":  # the number matters only to an eId derived from it
            num = text_of(child)
    if raw:  # _identity's first case, without the call: most units carry their eId
        eid = below = raw if not naming.scope else naming.scoped(raw)
    else:
        eid, below, _ = _identity(el, local_name(el), num, naming, parent)
    skeleton.eids.append(eid)
    for child in below_units:
        own = child.get("eId", "")
        if own:  # a unit of its own, as _units would yield it
            _skeleton_of(child, naming, below, skeleton, own)
            continue
        for g in _units(child, naming):
            _skeleton_of(g, naming, below, skeleton)
    if not skeleton.found:
        skeleton.look(el)


# Tag -> whether it names a unit (:data:`UNITS`, in any namespace or none, as ``local_name`` reads it), for
# every tag met: the skeleton's walk asks it of every child of every unit. Comments and processing
# instructions (whose tag is a function) are no unit. A hostile file with a million distinct names stops
# the table growing, as ``akn.local_name``'s does.
_UNIT_TAGS: dict[object, bool] = {}
_MAX_UNIT_TAGS = 10_000


def _learn_unit_tag(el: etree._Element) -> bool:
    unit = local_name(el) in UNITS
    if len(_UNIT_TAGS) < _MAX_UNIT_TAGS:
        _UNIT_TAGS[el.tag] = unit
    return unit


def _read_unit(el: etree._Element, naming: Naming, skeleton: Skeleton | None, out: list[Provision]) -> None:
    if skeleton is None:
        out.append(build_provision(el, naming))
    else:
        _skeleton_of(el, naming, "", skeleton)


def _has_id(el: etree._Element) -> bool:
    return el.get("eId") is not None or el.get("GUID") is not None or el.get(XML_ID) is not None


def _units(el: etree._Element, naming: Naming | None) -> Iterable[etree._Element]:
    """``el`` when it is a unit of its own; else the units below it (a wrapper without an identity)."""
    if el.get("eId") or (naming is not None and naming.wants(local_name(el), _has_id(el))):
        yield el
        return
    for child in el:
        if isinstance(child.tag, str) and local_name(child) in UNITS:
            yield from _units(child, naming)


def eid_descendants(el: etree._Element) -> Iterable[etree._Element]:
    for child in el:
        if isinstance(child.tag, str) and local_name(child) in HIERARCHY:
            if child.get("eId"):
                yield child
            else:
                yield from eid_descendants(child)


def top_provisions(
    doc: etree._Element, naming: Naming, skeleton: Skeleton | None = None
) -> tuple[Provision, ...]:
    """The document's provisions; with a ``skeleton``, none: their eIds go to the skeleton instead."""
    provisions: list[Provision] = []
    for part in doc:
        if not isinstance(part.tag, str):
            continue
        container = local_name(part)
        if container in CONTAINERS:
            # Preface, preamble and final clauses are read as provisions named after themselves.
            _read_unit(part, naming, skeleton, provisions)
        elif container in unit_table().bodies:
            for el in part:
                if isinstance(el.tag, str) and local_name(el) in UNITS:
                    for u in _units(el, naming):
                        _read_unit(u, naming, skeleton, provisions)
                elif isinstance(el.tag, str) and local_name(el) == "component":
                    provisions.extend(_components([el], naming, skeleton))
        elif container in ("attachments", "components"):
            provisions.extend(_components(list(part), naming, skeleton))
    return tuple(provisions)


def _components(
    elements: list[etree._Element], naming: Naming, skeleton: Skeleton | None = None
) -> list[Provision]:
    """Each component (or attachment) as a provision holding its document's units, in its own eId scope
    (with a ``skeleton``: its eId, then its units', go to the skeleton)."""
    out: list[Provision] = []
    for comp in elements:
        if not isinstance(comp.tag, str) or local_name(comp) not in ("component", "attachment"):
            continue
        inner = next(
            (c for c in comp if isinstance(c.tag, str) and local_name(c) in unit_table().document_types),
            None,
        )
        raw = comp.get("eId", "")
        eid = naming.scoped(raw) if raw else naming.derive("", local_name(comp), "", None)
        if skeleton is not None:
            skeleton.eids.append(eid)
        title = ""
        units: tuple[Provision, ...] = ()
        if inner is not None:
            title = document_title(inner) if skeleton is None else ""
            inner_naming = Naming(derive_all=not _any_eid(inner), scope=eid)
            units = top_provisions(inner, inner_naming, skeleton)
            naming.derived += inner_naming.derived
        if skeleton is None:
            out.append(
                Provision(
                    eid=eid,
                    kind=local_name(comp),
                    heading=title,
                    children=units,
                    line=line_of(comp),
                    derived=not raw,
                    wid=comp.get("wId") or comp.get("GUID") or "",
                )
            )
    return out


def _any_eid(doc: etree._Element) -> bool:
    return any(True for _ in doc.iterfind(".//*[@eId]"))


def document_title(doc: etree._Element) -> str:
    """A document's title: its FRBR alias or name, else the title its preface gives."""
    alias = xpath(doc, "a:meta/a:identification/a:FRBRWork/a:FRBRalias[@name='title' or not(@name)]/@value")
    if alias:
        return str(alias[0])
    for expr in ("a:preface//a:docTitle", "a:preface//a:shortTitle"):
        found = xpath(doc, expr)
        if found:
            return text_of(found[0])
    name = xpath(doc, "a:meta/a:identification/a:FRBRWork/a:FRBRname/@value")
    if name:
        return str(name[0])
    long_title = xpath(doc, "a:preface//a:longTitle")
    return text_of(long_title[0]) if long_title else doc.get("name", "")


def element_text(el: etree._Element) -> str:
    """The text a provenance fragment covers: a provision's own content, or a num/heading element's text."""
    if local_name(el) in HIERARCHY:
        text, _, omitted = _own_text(el)
        return "" if omitted else text
    return text_of(el)
