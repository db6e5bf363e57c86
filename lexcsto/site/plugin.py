"""The MkDocs plugin: ``plugins: [lexcsto]`` turns ``texts/`` and ``annotations/`` into pages at build time.

Nothing generated is written to the docs folder or committed: pages are virtual files handed to MkDocs.
The plugin also adds the navigation for them (nested sections, so that ``navigation.prune`` keeps the build
linear), its own stylesheet and script, and ``search/search_index.js`` so that search works from
``file://`` (with the vendored iframe-worker shim listed in ``extra.polyfills``).

Options (all optional)::

    plugins:
      - lexcsto:
          texts: texts              # the corpus folder; default: the bundled corpus
          annotations: annotations  # the annotations folder; default: the bundled ones; "none": none
          today: 2026-01-01         # the date the site calls "today"; default: the day of the build (UTC; SOURCE_DATE_EPOCH sets it)
          progress: auto            # a progress bar on stderr: auto (when a terminal), always, never
          library: library/index.md # the library's own docs, linked from the home page; default: none
          parallel: true            # render the pages in a second process while MkDocs builds (Linux,
                                    # with a second core); false: in the build's own process

MkDocs is told every page and the nav at once (:func:`lexcsto.site.plan.outline_site`); each page is rendered
when MkDocs reads its source, or just before in the second process (:mod:`lexcsto.site.stream`).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import sys
import threading
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date
from markdown.extensions.toc import slugify
from jinja2 import Environment
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

import lexcsto
from lexcsto.annotations.store import read_annotations
from lexcsto.annotations.anchoring import anchor
from lexcsto.errors import LexcstoError, SiteError
from lexcsto.corpus.files import write_atomic
from lexcsto.corpus import CORPUS_ENV
from lexcsto.corpus.bundled import bundled_folder
from lexcsto.corpus.model import Work
from lexcsto.site import urls
from lexcsto.site.context import SiteContext
from lexcsto.site.downloads import DownloadWriter, Ready
from lexcsto.site.pages import Builder, Page
from lexcsto.site.plan import Planned, SiteOutline, outline_site
from lexcsto.site.materialsearch import entries, with_sections
from lexcsto.site.searchview import search_view
from lexcsto.site.stream import PageSource, can_render_beside, open_pages
from lexcsto.site.theme import share_theme_parts

log = logging.getLogger("mkdocs.plugins.lexcsto")

ASSETS = ("lexcsto.css", "lexcsto.js", "lexcsto-index.js")
MATERIAL_SEARCH = "material.plugins.search.plugin"  # the module of Material's search plugin
INDEX_POLYFILL = "lexcsto-index.js"  # loaded before the theme's bundle (extra.polyfills): see the file
# What the theme ships that the site never loads: source maps, and lunr's stemmers for other languages.
LUNR_DIR = "assets/javascripts/lunr"
DOCS_BOOST = 0.5  # search: the library's documentation pages against the texts (articles 3, instruments 2)
ASSET_DIR = "assets/lexcsto"


class LexcstoConfig(Config):  # type: ignore[no-untyped-call]
    texts = opt.Type(str, default="")
    annotations = opt.Type(str, default="")
    today = opt.Type(str, default="")
    progress = opt.Choice(("auto", "always", "never"), default="auto")
    library = opt.Type(str, default="")
    parallel = opt.Type(bool, default=True)


def _folder(value: str, config_file: str | None, bundled: str) -> Path:
    if not value:
        return bundled_folder(bundled)
    path = Path(value)
    if not path.is_absolute() and config_file:
        path = Path(config_file).parent / path
    return path


def _permalink(config: MkDocsConfig) -> str:
    """The headings' permalink text as the ``toc`` extension is configured to write it ("": none)."""
    toc = config.mdx_configs.get("toc", {}) if "toc" in config.markdown_extensions else {}
    value = toc.get("permalink", False)
    if value is True:
        return "&para;"
    return str(value) if value else ""


# Runs of blank lines and indentation, which the theme's templates leave (a third of each page's bytes, in
# its nav); <pre>, <textarea> and scripts are kept as they are. Elsewhere a run of white space renders as
# one space whatever it holds (the site sets no white-space: pre). Only HTML's own white space is cut (space,
# tab, line feed, form feed, carriage return): a no-break space is text.
_KEEP = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<script\b.*?</script>)", re.S | re.I)
_SPACE = " \t\f\r"


def _cut_gaps(part: str) -> str:
    # By lines, not by a regular expression: a pattern for "spaces, then a line break" is tried at every
    # space of the text, and was 1.5 ms a page (1.5 s of a 1,000-article build); splitting is a third of it.
    lines = part.split("\n")
    if len(lines) == 1:
        return part
    inner = [kept for line in lines[1:-1] if (kept := line.strip(_SPACE))]
    return "\n".join([lines[0].rstrip(_SPACE), *inner, lines[-1].lstrip(_SPACE)])


def compact(html: str) -> str:
    """``html`` with each run of white space that holds a line break cut to one line break, which
    renders the same.

    >>> compact("<ul>\\n    \\n  <li>a  \\n  b</li>\\n</ul><pre>x\\n  <b>y</b></pre>")
    '<ul>\\n<li>a\\nb</li>\\n</ul><pre>x\\n  <b>y</b></pre>'
    >>> compact("a <pre> </pre> \\n\\n b\\n")
    'a <pre> </pre>\\nb\\n'
    >>> compact("a\\n\\xa0b")  # a no-break space is text
    'a\\n\\xa0b'
    """
    parts = _KEEP.split(html)
    for i in range(0, len(parts), 2):
        parts[i] = _cut_gaps(parts[i])
    return "".join(parts)


def _search_languages(config: MkDocsConfig) -> set[str]:
    search = config.plugins.get("search") or config.plugins.get("material/search")
    langs = getattr(search, "config", {}).get("lang") if search is not None else None
    if isinstance(langs, str):
        return {langs}
    return set(langs or [config.theme.get("language", "en") or "en"])


def _drop_unused_theme_files(site: Path, languages: set[str]) -> None:
    """Delete the source maps and the lunr languages the search does not use (about 2 MB)."""
    for found in (site / "assets").rglob("*.map"):
        found.unlink()
    lunr = site / LUNR_DIR
    if not lunr.is_dir():
        return
    wanted = {f"lunr.{lang}.min.js" for lang in languages}
    if languages - {"en"}:
        wanted |= {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}
    if languages & {"ja", "jp"}:
        wanted.add("tinyseg.js")
    if "th" in languages:
        wanted.add("wordcut.js")
    for found in lunr.rglob("*.js"):
        if found.name not in wanted:
            found.unlink()


class GeneratedPage(MkPage):
    """A page the plugin generates (made in ``on_files``: MkDocs uses a page a plugin set on its file).

    A page rendered from an HTML template (an article: nearly every page of a large site) comes with its
    HTML already made (:attr:`Page.html`), the same HTML Markdown would make of it; it is handed to MkDocs
    as it is. MkDocs' own ``render`` builds a ``markdown.Markdown`` with all the site's extensions for each
    page, which was 1.7 ms an article before Markdown read a word (4.7 ms with the conversion of a title and
    a placeholder: 4.7 s of a 1,000-article build). Such a page has nothing for the extensions to do: its
    headings carry their ids and permalinks (the toc extension's), its table of contents is
    :meth:`Page.toc_tokens`, and it has no Markdown link, admonition or attribute list. Other generated
    pages (home, registry, instruments, terms, ...) are Markdown and go through MkDocs' ``render``.

    MkDocs reads and renders every page before the theme lays out any. An article's Markdown is known
    before the page is rendered (:attr:`Planned.markdown`), so MkDocs reads that at once and the page's
    HTML is put in when the theme's turn comes (:meth:`fill`, from ``on_page_context``): the second process
    renders the articles while this one lays out the pages before them, where it used to wait for them."""

    generated: Page | None = None  # set when MkDocs reads the page's source, or when the theme needs it
    whole = False  # its HTML is handed over whole (render, fill)
    deferred = False  # its HTML comes when the theme lays the page out (fill)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.deferred:
            # Nothing yet: the plugin's on_page_context fills it before any other plugin or the theme sees
            # it. Until then it has no anchors and no links (MkDocs checks them after every page is built).
            self.content, self.toc, self.present_anchor_ids, self.links_to_anchors = (
                "",
                get_toc([]),
                set(),
                {},
            )
            self.whole = True
            return
        if self.generated is None or not self.generated.html:
            super().render(config, files)
            return
        self.fill(self.generated)

    def fill(self, generated: Page) -> None:
        """Hand over the HTML of a page rendered from an HTML template, with what MkDocs' render records of
        a page: its table of contents, its title (from the first heading), the anchors others may link to,
        and the links it makes to anchors elsewhere (none: it has no Markdown link)."""
        self.generated = generated
        self.content = generated.html
        self.whole = True
        title_id = slugify(generated.title, "-")
        self.toc = get_toc(generated.toc_tokens(title_id))  # type: ignore[arg-type]
        self._title_from_render = generated.title
        self.present_anchor_ids = {title_id, *(x.id for x in generated.headings)}
        self.links_to_anchors = {}


class LexcstoPlugin(BasePlugin[LexcstoConfig]):  # type: ignore[no-untyped-call]
    """Generates the corpus pages of the site."""

    def __init__(self) -> None:
        self.outline: SiteOutline | None = None
        self._source: PageSource | None = None
        self._generated: dict[str, Planned] = {}  # the generated pages by their docs paths
        self._pages: dict[str, Page] = {}  # those rendered so far
        self._progress: Progress | None = None
        self._render_task: TaskID | None = None
        self._folders: list[Path] = []
        self._full_content: dict[str, str] = {}
        self._page_order: dict[str, int] = {}  # each page's URL: the order the theme laid the pages out
        self._search_entries: list[dict[str, Any]] = []  # made beside the build (lexcsto.site.materialsearch)
        self._search_meta: dict[str, Any] = {}  # the search settings of those pages, until Material is done
        self._works: tuple[Work, ...] = ()
        self._site_ready: Ready = threading.Event()  # the site folder is ready for the pages' downloads

    # ---------------------------------------------------------------------------------- progress

    def _progress_on(self) -> bool:
        mode = self.config.progress
        return mode == "always" or (mode == "auto" and sys.stderr.isatty())

    def _start_progress(self) -> Progress:
        progress = Progress(
            TextColumn("[bold]lexcsto[/] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=not self._progress_on(),
        )
        progress.start()
        return progress

    def _stop_progress(self) -> None:
        if self._progress is not None:
            self._progress.stop()
        self._progress = None
        self._render_task = None

    def _close_source(self) -> None:
        if self._source is not None:
            self._source.close()
        self._source = None

    # ---------------------------------------------------------------------------------- events

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `lexcsto --corpus DIR site build` (or $LEXCSTO_CORPUS) builds from any corpus folder; the
        # bundled annotations are about the bundled corpus, so they come along only when asked for.
        chosen = os.environ.get(CORPUS_ENV, "") if not self.config.texts else ""
        texts = Path(chosen) if chosen else _folder(self.config.texts, config.config_file_path, "texts")
        notes_option = self.config.annotations or ("none" if chosen else "")
        notes = (
            None if notes_option == "none" else _folder(notes_option, config.config_file_path, "annotations")
        )
        self._folders = [texts] + ([notes] if notes else [])
        try:
            today = date.fromisoformat(self.config.today or get_build_date())
        except ValueError as err:
            raise PluginError(
                f"lexcsto: bad 'today' option {self.config.today!r} (expected YYYY-MM-DD)"
            ) from err
        progress = self._start_progress()
        try:
            loading = progress.add_task("loading the corpus", total=None)
            corpus = lexcsto.load(texts) if self.config.texts or chosen else lexcsto.load()
            for problem in corpus.problems:
                if problem.severity == "error":
                    log.warning("lexcsto: %s", problem)
            results = []
            if notes is not None and notes.exists():
                progress.update(loading, description="anchoring the annotations")
                results = anchor(corpus, read_annotations(notes, corpus))
            progress.remove_task(loading)
            ctx = SiteContext.build(corpus, results, today=today, directory_urls=config.use_directory_urls)
            self.outline = outline_site(ctx)
            self._works = corpus.works
        except LexcstoError as err:
            raise PluginError(f"lexcsto: {err}") from err
        finally:
            progress.stop()  # before the fork: the bar's thread must not be running then
        self._close_source()
        builder = Builder(ctx, self.config.library, _permalink(config))
        beside = can_render_beside() if self.config.parallel else False
        # The search entries are made beside the build for Material's search plugin only (its own format).
        material_search = any(type(p).__module__ == MATERIAL_SEARCH for p in config.plugins.values())
        # MkDocs empties the site folder after this: the pages' downloads are written once on_files says so.
        self._site_ready = multiprocessing.get_context("fork").Event() if beside else threading.Event()
        finish = DownloadWriter(
            Path(config.site_dir), self._site_ready, with_sections if material_search else None
        )
        self._source = open_pages(self.outline, builder, beside=beside, finish=finish)
        self._page_order, self._search_entries, self._search_meta = {}, [], {}
        log.debug("lexcsto: pages rendered %s", "in a second process" if beside else "in this process")
        self._generated = {p.path: p for p in self.outline.pages}
        self._pages = {}
        config.nav = [*self.outline.nav, *(config.nav or [])]
        for name in ASSETS:
            url = f"{ASSET_DIR}/{name}"
            if name == INDEX_POLYFILL:
                polyfills = config.extra.setdefault("polyfills", [])
                if url not in polyfills:
                    polyfills.append(url)
                continue
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if url not in [str(x) for x in target]:
                target.append(url)
        log.info("lexcsto: %d pages from %s", len(self.outline.pages), texts)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.outline is not None
        self._site_ready.set()  # MkDocs has emptied the site folder (unless --dirty): downloads may go in
        for page in self.outline.pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    str(
                        SiteError(
                            page.path,
                            None,
                            "a file in the docs folder has the path of a generated page",
                            expected="no docs file at a generated page's path",
                        )
                    )
                )
            # The source is made when MkDocs reads it (on_page_read_source).
            # A page the nav does not list (an article of a large instrument: lexcsto.site.plan.NAV_ARTICLES)
            # is a page of the site all the same; MkDocs is told so, lest it warn of a page left out.
            listed = page.path not in self.outline.unlisted
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.path, content="", inclusion=inclusion)
            files.append(file)
            GeneratedPage(page.title or None, file, config)  # it sets itself on the file
        # Each expression's Akoma Ntoso file, offered for download beside its pages.
        for work in self._works:
            for e in work.expressions:
                if e.path:
                    files.append(
                        File.generated(config, urls.akn_download(work.short, e.path), abs_src_path=e.path)
                    )
        package = resources.files("lexcsto.site") / "assets"
        for name in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=(package / name).read_bytes()))
        return files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._progress = self._start_progress()

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._place_unlisted(files)
        if self._progress is not None:
            self._render_task = self._progress.add_task(
                "rendering pages", total=len(files.documentation_pages())
            )
        return nav

    def _place_unlisted(self, files: Files) -> None:
        """Give each page the nav does not list the place it would have had there: the section of the page
        that lists it (its instrument's) as its parent, so that the nav shows that section open as where the
        reader is (a page is active with its parents); and its previous and next pages (the page's
        ``rel="prev"``/``"next"`` links, and the footer's where the theme shows them), through the
        instrument's articles in order, from the instrument's page to what followed it."""
        assert self.outline is not None
        chains: dict[str, list[MkPage]] = {}
        for path, lister_path in self.outline.unlisted.items():
            file = files.get_file_from_path(path)
            if file is not None and file.page is not None:
                chains.setdefault(lister_path, []).append(file.page)
        for lister_path, pages in chains.items():
            lister_file = files.get_file_from_path(lister_path)
            lister = lister_file.page if lister_file is not None else None
            if lister is None:
                continue
            after = lister.next_page
            chain = [lister, *pages]
            for before, page in zip(chain, chain[1:], strict=False):
                before.next_page, page.previous_page = page, before
                page.parent = lister.parent
            pages[-1].next_page = after
            if after is not None:
                after.previous_page = pages[-1]

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.outline is not None
        return share_theme_parts(env, self.outline.unlisted)

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        # The library's own documentation ranks below the texts in search, unless its page says otherwise.
        if page.file.src_uri not in self._generated:
            page.meta.setdefault("search", {}).setdefault("boost", DOCS_BOOST)
        return markdown

    def _rendered(self, path: str) -> Page:
        assert self._source is not None
        try:
            generated = self._source.get(path)
        except LexcstoError as err:
            raise PluginError(f"lexcsto: {err}") from err
        self._pages[path] = generated
        return generated

    def on_page_read_source(self, *, page: MkPage, config: MkDocsConfig) -> str | None:
        path = page.file.src_uri
        planned = self._generated.get(path)
        if planned is None or self._source is None:
            return None
        if planned.markdown and isinstance(page, GeneratedPage):
            page.deferred = True  # its HTML when the theme needs it (GeneratedPage)
            return planned.markdown
        generated = self._rendered(path)
        if isinstance(page, GeneratedPage):
            page.generated = generated
        return generated.markdown

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        generated = self._pages.get(page.file.src_uri)
        if generated is None or (isinstance(page, GeneratedPage) and page.whole):
            return html  # not generated, or its HTML made whole (GeneratedPage)
        if generated.headings:
            title = next(iter(page.toc), None)
            page.toc = get_toc(generated.toc_tokens(title.id if title is not None else None))  # type: ignore[arg-type]
        return generated.splice(html)

    # Search plugins index page.content in on_page_context, at priority 0; a generated page gives them its
    # plain-text view (lexcsto.site.searchview) and gets its content back before the theme renders it.
    # A page whose search entries were made beside the build (lexcsto.site.materialsearch) is left out by
    # Material's plugin (its documented ``search.exclude``) and its entries join the index after.
    @event_priority(100)
    def _search_sees_plain_text(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Any) -> Any:
        self._page_order[page.url] = len(self._page_order)
        if isinstance(page, GeneratedPage) and page.deferred and page.generated is None:
            page.fill(self._rendered(page.file.src_uri))
        generated = self._pages.get(page.file.src_uri)
        if generated is None or page.content is None:
            return context
        whole = isinstance(page, GeneratedPage) and page.whole
        if whole and generated.search_sections is not None:
            search = page.meta.get("search") or {}
            if not search.get("exclude"):
                self._search_entries.extend(
                    entries(generated.search_sections, page.url, page.title or "", page.meta)
                )
                self._search_meta[page.file.src_uri] = page.meta.get("search")
                page.meta["search"] = {**search, "exclude": True}
            # Material's plugin edits the content it indexes (it drops data-search-* attributes): it gets
            # nothing to edit, as it gets a search view from the other pages.
            self._full_content[page.file.src_uri] = page.content
            page.content = ""
            return context
        self._full_content[page.file.src_uri] = page.content
        page.content = generated.search_html if whole else search_view(page.content)
        return context

    @event_priority(-100)
    def _theme_sees_full_content(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Any) -> Any:
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        if page.file.src_uri in self._search_meta:
            page.meta["search"] = self._search_meta.pop(page.file.src_uri)
        return context

    def _add_search_entries(self, index: Path) -> None:
        """Put the entries made beside the build into the index Material wrote, in the order of the pages
        (Material's own order: page after page, each page's sections in order)."""
        if not self._search_entries:
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        order = self._page_order
        docs = [*data["docs"], *self._search_entries]
        docs.sort(key=lambda entry: order.get(entry["location"].split("#", 1)[0], len(order)))
        data["docs"] = docs
        write_atomic(index, json.dumps(data, separators=(",", ":"), default=str))

    on_page_context = CombinedEvent(_search_sees_plain_text, _theme_sees_full_content)

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if self._progress is not None and self._render_task is not None:
            self._progress.advance(self._render_task)
        return compact(output)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_progress()
        self._close_source()
        site = Path(config.site_dir)
        # The redline downloads were written where their pages were rendered (lexcsto.site.downloads).
        index = site / "search" / "search_index.json"
        if index.is_file():
            self._add_search_entries(index)
            write_atomic(index.with_suffix(".js"), "var __index = " + index.read_text(encoding="utf-8"))
            index.unlink()  # once is enough: lexcsto-index.js serves the .js for the .json over http
        _drop_unused_theme_files(site, _search_languages(config))

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_progress()
        self._close_source()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in self._folders:
            if folder.exists():
                server.watch(str(folder))
        return server
