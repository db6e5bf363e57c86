"""The loaded corpus: lookups by short name or URI, provisions as at a date, timelines, references.

Every lookup is an index built once, so that a query as at a date costs a dictionary access and a binary
search, whatever the size of the corpus.

>>> import lexcsto
>>> corpus = lexcsto.load()
>>> corpus.work("cst").title
'Collective Security Treaty'
>>> located = corpus.provision("cst", "art_4", as_at=date(2011, 6, 1))
>>> "armed attack" in located.provision.full_text
False
>>> located = corpus.provision("cst", "art_4", as_at=date(2013, 1, 1))
>>> "armed attack" in located.provision.full_text
True
"""

from __future__ import annotations

import bisect
import functools
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lexcsto.corpus.arguments import as_corpus_language, as_date
from lexcsto.corpus.bundled import bundled_folder
from lexcsto.corpus.index import Index, UnindexableError
from lexcsto.corpus.model import Event, Expression, Fragment, Modification, Provision, Relation, Source, Work
from lexcsto.corpus.uri import split_href
from lexcsto.corpus.witnesses import compose
from lexcsto.errors import LoadError, Problem, QueryError

if TYPE_CHECKING:
    from lexcsto.corpus.parties import Binding, Membership, PartyStatus, StateRecord
    from lexcsto.corpus.reader import CorpusFiles, LazyWorks
    from lexcsto.corpus.validation import Profile

# The parties files of a folder, read when a query first needs them: what they hold and the problems of
# those left out. A command that never asks about parties (show, versions, search) never reads their YAML.
PartiesReader = Callable[[], "tuple[tuple[Membership, ...], tuple[Problem, ...]]"]

INVERSE = {
    "amends": "amended_by",
    "extends": "extended_by",
    "replaces": "replaced_by",
    "implements": "implemented_by",
}
INVERSE.update({v: k for k, v in list(INVERSE.items())})


@dataclass(frozen=True)
class Located:
    """A provision found in one expression of a work."""

    work: Work
    expression: Expression
    provision: Provision
    as_at: date | None = None
    # False when the date falls before entry into force or after the work ended; None when the sources
    # record no entry into force (a work is never taken to be in force from its signature).
    in_force: bool | None = True


@dataclass(frozen=True)
class TimelineEntry:
    """One expression of a provision, with the event and instrument that produced its version."""

    expression: Expression
    provision: Provision | None
    event: Event | None
    instrument: str  # work URI of the instrument that changed this provision ("" for the original or none)
    # Did the event of this version change this provision? True, False (the instrument amends other
    # provisions only), or None (an amendment whose scope no source gives). Always True for the original.
    amended: bool | None = True
    work_event: Event | None = None  # the event of the work on this version's date, whatever it changed
    base: bool = False  # the edition's reading of this version (base text with its gaps filled)


@dataclass(frozen=True)
class CrossReference:
    """A cross-reference found in the text, resolved where the corpus knows its target."""

    source_work: str
    source_eid: str
    expression: str  # expression key
    href: str
    text: str
    target_work: str | None
    target_eid: str | None
    # For a reference a source states without quoting the citing text: that source and its lines
    # ("seed-003 L299-303"); ``expression`` is then "".
    stated_by: str = ""
    # "ref": a <ref> of the text; "destination": the <destination> of an amending instrument's textual
    # modification; "quoted": a <ref> inside the text a modification quotes (a quotedStructure)
    kind: str = "ref"


@dataclass(frozen=True)
class Listed:
    """What ``lexcsto list`` shows of a work, which the index answers without decoding the work."""

    short: str
    uri: str
    doctype: str
    title: str
    subtype: str
    signed: date | None
    in_force: date | None
    status_label: str
    editorial: tuple[str, ...]  # the fields the edition supplied itself
    expressions: int
    external: bool

    @classmethod
    def of(cls, w: Work) -> Listed:
        return cls(w.short, w.uri, w.doctype, w.title, w.subtype, w.signed, w.in_force, w.status_label,
                   tuple(e.field for e in w.editorial), len(w.expressions), w.external)  # fmt: skip


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


class Corpus:
    """A corpus of works, with indexes for every query the library answers.

    Either every work is given (read into memory), or an :class:`~lexcsto.corpus.index.Index` is: then a
    work's model is decoded from the index the first time it is asked for, and ``works`` decodes them all;
    or ``lazy`` works are (read into memory, each built on first use: :class:`~lexcsto.corpus.reader.LazyWorks`).
    """

    def __init__(
        self,
        works: tuple[Work, ...] = (),
        sources: tuple[Source, ...] = (),
        defaults: dict[str, str] | None = None,
        path: str = "",
        problems: tuple[Problem, ...] = (),
        memberships: tuple[Membership, ...] = (),
        index: Index | None = None,
        parties: PartiesReader | None = None,
        lazy: LazyWorks | None = None,
        validation: tuple[Problem, ...] | None = None,
    ) -> None:
        self.index = index
        #: Loaded with ``validate``: every problem :func:`lexcsto.validate` finds in the folder, in its
        #: order (found in the load's one pass over the files); else None.
        self.validation = validation
        self.sources = index.sources() if index is not None else sources
        self.path = path
        #: The expression files left out (unreadable, or a second file for one expression) and warnings.
        self.file_problems = problems
        self._given_memberships = memberships
        self._read_parties = parties  # read on first use (then its problems join ``problems``)
        self._parties_problems: tuple[Problem, ...] = ()
        self._given_defaults = defaults or {}
        self._works = None if index is not None or lazy is not None else works
        self._lazy = lazy
        #: With ``lazy``: short name or URI -> work URI, as ``_by_key`` will map them once all are built.
        self._lazy_uris: dict[str, str] = {}
        for k in lazy.keys if lazy is not None else ():
            self._lazy_uris[k.uri] = k.uri
            self._lazy_uris.setdefault(k.short, k.uri)
        self._by_key: dict[str, Work] = {}
        self._keyed(works)
        self._versions: dict[tuple[str, str], list[date]] = {}
        self._readings: dict[str, Expression] = {}
        self._uris: dict[str, str | None] = {}
        self._work_defaults: dict[str, dict[str, str]] = {}  # work URI -> Index.defaults(work)

    def _default(self, expression: Expression) -> str | None:
        """The key of the expression shown by default for ``expression``'s URI, if one is. From the index,
        one work's rows at a time, on first use: a ``show`` at 10,000 works read all 40,000 expression rows
        (a scan, 0.02 s) to choose among one version's renderings."""
        if self.index is None:
            return self._given_defaults.get(expression.uri)
        work = expression.work
        if work not in self._work_defaults:
            self._work_defaults[work] = self.index.defaults(work)
        return self._work_defaults[work].get(expression.uri)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Files left out (unreadable, or a second file for one expression or work) and warnings; asking
        reads the parties files, if they have not been read."""
        _ = self._memberships
        return self.file_problems + self._parties_problems

    @property
    def memberships(self) -> tuple[Membership, ...]:
        """The parties data of every work that has some."""
        return tuple(self._memberships.values())

    @cached_property
    def _memberships(self) -> dict[str, Membership]:
        found = self._given_memberships
        if self._read_parties is not None:
            found, self._parties_problems = self._read_parties()
        return {m.work: m for m in found}

    def __repr__(self) -> str:
        where = self.path or "memory"
        if self._lazy is not None:
            return f"<Corpus {len(self._lazy.keys)} works from {where}>"
        if self._works is None:
            return f"<Corpus from {where}, indexed in {self.index.path if self.index else '?'}>"
        return f"<Corpus {len(self._works)} works from {where}>"

    def _keyed(self, works: tuple[Work, ...]) -> None:
        for w in works:
            self._by_key[w.uri] = w
            self._by_key.setdefault(w.short, w)

    def _built(self, uri: str) -> Work:
        """A lazy work, built on first use (``LazyWorks`` keeps it: the same object, whichever thread asks)."""
        assert self._lazy is not None
        return self._lazy.build(uri)

    @property
    def works(self) -> tuple[Work, ...]:
        """Every work, in the order of their dates (decoded from the index on first use)."""
        if self._works is None and self._lazy is not None:
            works = tuple(self._built(k.uri) for k in self._lazy.keys)
            self._by_key = {}
            self._keyed(works)  # as if they had been given
            self._works = works
        if self._works is None:
            assert self.index is not None  # no works given means an index was
            # The works asked for before are kept (the same objects); the rest are decoded now.
            self._works = tuple(self._by_key.get(w.uri, w) for w in self.index.works())
            for w in self._works:
                self._by_key[w.uri] = w
            for w in self._works:
                self._by_key.setdefault(w.short, w)
        return self._works

    def listing(self) -> tuple[Listed, ...]:
        """What ``lexcsto list`` shows of every work, in the order of :attr:`works`; from the index's rows
        while no work has been decoded (at 1,000 works, decoding them all is most of the command)."""
        if self.index is not None and self._works is None:
            return tuple(
                Listed(short, uri, doctype, title, subtype, _day(signed), _day(in_force), status, tuple(ed), n, ext)
                for short, uri, doctype, title, subtype, signed, in_force, status, ed, n, ext in self.index.listing()
            )  # fmt: skip
        return tuple(Listed.of(w) for w in self.works)

    # ----------------------------------------------------------------------------------- works

    def _known(self, key: str) -> str | None:
        """The URI of the work a short name or URI names, if the corpus has it."""
        if self._lazy is not None and self._works is None:
            return self._lazy_uris.get(key) or self._lazy_uris.get(split_href(key)[0])
        if self.index is not None and self._works is None:
            if key not in self._uris:  # the index was refreshed when the corpus was opened: a snapshot
                self._uris[key] = self.index.work_uri(key)
            return self._uris[key]
        found = self._by_key.get(key) or self._by_key.get(split_href(key)[0])
        return found.uri if found else None

    def work(self, key: str) -> Work:
        """A work by short name or work URI (an expression or portion URI names its work too)."""
        if self.index is not None and self._works is None:
            uri = self._known(key)
            found = None if uri is None else self._by_key.get(uri)
            if uri is not None and found is None:
                found = self._by_key[uri] = self.index.work(uri)
        elif self._lazy is not None and self._works is None:
            uri = self._known(key)
            found = None if uri is None else self._built(uri)
        else:
            found = self._by_key.get(key) or self._by_key.get(split_href(key)[0])
        if found is None:
            shorts = (
                self.index.shorts()
                if self.index is not None
                else [k.short for k in self._lazy.keys if not k.external]
                if self._lazy is not None
                else [w.short for w in self.works if not w.external]
            )
            known = ", ".join(sorted(shorts)[:12])
            raise QueryError(
                None, None, f"no work {key!r} in the corpus (known short names include: {known})"
            )
        return found

    def titled(self, title: str) -> Work | None:
        """The first work (in the order of :attr:`works`) whose title is ``title``, whatever the case; the
        index answers without reading every work."""
        lowered = title.lower()
        if self.index is not None and self._works is None:
            uri = self.index.work_titled(lowered)
            return self.work(uri) if uri is not None else None
        if self._lazy is not None and self._works is None:
            key = next((k for k in self._lazy.keys if k.title.lower() == lowered), None)
            return self._built(key.uri) if key is not None else None
        return next((w for w in self.works if w.title.lower() == lowered), None)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def expressions(self, work: str) -> tuple[Expression, ...]:
        return self.work(work).expressions

    def expression(self, key: str) -> Expression:
        """An expression by its key (``uri[source]``) or, when unambiguous, its URI."""
        work = self.work(key)
        matches = [e for e in work.expressions if key in (e.key, e.uri)]
        if len(matches) == 1 or (matches and key == matches[0].key):
            return matches[0]
        if not matches:
            raise QueryError(None, None, f"no expression {key!r}")
        keys = ", ".join(e.key for e in matches)
        raise QueryError(None, None, f"expression {key!r} is ambiguous (choose one of: {keys})")

    def provisions_index(self, expression: Expression) -> dict[str, Provision]:
        return expression.eid_index

    def reading(self, base: Expression) -> Expression:
        """The default reading of ``base``'s version: ``base`` with its gaps filled from the other
        renderings of that version (:mod:`lexcsto.corpus.witnesses`), built once."""
        found = self._readings.get(base.key)
        if found is None:
            others = sorted(
                (
                    e
                    for e in self.work(base.work).expressions
                    if e.date == base.date and e.language == base.language
                ),
                key=lambda e: e.source,
            )
            found = compose(base, others)
            self._readings[base.key] = found
        return found

    # ----------------------------------------------------------------------------------- as at

    def language_of(self, work: str, language: str | None = None) -> str:
        """The language asked for, or, when none is asked, English if the work has it, else the language
        of its latest expression (a Chilean debate is read in Spanish without being told)."""
        if language:
            return language
        w = self.work(work)
        languages = [e.language for e in w.expressions]
        return "eng" if "eng" in languages or not languages else languages[-1]

    def _dates(self, w: Work, language: str) -> list[date]:
        """The version dates of a work in a language, oldest first (computed once per work)."""
        found = self._versions.get((w.uri, language))
        if found is None:
            found = self._versions[(w.uri, language)] = sorted(
                {e.date for e in w.expressions if e.language == language}
            )
        return found

    def version_dates(self, work: str, language: str = "eng") -> list[date]:
        return list(self._dates(self.work(work), as_corpus_language(language)))

    def expression_at(
        self,
        work: str,
        as_at: date | str,
        language: str = "eng",
        source: str | None = None,
        eid: str | None = None,
    ) -> Expression:
        """The expression in force on ``as_at`` (a date or YYYY-MM-DD): the latest version dated on or
        before it.

        Among several translations of that version: the one named by ``source`` (that rendering alone),
        else the reading of the edition's default, else of the one that quotes most of ``eid``: the base
        text with its gaps filled from the other renderings (:meth:`reading`).
        """
        as_at = as_date(as_at, "as_at")
        language = as_corpus_language(language)
        w = self.work(work)
        signed = w.signed or w.date
        if as_at < signed:
            raise QueryError(
                None,
                None,
                f"{w.short} was not signed until {signed.isoformat()}; nothing is in force on {as_at}",
            )
        dates = self._dates(w, language)
        i = bisect.bisect_right(dates, as_at)
        if i == 0:
            raise QueryError(None, None, f"{w.short} has no {language} text dated on or before {as_at}")
        return self._choose(w, dates[i - 1], language, source, eid)

    def _choose(
        self, w: Work, version: date, language: str, source: str | None, eid: str | None
    ) -> Expression:
        candidates = [e for e in w.expressions if e.date == version and e.language == language]
        if source:
            chosen = [e for e in candidates if e.source == source]
            if not chosen:
                have = ", ".join(e.source for e in candidates) or "none"
                raise QueryError(
                    None,
                    None,
                    f"{w.short} has no {language} text of {version} from {source} (sources: {have})",
                )
            return chosen[0]
        return self.reading(self._base(candidates, eid))

    def _base(self, candidates: list[Expression], eid: str | None) -> Expression:
        """The base text of a version among its renderings: the default, else the one quoting most."""
        default = self._default(candidates[0]) if candidates else None
        if default:
            for e in candidates:
                if e.key == default and (eid is None or eid in self.provisions_index(e)):
                    return e

        def quoted(e: Expression) -> int:
            p = self.provisions_index(e).get(eid) if eid else None
            return sum(len(x.text) for x in p.walk() if not x.omitted) if p else 0

        return sorted(candidates, key=lambda e: (-quoted(e), e.source))[0]

    def provision(
        self,
        work: str,
        eid: str,
        as_at: date | str | None = None,
        language: str | None = "eng",
        source: str | None = None,
    ) -> Located:
        """A provision as at a date (a date or YYYY-MM-DD: the version in force that day), or in the
        latest version; ``language=None`` reads the work in the language it has (see :meth:`language_of`).

        >>> load_corpus().provision("cst", "art_4", as_at="2011-06-01", language="en").expression.date
        datetime.date(1992, 5, 15)
        """
        as_at = as_date(as_at, "as_at") if as_at is not None else None
        w = self.work(work)
        language = self.language_of(w.uri, as_corpus_language(language) if language else None)
        when = as_at
        if when is None:
            dates = self._dates(w, language)
            if not dates:
                raise QueryError(None, None, f"{w.short} has no {language} text")
            when = dates[-1]
        expression = self.expression_at(w.uri, when, language, source, eid)
        provision = self.provisions_index(expression).get(eid)
        if provision is None:
            raise QueryError(None, None, f"no provision {eid!r} in {w.short} ({expression.key})")
        in_force = w.in_force_on(as_at or date.today())
        return Located(w, expression, provision, as_at, in_force)

    def contents(
        self, work: str, as_at: date | str | None = None, language: str | None = None
    ) -> tuple[Expression, tuple[tuple[int, Provision], ...]]:
        """A work's table of contents: the expression in force on ``as_at`` (default: the latest) and
        its provisions in document order, each with its depth (0 for a top-level unit).

        >>> import lexcsto
        >>> expression, units = lexcsto.load().contents("cst", as_at="2000-01-01")
        >>> first, second = units[0], units[1]
        >>> expression.date.isoformat(), (first[0], first[1].eid), (second[0], second[1].eid)
        ('1992-05-15', (0, 'art_1'), (1, 'art_1__para_1'))
        """
        w = self.work(work)
        lang = self.language_of(w.uri, as_corpus_language(language) if language else None)
        as_at = as_date(as_at, "as_at") if as_at is not None else None
        if as_at is None:
            dates = self._dates(w, lang)
            if not dates:
                raise QueryError(None, None, f"{w.short} has no {lang} text")
            as_at = dates[-1]
        expression = self.expression_at(w.uri, as_at, lang)

        def walk(p: Provision, depth: int) -> Iterator[tuple[int, Provision]]:
            yield depth, p
            for child in p.children:
                yield from walk(child, depth + 1)

        return expression, tuple(item for top in expression.provisions for item in walk(top, 0))

    # ----------------------------------------------------------------------------------- history

    def timeline(self, work: str, eid: str) -> tuple[TimelineEntry, ...]:
        """Every expression of a provision, oldest first, with the event that made its version.

        The edition's reading of each version (base text, gaps filled from the other renderings) stands
        for its base rendering. A version made by an amendment that did not touch the provision says so
        (``amended=False``, no event or instrument of its own; ``work_event`` keeps the work's event).
        """
        w = self.work(work)
        entries: list[TimelineEntry] = []
        for e in w.expressions:
            candidates = [x for x in w.expressions if x.date == e.date and x.language == e.language]
            base = self._base(candidates, eid) is e
            shown = self.reading(e) if base else e
            p = self.provisions_index(shown).get(eid)
            event, instrument = self._event_for(w, e.date)
            amended = self.amended(w, event, eid)
            if amended is False:  # the work's event, not this provision's: no event, no instrument
                entries.append(TimelineEntry(shown, p, None, "", False, event, base))
            else:
                entries.append(TimelineEntry(shown, p, event, instrument, amended, event, base))
        if not any(t.provision for t in entries):
            raise QueryError(None, None, f"no provision {eid!r} in any version of {w.short}")
        return tuple(entries)

    def amended(self, w: Work, event: Event | None, eid: str) -> bool | None:
        """Whether the amendment ``event`` changed provision ``eid``: by its textual modifications and the
        scope of its ``amends`` relation; None when the instrument records neither."""
        if event is None or event.kind != "amendment" or not event.instrument:
            return True
        try:
            instrument = self.work(event.instrument)
        except QueryError:
            return None
        targets = [
            split_href(m.destination)[1] or ""
            for m in instrument.modifications
            if split_href(m.destination)[0] == w.uri
        ]
        for r in instrument.relations:
            if r.kind == "amends" and r.target == w.uri:
                targets.extend(r.provisions)
        if not targets:
            return None
        return any(_within(eid, t) or _within(t, eid) for t in targets)

    def _event_for(self, w: Work, version: date) -> tuple[Event | None, str]:
        same_day = [ev for ev in w.events if ev.date == version]
        for kind in ("amendment", "entry_into_force", "signature", "adoption"):
            for ev in same_day:
                if ev.kind == kind:
                    return ev, ev.instrument
        return (same_day[0], same_day[0].instrument) if same_day else (None, "")

    def modifications_to(self, work: str) -> tuple[tuple[Work, Modification], ...]:
        """Every textual modification recorded by any instrument of the corpus against ``work``."""
        uri = self.work(work).uri
        return tuple(
            (w, m) for w in self.works for m in w.modifications if split_href(m.destination)[0] == uri
        )

    def relations(self, work: str) -> tuple[Relation, ...]:
        """A work's relations: those it records and the inverses recorded by others."""
        w = self.work(work)
        return tuple(dict.fromkeys((*w.relations, *self._inverse_relations.get(w.uri, ()))))

    @cached_property
    def _inverse_relations(self) -> dict[str, tuple[Relation, ...]]:
        out: dict[str, list[Relation]] = {}
        for other in self.works:
            for r in other.relations:
                if r.kind in INVERSE:
                    out.setdefault(r.target, []).append(
                        Relation(INVERSE[r.kind], other.uri, r.note, r.source, r.lines, r.provisions)
                    )
        return {k: tuple(v) for k, v in out.items()}

    # ----------------------------------------------------------------------------------- parties

    def membership(self, work: str) -> Membership | None:
        """The parties data of a work (its ``parties.yaml``), or None when the corpus has none for it."""
        return self._memberships.get(self.work(work).uri)

    def parties(self, work: str, as_at: date) -> tuple[PartyStatus, ...]:
        """Every state with a status under ``work`` on ``as_at``: bound states first, then the others."""
        w = self.work(work)
        membership = self._memberships.get(w.uri)
        if membership is None:
            raise QueryError(None, None, f"{w.short} has no parties data (no {w.short}/parties.yaml)")
        return membership.at(as_at)

    def binding(self, work: str, state: str, as_at: date) -> Binding:
        """Whether ``state`` was bound by ``work`` on ``as_at``, and by which version of its text.

        The version is the expression in force that day when the state is bound, else the one in force on
        the last day it was bound. Whether the state is a party to the amending instrument that made that
        version is answered from that instrument's parties data, where the corpus has it.
        """
        w = self.work(work)
        membership = self._memberships.get(w.uri)
        if membership is None:
            raise QueryError(None, None, f"{w.short} has no parties data (no {w.short}/parties.yaml)")
        record = membership.state(state)
        if record is None:
            known = ", ".join(f"{s.state} ({s.name})" for s in membership.states)
            raise QueryError(None, None, f"{state!r} has no path through {w.short} (states: {known})")
        status = record.status_at(as_at, membership.bond)
        last_bound = (
            as_at if status is not None and status.bound else _last_bound_day(record, membership, as_at)
        )
        version: Expression | None = None
        instrument = ""
        if last_bound is not None and self._dates(w, "eng"):
            version = self.expression_at(w.uri, last_bound)
            _, instrument = self._event_for(w, version.date)
        by_instrument: PartyStatus | None = None
        known_for_instrument = False
        if instrument and instrument in self._memberships:
            other = self._memberships[instrument]
            known_for_instrument = True
            other_record = other.state(record.state)
            if other_record is not None and last_bound is not None:
                by_instrument = other_record.status_at(last_bound, other.bond)
        from lexcsto.corpus.parties import Binding

        return Binding(
            w.uri,
            record.state,
            record.name,
            as_at,
            status,
            last_bound,
            version,
            instrument,
            known_for_instrument,
            by_instrument,
        )

    # ----------------------------------------------------------------------------------- references

    def resolve(self, href: str, context: str | None = None) -> tuple[Work, str | None] | None:
        """The work (and eId) an href points at; internal hrefs resolve against ``context``."""
        if not split_href(href)[0] and not context:
            return None
        target = self._target_of(href, context or "")
        return (self.work(target[0]), target[1]) if target is not None else None

    def refs(self, work: str, eid: str, *, amendments: bool = False) -> tuple[CrossReference, ...]:
        """Outgoing references from a provision (and those below it), across all its expressions; with
        ``amendments``, also what its textual modifications change and cite (kinds ``destination``, ``quoted``)."""
        w = self.work(work)
        # The work's own modifications: no other work needs decoding (as _amendment_refs would).
        extra = self._modification_refs(w) if amendments else []
        if self.index is not None and self._works is None:
            found = [
                CrossReference(
                    w.uri,
                    source_eid,
                    key,
                    href,
                    text,
                    self._known(target) if target != w.uri else w.uri,
                    target_eid,
                    stated_by=stated_by,
                )
                for source_eid, key, href, text, target, target_eid, stated_by in self.index.refs_from(w.uri)
            ]
            return tuple(r for r in (*found, *extra) if _within(r.source_eid, eid))
        return tuple(r for r in (*self._refs_from.get(w.uri, ()), *extra) if _within(r.source_eid, eid))

    @cached_property
    def _refs_from(self) -> dict[str, tuple[CrossReference, ...]]:
        out: dict[str, list[CrossReference]] = {}
        for r in self._all_refs:
            out.setdefault(r.source_work, []).append(r)
        return {k: tuple(v) for k, v in out.items()}

    def incoming(
        self, work: str, eid: str | None = None, *, amendments: bool = False
    ) -> tuple[CrossReference, ...]:
        """References from anywhere in the corpus to a provision (or its parts), or to the work; with
        ``amendments``, also the instruments that amend it (their destinations and quoted references).

        >>> first = load_corpus().incoming("cst", "art_4", amendments=True)[0]
        >>> first.kind, first.source_eid
        ('destination', 'para_1__point_c')
        """
        w = self.work(work)
        if self.index is not None and self._works is None:
            extra = [r for r in self._indexed_amendment_refs if r.target_work == w.uri] if amendments else []
            names = (w.uri, w.short) if self.index.work_uri(w.short) == w.uri else (w.uri,)
            indexed = [
                CrossReference(source_work, source_eid, key, href, text, w.uri, target_eid, stated_by=stated)
                for source_work, source_eid, key, href, text, _, target_eid, stated in self.index.refs_to(
                    names
                )
            ]
            targets = (*indexed, *extra)
        else:
            extra = [r for r in self._amendment_refs if r.target_work == w.uri] if amendments else []
            targets = (*self._refs_to.get(w.uri, ()), *extra)
        return tuple(
            r
            for r in targets
            if (eid is None or (r.target_eid is not None and _within(r.target_eid, eid)))
            and not (r.source_work == w.uri and eid and _within(r.source_eid, eid))
        )

    @cached_property
    def _refs_to(self) -> dict[str, tuple[CrossReference, ...]]:
        """References filed by the work they point at, built once."""
        out: dict[str, list[CrossReference]] = {}
        for r in self._all_refs:
            if r.target_work is not None:
                out.setdefault(r.target_work, []).append(r)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _all_refs(self) -> tuple[CrossReference, ...]:
        out: list[CrossReference] = []
        for w in self.works:
            for e in w.expressions:
                for p in e.walk():
                    for i in p.inlines:
                        if i.kind != "ref":
                            continue
                        target = self.resolve(i.target, w.uri)
                        out.append(
                            CrossReference(
                                w.uri,
                                p.eid,
                                e.key,
                                i.target,
                                i.text,
                                target[0].uri if target else None,
                                target[1] if target else None,
                            )
                        )
            for stated in w.references:
                target = self.resolve(stated.href, w.uri)
                where = f"{stated.source} L{stated.lines}" if stated.lines else stated.source
                out.append(
                    CrossReference(
                        w.uri,
                        stated.eid,
                        "",
                        stated.href,
                        stated.text,
                        target[0].uri if target else None,
                        target[1] if target else None,
                        stated_by=where,
                    )
                )
        return tuple(out)

    @cached_property
    def _indexed_amendment_refs(self) -> tuple[CrossReference, ...]:
        """What :attr:`_amendment_refs` gives, from the index's rows of the modifications: no work is
        decoded, a target is resolved by its URI or short name alone (:meth:`_target_of`)."""
        assert self.index is not None
        out: list[CrossReference] = []
        for work, key, source_eid, kind, destination, quoted in self.index.modifications():
            target = self._target_of(destination, work)
            if target is not None:
                out.append(CrossReference(work, source_eid, key, destination, f"{kind} of {target[1] or 'the work'}",
                                          target[0], target[1], kind="destination"))  # fmt: skip
            home = target[0] if target else work
            for href, text in quoted:
                found = self._target_of(href, home)
                out.append(CrossReference(work, source_eid, key, href, text, found[0] if found else None,
                                          found[1] if found else None, kind="quoted"))  # fmt: skip
        return tuple(out)

    def _target_of(self, href: str, context: str) -> tuple[str, str | None] | None:
        """The work URI (and eId) an href points at, without decoding a work (:meth:`resolve` decodes the
        one it names). legislation.gov.uk cites a provision as a path below the work's URI
        (``.../id/ukpga/2020/99/section/2``) whose eId joins the segments with ``-`` (``section-2``)."""
        uri, eid = split_href(href)
        if not uri:
            return context, eid
        known = self._known(uri)
        if known is not None:
            return known, eid
        if "://" in uri:
            head = uri.rstrip("/")
            rest: list[str] = []
            while "/" in head and not head.endswith(":/"):
                head, _, last = head.rpartition("/")
                rest.insert(0, last)
                if (found := self._known(head)) is not None:
                    return found, "-".join(rest)
        return None

    @cached_property
    def _amendment_refs(self) -> tuple[CrossReference, ...]:
        return tuple(r for w in self.works for r in self._modification_refs(w))

    def _modification_refs(self, w: Work) -> list[CrossReference]:
        """An amending instrument points at what it changes twice over: its modification's destination,
        and the references inside the new text it quotes. Both are incoming references of the target."""
        out: list[CrossReference] = []
        key = w.expressions[0].key if w.expressions else ""
        for m in w.modifications:
            source_eid = split_href(m.source)[1] or ""
            target = self.resolve(m.destination, w.uri)
            if target is not None:
                out.append(CrossReference(w.uri, source_eid, key, m.destination, f"{m.kind} of {target[1] or 'the work'}",
                                          target[0].uri, target[1], kind="destination"))  # fmt: skip
            if m.new_provision is None:
                continue
            home = (
                target[0].uri if target else w.uri
            )  # "this Article" in the quoted text is the amended one's
            for p in m.new_provision.walk():
                for i in p.inlines:
                    if i.kind == "ref":
                        found = self.resolve(i.target, home)
                        out.append(CrossReference(w.uri, source_eid, key, i.target, i.text,
                                                  found[0].uri if found else None, found[1] if found else None,
                                                  kind="quoted"))  # fmt: skip
        return out

    def quoted_in(self, work: str, eid: str) -> tuple[Modification, ...]:
        """The modifications a provision of an amending instrument makes (with the new text it quotes)."""
        w = self.work(work)
        return tuple(m for m in w.modifications if _within(split_href(m.source)[1] or "", eid))

    # ----------------------------------------------------------------------------------- provenance

    def fragments(self) -> Iterator[tuple[Expression, Fragment]]:
        for w in self.works:
            for e in w.expressions:
                for f in e.fragments:
                    yield e, f


def _last_bound_day(record: StateRecord, membership: Membership, as_at: date) -> date | None:
    """The last day before ``as_at`` on which the state was bound (the eve of the event that ended it)."""
    last: date | None = None
    for e in record.history(as_at):
        before = record.status_at(e.day - timedelta(days=1), membership.bond)
        if before is not None and before.bound and not e.is_step:
            now = record.status_at(e.day, membership.bond)
            if now is None or not now.bound:
                last = e.day - timedelta(days=1)
    return last


def _within(eid: str, ancestor: str) -> bool:
    return eid == ancestor or eid.startswith(ancestor + "__")


def load_corpus(
    folder: str | Path | None = None,
    *,
    strict: bool = False,
    index: bool = False,
    validate: bool | Profile = False,
) -> Corpus:
    """A corpus folder; with no folder, the bundled corpus, opened once per process and shared by every
    part of lexcsto that needs it (the facade, the NLP resolver, the importer). Every file is read into
    memory; ``index=True`` answers from the folder's index instead (built or refreshed first: see
    :mod:`lexcsto.corpus.index`), reading a work's files only when that work is asked for. The commands
    answer from the index; the answers are the same either way (a test holds them to it).

    A file that cannot be read is left out and listed in ``Corpus.problems``; with ``strict`` the first
    such file is raised as a :class:`LoadError` instead. Such a folder, and one where no index can be kept
    (no writable cache folder: with a warning), is read into memory.

    ``validate`` (``True`` for each file's default profile, or ``"akn"`` or ``"edition"``) also validates
    the folder in the same pass over its files, each read, parsed, checked and walked once
    (:func:`lexcsto.corpus.validation.load_and_validate`): ``Corpus.validation`` is then what
    ``lexcsto.validate([folder], profile)`` returns (``lexcsto.validate(None, profile)`` for the bundled
    corpus), and the corpus is the one ``load_corpus(folder)`` gives. It reads every file, so it cannot
    answer from the index.
    """
    if validate is not False:
        if index:
            raise QueryError(
                str(folder) if folder is not None else None,
                None,
                "validate reads every file, so it cannot answer from the index",
                expected="index=False with validate",
            )
        corpus = _validated(None if folder is None else Path(folder), None if validate is True else validate)
    else:
        corpus = _bundled() if folder is None else _from_folder(Path(folder), index)
    if strict:
        first = next((p for p in corpus.problems if p.severity == "error"), None)
        if first is not None:
            raise LoadError(first.path, first.line, first.message, expected=first.expected)
    return corpus


def _from_folder(path: Path, index: bool = False) -> Corpus:
    if index:
        try:
            opened = Index.open(path)
            found = opened.parties_files  # no second walk of the folder

            def parties() -> tuple[tuple[Membership, ...], tuple[Problem, ...]]:
                # The parties reader (and PyYAML) only when parties files are read: see PartiesReader.
                from lexcsto.corpus.parties_reader import read_memberships

                return read_memberships(path, found)

            return Corpus(index=opened, path=str(path), parties=parties)
        except UnindexableError:
            pass  # a file with a problem: read into memory, where every problem is reported
        except (OSError, sqlite3.OperationalError) as err:
            if not path.is_dir():
                raise
            warnings.warn(f"{path}: cannot keep an index ({err}); reading every file", stacklevel=3)
    from lexcsto.corpus.reader import read_corpus  # lxml and PyYAML: only when the files are read

    return _in_memory(path, read_corpus(path, lazy=True))


def _validated(folder: Path | None, profile: Profile | None) -> Corpus:
    from lexcsto.corpus.validation import load_and_validate  # lxml, the schema: only when validating

    files, problems = load_and_validate(folder, profile)
    return _in_memory(folder or bundled_folder("texts"), files, tuple(problems))


def _in_memory(path: Path, files: CorpusFiles, validation: tuple[Problem, ...] | None = None) -> Corpus:
    def read_parties() -> tuple[tuple[Membership, ...], tuple[Problem, ...]]:
        # As from the index: the parties files (YAML, most of loading the bundled corpus) are read when
        # the parties or ``problems`` are first asked for, and their problems join ``problems`` then.
        from lexcsto.corpus.parties_reader import read_memberships

        return read_memberships(path)

    return Corpus(
        files.works,
        files.sources,
        files.defaults,
        path=str(path),
        problems=files.problems,
        parties=read_parties,
        lazy=files.lazy,
        validation=validation,
    )


@functools.cache
def _bundled() -> Corpus:
    return _from_folder(bundled_folder("texts"), index=False)
