"""What Material's search plugin indexes of a generated page, made where the page is rendered.

Material's search plugin reads each page's HTML with ``html.parser`` in ``on_page_context``, in the build's
own process, while the second process that renders the pages (:mod:`lexcsto.site.stream`) has time to
spare: that parse was 2 ms an article page, 2 s of a 1,000-article build. For a page rendered from an HTML
template, :func:`with_sections` runs Material's own parser over the page's search view in the second
process; the plugin tells Material's plugin to leave the page out (its ``search.exclude``) and adds
:func:`entries` to the index Material wrote, in the order of the pages, as
``SearchIndex.create_entry_for_section`` makes them. ``tests/test_site_build.py`` holds the two equal.
Where Material would split Chinese words (with ``jieba`` installed), pages are left to Material's plugin.

This module knows Material's search; :mod:`lexcsto.site.pages` knows no theme.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from lexcsto.site.pages import Page

Section = tuple[str | None, str | None, str]  # (anchor, title or None for the page's title, text)


def _parser() -> Any:
    from material.plugins.search import plugin

    return None if plugin.jieba is not None else plugin.Parser


def sections(search_html: str) -> tuple[Section, ...] | None:
    """The sections Material's parser finds in ``search_html``; None where Material must parse it itself.
    The first has no anchor: its entry is the page itself.

    >>> sections('<h1 id="t">Title</h1><p>Words</p><h2 id="s">Part</h2><p>More <code>x</code></p>')
    ((None, 'Title', '<p>Words</p>'), ('s', 'Part', '<p>More <code>x</code></p>'))
    """
    parser_class = _parser()
    if parser_class is None:
        return None
    parser = parser_class()
    parser.feed(search_html)
    parser.close()
    found: list[Section] = []
    for section in parser.data:
        if section.is_excluded():
            continue
        title = "".join(section.title).strip() if section.title else None
        found.append((section.id, title, "".join(section.text).strip()))
    return tuple(found)


def with_sections(page: Page) -> Page:
    """``page`` with its search sections (a page rendered from an HTML template), and no search view
    left to send to the build's process."""
    if not page.html:
        return page
    found = sections(page.search_html)
    return page if found is None else replace(page, search_html="", search_sections=found)


def entries(
    found: tuple[Section, ...], url: str, title: str, meta: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The index entries of a page at ``url``, as Material's ``create_entry_for_section`` makes them.

    >>> entries((("t", None, "<p>a</p>"),), "x/a.html", "A", {"search": {"boost": 3}})
    [{'location': 'x/a.html#t', 'title': 'A', 'text': '<p>a</p>', 'boost': 3}]
    """
    search = meta.get("search") or {}
    tags = meta.get("tags")
    made = []
    for anchor, section_title, text in found:
        entry: dict[str, Any] = {
            "location": url + "#" + anchor if anchor else url,
            "title": section_title if section_title is not None else str(meta.get("title", title)).strip(),
            "text": text,
        }
        if isinstance(tags, list):
            entry["tags"] = [str(t) for t in tags if t and isinstance(t, (str, int, float, bool))]
        if "boost" in search:
            entry["boost"] = search["boost"]
        made.append(entry)
    return made


__all__ = ["Section", "entries", "sections", "with_sections"]
