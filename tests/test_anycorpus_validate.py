"""Validation profiles (issue 12): ``akn`` for any producer's AKN, ``edition`` for the CSTO edition."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import lexcsto

DATA = Path(__file__).parent / "data"
FOREIGN = DATA / "akn"
FILES = sorted(FOREIGN.rglob("*.xml"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(FOREIGN)) for p in FILES])
def test_each_producer_document_validates_under_akn(path: Path) -> None:
    problems = lexcsto.validate([path], profile="akn")
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert all(p.message.startswith("[akn warning] ") for p in problems)


def test_a_foreign_file_defaults_to_akn_and_the_edition_to_edition() -> None:
    assert [p for p in lexcsto.validate([FOREIGN]) if p.severity == "error"] == []
    assert lexcsto.validate() == []
    edition = lexcsto.validate([FOREIGN / "it-senato"], profile="edition")
    assert edition
    assert all(p.message.startswith("[edition] ") for p in edition)
    assert any("has no source" in p.message for p in edition)


def test_warnings_name_the_naming_convention() -> None:
    (warning,) = lexcsto.validate([FOREIGN / "legislation-gov-uk" / "enacted.xml"], profile="akn")
    assert warning.severity == "warning"
    assert "'section-1-1'" in warning.message
    assert re.match(r"^.*enacted\.xml:\d+: \[akn warning\] ", str(warning))


def _edit(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    src = FOREIGN / rel
    target = tmp_path / src.name
    text = src.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


# (case, file, old, new, what the [akn] error says)
BREAKS = [
    (
        "dangling internal href",
        "us-house/public-law.xml",
        'href="#sec_2__subsec_a"',
        'href="#sec_9"',
        "reference '#sec_9' points at no element of this file",
    ),
    (
        "duplicate eId in one component",
        "eu-collection/package.xml",
        'eId="art_1__para_1"',
        'eId="art_1"',
        "duplicate eId 'art_1'",
    ),
    (
        "schema",
        "it-senato/ddl.xml",
        "<heading>(Orari)</heading>",
        "<heading>(Orari)</heading><bogus/>",
        "bogus",
    ),
    (
        "year-only FRBR date",
        "laws-africa/amendment-act.xml",
        '<FRBRdate date="2024-11-02" name="Generation"/>',
        '<FRBRdate date="2024" name="Generation"/>',
        "FRBRdate",
    ),
]


@pytest.mark.parametrize(("case", "rel", "old", "new", "message"), BREAKS, ids=[b[0] for b in BREAKS])
def test_each_akn_rule_reports_path_line_and_profile(
    tmp_path: Path, case: str, rel: str, old: str, new: str, message: str
) -> None:
    path = _edit(tmp_path, rel, old, new)
    errors = [p for p in lexcsto.validate([path], profile="akn") if p.severity == "error"]
    matching = [p for p in errors if message in p.message]
    assert matching, f"{case}: {[str(p) for p in errors]}"
    assert re.match(rf"^{re.escape(str(path))}:\d+: \[akn\] ", str(matching[0]))
    # The file still loads: the schema is the validator's business, not the reader's.
    assert lexcsto.load(tmp_path).works


def test_eids_may_repeat_across_components(tmp_path: Path) -> None:
    path = _edit(tmp_path, "eu-collection/package.xml", 'eId="art_1__para_1"', 'eId="para_1"')
    errors = [p for p in lexcsto.validate([path], profile="akn") if p.severity == "error"]
    # lexcsto's own rule scopes eIds per component; only the OASIS schema's key constraint objects.
    assert not [p for p in errors if "duplicate eId" in p.message]
    assert all("Duplicate key-sequence" in p.message for p in errors)


def test_two_files_of_one_expression_fail_validation_naming_both(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    shutil.copy(FOREIGN / "us-house" / "public-law.xml", first)
    shutil.copy(FOREIGN / "us-house" / "public-law.xml", second)
    (error,) = [p for p in lexcsto.validate([tmp_path], profile="akn") if p.severity == "error"]
    assert error.path == str(second)
    assert error.message.startswith("[akn] expression /akn/us/act/pl/2022-08-16/117-999/eng@2022-08-16")
    assert str(first) in error.message
