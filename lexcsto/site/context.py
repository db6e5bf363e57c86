"""What every generated page needs: the corpus, the anchored annotations, which provision has which page,
the defined terms, and the date the site calls "today".

Built once per site build; pages only read it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from lexcsto.annotations.annotation import Annotation
from lexcsto.annotations.anchoring import Anchor, AnchorResult
from lexcsto.corpus.queries import Corpus
from lexcsto.errors import SiteError
from lexcsto.corpus.model import Expression, Provision, Work
from lexcsto.site import urls
from lexcsto.site.labels import provision_label, reader_text, source_name

# Provisions of these kinds get a page of their own; everything else lives on the page of the unit above it.
UNIT_KINDS = ("article",)


@dataclass(frozen=True)
class PagedProvision:
    """A provision that has a page: an article (or, in a work without articles, a top-level provision)."""

    work: Work
    eid: str
    kind: str
    num: str
    heading: str
    path: str  # the page's Markdown path
    container: str = ""  # the eId of the chapter/part it sits in, if any
    container_title: str = ""
    # False: no source quotes it, no note is on it, nothing cites or amends it; it is listed (number, "text
    # not in the sources") on the instrument's page and links go there, not to a page of its own. Such
    # stubs were half the site's pages and weight (190 of 321 pages, 5.2 MB of the bundled corpus).
    paged: bool = True

    @property
    def title(self) -> str:
        return provision_label(self.kind, self.num, self.heading)


@dataclass(frozen=True)
class Definition:
    """Where a concept is defined: the ``def`` inline and the provision holding it."""

    concept: str  # the TLCConcept id, without '#'
    work: Work
    expression: Expression
    provision: Provision
    text: str  # the words marked as the definition
    start: int = 0  # where they are in the provision's text
    end: int = 0


@dataclass
class SiteContext:
    corpus: Corpus
    annotations: tuple[AnchorResult, ...] = ()
    today: date = field(default_factory=date.today)
    directory_urls: bool = True
    units: dict[str, tuple[PagedProvision, ...]] = field(default_factory=dict)  # work URI -> its page units
    definitions: dict[str, list[Definition]] = field(default_factory=dict)
    terms_used: dict[str, list[tuple[Work, Expression, Provision]]] = field(default_factory=dict)
    _unit_of: dict[tuple[str, str], PagedProvision] = field(default_factory=dict)
    _notes: dict[str, list[AnchorResult]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        corpus: Corpus,
        annotations: Iterable[AnchorResult] = (),
        *,
        today: date | None = None,
        directory_urls: bool = True,
    ) -> SiteContext:
        ctx = cls(corpus, tuple(annotations), today or date.today(), directory_urls)
        for work in corpus.works:
            if urls.slug(work.short) in urls.RESERVED:
                raise SiteError(
                    None,
                    None,
                    f"work short name {work.short!r} clashes with a page of the site",
                    expected=f"a name other than {', '.join(sorted(urls.RESERVED))}",
                )
            units = _units(work)
            ctx.units[work.uri] = units
            for unit in units:
                ctx._unit_of[(work.uri, unit.eid)] = unit
        for work in corpus.works:
            for e in work.expressions:
                for p in e.walk():
                    for i in p.inlines:
                        concept = i.target.lstrip("#")
                        if i.kind == "def" and concept:
                            ctx.definitions.setdefault(concept, []).append(
                                Definition(concept, work, e, p, i.text, i.start, i.end)
                            )
                        elif i.kind == "term" and concept:
                            ctx.terms_used.setdefault(concept, []).append((work, e, p))
        notes: dict[str, list[AnchorResult]] = defaultdict(list)
        for result in ctx.annotations:
            notes[result.annotation.target.work_uri].append(result)
        ctx._notes = dict(notes)
        for work in corpus.works:
            for unit in ctx.units.get(work.uri, ()):
                if not _worth_a_page(ctx, work, unit.eid):
                    stub = replace(unit, path=urls.work_path(work.short), paged=False)
                    ctx._unit_of[(work.uri, unit.eid)] = stub
            ctx.units[work.uri] = tuple(ctx._unit_of[(work.uri, u.eid)] for u in ctx.units.get(work.uri, ()))
        return ctx

    # --------------------------------------------------------------------------- pages and links

    def unit_for(self, work_uri: str, eid: str | None) -> PagedProvision | None:
        """The page unit that holds ``eid`` (the provision itself or the article it is part of)."""
        if not eid:
            return None
        parts = eid.split("__")
        for i in range(len(parts), 0, -1):
            unit = self._unit_of.get((work_uri, "__".join(parts[:i])))
            if unit is not None:
                return unit
        return None

    def link(self, from_path: str, to_path: str, fragment: str = "") -> str:
        return urls.relative_url(from_path, to_path, directory_urls=self.directory_urls, fragment=fragment)

    def link_to(self, from_path: str, work: Work, eid: str | None = None) -> str:
        """A link to a work's page, or to the page (and anchor) of one of its provisions."""
        unit = self.unit_for(work.uri, eid)
        if unit is None or not unit.paged:
            return self.link(from_path, urls.work_path(work.short))
        fragment = eid if eid and eid != unit.eid else ""
        return self.link(from_path, unit.path, fragment or "")

    # --------------------------------------------------------------------------- annotations

    def notes_for(self, work: Work) -> list[AnchorResult]:
        return self._notes.get(work.uri, [])

    def anchors_in(self, work: Work, expression: Expression) -> list[tuple[Annotation, Anchor]]:
        """Every annotation of a work with its anchor in one expression."""
        out: list[tuple[Annotation, Anchor]] = []
        for result in self.notes_for(work):
            for a in result.anchors:
                if a.expression == expression.key:
                    out.append((result.annotation, a))
        return out

    def source_label(self, source_id: str) -> str:
        """A source by its short name ("DCAF 2013"); the id only for a source the corpus does not list."""
        return source_name(self.corpus.source(source_id), source_id)

    def source_href(
        self, from_path: str, source_id: str, start: int | None = None, end: int | None = None
    ) -> str:
        """A link to a source's page, at the cited lines when given ("" for a source not listed)."""
        if self.corpus.source(source_id) is None:
            return ""
        fragment = urls.lines_anchor(start, end if end is not None else start) if start is not None else ""
        return self.link(from_path, urls.source_path(source_id), fragment)

    def reader_text(self, text: str) -> str:
        """Editorial text with the sources named as on the site (:func:`lexcsto.site.labels.reader_text`)."""
        return reader_text(text, self.source_label)

    def definition_of(self, concept: str, expression: Expression) -> Definition | None:
        """The definition of a concept that applies in an expression: same expression, else same work and
        language at the latest date not after it, else any."""
        found = self.definitions.get(concept, [])
        if not found:
            return None
        same = [d for d in found if d.expression.key == expression.key]
        if same:
            return same[0]
        earlier = [
            d for d in found if d.expression.work == expression.work and d.expression.date <= expression.date
        ]
        if earlier:
            return max(earlier, key=lambda d: d.expression.date)
        return found[0]


def _worth_a_page(ctx: SiteContext, work: Work, eid: str) -> bool:
    """Whether a unit has anything to show beyond its number: text from a source, a note, a reference
    from or to it, an amendment."""
    for e in work.expressions:
        p = e.find(eid)
        if p is not None and any(x.text and not x.omitted for x in p.walk()):
            return True
    for result in ctx.notes_for(work):
        target = result.annotation.target.eid or ""
        if target == eid or target.startswith(eid + "__"):
            return True
    return bool(ctx.corpus.refs(work.uri, eid) or ctx.corpus.incoming(work.uri, eid, amendments=True))


def _units(work: Work) -> tuple[PagedProvision, ...]:
    """The page units of a work, in document order, across all its expressions (union by eId)."""
    seen: dict[str, PagedProvision] = {}
    for e in work.expressions:
        for top in e.provisions:
            for unit in _units_in(work, top, None):
                if unit.eid not in seen or (not seen[unit.eid].heading and unit.heading):
                    seen[unit.eid] = unit
    if not seen:
        return ()
    order: dict[str, int] = {}
    for e in work.expressions:
        for i, p in enumerate(x for x in e.walk() if x.eid in seen):
            order.setdefault(p.eid, i)
    return tuple(sorted(seen.values(), key=lambda u: order.get(u.eid, 0)))


def _units_in(work: Work, p: Provision, container: Provision | None) -> list[PagedProvision]:
    if p.kind in UNIT_KINDS:
        return [
            PagedProvision(
                work,
                p.eid,
                p.kind,
                p.num,
                p.heading,
                urls.provision_path(work.short, p.eid),
                container.eid if container else "",
                _container_title(container) if container else "",
            )
        ]
    found = [u for c in p.children for u in _units_in(work, c, p)]
    if found or container is not None:
        return found
    if not p.eid or p.kind in ("preface", "preamble", "conclusions"):
        return []
    # A top-level provision with no article below it (a work without articles) is a unit itself.
    return [PagedProvision(work, p.eid, p.kind, p.num, p.heading, urls.provision_path(work.short, p.eid))]


def _container_title(p: Provision) -> str:
    return provision_label(p.kind, p.num, p.heading)
