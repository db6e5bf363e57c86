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

from lexcsto.corpus.akn import line_of, local_name, schema_errors, xpath
from lexcsto.corpus.conventions import XML_ID
from lexcsto.corpus.units import UNITS
from lexcsto.errors import Problem

SCOPES = ("component", "attachment")
_ANY_SCOPE = "boolean(//*[local-name() = 'component' or local-name() = 'attachment'])"


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
    p = str(path)
    out: list[Problem] = []
    seen: dict[tuple[int, str], int | None] = {}
    ids: set[str] = set()
    # XPath picks the few elements that carry an identifier or an internal href (in C); only those are
    # looked at in Python. Without a component or attachment every eId is in the document's one scope.
    scoped = bool(xpath(root, _ANY_SCOPE)[0])
    for el in xpath(root, "descendant-or-self::a:*[@eId or @GUID or @wId or @xml:id]"):
        for attr in ("GUID", XML_ID, "wId"):
            value = el.get(attr)
            if value:
                ids.add(value)
        eid = el.get("eId")
        if eid is None:
            continue
        ids.add(eid)
        scope = _scope_of(el) if scoped else None
        key = (id(scope), eid)
        if key in seen:
            out.append(
                Problem(
                    p,
                    line_of(el),
                    f"[akn] duplicate eId {eid!r} (first at line {seen[key]})",
                    "eIds unique within a component",
                )
            )
        else:
            seen[key] = line_of(el)
    for el in xpath(root, "descendant-or-self::a:*[starts-with(@href, '#')]"):
        href = el.get("href") or ""
        if href[1:] not in ids:
            out.append(
                Problem(
                    p,
                    line_of(el),
                    f"[akn] reference {href!r} points at no element of this file",
                    "an existing eId",
                )
            )
    out.extend(_naming(p, root))
    return out


def _naming(path: str, root: etree._Element) -> list[Problem]:
    """One warning per file: how many units' eIds do not start with their parent unit's eId."""
    strays: list[etree._Element] = []
    for el in xpath(root, "descendant-or-self::a:*[@eId != '']"):
        eid = el.get("eId", "")
        if local_name(el) not in UNITS:
            continue
        parent = next(
            (a for a in el.iterancestors() if local_name(a) in UNITS or local_name(a) in SCOPES), None
        )
        if parent is None or local_name(parent) in SCOPES or not parent.get("eId"):
            continue
        if not eid.startswith(parent.get("eId", "") + "__"):
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
