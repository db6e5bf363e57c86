"""What every renderer shows: a provision's operations grouped into display segments.

Consecutive deletions and insertions of one kind become one segment with an old and a new side, so that
a renderer can show ``[~States Parties~>participating states~]`` as one wording change.

>>> from lexcsto.compare.operations import Op
>>> ops = [Op("equal", "all other "), Op("delete", "States Parties", "wording"),
...        Op("insert", "participating states", "wording"), Op("equal", " will")]
>>> [(s.kind, s.old, s.new) for s in segments(ops)]
[('equal', '', 'all other '), ('wording', 'States Parties', 'participating states'), ('equal', '', ' will')]
>>> [(s.kind, s.old, s.new) for s in segments(ops, wording="hide")]
[('equal', '', 'all other participating states will')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lexcsto.compare.alignment import ProvisionChange
from lexcsto.compare.operations import Attribution, Op
from lexcsto.compare.redline import Redline

# How a version and a provision are named live beside the corpus's vocabulary, so that a command naming one
# (show, refs) need not import the comparison modules this one builds on; they are re-exported here.
from lexcsto.corpus.vocabulary import OMITTED_MARK
from lexcsto.corpus.vocabulary import provision_label as provision_label
from lexcsto.corpus.vocabulary import versioned as versioned

EQUAL = "equal"
WORDING_CHOICES = ("show", "hide")


@dataclass(frozen=True)
class Segment:
    """Unchanged text (``kind == "equal"``, in ``new``) or one change: ``old`` replaced by ``new``."""

    kind: str  # "equal" | "substantive" | "wording" | "unknown"
    old: str
    new: str
    attribution: Attribution | None = None

    @property
    def omitted_old(self) -> bool:
        return self.old == OMITTED_MARK

    @property
    def omitted_new(self) -> bool:
        return self.new == OMITTED_MARK

    def edges(self) -> tuple[str, Segment, str]:
        """Whitespace that edges both sides of a change, moved outside it for display.

        >>> Segment("substantive", "", "immediately ").edges()
        ('', Segment(kind='substantive', old='', new='immediately', attribution=None), ' ')
        """
        sides = [t for t in (self.old, self.new) if t]
        if self.kind == EQUAL or not sides:
            return "", self, ""
        lead = min(len(t) - len(t.lstrip()) for t in sides)
        trail = min(len(t) - len(t.rstrip()) for t in sides)
        if any(len(t) <= lead + trail for t in sides):
            return "", self, ""
        first = sides[0]
        inner = Segment(
            self.kind,
            self.old[lead : len(self.old) - trail] if self.old else "",
            self.new[lead : len(self.new) - trail] if self.new else "",
            self.attribution,
        )
        return first[:lead], inner, first[len(first) - trail :]


def segments(ops: Iterable[Op], *, wording: str = "show") -> list[Segment]:
    """Group operations for display; ``wording="hide"`` shows wording changes as plain new text."""
    out: list[Segment] = []
    for o in ops:
        kind = o.kind or EQUAL
        if o.op == "equal":
            kind = EQUAL if kind != "unknown" else kind
        elif kind == "wording" and wording == "hide":
            if o.op == "delete":
                continue
            kind = EQUAL
        old = o.text if o.op == "delete" else ""
        new = o.text if o.op != "delete" else ""
        last = out[-1] if out else None
        if last and last.kind == kind == EQUAL:
            out[-1] = Segment(EQUAL, "", last.new + new)
        elif (
            last
            and last.kind == kind != EQUAL
            and last.attribution == o.attribution
            and o.op != "equal"
            and (o.op == "insert" or not last.new)
        ):
            out[-1] = Segment(kind, last.old + old, last.new + new, last.attribution)
        else:
            out.append(Segment(kind, old, new, o.attribution))
    return _edges_out(out)


def _edges_out(segs: list[Segment]) -> list[Segment]:
    """Move whitespace that edges a change into the neighbouring plain text."""
    out: list[Segment] = []
    for seg in segs:
        lead, inner, trail = seg.edges()
        for piece in (Segment(EQUAL, "", lead), inner, Segment(EQUAL, "", trail)):
            if piece.kind == EQUAL and not piece.new:
                continue
            if out and piece.kind == EQUAL and out[-1].kind == EQUAL:
                out[-1] = Segment(EQUAL, "", out[-1].new + piece.new)
            else:
                out.append(piece)
    return out


def shown(changes: Iterable[ProvisionChange]) -> list[ProvisionChange]:
    """The provisions a redline displays: those with text on either side, or added, removed, moved."""
    return [c for c in changes if c.ops or c.status in ("added", "removed") or c.moved or c.renumbered]


def attributions(redline: Redline) -> list[Attribution]:
    """The distinct attributions of a redline's substantive changes, in order of first use."""
    seen: dict[Attribution, None] = {}
    for o in redline.ops:
        if o.attribution is not None:
            seen.setdefault(o.attribution, None)
    return list(seen)


def status_label(c: ProvisionChange, redline: Redline) -> str:
    """A short human label for a provision's fate, e.g. "changed" or "not in source <its title>"."""
    parts: list[str] = []
    if c.status == "unknown":
        sides = ((redline.from_source, "old"), (redline.to_source, "new"))
        missing = [redline.source_name(src) if src else "?" for src, side in sides if _omitted(c, side)]
        parts.append("not in source " + " / ".join(missing) if missing else "partly unknown")
        if c.amended_by is not None:
            parts.append(f"amended by {describe(c.amended_by)}; its words are not in the sources")
    elif c.status == "changed" and all(o.kind == "wording" for o in c.ops if o.op != "equal"):
        parts.append("wording only")
    else:
        parts.append(c.status)
    if c.renumbered and c.old_eid:
        parts.append(f"renumbered from {provision_label(c.old_eid)}")
    if c.moved:
        parts.append("moved")
    for side, witness in (("old", c.old_witness), ("new", c.new_witness)):
        if witness:
            parts.append(f"{side} text from {redline.source_name(witness)}")
    return ", ".join(parts)


def _omitted(c: ProvisionChange, side: str) -> bool:
    op = "delete" if side == "old" else "insert"
    return any(o.text == OMITTED_MARK and (o.op == op or o.op == "equal") for o in c.ops)


def sources_label(base: str, witnesses: tuple[str, ...], name: Callable[[str], str] = str) -> str:
    """The source of one side of a redline: ``seed-004``, or ``seed-004, gaps filled from seed-003`` for
    the edition's reading of a version (:mod:`lexcsto.corpus.witnesses`); ``name`` gives each source's
    title (:meth:`Redline.source_name`).

    >>> sources_label("seed-004", ("seed-003",))
    'seed-004, gaps filled from seed-003'
    """
    return name(base) + (
        f", gaps filled from {', '.join(map(name, witnesses))}" if witnesses and base else ""
    )


def version_label(redline: Redline, side: str) -> str:
    """One side of a redline as a reader names it: its version date, language and source titles
    (``1992-05-15 version · English · “Introduction to ...” (web page, 2024)``); the URIs are in the JSON.

    >>> import lexcsto
    >>> from lexcsto.compare.redline import diff
    >>> r = diff(lexcsto.load(), "cst", "art_4", old="1992-05-15", new="2012-12-19")
    >>> version_label(r, "to")
    '2012-12-19 version · English · “Partnership and Observation” (web page, undated)'
    """
    old = side == "from"
    return versioned(
        redline.from_date if old else redline.to_date,
        redline.from_language if old else redline.to_language,
        sources_label(
            redline.from_source if old else redline.to_source,
            redline.from_witnesses if old else redline.to_witnesses,
            redline.source_name,
        ),
    )


def describe(a: Attribution) -> str:
    """One line naming the amending instrument and the provision of it behind a change (the
    modification's own id, ``amod_3``, is the file's business, not the reader's: it is in the JSON)."""
    name = a.title or a.instrument
    bits = [name]
    if a.item:
        bits.append(provision_label(a.item.rpartition("~")[2]))
    if a.kind:
        bits.append(a.kind)
    if a.date:
        bits.append(f"in force {a.date.isoformat()}")
    return ", ".join(bits)
