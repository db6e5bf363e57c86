"""HTML as published on official sites: headings in <h*> and <b>, paragraphs in <p>, <br> line breaks,
entities, a <sup> footnote marker; line numbers are those of the HTML file (synthetic text)."""

from __future__ import annotations

from pathlib import Path

from import_support import FIXTURES, check_golden, run, schema_errors

RESULT = run(FIXTURES / "agreement.html")
DOC = RESULT.document


def test_format_is_detected() -> None:
    assert RESULT.source.format == "html"


def test_output_is_valid_and_matches_the_golden_file() -> None:
    assert schema_errors(RESULT.xml) == []
    check_golden("agreement_html.xml", RESULT.xml)


def test_headings_from_h_and_b_elements() -> None:
    arts = DOC.body
    assert [(a.num, a.heading.text if a.heading else "", a.line) for a in arts] == [
        ("Article 1", "Purposes", 9),
        ("Article 2", "Definitions", 12),
    ]


def test_br_splits_the_formula_from_the_preamble() -> None:
    assert [(b.kind, b.text, b.first) for b in DOC.preamble] == [
        ("p", "The Synthetic Parties to this Agreement,", 7),
        ("formula", "have agreed as follows:", 8),
    ]


def test_entities_newlines_and_footnote_markers() -> None:
    para1 = DOC.body[1].children[0]
    assert [p.text[0].text for p in para1.children] == [
        '"markup" means tags;',
        '"text" means the words between the tags.',
    ]
    assert (para1.children[1].text[0].first, para1.children[1].text[0].last) == (15, 16)
    assert DOC.body[0].text[0].text == "The Parties shall read synthetic markup with care."
    assert [(f.step, f.line) for f in RESULT.fixes] == [("footnote-markers", 11)]


def test_footnote_markers_can_be_kept() -> None:
    # Without the markup step, the digit is glued to the word, and the text step takes it out instead.
    glued = run(FIXTURES / "agreement.html", disabled=frozenset({"footnote-markers"}))
    assert glued.document.body[0].text[0].text == "The Parties shall read synthetic markup with care."
    assert [(f.step, f.before) for f in glued.fixes] == [("glued-markers", "markup1")]
    kept = run(FIXTURES / "agreement.html", disabled=frozenset({"footnote-markers", "glued-markers"}))
    assert kept.document.body[0].text[0].text == "The Parties shall read synthetic markup1 with care."
    assert kept.summary()["cleaning_disabled"] == ["footnote-markers", "glued-markers"]


def test_closing_formula_and_signature() -> None:
    assert [(b.kind, b.text) for b in DOC.conclusions] == [
        ("p", "Done at Testville on 1 January 2001."),
        ("signature", "For the Republic of Alpha"),
    ]


def test_html_is_sniffed_without_an_extension(tmp_path: Path) -> None:
    copy = tmp_path / "page"
    copy.write_bytes((FIXTURES / "agreement.html").read_bytes())
    assert run(copy).document.shape() == DOC.shape()


def test_a_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    text = (FIXTURES / "agreement.html").read_text(encoding="utf-8").replace("utf-8", "windows-1251")
    text = text.replace("SYNTHETIC AGREEMENT ON MARKUP", "СИНТЕТИЧЕСКОЕ СОГЛАШЕНИЕ")
    page.write_bytes(text.encode("cp1251"))
    result = run(page)
    assert result.source.encoding == "cp1251"
    assert [b.text for b in result.document.title] == ["СИНТЕТИЧЕСКОЕ СОГЛАШЕНИЕ"]
