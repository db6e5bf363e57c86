"""Test PDFs (fpdf2) and DOCX files (python-docx) generated from texts written for the tests: running heads,
page numbers, footnotes, a word hyphenated across a page break, two columns, a scan (no text layer), an
encrypted file, tracked changes. Nothing is read from elsewhere.
"""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from fpdf import FPDF

HEAD = "SYNTHETIC TREATY SERIES"
FOOTNOTE = "1 A footnote of the printed page, not treaty text."

# The body, page by page: "" is a blank line (a paragraph break). Page 2 starts with the rest of the word
# hyphenated at the end of page 1.
PAGES = [
    [
        "AGREEMENT ON SYNTHETIC CONSULTATIONS",
        "",
        "The Parties to this Agreement,",
        "have agreed as follows:",
        "",
        "Article 1",
        "Meetings",
        "The Parties shall meet every year to review the operation of this Agreement and to",
        "adopt decisions on its implementation.",
        "",
        "Article 2",
        "Records",
        "The Secretary shall keep the records of the Council and shall prepare the consul-",
    ],
    [
        "tation papers for every session of the Council.",
        "",
        "Article 3",
        "Entry into force",
        "This Agreement shall enter into force on the date of its signature.",
    ],
]


def text_pdf(path: Path, pages: list[list[str]] = PAGES, *, footnotes: bool = True) -> Path:
    """A one-column PDF: a running head and a page number on every page, a small-print footnote."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for n, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.set_xy(20, 10)
        pdf.cell(0, 5, HEAD)
        pdf.set_font("Helvetica", size=11)
        y = 30.0
        for line in lines:
            if line:
                pdf.set_xy(20, y)
                pdf.cell(0, 5, line)
            y += 6
        if footnotes:
            pdf.set_font("Helvetica", size=8)
            pdf.set_xy(20, 265)
            pdf.cell(0, 4, FOOTNOTE)
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(100, 285)
        pdf.cell(0, 4, str(n))
    pdf.output(str(path))
    return path


def two_column_pdf(path: Path, left: list[str], right: list[str], font: Path | None = None) -> Path:
    """One page set in two columns: the left column's lines, then the right column's, beside each other
    (in the TrueType ``font`` when given, for scripts Helvetica lacks)."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    if font is not None:
        pdf.add_font("Custom", fname=str(font))
    pdf.add_page()
    pdf.set_font("Custom" if font is not None else "Helvetica", size=10)
    for column, x in ((left, 15.0), (right, 110.0)):
        y = 30.0
        for line in column:
            if line:
                pdf.set_xy(x, y)
                pdf.cell(85, 5, line)
            y += 6
    pdf.output(str(path))
    return path


def scan_pdf(path: Path) -> Path:
    """A page with only drawing on it (what a scan without OCR looks like to a text reader)."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    for k in range(20):
        pdf.rect(20, 20 + k * 10, 150, 4, style="F")
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path) -> Path:
    pdf = FPDF(format="A4")
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 5, "Article 1")
    pdf.output(str(path))
    return path


def flat(pages: list[list[str]] = PAGES) -> list[str]:
    return [line for page in pages for line in page]


def numbered_docx(path: Path) -> Path:
    """Paragraphs numbered by Word's automatic list numbering (style List Number): no number in the text."""
    doc = Document()
    doc.add_paragraph("Article 1")
    doc.add_paragraph("The Parties agree:")
    doc.add_paragraph("to consult each other;", style="List Number")
    doc.add_paragraph("to inform the Council.", style="List Number")
    doc.save(str(path))
    return path


def docx_file(path: Path, paragraphs: list[str], *, tracked: bool = False, footnote: bool = False) -> Path:
    """A DOCX with one paragraph per entry; ``tracked`` adds a tracked insertion and a tracked deletion to the
    last paragraph ("shall meet" inserted as " regularly", " every year" deleted)."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    body = doc.paragraphs
    if footnote:
        # A footnote reference run: the note itself lives in another part, never in the paragraph text.
        run = body[-1].add_run()
        ref = run._r.makeelement(qn("w:footnoteReference"), {qn("w:id"): "1"})
        run._r.append(ref)
    if tracked:
        p = body[-1]._p
        template = p.findall(qn("w:r"))[0]
        ins = p.makeelement(
            qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "test", qn("w:date"): "2026-01-01T00:00:00Z"}
        )
        run = copy.deepcopy(template)
        run.find(qn("w:t")).text = " regularly"  # type: ignore[union-attr]
        ins.append(run)
        p.append(ins)
        deleted = p.makeelement(
            qn("w:del"), {qn("w:id"): "2", qn("w:author"): "test", qn("w:date"): "2026-01-01T00:00:00Z"}
        )
        gone = copy.deepcopy(template)
        t = gone.find(qn("w:t"))
        assert t is not None
        t.tag = qn("w:delText")
        t.text = " every year"
        deleted.append(gone)
        p.append(deleted)
    doc.save(str(path))
    return path


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def side_by_side_pdf(path: Path, left: list[str], right: list[str]) -> Path:
    """A bilingual page: one language in the left column, the other in the right (needs a Cyrillic font)."""
    return two_column_pdf(path, left, right, font=DEJAVU)
