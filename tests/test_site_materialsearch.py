"""The search entries made beside the build are those Material's search plugin makes of the same page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
import site_fixture as sf
from markdown.extensions.toc import slugify
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

import lexcsto
from lexcsto.annotations.anchoring import anchor
from lexcsto.annotations.store import read_annotations
from lexcsto.site.context import SiteContext
from lexcsto.site.materialsearch import entries, with_sections
from lexcsto.site.pages import Page
from lexcsto.site.plan import plan_site


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    texts, notes = sf.write(tmp_path_factory.mktemp("materialsearch"))
    corpus = lexcsto.load(texts)
    ctx = SiteContext.build(corpus, anchor(corpus, read_annotations(notes, corpus)), today=date(2026, 1, 1))
    return [p for p in plan_site(ctx).pages if p.html]


def test_entries_are_materials_own(pages: list[Page]) -> None:
    assert len(pages) >= 3
    for page in pages:
        _, meta = get_data(page.markdown)
        url = page.path.removesuffix(".md") + ".html"
        toc = get_toc(cast(Any, page.toc_tokens(slugify(page.title, "-"))))
        material = SearchIndex()
        material.add_entry_from_context(
            SimpleNamespace(content=page.search_html, toc=toc, url=url, meta=meta, title=page.title)
        )
        made = with_sections(page)
        assert made.search_sections is not None
        assert made.search_html == ""  # not sent twice
        assert entries(made.search_sections, url, page.title, meta) == material.entries, page.path
        assert len(material.entries) > 1  # the page's own entry and at least one section


def test_a_page_of_markdown_is_left_to_material() -> None:
    page = Page("a.md", "A", "# A\n")
    assert with_sections(page) is page


@pytest.mark.parametrize(
    "html",
    [
        '<p>before</p><h2 id="a">A</h2><p>x</p>',  # a first section without a heading: the page's title
        '<h1 id="t">T</h1><div data-search-exclude><h3 id="b">B</h3>x</div><h2 id="c"></h2><p>y</p>',
        '<h2 id="a">A <code>c</code></h2><ul><li>one</li><li> </li></ul>',
    ],
)
def test_odd_pages_give_materials_entries(html: str) -> None:
    from lexcsto.site.materialsearch import sections

    material = SearchIndex()
    material.add_entry_from_context(
        SimpleNamespace(content=html, toc=[], url="p.html", meta={}, title=" Page ")
    )
    found = sections(html)
    assert found is not None
    assert entries(found, "p.html", " Page ", {}) == material.entries


def _parsed_by_html_parser(view: str) -> list[tuple[Any, ...]]:
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(view)
    parser.close()
    return [(s.id, s.title, s.text, s.is_excluded()) for s in parser.data]


def _fed_by_lexcsto(view: str) -> list[tuple[Any, ...]] | None:
    from material.plugins.search.plugin import Parser

    from lexcsto.site.materialsearch import feed_view

    parser = Parser()
    if not feed_view(parser, view):
        return None
    return [(s.id, s.title, s.text, s.is_excluded()) for s in parser.data]


def _views(corpus: Any, notes: Any) -> list[str]:
    ctx = SiteContext.build(corpus, notes, today=date(2026, 1, 1))
    return [p.search_html for p in plan_site(ctx).pages if p.html]


def test_the_views_tags_are_read_as_html_parser_reads_them(tmp_path: Path) -> None:
    """Every search view of the bundled site and of a synthetic one with large instruments: Material's parser
    holds the same sections, titles and text, part for part, fed by feed_view as by html.parser."""
    from benchmarks import synth
    from lexcsto.corpus.bundled import bundled_folder

    bundled = lexcsto.load()
    synthetic = lexcsto.load(
        synth.generate(tmp_path, synth.Spec(instruments=2, articles=25, versions=2, languages=("eng",))).texts
    )
    views = _views(bundled, anchor(bundled, read_annotations(bundled_folder("annotations"), bundled)))
    views += _views(synthetic, [])
    fed = 0
    for view in views:
        mine = _fed_by_lexcsto(view)
        if mine is not None:
            fed += 1
            assert mine == _parsed_by_html_parser(view), view[:200]
    assert fed == len(views) > 100  # no view fell back to html.parser


@pytest.mark.parametrize(
    "view",
    [
        '<h2 id="a">A&amp;B <code>x&lt;y</code></h2>\n<p>1 &nbsp; 2</p>',
        "<p>&nbsp;</p>\n<h3>no id</h3>\n<p>tail &#39;q&#39; &unknown; & more</p>",
        'before<h1 id="t">T<a class="headerlink" href="#t" title="Permanent link">&para;</a></h1>\n<p>w</p>',
        '<h2 id="b" class="k">B</h2><p>y > z</p><p data-x="1"> </p>',
    ],
)
def test_odd_views_are_read_as_html_parser_reads_them(view: str) -> None:
    assert _fed_by_lexcsto(view) == _parsed_by_html_parser(view)


@pytest.mark.parametrize(
    "view", ["<p>a<!-- b --></p>", "<p>a < b</p>", "<div data-search-exclude><p>x</p></div><p>y</p>"]
)
def test_a_view_the_pattern_cannot_read_goes_to_html_parser(view: str) -> None:
    from lexcsto.site.materialsearch import sections

    assert _fed_by_lexcsto(view) is None
    found = sections(view)
    assert found is not None
    material = SearchIndex()
    material.add_entry_from_context(SimpleNamespace(content=view, toc=[], url="p.html", meta={}, title="P"))
    assert entries(found, "p.html", "P", {}) == material.entries
