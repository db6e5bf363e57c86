"""The search view of a page has the sections and the words that Material's own parser finds in the page."""

from __future__ import annotations

import html
import re
from datetime import date

import markdown
import pytest
import site_fixture as sf
from material.plugins.search.plugin import Parser

import lexcsto
from lexcsto.annotations.anchoring import anchor
from lexcsto.annotations.store import read_annotations
from lexcsto.site.context import SiteContext
from lexcsto.site.plan import SitePlan, plan_site
from lexcsto.site.searchview import _without_excluded, search_view


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> SitePlan:
    texts, notes = sf.write(tmp_path_factory.mktemp("searchview-corpus"))
    corpus = lexcsto.load(texts)
    results = anchor(corpus, read_annotations(notes, corpus))
    return plan_site(SiteContext.build(corpus, results, today=date.fromisoformat(sf.TODAY)))


def _sections(content: str) -> dict[str | None, list[str]]:
    """Section id -> the words Material's search parser indexes under it (title and text)."""
    parser = Parser()
    parser.feed(content)
    parser.close()
    out: dict[str | None, list[str]] = {}
    for section in parser.data:
        text = html.unescape(re.sub(r"<[^>]+>", " ", "".join(section.title) + " " + "".join(section.text)))
        out[section.id] = text.split()
    return out


def _content(page_markdown: str) -> str:
    return markdown.markdown(page_markdown, extensions=["toc", "md_in_html"])


@pytest.mark.parametrize("path", ["tst/art_2.md", "tst/art_3.md", "ext-charter/art_9.md"])
def test_the_view_indexes_the_same_words_under_the_same_sections(plan: SitePlan, path: str) -> None:
    page = next(p for p in plan.pages if p.path == path)
    full = page.splice(_content(page.markdown))
    # Material skips an element marked data-search-exclude only until the first element of the same tag
    # inside it closes (its parser's skip set holds tag names), so it is given the page without them.
    whole, view = _sections(_without_excluded(full)), _sections(search_view(full))
    # The view has the page's sections, and more: a section of its own for each text (tab) and the notes.
    assert [s for s in view if s in whole] == list(whole)
    # The same words, in the same order, but for the headings the view adds (the tab names, "Notes").
    # Inline markup may split a word in two for the parser ("aggres<mark>sion</mark>"), never for the view.
    titles = {
        ident: len(html.unescape(title).split())
        for tag in re.findall(r"<[a-z]+\b[^>]*data-search-section=[^>]*>", full)
        for ident, title in re.findall(r'id="([^"]*)"[^>]*data-search-section="([^"]*)"', tag)
    }
    got = "".join(w for s in view for w in view[s][titles.get(s, 0) if s not in whole else 0 :])
    assert got == "".join(w for s in whole for w in whole[s])


def test_escaped_text_stays_escaped_in_the_view() -> None:
    view = search_view('<h2 id="x">X</h2><p>&lt;script&gt;alert(1)&lt;/script&gt; <b>bold</b></p>')
    assert "<script" not in view
    assert "&lt;script&gt;alert(1)&lt;/script&gt; bold" in view


def test_boilerplate_marked_for_exclusion_is_not_indexed(plan: SitePlan) -> None:
    page = next(p for p in plan.pages if p.path == "tst/art_2.md")
    view = search_view(page.splice(_content(page.markdown)))
    assert "Each tab is one text" not in view
    assert "How to read the marks" not in view
    assert "synthetic consultations" in view
