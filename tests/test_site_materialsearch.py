"""The search entries made beside the build are those Material's search plugin makes of the same page."""

from __future__ import annotations

from datetime import date
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
