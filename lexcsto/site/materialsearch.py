"""What Material's search plugin indexes of a generated page, made where the page is rendered.

Material's search plugin reads each page's HTML with ``html.parser`` in ``on_page_context``, in the build's
own process, while the second process that renders the pages (:mod:`lexcsto.site.stream`) has time to
spare: that parse was 2 ms an article page, 2 s of a 1,000-article build. For a page rendered from an HTML
template, :func:`with_sections` runs Material's own parser over the page's search view in the second
process; the plugin tells Material's plugin to leave the page out (its ``search.exclude``) and adds
:func:`entries` to the index Material wrote, in the order of the pages, as
``SearchIndex.create_entry_for_section`` makes them. ``tests/test_site_build.py`` holds the two equal.
Where Material would split Chinese words (with ``jieba`` installed), pages are left to Material's plugin.

The view is a few kinds of tag (headings with their permalinks, paragraphs), so :func:`feed_view` reads its
tags with one pattern and hands them to the parser's own ``handle_*`` methods, as ``html.parser`` would
(lower-case names, attribute values and text with their character references resolved); the tokenising was
two thirds of the parse. A view holding anything else (a comment, an attribute without a value, a ``<``
that begins no such tag) is fed to ``html.parser`` whole.

This module knows Material's search; :mod:`lexcsto.site.pages` knows no theme.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from html import unescape
from typing import Any

from lexcsto.site.pages import Page

Section = tuple[str | None, str | None, str]  # (anchor, title or None for the page's title, text)


def _parser() -> Any:
    from material.plugins.search import plugin

    return None if plugin.jieba is not None else plugin.Parser


# A start or end tag whose every attribute has a quoted value without "<" or ">", and the text up to the next.
_TAG = re.compile(r'<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*="[^"<>]*")*)\s*>([^<]*)')
_ATTRIBUTE = re.compile(r'([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)"')


def feed_view(parser: Any, view: str) -> bool:
    """Hand the tags and text of ``view`` to ``parser``'s handlers as ``html.parser`` would; False, and nothing
    handed, where ``view`` holds what :data:`_TAG` does not read.

    >>> from html.parser import HTMLParser
    >>> class Calls(HTMLParser):
    ...     def __init__(self): super().__init__(); self.calls = []
    ...     def handle_starttag(self, tag, attrs): self.calls.append(("start", tag, attrs))
    ...     def handle_endtag(self, tag): self.calls.append(("end", tag))
    ...     def handle_data(self, data): self.calls.append(("data", data))
    >>> view = 'x<H2 id="a&amp;b">T&para;</h2>\\n<p>1 &lt; 2</p>'
    >>> fed, parsed = Calls(), Calls()
    >>> feed_view(fed, view), parsed.feed(view), parsed.close()
    (True, None, None)
    >>> fed.calls == parsed.calls
    True
    >>> feed_view(Calls(), '<p>a<!-- b --></p>')
    False
    """
    first = view.find("<")
    text = view if first < 0 else view[:first]
    tags = []
    at = len(view) if first < 0 else first
    while at < len(view):
        m = _TAG.match(view, at)
        if m is None:
            return False
        tags.append(m)
        at = m.end()
    if text:
        parser.handle_data(unescape(text))
    for m in tags:
        name = m[2].lower()
        if m[1]:
            parser.handle_endtag(name)
        else:
            attrs = [(key.lower(), unescape(value)) for key, value in _ATTRIBUTE.findall(m[3])]
            parser.handle_starttag(name, attrs)
        if m[4]:
            parser.handle_data(unescape(m[4]))
    return True


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
    if not feed_view(parser, search_html):
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


__all__ = ["Section", "entries", "feed_view", "sections", "with_sections"]
