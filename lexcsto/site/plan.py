"""The plan of the site: which pages there are, in which order, under which titles, and the navigation.

An outline is made without rendering anything (paths and titles come from the corpus), so that MkDocs can
be told every page and the nav at once while the pages themselves are rendered as it goes
(:mod:`lexcsto.site.stream`). :func:`plan_site` renders the whole outline here and now.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import methodcaller
from typing import Any

from lexcsto.site import urls
from lexcsto.site.context import PagedProvision, SiteContext
from lexcsto.site.markup import nav_title
from lexcsto.site.pages import Builder, Page, changes_title, source_page_title, term_title
from lexcsto.site.statustable import planned_state_pages

# Sections of the nav with more pages than this are cut into groups (a flat nav is quadratic to build).
NAV_GROUP = 20
# The smallest group. Every page shows the labels of its section's groups and the pages of its own group,
# n/g + g items for n pages in groups of g: fewest at g = sqrt(n), so groups grow with the square root.
NAV_GROUP_MIN = 10


@dataclass(frozen=True)
class Planned:
    """A page of the site before it is rendered: where it goes, and how to make it."""

    path: str  # Markdown path under the docs folder, e.g. "cst/art_4.md"
    make: Callable[[Builder], Page]  # e.g. methodcaller("article_page", unit)
    title: str = ""  # its title in the nav and the browser's tab ("": MkDocs takes the page's first heading)


@dataclass
class SiteOutline:
    pages: list[Planned] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)  # MkDocs nav items

    def render(self, builder: Builder) -> Iterator[Page]:
        """Every page, rendered in order."""
        for planned in self.pages:
            yield planned.make(builder)


@dataclass
class SitePlan:
    pages: list[Page] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)  # MkDocs nav items


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
                add(Planned(unit.path, methodcaller("article_page", unit), nav_title(unit.title)))
            # The instrument's own page opens its section (navigation.indexes): no "Overview" entry.
            entry = {nav_title(w.title): [overview, *_unit_nav(units)]}
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
        add(Planned(path, methodcaller("source_page", src.id), nav_title(title)))
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
    numbered anew in each, like the Provisions on the bodies, stand under their body's name), in groups
    when many."""
    pages = [{nav_title(u.title): u.path} for u in units]
    by_container: dict[str, list[Any]] = {}
    for unit, item in zip(units, pages, strict=True):
        by_container.setdefault(unit.container_title, []).append(item)
    if len(by_container) <= 1:
        return _group(pages, _range_label(pages))
    grouped: list[Any] = []
    for title, items in by_container.items():
        if title:
            grouped.append({nav_title(title): _group(items, _range_label(items))})
        else:
            grouped.extend(items)
    return grouped


def _group(items: list[Any], label: Callable[[int, int], str]) -> list[Any]:
    """Items as they are if they are few (``NAV_GROUP``), else in groups of about the square root of their
    number (never under ``NAV_GROUP_MIN``).

    >>> [list(g) for g in _group(list(range(27)), lambda a, b: f"{a}-{b - 1}")]
    [['0-9'], ['10-19'], ['20-26']]
    >>> len(_group(list(range(1000)), lambda a, b: f"{a}-{b - 1}"))
    32
    """
    if len(items) <= NAV_GROUP:
        return items
    size = max(NAV_GROUP_MIN, math.isqrt(len(items) - 1) + 1)
    return [{label(i, min(i + size, len(items))): items[i : i + size]} for i in range(0, len(items), size)]


def _range_label(items: list[Any]) -> Callable[[int, int], str]:
    def label(start: int, end: int) -> str:
        first = next(iter(items[start]))
        last = next(iter(items[end - 1]))
        return f"{first.split(' – ')[0]} to {last.split(' – ')[0]}"

    return label


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
    plan = SitePlan(nav=outline.nav)
    for page in outline.render(Builder(ctx, library, permalink)):
        plan.pages.append(page)
        if progress is not None:
            progress(page.path)
    return plan


__all__ = ["Planned", "SiteOutline", "SitePlan", "outline_site", "page_count", "plan_site"]
