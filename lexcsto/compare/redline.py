"""Redlines of a provision or a whole instrument between two versions, attributed to the amendments.

Two expressions of one work are compared: their provisions are aligned (:mod:`lexcsto.compare.alignment`) and each
pair compared word by word (:mod:`lexcsto.compare.operations`). Between two versions, each substantive change is
attributed to the amending instrument that took effect in between and, when its textual modification is
recorded, to the item that made it. The translations of one version side by side are in
:mod:`lexcsto.compare.translations`.

The result is replayable: applying its operations to the old text gives the new text exactly.

>>> import lexcsto
>>> from lexcsto.compare.operations import apply_ops
>>> r = diff(lexcsto.load(), "cst", "art_4", old="1992-05-15", new="2012-12-19")
>>> apply_ops(r.old_text, r.ops) == r.new_text
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from lexcsto.compare.alignment import ProvisionChange, diff_provisions
from lexcsto.compare.classification import Glossary, load_glossary
from lexcsto.compare.operations import Attribution, Attributor, Op
from lexcsto.corpus.arguments import as_corpus_language, as_date
from lexcsto.corpus.model import Expression, Modification, Provision, Work
from lexcsto.corpus.queries import Corpus
from lexcsto.corpus.uri import expression_key, split_href
from lexcsto.corpus.vocabulary import CHANGE_KINDS, ChangeKind
from lexcsto.errors import DiffError, QueryError

__all__ = [
    "Redline",
    "diff",
    "diff_expressions",
    "load_glossary",
    "resolve_version",
]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    from_witnesses: tuple[str, ...] = ()  # the renderings that filled gaps of each side's base text
    to_witnesses: tuple[str, ...] = ()
    from_language: str = ""
    to_language: str = ""
    # The sources of both sides as a reader names them (Source.label from sources.yaml), by source id:
    # the human formats show these, the JSON the ids.
    source_names: tuple[tuple[str, str], ...] = ()

    def source_name(self, source_id: str) -> str:
        """A source of this redline by its title, or its id when the corpus has no title for it."""
        return dict(self.source_names).get(source_id, source_id)

    @property
    def old_text(self) -> str:
        return "".join(o.text for o in self.ops if o.op != "insert")

    @property
    def new_text(self) -> str:
        return "".join(o.text for o in self.ops if o.op != "delete")

    def counts(self) -> dict[ChangeKind, int]:
        """Number of changes (insert or delete operations) of each kind."""
        out: dict[ChangeKind, int] = dict.fromkeys(CHANGE_KINDS, 0)
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
            "from_witnesses": list(self.from_witnesses),
            "to_witnesses": list(self.to_witnesses),
            "from_language": self.from_language or None,
            "to_language": self.to_language or None,
            "source_labels": dict(self.source_names),
            "from_date": self.from_date.isoformat() if self.from_date else None,
            "to_date": self.to_date.isoformat() if self.to_date else None,
            "translation": self.translation,
            "classified": self.classified,
            "instruments": [a.as_dict() for a in self.instruments],
            "counts": self.counts(),
            "provisions": [p.as_dict() for p in self.provisions],
            "ops": [o.as_dict() for o in self.ops],
        }


@dataclass(frozen=True)
class _Amendments:
    """What changed a work between two version dates: the instruments and their textual modifications."""

    instruments: tuple[Attribution, ...]
    modifications: tuple[tuple[Attribution, str], ...] = field(default_factory=tuple)  # (who, target eId)

    def __call__(self, eid: str) -> Attribution | None:
        return self.recorded(eid) or (self.instruments[0] if len(self.instruments) == 1 else None)

    def recorded(self, eid: str) -> Attribution | None:
        """The recorded textual modification nearest to ``eid`` (not a guess from a lone instrument)."""
        best: tuple[int, Attribution] | None = None
        for who, target in self.modifications:
            if eid == target or eid.startswith(target + "__") or target.startswith(eid + "__"):
                depth = len(target)
                if best is None or depth > best[0]:
                    best = (depth, who)
        return best[1] if best else None


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
    if isinstance(attribute, _Amendments):
        changes = tuple(_known_change(c, attribute) for c in changes)
    used = {old.source, new.source, *old.witnesses, *new.witnesses}
    used |= {w for c in changes for w in (c.old_witness, c.new_witness)}
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
        from_witnesses=old.witnesses,
        to_witnesses=new.witnesses,
        provisions=changes,
        ops=ops,
        instruments=instruments,
        title=title,
        from_language=old.language,
        to_language=new.language,
        source_names=_source_names(corpus, used),
    )


def _source_names(corpus: Corpus | None, ids: set[str]) -> tuple[tuple[str, str], ...]:
    if corpus is None:
        return ()
    found = ((i, corpus.source(i)) for i in sorted(i for i in ids if i))
    return tuple((i, s.label) for i, s in found if s is not None)


def _known_change(c: ProvisionChange, amendments: _Amendments) -> ProvisionChange:
    """An unknown change that a recorded modification names: attributed to its item, words still unknown."""
    if c.status != "unknown":
        return c
    who = amendments.recorded(c.eid)
    return replace(c, amended_by=who) if who else c


def _roots(e: Expression, eid: str | None) -> tuple[Provision, ...]:
    if not eid:
        return e.provisions
    p = e.find(eid)
    return (p,) if p else ()


def resolve_version(
    corpus: Corpus,
    work: str,
    spec: str | date,
    *,
    source: str | None = None,
    eid: str | None = None,
    language: str = "eng",
) -> Expression:
    """An expression named by a date (the version in force that day), an expression key or URI.

    ``eng@2012-12-19`` and ``eng@2012-12-19[seed-002]`` are read relative to the work.
    """
    language = as_corpus_language(language)
    if isinstance(spec, date):
        return corpus.expression_at(work, as_date(spec, "version"), language, source, eid)
    if not isinstance(spec, str):
        raise QueryError(
            None, None, f"{spec!r} is not a version", expected="a date, YYYY-MM-DD or an expression"
        )
    spec = spec.strip()
    if re.fullmatch(r"\d{4}(-\d{1,2})?(-\d{1,2})?", spec) and not _DATE.match(spec):
        # "2002" or "2002-10": meant as a date, so said as a date error (not "no work .../2002")
        raise QueryError(
            None,
            None,
            f"{spec!r} is not a date",
            expected="YYYY-MM-DD, or an expression such as eng@2002-10-07",
        )
    if _DATE.match(spec):
        try:
            when = date.fromisoformat(spec)
        except ValueError:
            raise QueryError(None, None, f"{spec!r} is not a date", expected="YYYY-MM-DD") from None
        return corpus.expression_at(work, when, language, source, eid)
    w = corpus.work(work)
    key = spec if spec.startswith("/") else f"{w.uri}/{spec}"
    if source and "[" not in key:
        key = expression_key(key, source)
    return corpus.expression(key)


def diff(
    corpus: Corpus,
    work: str,
    eid: str | None = None,
    *,
    old: str | date,
    new: str | date,
    old_source: str | None = None,
    new_source: str | None = None,
    language: str = "eng",
    glossary: Glossary | str | None = "auto",
) -> Redline:
    """Compare a provision (or a whole work) between two versions, each named by a date, an ISO date
    string or an expression.

    >>> import lexcsto
    >>> r = diff(lexcsto.load(), "cst", "art_4", old="1992-05-15", new="2012-12-19")
    >>> "immediately " in [o.text for o in r.ops if o.kind == "substantive"]
    True
    """
    a = resolve_version(corpus, work, old, source=old_source, eid=eid, language=language)
    b = resolve_version(corpus, work, new, source=new_source, eid=eid, language=language)
    if a.date > b.date:
        # Backwards in time: the forward comparison, read the other way, so that a redline and its reverse
        # always count the same changes (the word alignment itself is not symmetric).
        return reverse(diff_expressions(b, a, eid, corpus=corpus, glossary=glossary))
    return diff_expressions(a, b, eid, corpus=corpus, glossary=glossary)


_FLIP = {"insert": "delete", "delete": "insert"}
_FLIP_STATUS = {"added": "removed", "removed": "added"}


def _flipped(ops: tuple[Op, ...]) -> tuple[Op, ...]:
    return tuple(replace(o, op=_FLIP.get(o.op, o.op)) for o in ops)


def reverse(redline: Redline) -> Redline:
    """The same comparison read from the newer text to the older: inserts become deletes and back.

    >>> import lexcsto
    >>> r = diff(lexcsto.load(), "cst", "art_4", old="1992-05-15", new="2012-12-19")
    >>> back = reverse(r)
    >>> (back.old_text, back.new_text) == (r.new_text, r.old_text), back.counts() == r.counts()
    (True, True)
    """
    changes = tuple(
        replace(p, status=_FLIP_STATUS.get(p.status, p.status), old_eid=p.new_eid, new_eid=p.old_eid,
                old_num=p.new_num, new_num=p.old_num, old_witness=p.new_witness, new_witness=p.old_witness,
                ops=_flipped(p.ops))
        for p in redline.provisions
    )  # fmt: skip
    return replace(
        redline,
        from_uri=redline.to_uri,
        to_uri=redline.from_uri,
        from_source=redline.to_source,
        to_source=redline.from_source,
        from_date=redline.to_date,
        to_date=redline.from_date,
        from_witnesses=redline.to_witnesses,
        to_witnesses=redline.from_witnesses,
        from_language=redline.to_language,
        to_language=redline.from_language,
        provisions=changes,
        ops=_flipped(redline.ops),
    )
