"""The reading of a version: its base rendering, with the gaps filled from the other witnesses.

The sources quote the same version of a treaty in several English renderings (seed 004 quotes CST
Art. 4 paras 1-2 of 1992, seed 003 paras 2-3 and a fragment of Art. 1(3)). Each rendering is one
expression file, and ``--source`` still reads one of them. What a reader sees by default is what a
critical edition prints: the *base text* (the edition's default rendering of that version), and where the
base quotes nothing of a provision, the text of the first other rendering (*witness*) that quotes it,
labelled with its source. A provision the base quotes, even in part, is never replaced: the edition
does not mix two translations inside one provision.

>>> from lexcsto.corpus.model import Expression, Provision
>>> base = Expression("w", "w/eng@1992", "eng", None, "seed-004", "base",  # type: ignore[arg-type]
...     (Provision("art_4__para_1", "paragraph", text="If one"),
...      Provision("art_4__para_3", "paragraph", omitted=True)))
>>> other = Expression("w", "w/eng@1992", "eng", None, "seed-003", "other",  # type: ignore[arg-type]
...     (Provision("art_4__para_1", "paragraph", omitted=True),
...      Provision("art_4__para_3", "paragraph", text="Member states")))
>>> reading = compose(base, [other])
>>> [(p.eid, p.text, p.witness) for p in reading.provisions]
[('art_4__para_1', 'If one', ''), ('art_4__para_3', 'Member states', 'seed-003')]
>>> reading.witnesses, reading.key == base.key
(('seed-003',), True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lexcsto.corpus.model import Expression, Fragment, Provision

__all__ = ["compose", "filled"]


def compose(base: Expression, witnesses: Sequence[Expression]) -> Expression:
    """``base`` with each provision it leaves omitted read from the first witness that quotes it.

    The result keeps the base's URI, source and key (it is the base text, completed); the sources that
    filled a gap are in ``witnesses`` and on each filled provision (``Provision.witness``), and their
    fragments (with their own source and lines) replace none of the base's.
    """
    others = [
        w for w in witnesses if w.key != base.key and w.date == base.date and w.language == base.language
    ]
    if not others:
        return base
    used: dict[str, None] = {}
    fragments: list[Fragment] = list(base.fragments)

    def fill(p: Provision) -> Provision:
        children = tuple(fill(c) for c in p.children)
        if p.omitted:
            for w in others:
                found = w.find(p.eid)
                if found is not None and not found.omitted and found.text:
                    used.setdefault(w.source, None)
                    fragment = w.fragment(p.eid)
                    if fragment is not None:
                        fragments.append(fragment)
                    return replace(
                        p,
                        text=found.text,
                        inlines=found.inlines,
                        omitted=False,
                        witness=w.source,
                        children=children,
                    )
        return replace(p, children=children) if children != p.children else p

    provisions = tuple(fill(p) for p in base.provisions)
    if not used:
        return base
    return replace(base, provisions=provisions, fragments=tuple(fragments), witnesses=tuple(used))


def filled(expression: Expression) -> tuple[tuple[Provision, Fragment | None], ...]:
    """The provisions of a reading whose text a witness supplied, each with the fragment it comes from."""
    by_eid = {f.eid: f for f in expression.fragments if f.source != expression.source}
    return tuple((p, by_eid.get(p.eid)) for p in expression.walk() if p.witness)
