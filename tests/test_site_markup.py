"""Escaping and HTML fragments of the site: no corpus or annotation text can become markup."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexcsto.site.markup import Span, annotation_html, marked, md, nav_title
from lexcsto.site.timeline import Mark, Row, timeline_svg
from lexcsto.site.urls import relative_url, url_of

# The Markdown extensions of mkdocs.yml that could read text as syntax.
EXTENSIONS = [
    "abbr",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.blocks.tab",
    "pymdownx.superfences",
    "pymdownx.inlinehilite",
    "pymdownx.details",
]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.nested = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.nested = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(fragment: str) -> _Collect:
    p = _Collect()
    p.feed(fragment)
    p.close()
    return p


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words, here; there", "plain words, here; there"),
        ("*em* _em_ **strong**", "&#42;em&#42; &#95;em&#95; &#42;&#42;strong&#42;&#42;"),
        ("[link](http://x)", "&#91;link&#93;&#40;http&#58;&#47;&#47;x&#41;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert&#40;1&#41;&lt;&#47;script&gt;"),
        ("# not a heading", "&#35; not a heading"),
        ("1. not a list", "1&#46; not a list"),
        ("a | b", "a &#124; b"),
        ("line\nbreak", "line break"),
    ],
)
def test_md_escapes_every_construct(text: str, expected: str) -> None:
    assert md(text) == expected


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), min_size=1))
def test_md_text_renders_as_itself(text: str) -> None:
    """Whatever the text, Markdown renders the escaped form as one paragraph of exactly that text."""
    folded = " ".join(text.split())
    if not folded:
        return
    out = markdown.markdown(md(text), extensions=EXTENSIONS)
    parsed = _parse(out)
    assert parsed.tags == ["p"]
    assert "".join(parsed.text) == folded


@pytest.mark.parametrize(
    ("body", "present", "absent"),
    [
        ("A <script>alert(1)</script> note", "&lt;script&gt;", "<script"),
        ('<img src="http://x/p.png" onerror="alert(1)">', "&lt;img", "<img"),
        ("![pixel](http://example.invalid/p.png)", "[image: pixel]", "<img"),
        ("[bad](javascript:alert(1))", "<a>bad</a>", "javascript:"),
        ("[ok](https://example.org/a)", '<a href="https://example.org/a">ok</a>', "<script"),
        ("**bold** and `<code>`", "<strong>bold</strong>", "<code><code>"),
        ('<div onclick="x()">block</div>', "&lt;div", "<div"),
    ],
)
def test_annotation_bodies_cannot_run_or_fetch(body: str, present: str, absent: str) -> None:
    out = annotation_html(body)
    assert present in out
    assert absent not in out


XSS_LINKS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_links.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v or "" for k, v in attrs if k in ("href", "src", "action", "formaction")]


@pytest.mark.parametrize("target", XSS_LINKS)
@pytest.mark.parametrize("style", ["inline", "reference", "autolink"])
def test_encoded_link_schemes_never_reach_the_page(target: str, style: str) -> None:
    body = {
        "inline": f"[x]({target})",
        "reference": f"[x][r]\n\n[r]: {target}",
        "autolink": f"<{target}>",
    }[style]
    parser = _Hrefs()
    parser.feed(annotation_html(body))
    parser.close()
    # The parser decodes references as a browser does; what is left must be a plain or relative URL.
    for href in parser.hrefs:
        cleaned = "".join(c for c in href if c not in "\t\n\r").strip("".join(map(chr, range(0x21))))
        assert urlsplit(cleaned).scheme.lower() in ("", "http", "https", "mailto"), (body, href)


@settings(derandomize=True, max_examples=200)
@given(
    st.text(min_size=1, max_size=40),
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["a", "mark", "abbr"])), max_size=6
    ),
)
def test_marked_keeps_the_text_and_nests(text: str, raw: list[tuple[int, int, str]]) -> None:
    spans = [Span(min(a, b), max(a, b), tag) for a, b, tag in raw]
    out = marked(text, spans)
    parsed = _parse(out)
    assert parsed.nested
    assert html.unescape("".join(parsed.text)) == text


def test_marked_splits_crossing_spans() -> None:
    assert marked("abcd", [Span(0, 3, "a"), Span(2, 4, "mark")]) == "<a>ab<mark>c</mark></a><mark>d</mark>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Article 3 – <script>", "Article 3 – ‹script›"),
        ('A & "B"', "A &amp; &quot;B&quot;"),
        ("a\n b", "a b"),
    ],
)
def test_nav_titles(text: str, expected: str) -> None:
    assert nav_title(text) == expected


@pytest.mark.parametrize(
    ("src", "dst", "directory_urls", "expected"),
    [
        ("cst/art_4.md", "cst/art_5.md", True, "../art_5/"),
        ("cst/art_4.md", "cst/index.md", True, "../"),
        ("cst/art_4.md", "index.md", True, "../../"),
        ("index.md", "cst/art_4.md", True, "cst/art_4/"),
        ("cst/art_4.md", "terms/aggression.md", False, "../terms/aggression.html"),
        ("cst/index.md", "cst/art_4.md", False, "art_4.html"),
        ("registry.md", "registry.md", True, "./"),
    ],
)
def test_relative_urls(src: str, dst: str, directory_urls: bool, expected: str) -> None:
    assert relative_url(src, dst, directory_urls=directory_urls) == expected


def test_stable_url_of_an_article() -> None:
    assert url_of("cst/art_4.md", directory_urls=True) == "cst/art_4/"


def test_timeline_is_well_formed_svg_with_escaped_labels() -> None:
    rows = [
        Row(
            "Treaty <b>&</b>",
            "t/",
            (Mark(date(1992, 5, 15), "signature", "s"), Mark(date(1994, 4, 20), "entry_into_force", "f")),
        ),
        Row(
            "Protocol",
            "p/",
            (Mark(date(2010, 12, 10), "signature", "s"), Mark(date(2012, 12, 19), "amendment", "a")),
        ),
        Row("Undated", "u/", ()),
    ]
    svg = timeline_svg(rows, today=date(2026, 1, 1))
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    labels = [t for t in root.iter(f"{ns}text") if t.get("class") == "lx-tl-label"]
    assert len(labels) == 2
    assert "Treaty <b>&</b>" in "".join(labels[0].itertext())
    assert len(list(root.iter(f"{ns}polygon"))) == 1
    assert "<script" not in svg
