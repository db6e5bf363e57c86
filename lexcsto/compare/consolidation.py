"""Consolidation: apply an amending instrument's textual modifications to one version to get the next.

Each :class:`~lexcsto.corpus.model.Modification` names its destination (``.../cst/!main~art_4``) and says what it
does there:

- ``substitution``: with ``new_provision``, the destination is restated whole; with ``old`` and ``new``
  words, those words are replaced (they must occur exactly once in the destination); with ``new`` only,
  the destination's own text is restated; with neither, the new wording is not known and the destination
  becomes *omitted* (unknown is not deleted).
- ``insertion``: ``new_provision`` is added under the parent its eId names (``art_4__para_4`` goes into
  ``art_4``), after the last sibling that sorts before it; or ``new`` words are added after the ``old``
  words (at the end of the text when ``old`` is empty).
- ``repeal``: the ``old`` words are removed, or, with no ``old``, the whole destination.

>>> from datetime import date
>>> para = Provision("art_1__para_1", "paragraph", text="The Parties shall consult.")
>>> expr = Expression("/akn/x/act/treaty/2000-01-01/t", "/akn/x/act/treaty/2000-01-01/t/eng@2000-01-01", "eng",
...                   date(2000, 1, 1), "", "", (Provision("art_1", "article", children=(para,)),))
>>> mod = Modification("m1", "substitution", "/akn/x/act/protocol/2005-01-01/p/!main~para_1",
...                    "/akn/x/act/treaty/2000-01-01/t/!main~art_1__para_1", old="shall consult", new="shall consult regularly")
>>> new = consolidate(expr, [mod], version=date(2006, 1, 1))
>>> new.uri, new.find("art_1__para_1").text
('/akn/x/act/treaty/2000-01-01/t/eng@2006-01-01', 'The Parties shall consult regularly.')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from lexcsto.corpus.model import Expression, Inline, Modification, Provision
from lexcsto.corpus.uri import split_href
from lexcsto.errors import ConsolidationError

__all__ = ["apply_modification", "consolidate"]

_NUMBER = re.compile(r"(\d+)")


def consolidate(
    expression: Expression,
    modifications: Iterable[Modification],
    *,
    version: date,
    source: str | None = None,
    translation: str | None = None,
) -> Expression:
    """A new expression: ``expression`` with every modification aimed at its work applied, in order.

    Modifications aimed at other works are skipped (one protocol may amend several instruments).
    """
    provisions = expression.provisions
    for mod in modifications:
        if split_href(mod.destination)[0] != expression.work:
            continue
        provisions = apply_modification(provisions, mod, path=expression.path)
    return replace(
        expression,
        uri=f"{expression.work}/{expression.language}@{version.isoformat()}",
        date=version,
        source=expression.source if source is None else source,
        translation=translation or f"consolidated by lexcsto from {expression.key}",
        provisions=provisions,
        fragments=(),
        path="",
    )


def apply_modification(
    provisions: tuple[Provision, ...], mod: Modification, *, path: str = ""
) -> tuple[Provision, ...]:
    """Apply one textual modification to a tuple of top-level provisions."""
    eid = split_href(mod.destination)[1]
    if not eid:
        raise ConsolidationError(
            path or None,
            None,
            f"{mod.eid}: destination {mod.destination!r} names no provision",
            expected="a destination ending in ~eId",
        )
    if mod.kind == "insertion" and mod.new_provision is not None:
        return _insert(provisions, mod.new_provision, mod, path)
    target = _find(provisions, eid)
    if target is None:
        raise ConsolidationError(
            path or None,
            None,
            f"{mod.eid}: no provision {eid!r} to apply a {mod.kind} to",
            expected="the destination to exist in the version amended",
        )
    if mod.kind == "substitution":
        if mod.new_provision is not None:
            return _swap(provisions, eid, (mod.new_provision,))
        if mod.old:
            return _edit_words(provisions, target, mod, mod.new, path)
        if mod.new:
            return _swap(provisions, eid, (replace(target, text=mod.new, omitted=False, inlines=()),))
        return _swap(provisions, eid, (_unknown(target),))
    if mod.kind == "insertion":
        if not mod.new:
            raise ConsolidationError(
                path or None, target.line, f"{mod.eid}: insertion carries nothing to insert"
            )
        if mod.old:
            return _edit_words(provisions, target, mod, mod.old + _joint(mod.old, mod.new) + mod.new, path)
        text = target.text + _joint(target.text, mod.new) + mod.new if target.text else mod.new
        return _swap(provisions, eid, (replace(target, text=text, omitted=False),))
    if mod.kind == "repeal":
        if mod.old:
            return _edit_words(provisions, target, mod, "", path)
        if mod.old_unknown:
            # Words are repealed but the sources do not say which: the provision stays, its text unknown.
            return _swap(provisions, eid, (_unknown(target),))
        return _swap(provisions, eid, ())
    raise ConsolidationError(
        path or None,
        None,
        f"{mod.eid}: cannot apply a modification of type {mod.kind!r}",
        expected="substitution, insertion or repeal",
    )


def _find(provisions: Sequence[Provision], eid: str) -> Provision | None:
    for p in provisions:
        found = p.find(eid)
        if found is not None:
            return found
    return None


def _swap(provisions: Sequence[Provision], eid: str, by: tuple[Provision, ...]) -> tuple[Provision, ...]:
    """Replace the provision ``eid`` (wherever it is in the tree) by ``by`` (nothing, to remove it)."""
    out: list[Provision] = []
    for p in provisions:
        if p.eid == eid:
            out.extend(by)
        else:
            children = _swap(p.children, eid, by)
            out.append(p if children == p.children else replace(p, children=children))
    return tuple(out)


def _unknown(p: Provision) -> Provision:
    """The provision with its text marked as not known: restated by words no source quotes."""
    return replace(p, text="", omitted=True, inlines=(), children=tuple(_unknown(c) for c in p.children))


def _joint(left: str, right: str) -> str:
    if not left or not right or left[-1].isspace() or right[0].isspace() or not right[0].isalnum():
        return ""
    return " "


def _edit_words(
    provisions: tuple[Provision, ...], target: Provision, mod: Modification, new: str, path: str
) -> tuple[Provision, ...]:
    """Replace the one occurrence of ``mod.old`` in ``target``'s subtree by ``new``."""
    hits = [(p, i) for p in target.walk() for i in _occurrences(p.text, mod.old)]
    if len(hits) != 1:
        raise ConsolidationError(
            path or None,
            target.line,
            f"{mod.eid}: the words {mod.old!r} occur {len(hits)} times in {target.eid}",
            expected="exactly one occurrence",
        )
    p, start = hits[0]
    end = start + len(mod.old)
    if not new:  # a repeal: take one adjoining space with the words
        if end < len(p.text) and p.text[end] == " " and (start == 0 or p.text[start - 1] == " "):
            end += 1
        elif start > 0 and p.text[start - 1] == " " and (end == len(p.text) or not p.text[end].isalnum()):
            start -= 1
    text = p.text[:start] + new + p.text[end:]
    shift = len(new) - (end - start)
    inlines = tuple(_shift(i, start, shift) for i in p.inlines if i.end <= start or i.start >= end)
    return _swap(provisions, p.eid, (replace(p, text=text, inlines=inlines),))


def _occurrences(text: str, words: str) -> list[int]:
    """Where ``words`` occur in ``text`` as whole words (never inside a longer word)."""
    out: list[int] = []
    i = text.find(words)
    while i != -1:
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(words)] if i + len(words) < len(text) else " "
        if not (words[0].isalnum() and before.isalnum()) and not (words[-1].isalnum() and after.isalnum()):
            out.append(i)
        i = text.find(words, i + 1)
    return out


def _shift(i: Inline, start: int, shift: int) -> Inline:
    return i if i.end <= start else replace(i, start=i.start + shift, end=i.end + shift)


def _insert(
    provisions: tuple[Provision, ...], new: Provision, mod: Modification, path: str
) -> tuple[Provision, ...]:
    if _find(provisions, new.eid) is not None:
        raise ConsolidationError(
            path or None,
            None,
            f"{mod.eid}: cannot insert {new.eid}, which already exists",
            expected="a new eId",
        )
    parent_eid = new.eid.rpartition("__")[0]
    if not parent_eid:
        return _place(provisions, new)
    parent = _find(provisions, parent_eid)
    if parent is None:
        raise ConsolidationError(
            path or None,
            None,
            f"{mod.eid}: no provision {parent_eid!r} to insert {new.eid} into",
            expected="the parent to exist",
        )
    return _swap(provisions, parent_eid, (replace(parent, children=_place(parent.children, new)),))


def _place(siblings: tuple[Provision, ...], new: Provision) -> tuple[Provision, ...]:
    """Insert ``new`` after the last sibling whose eId sorts before it (art_4 < art_4bis < art_5)."""
    key = _natural(new.eid)
    at = 0
    for k, p in enumerate(siblings):
        if _natural(p.eid) < key:
            at = k + 1
    return (*siblings[:at], new, *siblings[at:])


def _natural(eid: str) -> tuple[tuple[int, str], ...]:
    last = eid.rpartition("__")[2]
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in _NUMBER.split(last) if part)
