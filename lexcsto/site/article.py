"""The article page: every version in tabs, redlines, the translation view, annotations, references.

This module gathers what the page shows; ``templates/article.html.j2`` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise

from lexcsto.corpus.queries import TimelineEntry
from lexcsto.errors import QueryError
from lexcsto.corpus.model import ENDED_STATUSES, Expression, Provision, Work
from lexcsto.site import urls
from lexcsto.site.asat import picker_html, steps
from lexcsto.site.context import SiteContext, PagedProvision
from lexcsto.corpus.vocabulary import LANGUAGE_NAMES as LANGUAGES
from lexcsto.site.labels import long_date, version_label
from lexcsto.site.markup import Markup
from lexcsto.render.html import page as standalone_page
from lexcsto.site.labels import redline_html, translation_view_html
from lexcsto.site.text import KIND_ORDER, STATUS_LABELS, Placed, note_html, provision_rows


@dataclass(frozen=True)
class Version:
    """One expression of the article, as a tab."""

    key: str
    label: str  # the tab label: "In force today · 1992 · English, DCAF 2013"
    expression: Expression
    provision: Provision | None
    valid_from: date
    valid_to: date | None  # the day before the next version took effect; None: still the latest
    in_force_today: bool
    default: bool  # the edition's default translation for its version
    event: str  # what produced this version, in words
    effective: date | None = (
        None  # when it took effect: the version date, or the work's entry into force if later
    )
    rows: str = ""  # HTML, escaped
    # When the work stopped being in force (replaced, repealed), if it did: never "in force today" then.
    ended: date | None = None
    ended_as: str = ""  # the work's status, e.g. "replaced"
    name: str = ""  # the label without "In force today": "1992 · English, DCAF 2013"
    anchor: str = ""  # the tab's own address: "version-1992-05-15-seed-003"
    source_name: str = ""  # "DCAF 2013"


@dataclass(frozen=True)
class Pair:
    old: Version
    new: Version
    html: Markup
    consecutive: bool
    download: str = ""  # a link to the redline as a page of its own


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    label: str
    note: str = ""


@dataclass
class ArticleView:
    unit: PagedProvision
    work: Work
    page: str
    versions: list[Version] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    translations: list[tuple[str, Markup]] = field(default_factory=list)
    cites: list[Link] = field(default_factory=list)
    cited_by: list[Link] = field(default_factory=list)
    notes: list[Markup] = field(default_factory=list)  # once, in the margin, numbered in order
    timeline: list[tuple[str, str, str, str]] = field(default_factory=list)  # date, event, instrument, href
    work_href: str = ""
    picker: Markup = Markup("")
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (label, href)
    files: list[tuple[str, str]] = field(default_factory=list)  # (path in the site, content): the redlines

    @property
    def consecutive(self) -> list[Pair]:
        return [p for p in self.pairs if p.consecutive]


def _event_words(ctx: SiteContext, page: str, entry: TimelineEntry, work: Work) -> tuple[str, str, str]:
    """(what happened, the instrument's title, a link to it) for a timeline entry."""
    if entry.amended is False and entry.work_event is not None:
        # The work was amended that day, this provision was not (issue 14): say so, name no instrument.
        return f"not amended; the {entry.work_event.kind.replace('_', ' ')} of that day changed other provisions", "", ""
    kind = entry.event.kind.replace("_", " ") if entry.event else "version"
    if entry.amended is None:
        kind += "; which provisions it changed is not known"
    if not entry.instrument or entry.instrument == work.uri:
        return kind, "", ""
    try:
        instrument = ctx.corpus.work(entry.instrument)
    except QueryError:
        return kind, entry.instrument, ""
    return kind, instrument.title, ctx.link_to(page, instrument)


def build_article(ctx: SiteContext, unit: PagedProvision) -> ArticleView:
    work, eid, page = unit.work, unit.eid, unit.path
    view = ArticleView(unit, work, page, work_href=ctx.link_to(page, work))
    timeline = ctx.corpus.timeline(work.uri, eid)
    entries = [t for t in timeline if t.provision is not None]
    by_key = {t.expression.key: t for t in entries}

    # Which expression does the edition read today, and for each version date by default?
    defaults: dict[tuple[date, str], str] = {}
    for t in entries:
        lang = t.expression.language
        if (t.expression.date, lang) not in defaults:
            try:
                chosen = ctx.corpus.expression_at(work.uri, t.expression.date, lang, eid=eid)
                defaults[(t.expression.date, lang)] = chosen.key
            except QueryError:
                defaults[(t.expression.date, lang)] = t.expression.key
    today_key = ""
    # Only a work the sources show in force today has a text "in force today" (issue 14): not one replaced
    # or repealed, nor one whose entry into force no source records.
    if work.in_force_on(ctx.today):
        try:
            today_key = ctx.corpus.expression_at(work.uri, ctx.today, "eng", eid=eid).key
        except QueryError:
            today_key = ""
    dates_by_lang: dict[str, list[date]] = {}
    for t in entries:
        dates_by_lang.setdefault(t.expression.language, []).append(t.expression.date)

    years: dict[int, int] = {}
    for d in {t.expression.date for t in entries}:
        years[d.year] = years.get(d.year, 0) + 1
    versions: list[Version] = []
    for t in entries:
        e = t.expression
        later = sorted(d for d in set(dates_by_lang[e.language]) if d > e.date)
        valid_to = later[0] - timedelta(days=1) if later else None
        kind, title, _ = _event_words(ctx, page, t, work)
        event = f"{kind}: {title}" if title else kind
        default = defaults.get((e.date, e.language)) == e.key
        source = ctx.corpus.source(e.source) if e.source else None
        name = version_label(e, source, full_date=years[e.date.year] > 1)
        label = f"In force today · {name}" if e.key == today_key else name
        # With no entry into force recorded, a version never takes effect "from" its signature.
        effective = max(e.date, work.in_force) if work.in_force else None
        ended = work.ended is not None or work.status in ENDED_STATUSES
        anchor = f"version-{e.date.isoformat()}-{urls.slug(e.source or e.language)}"
        versions.append(
            Version(
                e.key,
                label,
                e,
                t.provision,
                e.date,
                valid_to,
                e.key == today_key,
                default,
                event,
                effective,
                ended=work.ended,
                ended_as=(work.status or "ended") if ended else "",
                name=name,
                anchor=anchor,
                source_name=ctx.source_label(e.source) if e.source else "no source",
            )
        )
    versions.sort(
        key=lambda v: (not v.in_force_today, -v.valid_from.toordinal(), not v.default, v.expression.source)
    )

    # Every annotation on this article, once, numbered: the margin beside the text.
    mine = [res for res in ctx.notes_for(work) if _in_unit(res.annotation.target.eid, eid)]
    mine.sort(key=lambda r: (KIND_ORDER.get(r.annotation.kind, 99), r.annotation.id))
    numbers = {res.annotation.id: i + 1 for i, res in enumerate(mine)}
    names = {v.key: v.name for v in versions}
    for res in mine:
        statuses = "; ".join(
            f"{names[a.expression]}: {STATUS_LABELS.get(a.status) or 'found'}"
            for a in res.anchors
            if a.expression in names
        )
        home = next(
            (a for a in res.anchors if a.expression == res.annotation.target.expression), res.anchors[0]
        )
        html = note_html(
            ctx, page, Placed(res.annotation, home), number=numbers[res.annotation.id], statuses=statuses
        )
        view.notes.append(Markup(html))

    for i, v in enumerate(versions):
        placed = [
            Placed(a, anchor)
            for a, anchor in ctx.anchors_in(work, v.expression)
            if _in_unit(anchor.eid or a.target.eid, eid) and anchor.status != "orphaned"
        ]
        suffix = "" if i == 0 else f"--v{i}"
        rows = (
            provision_rows(ctx, page, work, v.expression, v.provision, placed, suffix=suffix, numbers=numbers)
            if v.provision
            else ""
        )
        versions[i] = replace(v, rows=rows)
    view.versions = versions
    for v in chronological_versions(versions):
        if v.expression.path:
            href = urls.asset_url(
                page, urls.akn_download(work.short, v.expression.path), directory_urls=ctx.directory_urls
            )
            view.downloads.append((f"Akoma Ntoso XML: {v.name}", href))
    tabs = {v.key: (i + 1, v.anchor, v.name) for i, v in enumerate(versions)}
    view.picker = picker_html(
        work, steps(ctx.corpus, work, eid), tabs, today=ctx.today, ident="lx-asat-date", target="lx-versions"
    )

    # Redlines: consecutive versions (default translations, by date) and every other pair for the chooser.
    chronological = sorted(versions, key=lambda v: (v.valid_from, not v.default, v.expression.source))
    main_line = [v for v in chronological if v.default]
    consecutive = {(a.key, b.key) for a, b in pairwise(main_line)}
    for i, old in enumerate(chronological):
        for new in chronological[i + 1 :]:
            if old.expression.language != new.expression.language:
                continue
            html = redline_html(ctx.corpus, eid, old.expression, new.expression)
            is_consecutive = (old.key, new.key) in consecutive
            download = ""
            if is_consecutive:
                path = urls.redline_download(work.short, eid, old.anchor, new.anchor)
                title = f"{work.title}, {unit.title}: {old.name} to {new.name}"
                view.files.append((path, standalone_page(html, title)))
                download = urls.asset_url(page, path, directory_urls=ctx.directory_urls)
                view.downloads.append((f"Redline (HTML): {old.name} to {new.name}", download))
            view.pairs.append(Pair(old, new, Markup(html), is_consecutive, download))

    # The translation view: several renderings of one version, side by side, compared with the default.
    by_version: dict[tuple[date, str], list[Version]] = {}
    for v in chronological:
        by_version.setdefault((v.valid_from, v.expression.language), []).append(v)
    for (day, lang), group in sorted(by_version.items()):
        if len(group) < 2:
            continue
        html = translation_view_html(ctx.corpus, work, eid, day, lang)
        sources = ", ".join(sorted(v.source_name for v in group))
        view.translations.append((f"{long_date(day)} ({LANGUAGES.get(lang, lang)}: {sources})", Markup(html)))

    # References out and in.
    seen: set[tuple[str, str]] = set()
    for r in ctx.corpus.refs(work.uri, eid):
        if (r.href, r.text) in seen:
            continue
        seen.add((r.href, r.text))
        target = ctx.corpus.resolve(r.href, work.uri)
        if target is None:
            view.cites.append(Link(r.text, "", r.href, "not in the corpus"))
            continue
        tw, teid = target
        unit_there = ctx.unit_for(tw.uri, teid)
        label = f"{tw.title}, {unit_there.title}" if unit_there else tw.title
        view.cites.append(Link(r.text, ctx.link_to(page, tw, teid), label))
    seen = set()
    for r in ctx.corpus.incoming(work.uri, eid):
        if (r.source_work, r.source_eid) in seen:
            continue
        seen.add((r.source_work, r.source_eid))
        sw = ctx.corpus.work(r.source_work)
        unit_there = ctx.unit_for(sw.uri, r.source_eid)
        label = f"{sw.title}, {unit_there.title}" if unit_there else sw.title
        view.cited_by.append(Link(r.text, ctx.link_to(page, sw, r.source_eid), label))

    for t in entries:
        kind, title, href = _event_words(ctx, page, t, work)
        view.timeline.append((t.expression.date.isoformat(), kind, title, href))
    view.timeline = sorted(set(view.timeline))
    return view


def chronological_versions(versions: list[Version]) -> list[Version]:
    return sorted(versions, key=lambda v: (v.valid_from, not v.default, v.expression.source))


def _in_unit(eid: str, unit_eid: str) -> bool:
    return eid == unit_eid or eid.startswith(unit_eid + "__")
