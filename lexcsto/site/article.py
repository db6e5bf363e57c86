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
from lexcsto.site.context import SiteContext, PagedProvision
from lexcsto.site.markup import Markup, h
from lexcsto.compare.translations import translations
from lexcsto.corpus.vocabulary import LANGUAGE_NAMES
from lexcsto.render.html import provision_redline, translations_html
from lexcsto.site.text import KIND_ORDER, Placed, note_html, provision_rows



@dataclass(frozen=True)
class Version:
    """One expression of the article, as a tab."""

    key: str
    label: str  # the tab label: dates, source
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


@dataclass(frozen=True)
class Pair:
    old: Version
    new: Version
    html: Markup
    consecutive: bool


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
    notes: list[Markup] = field(default_factory=list)
    timeline: list[tuple[str, str, str, str]] = field(default_factory=list)  # date, event, instrument, href
    work_href: str = ""

    @property
    def consecutive(self) -> list[Pair]:
        return [p for p in self.pairs if p.consecutive]


def _fmt(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


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

    versions: list[Version] = []
    for t in entries:
        e = t.expression
        later = sorted(d for d in set(dates_by_lang[e.language]) if d > e.date)
        valid_to = later[0] - timedelta(days=1) if later else None
        kind, title, _ = _event_words(ctx, page, t, work)
        event = f"{kind}: {title}" if title else kind
        default = defaults.get((e.date, e.language)) == e.key
        label = f"{e.date.isoformat()} · {e.source or 'no source'}"
        if e.language != "eng":
            label += f" · {LANGUAGE_NAMES.get(e.language, e.language)}"
        if e.key == today_key:
            label = f"In force today · {label}"
        # With no entry into force recorded, a version never takes effect "from" its signature.
        effective = max(e.date, work.in_force) if work.in_force else None
        ended = work.ended is not None or work.status in ENDED_STATUSES
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
            )
        )
    versions.sort(
        key=lambda v: (not v.in_force_today, -v.valid_from.toordinal(), not v.default, v.expression.source)
    )

    for i, v in enumerate(versions):
        placed = [
            Placed(a, anchor)
            for a, anchor in ctx.anchors_in(work, v.expression)
            if _in_unit(anchor.eid or a.target.eid, eid) and anchor.status != "orphaned"
        ]
        suffix = "" if i == 0 else f"--v{i}"
        rows = (
            provision_rows(ctx, page, work, v.expression, v.provision, placed, suffix=suffix)
            if v.provision
            else ""
        )
        versions[i] = replace(v, rows=rows)
    view.versions = versions

    # Redlines: consecutive versions (default translations, by date) and every other pair for the chooser.
    chronological = sorted(versions, key=lambda v: (v.valid_from, not v.default, v.expression.source))
    main_line = [v for v in chronological if v.default]
    consecutive = {(a.key, b.key) for a, b in pairwise(main_line)}
    for i, old in enumerate(chronological):
        for new in chronological[i + 1 :]:
            if old.expression.language != new.expression.language:
                continue
            html = provision_redline(ctx.corpus, eid, old.expression, new.expression)
            view.pairs.append(Pair(old, new, Markup(html), (old.key, new.key) in consecutive))

    # The translation view: several renderings of one version, side by side, compared with the default.
    by_version: dict[tuple[date, str], list[Version]] = {}
    for v in chronological:
        by_version.setdefault((v.valid_from, v.expression.language), []).append(v)
    for (day, lang), group in sorted(by_version.items()):
        if len(group) < 2:
            continue
        html = translations_html(translations(ctx.corpus, work.uri, eid, version=day, language=lang))
        sources = ", ".join(sorted(v.expression.source for v in group))
        view.translations.append(
            (f"{_fmt(day)} ({LANGUAGE_NAMES.get(lang, lang)}; sources {sources})", Markup(html))
        )

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

    # Every annotation on this article, whatever its status in each version.
    mine = [res for res in ctx.notes_for(work) if _in_unit(res.annotation.target.eid, eid)]
    for res in sorted(mine, key=lambda r: (KIND_ORDER.get(r.annotation.kind, 99), r.annotation.id)):
        statuses = ", ".join(
            f"{by_key[a.expression].expression.date.isoformat()} {by_key[a.expression].expression.source}: {a.status}"
            for a in res.anchors
            if a.expression in by_key
        )
        home = next(
            (a for a in res.anchors if a.expression == res.annotation.target.expression), res.anchors[0]
        )
        html = note_html(ctx, page, Placed(res.annotation, home), suffix="--all")
        view.notes.append(
            Markup(html.replace("</aside>", f'<p class="lx-note-status">{h(statuses)}</p></aside>'))
        )

    for t in entries:
        kind, title, href = _event_words(ctx, page, t, work)
        view.timeline.append((t.expression.date.isoformat(), kind, title, href))
    view.timeline = sorted(set(view.timeline))
    return view


def _in_unit(eid: str, unit_eid: str) -> bool:
    return eid == unit_eid or eid.startswith(unit_eid + "__")
