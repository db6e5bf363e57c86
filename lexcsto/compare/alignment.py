"""Alignment of two provision trees: which provision became which, and the redline of the whole.

A provision keeps its wId when it is renumbered, so provisions are paired by wId first, then by eId;
the rest were added or removed, and pairs out of order were moved. Each pair is then compared word by
word (:mod:`lexcsto.compare.operations`). This is apart from :mod:`lexcsto.compare.redline`, which picks the two expressions
and attributes their changes, because it needs only the trees: consolidation tests compare trees that
belong to no corpus.

>>> from lexcsto.corpus.model import Provision
>>> old = [Provision("art_1", "article", text="will provide", wid="w1")]
>>> new = [Provision("art_2", "article", text="will immediately provide", wid="w1")]
>>> changes, ops = diff_provisions(old, new)
>>> [(c.status, c.old_eid, c.new_eid, c.renumbered) for c in changes]
[('changed', 'art_1', 'art_2', True)]
>>> [(o.op, o.text) for o in ops]
[('equal', 'will '), ('insert', 'immediately '), ('equal', 'provide')]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from lexcsto.compare.classification import SUBSTANTIVE, UNKNOWN, Glossary
from lexcsto.compare.operations import Attribution, Attributor, Op, diff_text
from lexcsto.corpus.model import Provision
from lexcsto.corpus.vocabulary import OMITTED_MARK
from lexcsto.errors import DiffError

__all__ = [
    "ProvisionChange",
    "diff_provisions",
]

BLOCK_SEPARATOR = "\n\n"  # between provisions, as in Provision.full_text


@dataclass(frozen=True)
class ProvisionChange:
    """How one provision fared: matched (same, changed, unknown), added or removed; renumbered, moved."""

    status: str  # "same" | "changed" | "unknown" | "added" | "removed"
    old_eid: str | None
    new_eid: str | None
    ops: tuple[Op, ...] = ()  # replay the old provision's own text into the new one's
    renumbered: bool = False  # same wId, different eId
    moved: bool = False  # out of order relative to the other matched provisions
    old_num: str = ""
    new_num: str = ""
    # A recorded textual modification that changed this provision when its words are not in the sources
    # on one side (CST Protocol item 1(b) on Art. 3): the change is known, its words are not.
    amended_by: Attribution | None = None
    old_witness: str = ""  # the source of the old text, when a witness filled the base's gap
    new_witness: str = ""

    @property
    def eid(self) -> str:
        return self.new_eid or self.old_eid or ""

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "old_eid": self.old_eid,
            "new_eid": self.new_eid,
            "renumbered": self.renumbered,
            "moved": self.moved,
            "amended_by": self.amended_by.as_dict() if self.amended_by else None,
            "old_witness": self.old_witness or None,
            "new_witness": self.new_witness or None,
            "ops": [o.as_dict() for o in self.ops],
        }


def _block(p: Provision) -> str:
    """The provision's own text as it appears in ``full_text`` ('' when it has none)."""
    return OMITTED_MARK if p.omitted else p.text


def _walk(roots: Sequence[Provision]) -> list[Provision]:
    return [p for r in roots for p in r.walk()]


def _match(old: Sequence[Provision], new: Sequence[Provision]) -> dict[int, int]:
    """Pair provisions: same wId first (renumbering keeps the wId), then same eId."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    by_wid = {p.wid: i for i, p in enumerate(old) if p.wid}
    for j, p in enumerate(new):
        i = by_wid.get(p.wid) if p.wid else None
        if i is not None and i not in pairs:
            pairs[i] = j
            taken.add(j)
    by_eid = {p.eid: i for i, p in enumerate(old) if i not in pairs}
    for j, p in enumerate(new):
        if j in taken:
            continue
        i = by_eid.get(p.eid)
        if i is not None and i not in pairs and not (old[i].wid and p.wid and old[i].wid != p.wid):
            pairs[i] = j
            taken.add(j)
    return pairs


def diff_provisions(
    old: Sequence[Provision],
    new: Sequence[Provision],
    *,
    glossary: Glossary | None = None,
    attribute: Attributor | None = None,
) -> tuple[tuple[ProvisionChange, ...], tuple[Op, ...]]:
    """Align two provision trees and diff each pair.

    Returns the change of every provision and the whole redline, which replays the old trees'
    ``full_text`` (blocks joined by a blank line) into the new ones'.
    """
    olds, news = _walk(old), _walk(new)
    pairs = _match(olds, news)
    by_old = sorted(pairs)
    order = difflib.SequenceMatcher(None, by_old, sorted(pairs, key=pairs.__getitem__), autojunk=False)
    in_place = {i for m in order.get_matching_blocks() for i in by_old[m.a : m.a + m.size]}
    changes: dict[tuple[str, int], ProvisionChange] = {}
    for i, j in pairs.items():
        changes[("old", i)] = _pair(olds[i], news[j], glossary, attribute, moved=i not in in_place)
    for i, p in enumerate(olds):
        if i not in pairs:
            changes[("old", i)] = _lone(p, "removed", attribute)
    new_side = {j: i for i, j in pairs.items()}
    for j, p in enumerate(news):
        if j not in new_side:
            changes[("new", j)] = _lone(p, "added", attribute)

    ops: list[Op] = []
    seen_old = seen_new = 0  # blocks already emitted on each side, for the separators
    i = j = 0

    def emit(change: ProvisionChange, old_text: str, new_text: str, op_list: Sequence[Op]) -> None:
        nonlocal seen_old, seen_new
        sep_old = bool(old_text) and seen_old > 0
        sep_new = bool(new_text) and seen_new > 0
        if sep_old and sep_new:
            ops.append(Op("equal", BLOCK_SEPARATOR, None, change.eid))
        elif sep_old:
            ops.append(Op("delete", BLOCK_SEPARATOR, _sep_kind(op_list), change.eid))
        elif sep_new:
            ops.append(Op("insert", BLOCK_SEPARATOR, _sep_kind(op_list), change.eid))
        ops.extend(op_list)
        seen_old += bool(old_text)
        seen_new += bool(new_text)

    while i < len(olds) or j < len(news):
        if i < len(olds) and (i not in pairs or i not in in_place):
            c = changes[("old", i)]
            text = _block(olds[i])
            kind = UNKNOWN if olds[i].omitted else SUBSTANTIVE
            who = attribute(c.eid) if attribute and kind == SUBSTANTIVE else None
            emit(c, text, "", [Op("delete", text, kind, olds[i].eid, who)] if text else [])
            i += 1
        elif j < len(news) and (j not in new_side or new_side[j] not in in_place):
            c = changes[("old", new_side[j])] if j in new_side else changes[("new", j)]
            text = _block(news[j])
            kind = UNKNOWN if news[j].omitted else SUBSTANTIVE
            who = attribute(c.eid) if attribute and kind == SUBSTANTIVE else None
            emit(c, "", text, [Op("insert", text, kind, news[j].eid, who)] if text else [])
            j += 1
        else:
            if pairs.get(i) != j:  # cannot happen: in-place pairs keep their order on both sides
                raise DiffError(None, None, f"provision alignment lost its order at {olds[i].eid}")
            c = changes[("old", i)]
            emit(c, _block(olds[i]), _block(news[j]), c.ops)
            i += 1
            j += 1
    ordered = [changes[k] for k in sorted(changes, key=lambda k: _position(k, pairs))]
    return tuple(ordered), tuple(_merge(ops))


def _position(key: tuple[str, int], pairs: dict[int, int]) -> tuple[float, int]:
    side, n = key
    if side == "new":
        return (n, 1)
    if n in pairs:
        return (pairs[n], 0)
    # a removed provision sits after the new position of the provision that preceded it
    before = [pairs[i] for i in pairs if i < n]
    return ((max(before) if before else -1) + 0.5, 0)


def _sep_kind(op_list: Sequence[Op]) -> str | None:
    kinds = {o.kind for o in op_list if o.op != "equal"}
    return UNKNOWN if kinds == {UNKNOWN} else SUBSTANTIVE


def _pair(
    old: Provision, new: Provision, glossary: Glossary | None, attribute: Attributor | None, *, moved: bool
) -> ProvisionChange:
    a, b = _block(old), _block(new)
    if old.omitted or new.omitted:
        if a == b:
            ops: tuple[Op, ...] = (Op("equal", a, UNKNOWN, new.eid),)
        else:
            ops = tuple(
                Op(name, text, UNKNOWN, eid)
                for name, text, eid in (("delete", a, old.eid), ("insert", b, new.eid))
                if text
            )
        return _change("unknown", old, new, ops, moved)
    ops = diff_text(a, b, glossary=glossary, eid=new.eid, attribute=attribute)
    status = "same" if a == b else "changed"
    if a != b and all(o.op == "equal" or o.kind == UNKNOWN for o in ops):
        status = "unknown"
    return _change(status, old, new, ops, moved)


def _change(status: str, old: Provision, new: Provision, ops: tuple[Op, ...], moved: bool) -> ProvisionChange:
    return ProvisionChange(
        status,
        old.eid,
        new.eid,
        ops,
        renumbered=old.eid != new.eid,
        moved=moved,
        old_num=old.num,
        new_num=new.num,
        old_witness=old.witness,
        new_witness=new.witness,
    )


def _lone(p: Provision, status: str, attribute: Attributor | None) -> ProvisionChange:
    text = _block(p)
    kind = UNKNOWN if p.omitted else SUBSTANTIVE
    who = attribute(p.eid) if attribute and kind == SUBSTANTIVE else None
    op = Op("delete" if status == "removed" else "insert", text, kind, p.eid, who)
    if status == "removed":
        return ProvisionChange(status, p.eid, None, (op,) if text else (), old_num=p.num)
    return ProvisionChange(status, None, p.eid, (op,) if text else (), new_num=p.num)


def _merge(ops: Iterable[Op]) -> list[Op]:
    out: list[Op] = []
    for o in ops:
        if not o.text:
            continue
        last = out[-1] if out else None
        if last and (last.op, last.kind, last.eid, last.attribution) == (o.op, o.kind, o.eid, o.attribution):
            out[-1] = replace(last, text=last.text + o.text)
        else:
            out.append(o)
    return out
