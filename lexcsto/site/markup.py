"""Safe HTML and Markdown fragments: every string from the corpus or the annotations goes through here.

Corpus and annotation text is data, never markup. Three contexts, three functions:

- :func:`h` for raw HTML (element content and attribute values);
- :func:`md` for Markdown (headings, table cells, list items): HTML-escaped, and every ASCII punctuation
  mark that Markdown or one of its extensions could read as syntax becomes a numeric character reference;
- :func:`annotation_html` for the Markdown bodies of annotations: rendered with raw HTML switched off,
  images dropped (an image is a request leaving the site) and links limited to safe schemes. The scheme is
  judged on the URL as the browser will read it (character references decoded, tabs and newlines removed),
  and the result goes through ``nh3`` (the Ammonia sanitiser) with an allow-list of elements, attributes
  and schemes, so that a gap in our own check cannot reach a reader.

>>> h('<script>alert("x")</script>')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
>>> md("*not* [a](link) <b>")
'&#42;not&#42; &#91;a&#93;&#40;link&#41; &lt;b&gt;'
>>> annotation_html("A <script>alert(1)</script> **note**")
'<p>A &lt;script&gt;alert(1)&lt;/script&gt; <strong>note</strong></p>'
>>> marked("aggression is bad", [Span(0, 10, "mark", (("class", "lx-anchor"),))])
'<mark class="lx-anchor">aggression</mark> is bad'
>>> annotation_html("[x](javascript&#58;alert&#40;1&#41;)")
'<p><a>x</a></p>'
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# Markdown syntax characters (core + pymdownx + attr_list/abbr/footnotes/smartsymbols): all become
# character references so that no text from the corpus can open a construct.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|~^=:$%@?/\"'<>&]")
__all__ = ["Markup", "Span", "annotation_html", "h", "marked", "md", "nav_title", "safe_href"]

_SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})
# What a browser strips from a URL before reading its scheme (WHATWG URL: tab and newline anywhere,
# C0 controls and space at either end).
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(c) for c in range(0x21))
# What the Markdown renderer of annotation bodies can produce, and nothing else.
_NH3_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "span",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_NH3_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_NH3_CLASSES = {"span": {"lx-image-removed"}}


def safe_href(href: str) -> bool:
    """Whether a link target, read as the browser reads the attribute, has an allowed scheme.

    >>> safe_href("https://example.org/x"), safe_href("../cst/art_4/"), safe_href("#note")
    (True, True, True)
    >>> safe_href("javascript&colon;alert(1)"), safe_href("&#106;avascript:x"), safe_href("jav&#x0A;ascript:x")
    (False, False, False)
    """
    decoded = _URL_IGNORED.sub("", html.unescape(href)).strip(_URL_EDGES)
    try:
        scheme = urlsplit(decoded).scheme.lower()
    except ValueError:  # an unparsable URL (bad IPv6 brackets) is not a link we vouch for
        return False
    return scheme in _SAFE_SCHEMES


def h(text: str) -> str:
    """Escape text for HTML element content or a quoted attribute value."""
    return html.escape(text, quote=True)


def md(text: str) -> str:
    """Escape text for a single line of Markdown: no construct can start, no HTML can open."""
    flat = " ".join(text.split())
    return _MD_SPECIAL.sub(
        lambda m: f"&#{ord(m.group(0))};" if m.group(0) not in "<>&\"'" else h(m.group(0)), flat
    )


def nav_title(text: str) -> str:
    """A title for the navigation, which themes print as HTML (and ``striptags`` would unescape).

    Angle brackets become single guillemets there; the page itself shows the exact text.

    >>> nav_title("Art. 1 <script> & co")
    'Art. 1 ‹script› &amp; co'
    """
    return h(" ".join(text.split()).replace("<", "‹").replace(">", "›"))


@dataclass(frozen=True)
class Span:
    """A stretch of text to wrap in an element: ``tag`` with ``attrs`` from ``start`` to ``end``."""

    start: int
    end: int
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    rank: int = 0  # among spans with the same start and end, the lower rank is the outer element

    def open(self) -> str:
        attrs = "".join(f' {k}="{h(v)}"' for k, v in self.attrs)
        return f"<{self.tag}{attrs}>"

    def close(self) -> str:
        return f"</{self.tag}>"


def marked(text: str, spans: Sequence[Span]) -> str:
    """Text with spans wrapped in elements, escaped; crossing spans are split so the HTML nests.

    >>> marked("a b c", [Span(0, 3, "a", (("href", "#x"),)), Span(2, 5, "mark")])
    '<a href="#x">a <mark>b</mark></a><mark> c</mark>'
    """
    usable = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in usable), *(s.end for s in usable)})
    out: list[str] = []
    stack: list[Span] = []
    for a, b in pairwise(cuts):
        want = sorted(
            (s for s in usable if s.start <= a and s.end >= b), key=lambda s: (s.start, -s.end, s.rank)
        )
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] is want[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(stack.pop().close())
        for s in want[keep:]:
            out.append(s.open())
            stack.append(s)
        out.append(h(text[a:b]))
    while stack:
        out.append(stack.pop().close())
    return "".join(out)


class _Sanitise(Treeprocessor):
    """Drop images (keeping their alt text) and links with schemes other than http(s)/mailto."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    alt = child.get("alt", "")
                    index = list(parent).index(child)
                    replacement = ET.Element("span", {"class": "lx-image-removed"})
                    replacement.text = f"[image: {alt}]" if alt else "[image]"
                    replacement.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, replacement)
        for a in root.iter("a"):
            if "href" in a.attrib and not safe_href(a.attrib["href"]):
                del a.attrib["href"]
            for name in list(a.attrib):
                if name != "href" and name != "title":
                    del a.attrib[name]


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Sanitise(md), "lexcsto_sanitise", 0)


_ANNOTATION_MD = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")


def annotation_html(body: str) -> str:
    """Render an annotation's Markdown body to HTML that cannot run code or fetch anything."""
    _ANNOTATION_MD.reset()
    rendered: str = _ANNOTATION_MD.convert(body)
    clean: str = nh3.clean(
        rendered,
        tags=_NH3_TAGS,
        attributes=_NH3_ATTRIBUTES,
        allowed_classes=_NH3_CLASSES,
        url_schemes=_SAFE_SCHEMES - {""},
        link_rel=None,
        strip_comments=True,
    )
    return clean.strip()
