"""Redlines: compare two versions (or two translations) of a provision or a whole instrument.

Provisions are aligned first (by wId, then eId), then each pair is compared word by word
(:mod:`lexcsto.wordmode`). Each change is classified (:mod:`lexcsto.classify`): ``substantive``,
``wording`` (another rendering of the same term) or ``unknown`` (a source did not quote the text), and
substantive changes between versions are attributed to the amending instrument and item.

The result is replayable: applying its operations to the old text gives the new text exactly.

>>> ops = diff_text("will provide it", "will immediately provide it")
>>> [(o.op, o.text, o.kind) for o in ops]
[('equal', 'will ', None), ('insert', 'immediately ', 'substantive'), ('equal', 'provide it', None)]
>>> apply_ops("will provide it", ops)
'will immediately provide it'

Between two translations, the glossary tells wording from substance:

>>> ops = diff_text("all other States Parties will provide", "all other participating states will provide",
...                 glossary=load_glossary())
>>> [(o.op, o.text, o.kind) for o in ops if o.op != "equal"]
[('delete', 'States Parties', 'wording'), ('insert', 'participating states', 'wording')]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from lexcsto.classify import SUBSTANTIVE, UNKNOWN, Glossary, Piece, classify, load_glossary
from lexcsto.corpus import Corpus
from lexcsto.errors import DiffError, QueryError
from lexcsto.model import OMITTED_MARK, Expression, Modification, Provision, Work
from lexcsto.uri import split_href
from lexcsto.wordmode import DELETE, EQUAL, INSERT, diff_tokens, tokenize

__all__ = [
    "Attribution",
    "Op",
    "ProvisionChange",
    "Redline",
    "Rendering",
    "TranslationView",
    "apply_ops",
    "diff",
    "diff_expressions",
    "diff_provisions",
    "diff_text",
    "load_glossary",
    "resolve_version",
    "translations",
]

OP_NAMES = {DELETE: "delete", EQUAL: "equal", INSERT: "insert"}
BLOCK_SEPARATOR = "\n\n"  # between provisions, as in Provision.full_text

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
            "ops": [o.as_dict() for o in self.ops],
        }


@dataclass(frozen=True)
class Redline:
    """A comparison of two expressions (of a provision, or of a whole work)."""

    work: str
    eid: str  # "" for the whole work
    from_uri: str
    to_uri: str
    from_source: str
    to_source: str
    from_date: date | None
    to_date: date | None
    translation: bool  # both sides are the same version: the differences are translation, not amendment
    classified: bool  # a glossary told wording from substance
    provisions: tuple[ProvisionChange, ...]
    ops: tuple[Op, ...]
    instruments: tuple[Attribution, ...] = ()  # the amending instruments between the two versions
    title: str = ""

    @property
    def old_text(self) -> str:
        return "".join(o.text for o in self.ops if o.op != "insert")

    @property
    def new_text(self) -> str:
        return "".join(o.text for o in self.ops if o.op != "delete")

    def counts(self) -> dict[str, int]:
        """Number of changes (insert or delete operations) of each kind."""
        out = {SUBSTANTIVE: 0, "wording": 0, UNKNOWN: 0}
        for o in self.ops:
            if o.op != "equal" and o.kind in out:
                out[o.kind] += 1
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "work": self.work,
            "eid": self.eid or None,
            "title": self.title or None,
            "from": self.from_uri,
            "to": self.to_uri,
            "from_source": self.from_source or None,
            "to_source": self.to_source or None,
            "from_date": self.from_date.isoformat() if self.from_date else None,
            "to_date": self.to_date.isoformat() if self.to_date else None,
            "translation": self.translation,
            "classified": self.classified,
            "instruments": [a.as_dict() for a in self.instruments],
            "counts": self.counts(),
            "provisions": [p.as_dict() for p in self.provisions],
            "ops": [o.as_dict() for o in self.ops],
        }


Attributor = Callable[[str], Attribution | None]


# ------------------------------------------------------------------------------------------- text


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


# ------------------------------------------------------------------------------------- provisions


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
            changes[("old", i)] = _lone(p, "removed", glossary, attribute)
    new_side = {j: i for i, j in pairs.items()}
    for j, p in enumerate(news):
        if j not in new_side:
            changes[("new", j)] = _lone(p, "added", glossary, attribute)

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
    ordered = [changes[k] for k in sorted(changes, key=lambda k: _position(k, pairs, new_side))]
    return tuple(ordered), tuple(_merge(ops))


def _position(key: tuple[str, int], pairs: dict[int, int], new_side: dict[int, int]) -> tuple[float, int]:
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
    )


def _lone(
    p: Provision, status: str, glossary: Glossary | None, attribute: Attributor | None
) -> ProvisionChange:
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


# ------------------------------------------------------------------------------------- expressions


@dataclass(frozen=True)
class _Amendments:
    """What changed a work between two version dates: the instruments and their textual modifications."""

    instruments: tuple[Attribution, ...]
    modifications: tuple[tuple[Attribution, str], ...] = field(default_factory=tuple)  # (who, target eId)

    def __call__(self, eid: str) -> Attribution | None:
        best: tuple[int, Attribution] | None = None
        for who, target in self.modifications:
            if eid == target or eid.startswith(target + "__") or target.startswith(eid + "__"):
                depth = len(target)
                if best is None or depth > best[0]:
                    best = (depth, who)
        if best:
            return best[1]
        return self.instruments[0] if len(self.instruments) == 1 else None


def amendments_between(
    corpus: Corpus, work: Work, start: date, end: date
) -> tuple[tuple[Attribution, ...], tuple[tuple[Attribution, str], ...]]:
    """The amending instruments that took effect after ``start`` up to ``end``, and their modifications."""
    lo, hi = min(start, end), max(start, end)
    instruments: dict[str, Attribution] = {}
    for ev in work.events:
        if ev.instrument and ev.kind == "amendment" and lo < ev.date <= hi:
            instruments.setdefault(
                ev.instrument, Attribution(ev.instrument, _title(corpus, ev.instrument), date=ev.date)
            )
    mods: list[tuple[Attribution, str]] = []
    for amending, m in corpus.modifications_to(work.uri):
        who = instruments.get(amending.uri)
        if who is None:
            when = amending.in_force
            if when is None or not lo < when <= hi:
                continue
            who = instruments.setdefault(amending.uri, Attribution(amending.uri, amending.title, date=when))
        target = split_href(m.destination)[1] or ""
        mods.append((_with_mod(who, m), target))
    return tuple(instruments.values()), tuple(mods)


def _with_mod(who: Attribution, m: Modification) -> Attribution:
    return replace(who, item=m.source, modification=m.eid, kind=m.kind)


def _title(corpus: Corpus, uri: str) -> str:
    try:
        return corpus.work(uri).title
    except QueryError:
        return ""


def diff_expressions(
    old: Expression,
    new: Expression,
    eid: str | None = None,
    *,
    corpus: Corpus | None = None,
    glossary: Glossary | str | None = "auto",
) -> Redline:
    """Compare two expressions of one work, whole or at ``eid``.

    ``glossary="auto"`` classifies with the bundled glossary when the two texts come from different
    translations, and treats every change as substantive when they come from the same one.
    """
    if old.work != new.work:
        raise DiffError(
            None, None, f"cannot compare {old.key} with {new.key}", expected="two expressions of one work"
        )
    roots_old = _roots(old, eid)
    roots_new = _roots(new, eid)
    if not roots_old and not roots_new:
        raise QueryError(old.path or None, None, f"no provision {eid!r} in {old.key} or {new.key}")
    if glossary == "auto":
        gloss: Glossary | None = load_glossary() if old.source != new.source else None
    else:
        gloss = glossary if isinstance(glossary, Glossary) else None
    translation = old.date == new.date
    instruments: tuple[Attribution, ...] = ()
    attribute: Attributor | None = None
    title = ""
    if corpus is not None:
        work = corpus.work(old.work)
        title = work.title
        if not translation:
            instruments, mods = amendments_between(corpus, work, old.date, new.date)
            attribute = _Amendments(instruments, mods)
    changes, ops = diff_provisions(roots_old, roots_new, glossary=gloss, attribute=attribute)
    return Redline(
        work=old.work,
        eid=eid or "",
        from_uri=old.uri,
        to_uri=new.uri,
        from_source=old.source,
        to_source=new.source,
        from_date=old.date,
        to_date=new.date,
        translation=translation,
        classified=gloss is not None,
        provisions=changes,
        ops=ops,
        instruments=instruments,
        title=title,
    )


def _roots(e: Expression, eid: str | None) -> tuple[Provision, ...]:
    if not eid:
        return e.provisions
    p = e.find(eid)
    return (p,) if p else ()


def resolve_version(
    corpus: Corpus,
    work: str,
    spec: str,
    *,
    source: str | None = None,
    eid: str | None = None,
    language: str = "eng",
) -> Expression:
    """An expression named by a date (the version in force that day), an expression key or URI.

    ``eng@2012-12-19`` and ``eng@2012-12-19[seed-002]`` are read relative to the work.
    """
    spec = spec.strip()
    if _DATE.match(spec):
        try:
            when = date.fromisoformat(spec)
        except ValueError:
            raise QueryError(None, None, f"{spec!r} is not a date", expected="YYYY-MM-DD") from None
        return corpus.expression_at(work, when, language, source, eid)
    w = corpus.work(work)
    key = spec if spec.startswith("/") else f"{w.uri}/{spec}"
    if source and "[" not in key:
        key = f"{key}[{source}]"
    return corpus.expression(key)


def diff(
    corpus: Corpus,
    work: str,
    eid: str | None = None,
    *,
    old: str,
    new: str,
    old_source: str | None = None,
    new_source: str | None = None,
    language: str = "eng",
    glossary: Glossary | str | None = "auto",
) -> Redline:
    """Compare a provision (or a whole work) between two versions named by date or expression.

    >>> import lexcsto
    >>> r = diff(lexcsto.load(), "cst", "art_4", old="1992-05-15", new="2012-12-19")
    >>> "immediately " in [o.text for o in r.ops if o.kind == "substantive"]
    True
    """
    a = resolve_version(corpus, work, old, source=old_source, eid=eid, language=language)
    b = resolve_version(corpus, work, new, source=new_source, eid=eid, language=language)
    return diff_expressions(a, b, eid, corpus=corpus, glossary=glossary)


# ------------------------------------------------------------------------------------- translations


@dataclass(frozen=True)
class Rendering:
    """One translation of a version, compared with the base translation."""

    key: str
    uri: str
    source: str
    translation: str
    redline: Redline  # base -> this rendering (the base against itself: all equal)

    def change(self, eid: str) -> ProvisionChange | None:
        return next((c for c in self.redline.provisions if eid in (c.new_eid, c.old_eid)), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "expression": self.key,
            "uri": self.uri,
            "source": self.source or None,
            "translation": self.translation,
            "counts": self.redline.counts(),
            "provisions": [c.as_dict() for c in self.redline.provisions],
        }


@dataclass(frozen=True)
class TranslationView:
    """The renderings of one version of a provision side by side, each diffed against the base."""

    work: str
    eid: str
    title: str
    version: date
    base: str  # source id of the base rendering
    renderings: tuple[Rendering, ...]
    eids: tuple[str, ...]  # the provisions with text in any rendering, in document order

    def as_dict(self) -> dict[str, object]:
        return {
            "work": self.work,
            "eid": self.eid,
            "title": self.title or None,
            "version": self.version.isoformat(),
            "base": self.base,
            "eids": list(self.eids),
            "renderings": [r.as_dict() for r in self.renderings],
        }


def translations(
    corpus: Corpus,
    work: str,
    eid: str,
    *,
    version: date | None = None,
    base: str | None = None,
    language: str = "eng",
    glossary: Glossary | str | None = "auto",
) -> TranslationView:
    """Every rendering of ``eid`` in one version (by default the original), compared with the base one.

    The base is the edition's default translation unless ``base`` names a source.
    """
    w = corpus.work(work)
    dates = corpus.version_dates(w.uri, language)
    if not dates:
        raise QueryError(None, None, f"{w.short} has no {language} text")
    when = version or dates[0]
    group = [e for e in w.expressions if e.date == when and e.language == language and e.find(eid)]
    if not group:
        raise QueryError(None, None, f"no rendering of {eid!r} in the {when} version of {w.short}")
    base_expr = corpus.expression_at(w.uri, when, language, base, eid)
    if base_expr.date != when or base_expr not in group:
        raise QueryError(None, None, f"no base rendering of {eid!r} dated {when} in {w.short}")
    ordered = [base_expr, *sorted((e for e in group if e is not base_expr), key=lambda e: e.source)]
    renderings = tuple(
        Rendering(
            e.key,
            e.uri,
            e.source,
            e.translation,
            diff_expressions(base_expr, e, eid, corpus=corpus, glossary=glossary),
        )
        for e in ordered
    )
    eids: dict[str, None] = {}
    for e in ordered:
        p = e.find(eid)
        for q in p.walk() if p else ():
            if q.text or q.omitted:
                eids.setdefault(q.eid, None)
    return TranslationView(w.uri, eid, w.title, when, base_expr.source, renderings, tuple(eids))
