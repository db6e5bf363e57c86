"""Redline operations on one text: keep, insert or delete words, classified and attributed.

Every redline, of one provision or of a whole work, is in the end a list of these operations. They live
apart from the alignment of provisions (:mod:`lexcsto.compare.alignment`) and from the comparison of expressions
(:mod:`lexcsto.compare.redline`) because both of those, and every renderer, build or read them; the text-level
diff needs neither a provision tree nor a corpus.

The words are compared by :mod:`lexcsto.compare.tokens` and each change is classified by :mod:`lexcsto.compare.classification`:
``substantive``, ``wording`` (another rendering of the same term) or ``unknown`` (a source did not quote
the text). The operations are replayable: applying them to the old text gives the new text exactly.

>>> ops = diff_text("will provide it", "will immediately provide it")
>>> [(o.op, o.text, o.kind) for o in ops]
[('equal', 'will ', None), ('insert', 'immediately ', 'substantive'), ('equal', 'provide it', None)]
>>> apply_ops("will provide it", ops)
'will immediately provide it'

Between two translations, the glossary tells wording from substance:

>>> from lexcsto.compare.classification import load_glossary
>>> ops = diff_text("all other States Parties will provide", "all other participating states will provide",
...                 glossary=load_glossary())
>>> [(o.op, o.text, o.kind) for o in ops if o.op != "equal"]
[('delete', 'States Parties', 'wording'), ('insert', 'participating states', 'wording')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from lexcsto.compare.classification import SUBSTANTIVE, Glossary, Piece, classify
from lexcsto.compare.tokens import DELETE, EQUAL, INSERT, diff_tokens, tokenize
from lexcsto.errors import DiffError

__all__ = [
    "Attribution",
    "Attributor",
    "Op",
    "apply_ops",
    "diff_text",
]

OP_NAMES = {DELETE: "delete", EQUAL: "equal", INSERT: "insert"}


# Attribution is here, not beside the amendment lookup in lexcsto.compare.redline, because every Op carries one:
# the operations must not depend on the module that compares whole expressions.
@dataclass(frozen=True)
class Attribution:
    """The amending instrument (and, when recorded, its item and textual modification) behind a change."""

    instrument: str  # work URI of the amending instrument
    title: str = ""
    item: str = ""  # the amending provision, e.g. ".../cst-amendment/!main~para_1__point_c"
    modification: str = ""  # eId of the textualMod
    kind: str = ""  # substitution | insertion | repeal | ...
    date: date | None = None  # when the change took effect

    def as_dict(self) -> dict[str, str | None]:
        return {
            "instrument": self.instrument,
            "title": self.title or None,
            "item": self.item or None,
            "modification": self.modification or None,
            "kind": self.kind or None,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass(frozen=True)
class Op:
    """One operation of a redline: keep, insert or delete ``text``."""

    op: str  # "equal" | "insert" | "delete"
    text: str
    kind: str | None = None  # "substantive" | "wording" | "unknown"; None for plain equal text
    eid: str = ""  # the provision the text belongs to
    attribution: Attribution | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "op": self.op,
            "text": self.text,
            "kind": self.kind,
            "eid": self.eid or None,
            "attribution": self.attribution.as_dict() if self.attribution else None,
        }


# Who made the substantive changes of a provision, by its eId (None: nobody can be named).
Attributor = Callable[[str], Attribution | None]


def diff_text(
    old: str,
    new: str,
    *,
    glossary: Glossary | None = None,
    eid: str = "",
    attribute: Attributor | None = None,
) -> tuple[Op, ...]:
    """Word-level redline of two strings; with a glossary, changes are classified substantive/wording."""
    if old == new:
        return (Op("equal", old, None, eid),) if old else ()
    a, b = tokenize(old), tokenize(new)
    pieces = classify(a, b, diff_tokens(a, b), glossary)
    return tuple(_ops(pieces, eid, attribute))


def _ops(pieces: Iterable[Piece], eid: str, attribute: Attributor | None) -> Iterable[Op]:
    who = attribute(eid) if attribute else None
    for p in pieces:
        kind = p.kind or None
        yield Op(OP_NAMES[p.op], p.text, kind, eid, who if kind == SUBSTANTIVE else None)


def apply_ops(old: str, ops: Iterable[Op]) -> str:
    """Replay a redline on the old text; raises DiffError if the old text does not match it."""
    pos = 0
    out: list[str] = []
    for o in ops:
        if o.op in ("equal", "delete"):
            if not old.startswith(o.text, pos):
                raise DiffError(
                    None, None, f"redline does not fit the text at offset {pos}", expected=repr(o.text[:40])
                )
            pos += len(o.text)
        if o.op in ("equal", "insert"):
            out.append(o.text)
        elif o.op != "delete":
            raise DiffError(None, None, f"unknown operation {o.op!r}", expected="equal, insert or delete")
    if pos != len(old):
        raise DiffError(None, None, f"redline stops at offset {pos} of {len(old)}", expected="the whole text")
    return "".join(out)
