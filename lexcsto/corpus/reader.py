"""Files to model: read ``texts/`` (Akoma Ntoso + ``sources.yaml``) into frozen values.

The loader reads; it never writes. It turns what it cannot understand into a :class:`LoadError` with the
file and line; what it can read but finds wrong (a dangling reference, two chosen dates) is left to
:mod:`lexcsto.corpus.validation`, which collects every problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import cast

import yaml
from lxml import etree

from lexcsto.corpus.akn import AKN_NS, LX_NS, line_of, local_name, parse_file, xpath
from lexcsto.corpus.files import read_text
from lexcsto.corpus.model import (
    DateClaim,
    Editorial,
    Event,
    Expression,
    Fragment,
    Inline,
    Lines,
    Modification,
    Provision,
    Relation,
    Source,
    StatedReference,
    Work,
)
from lexcsto.corpus.vocabulary import EDITORIAL_FIELDS, EditorialField
from lexcsto.corpus.yamlfiles import compose_yaml, load_yaml
from lexcsto.errors import LoadError

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
# Inline elements whose span we keep, with the attribute that says what they point at.
INLINE_TARGETS = {"ref": "href", "term": "refersTo", "def": "refersTo"}
SOURCE_FILE_RE = re.compile(
    r"^(?P<lang>[a-z]{3})@(?P<date>\d{4}-\d{2}-\d{2})(?:\.(?P<source>[\w.-]+))?\.xml$"
)
OMISSIS_TEXT = "[…]"
# The document's own containers outside the body.
CONTAINERS = ("preface", "preamble", "conclusions")
# Elements whose paragraphs sit directly inside them (not in a <content>): those paragraphs are their text.
TEXT_HOLDERS = (*CONTAINERS, "formula", "recital", "citation", "blockContainer")
# Provisions quoted inside an amending instrument belong to the work they amend, not to the instrument.
QUOTED_STRUCTURES = ("quotedStructure", "embeddedStructure")


def parse_date(value: str, path: Path, line: int | None, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise LoadError(path, line, f"{what} {value!r} is not a date", expected="YYYY-MM-DD") from None


def _camel_to_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


# --------------------------------------------------------------------------------------------- sources


def load_sources(path: Path) -> tuple[Source, ...]:
    """Read ``sources.yaml``: a list of mappings with id, file, title, kind, date, description."""
    text = read_text(path)
    node = compose_yaml(text, str(path))
    data = load_yaml(text, str(path))
    if not isinstance(data, list) or node is None or not isinstance(node, yaml.SequenceNode):
        raise LoadError(path, 1, "sources file is not a list", expected="a YAML list of sources")
    sources: list[Source] = []
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise LoadError(
                path, line, "source entry is not a mapping", expected="id, file, title, kind, date"
            )
        missing = [k for k in ("id", "file", "title", "kind") if not item.get(k)]
        if missing:
            raise LoadError(
                path, line, f"source entry lacks {', '.join(missing)}", expected="id, file, title, kind"
            )
        sources.append(
            Source(
                id=str(item["id"]),
                filename=str(item["file"]),
                title=str(item["title"]),
                kind=str(item["kind"]),
                date=str(item.get("date", "")),
                description=str(item.get("description", "")).strip(),
            )
        )
    return tuple(sources)


# --------------------------------------------------------------------------------------------- text


def _own_text(el: etree._Element) -> tuple[str, tuple[Inline, ...], bool]:
    """The plain text of a provision's own content (not its child provisions), its inline spans, and
    whether the content is omitted as a whole."""
    blocks: list[etree._Element] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = local_name(child)
        if name in ("content", "intro", "wrapUp") or (
            local_name(el) in TEXT_HOLDERS and name in ("p", "longTitle", "block")
        ):
            blocks.extend(
                c
                for c in child.iter()
                if isinstance(c.tag, str) and local_name(c) in ("p", "block") and not _quoted(c, child)
            )
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


def _quoted(el: etree._Element, stop: etree._Element) -> bool:
    """True when ``el`` sits inside a quoted structure below ``stop``."""
    for anc in el.iterancestors():
        if anc is stop:
            return False
        if local_name(anc) in QUOTED_STRUCTURES:
            return True
    return False


def _flatten(block: etree._Element, offset: int) -> tuple[str, list[Inline], bool]:
    """Flatten one <p>: text with inline elements' text; omissis becomes '[…]'."""
    out: list[str] = []
    spans: list[Inline] = []
    has_text = False
    has_omissis = False

    def visit(node: etree._Element) -> None:
        nonlocal has_text, has_omissis
        if node.text:
            out.append(node.text)
            has_text = has_text or bool(node.text.strip())
        for child in node:
            if isinstance(child.tag, str):
                name = local_name(child)
                if name == "omissis":
                    has_omissis = True
                    out.append(OMISSIS_TEXT)
                elif name in ("authorialNote", "noteRef", *QUOTED_STRUCTURES):
                    pass  # notes are apparatus; quoted structures are the text of another work
                else:
                    start = offset + sum(len(s) for s in out)
                    visit(child)
                    end = offset + sum(len(s) for s in out)
                    attr = INLINE_TARGETS.get(name)
                    if attr is not None:
                        covered = "".join(out)[start - offset : end - offset]
                        spans.append(Inline(name, start, end, covered, child.get(attr, "")))
            if child.tail:
                out.append(child.tail)
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


def _text_of(el: etree._Element | None) -> str:
    return " ".join("".join(str(t) for t in el.itertext()).split()) if el is not None else ""


def build_provision(el: etree._Element) -> Provision:
    """An AKN hierarchical element (with its subtree) as a Provision."""
    num = heading = ""
    children: list[Provision] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = local_name(child)
        if name == "num":
            num = _text_of(child)
        elif name == "heading":
            heading = _text_of(child)
        elif name in HIERARCHY:
            if child.get("eId"):
                children.append(build_provision(child))
            else:
                children.extend(build_provision(g) for g in _eid_descendants(child))
    text, inlines, omitted = _own_text(el)
    return Provision(
        eid=el.get("eId", ""),
        kind=local_name(el),
        num=num,
        heading=heading,
        text=text,
        omitted=omitted,
        wid=el.get("wId", ""),
        children=tuple(children),
        inlines=inlines,
        line=line_of(el),
    )


def _eid_descendants(el: etree._Element) -> Iterable[etree._Element]:
    for child in el:
        if isinstance(child.tag, str) and local_name(child) in HIERARCHY:
            if child.get("eId"):
                yield child
            else:
                yield from _eid_descendants(child)


def _top_provisions(doc: etree._Element) -> tuple[Provision, ...]:
    provisions: list[Provision] = []
    for container in ("preface", "preamble", "body", "mainBody", "conclusions"):
        for part in xpath(doc, "a:" + container):
            if local_name(part) in CONTAINERS:
                # Preface, preamble and final clauses are read as provisions named after themselves.
                built = build_provision(part)
                provisions.append(replace(built, eid=built.eid or container))
                continue
            provisions.extend(build_provision(el) for el in _eid_descendants(part))
    return tuple(provisions)


def element_text(el: etree._Element) -> str:
    """The text a provenance fragment covers: a provision's own content, or a num/heading element's text."""
    if local_name(el) in HIERARCHY:
        text, _, omitted = _own_text(el)
        return "" if omitted else text
    return _text_of(el)


# --------------------------------------------------------------------------------------------- files


@dataclass
class WorkFacts:
    """Work-level facts read from one expression file, merged across files by the loader."""

    uri: str
    short: str
    title: str
    subtype: str
    date: date
    path: Path
    aliases: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    claims: list[DateClaim] = field(default_factory=list)
    modifications: list[Modification] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    status: str = ""
    notes: list[str] = field(default_factory=list)
    external: bool = False
    default_expression: bool = False
    status_as_of: str = ""
    status_source: str = ""
    status_lines: Lines | None = None
    editorial: list[Editorial] = field(default_factory=list)
    references: list[StatedReference] = field(default_factory=list)


def _ref_id(value: str | None) -> str:
    return (value or "").lstrip("#")


def _one(doc: etree._Element, expr: str, path: Path, what: str) -> etree._Element:
    found = xpath(doc, expr)
    if not found:
        raise LoadError(path, line_of(doc), f"missing {what}", expected=f"an element {expr}")
    el: etree._Element = found[0]
    return el


def read_expression(path: Path, root: etree._Element | None = None) -> tuple[WorkFacts, Expression]:
    """Read one expression file (or its already parsed ``root``) into its work facts and its expression."""
    if root is None:
        root = parse_file(path)
    if root.tag != f"{{{AKN_NS}}}akomaNtoso":
        raise LoadError(
            path,
            line_of(root),
            f"root element is {root.tag}",
            expected="akomaNtoso in the AKN 3.0 namespace",
        )
    docs = [c for c in root if isinstance(c.tag, str)]
    if not docs:
        raise LoadError(
            path, line_of(root), "no document inside akomaNtoso", expected="an act or doc element"
        )
    doc = docs[0]
    ident = _one(doc, "a:meta/a:identification", path, "identification")
    work_uri = _one(ident, "a:FRBRWork/a:FRBRuri", path, "FRBRWork/FRBRuri").get("value", "")
    expr_uri = _one(ident, "a:FRBRExpression/a:FRBRuri", path, "FRBRExpression/FRBRuri").get("value", "")
    work_date_el = _one(ident, "a:FRBRWork/a:FRBRdate", path, "FRBRWork/FRBRdate")
    version_el = _one(ident, "a:FRBRExpression/a:FRBRdate", path, "FRBRExpression/FRBRdate")
    language = _one(ident, "a:FRBRExpression/a:FRBRlanguage", path, "FRBRlanguage").get("language", "")
    aliases = {a.get("name", ""): a.get("value", "") for a in xpath(ident, "a:FRBRWork/a:FRBRalias")}
    other_aliases = [
        a.get("value", "")
        for a in xpath(ident, "a:FRBRWork/a:FRBRalias")
        if a.get("name") not in ("title", "short")
    ]
    subtype_el = xpath(ident, "a:FRBRWork/a:FRBRsubtype")
    author = xpath(ident, "a:FRBRExpression/a:FRBRauthor/@href")
    source = _ref_id(author[0]) if author else ""
    if source in ("lexcsto", ""):
        source = ""

    references = {el.get("eId", ""): el for el in xpath(doc, "a:meta/a:references/*")}
    # One pass over the tree: looking an eId up by XPath for every fragment would be quadratic.
    by_eid = {el.get("eId", ""): el for el in doc.iter(f"{{{AKN_NS}}}*") if el.get("eId") is not None}
    facts = WorkFacts(
        uri=work_uri,
        short=aliases.get("short", path.parent.name),
        title=aliases.get("title", ""),
        subtype=subtype_el[0].get("value", "") if subtype_el else doc.get("name", ""),
        date=parse_date(work_date_el.get("date", ""), path, line_of(work_date_el), "work date"),
        path=path,
        aliases=other_aliases,
        external=not work_uri.startswith("/akn/aa-csto/"),
    )
    for ev in xpath(doc, "a:meta/a:lifecycle/a:eventRef"):
        kind = _camel_to_snake(_ref_id(ev.get("refersTo")) or ev.get("type", "generation"))
        src = references.get(_ref_id(ev.get("source")))
        instrument = ""
        if src is not None and local_name(src) != "original":
            instrument = src.get("href", "")
        facts.events.append(
            Event(parse_date(ev.get("date", ""), path, line_of(ev), "event date"), kind, instrument)
        )
    for mod in xpath(doc, "a:meta/a:analysis/a:activeModifications/a:textualMod"):
        facts.modifications.append(_modification(by_eid, mod))
    _read_lx_work(doc, facts, path)

    version = parse_date(version_el.get("date", ""), path, line_of(version_el), "version date")
    provisions = _top_provisions(doc)
    texts = {p.eid: p for top in provisions for p in top.walk()}
    fragments = _fragments(doc, by_eid, texts, path)
    translation = ""
    lx_expr = xpath(doc, "a:meta/a:proprietary/lx:work/lx:expression")
    if lx_expr:
        translation = lx_expr[0].get("translation", "")
    if not translation and source:
        src_ref = references.get(source)
        label = src_ref.get("showAs", source) if src_ref is not None else source
        translation = f"{'English' if language == 'eng' else language} rendering quoted in {label}"
    expression = Expression(
        work=work_uri,
        uri=expr_uri,
        language=language,
        date=version,
        source=source,
        translation=translation,
        provisions=provisions,
        fragments=fragments,
        path=str(path),
    )
    return facts, expression


def _modification(by_eid: dict[str, etree._Element], mod: etree._Element) -> Modification:
    src = xpath(mod, "a:source/@href")
    dst = xpath(mod, "a:destination/@href")
    old_el = xpath(mod, "a:old")
    new_el = xpath(mod, "a:new")
    new_text = ""
    new_provision: Provision | None = None
    if new_el:
        href = new_el[0].get("href", "")
        found = by_eid.get(_ref_id(href)) if href.startswith("#") else None
        target = [found] if found is not None else []
        if target:
            quoted = target[0]
            inner = list(_eid_descendants(quoted)) if local_name(quoted) == "quotedStructure" else [quoted]
            if local_name(quoted) == "quotedText":
                new_text = _text_of(quoted)
            elif inner:
                new_provision = _unprefix(build_provision(inner[0]))
        else:
            new_text = _text_of(new_el[0])
    old_text = ""
    if old_el:
        # The old words are the element's text, or (the schema's form) the quotedText its href names.
        href = old_el[0].get("href", "")
        quoted_old = by_eid.get(_ref_id(href)) if href.startswith("#") else None
        old_text = _text_of(quoted_old if quoted_old is not None else old_el[0])
    return Modification(
        eid=mod.get("eId", ""),
        kind=mod.get("type", ""),
        source=src[0] if src else "",
        destination=dst[0] if dst else "",
        old=old_text,
        old_unknown=bool(old_el) and not old_text,
        new=new_text,
        new_provision=new_provision,
    )


_QUOTED_PREFIX = re.compile(r"^.*?__qstr_\d+__")


def _unprefix(p: Provision) -> Provision:
    """Provisions quoted inside an amending instrument carry eIds prefixed by their quotedStructure
    (``para_1__point_c__mod_1__qstr_1__art_4``); the text they enact uses the plain eId (``art_4``)."""
    return replace(p, eid=_QUOTED_PREFIX.sub("", p.eid), children=tuple(_unprefix(c) for c in p.children))


def _lines(value: str | None, path: Path, line: int | None) -> Lines | None:
    if not value:
        return None
    try:
        return Lines.parse(value)
    except ValueError as err:
        raise LoadError(path, line, str(err), expected='lines="START-END"') from None


def _read_lx_work(doc: etree._Element, facts: WorkFacts, path: Path) -> None:
    for block in xpath(doc, "a:meta/a:proprietary/lx:work"):
        facts.status = block.get("status", facts.status)
        if block.get("statusAsOf"):
            facts.status_as_of = block.get("statusAsOf", "")
            facts.status_source = _ref_id(block.get("statusSource"))
            facts.status_lines = _lines(block.get("statusLines"), path, line_of(block))
        for child in block:
            if not isinstance(child.tag, str) or etree.QName(child).namespace != LX_NS:
                continue
            name = local_name(child)
            line = line_of(child)
            if name == "party":
                facts.parties.append(child.get("name", ""))
            elif name == "relation":
                facts.relations.append(
                    Relation(
                        kind=child.get("kind", ""),
                        target=child.get("href", ""),
                        note=child.get("note", ""),
                        source=_ref_id(child.get("source")),
                        lines=_lines(child.get("lines"), path, line),
                        provisions=tuple(child.get("provisions", "").split()),
                    )
                )
            elif name == "dateClaim":
                facts.claims.append(
                    DateClaim(
                        kind=child.get("kind", ""),
                        value=child.get("value", ""),
                        source=_ref_id(child.get("source")),
                        lines=_lines(child.get("lines"), path, line),
                        chosen=child.get("chosen") == "true",
                        note=child.get("note", ""),
                    )
                )
            elif name == "reference":
                facts.references.append(
                    StatedReference(
                        eid=child.get("eId", ""),
                        href=child.get("href", ""),
                        text=child.get("text", ""),
                        source=_ref_id(child.get("source")),
                        lines=_lines(child.get("lines"), path, line),
                        note=child.get("note", ""),
                    )
                )
            elif name == "editorial":
                kind = child.get("field", "")
                if kind not in EDITORIAL_FIELDS:
                    raise LoadError(
                        path, line, f"editorial field {kind!r}", expected=" | ".join(EDITORIAL_FIELDS)
                    )
                facts.editorial.append(Editorial(cast(EditorialField, kind), child.get("note", "")))
            elif name == "expression":
                facts.default_expression = child.get("default") == "true"
            elif name == "note":
                facts.notes.append(_text_of(child))


def _fragments(
    doc: etree._Element, by_eid: dict[str, etree._Element], provisions: dict[str, Provision], path: Path
) -> tuple[Fragment, ...]:
    out: list[Fragment] = []
    for frag in xpath(doc, "a:meta/a:proprietary/lx:provenance/lx:fragment"):
        eid = frag.get("eId", "")
        lines = _lines(frag.get("lines"), path, line_of(frag))
        if lines is None:
            raise LoadError(path, line_of(frag), f"fragment {eid} has no lines", expected='lines="START-END"')
        known = provisions.get(eid)
        if known is not None:  # the provision's text was just built: do not flatten it again
            text = "" if known.omitted else known.text
        else:
            target = by_eid.get(eid)
            text = element_text(target) if target is not None else ""
        cleans = tuple((c.get("from", ""), c.get("to", "")) for c in frag if local_name(c) == "clean")
        out.append(
            Fragment(
                eid, _ref_id(frag.get("source")), lines, text, cleans, frag.get("note", ""), frag.get("at", "")
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------------------------- corpus


def expression_files(folder: Path) -> list[Path]:
    """Every expression file under ``folder``, in a stable order."""
    return sorted(p for p in folder.rglob("*.xml") if not p.name.startswith("."))


def read_corpus(folder: Path) -> tuple[tuple[Work, ...], tuple[Source, ...], dict[str, str]]:
    """Read every file; merge work facts; return works, sources and the default expression keys."""
    if not folder.is_dir():
        raise LoadError(folder, None, "corpus folder does not exist", expected="a folder of AKN files")
    sources_path = folder / "sources.yaml"
    sources = load_sources(sources_path) if sources_path.exists() else ()
    merged: dict[str, WorkFacts] = {}
    expressions: dict[str, list[Expression]] = {}
    defaults: dict[str, str] = {}
    for path in expression_files(folder):
        facts, expression = read_expression(path)
        expressions.setdefault(facts.uri, []).append(expression)
        if facts.default_expression:
            defaults[f"{expression.uri}"] = expression.key
        known = merged.get(facts.uri)
        if known is None:
            merged[facts.uri] = facts
        else:
            _merge(known, facts)
    works = tuple(
        Work(
            uri=f.uri,
            short=f.short,
            title=f.title,
            doctype="act",
            subtype=f.subtype,
            date=f.date,
            events=tuple(sorted(set(f.events), key=lambda e: (e.date, e.kind))),
            date_claims=tuple(dict.fromkeys(f.claims)),
            relations=tuple(dict.fromkeys(f.relations)),
            modifications=tuple(dict.fromkeys(f.modifications)),
            expressions=tuple(sorted(expressions[f.uri], key=lambda e: (e.date, e.language, e.source))),
            aliases=tuple(dict.fromkeys(f.aliases)),
            parties=tuple(dict.fromkeys(f.parties)),
            external=f.external,
            status=f.status,
            notes=tuple(dict.fromkeys(f.notes)),
            status_as_of=f.status_as_of,
            status_source=f.status_source,
            status_lines=f.status_lines,
            editorial=tuple(dict.fromkeys(f.editorial)),
            references=tuple(dict.fromkeys(f.references)),
        )
        for f in sorted(merged.values(), key=lambda f: (f.date, f.uri))
    )
    return works, sources, defaults


def _merge(into: WorkFacts, other: WorkFacts) -> None:
    into.title = into.title or other.title
    into.status = into.status or other.status
    into.aliases += other.aliases
    into.events += other.events
    into.relations += other.relations
    into.claims += other.claims
    into.modifications += other.modifications
    into.parties += other.parties
    into.notes += other.notes
    into.editorial += other.editorial
    into.references += other.references
    if other.status_as_of and not into.status_as_of:
        into.status_as_of, into.status_source = other.status_as_of, other.status_source
        into.status_lines = other.status_lines


def bundled_folder(name: str) -> Path:
    """Where the bundled ``texts``/``annotations`` live: inside an installed wheel, or in the checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_bundled" / name
    return packaged if packaged.is_dir() else here.parent / name
