"""Every generated page of the site, rendered: Markdown for MkDocs, with its HTML kept in blocks aside.

Theme-independent on purpose (Material for MkDocs reaches end of life in 2027): this module knows the
corpus, Markdown and HTML, never the theme. The layouts are Jinja templates in ``lexcsto/site/templates/``
(``*.md.j2``: Markdown with HTML blocks; ``*.html.j2``: HTML only, for the article pages, of which there
are many); a switch of theme touches those and the config, not this code. Which pages there are, and the
nav, is :mod:`lexcsto.site.plan`.

Every value printed by a Markdown template is escaped for Markdown and HTML (:func:`lexcsto.site.markup.md`),
and by an HTML template for HTML, unless it is :class:`~markupsafe.Markup` built here from escaped parts.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from itertools import pairwise
from typing import Any, cast

import jinja2
from markdown.extensions.toc import nest_toc_tokens, slugify, unique

from lexcsto.corpus.model import Expression, Provision, Work
from lexcsto.errors import QueryError
from lexcsto.render.html import provision_redline
from lexcsto.site import urls
from lexcsto.site.article import build_article
from lexcsto.corpus.vocabulary import LANGUAGE_NAMES as LANGUAGES
from lexcsto.site.context import PagedProvision, SiteContext
from lexcsto.site.labels import provision_label
from lexcsto.site.sources import cited_ranges
from lexcsto.site.whole import item_label, whole_text
from lexcsto.site.markup import Markup, h, md
from lexcsto.site.labels import redline_html
from lexcsto.site.searchview import search_view
from lexcsto.site.statustable import parties_view, state_path
from lexcsto.site.text import Placed, note_html, provision_html
from lexcsto.site.timeline import Mark, Row, timeline_svg

# Search ranks the texts above the documentation that mentions them (Material's ``search.boost``).
ARTICLE_BOOST = 3
INSTRUMENT_BOOST = 2


def _boosted(markdown: str, boost: float) -> str:
    """Markdown with front matter raising the page in search results."""
    return f"---\nsearch:\n  boost: {boost}\n---\n{markdown}"


def html_page_markdown(title: str) -> str:
    """The Markdown of a page rendered from an HTML template (:meth:`Builder.render_html`): its title, and
    the placeholder of its one block."""
    return f"# {md(title)}\n\nLX-BLOCK-000000\n"


def article_markdown(unit: PagedProvision) -> str:
    """An article page's Markdown, known without rendering the page (so MkDocs can read it at once: the
    page's HTML comes later, lexcsto.site.plan.Planned.markdown)."""
    return _boosted(html_page_markdown(article_title(unit)), ARTICLE_BOOST)


# A placeholder no escaped text can spell: md() turns every "-" of corpus text into "&#45;".
BLOCK = re.compile(r"(?:<p>)?LX-BLOCK-(\d{6})(?:</p>)?")


@dataclass(frozen=True)
class Heading:
    """A heading inside a page's HTML blocks, for the page's table of contents."""

    level: int
    id: str
    html: str  # the heading's text, escaped


@dataclass(frozen=True)
class Page:
    """A generated page. Its big HTML blocks (text, redlines, notes) stand in ``markdown`` as placeholders
    (``LX-BLOCK-000001``, a paragraph of its own) and are kept in ``blocks``: Markdown has nothing to do in them,
    and parsing them as raw HTML was a third of a large build. :meth:`inline` gives the page with the blocks
    put back, which is plain Markdown for any tool.

    A page rendered from an HTML template (:meth:`Builder.render_html`) is one block under its Markdown title;
    its other headings are in ``headings``, since Markdown never sees them to put them in the table of
    contents (:meth:`toc_tokens`)."""

    path: str  # Markdown path under the docs folder, e.g. "cst/art_4.md"
    title: str
    markdown: str
    blocks: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()
    files: tuple[tuple[str, str], ...] = ()  # other files it comes with: (path in the site, content)
    # A page rendered from an HTML template only: its HTML, title and all, as Python-Markdown makes it of
    # ``markdown`` with the blocks put back (``tests/test_site_pages.py`` holds them equal), so that MkDocs
    # can be handed it without running Markdown (lexcsto.site.plugin.GeneratedPage); and the plain-text
    # view of it that search indexes (lexcsto.site.searchview). Both made where the page is rendered, which
    # in a large build is the second process (lexcsto.site.stream).
    html: str = ""
    search_html: str = ""
    # What the theme's search indexes of it, where a theme module makes that beside the build
    # (lexcsto.site.materialsearch): (anchor, title, text) for each section; None: the theme's search does.
    search_sections: tuple[tuple[str | None, str | None, str], ...] | None = None

    def toc_tokens(self, title_id: str | None) -> list[dict[str, Any]]:
        """The table of contents as Python-Markdown's ``toc`` extension gives it (nested token dicts), the
        headings of the blocks under the page title (``title_id``: the id Markdown gave the title)."""
        flat = [{"level": x.level, "id": x.id, "name": x.html, "html": x.html} for x in self.headings]
        if title_id is not None:
            flat.insert(0, {"level": 1, "id": title_id, "name": h(self.title), "html": h(self.title)})
        # The stubs type the tokens as private TypedDicts; they are these plain dicts.
        return cast(list[dict[str, Any]], nest_toc_tokens(cast(Any, flat)))

    def splice(self, html: str) -> str:
        """Put the blocks back into the HTML that Markdown made of ``markdown``."""
        if not self.blocks:
            return html

        def block(m: re.Match[str]) -> str:
            n = int(m.group(1))
            return self.blocks[n] if n < len(self.blocks) else m.group(0)

        return BLOCK.sub(block, html)

    def inline(self) -> str:
        """The page as one Markdown document, the blocks as raw HTML blocks."""
        return self.splice(self.markdown)


def _finalize(value: object) -> object:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md(str(value))


def _environment(*, autoescape: bool, finalize: Any = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lexcsto.site", "templates"),
        auto_reload=False,  # a build renders each template a thousand times; it never changes meanwhile
        autoescape=autoescape,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    return env


def environment() -> jinja2.Environment:
    """For Markdown templates (``*.md.j2``)."""
    # Escaping is done by ``finalize``: Markdown needs more than HTML escaping.
    env = _environment(autoescape=False, finalize=_finalize)
    env.filters["h"] = lambda v: Markup(h(str(v)))
    env.filters["md"] = lambda v: Markup(md(str(v)))
    env.filters["block"] = _block
    return env


def html_environment() -> jinja2.Environment:
    """For templates that write HTML only (``*.html.j2``): plain HTML autoescaping, as Jinja does it."""
    return _environment(autoescape=True)


@jinja2.pass_context
def _block(context: jinja2.runtime.Context, html: str) -> Markup:
    """``{% filter block %}<div>...</div>{% endfilter %}``: keep the HTML aside, leave a placeholder."""
    blocks: list[str] = context["blocks"]
    blocks.append(html.strip())
    return Markup(f"\nLX-BLOCK-{len(blocks) - 1:06d}\n")


def article_title(unit: PagedProvision) -> str:
    """The title of an article's page: the instrument, the chapter it is in, the article."""
    parts = [unit.work.title, unit.container_title, unit.title]
    return ", ".join(p for p in parts if p)


def source_page_title(ctx: SiteContext, source_id: str) -> str:
    """The title of a source's page (and its nav entry): its short name."""
    return ctx.source_label(source_id)


def term_title(concept: str) -> str:
    """The title of a term's page (and its nav entry)."""
    return concept.replace("-", " ")


def changes_title(year: int) -> str:
    """The title of the page of one year's amendments (and its nav entry)."""
    return f"What changed in {year}"


def md_link(from_path: str, to_path: str, fragment: str = "") -> str:
    """A Markdown link target between two pages (MkDocs checks it and rewrites it for the theme)."""
    rel = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    return rel + (f"#{fragment}" if fragment else "")


class Builder:
    """Renders the pages of one corpus."""

    def __init__(self, ctx: SiteContext, library: str = "", permalink: str = "&para;") -> None:
        self.ctx = ctx
        self.library = library
        self.permalink = permalink  # the headings' permalink text, as the toc extension writes it; "": none
        self.env = environment()
        self.html_env = html_environment()

    def render(self, template: str, page: str, title: str, **values: Any) -> Page:
        blocks: list[str] = []
        markdown = self.env.get_template(template).render(
            ctx=self.ctx,
            page=page,
            blocks=blocks,
            link=lambda to, fragment="": self.ctx.link(page, to, fragment),
            mdlink=lambda to, fragment="": Markup(md_link(page, to, fragment)),
            **values,
        )
        return Page(page, title, markdown, tuple(blocks))

    def render_html(
        self, template: str, page: str, title: str, files: tuple[tuple[str, str], ...] = (), **values: Any
    ) -> Page:
        """A page whose body is all HTML: one block under a Markdown title, its headings listed apart.

        Python-Markdown parses even a paragraph or a heading slowly (a millisecond per article page, most
        of a 1,000-article build's Markdown time); here it only makes the title."""
        headings: list[Heading] = []
        title_id = slugify(title, "-")
        used = {title_id}

        def tag(level: int, anchor: str, text: str) -> str:
            # As the toc extension writes a heading (its id, then the permalink after the text).
            link = (
                f'<a class="headerlink" href="#{anchor}" title="Permanent link">{self.permalink}</a>'
                if self.permalink
                else ""
            )
            return f'<h{level} id="{anchor}">{text}{link}</h{level}>'

        def heading(level: int, text: str) -> Markup:
            anchor = unique(slugify(text, "-"), used)
            headings.append(Heading(level, anchor, h(text)))
            return Markup(tag(level, anchor, h(text)))

        body = self.html_env.get_template(template).render(ctx=self.ctx, page=page, heading=heading, **values)
        body = body.strip()
        # Markdown keeps the title's escapes (md) as they are, and its paragraph around the placeholder goes
        # with the placeholder (Page.splice).
        html = f"{tag(1, title_id, md(title))}\n{body}"
        return Page(
            page,
            title,
            html_page_markdown(title),
            (body,),
            tuple(headings),
            files,
            html=html,
            search_html=search_view(html),
        )

    # ------------------------------------------------------------------------------------- pages

    def works(self) -> list[Work]:
        return sorted((w for w in self.ctx.corpus.works if not w.external), key=lambda w: (w.date, w.short))

    def home(self) -> Page:
        rows = [self._coverage(w) for w in self.works() if w.expressions]
        rows = [r for r in rows if r is not None]
        cited = next((u for w in self.works() for u in self.ctx.units.get(w.uri, ()) if u.paged), None)
        return self.render(
            "home.md.j2",
            "index.md",
            "Home",
            coverage=rows,
            sources=self.ctx.corpus.sources,
            works=self.works(),
            example=cited,
            notes=len(self.ctx.annotations),
            library=self.library,
            source_path=urls.source_path,
        )

    def _coverage(self, w: Work) -> dict[str, Any] | None:
        units = self.ctx.units.get(w.uri, ())
        bearing: dict[str, bool] = {}
        for e in w.expressions:
            for p in e.walk():
                if p.omitted or p.text:
                    bearing[p.eid] = bearing.get(p.eid, False) or (bool(p.text) and not p.omitted)
        if not bearing:
            return None
        unit_by_eid = {u.eid: u for u in units}
        quoted_units = len(
            {u for eid, quoted in bearing.items() if quoted for u in _units_holding(eid, unit_by_eid)}
        )
        quoted = sum(bearing.values())
        return {
            "work": w,
            "path": urls.work_path(w.short),
            "units": len(units),
            "quoted_units": quoted_units,
            "provisions": len(bearing),
            "quoted": quoted,
            "percent": round(100 * quoted / len(bearing)),
            "versions": len({(e.date, e.language) for e in w.expressions}),
            "translations": len(w.expressions),
        }

    def registry(self) -> Page:
        page = "registry.md"
        rows = []
        for w in self.works():
            marks = tuple(
                Mark(ev.date, ev.kind, ev.kind.replace("_", " ")) for ev in w.events if ev.date is not None
            )
            until = None
            for r in self.ctx.corpus.relations(w.uri):
                successor = self._work_or_none(r.target) if r.kind == "replaced_by" else None
                if successor is not None:
                    until = successor.in_force or successor.signed
            rows.append(Row(w.title, self.ctx.link(page, urls.work_path(w.short)), marks, until))
        svg = timeline_svg(rows, today=self.ctx.today, title="Timeline of the CST/CSTO instruments")
        entries = [
            {
                "work": w,
                "path": urls.work_path(w.short),
                "relations": [(r, self._work_or_none(r.target)) for r in self.ctx.corpus.relations(w.uri)],
            }
            for w in self.works()
        ]
        external = [w for w in self.ctx.corpus.works if w.external]
        return self.render(
            "registry.md.j2",
            page,
            "Registry",
            svg=Markup(svg),
            entries=entries,
            external=external,
            url_path=urls.work_path,
        )

    def _work_or_none(self, key: str) -> Work | None:
        try:
            return self.ctx.corpus.work(key)
        except QueryError:
            return None

    def work_page(self, w: Work) -> Page:
        page = urls.work_path(w.short)
        ctx = self.ctx
        relations = [(r, self._work_or_none(r.target)) for r in ctx.corpus.relations(w.uri)]
        events = []
        for ev in sorted(w.events, key=lambda e: e.date):
            other = self._work_or_none(ev.instrument) if ev.instrument and ev.instrument != w.uri else None
            events.append((ev, other))
        latest = _latest_default(ctx, w)
        toc = _toc(latest.provisions if latest else (), ctx.units.get(w.uri, ()), w)
        made = [(m, *_destination(ctx, m.destination)) for m in w.modifications]
        received = [
            (src, m, *_destination(ctx, m.destination)) for src, m in ctx.corpus.modifications_to(w.uri)
        ]
        notes = [
            Markup(note_html(ctx, page, Placed(r.annotation, r.anchors[0])))
            for r in ctx.notes_for(w)
            if not r.annotation.target.eid and r.anchors
        ]
        cited_by = []
        for ref in ctx.corpus.incoming(w.uri):
            if ref.source_work == w.uri:
                continue
            src = ctx.corpus.work(ref.source_work)
            unit = ctx.unit_for(src.uri, ref.source_eid)
            label = f"{src.title}, {unit.title}" if unit else src.title
            cited_by.append((ref.text, label, ctx.link_to(page, src, ref.source_eid)))
        cited_by = sorted(set(cited_by))
        units = ctx.units.get(w.uri, ())
        downloads = [
            (
                f"Akoma Ntoso XML: {e.date.year} · {LANGUAGES.get(e.language, e.language)}"
                + (f", {ctx.source_label(e.source)}" if e.source else ""),
                urls.asset_url(page, urls.akn_download(w.short, e.path), directory_urls=ctx.directory_urls),
            )
            for e in sorted(w.expressions, key=lambda e: (e.date, e.language, e.source))
            if e.path
        ]
        rendered = self.render(
            "work.md.j2",
            page,
            w.title,
            w=w,
            events=events,
            relations=relations,
            expressions=sorted(w.expressions, key=lambda e: (e.date, e.language, e.source)),
            toc=toc,
            units=units,
            made=made,
            received=received,
            notes=notes,
            cited_by=cited_by,
            url_path=urls.work_path,
            source_label=ctx.source_label,
            parties=parties_view(ctx, page, w),
            state_link=state_path,
            source_href=lambda sid, lines=None: ctx.source_href(
                page, sid, *((lines.start, lines.end) if lines else ())
            ),
            languages=LANGUAGES,
            item_label=item_label,
            whole=whole_text(ctx, w, page),
            downloads=downloads,
        )
        return replace(rendered, markdown=_boosted(rendered.markdown, INSTRUMENT_BOOST))

    def article_page(self, unit: PagedProvision) -> Page:
        view = build_article(self.ctx, unit)
        page = self.render_html("article.html.j2", unit.path, article_title(unit), tuple(view.files), v=view)
        return replace(page, markdown=article_markdown(unit))

    def term_page(self, concept: str) -> Page:
        page = urls.term_path(concept)
        ctx = self.ctx
        definitions = sorted(
            ctx.definitions.get(concept, []),
            key=lambda d: (d.work.date, d.expression.date, d.expression.source),
        )
        shown = []
        for d in definitions:
            shown.append(
                {
                    "d": d,
                    "html": Markup(provision_html(ctx, page, d.work, d.expression, d.provision)),
                    "href": ctx.link_to(page, d.work, d.provision.eid),
                    "unit": ctx.unit_for(d.work.uri, d.provision.eid),
                }
            )
        history = []
        by_work: dict[str, list[Expression]] = {}
        for d in definitions:
            by_work.setdefault(d.work.uri, [])
            if d.expression not in by_work[d.work.uri]:
                by_work[d.work.uri].append(d.expression)
        for work_uri in by_work:
            w = ctx.corpus.work(work_uri)
            eids = {d.provision.eid for d in definitions if d.work.uri == work_uri}
            unit_eids = sorted({(ctx.unit_for(w.uri, e) or _fake_unit(w, e)).eid for e in eids})
            for unit_eid in unit_eids:
                line = _main_line(ctx, w, unit_eid)
                for old, new in pairwise(line):
                    history.append(
                        {
                            "work": w,
                            "eid": unit_eid,
                            "old": old,
                            "new": new,
                            "html": Markup(redline_html(ctx.corpus, unit_eid, old, new)),
                        }
                    )
        used = []
        seen: set[tuple[str, str]] = set()
        for w, _e, p in ctx.terms_used.get(concept, []):
            unit = ctx.unit_for(w.uri, p.eid)
            key = (w.uri, unit.eid if unit else p.eid)
            if key in seen:
                continue
            seen.add(key)
            used.append((w, unit, ctx.link_to(page, w, p.eid)))
        notes = []
        word = concept.replace("-", " ").lower()
        for r in ctx.annotations:
            a = r.annotation
            if concept in a.tags or word in a.target.quote.exact.lower() or word in a.body.lower():
                home = next((x for x in r.anchors if x.expression == a.target.expression), None)
                if home is None:
                    continue
                try:
                    w = ctx.corpus.work(a.target.work)
                except QueryError:
                    continue
                href = ctx.link_to(page, w, home.eid or a.target.eid or None)
                notes.append((Markup(note_html(ctx, page, Placed(a, home), suffix="--term")), w, href))
        return self.render(
            "term.md.j2",
            page,
            term_title(concept),
            concept=concept,
            shown=shown,
            history=history,
            used=used,
            notes=notes,
        )

    def changes_page(self, year: int) -> Page:
        page = urls.changes_path(year)
        ctx = self.ctx
        instruments = []
        for w in self.works():
            amends = [r for r in w.relations if r.kind == "amends"]
            signed = w.signed or w.date
            if not amends or signed.year != year:
                continue
            items = []
            for target_rel in amends:
                target = self._work_or_none(target_rel.target)
                if target is None:
                    continue
                mods = [m for m in w.modifications if m.destination.startswith(target.uri)]
                eids = list(dict.fromkeys(_destination(ctx, m.destination)[1] or "" for m in mods))
                in_force = w.in_force
                for eid in eids:
                    unit = ctx.unit_for(target.uri, eid) if eid else None
                    before = after = None
                    if in_force is not None and eid:
                        try:
                            before = ctx.corpus.expression_at(
                                target.uri, in_force - timedelta(days=1), eid=eid
                            )
                            after = ctx.corpus.expression_at(target.uri, in_force, eid=eid)
                        except QueryError:
                            before = after = None
                    html = ""
                    if (
                        before is not None
                        and after is not None
                        and before.key != after.key
                        and unit is not None
                    ):
                        html = redline_html(ctx.corpus, unit.eid, before, after)
                    items.append(
                        {
                            "target": target,
                            "eid": eid,
                            "unit": unit,
                            "href": ctx.link_to(page, target, eid or None),
                            "mods": [m for m in mods if _destination(ctx, m.destination)[1] == eid],
                            "before": before,
                            "after": after,
                            "html": Markup(html),
                        }
                    )
                if not mods:
                    items.append(
                        {
                            "target": target,
                            "eid": "",
                            "unit": None,
                            "href": ctx.link_to(page, target),
                            "mods": [],
                            "before": None,
                            "after": None,
                            "html": Markup(""),
                        }
                    )
            instruments.append({"w": w, "path": urls.work_path(w.short), "changes": items})
        return self.render(
            "changes.md.j2",
            page,
            changes_title(year),
            year=year,
            instruments=instruments,
        )

    def source_page(self, source_id: str) -> Page:
        page = urls.source_path(source_id)
        source = self.ctx.corpus.source(source_id)
        if source is None:  # the outline only plans pages for the corpus's sources
            raise QueryError(page, None, f"no source {source_id!r}", expected="a source of sources.yaml")
        cited = cited_ranges(self.ctx, source_id)
        return self.render_html(
            "source.html.j2",
            page,
            source_page_title(self.ctx, source_id),
            s=source,
            cited=cited,
            description=self.ctx.reader_text(source.description),
            link=lambda to, fragment="": self.ctx.link(page, to, fragment),
        )

    def change_years(self) -> list[int]:
        return sorted(
            {(w.signed or w.date).year for w in self.works() if any(r.kind == "amends" for r in w.relations)}
        )


def _fake_unit(w: Work, eid: str) -> PagedProvision:
    return PagedProvision(w, eid, "", "", "", urls.provision_path(w.short, eid))


def _main_line(ctx: SiteContext, w: Work, eid: str) -> list[Expression]:
    """The edition's default expression of each version that has the provision, oldest first."""
    out: list[Expression] = []
    for day in ctx.corpus.version_dates(w.uri):
        try:
            e = ctx.corpus.expression_at(w.uri, day, eid=eid)
        except QueryError:
            continue
        if e.find(eid) is not None and e not in out:
            out.append(e)
    return out


def _latest_default(ctx: SiteContext, w: Work) -> Expression | None:
    dates = ctx.corpus.version_dates(w.uri)
    if not dates:
        return w.expressions[-1] if w.expressions else None
    try:
        return ctx.corpus.expression_at(w.uri, dates[-1])
    except QueryError:
        return None


def _destination(ctx: SiteContext, destination: str) -> tuple[Work | None, str | None, PagedProvision | None]:
    resolved = ctx.corpus.resolve(destination)
    if resolved is None:
        return None, None, None
    w, eid = resolved
    return w, eid, ctx.unit_for(w.uri, eid)


@dataclass(frozen=True)
class TocEntry:
    depth: int
    label: str
    path: str  # the page of the unit, "" for containers
    quoted: bool


def _toc(provisions: Iterable[Provision], units: Iterable[PagedProvision], w: Work) -> list[TocEntry]:
    """The table of contents: containers and page units, marking those with no source text."""
    unit_by_eid = {u.eid: u for u in units}
    quoted_units: set[str] = set()
    for e in w.expressions:
        for p in e.walk():
            if p.text and not p.omitted:
                quoted_units.update(_units_holding(p.eid, unit_by_eid))
    out: list[TocEntry] = []
    listed: set[str] = set()

    def visit(p: Provision, depth: int) -> None:
        label = provision_label(p.kind, p.num, p.heading)
        unit = unit_by_eid.get(p.eid)
        if unit is not None:
            out.append(TocEntry(depth, unit.title, unit.path if unit.paged else "", p.eid in quoted_units))
            listed.add(p.eid)
            return
        if any(c.eid in unit_by_eid or any(x.eid in unit_by_eid for x in c.walk()) for c in p.children):
            out.append(TocEntry(depth, label, "", True))
            for c in p.children:
                visit(c, depth + 1)

    for p in provisions:
        visit(p, 0)
    for u in units:  # units missing from the latest version (repealed) still get listed
        if u.eid not in listed:
            out.append(TocEntry(0, u.title, u.path if u.paged else "", u.eid in quoted_units))
    return out


def _units_holding(eid: str, units: Mapping[str, PagedProvision]) -> list[str]:
    """The units that are ``eid`` or hold it (an eId's ancestors are its ``__``-separated prefixes)."""
    parts = eid.split("__")
    return [prefix for i in range(1, len(parts) + 1) if (prefix := "__".join(parts[:i])) in units]


__all__ = ["Builder", "Heading", "Page", "article_title", "changes_title", "source_page_title", "term_title"]
