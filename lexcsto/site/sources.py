"""The Sources pages: one per source document, with its bibliographic description and every range of lines
the edition cites from it, each with the cited words and a link back to where they are used.

Every "source, lines" link on the site opens the range here (``sources/seed-003.html#lines-294-296``).
The excerpt is what the edition took from those lines: the text of a provision (a fragment), or an
annotation's quotation; the source files themselves are not shipped with the site.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lexcsto.corpus.model import Lines
from lexcsto.errors import QueryError
from lexcsto.site import urls
from lexcsto.site.context import SiteContext
from lexcsto.site.labels import version_label
from lexcsto.site.statustable import state_path


@dataclass(frozen=True)
class Use:
    """One use of a range of lines: the words taken (may be ""), where, and a link there."""

    excerpt: str
    where: str  # "Collective Security Treaty, Article 4 (1992 · English, DCAF 2013)"
    path: str  # the docs path of the page that uses them
    fragment: str = ""


@dataclass(frozen=True)
class Cited:
    lines: Lines
    anchor: str
    uses: tuple[Use, ...]

    @property
    def label(self) -> str:
        a, b = self.lines.start, self.lines.end
        return f"Line {a}" if a == b else f"Lines {a}–{b}"

    @property
    def excerpts(self) -> list[str]:
        return list(dict.fromkeys(u.excerpt for u in self.uses if u.excerpt))


def _uses(ctx: SiteContext, source_id: str) -> Iterator[tuple[Lines, Use]]:
    for w in ctx.corpus.works:
        for e in w.expressions:
            for f in e.fragments:
                if f.source != source_id:
                    continue
                unit = ctx.unit_for(w.uri, f.eid)
                name = version_label(e, ctx.corpus.source(e.source) if e.source else None, full_date=False)
                where = f"{w.title}, {unit.title} ({name})" if unit else f"{w.title} ({name})"
                path = unit.path if unit else urls.work_path(w.short)
                yield f.lines, Use(f.text, where, path, f.eid if unit and f.eid != unit.eid else "")
        for claim in w.date_claims:
            if claim.source == source_id and claim.lines is not None:
                what = f"{w.title}: the date of its {claim.kind.replace('_', ' ')}"
                yield claim.lines, Use("", what, urls.work_path(w.short))
        for r in w.relations:
            if r.source == source_id and r.lines is not None:
                yield r.lines, Use("", f"{w.title}: {r.kind.replace('_', ' ')}", urls.work_path(w.short))
        membership = ctx.corpus.membership(w.uri)
        for record in membership.states if membership is not None else ():
            for event in record.events:
                for said in event.claims:
                    if said.source == source_id and said.lines is not None:
                        what = f"{w.title}: {record.name}, {event.kind.replace('_', ' ')} ({said.value})"
                        yield said.lines, Use(said.quote, what, state_path(record.state))
    for result in ctx.annotations:
        a = result.annotation
        for c in a.sources:
            if c.source != source_id:
                continue
            try:
                w = ctx.corpus.work(a.target.work)
            except QueryError:  # an annotation on a work outside the corpus has no page to link
                continue
            unit = ctx.unit_for(w.uri, a.target.eid or None)
            where = f"a note on {w.title}" + (f", {unit.title}" if unit else "")
            path = unit.path if unit else urls.work_path(w.short)
            yield c.lines, Use(c.quotation, where, path, f"note-{a.id}" if unit else "")


def cited_ranges(ctx: SiteContext, source_id: str) -> list[Cited]:
    """Every range of lines of a source that the site cites, in the order of the lines."""
    by_range: dict[tuple[int, int], list[Use]] = {}
    for lines, use in _uses(ctx, source_id):
        found = by_range.setdefault((lines.start, lines.end), [])
        if use not in found:
            found.append(use)
    return [
        Cited(Lines(a, b), urls.lines_anchor(a, b), tuple(uses)) for (a, b), uses in sorted(by_range.items())
    ]


__all__ = ["Cited", "Use", "cited_ranges"]
