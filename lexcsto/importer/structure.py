"""Recognising the structure of a treaty in cleaned lines of text: title, preamble, parts, chapters,
sections, articles, paragraphs, numbered and lettered items, final clauses and signatures.

One pass over the lines with a stack of open units, the way a reader goes through a printed treaty:

- A heading keyword ("Article 4", "CHAPTER II", "Глава I", "Art. 3.") starts a unit only at the start of a
  block (after a blank line, a line that ends a sentence, or another heading) and only when the words after
  the number are not prose ("Article 12 of the Charter" is a citation, not a heading).
- An item number ("4.1.", "5.1.2.", "a)", "б)", "1)") starts a unit at the start of a block, or anywhere
  when it is the number the reader expects next (5.2. after 5.1., the first 5.1.1. under 5.1.), because
  a PDF line may end without punctuation.
- Decimal numbers nest by depth; lettered and parenthesised items nest by style: a new style of marker is
  a new level, a style already open closes the levels inside it.
- Inside an article, "1." is a paragraph. Outside any article, "4." is an article: that is how the
  Provisions of the CIS and CSTO bodies are numbered ("articles 4, 5 of the Provisions on the CSC" cite the
  items "4." and "5."); its sub-items are points.
- An unnumbered short line that is followed by a heading or a first-level number is a section heading
  ("Collective Security Council"), unless it is the only one and opens the text (then it is the title).
- Text before the first unit is the title (its leading heading-like blocks) and the preamble (the rest;
  the block with "have agreed as follows:" is the enacting formula). A closing formula ("Done at",
  "Совершено в") starts the final clauses; lines beginning "For the ..." / "За ..." there are signatures.
- Two or more unnumbered blocks directly in an article become numbered-by-order paragraphs.

>>> from lexcsto.importer.detect import Line
>>> lines = [Line(1, "Article 1"), Line(2, "Purposes"), Line(3, "The Parties shall:"),
...          Line(4, "a) consult;"), Line(5, "b) act.")]
>>> doc = recognise(lines, "eng", "t.txt")
>>> art = doc.body[0]
>>> (art.num, art.heading.text, art.text[0].text, [c.num for c in art.children])
('Article 1', 'Purposes', 'The Parties shall:', ['a)', 'b)'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lexcsto.errors import TextImportError
from lexcsto.importer.detect import CONT, HARD, SOFT, Line
from lexcsto.importer.instructions import find_quotes
from lexcsto.importer.patterns import KEYWORD_KINDS, Patterns, Token, ends_sentence, patterns_for
from lexcsto.importer.tree import Block, Document, Unit

# Rank of the keyword kinds: a unit closes every open unit of the same or a lower rank.
RANK = {"part": 1, "chapter": 2, "section": 3, "article": 4}
_ROMAN_NEXT = {
    "i": "ii",
    "ii": "iii",
    "iii": "iv",
    "iv": "v",
    "v": "vi",
    "vi": "vii",
    "vii": "viii",
    "viii": "ix",
    "ix": "x",
}


@dataclass
class _Acc:
    """A block of text being collected: pieces of lines, joined with a space unless glued."""

    kind: str = "p"
    parts: list[tuple[str, int, bool]] = field(default_factory=list)

    def add(self, text: str, no: int, glue: bool) -> None:
        self.parts.append((text, no, glue))

    def block(self) -> Block | None:
        pieces: list[str] = []
        for i, (text, _, _) in enumerate(self.parts):
            if i > 0 and not self.parts[i - 1][2]:
                pieces.append(" ")  # lines join with a space, unless the first was glued to the next
            pieces.append(text.strip())
        text = " ".join("".join(pieces).split())
        if not text:
            return None
        return Block(text, self.parts[0][1], self.parts[-1][1], self.kind)


@dataclass
class _Node:
    """A unit being built."""

    kind: str
    num: str = ""
    ident: str = ""
    style: str = ""
    line: int = 0
    heading: _Acc | None = None
    text: list[_Acc] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    keyword: bool = False  # numbered with a keyword ("Article 4"), not only "4."

    def freeze(self) -> Unit:
        heading = self.heading.block() if self.heading else None
        blocks = tuple(b for b in (a.block() for a in self.text) if b is not None)
        children = tuple(c.freeze() for c in self.children)
        if self.kind == "article" and len(blocks) >= 2:
            # Unnumbered paragraphs are numbered by order; items belong to the last one.
            paras = [Unit("paragraph", text=(b,), line=b.first) for b in blocks[:-1]]
            last = blocks[-1]
            paras.append(Unit("paragraph", text=(last,), children=children, line=last.first))
            return Unit(self.kind, self.num, heading, (), tuple(paras), self.line)
        return Unit(self.kind, self.num, heading, blocks, children, self.line)


class _Recogniser:
    def __init__(self, lines: list[Line], pats: Patterns, path: str, quotes: bool = False) -> None:
        self.lines = lines
        self.amending = quotes
        self.inside = _inside_quotations(lines) if quotes else [False] * len(lines)
        self.pats = pats
        self.path = path
        self.tokens = [pats.classify(line.text) for line in lines]
        hard = sum(1 for line in lines if line.brk == HARD)
        # Paragraphs separated by blank lines: then a plain line break inside a paragraph is only wrapping.
        self.paragraph_mode = hard >= max(3, len(lines) // 5)
        self.front: list[_Acc] = []
        self.back: list[_Acc] = []
        self.root = _Node("root")
        self.stack: list[_Node] = [self.root]
        self.current: _Acc | None = None
        self.awaiting_heading: _Node | None = None
        self.phase = "front"
        self.warnings: list[str] = []
        self.starts = self._starts()
        self.sections = self._section_headings()

    # ----------------------------------------------------------------------------------- context

    def block_start(self, i: int) -> bool:
        return self.starts[i]

    def _starts(self) -> list[bool]:
        """Does each line start a block? After a blank line, a sentence end, a bare heading keyword, or a
        heading-like line that itself starts a block (a title or heading line, not wrapped prose)."""
        starts: list[bool] = []
        for i, line in enumerate(self.lines):
            if i == 0 or line.brk == HARD or line.emph:
                starts.append(True)
                continue
            prev = self.lines[i - 1]
            starts.append(
                not prev.glue
                and (
                    (self.tokens[i - 1].kind in KEYWORD_KINDS and not self.tokens[i - 1].rest)
                    or ends_sentence(prev.text)
                    or prev.emph
                    or (starts[i - 1] and self.pats.heading_like(prev.text))
                )
            )
        return starts

    def _section_headings(self) -> set[int]:
        """Unnumbered headings: short lines at a block start followed by a heading or a first-level number."""
        found: list[int] = []
        first_unit = next(
            (i for i, t in enumerate(self.tokens) if t.kind in KEYWORD_KINDS or t.kind == "item"),
            len(self.tokens),
        )
        for i, tok in enumerate(self.tokens[:-1]):
            if (
                tok.kind != "text"
                or self.inside[i]
                or self.inside[i + 1]
                or not self.block_start(i)
                or not self.pats.heading_like(self.lines[i].text)
            ):
                continue
            if i > 0 and self.tokens[i - 1].kind in KEYWORD_KINDS and not self.tokens[i - 1].rest:
                continue  # the heading of "Article 1" / "CHAPTER I" on the next line
            nxt = self.tokens[i + 1]
            if nxt.kind in KEYWORD_KINDS or (nxt.kind == "item" and nxt.style == "dec1"):
                found.append(i)
        if len(found) == 1 and found[0] < first_unit:
            return set()  # a single heading before any unit is the title
        return set(found)

    def expected(self, tok: Token) -> bool:
        """Is ``tok`` the number a reader expects next, given the open units?"""
        if tok.style.startswith("dec"):
            parts = tok.ident.split(".")
            for node in reversed(self.stack):
                if not node.style.startswith("dec"):
                    continue
                have = node.ident.split(".")
                if parts == [*have, "1"]:
                    return True  # first child
                if len(parts) <= len(have) and parts[:-1] == have[: len(parts) - 1]:
                    prev = have[len(parts) - 1]
                    if prev.isdigit() and parts[-1].isdigit() and int(parts[-1]) == int(prev) + 1:
                        return True  # next sibling of this or an enclosing level
            # "Article 1. Definitions" then "1. For the purposes ...": the heading on the article's own line
            # does not end a sentence, yet the first paragraph of a just-opened article is expected.
            top = self.stack[-1]
            return parts == ["1"] and top.keyword and not top.children and not top.text
        for node in reversed(self.stack):
            if node.style == tok.style and node.ident:
                return _successor(node.ident) == tok.ident
        return tok.ident in ("a", "а", "1", "i", "A")

    # ----------------------------------------------------------------------------------- building

    def close_to(self, depth: int) -> None:
        del self.stack[depth:]
        self.current = None
        self.awaiting_heading = None

    def open(self, node: _Node, parent_depth: int) -> None:
        self.close_to(parent_depth + 1)
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def add_text(self, text: str, line: Line, new_block: bool) -> None:
        if not text.strip():
            return
        if self.current is None or new_block:
            self.current = _Acc()
            if self.phase == "front":
                self.front.append(self.current)
            elif self.phase == "back":
                self.back.append(self.current)
            else:
                self.stack[-1].text.append(self.current)
        self.current.add(text, line.no, line.glue)

    def keyword_unit(self, tok: Token, line: Line) -> None:
        rank = RANK[tok.kind]
        depth = 1
        for k, node in enumerate(self.stack[1:], start=1):
            if node.kind in RANK and RANK[node.kind] < rank:
                depth = k + 1
            else:
                break
        node = _Node(tok.kind, tok.num, tok.ident, tok.kind, line.no, keyword=True)
        self.open(node, depth - 1)
        self.unit_rest(node, tok.rest, line)

    def unit_rest(self, node: _Node, rest: str, line: Line) -> None:
        if not rest:
            self.awaiting_heading = node if node.keyword else None
            return
        if node.keyword and self.pats.heading_like(rest):
            node.heading = _Acc()
            node.heading.add(rest, line.no, line.glue)
            self.current = None
            self.awaiting_heading = None
            return
        self.add_text(rest, line, new_block=True)

    def item_unit(self, tok: Token, line: Line) -> None:
        parent = self.item_parent(tok)
        if tok.style == "dec1":
            host = self.stack[parent]
            # An amending instrument without articles numbers paragraphs ("1. To amend the Treaty ...").
            in_article = host.kind == "article" and host.keyword
            kind = "paragraph" if in_article or (self.amending and host.kind == "root") else "article"
        else:
            kind = "point"
        node = _Node(kind, tok.num, tok.ident, tok.style, line.no)
        self.open(node, parent)
        self.unit_rest(node, tok.rest, line)

    def item_parent(self, tok: Token) -> int:
        """The depth in the stack of the unit a new item goes into."""
        if tok.style.startswith("dec"):
            parts = tok.ident.split(".")
            if len(parts) == 1:
                # "4." is a paragraph of the enclosing "Article N", or else an article of the enclosing
                # part, chapter or section (closing the previous first-level item either way).
                for k in range(len(self.stack) - 1, 0, -1):
                    node = self.stack[k]
                    if (node.kind == "article" and node.keyword) or node.kind in (
                        "part",
                        "chapter",
                        "section",
                    ):
                        return k
                return 0
            for k in range(len(self.stack) - 1, 0, -1):
                node = self.stack[k]
                if node.style.startswith("dec") and node.ident.split(".") == parts[:-1]:
                    return k
            for k in range(len(self.stack) - 1, 0, -1):
                node = self.stack[k]
                if node.style == tok.style:
                    return k - 1
            return len(self.stack) - 1
        for k in range(len(self.stack) - 1, 0, -1):
            if self.stack[k].style == tok.style:
                return k - 1
        return len(self.stack) - 1

    def roman_or_latin(self, ident: str) -> str:
        for node in reversed(self.stack):
            if node.style == "latin" and _successor(node.ident) == ident:
                return "latin"
            if node.style == "roman":
                return "roman"
        return "roman" if ident == "i" and not any(n.style == "latin" for n in self.stack) else "latin"

    def section(self, line: Line) -> None:
        depth = 1
        for k, node in enumerate(self.stack[1:], start=1):
            if node.kind in RANK and RANK[node.kind] < RANK["section"]:
                depth = k + 1
            else:
                break
        node = _Node("section", line=line.no)
        node.heading = _Acc()
        node.heading.add(line.text, line.no, line.glue)
        self.open(node, depth - 1)

    # ----------------------------------------------------------------------------------- the pass

    def run(self) -> Document:
        for i, (line, tok) in enumerate(zip(self.lines, self.tokens, strict=True)):
            start = self.block_start(i)
            if self.inside[i]:
                # A quoted provision of an amending instrument is text of the unit that quotes it.
                self.add_text(line.text, line, new_block=False)
                continue
            if self.phase == "back":
                self.back_line(i, tok, line, start)
                continue
            if tok.kind == "final" and self.phase == "body" and start:
                self.phase = "back"
                self.close_to(1)
                self.back_line(i, tok, line, start)
                continue
            if tok.kind in KEYWORD_KINDS and start:
                self.phase = "body"
                self.keyword_unit(tok, line)
                continue
            if tok.kind == "item" and self.accept_item(tok, start):
                self.phase = "body"
                self.item_unit(_restyle(tok, self), line)
                continue
            if i in self.sections:
                self.phase = "body"
                self.section(line)
                continue
            node = self.awaiting_heading
            if node is not None and self.pats.heading_like(line.text):
                node.heading = _Acc()
                node.heading.add(line.text, line.no, line.glue)
                self.awaiting_heading = None
                self.current = None
                continue
            self.awaiting_heading = None
            self.add_text(line.text, line, new_block=self.new_block(i, line, start))
        return self.document()

    def accept_item(self, tok: Token, start: bool) -> bool:
        if tok.style == "bullet":
            return start
        return start or self.expected(tok)

    def new_block(self, i: int, line: Line, start: bool) -> bool:
        if line.brk == CONT or (i > 0 and self.lines[i - 1].glue):
            return False
        if line.brk == HARD:
            return True
        if self.phase == "front" and self.pats.preamble_formula.match(line.text.strip()):
            return True  # "have agreed as follows:" is the enacting formula, a block of its own
        if self.paragraph_mode and line.brk == SOFT:
            return False
        if line.text.lstrip()[:1].islower():
            return False
        return start

    def back_line(self, i: int, tok: Token, line: Line, start: bool) -> None:
        if tok.kind == "signature":
            self.current = _Acc("signature")
            self.back.append(self.current)
            self.current.add(line.text, line.no, line.glue)
            self.current = None  # a signature line stands alone
            return
        self.add_text(line.text, line, new_block=self.new_block(i, line, start))

    def document(self) -> Document:
        body = tuple(c.freeze() for c in self.root.children)
        if not body:
            first = self.lines[0].no if self.lines else None
            raise TextImportError(
                self.path,
                first,
                "no recognisable structure: no article, chapter or numbered item",
                expected="headings such as 'Article 1' / 'Статья 1', or numbered items such as '1.' or '4.1.'",
            )
        front = [b for b in (a.block() for a in self.front) if b is not None]
        title: list[Block] = []
        for b in front:
            if not self.pats.heading_like(b.text):
                break
            title.append(b)
        preamble = [
            Block(b.text, b.first, b.last, "formula") if self.pats.preamble_formula.match(b.text) else b
            for b in front[len(title) :]
        ]
        back = tuple(b for b in (a.block() for a in self.back) if b is not None)
        return Document(tuple(title), tuple(preamble), body, back, tuple(self.warnings))


def _inside_quotations(lines: list[Line]) -> list[bool]:
    """Does each line start inside a quotation (one that closes again: an open one quotes nothing)?"""
    text = "\n".join(line.text for line in lines)
    spans, _ = find_quotes(text)
    out: list[bool] = []
    pos = 0
    k = 0
    for line in lines:
        while k < len(spans) and spans[k][1] < pos:
            k += 1
        out.append(k < len(spans) and spans[k][0] < pos <= spans[k][1])
        pos += len(line.text) + 1
    return out


def _successor(ident: str) -> str:
    if ident.isdigit():
        return str(int(ident) + 1)
    if ident in _ROMAN_NEXT:
        return _ROMAN_NEXT[ident]
    if len(ident) == 1:
        nxt = chr(ord(ident) + 1)
        return "е" if ident == "д" else ("ж" if ident == "ё" else nxt)  # Russian lists skip ё
    return ""


def _restyle(tok: Token, rec: _Recogniser) -> Token:
    """An "i)" after "h)" is a letter; an "i)" opening a list is a Roman numeral."""
    if tok.style == "latin" and tok.ident in ("i", "v", "x"):
        style = rec.roman_or_latin(tok.ident)
        if style != tok.style:
            return Token(tok.kind, tok.num, tok.ident, style, tok.rest)
    return tok


def recognise(lines: list[Line], language: str, path: str, *, quotes: bool = False) -> Document:
    """The structure of cleaned ``lines`` of a text in ``language`` (``eng`` or ``rus``).

    With ``quotes`` (an amending instrument), a line that starts inside a quotation continues the text of
    the unit that quotes it: the articles and paragraphs it quotes are read by the instruction reader.
    """
    rec = _Recogniser(lines, patterns_for(language), path, quotes)
    doc = rec.run()
    return _check_numbering(doc)


def _check_numbering(doc: Document) -> Document:
    """Warn about gaps and repeats in the numbering (kept as printed: they may be the source's)."""
    warnings = list(doc.warnings)

    def visit(units: tuple[Unit, ...], where: str) -> None:
        seen: dict[str, int] = {}
        prev: list[int] | None = None
        for u in units:
            if u.num:
                if u.num in seen:
                    warnings.append(f"line {u.line}: {u.num} {where} repeats line {seen[u.num]}")
                seen[u.num] = u.line
                nums = [int(x) for x in re.findall(r"\d+", u.num)]
                same_level = prev is not None and nums and len(nums) == len(prev) and nums[:-1] == prev[:-1]
                if same_level and prev is not None and nums[-1] > prev[-1] + 1:
                    warnings.append(f"line {u.line}: numbering jumps from {prev[-1]} to {nums[-1]} {where}")
                prev = nums or prev
            visit(u.children, f"in {u.num or u.kind}")

    visit(doc.body, "at the top level")
    return Document(doc.title, doc.preamble, doc.body, doc.conclusions, tuple(warnings))
