"""What the index keeps of one file, read from its parsed tree in one pass, without building the model.

The index needs little of a file: the work and expression it gives, the dates that say when its text is
in force, its provisions' own text (for full-text search) and its references. The reader's model has much
more (inline spans, fragments, lines, witnesses); building it costs several times the parse, so the index
reads its rows straight from the tree (:func:`read_rows`) and the model of a work is read from its files
only when a caller asks for that work.

The one pass reads the shape the edition and most producers write: units with eIds in a body, metadata in
``identification``, ``lifecycle`` and ``lx:work``. A file of another shape (units without eIds, components,
quoted structures, notes, two-letter languages) is read by the reader and its rows taken from the model
(:func:`rows_of`): the same rows, at the reader's cost. A test holds the two to the same answers.

>>> from lexcsto.corpus.bundled import bundled_folder
>>> path = bundled_folder("texts") / "cst" / "eng@2012-12-19.seed-002.xml"
>>> rows = read_rows(path, path.read_bytes())
>>> rows.work, rows.expression.language, rows.expression.date
('/akn/aa-csto/act/treaty/1992-05-15/cst', 'eng', '2012-12-19')
>>> next(p for p in rows.passages if p.article == "art_4").text[:40]
'If one of the states - participants is t'
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from lexcsto.corpus.akn import AKN_NS, LX_NS, parse_bytes
from lexcsto.corpus.conventions import XML_ID, unit_table
from lexcsto.corpus.model import ENDINGS, Expression, Modification, Provision
from lexcsto.corpus.reader import (
    WorkFacts,
    _camel_to_snake,
    _lines,
    _ref_id,
    parse_frbr_date,
    read_expression,
)
from lexcsto.corpus.units import OMISSIS_TEXT, TEXT_HOLDERS, UNITS, document_title
from lexcsto.corpus.uri import expression_key, short_name, split_href
from lexcsto.corpus.vocabulary import EDITORIAL_FIELDS
from lexcsto.errors import LexcstoError, LoadError

A = f"{{{AKN_NS}}}"
LX = f"{{{LX_NS}}}"
# Bytes that mean the one pass would not read the file as the reader does: the reader reads it.
OTHER_SHAPES = (b"quotedStructure", b"embeddedStructure", b"authorialNote", b"noteRef", b"component", b"GUID")
# The events and date claims the index keeps: those that say when a work's text is in force.
KEPT_EVENTS = frozenset({"signature", "adoption", "entry_into_force", *ENDINGS})
P, BLOCK, REF, OMISSIS, NUM, HEADING, FROM, ARTICLE = (
    f"{A}{n}" for n in ("p", "block", "ref", "omissis", "num", "heading", "from", "article")
)
CONTENTS = frozenset(f"{A}{n}" for n in ("content", "intro", "wrapUp"))
HELD = frozenset(f"{A}{n}" for n in ("p", "longTitle", "block"))  # the text of a TEXT_HOLDERS unit
HOLDER_TAGS = frozenset(f"{A}{n}" for n in TEXT_HOLDERS)
UNIT_TAGS = frozenset(f"{A}{u}" for u in UNITS)
OWN_UNITS = frozenset(f"{A}{u}" for u in unit_table().units)  # a derived eId when they have none
BODIES = frozenset(f"{A}{b}" for b in unit_table().bodies)


class OtherShapeError(LexcstoError):
    """The file is not of the shape the one pass reads: the reader reads it (never leaves this module)."""

    def __init__(self) -> None:
        super().__init__(None, None, "not of the shape the index's one pass reads")


@dataclass(frozen=True)
class ExpressionRow:
    uri: str
    language: str
    date: str  # YYYY-MM-DD
    source: str
    default: bool

    @property
    def key(self) -> str:
        return expression_key(self.uri, self.source)


class ProvisionRow(NamedTuple):
    """A provision with text (or a heading) of its own, under the article it belongs to."""

    eid: str
    article: str
    label: str  # that article's number and heading
    num: str
    heading: str
    text: str


class PassageRow(NamedTuple):
    """A row of the full-text index: an article (or other top-level unit, such as the preamble) of one
    expression, the unit a search hit names. Its text is its provisions' texts in the model's order, one
    line each; its numbers and headings weigh more in the ranking. One row per article rather than one per
    provision because FTS5's cost is mostly per row."""

    article: str  # its eId
    label: str  # its number and heading
    num: str  # its own number and heading, when it has a row of its own ("" when not)
    heading: str
    headings: str  # every number and heading in it, one a line
    text: str


def passages_of(provisions: Iterable[ProvisionRow]) -> tuple[PassageRow, ...]:
    """The passages of an expression's provisions (in document order), one per article."""
    grouped: dict[str, list[ProvisionRow]] = {}
    for p in provisions:
        grouped.setdefault(p.article, []).append(p)
    out: list[PassageRow] = []
    for article, rows in grouped.items():  # list comprehensions: joined at C speed, unlike generators
        first = rows[0]
        own = first.eid == article
        out.append(
            PassageRow(
                article,
                first.label,
                first.num if own else "",
                first.heading if own else "",
                "\n".join([t for p in rows if (t := f"{p.num} {p.heading}".strip())]),
                "\n".join([p.text for p in rows if p.text]),
            )
        )
    return tuple(out)


class RefRow(NamedTuple):
    eid: str  # the citing provision
    href: str
    text: str
    stated_by: str = ""  # for a reference a source states without the citing text: "seed-003 L299-303"


class ModRow(NamedTuple):
    """A textual modification a file makes, as far as it points at other works (the incoming references
    of what it changes: ``Corpus.incoming(..., amendments=True)``)."""

    key: str  # the modification's identity: a work repeats one its files both make only once, as the model
    source_eid: str  # the amending provision
    kind: str  # "substitution", "insertion", ...
    destination: str  # the href of what it changes
    quoted: tuple[tuple[str, str], ...]  # (href, text) of the references in the provision it quotes


def mod_row(m: Modification) -> ModRow:
    quoted = (
        tuple((i.target, i.text) for p in m.new_provision.walk() for i in p.inlines if i.kind == "ref")
        if m.new_provision is not None
        else ()
    )
    key = hashlib.sha256(repr(m).encode("utf-8")).hexdigest()[:32]
    return ModRow(key, split_href(m.source)[1] or "", m.kind, m.destination, quoted)


@dataclass(frozen=True)
class FileRows:
    """Everything the index keeps of one expression file."""

    work: str
    facts: dict[str, Any]  # JSON: short, date, external, status, events, claims (see work_facts)
    expression: ExpressionRow
    passages: tuple[PassageRow, ...]
    refs: tuple[RefRow, ...]  # the text's own references, in the order of the model
    stated: tuple[RefRow, ...]  # then those a source states (lx:reference)
    mods: tuple[ModRow, ...] = ()  # the textual modifications it makes, in the file's order


def read_rows(path: Path, data: bytes) -> FileRows:
    """The rows of one file; a file of another shape, or one the reader warns about, through the model
    (a file the reader warns about raises :class:`ReaderWarningsError`: the caller decides what that means)."""
    root = parse_bytes(data, path)
    if not any(marker in data for marker in OTHER_SHAPES):
        try:
            return _one_pass(path, root, data)
        except OtherShapeError:
            pass  # the one pass leaves the tree as parsed: the reader reads the same one
    facts, expression = read_expression(path, root)
    if facts.warnings:
        raise ReaderWarningsError(path, None, "the reader has warnings about this file")
    return rows_of(facts, expression)


class ReaderWarningsError(LoadError):
    """A file the reader reads with warnings: the index leaves the folder to the reader."""


# ------------------------------------------------------------------------------------- from the model


def rows_of(facts: WorkFacts, e: Expression) -> FileRows:
    """The rows of a file as the reader's model gives them: what the one pass must equal."""
    provisions: list[ProvisionRow] = []

    def walk(p: Provision, article: tuple[str, str]) -> None:
        if p.kind == "article" or not article[0]:
            article = (p.eid, f"{p.num} {p.heading}".strip())
        if p.text or p.heading:
            provisions.append(ProvisionRow(p.eid, *article, p.num, p.heading, p.text))
        for child in p.children:
            walk(child, article)

    for top in e.provisions:
        walk(top, ("", ""))
    refs = [RefRow(p.eid, i.target, i.text) for p in e.walk() for i in p.inlines if i.kind == "ref"]
    stated = [
        RefRow(r.eid, r.href, r.text, f"{r.source} L{r.lines}" if r.lines else r.source)
        for r in facts.references
    ]
    return FileRows(
        work=facts.uri,
        facts=work_facts(
            facts.short,
            facts.title,
            facts.date.isoformat(),
            facts.external,
            facts.status,
            [(ev.date.isoformat(), ev.kind) for ev in facts.events],
            [(c.kind, c.value, c.chosen) for c in facts.claims],
            listed=Listed(
                facts.doctype,
                facts.subtype,
                facts.status_as_of,
                facts.status_source,
                str(facts.status_lines) if facts.status_lines else None,
                [(ed.field, ed.note) for ed in facts.editorial],
            ),
        ),
        expression=ExpressionRow(e.uri, e.language, e.date.isoformat(), e.source, facts.default_expression),
        passages=passages_of(provisions),
        refs=tuple(refs),
        stated=tuple(stated),
        mods=tuple(mod_row(m) for m in facts.modifications),
    )


class Listed(NamedTuple):
    """What a file says of its work that only ``lexcsto list`` shows: kept so that listing the works
    decodes none of them (issue 13)."""

    doctype: str
    subtype: str
    status_as_of: str
    status_source: str
    status_lines: str | None  # "START-END"
    editorial: list[tuple[str, str]]  # (field, note), in the file's order


def work_facts(
    short: str,
    title: str,
    day: str,
    external: bool,
    status: str,
    events: list[tuple[str, str]],
    claims: list[tuple[str, str, bool]],
    listed: Listed,
) -> dict[str, Any]:
    """What a file says of its work that the index's ``works`` table needs (merged across the work's files
    as the reader merges them: see ``Index._rework``)."""
    return {
        "doctype": listed.doctype,
        "subtype": listed.subtype,
        "status_as_of": listed.status_as_of,
        "status_source": listed.status_source,
        "status_lines": listed.status_lines,
        "editorial": [list(e) for e in listed.editorial],
        "short": short,
        "title": title,
        "date": day,
        "external": external,
        "status": status,
        "events": [list(ev) for ev in events if ev[1] in KEPT_EVENTS],
        "claims": [list(c) for c in claims if c[0] in ENDINGS],
    }


# ------------------------------------------------------------------------------------- the one pass


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    for c in el:
        if c.tag == tag:
            return c
    return None


def _need(el: etree._Element | None) -> etree._Element:
    if el is None:
        raise OtherShapeError  # the reader says what is missing, with the line
    return el


def _frbr(level: etree._Element) -> str:
    uri = _child(level, f"{A}FRBRuri")
    if uri is not None and uri.get("value"):
        return uri.get("value", "")
    this = _child(level, f"{A}FRBRthis")
    if this is not None and this.get("value"):
        return this.get("value", "").split("/!", 1)[0]
    raise OtherShapeError


def _one_pass(path: Path, root: etree._Element, data: bytes) -> FileRows:
    if root.tag != f"{A}akomaNtoso" or b'eId="' not in data:
        raise OtherShapeError  # no eId anywhere: the reader derives every one (and warns)
    doc = next((c for c in root if isinstance(c.tag, str)), None)
    meta = _need(_child(_need(doc), f"{A}meta"))
    assert doc is not None
    ident = _need(_child(meta, f"{A}identification"))
    work_el = _need(_child(ident, f"{A}FRBRWork"))
    expr_el = _need(_child(ident, f"{A}FRBRExpression"))
    work_uri, expr_uri = _frbr(work_el), _frbr(expr_el)
    work_date = _need(_child(work_el, f"{A}FRBRdate"))
    version = _need(_child(expr_el, f"{A}FRBRdate"))
    language = _need(_child(expr_el, f"{A}FRBRlanguage")).get("language", "")
    if len(language) == 2:
        raise OtherShapeError  # the reader warns
    named: dict[str, str] = {}  # as the reader reads the aliases: the last of each name, then the unnamed
    unnamed: list[str] = []
    for alias in work_el:
        if alias.tag == f"{A}FRBRalias":
            if alias.get("name"):
                named[alias.get("name", "")] = alias.get("value", "")
            else:
                unnamed.append(alias.get("value", ""))
    subtype_el = _child(work_el, f"{A}FRBRsubtype")
    subtype = subtype_el.get("value", "") if subtype_el is not None else doc.get("name", "")
    short = named.get("short", "")
    if not short or any(c.isspace() for c in short):
        short = short_name(work_uri)
    title = (
        named.get("title") or (unnamed[0] if unnamed else "") or named.get("short", "") or document_title(doc)
    )
    references = {
        el.get("eId", ""): el
        for block in meta
        if block.tag == f"{A}references"
        for el in block
        if isinstance(el.tag, str)
    }
    author = next((a for a in expr_el if a.tag == f"{A}FRBRauthor" and a.get("href") is not None), None)
    source = _ref_id(author.get("href")) if author is not None else ""
    held = references.get(source)
    if source == "lexcsto" or held is None or held.tag != f"{A}TLCReference":
        source = ""
    events: list[tuple[str, str]] = []
    for ev in (e for block in meta if block.tag == f"{A}lifecycle" for e in block if e.tag == f"{A}eventRef"):
        kind = _snake(_ref_id(ev.get("refersTo")) or ev.get("type", "generation"))
        day = parse_frbr_date(ev.get("date", ""), path, ev.sourceline, "event date")  # type: ignore[arg-type]
        events.append((day.isoformat(), kind))
    status = status_as_of = status_source = ""
    status_lines: str | None = None
    editorial: list[tuple[str, str]] = []
    claims: list[tuple[str, str, bool]] = []
    stated: list[RefRow] = []
    default = False
    external = False
    first = True
    for block in (w for p in meta if p.tag == f"{A}proprietary" for w in p if w.tag == f"{LX}work"):
        if first:
            external = block.get("external") == "true" or not work_uri.startswith("/akn/aa-csto/")
            first = False
        status = block.get("status", status)
        if block.get("statusAsOf"):
            status_as_of, status_source = block.get("statusAsOf", ""), _ref_id(block.get("statusSource"))
            lines = _lines(block.get("statusLines"), path, block.sourceline)  # type: ignore[arg-type]
            status_lines = str(lines) if lines else None
        for child in block:
            tag = child.tag
            if tag == f"{LX}dateClaim":
                claims.append((child.get("kind", ""), child.get("value", ""), child.get("chosen") == "true"))
            elif tag == f"{LX}reference":
                lines = _lines(child.get("lines"), path, child.sourceline)  # type: ignore[arg-type]
                where = _ref_id(child.get("source"))
                stated.append(
                    RefRow(
                        child.get("eId", ""),
                        child.get("href", ""),
                        child.get("text", ""),
                        f"{where} L{lines}" if lines else where,
                    )
                )
            elif tag == f"{LX}expression":
                default = child.get("default") == "true"
            elif tag == f"{LX}editorial":
                if child.get("field", "") not in EDITORIAL_FIELDS:
                    raise OtherShapeError  # the reader says what is wrong, with the line
                editorial.append((child.get("field", ""), child.get("note", "")))
    mods = tuple(
        mod_row(_modification(tm))
        for block in meta
        if block.tag == f"{A}analysis"
        for active in block
        if active.tag == f"{A}activeModifications"
        for tm in active
        if tm.tag == f"{A}textualMod"
    )
    day = parse_frbr_date(version.get("date", ""), path, version.sourceline, "version date")  # type: ignore[arg-type]
    work_day = parse_frbr_date(work_date.get("date", ""), path, work_date.sourceline, "work date")  # type: ignore[arg-type]
    groups: dict[str, list[Any]] = {}  # article eId -> label, num, heading, headings, texts (_walk)
    refs: list[RefRow] = []
    for part in doc:
        tag = part.tag
        if not isinstance(tag, str):
            continue
        if tag in (f"{A}preface", f"{A}preamble", f"{A}conclusions"):
            _walk(part, tag, part.get("eId") or tag[len(A) :], "", "", groups, refs)
        elif tag in BODIES:
            for el in part:
                etag = el.tag
                if etag in UNIT_TAGS:
                    own = el.get("eId")
                    for unit, utag, eid in [(el, etag, own)] if own else _units(el):
                        _walk(unit, utag, eid, "", "", groups, refs)
                elif etag == f"{A}component":
                    raise OtherShapeError
        elif tag in (f"{A}attachments", f"{A}components"):
            raise OtherShapeError
    if not any(g[4] for g in groups.values()) and not _any_omitted(doc):
        raise OtherShapeError  # the reader warns: no unit with text
    return FileRows(
        work=work_uri,
        facts=work_facts(
            short,
            title,
            work_day.isoformat(),
            external,
            status,
            events,
            claims,
            Listed(etree.QName(doc).localname, subtype, status_as_of, status_source, status_lines, editorial),
        ),
        expression=ExpressionRow(expr_uri, language, day.isoformat(), source, default),
        passages=tuple(
            PassageRow(article, label, num, heading, "\n".join(headings), "\n".join(texts))
            for article, (label, num, heading, headings, texts) in groups.items()
        ),
        refs=tuple(refs),
        stated=tuple(stated),
        mods=mods,
    )


def _modification(tm: etree._Element) -> Modification:
    """A textualMod that names only its source and destination (what a synthetic or a simple amending
    instrument writes); one with its old or new words is the reader's."""
    hrefs: dict[str, str] = {}
    for child in tm:
        if not isinstance(child.tag, str):
            continue
        if child.tag not in (f"{A}source", f"{A}destination"):
            raise OtherShapeError
        if child.get("href") is not None:
            hrefs.setdefault(child.tag, child.get("href", ""))
    return Modification(
        tm.get("eId", ""), tm.get("type", ""), hrefs.get(f"{A}source", ""), hrefs.get(f"{A}destination", "")
    )


def _any_omitted(doc: etree._Element) -> bool:
    return next(doc.iter(OMISSIS), None) is not None


@functools.cache
def _snake(name: str) -> str:
    return _camel_to_snake(name)  # a regular expression per event: a handful of names, each once


def _units(el: etree._Element) -> list[tuple[etree._Element, str, str]]:
    """The units below a wrapper without an identity (``el``, a unit's tag without an eId), each with its
    tag and eId; a unit the reader would name itself (no eId) sends the file to the reader."""
    if el.tag in OWN_UNITS or el.get(XML_ID) is not None:
        raise OtherShapeError
    out: list[tuple[etree._Element, str, str]] = []
    for child in el:
        tag = child.tag
        if tag in UNIT_TAGS:
            eid = child.get("eId")
            if eid:
                out.append((child, tag, eid))
            else:
                out.extend(_units(child))
    return out


# What a unit's child is to it (``_walk``): one dict look-up per child instead of a chain of tests.
_NUM, _HEADING, _FROM, _CONTENT, _HELD, _UNIT = range(1, 7)
_ROLES: dict[object, int] = {
    NUM: _NUM,
    HEADING: _HEADING,
    FROM: _FROM,
    **dict.fromkeys(CONTENTS, _CONTENT),
    **dict.fromkeys(HELD, _HELD),
    **dict.fromkeys(UNIT_TAGS, _UNIT),
}
PB = (P, BLOCK)


def _walk(
    el: etree._Element,
    tag: str,
    eid: str,
    article: str,
    label: str,
    groups: dict[str, list[Any]],
    refs: list[RefRow],
) -> None:
    """One unit (and the units below it), as ``units.build_provision`` reads it, its row added straight
    to its article's passage in ``groups`` (article eId -> label, num, heading, headings, texts: what
    :func:`passages_of` makes of the provisions, without a row per provision). Each child's tag is read
    once and looked up once (``_ROLES``); a paragraph without markup is taken without a call."""
    num = heading = ""
    holder = tag in HOLDER_TAGS
    blocks: list[etree._Element] = []
    below: list[tuple[etree._Element, str, str]] = []
    for child in el:
        ctag = child.tag
        role = _ROLES.get(ctag)
        if role is None:
            continue
        if role == _UNIT:
            own = child.get("eId")
            if own:
                below.append((child, ctag, own))
            else:
                below.extend(_units(child))
        elif role == _CONTENT:
            for g in child:  # as units._blocks: the paragraphs at any depth, in document order
                if len(g):
                    blocks.extend(g.iter(P, BLOCK))
                elif g.tag in PB:
                    blocks.append(g)
        elif role == _NUM:
            num = " ".join((child.text or "").split()) if len(child) == 0 else _plain(child)
        elif role == _HEADING or (role == _FROM and not heading):
            heading = " ".join((child.text or "").split()) if len(child) == 0 else _plain(child)
        elif role == _HELD and holder:
            if len(child):
                blocks.extend(child.iter(P, BLOCK))
            elif ctag in PB:
                blocks.append(child)
    if tag == ARTICLE or not article:
        article, label = eid, f"{num} {heading}".strip() if heading else num
    if len(blocks) == 1 and len(blocks[0]) == 0:  # one paragraph of text alone: the common case
        text = _folded(blocks[0].text or "")
    elif blocks:
        text = _text(blocks, eid, refs)
    else:
        text = ""
    if text or heading:
        group = groups.get(article)
        if group is None:
            own_row = eid == article
            group = groups[article] = [label, num if own_row else "", heading if own_row else "", [], []]
        if num or heading:
            group[3].append(f"{num} {heading}".strip())
        if text:
            group[4].append(text)
    for unit, utag, ueid in below:
        _walk(unit, utag, ueid, article, label, groups, refs)


def _folded(text: str) -> str:
    """``" ".join(text.split())``, without splitting a text that has nothing to fold: one whose only
    whitespace is single spaces between words (every other character ``split`` splits at is not
    printable, checked for every code point; about half the cost of a paragraph's split and join)."""
    if "  " not in text and text.isprintable() and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _text(blocks: list[etree._Element], eid: str, refs: list[RefRow]) -> str:
    """A unit's own text from its paragraphs (one a line), its references appended to ``refs`` when it
    has any text; "" when every paragraph is only an omissis."""
    own: list[RefRow] = []
    omitted = 0
    texts: list[str] = []
    for block in blocks:
        if len(block) == 0:  # text alone
            texts.append(_folded(block.text or ""))
            continue
        raw = "".join(block.itertext())  # type: ignore[arg-type]
        if OMISSIS_TEXT in raw or next(block.iter(OMISSIS), None) is not None:  # an omissis (or "[…]")
            text, only_omissis = _flatten(block, eid, own)
            texts.append(text)
            omitted += only_omissis
            continue
        texts.append(" ".join(raw.split()))
        _refs(block, eid, own)
    if omitted and omitted == len(blocks):
        return ""
    text = texts[0] if len(texts) == 1 else "\n".join(texts)
    if text:
        refs.extend(own)
    return text


def _refs(node: etree._Element, eid: str, out: list[RefRow]) -> None:
    """The references in ``node`` and below, in document order (as ``node.iter(REF)``)."""
    for child in node:
        if child.tag == REF:
            out.append(RefRow(eid, child.get("href", ""), _plain(child)))
        if len(child):
            _refs(child, eid, out)


def _plain(el: etree._Element) -> str:
    if len(el) == 0:
        return " ".join((el.text or "").split())
    return " ".join("".join(el.itertext()).split())  # type: ignore[arg-type]


def _flatten(block: etree._Element, eid: str, refs: list[RefRow]) -> tuple[str, bool]:
    """One block's text (omissis as '[…]', whitespace folded) and whether it holds only an omissis, as
    ``units._flatten`` reads it; its references appended to ``refs``."""
    out: list[str] = []
    seen = [False, False]  # text, omissis

    def visit(node: etree._Element) -> None:
        if node.text:
            out.append(node.text)
            seen[0] = seen[0] or bool(node.text.strip())
        for child in node:
            tag = child.tag
            if tag == OMISSIS:
                seen[1] = True
                out.append(OMISSIS_TEXT)
            elif tag == REF:
                start = len(out)
                visit(child)
                refs.append(RefRow(eid, child.get("href", ""), " ".join("".join(out[start:]).split())))
            elif isinstance(tag, str):
                visit(child)
            if child.tail:
                out.append(child.tail)
                seen[0] = seen[0] or bool(child.tail.strip())

    visit(block)
    return " ".join("".join(out).split()), seen[1] and not seen[0]
