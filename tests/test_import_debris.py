"""PDF debris: each cleaning step on its own (a case table), the whole pipeline on a synthetic PDF extract
(golden file), and every step switched off in turn (the debris stays, the import is still traceable)."""

from __future__ import annotations

import pytest
from import_support import FIXTURES, check_golden, run, schema_errors, untraceable

from lexcsto.corpus.akn import xpath
from lexcsto.errors import TextImportError
from lexcsto.importer import clean
from lexcsto.importer.detect import HARD, Line

RESULT = run(FIXTURES / "debris.txt", work="/akn/aa-csto/act/decision/2001-01-01/synthetic")
SOURCE = (FIXTURES / "debris.txt").read_text(encoding="utf-8").split("\n")


def lines(*texts: str) -> list[Line]:
    return [Line(i + 1, t, brk=HARD if not t.strip() else 1) for i, t in enumerate(texts) if t.strip()]


@pytest.mark.parametrize(
    ("step", "given", "kept", "fixes"),
    [
        (
            "running-heads",
            [
                "4.1. One.",
                "Journal of Tests 2001",
                "4.2. Two.",
                "Journal of Tests 2002",
                "4.3. Three.",
                "Journal of Tests 2003",
            ],
            ["4.1. One.", "4.2. Two.", "4.3. Three."],
            [(2, "Journal of Tests 2001"), (4, "Journal of Tests 2002"), (6, "Journal of Tests 2003")],
        ),
        (
            "footnotes",
            ["4.1. Developing the", "1", "", "Footnote text.", " rules of the body."],
            ["4.1. Developing the", " rules of the body."],
            [(2, "1 Footnote text.")],
        ),
        ("bare-numbers", ["4.1. One.", "12", "4.2. Two."], ["4.1. One.", "4.2. Two."], [(2, "12")]),
        (
            "glued-markers",
            ["activities of the bod3", "ies of the Organisation.", "the bodies (CSSC);86 and"],
            ["activities of the bod", "ies of the Organisation.", "the bodies (CSSC); and"],
            [(1, "bod3"), (3, "(CSSC);86")],
        ),
        (
            "heading-markers",
            ["Council of Foreign Ministers 2", "4. Main tasks:"],
            ["Council of Foreign Ministers", "4. Main tasks:"],
            [(1, "Council of Foreign Ministers 2")],
        ),
        (
            "hyphenation",
            ["the Collective Se-", "curity Council", "military-", "political staff, military-political"],
            ["the Collective Se", "curity Council", "military-", "political staff, military-political"],
            [(1, "Se-"), (3, "military-")],
        ),
    ],
)
def test_each_step(step: str, given: list[str], kept: list[str], fixes: list[tuple[int, str]]) -> None:
    others = frozenset(s for s in clean.STEP_NAMES if s != step)
    out, found_fixes = clean.run(lines(*given), others)
    assert [line.text for line in out] == kept
    assert [(f.line, f.before) for f in found_fixes] == fixes
    assert all(f.step == step for f in found_fixes)


def test_a_split_word_is_glued_back_together() -> None:
    out, _ = clean.run(lines("the bod3", "ies and the Se-", "curity."), frozenset())
    assert [line.glue for line in out] == [True, True, False]


def test_a_page_number_is_not_a_footnote_without_a_page_start() -> None:
    # No line with leading space follows: "12" is only a number, the text after it stays.
    out, fixes = clean.run(lines("4.1. One.", "12", "Text that continues."), frozenset())
    assert [line.text for line in out] == ["4.1. One.", "Text that continues."]
    assert [f.step for f in fixes] == ["bare-numbers"]


def test_numbers_that_are_structure_are_not_debris() -> None:
    given = ["Art.5 applies.", "4.1. One.", "Chapter 2", "Article 4"]
    out, fixes = clean.run(lines(*given), frozenset())
    assert [line.text for line in out] == given
    assert fixes == []


def test_unknown_step_is_refused() -> None:
    with pytest.raises(TextImportError, match="unknown cleaning step 'hyphens'"):
        clean.check_steps(["hyphens"])


def test_the_synthetic_pdf_extract() -> None:
    assert schema_errors(RESULT.xml) == []
    check_golden("debris.xml", RESULT.xml)
    summary = RESULT.summary()
    applied = {s["step"]: s["lines"] for s in summary["cleaning"]}
    assert applied == {
        "control-characters": [],  # issue 19: the step runs first and finds nothing here
        "running-heads": [8, 12, 23],
        "footnotes": [15],
        "bare-numbers": [11, 22],
        "glued-markers": [9],
        "heading-markers": [2, 19],
        "hyphenation": [4, 6, 13],
    }
    texts = [b.text for b in RESULT.document.blocks()]
    assert "Defining the synthetic strategy of the Organisation and its partners." in texts
    assert (
        "Coordinating the work of the military-political bodies and of the military-political staff." in texts
    )
    assert "Examining the issues of the organisations, as well as their reports." in texts
    assert "Developing the regulations on the test bodies." in texts
    assert not any("Journal" in t or "footnote" in t for t in texts)


def test_the_provenance_records_make_every_fragment_traceable() -> None:
    assert untraceable(RESULT, SOURCE) == []
    cleans = xpath(RESULT.root, "//lx:clean/@from")
    assert cleans == [
        "organ3 isations",
        "reguSynthetic footnote text about the Test Council, adopted on 1 January 2001. lations",
    ]


@pytest.mark.parametrize("step", clean.STEP_NAMES)
def test_each_step_can_be_switched_off(step: str) -> None:
    result = run(
        FIXTURES / "debris.txt",
        work="/akn/aa-csto/act/decision/2001-01-01/synthetic",
        disabled=frozenset({step}),
    )
    assert schema_errors(result.xml) == []
    assert untraceable(result, SOURCE) == []
    assert step not in [s["step"] for s in result.summary()["cleaning"]]
    assert step in result.summary()["cleaning_disabled"]
    assert all(f.step != step for f in result.fixes)
    text = " ".join(b.text for b in result.document.blocks())
    debris = {
        "running-heads": "Synthetic Journal of Tests",
        "footnotes": "Synthetic footnote text",
        "bare-numbers": " 12 ",
        "glued-markers": "organ3",
        "heading-markers": "Test Council 1",
        "hyphenation": "Organisa- tion",
    }[step]
    assert debris in f" {text} "
