"""The AKN standard's own integrity rules, for any producer's document (the ``akn`` validation profile).

Beyond the strict OASIS schema:

- eIds are unique per component: a document collection's components and an act's attachments each have
  their own eId scope, as the standard says;
- every internal ``#`` href resolves to an element of the file (by eId, or by the GUID or ``xml:id`` that
  AKN4EU and LEOS write instead);
- the naming convention: a unit's eId starts with the eId of the unit it sits in, joined by ``__``
  (a warning: many producers number otherwise, and the text is still readable).

Each message names its profile, ``[akn]`` (an error) or ``[akn warning]``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from lexcsto.corpus.akn import AKN_NS, line_of, local_name, schema_errors
from lexcsto.corpus.conventions import XML_ID
from lexcsto.corpus.units import UNITS
from lexcsto.errors import Problem

SCOPES = ("component", "attachment")
_SCOPE_TAGS = (*(f"{{*}}{name}" for name in SCOPES), *SCOPES)  # in any namespace, or none
_AKN_ANY = f"{{{AKN_NS}}}*"
_OTHER_IDS = frozenset({"GUID", XML_ID, "wId"})
_UNITS_OR_SCOPES = UNITS | frozenset(SCOPES)
_Attributes = list[tuple[str, str]]


def schema_problems(path: Path, root: etree._Element) -> list[Problem]:
    """The strict OASIS schema's errors, each as an ``[akn]`` problem."""
    return [
        Problem(str(path), line, f"[akn] {msg}", "a document valid against akomantoso30.xsd")
        for line, msg in schema_errors(root)
    ]


def _scope_of(el: etree._Element) -> etree._Element | None:
    for anc in el.iterancestors():
        if local_name(anc) in SCOPES:
            return anc
    return None


def integrity_problems(path: Path, root: etree._Element) -> list[Problem]:
    """Unique eIds per component, internal hrefs that resolve, and the naming convention's nesting."""
    return check(path, root)[0]


def check(path: Path, root: etree._Element) -> tuple[list[Problem], set[str]]:
    """:func:`integrity_problems`, and every eId of the file's AKN elements (which validation's edition
    rules need too: one walk serves both)."""
    p = str(path)
    out: list[Problem] = []
    ids: set[str] = set()
    with_eid: list[tuple[etree._Element, str]] = []  # every AKN element with an eId, in document order
    internal: list[tuple[etree._Element, str]] = []
    # One walk over the AKN elements, reading each one's attributes in one call (an XPath predicate per
    # attribute costs more than reading them all); what is done with the eIds is done after, in C where
    # it can be (the sets), and in full only for a file where some eId is there twice.
    for el in root.iter(_AKN_ANY):
        attributes: _Attributes = el.items()  # type: ignore[assignment]  # str from a parsed file
        if not attributes:
            continue  # a third of the elements (p, num, content): nothing to read
        eid = href = None
        for name, value in attributes:
            if name == "eId":
                eid = value
            elif name == "href":
                href = value
            elif name in _OTHER_IDS and value:
                ids.add(value)
        if href is not None and href.startswith("#"):
            internal.append((el, href))
        if eid is not None:
            with_eid.append((el, eid))
    eids = {eid for _, eid in with_eid}
    ids |= eids
    if len(eids) < len(with_eid):  # an eId twice in the file: is it twice in one scope?
        out.extend(_duplicates(p, root, with_eid))
    for el, href in internal:
        if href[1:] not in ids:
            out.append(
                Problem(
                    p,
                    line_of(el),
                    f"[akn] reference {href!r} points at no element of this file",
                    "an existing eId",
                )
            )
    out.extend(_naming(p, [(el, eid) for el, eid in with_eid if eid and local_name(el) in UNITS]))
    return out, eids


def _duplicates(path: str, root: etree._Element, with_eid: list[tuple[etree._Element, str]]) -> list[Problem]:
    """A problem for each element whose eId an element before it in its scope has: the document's one
    scope, or (in a file with components or attachments) the nearest one around it."""
    out: list[Problem] = []
    # Without a component or attachment every eId is in the document's one scope, and no ancestors need
    # looking at. A scope is its element (held in the key, so that its identity stays its own).
    scoped = next(root.iter(*_SCOPE_TAGS), None) is not None
    seen: dict[tuple[etree._Element | None, str] | str, etree._Element] = {}
    for el, eid in with_eid:
        key = (_scope_of(el), eid) if scoped else eid
        first = seen.get(key)
        if first is not None:
            out.append(
                Problem(
                    path,
                    line_of(el),
                    f"[akn] duplicate eId {eid!r} (first at line {line_of(first)})",
                    "eIds unique within a component",
                )
            )
        else:
            seen[key] = el
    return out


def _naming(path: str, units: list[tuple[etree._Element, str]]) -> list[Problem]:
    """One warning per file: how many units' eIds do not start with their parent unit's eId."""
    strays: list[etree._Element] = []
    for el, eid in units:
        parent = el.getparent()  # the nearest unit or scope above (a loop: cheaper than iterancestors)
        while parent is not None and local_name(parent) not in _UNITS_OR_SCOPES:
            parent = parent.getparent()
        if parent is None or local_name(parent) in SCOPES:
            continue
        above = parent.get("eId")
        if above and not eid.startswith(above + "__"):
            strays.append(el)
    if not strays:
        return []
    first = strays[0]
    return [
        Problem(
            path,
            line_of(first),
            f"[akn warning] {len(strays)} eIds do not start with the eId of the unit they sit in "
            f"(first: {first.get('eId')!r})",
            "the naming convention's PARENT__UNIT_NUM",
            "warning",
        )
    ]
