"""Each integrity rule, proved by a fixture broken in exactly one way (a case table)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import fixture_corpus as fx
import pytest

import lexcsto

ORIGINAL = "tst/eng@1992-05-15.syn-1.xml"
AMENDED = "tst/eng@2012-12-19.syn-2.xml"
PROTOCOL = "tst-protocol/eng@2010-12-10.xml"


def edit(rel: str, old: str, new: str) -> Callable[[dict[str, str]], dict[str, str]]:
    def apply(files: dict[str, str]) -> dict[str, str]:
        assert old in files[rel], f"fixture no longer contains {old!r}"
        return {rel: files[rel].replace(old, new, 1)}

    return apply


# (case, the single break, the file the problem names, what the message says)
CASES = [
    ("schema", edit(ORIGINAL, "<body>", "<body>\n<bogus/>"), ORIGINAL, "bogus"),
    ("duplicate eId", edit(ORIGINAL, 'eId="art_3"', 'eId="art_1"'), ORIGINAL, "duplicate eId 'art_1'"),
    ("dangling external eId", edit(ORIGINAL, "~art_9", "~art_99"), ORIGINAL, "has no provision 'art_99'"),
    (
        "dangling internal ref",
        edit(ORIGINAL, 'href="#art_1"', 'href="#art_7"'),
        ORIGINAL,
        "points at no element",
    ),
    ("unknown work", edit(ORIGINAL, "/ext-charter/!main", "/nope/!main"), ORIGINAL, "points at no work"),
    (
        "amending instrument missing",
        edit(
            AMENDED,
            'passiveRef eId="amending" href="/akn/aa-csto/act/protocol/2010-12-10/tst-amendment"',
            'passiveRef eId="amending" href="/akn/aa-csto/act/protocol/2010-12-10/gone"',
        ),
        AMENDED,
        "amending instrument",
    ),
    (
        "modification target missing",
        edit(PROTOCOL, "/tst/!main~art_2", "/gone/!main~art_2"),
        PROTOCOL,
        "modification destination",
    ),
    (
        "in force before signature",
        edit(PROTOCOL, 'date="2012-12-19"', 'date="2009-01-01"'),
        PROTOCOL,
        "is before signature",
    ),
    (
        "text without a source",
        edit(ORIGINAL, '<lx:fragment eId="art_2__para_2" source="#syn-1" lines="4-5"/>', ""),
        ORIGINAL,
        "text of 'art_2__para_2' has no source",
    ),
    (
        "unknown source",
        edit(ORIGINAL, 'source="#syn-1" lines="4-5"', 'source="#syn-9" lines="4-5"'),
        ORIGINAL,
        "'syn-9' is not in sources.yaml",
    ),
    (
        "fragment of nothing",
        edit(ORIGINAL, 'eId="art_2__para_2" source', 'eId="art_8__para_2" source'),
        ORIGINAL,
        "which is not in the text",
    ),
    (
        "two chosen dates",
        edit(
            PROTOCOL,
            "<lx:relation",
            '<lx:dateClaim kind="signature" value="2010-12-10" source="#syn-1" lines="1-1" chosen="true"/>'
            '<lx:dateClaim kind="signature" value="2010-12-12" source="#syn-2" lines="2-2" chosen="true"/><lx:relation',
        ),
        PROTOCOL,
        "2 date claims of kind 'signature' are chosen",
    ),
    (
        "file name and version disagree",
        edit(
            AMENDED,
            '<FRBRdate date="2012-12-19" name="version"/>',
            '<FRBRdate date="2012-12-20" name="version"/>',
        ),
        AMENDED,
        "file name says eng@2012-12-19",
    ),
    (
        "relation to nowhere",
        edit(
            PROTOCOL,
            'kind="amends" href="/akn/aa-csto/act/treaty/1992-05-15/tst"',
            'kind="amends" href="/akn/x/act/y/2000-01-01/z"',
        ),
        PROTOCOL,
        "relation amends points at /akn/x",
    ),
]


def test_the_fixture_itself_is_valid(tmp_path: Path) -> None:
    assert lexcsto.validate([fx.write(tmp_path)]) == []


@pytest.mark.parametrize(("case", "breaker", "rel", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_reports_file_line_and_message(
    tmp_path: Path, case: str, breaker: Callable[[dict[str, str]], dict[str, str]], rel: str, message: str
) -> None:
    folder = fx.write(tmp_path, breaker(fx.files()))
    problems = lexcsto.validate([folder])
    matching = [p for p in problems if message in p.message]
    assert matching, f"{case}: no problem says {message!r}; got {[str(p) for p in problems]}"
    p = matching[0]
    assert p.path is not None
    assert p.path.endswith(rel)
    assert re.match(rf"^{re.escape(p.path)}(:\d+)?: ", str(p))


def test_all_problems_are_collected_not_just_the_first(tmp_path: Path) -> None:
    files = fx.files()
    broken = CASES[1][1](files)  # duplicate eId in the original
    broken[ORIGINAL] = broken[ORIGINAL].replace("~art_9", "~art_99")
    problems = lexcsto.validate([fx.write(tmp_path, broken)])
    messages = " | ".join(p.message for p in problems)
    assert "duplicate eId" in messages
    assert "art_99" in messages


def test_problem_lines_point_at_the_element(tmp_path: Path) -> None:
    folder = fx.write(tmp_path, edit(ORIGINAL, "~art_9", "~art_99")(fx.files()))
    (p,) = [p for p in lexcsto.validate([folder]) if "art_99" in p.message]
    line = (folder / ORIGINAL).read_text().splitlines()[p.line - 1]
    assert "art_99" in line
