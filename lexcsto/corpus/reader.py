"""Files to model: read ``texts/`` (Akoma Ntoso + ``sources.yaml``) into frozen values.

The loader reads; it never writes. It turns what it cannot understand into a :class:`LoadError` with the
file and line; what it can read but finds wrong (a dangling reference, two chosen dates) is left to
:mod:`lexcsto.corpus.validation`, which collects every problem.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import yaml
from lxml import etree

from lexcsto.corpus.akn import (
    AKN_NS,
    LX_NS,
    MAX_FILE_BYTES,
    Meta,
    children_of,
    line_of,
    local_name,
    parse_bytes,
    parse_file,
    proxies,
    xpath,
)
from lexcsto.corpus.conventions import Naming, unit_table
from lexcsto.corpus.files import read_bytes, read_text
from lexcsto.corpus.model import (
    DateClaim,
    Editorial,
    Event,
    Expression,
    Fragment,
    Lines,
    Modification,
    Provision,
    Relation,
    Source,
    StatedReference,
    Work,
    assembled,
    line_bounds,
)
from lexcsto.corpus.units import (  # HIERARCHY, OMISSIS_TEXT, element_text: moved there, still imported from here
    HIERARCHY as HIERARCHY,
)
from lexcsto.corpus.units import (
    OMISSIS_TEXT as OMISSIS_TEXT,
)
from lexcsto.corpus.units import (
    Skeleton,
    build_provision,
    document_title,
    eid_descendants,
    text_of,
    top_provisions,
)
from lexcsto.corpus.units import (
    element_text as element_text,
)
from lexcsto.corpus.uri import short_name, split_href
from lexcsto.corpus.vocabulary import EDITORIAL_FIELDS
from lexcsto.corpus.yamlfiles import compose_yaml, construct_yaml
from lexcsto.errors import LoadError, Problem

SOURCE_FILE_RE = re.compile(
    r"^(?P<lang>[a-z]{3})@(?P<date>\d{4}-\d{2}-\d{2})(?:\.(?P<source>[\w.-]+))?\.xml$"
)
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\d:.+-]*Z?)?$")


def parse_frbr_date(value: str, path: Path, line: int | None, what: str) -> date:
    """A date as FRBR metadata writes it: ``2024-03-01``, or year-only ``2024`` (read as 1 January),
    as Laws.Africa writes a work dated by its year; a time after the date is ignored.

    >>> parse_frbr_date("2024", Path("x.xml"), 3, "work date")
    datetime.date(2024, 1, 1)
    >>> parse_frbr_date("1992-05-15T00:00:00", Path("x.xml"), 3, "work date")
    datetime.date(1992, 5, 15)
    """
    found = _frbr_date(value)
    return found if found is not None else parse_date(value, path, line, what)


# A file gives four or five dates, a corpus a few hundred distinct ones: a look-up instead of a regular
# expression and a date per event.
@functools.lru_cache(maxsize=8192)
def _frbr_date(value: str) -> date | None:
    """The date of :func:`parse_frbr_date`'s forms, or None (then :func:`parse_date` says what is wrong)."""
    m = _PARTIAL_DATE.match(value.strip())
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def parse_date(value: str, path: Path, line: int | None, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise LoadError(path, line, f"{what} {value!r} is not a date", expected="YYYY-MM-DD") from None


@functools.lru_cache(maxsize=256)  # an event kind per event, from a few dozen names
def _camel_to_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


# --------------------------------------------------------------------------------------------- sources


def load_sources(path: Path) -> tuple[Source, ...]:
    """Read ``sources.yaml``: a list of mappings with id, file, title, kind, date, description and the
    optional short name readers cite it by."""
    text = read_text(path)
    node = compose_yaml(text, str(path))
    # The value from the nodes just composed (composing was half of reading the file): a sequence's items
    # keep their nodes, whose lines are read below.
    data = construct_yaml(node, text, str(path))
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
                short=str(item.get("short", "")).strip(),
            )
        )
    return tuple(sources)


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
    doctype: str = "act"
    date_as_written: str = ""
    warnings: list[Problem] = field(default_factory=list)


def _ref_id(value: str | None) -> str:
    return (value or "").lstrip("#")


def read_expression(path: Path, root: etree._Element | None = None) -> tuple[WorkFacts, Expression]:
    """Read one expression file (or its already parsed ``root``) into its work facts and its expression.

    Identity comes from the FRBR metadata alone; what a producer writes differently from the edition but
    within AKN (a year-only date, a two-letter language, units without eIds) is read and noted in
    ``facts.warnings``.
    """
    return _read(path, root, None)


def read_skeleton(
    path: Path, root: etree._Element | None = None
) -> tuple[WorkFacts, Expression, tuple[str, ...]]:
    """What validation needs of one file (issue 13): the facts and warnings :func:`read_expression`
    gives, less the modifications (validation checks their sources and destinations on the tree; reading
    one builds the provision it restates and the file's table of eIds), the expression without provisions
    or fragments (the fragments' lines are still checked), and the eIds of the provisions it would hold,
    in ``walk()`` order. Building the provisions and flattening their text is most of the cost of reading
    a file, and validation reads neither."""
    facts, expression, skeleton = read_skeleton_of(path, root)
    return facts, expression, tuple(skeleton.eids)


def read_skeleton_of(
    path: Path, root: etree._Element | None = None
) -> tuple[WorkFacts, Expression, Skeleton]:
    """:func:`read_skeleton` with the :class:`Skeleton` itself (its ``meta``: the document's meta
    children, which validation's rules read too)."""
    skeleton = Skeleton()
    facts, expression = _read(path, root, skeleton)
    return facts, expression, skeleton


def _read(path: Path, root: etree._Element | None, skeleton: Skeleton | None) -> tuple[WorkFacts, Expression]:
    """:func:`read_expression`, or with a ``skeleton`` :func:`read_skeleton` (the eIds go to it)."""
    if root is None:
        root = parse_file(path)
    _check_root(root, path)
    doc = next((c for c in root if isinstance(c.tag, str)), None)
    if doc is None:
        raise LoadError(
            path, line_of(root), "no document inside akomaNtoso", expected="an act, judgment, debate, ..."
        )
    warnings: list[Problem] = []
    meta = Meta(doc)
    if skeleton is not None:
        skeleton.meta = meta  # validation's rules read the same paths of the same document
    idents = meta.at(_A + "identification")
    if not idents:
        raise LoadError(
            path, line_of(doc), "missing identification", expected="an element a:meta/a:identification"
        )
    ident = idents[0]
    frbr = _Frbr(ident)
    work_uri = frbr.uri("FRBRWork", path)
    expr_uri = frbr.uri("FRBRExpression", path)
    work_date_el = frbr.one("FRBRWork", "FRBRdate", path)
    version_el = frbr.one("FRBRExpression", "FRBRdate", path)
    language_el = frbr.one("FRBRExpression", "FRBRlanguage", path, "FRBRlanguage")
    language = language_el.get("language", "")
    if len(language) == 2:
        wanted = unit_table().two_letter.get(language, "a three-letter code")
        warnings.append(
            Problem(
                str(path),
                line_of(language_el),
                f"[akn warning] language {language!r} is a two-letter code; read as written",
                f"ISO 639-2 as the naming convention wants: {wanted}",
                "warning",
            )
        )
    alias_els = frbr.all("FRBRWork", "FRBRalias")
    aliases = {a.get("name", ""): a.get("value", "") for a in alias_els if a.get("name")}
    unnamed = [a.get("value", "") for a in alias_els if not a.get("name")]
    other_aliases = [a.get("value", "") for a in alias_els if a.get("name") not in ("title", "short", None)]
    subtype_el = frbr.all("FRBRWork", "FRBRsubtype")
    references = {el.get("eId", ""): el for el in meta.at(_A + "references", None)}
    author = frbr.values("FRBRExpression", "FRBRauthor", "href")
    source = _ref_id(author[0]) if author else ""
    # The edition names the translation it follows as the expression's author (a TLCReference of a
    # source); other producers name an organisation or a person there, which is not a source.
    if source == "lexcsto" or local_name_or_none(references.get(source)) != "TLCReference":
        source = ""
    lx_work = meta.at(_PROPRIETARY, _LX_WORK)
    work_date_text = work_date_el.get("date", "")
    facts = WorkFacts(
        uri=work_uri,
        short=handle
        if (handle := aliases.get("short", "")) and not any(c.isspace() for c in handle)
        else short_name(work_uri),
        title=aliases.get("title")
        or (unnamed[0] if unnamed else "")
        or aliases.get("short", "")
        or document_title(doc),
        subtype=subtype_el[0].get("value", "") if subtype_el else doc.get("name", ""),
        date=parse_frbr_date(work_date_text, path, line_of(work_date_el), "work date"),
        path=path,
        aliases=other_aliases,
        external=(lx_work[0].get("external") == "true" or not work_uri.startswith("/akn/aa-csto/"))
        if lx_work
        else False,
        doctype=local_name(doc),
        date_as_written=work_date_text,
        warnings=warnings,
    )
    for ev in meta.at(_A + "lifecycle", _A + "eventRef"):
        kind = _camel_to_snake(_ref_id(ev.get("refersTo")) or ev.get("type", "generation"))
        src = references.get(_ref_id(ev.get("source")))
        instrument = ""
        if src is not None and local_name(src) != "original":
            instrument = src.get("href", "")
            if local_name(src) == "passiveRef":
                # Laws.Africa's amendments: the amending work's expression or portion names its work.
                instrument = split_href(instrument)[0] or instrument
        when = parse_frbr_date(ev.get("date", ""), path, line_of(ev), "event date")
        facts.events.append(Event(when, kind, instrument))
    by_eid = _ByEid(doc)
    if skeleton is None:  # validation reads the textualMods from the tree (see read_skeleton)
        for mod in xpath(doc, "a:meta/a:analysis/a:activeModifications/a:textualMod"):
            facts.modifications.append(_modification(by_eid, mod))
    _read_lx_work(lx_work, facts, path)

    version = parse_frbr_date(version_el.get("date", ""), path, line_of(version_el), "version date")
    naming = Naming(derive_all=not by_eid.any())
    provisions = top_provisions(doc, naming, skeleton)
    if naming.derived:
        warnings.append(
            Problem(
                str(path),
                line_of(doc),
                f"[akn warning] {naming.derived} units have no eId; eIds derived by the naming convention",
                "an eId on every unit",
                "warning",
            )
        )
    if not (
        skeleton.found
        if skeleton is not None
        else any(p.text or p.omitted for t in provisions for p in t.walk())
    ):
        warnings.append(
            Problem(
                str(path),
                line_of(doc),
                "[akn warning] no unit with text was found",
                "a body with units",
                "warning",
            )
        )
    texts = {p.eid: p for top in provisions for p in top.walk()}
    fragments = _fragments(meta, by_eid, texts, path, with_text=skeleton is None)
    translation = ""
    lx_expr = children_of(lx_work, f"{{{LX_NS}}}expression")
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


def local_name_or_none(el: etree._Element | None) -> str | None:
    return local_name(el) if el is not None else None


def _check_root(root: etree._Element, path: Path) -> None:
    if root.tag == f"{{{AKN_NS}}}akomaNtoso":
        return
    namespace = etree.QName(root).namespace or ""
    if namespace.startswith(AKN_NS + "/"):
        raise LoadError(
            path,
            line_of(root),
            f"root element is in the draft namespace {namespace} (a pre-release of AKN 3.0)",
            expected=f"the final AKN 3.0 namespace {AKN_NS}",
        )
    raise LoadError(
        path, line_of(root), f"root element is {root.tag}", expected="akomaNtoso in the AKN 3.0 namespace"
    )


class _Frbr:
    """The children of an identification's FRBRWork and FRBRExpression elements by level and name, in
    document order, read in one pass: what ``a:<level>/a:<name>`` selects, for the nine such paths the
    reader asks (one XPath call each cost more than the whole pass)."""

    def __init__(self, ident: etree._Element) -> None:
        self.ident = ident
        self._found: dict[tuple[str, str], list[etree._Element]] = {}
        for level in ident:
            name = _FRBR_LEVELS.get(level.tag)
            if name is None:
                continue
            for child in level:
                tag = child.tag  # read once: lxml builds the string at each read
                if isinstance(tag, str) and tag.startswith(_AKN_PREFIX):
                    self._found.setdefault((name, tag[len(_AKN_PREFIX) :]), []).append(child)

    def all(self, level: str, name: str) -> list[etree._Element]:
        """``a:<level>/a:<name>``."""
        return self._found.get((level, name), [])

    def values(self, level: str, name: str, attribute: str) -> list[str]:
        """``a:<level>/a:<name>/@<attribute>``."""
        return [v for el in self.all(level, name) if (v := el.get(attribute)) is not None]

    def one(self, level: str, name: str, path: Path, what: str = "") -> etree._Element:
        """The first ``a:<level>/a:<name>``, as :func:`_one` asks for it."""
        found = self.all(level, name)
        if not found:
            expr = f"a:{level}/a:{name}"
            raise LoadError(
                path,
                line_of(self.ident),
                f"missing {what or f'{level}/{name}'}",
                expected=f"an element {expr}",
            )
        return found[0]

    def uri(self, level: str, path: Path) -> str:
        """A work's or expression's FRBRuri; without one, its FRBRthis less the component (LEOS writes
        only FRBRthis)."""
        found = self.values(level, "FRBRuri", "value") or [
            v.split("/!", 1)[0] for v in self.values(level, "FRBRthis", "value")
        ]
        if not found or not found[0]:
            raise LoadError(
                path, line_of(self.ident), f"missing {level}/FRBRuri", expected="the FRBR URI of the document"
            )
        return found[0]


_AKN_PREFIX = f"{{{AKN_NS}}}"
_A = _AKN_PREFIX
_META = f"{_A}meta"
_PROPRIETARY = f"{_A}proprietary"
_LX_WORK = f"{{{LX_NS}}}work"
_LX_PREFIX = f"{{{LX_NS}}}"
_FRBR_LEVELS = {f"{_AKN_PREFIX}FRBRWork": "FRBRWork", f"{_AKN_PREFIX}FRBRExpression": "FRBRExpression"}


class _ByEid:
    """The document's AKN elements by eId, made on first look-up: most files never need it (a fragment
    names a provision, whose text is already built), and the walk costs as much as the file's metadata."""

    def __init__(self, doc: etree._Element) -> None:
        self.doc = doc
        self._found: dict[str, etree._Element] | None = None

    def get(self, eid: str) -> etree._Element | None:
        if self._found is None:
            self._found = {}
            for el in self.doc.iter(f"{{{AKN_NS}}}*"):
                value = el.get("eId")
                if value is not None:
                    self._found[value] = el
        return self._found.get(eid)

    def any(self) -> bool:
        """Whether any AKN element carries an eId (the walk stops at the first)."""
        if self._found is not None:
            return bool(self._found)
        return any(el.get("eId") is not None for el in self.doc.iter(f"{{{AKN_NS}}}*"))


def _modification(by_eid: _ByEid, mod: etree._Element) -> Modification:
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
            inner = list(eid_descendants(quoted)) if local_name(quoted) == "quotedStructure" else [quoted]
            if local_name(quoted) == "quotedText":
                new_text = text_of(quoted)
            elif inner:
                new_provision = _unprefix(build_provision(inner[0]))
        else:
            new_text = text_of(new_el[0])
    old_text = ""
    if old_el:
        # The old words are the element's text, or (the schema's form) the quotedText its href names.
        href = old_el[0].get("href", "")
        quoted_old = by_eid.get(_ref_id(href)) if href.startswith("#") else None
        old_text = text_of(quoted_old if quoted_old is not None else old_el[0])
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


def _read_lx_work(blocks: list[etree._Element], facts: WorkFacts, path: Path) -> None:
    """The edition's work metadata, from the ``a:meta/a:proprietary/lx:work`` elements ``blocks``."""
    for block in blocks:
        facts.status = block.get("status", facts.status)
        if block.get("statusAsOf"):
            facts.status_as_of = block.get("statusAsOf", "")
            facts.status_source = _ref_id(block.get("statusSource"))
            facts.status_lines = _lines(block.get("statusLines"), path, line_of(block))
        for child in block:
            tag = child.tag
            # In lexcsto's namespace: a prefix test, where a QName per child parsed the tag again.
            if not isinstance(tag, str) or not tag.startswith(_LX_PREFIX):
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
                facts.editorial.append(Editorial(kind, child.get("note", "")))
            elif name == "expression":
                facts.default_expression = child.get("default") == "true"
            elif name == "note":
                facts.notes.append(text_of(child))


def _fragments(
    meta: Meta,
    by_eid: _ByEid,
    provisions: dict[str, Provision],
    path: Path,
    *,
    with_text: bool = True,
) -> tuple[Fragment, ...]:
    out: list[Fragment] = []
    for frag in meta.at(_PROPRIETARY, f"{{{LX_NS}}}provenance", f"{{{LX_NS}}}fragment"):
        value = frag.get("lines")
        if not with_text and value and line_bounds(value) is not None:
            continue  # the skeleton: the lines checked (without building them), the text not read
        eid = frag.get("eId", "")
        lines = _lines(value, path, line_of(frag))
        if lines is None:
            raise LoadError(path, line_of(frag), f"fragment {eid} has no lines", expected='lines="START-END"')
        if not with_text:
            continue  # the skeleton: the lines checked, the text not read
        known = provisions.get(eid)
        if known is not None:  # the provision's text was just built: do not flatten it again
            text = "" if known.omitted else known.text
        else:
            target = by_eid.get(eid)
            text = element_text(target) if target is not None else ""
        cleans = (
            tuple((c.get("from", ""), c.get("to", "")) for c in frag if local_name(c) == "clean")
            if len(frag)
            else ()
        )
        out.append(
            assembled(  # Fragment(...) without the frozen __init__'s cost (see assembled)
                Fragment,
                eid=eid,
                source=_ref_id(frag.get("source")),
                lines=lines,
                text=text,
                cleans=cleans,
                note=frag.get("note", ""),
                at=frag.get("at", ""),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------------------------- corpus


def expression_files(folder: Path) -> list[Path]:
    """Every expression file under ``folder``, in a stable order."""
    return sorted(p for p in folder.rglob("*.xml") if not p.name.startswith("."))


@dataclass(frozen=True)
class CorpusFiles:
    """What a corpus folder holds: its works, its sources, the default expressions, and every file that
    could not be read (or was read with a warning), each as a problem. Read with ``lazy``, ``works`` is
    empty and ``lazy`` builds them on demand."""

    works: tuple[Work, ...]
    sources: tuple[Source, ...]
    defaults: dict[str, str]
    problems: tuple[Problem, ...]
    lazy: LazyWorks | None = None


@dataclass(frozen=True)
class WorkKey:
    """What a corpus knows of a work before its model is built: what finds it and what lists it."""

    uri: str
    short: str
    title: str
    external: bool


class LazyWorks:
    """The works of a folder read into memory, each built on first use (issue 13).

    Every file was read, parsed and its skeleton read (:func:`read_skeleton`: the facts, the warnings and
    the units' eIds) when the folder was read, so every problem a file has was found then: a file that
    cannot be read is left out at once, as before. What is kept of a file to build its work later is its
    bytes, not its tree (a parsed tree takes several times the file's size). A work is built from those
    bytes by the full reader, :func:`read_expression` on the same parse, so it is the value
    :func:`read_corpus` would have built; its bytes are dropped once it is.

    The full reader raises nothing the skeleton does not: it differs only in reading the textual
    modifications and the provisions' text, which raise no :class:`LoadError`
    (``tests/test_corpus_lazy.py`` holds the two readers to the same outcome on every file of ``tests/``).
    """

    def __init__(self, keys: tuple[WorkKey, ...], files: dict[str, list[tuple[Path, bytes]]]) -> None:
        self.keys = keys
        self._files = files
        self._built: dict[str, Work] = {}
        self._lock = threading.Lock()  # a served site may ask for one work from two threads

    def build(self, uri: str) -> Work:
        """The work ``uri`` (one of :attr:`keys`), built from the bytes read; once per work (the same
        object after)."""
        with self._lock:
            found = self._built.get(uri)
            if found is None:
                read = [_read(path, parse_bytes(data, path), None) for path, data in self._files[uri]]
                (found,), _ = assemble(read)
                self._built[uri] = found
                del self._files[uri]
            return found


def read_corpus(folder: Path, *, lazy: bool = False) -> CorpusFiles:
    """Read every file; merge work facts by work URI. A file that cannot be read is left out and reported
    in ``problems``, so that one bad file blocks nothing. With ``lazy``, each file's skeleton is read
    and the works are built on demand (:class:`LazyWorks`)."""
    require_folder(folder)
    problems: list[Problem] = []
    sources = folder_sources(folder, problems)
    if lazy:
        return _read_lazily(folder, sources, problems)
    read: list[tuple[WorkFacts, Expression]] = []
    seen: dict[str, str] = {}  # expression key -> the file that gave it
    for path in expression_files(folder):
        try:
            facts, expression = read_expression(path)
        except LoadError as err:
            problems.append(err.problem)
            continue
        problems.extend(facts.warnings)
        first = seen.get(expression.key)
        if first is not None:
            problems.append(duplicate_expression(expression, first))
            continue
        seen[expression.key] = str(path)
        read.append((facts, expression))
    works, defaults = assemble(read)
    return CorpusFiles(works, sources, defaults, tuple(problems))


def require_folder(folder: Path) -> None:
    """Raise :class:`LoadError` unless ``folder`` is a folder (a corpus to read)."""
    if not folder.is_dir():
        raise LoadError(folder, None, "corpus folder does not exist", expected="a folder of AKN files")


def folder_sources(folder: Path, problems: list[Problem]) -> tuple[Source, ...]:
    """The sources of a corpus folder (none without a ``sources.yaml``); a file that cannot be read is
    added to ``problems``, and gives none."""
    path = folder / "sources.yaml"
    if path.exists():
        try:
            return load_sources(path)
        except LoadError as err:
            problems.append(err.problem)
    return ()


@dataclass(frozen=True)
class Kept:
    """What a lazy load keeps of a file it read (and what a worker sends back): what finds, orders and
    lists its work, what names its expression, its warnings, and its bytes."""

    work: WorkKey
    date: date
    default: bool
    uri: str
    key: str
    source: str
    warnings: tuple[Problem, ...]
    data: bytes

    @classmethod
    def of(cls, facts: WorkFacts, expression: Expression, data: bytes) -> Kept:
        """What is kept of a file whose skeleton was read (:func:`read_skeleton`) from ``data``."""
        work = WorkKey(facts.uri, facts.short, facts.title, facts.external)
        return cls(work, facts.date, facts.default_expression, expression.uri, expression.key,
                   expression.source, tuple(facts.warnings), data)  # fmt: skip


def _read_kept(path: Path) -> Kept | Problem:
    """A file read into its facts and skeleton (every problem it has is found here), or the problem that
    left it out. In this process: read by two workers on this 2-core machine, 2,000 files took as long
    as here (their CPU was half as much again), so the load does not fork."""
    try:
        data = read_bytes(path, limit=MAX_FILE_BYTES)
        root = parse_bytes(data, path)
        held = proxies(root, len(data))  # noqa: F841  # kept while the file is read: see proxies
        facts, expression = _read(path, root, Skeleton())
    except LoadError as err:
        return err.problem
    return Kept.of(facts, expression, data)


def _read_lazily(folder: Path, sources: tuple[Source, ...], problems: list[Problem]) -> CorpusFiles:
    """:func:`read_corpus` with ``lazy``."""
    paths = expression_files(folder)
    return lazy_files(paths, map(_read_kept, paths), sources, problems)


def lazy_files(
    paths: Iterable[Path],
    outcomes: Iterable[Kept | Problem],
    sources: tuple[Source, ...],
    problems: list[Problem],
) -> CorpusFiles:
    """A lazy corpus from what was kept of each file of a folder (or the problem that left it out), in
    the order of :func:`expression_files`: :func:`read_corpus`'s problems in the same order (after
    ``problems``, the sources file's), the same defaults, and the works' keys in the order of its works
    (by date, then URI, of each work's first file; a later file gives a title only where the first has
    none, as :func:`_merge` does). Validation that loads what it checks gives it its outcomes
    (:func:`lexcsto.corpus.validation.load_and_validate`)."""
    seen: dict[str, str] = {}  # expression key -> the file that gave it
    firsts: dict[str, tuple[WorkKey, date]] = {}
    kept: dict[str, list[tuple[Path, bytes]]] = {}  # work URI -> its files' bytes, in order
    defaults: dict[str, str] = {}
    for path, outcome in zip(paths, outcomes, strict=True):
        if isinstance(outcome, Problem):
            problems.append(outcome)
            continue
        problems.extend(outcome.warnings)
        first = seen.get(outcome.key)
        if first is not None:
            problems.append(duplicate_of(str(path), outcome.uri, outcome.source, first))
            continue
        seen[outcome.key] = str(path)
        work = outcome.work
        known = firsts.get(work.uri)
        if known is None:
            firsts[work.uri] = (work, outcome.date)
        elif not known[0].title and work.title:
            firsts[work.uri] = (replace(known[0], title=work.title), known[1])
        kept.setdefault(work.uri, []).append((path, outcome.data))
        if outcome.default:
            defaults[outcome.uri] = outcome.key
    order = sorted(firsts.values(), key=lambda k: (k[1], k[0].uri))
    return CorpusFiles((), sources, defaults, tuple(problems), LazyWorks(tuple(k for k, _ in order), kept))


def assemble(read: Iterable[tuple[WorkFacts, Expression]]) -> tuple[tuple[Work, ...], dict[str, str]]:
    """Works from what was read of each file (in the files' order): work facts merged across files, and
    the default expression keys. The index assembles one work at a time from its records the same way."""
    merged: dict[str, WorkFacts] = {}
    expressions: dict[str, list[Expression]] = {}
    defaults: dict[str, str] = {}
    for facts, expression in read:
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
            doctype=f.doctype,
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
            date_as_written=f.date_as_written,
        )
        for f in sorted(merged.values(), key=lambda f: (f.date, f.uri))
    )
    return works, defaults


def duplicate_expression(expression: Expression, first: str) -> Problem:
    """Two files that give the same expression (URI and source): neither may silently win."""
    return duplicate_of(expression.path, expression.uri, expression.source, first)


def duplicate_of(path: str | None, uri: str, source: str, first: str) -> Problem:
    """:func:`duplicate_expression` from the expression's file, URI and source."""
    what = f"{uri} from {source}" if source else uri
    return Problem(path, None, f"expression {what} is also in {first}; this file was left out",
                   "one file per expression URI and source")  # fmt: skip


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
