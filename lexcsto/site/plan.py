"""The plan of the site: which pages there are, in which order, under which titles, and the navigation.

An outline is made without rendering anything (paths and titles come from the corpus), so that MkDocs can
be told every page and the nav at once while the pages themselves are rendered as it goes
(:mod:`lexcsto.site.stream`). :func:`plan_site` renders the whole outline here and now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import methodcaller
from typing import Any

from lexcsto.site import urls
from lexcsto.site.context import PagedProvision, SiteContext
from lexcsto.site.markup import nav_title
from lexcsto.site.pages import (
    Builder,
    Page,
    article_markdown,
    changes_title,
    html_page_markdown,
    source_page_title,
    term_title,
)
from lexcsto.site.statustable import planned_state_pages

# An instrument with more article pages than this lists them on its own page (its Contents), not in the nav:
# Material renders the open branch of the nav anew for every page (about 40 µs an item), so the hundred
# articles of a large instrument cost every one of its pages, even cut into groups (10 labels and 10
# articles each: 4 ms a page, 4 s of a 1,000-article build). Its articles are pages of the site all the same,
# with their instrument marked in the nav as where they are and the footer's previous and next leading
# through them in order (the plugin does both: lexcsto.site.plugin).
NAV_ARTICLES = 20
# More instruments than this are grouped by kind in the nav.
NAV_GROUP = 20


@dataclass(frozen=True)
class Planned:
    """A page of the site before it is rendered: where it goes, and how to make it."""

    path: str  # Markdown path under the docs folder, e.g. "cst/art_4.md"
    make: Callable[[Builder], Page]  # e.g. methodcaller("article_page", unit)
    title: str = ""  # its title in the nav and the browser's tab ("": MkDocs takes the page's first heading)
    # The page's Markdown when it is known before the page is rendered (an article: its title, from a page
    # rendered from an HTML template): MkDocs reads it at once, and the page's HTML is asked for only when
    # the theme lays the page out (lexcsto.site.plugin), so that rendering goes on beside the theme's work.
    markdown: str = ""


@dataclass
class SiteOutline:
    pages: list[Planned] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)  # MkDocs nav items
    # The pages not in the nav, each with the page that lists them: an article of a large instrument
    # (NAV_ARTICLES) and its instrument's page, e.g. "big/art_7.md" -> "big/index.md".
    unlisted: dict[str, str] = field(default_factory=dict)

    def render(self, builder: Builder) -> Iterator[Page]:
        """Every page, rendered in order."""
        for planned in self.pages:
            yield planned.make(builder)


@dataclass
class SitePlan:
    pages: list[Page] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)  # MkDocs nav items
    unlisted: dict[str, str] = field(default_factory=dict)  # as SiteOutline.unlisted


def outline_site(ctx: SiteContext) -> SiteOutline:
    """Every page of the site (home, registry, each instrument and its articles, terms, years of change)
    and the nav that holds them, rendering none."""
    outline = SiteOutline()
    add = outline.pages.append
    add(Planned("index.md", Builder.home, "Home"))
    add(Planned("registry.md", Builder.registry, "Registry"))
    instruments: list[tuple[str, Any]] = []  # (the work's subtype, its nav entry)
    cited: list[Any] = []
    for w in sorted(ctx.corpus.works, key=lambda w: (w.date, w.short)):
        overview = urls.work_path(w.short)
        add(Planned(overview, methodcaller("work_page", w), nav_title(w.title)))
        units = ctx.units.get(w.uri, ())
        entry: Any = {nav_title(w.title): overview}
        units = tuple(u for u in units if u.paged)
        if units:
            for unit in units:
                add(
                    Planned(
                        unit.path,
                        methodcaller("article_page", unit),
                        nav_title(unit.title),
                        article_markdown(unit),
                    )
                )
            listed = len(units) <= NAV_ARTICLES
            if not listed:
                outline.unlisted.update((unit.path, overview) for unit in units)
            # The instrument's own page opens its section (navigation.indexes): no "Overview" entry. A large
            # instrument's section holds its page only (a page of its own would be taken for the index of
            # the section above, its file being an index.md); the plugin puts its articles in the section.
            entry = {nav_title(w.title): [overview, *(_unit_nav(units) if listed else [])]}
        if w.external:
            cited.append(entry)
        else:
            instruments.append((w.subtype, entry))
    terms = []
    for concept in sorted(set(ctx.definitions) | set(ctx.terms_used)):
        path, title = urls.term_path(concept), term_title(concept)
        add(Planned(path, methodcaller("term_page", concept), nav_title(title)))
        terms.append({nav_title(title): path})
    changes = []
    for year in Builder(ctx).change_years():
        path, title = urls.changes_path(year), changes_title(year)
        add(Planned(path, methodcaller("changes_page", year), nav_title(title)))
        changes.append({nav_title(title): path})
    states = []
    for path, title, make in planned_state_pages(ctx):
        add(Planned(path, make, nav_title(title)))
        states.append({nav_title(title): path})
    sources = []
    for src in ctx.corpus.sources:
        path, title = urls.source_path(src.id), source_page_title(ctx, src.id)
        add(Planned(path, methodcaller("source_page", src.id), nav_title(title), html_page_markdown(title)))
        sources.append({nav_title(title): path})
    outline.nav = [{"Home": "index.md"}, {"Registry": "registry.md"}, {"Instruments": _by_kind(instruments)}]
    if states:
        outline.nav.append({"States": states})
    if cited:
        outline.nav.append({"Cited instruments": cited})
    if terms:
        outline.nav.append({"Terms": terms})
    if changes:
        outline.nav.append({"What changed": changes})
    if sources:
        outline.nav.append({"Sources": sources})
    return outline


# The instruments by kind in the nav when they are many: every page lists the items of the open branch,
# so fifty instruments on every page were most of the site's weight.
KIND_GROUPS = (
    ("Treaties and charters", ("treaty", "charter")),
    ("Protocols", ("protocol",)),
    ("Agreements", ("agreement",)),
)
OTHER_KINDS = "Decisions and other instruments"


def _by_kind(instruments: list[tuple[str, Any]]) -> list[Any]:
    entries = [entry for _, entry in instruments]
    if len(entries) <= NAV_GROUP:
        return entries
    groups: dict[str, list[Any]] = {label: [] for label, _ in KIND_GROUPS}
    groups[OTHER_KINDS] = []
    for subtype, entry in instruments:
        label = next((g for g, kinds in KIND_GROUPS if subtype in kinds), OTHER_KINDS)
        groups[label].append(entry)
    return [{label: items} for label, items in groups.items() if items]


def _unit_nav(units: tuple[PagedProvision, ...]) -> list[Any]:
    """The nav under an instrument: its articles, by chapter when it has chapters (so that articles
    numbered anew in each, like the Provisions on the bodies, stand under their body's name)."""
    pages = [{nav_title(u.title): u.path} for u in units]
    by_container: dict[str, list[Any]] = {}
    for unit, item in zip(units, pages, strict=True):
        by_container.setdefault(unit.container_title, []).append(item)
    if len(by_container) <= 1:
        return pages
    grouped: list[Any] = []
    for title, items in by_container.items():
        if title:
            grouped.append({nav_title(title): items})
        else:
            grouped.extend(items)
    return grouped


def page_count(ctx: SiteContext) -> int:
    """How many pages the site has (for a progress bar)."""
    return len(outline_site(ctx).pages)


def plan_site(
    ctx: SiteContext,
    progress: Callable[[str], None] | None = None,
    *,
    library: str = "",
    permalink: str = "&para;",
) -> SitePlan:
    """Render every page and make the nav; ``progress`` is called with each page's path as it is made.

    ``library`` is the docs path of the library's own documentation, linked from the home page;
    ``permalink`` the text of the headings' permalinks (the ``toc`` extension's ``permalink``; "": none).
    """
    outline = outline_site(ctx)
    plan = SitePlan(nav=outline.nav, unlisted=outline.unlisted)
    for page in outline.render(Builder(ctx, library, permalink)):
        plan.pages.append(page)
        if progress is not None:
            progress(page.path)
    return plan


__all__ = ["Planned", "SiteOutline", "SitePlan", "outline_site", "page_count", "plan_site"]
