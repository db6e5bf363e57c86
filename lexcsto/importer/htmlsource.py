"""HTML as published on official sites (``p``, ``b``, ``h1``-``h6``, ``br``) to lines of text with real line
numbers, so that the same recogniser reads HTML and plain text.

Each block element (``p``, ``div``, ``h*``, ``li``, ``td``, ...) starts a new block; ``<br>`` starts a new
line that may still continue the sentence before it; newlines inside an element are only wrapping. A line
set in a heading element or entirely in bold is marked ``emph``. Footnote markers set as ``<sup>`` digits
are dropped (a named cleaning step, ``footnote-markers``). Scripts, styles and the document head are
ignored. The parser is lxml's HTML parser with network access off; nothing is fetched.

>>> src = SourceText("a.html", "html", "utf-8", ("<p><b>Article 1</b><br>Purposes</p>", "<p>Text.</p>"), 1)
>>> [(l.no, l.text, l.brk, l.emph) for l in html_lines(src, frozenset())[0]]
[(1, 'Article 1', 2, True), (1, 'Purposes', 1, False), (2, 'Text.', 2, False)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from lexcsto.errors import TextImportError
from lexcsto.importer.detect import CONT, HARD, SOFT, Line, SourceText
from lexcsto.importer.tree import Fix

BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "center",
        "address",
        "hr",
        "body",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
BOLD = frozenset(["b", "strong"])
SKIP = frozenset(["script", "style", "head", "title", "noscript", "template", "iframe", "object"])
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DIGITS = re.compile(r"^\s*\d{1,3}\s*$")


@dataclass
class _Piece:
    text: str
    line: int
    emph: bool


@dataclass
class _Walker:
    offset: int
    drop_sup: bool
    lines: list[Line] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    pieces: list[_Piece] = field(default_factory=list)
    brk: int = HARD
    line: int = 1

    def flush(self, next_brk: int) -> None:
        """End the current line(s); the next line starts with ``next_brk``."""
        if any(p.text.strip() for p in self.pieces):
            # One output line per input line, so that every block keeps its real line range.
            by_line: dict[int, list[_Piece]] = {}
            for piece in self.pieces:
                for k, part in enumerate(piece.text.split("\n")):
                    by_line.setdefault(piece.line + k, []).append(_Piece(part, piece.line + k, piece.emph))
            first = True
            emph_all = all(p.emph for p in self.pieces if p.text.strip())
            for no in sorted(by_line):
                text = " ".join("".join(p.text for p in by_line[no]).split())
                if not text:
                    continue
                self.lines.append(
                    Line(no + self.offset, text, brk=self.brk if first else CONT, emph=emph_all)
                )
                first = False
            self.brk = next_brk
        else:
            self.brk = max(self.brk, next_brk)
        self.pieces = []

    def text(self, value: str | None, emph: bool) -> None:
        if value:
            self.pieces.append(_Piece(value, self.line, emph))
            self.line += value.count("\n")

    def walk(self, el: etree._Element, emph: bool) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in SKIP or not tag:
            self.text_tail(el, emph)
            return
        self.line = el.sourceline or self.line  # type: ignore[assignment]  # lxml-stubs: int | None
        if tag == "br":
            self.flush(SOFT)
            self.text_tail(el, emph)
            return
        if (
            tag == "sup"
            and self.drop_sup
            and _DIGITS.match("".join(str(t) for t in el.itertext()))
            and len(el) == 0
        ):
            self.fixes.append(
                Fix(
                    "footnote-markers",
                    self.line + self.offset,
                    (el.text or "").strip(),
                    "",
                    "footnote marker set as superscript",
                )
            )
            self.text_tail(el, emph)
            return
        block = tag in BLOCKS
        inner = emph or tag in HEADINGS or tag in BOLD
        if block:
            self.flush(HARD)
        self.text(el.text, inner)
        for child in el:
            self.walk(child, inner)
        if block:
            self.flush(HARD)
        self.text_tail(el, emph)

    def text_tail(self, el: etree._Element, emph: bool) -> None:
        self.text(el.tail, emph)


def html_lines(source: SourceText, disabled: frozenset[str]) -> tuple[list[Line], list[Fix]]:
    """The text lines of an HTML source, with the fixes made while reading it."""
    text = "\n".join(source.lines)
    text = _XML_DECL.sub("", text, count=1)  # lxml refuses an encoding declaration in a str
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise TextImportError(
            source.path, source.first, f"cannot parse HTML: {err}", expected="HTML"
        ) from None
    walker = _Walker(offset=source.first - 1, drop_sup="footnote-markers" not in disabled)
    body = root.find("body")
    walker.walk(body if body is not None else root, False)
    walker.flush(HARD)
    return walker.lines, walker.fixes
