"""English plain text: title, preamble with its enacting formula, chapters, articles with headings,
numbered paragraphs, lettered items, unnumbered paragraphs, final clause and signatures (synthetic text)."""

from __future__ import annotations

import pytest
from import_support import FIXTURES, check_golden, run, schema_errors, untraceable

from lexcsto.corpus.akn import xpath
from lexcsto.importer import akn_reader
from lexcsto.importer.detect import Line
from lexcsto.importer.structure import recognise

RESULT = run(FIXTURES / "treaty_en.txt")
DOC = RESULT.document


def test_output_is_valid_against_the_strict_schema() -> None:
    assert schema_errors(RESULT.xml) == []


def test_output_matches_the_golden_file() -> None:
    check_golden("treaty_en.xml", RESULT.xml)


def test_front_matter() -> None:
    assert [b.text for b in DOC.title] == ["SYNTHETIC TREATY ON TEST MATTERS"]
    assert [(b.kind, b.first, b.last) for b in DOC.preamble] == [("p", 3, 5), ("formula", 6, 6)]
    assert DOC.preamble[1].text == "have agreed as follows:"


def test_chapters_and_articles() -> None:
    chapters = DOC.body
    assert [(c.kind, c.num, c.heading.text if c.heading else "") for c in chapters] == [
        ("chapter", "CHAPTER I", "GENERAL PROVISIONS"),
        ("chapter", "Chapter II.", "Final provisions"),
    ]
    arts = [u for u in DOC.walk() if u.kind == "article"]
    assert [(a.num, a.heading.text if a.heading else "", a.line) for a in arts] == [
        ("Article 1", "Purposes", 11),
        ("Article 2", "", 16),
        ("Art. 3.", "Scope", 29),
        ("ARTICLE 4", "", 34),
    ]


def test_prose_citing_an_article_is_not_a_heading() -> None:
    para = DOC.body[0].children[1].children[0]
    assert para.num == "1."
    assert para.text[0].text.endswith(
        "in accordance with Article 12 of the Synthetic Charter and with the rules below."
    )
    assert (para.text[0].first, para.text[0].last) == (18, 19)


def test_numbered_paragraphs_and_lettered_items() -> None:
    art2 = DOC.body[0].children[1]
    assert [p.num for p in art2.children] == ["1.", "2."]
    items = art2.children[1].children
    assert [(i.kind, i.num, i.text[0].text) for i in items] == [
        ("point", "a)", "consult each other;"),
        ("point", "b)", "exchange synthetic information;"),
        ("point", "c)", "report once a year."),
    ]


def test_unnumbered_paragraphs_are_numbered_by_order() -> None:
    paras = xpath(RESULT.root, "//a:article[a:num='ARTICLE 4']/a:paragraph/@eId")
    assert paras == ["chp_II__art_4__para_1", "chp_II__art_4__para_2"]
    assert not xpath(RESULT.root, "//a:article[a:num='ARTICLE 4']/a:paragraph/a:num")


def test_final_clause_and_signatures() -> None:
    assert [(b.kind, b.text) for b in DOC.conclusions] == [
        ("p", "Done at Testville on 1 January 2001 in one original copy in the synthetic language."),
        ("signature", "For the Republic of Alpha"),
        ("p", "A. Person"),
        ("signature", "For the Republic of Beta"),
        ("p", "B. Person"),
    ]


def test_summary_counts() -> None:
    counts = RESULT.summary()["counts"]
    assert (counts["chapters"], counts["articles"], counts["paragraphs"], counts["items"]) == (2, 4, 4, 3)
    assert counts["signatures"] == 2


def test_the_written_file_reads_back_to_the_same_structure() -> None:
    assert akn_reader.read_bytes(RESULT.xml).shape() == DOC.shape()


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # (line texts, kinds of the units found, in document order)
        (["Article 1", "Text.", "Article 2", "More text."], ["article", "article"]),
        (["ARTICLE 1", "Text."], ["article"]),
        (["Art. 1. Text of the article."], ["article"]),
        (["Article 1", "Text continues in accordance with", "Article 12 of the Charter."], ["article"]),
        (
            ["Article 1", "See the rules.", "Article 5 and Article 6 apply."],
            ["article", "paragraph", "paragraph"],
        ),
        (
            ["Article 1", "See the rules.", "Article 5 defines the terms."],
            ["article", "paragraph", "paragraph"],
        ),
        (
            [
                "Article 1",
                "The text of this article continues on the next line and many more words under",
                "Article 12 Purposes and more.",
            ],
            ["article"],
        ),
        (["Article 1", "The Parties shall:", "a) act;", "b) report."], ["article", "point", "point"]),
        (
            ["Article 1", "1. One.", "2. Two:", "(a) first;", "(b) second."],
            ["article", "paragraph", "paragraph", "point", "point"],
        ),
        (["Part 1", "Chapter I", "Article 1", "Text."], ["part", "chapter", "article"]),
        (
            ["4. Tasks:", "4.1. One.", "4.2. Two:", "4.2.1. deep;", "5. Functions:", "5.1. Three."],
            ["article", "point", "point", "point", "article", "point"],
        ),
    ],
)
def test_structure_case_table(lines: list[str], expected: list[str]) -> None:
    doc = recognise([Line(i + 1, t) for i, t in enumerate(lines)], "eng", "case.txt")
    assert [u.kind for u in doc.walk()] == expected


def test_every_fragment_is_traceable_to_its_lines() -> None:
    source = (FIXTURES / "treaty_en.txt").read_text(encoding="utf-8").split("\n")
    assert untraceable(RESULT, source) == []
    assert len(xpath(RESULT.root, "//lx:fragment")) >= 10
