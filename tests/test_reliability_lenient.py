"""Issue 19, finding 9: values that were read leniently or silently ignored are now refused or reported."""

from __future__ import annotations

from pathlib import Path

import fixture_corpus as fx
import pytest

import lexcsto
from lexcsto.corpus.model import Lines


@pytest.mark.parametrize(
    "value", ["+1-2", " 1-2", "1-2 ", "1-", "-2", "１-２", "1-2\n", "1--2", "0-1", "2-1", ""]
)
def test_line_ranges_are_ascii_start_end_only(value: str) -> None:
    with pytest.raises(ValueError, match="bad line range"):
        Lines.parse(value)


@pytest.mark.parametrize(
    ("value", "expected"), [("1-2", Lines(1, 2)), ("7", Lines(7, 7)), ("10-10", Lines(10, 10))]
)
def test_good_line_ranges(value: str, expected: Lines) -> None:
    assert Lines.parse(value) == expected


def test_provenance_in_another_namespace_is_reported(tmp_path: Path) -> None:
    folder = fx.write(tmp_path)
    f = folder / "tst" / "eng@1992-05-15.syn-1.xml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("<lx:provenance", '<lx:provenance xmlns:lx="urn:other"', 1),
        encoding="utf-8",
    )
    problems = lexcsto.validate([folder])
    assert any("provenance in namespace 'urn:other' is not read" in p.message for p in problems)
