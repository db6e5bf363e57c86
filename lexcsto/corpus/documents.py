"""The text of a published document (PDF, DOCX) as numbered lines, the way provenance cites it.

A PDF's text layer is read with pypdf, chosen by benchmark over pdfminer.six and pdfplumber
(benchmarks/bench_pdf_readers.py, docs/performance.md): on the same files it extracts 7-8x faster than
pdfminer.six and 15-20x faster than pdfplumber, and its text visitor gives what the importer needs to
tell a running head, a page number, a footnote and a second column from the body (each piece's position
and font size). Pieces are put into lines by their baseline, lines in reading order (a page set in two
columns is read left column first), and numbered through the whole document: line ``n`` of the file is
line ``k`` of page ``p``, which is how a fragment is shown (``p. 3, l. 12-18``).

A DOCX is read with python-docx: one line per paragraph of the body, numbered as the document's
paragraphs (``para. 12``); tracked changes are read as accepted (insertions kept, deletions dropped).
Footnotes are in their own part of the file and never in the lines.

Both readers are deterministic, so ``provenance --check`` reads the original file again and finds the
same lines the importer cited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lexcsto.errors import LoadError

__all__ = ["DocLine", "PublishedText", "document_lines", "read_published", "where"]

Kind = Literal["pdf", "docx", "odt"]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class DocLine:
    """One line of a published document: its number in the file, its text, and where it is printed."""

    no: int
    text: str
    page: int = 0  # PDF: the page, 1-based (0 for DOCX)
    line: int = 0  # PDF: the line on its page; DOCX: the paragraph number
    x: float = 0.0  # PDF: left edge, points from the page's left
    y: float = 0.0  # PDF: baseline, points from the page's top
    size: float = 0.0  # PDF: font size in points


@dataclass(frozen=True)
class PublishedText:
    """A document's lines, the page sizes of a PDF (width, height), and what reading it found."""

    path: str
    kind: Kind
    lines: tuple[DocLine, ...]
    pages: tuple[tuple[float, float], ...] = ()
    notes: tuple[str, ...] = ()  # e.g. "tracked changes read as accepted"


def read_published(path: str | Path) -> PublishedText:
    """The lines of a .pdf, .docx or .odt file (:mod:`lexcsto.corpus.opendocument`). Raises LoadError for a scan (no text layer: OCR it first), an
    encrypted PDF, or a file that is not what its name says."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(p)
    if suffix == ".docx":
        return _read_docx(p)
    if suffix == ".odt":
        from lexcsto.corpus.opendocument import odt_paragraphs

        texts, notes = odt_paragraphs(p)
        return PublishedText(
            str(p), "odt", tuple(DocLine(k, t, line=k) for k, t in enumerate(texts, 1)), (), notes
        )
    raise LoadError(
        str(p), None, f"not a published document ({suffix or 'no suffix'})", expected=".pdf, .docx or .odt"
    )


def document_lines(path: str | Path) -> list[str]:
    """The lines' texts, line ``n`` at index ``n - 1`` (what ``provenance --check`` reads)."""
    return [line.text for line in read_published(path).lines]


def where(lines: Sequence[DocLine], first: int, last: int) -> str:
    """A span of file lines in the document's own terms.

    >>> ls = [DocLine(1, "a", 2, 40), DocLine(2, "b", 3, 1), DocLine(3, "c", 3, 2)]
    >>> where(ls, 2, 3), where(ls, 1, 2), where([DocLine(1, "x", line=12)], 1, 1)
    ('p. 3, l. 1-2', 'p. 2, l. 40 - p. 3, l. 1', 'para. 12')
    """
    a, b = lines[first - 1], lines[last - 1]
    if not a.page:
        return f"para. {a.line}" if a.line == b.line else f"paras. {a.line}-{b.line}"
    if a.page == b.page:
        return f"p. {a.page}, l. {a.line}" + (f"-{b.line}" if b.line != a.line else "")
    return f"p. {a.page}, l. {a.line} - p. {b.page}, l. {b.line}"


# ------------------------------------------------------------------------------------------------ PDF


def _read_pdf(path: Path) -> PublishedText:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise LoadError(
                str(path), None, "the PDF is encrypted; lexcsto does not decrypt it",
                expected="an unencrypted PDF (save a copy without protection)",
            )  # fmt: skip
        out: list[DocLine] = []
        sizes: list[tuple[float, float]] = []
        for page_no, page in enumerate(reader.pages, 1):
            box = page.mediabox
            width, height = float(box.width), float(box.height)
            sizes.append((width, height))
            pieces = _pieces(page, height)
            for k, (y, x, size, text) in enumerate(_page_lines(pieces, width), 1):
                out.append(DocLine(len(out) + 1, text, page_no, k, x, y, size))
    except PdfReadError as err:
        raise LoadError(str(path), None, f"not a readable PDF ({err})", expected="a PDF file") from None
    if not any(line.text.strip() for line in out):
        raise LoadError(
            str(path), None, "the PDF has no text layer (a scan?); lexcsto does not do OCR",
            expected="a PDF with text: run OCR first (e.g. ocrmypdf), then import the result",
        )  # fmt: skip
    return PublishedText(str(path), "pdf", tuple(out), tuple(sizes))


def _pieces(page: Any, height: float) -> list[tuple[float, float, float, str]]:
    """The page's pieces of text as (top, left, size, text), from pypdf's text visitor."""
    pieces: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        pieces.append((height - y, x, size * scale, text))

    page.extract_text(visitor_text=visit)
    return pieces


def _page_lines(
    pieces: list[tuple[float, float, float, str]], width: float
) -> list[tuple[float, float, float, str]]:
    """Pieces of text (top, left, size, text) as lines in reading order: by baseline, then, on a page set in
    two columns, the left column's lines before the right's."""
    rows: list[list[tuple[float, float, float, str]]] = []
    for piece in sorted(pieces, key=lambda p: (round(p[0], 0), p[1])):
        if rows and abs(rows[-1][0][0] - piece[0]) < 2.0:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    middle = width * 0.45
    # Two columns: several rows have a piece starting right of the middle after a gap from the left one.
    split = [
        r for r in rows if len(r) > 1 and any(p[1] >= middle for p in r) and any(p[1] < middle for p in r)
    ]
    two_columns = len(split) >= 3
    lines: list[tuple[float, float, float, str]] = []
    right: list[tuple[float, float, float, str]] = []
    for row in rows:
        row.sort(key=lambda p: p[1])
        if two_columns:
            left = [p for p in row if p[1] < middle]
            rest = [p for p in row if p[1] >= middle]
            if left:
                lines.append(_join(left))
            if rest:
                right.append(_join(rest))
        else:
            lines.append(_join(row))
    if two_columns:
        # Lines below both columns (footnotes, page number) come after the right column.
        bottom = max((r[0] for r in right), default=0.0)
        lines = [ln for ln in lines if ln[0] <= bottom] + right + [ln for ln in lines if ln[0] > bottom]
    return lines


def _join(row: list[tuple[float, float, float, str]]) -> tuple[float, float, float, str]:
    text = " ".join(" ".join(p[3].split()) for p in row)
    return (row[0][0], row[0][1], max(p[2] for p in row), text)


# ----------------------------------------------------------------------------------------------- DOCX


def _read_docx(path: Path) -> PublishedText:
    import zipfile

    import docx  # python-docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise LoadError(
            str(path), None, f"not a readable DOCX ({err})", expected="a Word .docx file"
        ) from None
    out: list[DocLine] = []
    inserted = deleted = 0
    number = _Numbering(document)
    for k, para in enumerate(document.paragraphs, 1):
        element = para._p
        parts: list[str] = []
        for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}delText"):
            if node.tag == f"{_W}delText":
                continue
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            else:
                parts.append(" ")
        inserted += len(element.findall(f".//{_W}ins"))
        deleted += len(element.findall(f".//{_W}del"))
        text = " ".join("".join(parts).split())
        label = number(para) if text else ""
        out.append(DocLine(k, f"{label} {text}" if label else text, line=k))
    notes: tuple[str, ...] = ()
    if inserted or deleted:
        notes = (
            f"tracked changes read as accepted ({inserted} insertions kept, {deleted} deletions dropped)",
        )
    return PublishedText(str(path), "docx", tuple(out), (), notes)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word's russianLower sequence (no ё, й, ъ, ы, ь)


def _format(n: int, fmt: str) -> str:
    """A list counter in Word's number format (w:numFmt)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        out, rest = "", n
        for value, digits in _ROMAN:
            while rest >= value:
                out, rest = out + digits, rest - value
        return out.upper() if fmt == "upperRoman" else out
    if fmt in ("russianLower", "russianUpper"):
        letter = _RUSSIAN[(n - 1) % len(_RUSSIAN)]
        return letter.upper() if fmt == "russianUpper" else letter
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Word's automatic list numbering, which python-docx does not render: the label of each numbered
    paragraph ("1.", "a)", "2.1."), counted in document order as Word counts it."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        self.styles = _Styles(document)
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in numbering.findall(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in an.findall(f"{_W}lvl"):
                fmt, text, start = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText"), lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[str(an.get(f"{_W}abstractNumId"))] = levels
        for num in numbering.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[str(num.get(f"{_W}numId"))] = abstract.get(str(ref.get(f"{_W}val")), {})

    def __call__(self, para: Any) -> str:
        num_pr = _num_pr(para, self.styles)
        if num_pr is None:
            return ""
        num_id_el, ilvl_el = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        num_id = num_id_el.get(f"{_W}val") if num_id_el is not None else None
        levels = self.levels.get(str(num_id))
        if not levels:
            return ""
        ilvl = int(ilvl_el.get(f"{_W}val", "0")) if ilvl_el is not None else 0
        counts = self.counters.setdefault(str(num_id), [levels.get(k, ("", "", 1))[2] - 1 for k in range(9)])
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = levels.get(deeper, ("", "", 1))[2] - 1
        fmt, text, _ = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        if fmt == "bullet":
            return ""  # a bullet is not a number; the importer's items read the text as it is
        for k in range(ilvl + 1, 0, -1):
            level_fmt = levels.get(k - 1, ("decimal", "", 1))[0]
            text = text.replace(f"%{k}", _format(max(counts[k - 1], 1), level_fmt))
        return text.strip()


def _num_pr(para: Any, styles: _Styles) -> Any:
    """The paragraph's numbering properties, its own or its style's (List Number)."""
    ppr = para._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return ppr.numPr
    style = ppr.find(f"{_W}pStyle") if ppr is not None else None
    return styles.num_pr(style.get(f"{_W}val") if style is not None else None)


class _Styles:
    """The paragraph styles' numbering properties by style id, read once from the styles part.

    python-docx's ``Paragraph.style`` finds a paragraph's style by scanning every style of the document and
    converting each one's type through an enum: 37 ms a paragraph, which made an 840-paragraph DOCX import
    at 0.07x python-docx's own reading (benchmarks/bench_documents.py). Here a dictionary look-up.
    """

    def __init__(self, document: Any) -> None:
        self.own: dict[str, Any] = {}  # style id -> its w:numPr (or None)
        self.based_on: dict[str, str] = {}
        self.default: str | None = None
        try:
            root = document.styles.element
        except (KeyError, NotImplementedError):
            return
        for style in root.iterfind(f"{_W}style"):
            if style.get(f"{_W}type") != "paragraph":
                continue
            sid = str(style.get(f"{_W}styleId"))
            self.own[sid] = style.find(f"{_W}pPr/{_W}numPr")
            base = style.find(f"{_W}basedOn")
            if base is not None:
                self.based_on[sid] = str(base.get(f"{_W}val"))
            if style.get(f"{_W}default") in ("1", "true", "on") and self.default is None:
                self.default = sid

    def num_pr(self, style_id: str | None) -> Any:
        """The numbering of a style or the nearest style it is based on (a paragraph without a style has
        the default one; a style id the document lacks is the default too, as Word reads it)."""
        sid = style_id if style_id in self.own else self.default
        seen: set[str] = set()
        while sid is not None and sid not in seen:
            seen.add(sid)
            found = self.own.get(sid)
            if found is not None:
                return found
            sid = self.based_on.get(sid)
        return None
