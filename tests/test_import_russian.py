"""Russian plain text: Глава / Статья headings, Cyrillic lettered items, a citation that is not a heading,
the closing formula and signatures (synthetic text)."""

from __future__ import annotations

import pytest
from import_support import FIXTURES, check_golden, run, schema_errors, untraceable

from lexcsto.corpus.akn import xpath
from lexcsto.importer.detect import Line
from lexcsto.importer.structure import recognise

RESULT = run(FIXTURES / "treaty_ru.txt", "rus", work="/akn/aa-csto/act/treaty/2001-01-01/synthetic-ru")
DOC = RESULT.document


def test_output_is_valid_and_matches_the_golden_file() -> None:
    assert schema_errors(RESULT.xml) == []
    check_golden("treaty_ru.xml", RESULT.xml)


def test_expression_is_russian() -> None:
    assert RESULT.meta.expression_uri.endswith("/rus@2001-01-01")
    assert b'<FRBRlanguage language="rus"/>' in RESULT.xml


def test_front_matter_and_formula() -> None:
    assert [b.text for b in DOC.title] == ["СИНТЕТИЧЕСКИЙ ДОГОВОР О ПРОВЕРКЕ"]
    assert [(b.kind, b.text) for b in DOC.preamble][-1] == ("formula", "согласились о нижеследующем:")


def test_chapters_articles_and_cyrillic_items() -> None:
    assert [(u.kind, u.num) for u in DOC.walk()] == [
        ("chapter", "Глава I"),
        ("article", "Статья 1"),
        ("article", "Статья 2"),
        ("point", "а)"),
        ("point", "б)"),
        ("point", "в)"),
        ("article", "Статья 3."),
        ("chapter", "Глава II."),
        ("article", "СТАТЬЯ 4"),
        ("paragraph", "1."),
        ("paragraph", "2."),
    ]
    eids = xpath(RESULT.root, "//@eId")
    assert "chp_I__art_2__point_b" in eids


def test_a_citation_at_a_line_start_stays_in_the_item() -> None:
    item_b = DOC.body[0].children[1].children[1]
    assert item_b.text[0].text == (
        "обмениваются синтетическими сведениями в соответствии со Статья 12 Синтетического Устава;"
    )
    assert (item_b.text[0].first, item_b.text[0].last) == (18, 19)


def test_closing_formula_and_signatures() -> None:
    assert [b.kind for b in DOC.conclusions] == ["p", "signature", "signature"]
    assert DOC.conclusions[1].text == "За Республику Альфа"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Статья 1", "Текст."], ["article"]),
        (["СТАТЬЯ 1. Цели", "Текст."], ["article"]),
        (["Ст. 1. Текст статьи."], ["article"]),
        (["Глава I", "Статья 1", "Текст."], ["chapter", "article"]),
        (["Раздел 1", "Статья 1", "Текст."], ["section", "article"]),
        (["Статья 1", "Стороны:", "а) действуют;", "б) сообщают."], ["article", "point", "point"]),
        (["Статья 1", "Стороны:", "1) действуют;", "2) сообщают."], ["article", "point", "point"]),
        (["Статья 1", "Согласно", "Статья 5 Устава ООН применяется."], ["article"]),
    ],
)
def test_structure_case_table(lines: list[str], expected: list[str]) -> None:
    doc = recognise([Line(i + 1, t) for i, t in enumerate(lines)], "rus", "case.txt")
    assert [u.kind for u in doc.walk()] == expected


def test_every_fragment_is_traceable_to_its_lines() -> None:
    source = (FIXTURES / "treaty_ru.txt").read_text(encoding="utf-8").split("\n")
    assert untraceable(RESULT, source) == []
    assert len(xpath(RESULT.root, "//lx:fragment")) >= 10


def test_a_latin_look_alike_letter_starts_the_same_list() -> None:
    # "a)" typed in Latin for the Cyrillic "а)": "б)" is its sibling, not a level below it.
    lines = ["Статья 1", "Стороны:", "a) действуют;", "б) сообщают."]
    doc = recognise([Line(i + 1, t) for i, t in enumerate(lines)], "rus", "case.txt")
    assert [c.num for c in doc.body[0].children] == ["a)", "б)"]
