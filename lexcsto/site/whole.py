"""The whole instrument as at a date: each consolidated version read end to end, with amendment notes at
the point of change (in the manner of legislation.gov.uk's F-notes) and the list of versions (in the manner
of EUR-Lex), for the instrument's page.

The versions are the corpus's own (the library's ``expression_at`` for each version date); the site
consolidates nothing itself.

>>> item_label("/akn/aa-csto/act/protocol/2010-12-10/cst-amendment/!main~para_1__point_c")
'item 1(c)'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from lexcsto.corpus.model import Expression, Modification, Provision, Work
from lexcsto.corpus.uri import split_href
from lexcsto.site.asat import Step, picker_html, steps
from lexcsto.site.context import SiteContext
from lexcsto.site.labels import long_date, provision_label, version_label
from lexcsto.site.markup import Markup, h
from lexcsto.site.text import provision_rows


# Divisions of the text read as headings over what they hold, when they hold another division or an article.
_READ_AS_HEADINGS = ("book", "part", "title", "subtitle", "chapter", "subchapter", "division", "section")
# What comes before and after the body, named by its kind ("Preamble") in the whole text.
FRONT_AND_BACK = ("preface", "preamble", "conclusions")


@dataclass(frozen=True)
class WholeVersion:
    """One consolidated version of a work, as a tab of its page."""

    anchor: str  # "text-2012-12-19": the tab's address
    name: str  # "2012 · English, Partnership and Observation"
    start: date
    end: date | None  # the last day it applied; None: it still does
    reason: str
    html: Markup


@dataclass(frozen=True)
class WholeText:
    versions: tuple[WholeVersion, ...]
    picker: Markup

    def tabs(self) -> Markup:
        """The versions as tabs (pymdownx.blocks.tab markup, as on the article pages)."""
        n = len(self.versions)
        last = self.versions[-1].anchor if self.versions else ""
        inputs = "".join(
            f'<input {"checked " if v.anchor == last else ""}id="__tabbed_1_{i}" name="__tabbed_1" type="radio" />'
            for i, v in enumerate(self.versions, 1)
        )
        labels = "".join(
            f'<label for="__tabbed_1_{i}">{h(v.name)}</label>' for i, v in enumerate(self.versions, 1)
        )
        blocks = "".join(
            f'<div class="tabbed-block"><div class="lx-version" id="{h(v.anchor)}">'
            f'<p class="lx-version-meta" data-search-exclude>{h(v.name)}: {h(v.reason)}; applied from '
            f"{h(long_date(v.start))}{' to ' + h(long_date(v.end)) if v.end else ' (the latest version)'}. "
            f'<a href="#{h(v.anchor)}">Link to this text</a></p>{v.html}</div></div>'
            for v in self.versions
        )
        return Markup(
            f'<div class="tabbed-set tabbed-alternate" id="lx-whole" data-tabs="1:{n}">{inputs}'
            f'<div class="tabbed-labels" tabindex="0" aria-label="Consolidated versions">{labels}</div><div class="tabbed-content">{blocks}</div></div>'
        )


def item_label(source: str) -> str:
    """The item of an amending instrument that makes a change, as a reader cites it ("item 1(c)")."""
    eid = split_href(source)[1] or ""
    if not eid:
        return ""
    numbers = [step.rpartition("_")[2] for step in eid.split("__")]
    return "item " + numbers[0] + "".join(f"({n})" for n in numbers[1:])


def amendment_words(m: Modification) -> str:
    """What a modification did, as an amendment note says it ("Words substituted")."""
    if m.kind == "substitution":
        what = "Words" if m.old else "Provision" if m.new_provision is not None else "Text"
        return f"{what} substituted"
    if m.kind == "insertion":
        return "Provision inserted" if m.new_provision is not None else "Words inserted"
    if m.kind == "repeal":
        return "Words repealed" if m.old else "Provision repealed"
    return m.kind.replace("_", " ").capitalize()


def whole_text(ctx: SiteContext, work: Work, page: str) -> WholeText:
    found = steps(ctx.corpus, work)
    if not found:
        return WholeText((), Markup(""))
    by_key = {e.key: e for e in work.expressions}
    received = list(ctx.corpus.modifications_to(work.uri))
    years: dict[int, int] = {}
    for s in found:
        years[s.start.year] = years.get(s.start.year, 0) + 1
    versions: list[WholeVersion] = []
    for i, s in enumerate(found):
        e = by_key[s.key]
        end = found[i + 1].start - timedelta(days=1) if i + 1 < len(found) else None
        source = ctx.corpus.source(e.source) if e.source else None
        name = version_label(e, source, full_date=years[s.start.year] > 1)
        applied = [
            (src, m)
            for src, m in received
            if (src.in_force or src.signed or src.date) <= s.start and m.destination
        ]
        html = _render(ctx, work, page, s, e, applied)
        versions.append(WholeVersion(f"text-{s.start.isoformat()}", name, s.start, end, s.reason, html))
    tabs = {s.key: (i + 1, v.anchor, v.name) for i, (s, v) in enumerate(zip(found, versions, strict=True))}
    picker = picker_html(work, found, tabs, today=ctx.today, ident="lx-asat-whole", target="lx-whole")
    return WholeText(tuple(versions), picker)


def _render(
    ctx: SiteContext,
    work: Work,
    page: str,
    step: Step,
    expression: Expression,
    applied: list[tuple[Work, Modification]],
) -> Markup:
    notes: dict[str, list[str]] = {}
    for src, m in applied:
        eid = split_href(m.destination)[1] or ""
        signed = src.signed or src.date
        item = item_label(m.source)
        words = f"{amendment_words(m)} by the {src.title} of {long_date(signed)}" + (
            f", {item}" if item else ""
        )
        notes.setdefault(eid, []).append(words)
    suffix = f"--{step.start.isoformat()}"
    out: list[str] = []
    placed: set[str] = set()
    counter = 0

    def fnotes(eid: str) -> str:
        nonlocal counter
        if eid not in notes or eid in placed:
            return ""
        placed.add(eid)
        parts = []
        for words in notes[eid]:
            counter += 1
            parts.append(f'<p class="lx-fnote"><span class="lx-fnote-ref">F{counter}</span> {h(words)}</p>')
        return "".join(parts)

    def visit(p: Provision) -> None:
        inner = [c for c in p.walk() if c is not p and c.kind in _READ_AS_HEADINGS]
        if p.kind not in _READ_AS_HEADINGS or not inner:
            # A unit read as rows with everything below it: an article, a leaf (a US or South African
            # section), a section of subsections, the preface (long title) and the preamble (citations and
            # recitals) of other producers' AKN, which come before the body and have no page of their own.
            named = p.kind in ("article", *FRONT_AND_BACK) or p.num or p.heading
            title = provision_label(p.kind, p.num, p.heading) if named else ""
            head = f'<h4 id="{h(p.eid + suffix)}-title">{h(title)}</h4>' if title else ""
            rows = provision_rows(ctx, page, work, expression, p, (), suffix=suffix)
            out.append(f"{head}{rows}{''.join(fnotes(x.eid) for x in p.walk())}")
            return
        label = provision_label(p.kind, p.num, p.heading)
        own = (
            provision_rows(ctx, page, work, expression, replace(p, children=()), (), suffix=suffix)
            if p.text
            else ""
        )  # a chapter's own words before its articles
        out.append(f'<h3 class="lx-container">{h(label)}</h3>{own}{fnotes(p.eid)}')
        for c in p.children:
            visit(c)

    for p in expression.provisions:
        visit(p)
    rest = [eid for eid in notes if eid not in placed]
    if rest:
        out.append('<p class="lx-container">Amendments to provisions no longer in this text:</p>')
        for eid in rest:
            unit = ctx.unit_for(work.uri, eid)
            if unit is not None:
                out.append(f"<p>{h(unit.title)}</p>")
            out.append(fnotes(eid))
    return Markup(f'<div class="lx-whole">{"".join(out)}</div>')


__all__ = ["WholeText", "WholeVersion", "amendment_words", "item_label", "whole_text"]
