"""The built site, without a browser: strict build, stable URLs, escaping, no outside request, links, search."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import site_fixture as sf

# Attributes through which a page makes the browser fetch something on its own.
FETCHING = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.fetches: list[str] = []
        self.handlers: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if (tag, name) in FETCHING:
                self.fetches.append(value)
            elif name == "href":
                self.links.append(value)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _pages(site: Path) -> dict[Path, _Page]:
    out = {}
    for file in sorted(site.rglob("*.html")):
        page = _Page()
        page.feed(file.read_text(encoding="utf-8"))
        out[file] = page
    return out


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


@pytest.fixture(scope="module")
def fixture_site() -> Path:
    site, done = sf.fixture_site()
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="module")
def corpus_site() -> Path:
    site, done = sf.corpus_site()
    assert done.returncode == 0, done.stderr
    return site


def test_fixture_site_builds_strict_without_warnings() -> None:
    _, done = sf.fixture_site()
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr


def test_corpus_site_builds_with_the_cli() -> None:
    _, done = sf.corpus_site()
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr


@pytest.mark.parametrize(
    "url",
    [
        "index.html",
        "registry.html",
        "tst/index.html",
        "tst/art_2.html",
        "terms/aggression.html",
        "changes/2010.html",
        "ext-charter/art_9.html",
    ],
)
def test_stable_urls(fixture_site: Path, url: str) -> None:
    assert (fixture_site / url).is_file()


def test_hostile_text_never_becomes_markup(fixture_site: Path) -> None:
    pages = _pages(fixture_site)
    for file, page in pages.items():
        assert page.handlers == [], file
        assert not [s for s in page.scripts if "alert(" in s], file
        assert not [u for u in page.links if u.strip().lower().startswith("javascript:")], file
    art2 = (fixture_site / "tst" / "art_2.html").read_text(encoding="utf-8")
    assert "A hostile note &lt;script&gt;alert" in art2
    assert "example.invalid" not in art2


@pytest.mark.parametrize("which", ["fixture", "corpus"])
def test_no_page_fetches_anything_from_another_host(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(f"{which}_site")
    for file, page in _pages(site).items():
        assert [u for u in page.fetches if not _is_local(u)] == [], file
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"(@import|url\()\s*[\"']?(https?:)?//", text), css
    assert not list(site.rglob("*.html")) or "fonts.googleapis" not in (site / "index.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("which", ["fixture", "corpus"])
def test_every_local_link_resolves(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(f"{which}_site")
    broken = []
    for file, page in _pages(site).items():
        if file.name == "404.html":  # served at any depth, so MkDocs links it from the root on purpose
            continue
        for url in page.links + page.fetches:
            if not _is_local(url) or url.startswith("#"):
                continue
            path = unquote(urlsplit(url).path)
            if not path:
                continue
            target = (file.parent / path).resolve()
            # From file:// a link to a folder opens a folder listing, not its index.html.
            if not target.is_file():
                broken.append(f"{file.relative_to(site)} -> {url}")
    assert broken == []


def _index(site: Path) -> dict[str, Any]:
    """The search index, which the site ships once, as a script (search/search_index.js)."""
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    index: dict[str, Any] = json.loads(script.removeprefix("var __index = "))
    return index


def test_the_site_is_light(corpus_site: Path) -> None:
    """Under 10 MB: the search index once, no source maps, no lunr languages the search does not use."""
    files = [f for f in corpus_site.rglob("*") if f.is_file()]
    assert sum(f.stat().st_size for f in files) < 10_000_000
    assert not (corpus_site / "search" / "search_index.json").exists()
    assert not [f for f in files if f.suffix == ".map"]
    assert not list((corpus_site / "assets" / "javascripts").glob("lunr/min/lunr.ru.min.js"))


def test_search_index_works_from_file_urls(fixture_site: Path) -> None:
    script = (fixture_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = ")
    index = json.loads(script.removeprefix("var __index = "))
    hits = [d["location"] for d in index["docs"] if "aggression" in d["text"].lower()]
    assert any(loc.startswith("tst/art_2.html") for loc in hits)


def test_search_finds_cst_article_4_and_its_annotations(corpus_site: Path) -> None:
    index = _index(corpus_site)
    art4 = [d for d in index["docs"] if d["location"].startswith("cst/art_4.html")]
    text = " ".join(d["text"] for d in art4).lower()
    assert "aggression" in text
    assert "commentary" in text


def test_search_indexes_each_section_of_an_article_and_the_page_keeps_its_markup(fixture_site: Path) -> None:
    """The search plugin reads a plain-text view of a generated page (lexcsto.site.searchview); the page
    itself is written whole, and its table of contents lists the headings of its HTML."""
    index = _index(fixture_site)
    art2 = {d["location"]: d for d in index["docs"] if d["location"].startswith("tst/art_2.html")}
    assert {
        "tst/art_2.html",
        "tst/art_2.html#text",
        "tst/art_2.html#changes-between-versions",
        "tst/art_2.html#history",
    } <= set(art2)
    assert art2["tst/art_2.html#text"]["title"] == "Text"
    # Each text (tab) is a section of its own for search, named by the article and the version.
    version = art2["tst/art_2.html#version-2012-12-19-syn-c"]
    assert version["title"] == "Article 2 · 2012 · English, Synthetic source C"
    assert "synthetic consultations" in version["text"]
    assert "<mark" not in version["text"]
    built = (fixture_site / "tst" / "art_2.html").read_text(encoding="utf-8")
    assert '<mark class="lx-anchor' in built
    assert 'class="tabbed-set tabbed-alternate"' in built
    toc = built.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    assert 'href="#changes-between-versions"' in toc
    assert 'href="#1992-english-synthetic-source-a-to-2012-english-synthetic-source-c"' in toc


def test_pages_rendered_beside_the_build_and_in_it_make_the_same_site(
    fixture_site: Path, tmp_path: Path
) -> None:
    """The fixture site is built with pages rendered in a second process where it can (Linux); built again
    with ``parallel: false``, every file is the same."""
    config = sf.write_project(tmp_path)
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "progress: never", "progress: never\n      parallel: false"
        ),
        encoding="utf-8",
    )
    done = sf.strict_build(config, tmp_path)
    assert done.returncode == 0, done.stderr

    def files(site: Path) -> dict[str, bytes]:
        # sitemap.xml.gz carries the time it was written
        return {
            str(f.relative_to(site)): f.read_bytes()
            for f in site.rglob("*")
            if f.is_file() and f.suffix != ".gz"
        }

    here, beside = files(tmp_path / "site"), files(fixture_site)
    assert sorted(here) == sorted(beside)
    assert [name for name in here if here[name] != beside[name]] == []


def test_a_docs_file_in_the_way_of_a_generated_page_is_an_error(tmp_path: Path) -> None:
    config = sf.write_project(tmp_path)
    (tmp_path / "docs" / "registry.md").write_text("# mine\n", encoding="utf-8")
    mkdocs = Path(sf.sys.executable).parent / "mkdocs"
    done = subprocess.run(
        [str(mkdocs), "build", "-f", str(config), "-d", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=sf.build_env(),
        check=False,
    )
    assert done.returncode != 0
    assert "registry.md" in done.stderr
    assert "generated page" in done.stderr


def test_the_cli_reports_a_missing_config(tmp_path: Path) -> None:
    # Without -f and without ./mkdocs.yml the site builds with a default config (issue 17: outside a
    # checkout); a config named with -f that is not there is the error.
    lexcsto_cmd = Path(sf.sys.executable).parent / "lexcsto"
    done = subprocess.run(
        [str(lexcsto_cmd), "site", "build", "-f", "mkdocs.yml", "-d", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=sf.build_env(),
        check=False,
    )
    assert done.returncode == 1
    assert "mkdocs.yml: no such MkDocs config" in done.stderr


@pytest.mark.parametrize(
    ("ci", "outcome", "message"),
    [
        ("true", pytest.fail.Exception, "CI=true but"),
        ("", pytest.skip.Exception, "chromium is not installed"),
    ],
)
def test_browser_tests_skip_without_chromium_only_outside_ci(
    ci: str, outcome: type[BaseException], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import test_site_browser as tb

    monkeypatch.setattr(tb, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=message):
        tb._require_chromium()


def test_an_article_no_source_quotes_is_listed_not_paged(corpus_site: Path) -> None:
    """An article with no text in any source, no note, nothing citing or amending it has no page of its
    own (such stubs were half the site): the instrument's contents list it with its number and say why,
    and no page links to a page it does not have."""
    assert not (corpus_site / "legal-status-agreement" / "art_5.html").exists()
    assert (corpus_site / "legal-status-agreement" / "art_31.html").exists()  # it has a note or a reference
    contents = (corpus_site / "legal-status-agreement" / "index.html").read_text(encoding="utf-8")
    assert "<li>Article 5 <em>(text not in the sources of this edition)</em>" in contents
    assert (corpus_site / "cst" / "art_4.html").exists()
    for page in corpus_site.rglob("*.html"):
        assert "legal-status-agreement/art_5.html" not in page.read_text(encoding="utf-8"), page


def test_a_large_instruments_articles_are_listed_on_its_page_not_in_the_nav(tmp_path: Path) -> None:
    """An instrument with more article pages than NAV_ARTICLES lists them on its page (Contents); the nav
    holds the instrument, marked as where the reader is on each of its articles, whose previous and next
    pages lead through them in order; the strict build does not warn of pages left out of the nav."""
    from lexcsto.site.plan import NAV_ARTICLES

    count = NAV_ARTICLES + 2
    config, corpus = sf.synthetic_project(tmp_path, 2, count)
    done = sf.strict_build(config, tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "site" / corpus.works[0].short
    article = (folder / "art_3.html").read_text(encoding="utf-8")
    nav = article.split('class="md-nav md-nav--primary"', 1)[1].split(
        'class="md-sidebar md-sidebar--secondary"'
    )[0]
    assert re.findall(r'href="(art_\d+\.html)"', nav) == []  # no article in the nav
    # The nav of the pages outside it is rendered once (lexcsto.site.theme): what Material renders for
    # the instrument's own page, but for the mark of the page the reader is on.
    own = (folder / "index.html").read_text(encoding="utf-8")
    own_nav = own.split('class="md-nav md-nav--primary"', 1)[1].split(
        'class="md-sidebar md-sidebar--secondary"'
    )[0]
    assert nav == own_nav.replace(" md-nav__link--active", " ")
    assert nav in (folder / f"art_{count}.html").read_text(encoding="utf-8")
    for page in (article, own):  # every sub-nav is named by a label on the page
        ids = set(re.findall(r'\sid="([^"]+)"', page))
        assert set(re.findall(r'aria-labelledby="([^"]+)"', page)) <= ids
    instrument = nav.split('href="index.html"', 1)[0].rsplit("<li ", 1)[1]
    assert "md-nav__item--active" in instrument  # its instrument, open
    assert '<link rel="prev" href="art_2.html">' in article
    assert '<link rel="next" href="art_4.html">' in article
    last = (folder / f"art_{count}.html").read_text(encoding="utf-8")
    assert f'<link rel="next" href="../{corpus.works[1].short}/index.html">' in last
    contents = (folder / "index.html").read_text(encoding="utf-8").split('id="contents"', 1)[1]
    assert [f"art_{n}.html" for n in range(1, count + 1)] == re.findall(r'href="(art_\d+\.html)"', contents)[
        :count
    ]
    index = json.loads(
        (tmp_path / "site" / "search" / "search_index.js")
        .read_text(encoding="utf-8")
        .removeprefix("var __index = ")
    )
    assert any(d["location"].startswith(f"{corpus.works[0].short}/art_3.html") for d in index["docs"])


def test_without_a_today_option_the_site_is_dated_by_source_date_epoch(tmp_path: Path) -> None:
    """The day the site calls "today" defaults to the build's date, which SOURCE_DATE_EPOCH fixes for a
    reproducible build: 2011-06-01 is before the fixture's amendment took effect, so the 1992 text is the
    one in force (with the option, 2026-01-01, it is the 2012 one)."""
    config = sf.write_project(tmp_path)
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    config.write_text("".join(line for line in lines if "today:" not in line), encoding="utf-8")
    assert "today:" not in config.read_text(encoding="utf-8")
    env = {**sf.build_env(), "SOURCE_DATE_EPOCH": "1306886400"}  # 2011-06-01T00:00:00Z
    mkdocs = Path(sf.sys.executable).parent / "mkdocs"
    done = subprocess.run(
        [str(mkdocs), "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "tst" / "art_2.html").read_text(encoding="utf-8")
    assert "In force today · 1992 · English, Synthetic source A" in page
