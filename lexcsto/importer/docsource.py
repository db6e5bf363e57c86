"""PDF and DOCX: the document's numbered lines (:mod:`lexcsto.corpus.documents`) as lines of the import,
with the page furniture of a PDF removed by named steps that use where each line is printed:

- ``pdf-running-heads``: a line in the top or bottom band of the page whose text (numbers aside) is
  printed on two pages or more;
- ``pdf-page-numbers``: a line in those bands that is only a page number ("3", "- 3 -", "Page 3", "стр. 3");
- ``pdf-footnotes``: lines below the body set smaller than the page's body text, kept apart (reported,
  not in the text);

then the text pipeline's own steps (hyphenation joins a word broken across a line or a page break once
the furniture between its halves is gone). A DOCX has no furniture: one line per paragraph.

>>> from lexcsto.corpus.documents import DocLine, PublishedText
>>> head = lambda no, page: DocLine(no, "TREATY SERIES", page, 1, 50, 20, 9)
>>> body = lambda no, page, t: DocLine(no, t, page, 2, 50, 100, 11)
>>> pub = PublishedText("x.pdf", "pdf", (head(1, 1), body(2, 1, "Article 1"), head(3, 2), body(4, 2, "Text.")),
...                     ((600, 800), (600, 800)))
>>> lines, fixes = document_lines(pub, frozenset())
>>> [l.text for l in lines], [(f.step, f.line) for f in fixes]
(['Article 1', 'Text.'], [('pdf-running-heads', 1), ('pdf-running-heads', 3)])
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from lexcsto.corpus.documents import DocLine, PublishedText
from lexcsto.importer.detect import HARD, SOFT, Line
from lexcsto.importer.tree import Fix

__all__ = ["PDF_STEPS", "document_lines", "language_of", "one_language"]

PDF_STEPS = ("pdf-running-heads", "pdf-page-numbers", "pdf-footnotes")
_BAND = 0.09  # the top and bottom 9% of a page: where running heads and page numbers are printed
_PAGE_NUMBER = re.compile(r"^\W*(?:page|p\.|стр\.?|с\.)?\s*\d{1,4}\W*$", re.IGNORECASE)


def document_lines(pub: PublishedText, disabled: frozenset[str]) -> tuple[list[Line], list[Fix]]:
    """The lines to import, and the furniture removed (one Fix per line)."""
    if pub.kind in ("docx", "odt"):
        return [Line(d.no, d.text, HARD) for d in pub.lines if d.text.strip()], []
    furniture = _furniture(pub, disabled)
    out: list[Line] = []
    fixes: list[Fix] = []
    previous: DocLine | None = None
    for d in pub.lines:
        step = furniture.get(d.no)
        if step is not None:
            fixes.append(Fix(step, d.no, d.text, "", _REASONS[step]))
            continue
        if not d.text.strip():
            continue
        out.append(Line(d.no, d.text, _break(previous, d)))
        previous = d
    return out, fixes


_REASONS = {
    "pdf-running-heads": "running head of the printed page",
    "pdf-page-numbers": "page number",
    "pdf-footnotes": "footnote of the printed page (kept apart from the text)",
}


def _break(previous: DocLine | None, d: DocLine) -> int:
    """A paragraph break when the gap above the line is clearly more than the line spacing."""
    if previous is None:
        return HARD
    if previous.page != d.page or (d.x != previous.x and d.y < previous.y):
        return SOFT  # a new page or the top of the next column continues the text
    gap = d.y - previous.y
    return HARD if gap > 1.6 * max(d.size, previous.size, 1.0) else SOFT


def _furniture(pub: PublishedText, disabled: frozenset[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    bands: list[DocLine] = []
    for d in pub.lines:
        height = pub.pages[d.page - 1][1]
        if d.y < height * _BAND or d.y > height * (1 - _BAND):
            bands.append(d)
    if "pdf-page-numbers" not in disabled:
        for d in bands:
            if _PAGE_NUMBER.match(d.text):
                found[d.no] = "pdf-page-numbers"
    if "pdf-running-heads" not in disabled:
        key = {d.no: re.sub(r"\d+", "#", " ".join(d.text.split())).strip(" -–—") for d in bands}
        pages_of: dict[str, set[int]] = {}
        for d in bands:
            pages_of.setdefault(key[d.no], set()).add(d.page)
        for d in bands:
            if d.no not in found and len(pages_of[key[d.no]]) >= 2 and key[d.no] not in ("", "#"):
                found[d.no] = "pdf-running-heads"
    if "pdf-footnotes" not in disabled:
        # The lines grouped by page in one pass (a filter of every line for each page was pages x lines).
        by_page: dict[int, list[DocLine]] = {}
        for d in pub.lines:
            if d.no not in found:
                by_page.setdefault(d.page, []).append(d)
        for page_lines in by_page.values():
            found.update(_footnotes(page_lines))
    return found


def _footnotes(page: Sequence[DocLine]) -> dict[int, str]:
    """The lines at the foot of a page set smaller than its body text."""
    if not page:
        return {}
    body_size = Counter(round(d.size) for d in page).most_common(1)[0][0]
    small = [d for d in page if d.size < body_size * 0.85]
    if not small:
        return {}
    last_body = max((d.y for d in page if d.size >= body_size * 0.85), default=0.0)
    return {d.no: "pdf-footnotes" for d in small if d.y > last_body}


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")


def language_of(text: str) -> str | None:
    """``rus`` or ``eng`` by the script most of the line's letters are in; None for a line without letters.

    >>> language_of("Статья 1"), language_of("Article 1"), language_of("1.")
    ('rus', 'eng', None)
    """
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if not cyrillic and not latin:
        return None
    return "rus" if cyrillic >= latin else "eng"


def one_language(lines: list[Line], language: str) -> tuple[list[Line], dict[str, int]]:
    """The lines of a bilingual document (the languages side by side or one after the other) that are in
    ``language``; a line without letters goes with the line before it. Also how many lines each language has.
    """
    kept: list[Line] = []
    counts: dict[str, int] = {}
    current: str | None = None
    for line in lines:
        current = language_of(line.text) or current
        if current is not None:
            counts[current] = counts.get(current, 0) + 1
        if current == language:
            kept.append(line)
    return kept, counts
