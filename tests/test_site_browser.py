"""The built site in a real browser: Debian's chromium driven by Playwright (no browser download).

Each test records every request, console message and page error; none may reach a host other than the local
server, and none may be an error. Screenshots of CST Article 4 go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import site_fixture as sf

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = sf.ROOT / "test-artifacts"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/run must apt-get install chromium")
    pytest.skip(
        "Debian's chromium is not installed (/usr/bin/chromium); apt-get install chromium chromium-driver"
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@functools.cache
def _serve(site: Path) -> str:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def corpus_url() -> str:
    site, done = sf.corpus_site()
    assert done.returncode == 0, done.stderr
    return _serve(site)


@pytest.fixture(scope="module")
def fixture_url() -> str:
    site, done = sf.fixture_site()
    assert done.returncode == 0, done.stderr
    return _serve(site)


@dataclass
class Watch:
    page: Any
    local: str  # the netloc every http request must go to
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about", "file"):
                continue
            if parts.netloc != self.local:
                out.append(url)
        return out


def _watch(browser: Any, base: str) -> Iterator[Watch]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch = Watch(page, urlsplit(base).netloc)
    page.on("request", lambda r: watch.requests.append(r.url))
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        watch.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    yield watch
    context.close()
    assert watch.errors == [], "console errors"
    assert watch.foreign() == [], "requests to another host"
    assert watch.dialogs == [], "a dialog opened: some text ran as script"


@pytest.fixture
def site(browser: Any, corpus_url: str) -> Iterator[Watch]:
    yield from _watch(browser, corpus_url)


@pytest.fixture
def hostile(browser: Any, fixture_url: str) -> Iterator[Watch]:
    yield from _watch(browser, fixture_url)


def _art4(site: Watch, corpus_url: str) -> Any:
    page = site.page
    page.goto(corpus_url + "cst/art_4.html")
    page.wait_for_load_state("networkidle")
    return page


def _shot(page: Any, name: str, **kwargs: Any) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), **kwargs)
    return path


def test_navigate_from_the_registry_to_cst_article_4(site: Watch, corpus_url: str) -> None:
    page = site.page
    page.goto(corpus_url + "registry.html")
    page.locator("article table a", has_text="Collective Security Treaty").first.click()
    page.wait_for_url("**/cst/index.html")
    page.locator("article a", has_text="Article 4").first.click()
    page.wait_for_url("**/cst/art_4.html")
    assert "Article 4" in page.locator("article h1").inner_text()
    _shot(page, "cst-art-4.png")
    _shot(page, "cst-art-4-full.png", full_page=True)


def test_switching_version_tabs(site: Watch, corpus_url: str) -> None:
    page = _art4(site, corpus_url)
    tabs = page.locator(".tabbed-set").first
    labels = tabs.locator(".tabbed-labels > label")
    assert labels.count() >= 2
    assert "In force today" in labels.nth(0).inner_text()
    versions = tabs.locator(".lx-version")
    assert versions.nth(0).is_visible()
    first_text = versions.nth(0).inner_text()
    labels.nth(1).click()
    assert versions.nth(1).is_visible()
    assert not versions.nth(0).is_visible()
    assert versions.nth(1).inner_text() != first_text
    _shot(page, "cst-art-4-second-tab.png")


def test_redline_shows_insertions_and_deletions(site: Watch, corpus_url: str) -> None:
    page = _art4(site, corpus_url)
    redline = page.locator("h2#changes-between-versions ~ .lx-redline-pair .lx-redline").first
    assert redline.locator("ins").first.is_visible()
    assert redline.locator("del").count() > 0
    assert "armed attack" in " ".join(redline.locator("ins").all_inner_texts())


def test_chooser_shows_the_chosen_pair(site: Watch, corpus_url: str) -> None:
    page = _art4(site, corpus_url)
    chooser = page.locator("[data-lx-chooser]")
    shown = chooser.locator(".lx-pair:visible")
    assert shown.count() == 1
    chooser.locator("[data-lx-from]").select_option("2")
    chooser.locator("[data-lx-to]").select_option("1")
    assert shown.count() == 1
    pair = shown.first
    assert {pair.get_attribute("data-from"), pair.get_attribute("data-to")} == {"1", "2"}
    chooser.locator("[data-lx-to]").select_option("2")
    assert shown.count() == 0
    assert chooser.locator(".lx-chooser-same").is_visible()


def test_notes_are_printed_once_in_a_margin_beside_the_text(site: Watch, corpus_url: str) -> None:
    page = _art4(site, corpus_url)
    version = page.locator(".lx-version").first
    text = version.bounding_box()
    margin = page.locator("aside.lx-margin")
    box = margin.bounding_box()
    assert box["x"] >= text["x"] + text["width"]
    assert box["y"] < text["y"] + 200
    ids = [a.get_attribute("id") for a in page.locator("aside.lx-note").all()]
    assert len(ids) == len(set(ids)) > 0
    # The notes do not push the text down: the last paragraph is within two screens.
    last = version.locator(".lx-row").last.bounding_box()
    assert last["y"] < 2000
    # A note is reached from its words by keyboard: the number after them is a link to it.
    ref = version.locator("a.lx-noteref").first
    ref.focus()
    note_id = ref.get_attribute("data-note")
    assert page.locator(f'aside.lx-note[data-note="{note_id}"]').first.evaluate(
        "n => n.classList.contains('lx-active')"
    )
    ref.press("Enter")
    assert page.evaluate("location.hash") == f"#note-{note_id}"


def test_a_defined_term_shows_its_definition(site: Watch, corpus_url: str) -> None:
    page = _art4(site, corpus_url)
    term = page.locator(".lx-version").first.locator("dfn[title], abbr[title]").first
    assert "aggression" in (term.get_attribute("title") or "")
    term.hover()
    tip = page.locator(".md-tooltip2--active")
    tip.wait_for(state="visible", timeout=5000)
    assert "armed attack" in tip.inner_text()


def test_search_for_aggression_lists_article_4(site: Watch, corpus_url: str) -> None:
    page = site.page
    page.goto(corpus_url)
    page.locator(".md-search__input").fill("aggression")
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    hrefs = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item a").all()]
    assert any("cst/art_4.html" in h for h in hrefs)


def test_search_ranks_provisions_over_documentation(site: Watch, corpus_url: str) -> None:
    page = site.page
    page.goto(corpus_url)
    page.locator(".md-search__input").fill("Article 51")
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    page.wait_for_timeout(500)
    items = page.locator(".md-search-result__item > a")
    hrefs = [a.get_attribute("href") or "" for a in items.all()][:10]
    assert not hrefs[0].startswith("library/")
    assert "art_" in hrefs[0]
    assert any("cst/art_4.html" in h for h in hrefs)
    snippets = " ".join(page.locator(".md-search-result__item").all_inner_texts())
    assert "Each tab is one text" not in snippets


def test_search_works_from_file_urls(browser: Any) -> None:
    site_dir, done = sf.corpus_site()
    assert done.returncode == 0, done.stderr
    watch_iter = _watch(browser, "file:///")
    watch = next(watch_iter)
    page = watch.page
    page.goto((site_dir / "index.html").as_uri())
    page.locator(".md-search__input").fill("aggression")
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    hrefs = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item a").all()]
    assert any("cst/art_4.html" in h for h in hrefs)
    _shot(page, "file-search-aggression.png")
    with pytest.raises(StopIteration):
        next(watch_iter)


def test_links_open_pages_from_file_urls(browser: Any) -> None:
    """From disk every link opens a page, never a folder listing (directory URLs are off)."""
    site_dir, done = sf.corpus_site()
    assert done.returncode == 0, done.stderr
    watch_iter = _watch(browser, "file:///")
    page = next(watch_iter).page
    page.goto((site_dir / "index.html").as_uri())
    page.locator("article a", has_text="registry").first.click()
    page.wait_for_url("**/registry.html")
    page.locator("article table a", has_text="Collective Security Treaty").first.click()
    page.wait_for_url("**/cst/index.html")
    page.locator("article a", has_text="Article 4").first.click()
    page.wait_for_url("**/cst/art_4.html")
    assert "Article 4" in page.locator("article h1").inner_text()
    page.locator(".md-nav a", has_text="Registry").first.click()
    page.wait_for_url("**/registry.html")
    with pytest.raises(StopIteration):
        next(watch_iter)


def test_hostile_corpus_and_annotation_text_render_as_text(hostile: Watch, fixture_url: str) -> None:
    page = hostile.page
    page.goto(fixture_url + "tst/art_3.html")
    page.wait_for_load_state("networkidle")
    assert '<script>alert("xss")</script>' in page.locator("article h1").inner_text()
    page.goto(fixture_url + "tst/art_2.html")
    page.wait_for_load_state("networkidle")
    note = page.locator('.lx-note[data-note="tst-art-2-hostile"] .lx-note-body').first
    assert "A hostile note <script>" in note.inner_text()
    assert page.locator(".lx-note-body img").count() == 0


def test_links_with_hidden_schemes_do_not_run_when_clicked(hostile: Watch, fixture_url: str) -> None:
    """Issue 19: entity-encoded ``javascript:`` (and ``data:``, ``vbscript:``) links in an annotation body.

    Every link of the hostile note is clicked; the watch fails the test if a dialog opened, and the page must
    still be the article (a ``data:`` or script URL would have replaced it).
    """
    page = hostile.page
    page.goto(fixture_url + "tst/art_2.html")
    page.wait_for_load_state("networkidle")
    note = page.locator('.lx-note[data-note="tst-art-2-hostile-links"] .lx-note-body').first
    links = note.locator("a")
    assert links.count() == 2 * len(sf.XSS_LINKS)
    for i in range(links.count()):
        link = links.nth(i)
        href = link.get_attribute("href")
        assert href is None or urlsplit(href.strip()).scheme in ("", "http", "https"), href
        link.click(force=True, no_wait_after=True)
        page.wait_for_timeout(50)
        assert page.url.startswith(fixture_url + "tst/art_2.html"), (i, page.url)


# ------------------------------------------------------------------------------------- reading by date


def _visible_version(page: Any, scope: str = "#lx-versions") -> Any:
    return page.locator(f"{scope} .lx-version:visible").first


def _pick(page: Any, day: str, picker: str = "#lx-asat-date") -> None:
    field = page.locator(picker)
    field.fill(day)
    field.dispatch_event("change")


def test_the_date_picker_shows_the_text_in_force_that_day(site: Watch, corpus_url: str) -> None:
    page = _art4(site, corpus_url)
    _pick(page, "2005-06-01")
    result = page.locator(".lx-asat-result").first.inner_text()
    assert result.startswith("As at 1 June 2005: 1992 · English")
    assert "signed on 15 May 1992" in result
    assert "in force since 20 April 1994" in result
    assert _visible_version(page).get_attribute("id").startswith("version-1992-05-15")
    assert page.evaluate("location.hash") == "#as-at-2005-06-01"
    _pick(page, "2013-01-01")
    result = page.locator(".lx-asat-result").first.inner_text()
    assert "2012 · English" in result
    assert "amended by the Protocol" in result
    assert _visible_version(page).get_attribute("id").startswith("version-2012-12-19")
    _pick(page, "1990-01-01")
    assert "no text of this instrument yet" in page.locator(".lx-asat-result").first.inner_text()


def test_a_dated_or_versioned_address_survives_a_reload(site: Watch, corpus_url: str) -> None:
    page = site.page
    page.goto(corpus_url + "cst/art_4.html#as-at-2005-06-01")
    page.wait_for_load_state("networkidle")
    assert _visible_version(page).get_attribute("id").startswith("version-1992-05-15")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert _visible_version(page).get_attribute("id").startswith("version-1992-05-15")
    assert "As at 1 June 2005" in page.locator(".lx-asat-result").first.inner_text()
    # A tab has an address of its own too: choosing it puts it in the address bar, a reload keeps it.
    label = page.locator("#lx-versions .tabbed-labels > label", has_text="DCAF 2013").first
    label.click()
    anchor = page.evaluate("location.hash")
    assert anchor.startswith("#version-1992-05-15-seed-003")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert "#" + _visible_version(page).get_attribute("id") == anchor


def test_the_whole_instrument_as_at_a_date_with_amendment_notes(site: Watch, corpus_url: str) -> None:
    page = site.page
    page.goto(corpus_url + "cst/index.html#as-at-2005-06-01")
    page.wait_for_load_state("networkidle")
    shown = _visible_version(page, "#lx-whole")
    assert shown.get_attribute("id") == "text-1992-05-15"
    assert "Article 4" in shown.inner_text()
    _pick(page, "2020-01-01", "#lx-asat-whole")
    shown = _visible_version(page, "#lx-whole")
    assert shown.get_attribute("id") == "text-2012-12-19"
    notes = " ".join(shown.locator(".lx-fnote").all_inner_texts())
    assert "substituted by the Protocol on Amendment of the CST of 10 December 2010, item 1(c)" in notes
    versions = page.locator('.md-content table a[href^="#as-at-"]')
    assert versions.count() == 2


def test_a_source_link_opens_the_cited_lines(site: Watch, corpus_url: str) -> None:
    page = _art4(site, corpus_url)
    link = _visible_version(page).locator(".lx-provenance a").first
    label = link.inner_text()
    assert "seed-" not in label
    assert ".txt" not in label
    link.click()
    page.wait_for_load_state("networkidle")
    assert "/sources/" in page.url
    assert "#lines-" in page.url
    excerpt = page.locator(".lx-excerpt:target")
    assert excerpt.is_visible()
    assert excerpt.locator("blockquote").count() >= 1


def test_downloads_are_offered(site: Watch, corpus_url: str) -> None:
    page = _art4(site, corpus_url)
    links = page.locator("ul.lx-downloads a")
    hrefs = [a.get_attribute("href") or "" for a in links.all()]
    assert any(h.endswith(".xml") for h in hrefs)
    assert any("redline-art_4" in h for h in hrefs)
    redline = page.request.get(page.url.rsplit("/", 1)[0] + "/" + next(h for h in hrefs if "redline" in h))
    assert redline.ok
    assert "<ins" in redline.text()


# ------------------------------------------------------------------------------------- accessibility

MAIN_PAGES = [
    "index.html",
    "registry.html",
    "cst/index.html",
    "cst/art_4.html",
    "charter/index.html",
    "terms/aggression.html",
    "changes/2010.html",
    "sources/seed-003.html",
    "states/index.html",
    "states/uzb.html",
    "library/index.html",
]


def _axe(page: Any) -> list[str]:
    """The serious and critical violations axe-core (bundled by axe-playwright-python) finds on the page."""
    from importlib import resources

    script = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    page.add_script_tag(content=script)
    result = page.evaluate("axe.run({resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_the_main_pages(browser: Any, corpus_url: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        for path in MAIN_PAGES:
            page.goto(corpus_url + path)
            page.wait_for_load_state("networkidle")
            if scheme == "dark":
                assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
            violations = _axe(page)
            if violations:
                found[path] = violations
    finally:
        context.close()
    assert found == {}


def test_redline_marks_keep_their_shapes_in_forced_colours(browser: Any, corpus_url: str) -> None:
    context = browser.new_context(forced_colors="active", color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(corpus_url + "cst/art_4.html")
        page.wait_for_load_state("networkidle")
        style = "(e, p) => getComputedStyle(e).getPropertyValue(p)"
        deleted = page.locator(".lx-redline del.lx-substantive").first
        inserted = page.locator(".lx-redline ins.lx-substantive").first
        assert "line-through" in deleted.evaluate(style, "text-decoration-line")
        assert "underline" in inserted.evaluate(style, "text-decoration-line")
        box = page.locator(".lx-redline .lx-change.lx-wording").first
        assert box.evaluate(style, "border-top-style") == "dashed"
    finally:
        context.close()


@pytest.fixture(scope="module")
def large_url(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A synthetic site whose instruments have more articles than the nav lists (NAV_ARTICLES): served, and
    the short name of its first instrument."""
    from lexcsto.site.plan import NAV_ARTICLES

    folder = tmp_path_factory.mktemp("large-site")
    config, corpus = sf.synthetic_project(folder, 2, NAV_ARTICLES + 2)
    done = sf.strict_build(config, folder)
    assert done.returncode == 0, done.stderr
    return _serve(folder / "site"), corpus.works[0].short


def test_axe_finds_no_serious_violation_where_a_section_holds_only_its_page(
    browser: Any, large_url: tuple[str, str]
) -> None:
    """A large instrument's section holds only the instrument's page in the nav; its sub-nav is named by a
    label on the page (Material wrote an aria-labelledby that pointed at nothing: lexcsto.site.theme)."""
    url, short = large_url
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    found = {}
    try:
        for path in (f"{short}/index.html", f"{short}/art_3.html"):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            named = page.evaluate(
                "[...document.querySelectorAll('nav[aria-labelledby]')]"
                ".filter(n => !n.getAttribute('aria-labelledby').split(/\\s+/)"
                ".every(id => document.getElementById(id))).length"
            )
            assert named == 0, path  # every sub-nav's label is on the page
            # The fixture's config has Material's default palette, not the site's: colours are checked on
            # the site's own pages (test_axe_finds_no_serious_violation_on_the_main_pages).
            violations = [v for v in _axe(page) if not v.startswith("color-contrast ")]
            if violations:
                found[path] = violations
    finally:
        context.close()
    assert found == {}
