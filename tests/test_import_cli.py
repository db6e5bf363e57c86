"""``lexcsto import`` on the command line: XML to standard output, a file or a corpus folder, the JSON
summary, slices with real line numbers, cleaning steps switched off, and errors as ``path:line: message``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_support import FIXTURES, schema_errors
from typer.testing import CliRunner

from lexcsto.cli import app

RUNNER = CliRunner()
BASE = [
    "--work",
    "/akn/aa-csto/act/treaty/2001-01-01/synthetic",
    "--lang",
    "eng",
    "--date",
    "2001-01-01",
    "--source",
    "synthetic",
    "--no-refs",
    "--generated",
    "2001-01-01",
]


def invoke(*args: str) -> tuple[int, str, str]:
    res = RUNNER.invoke(app, ["import", *args])
    return res.exit_code, res.stdout, res.stderr


def test_xml_goes_to_standard_output() -> None:
    code, out, _ = invoke(str(FIXTURES / "treaty_en.txt"), *BASE)
    assert code == 0
    assert out.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    assert schema_errors(out.encode("utf-8")) == []


def test_json_summary_counts_and_cleaning_steps() -> None:
    code, out, _ = invoke(str(FIXTURES / "debris.txt"), *BASE, "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["counts"] == {
        "chapters": 0,
        "articles": 2,
        "paragraphs": 0,
        "items": 6,
        "parts": 0,
        "sections": 2,
        "signatures": 0,
    }
    assert [s["step"] for s in summary["cleaning"]] == [
        "control-characters",  # issue 19: characters XML cannot hold, dropped first with their lines
        "running-heads",
        "footnotes",
        "bare-numbers",
        "glued-markers",
        "heading-markers",
        "hyphenation",
    ]
    assert summary["output"] is None
    assert summary["fragments"] == 9


def test_no_clean_switches_steps_off() -> None:
    code, out, _ = invoke(
        str(FIXTURES / "debris.txt"),
        *BASE,
        "--json",
        "--no-clean",
        "running-heads",
        "--no-clean",
        "hyphenation",
    )
    assert code == 0
    summary = json.loads(out)
    assert summary["cleaning_disabled"] == ["hyphenation", "running-heads"]
    assert "hyphenation" not in [s["step"] for s in summary["cleaning"]]


def test_output_into_a_corpus_folder(tmp_path: Path) -> None:
    code, _, err = invoke(str(FIXTURES / "treaty_en.txt"), *BASE, "-o", str(tmp_path))
    assert code == 0
    target = tmp_path / "synthetic" / "eng@2001-01-01.synthetic.xml"
    assert target.is_file()
    assert f"wrote {target}" in err
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temporary file left


def test_a_slice_keeps_the_real_line_numbers(tmp_path: Path) -> None:
    out = tmp_path / "slice.xml"
    code, _, _ = invoke(str(FIXTURES / "treaty_en.txt"), *BASE, "--lines", "29-36", "-o", str(out))
    assert code == 0
    xml = out.read_text(encoding="utf-8")
    assert '<lx:fragment eId="art_3" source="#synthetic" lines="29-30"/>' in xml
    assert '<lx:fragment eId="chp_II__art_4" source="#synthetic" lines="34-36"/>' in xml


def test_meta_file_sets_title_events_and_claims(tmp_path: Path) -> None:
    meta = tmp_path / "meta.yaml"
    meta.write_text(
        "title: Synthetic Treaty\nevents:\n  - {kind: signature, date: 2001-01-01}\n"
        "  - {kind: entryIntoForce, date: 2001-06-01}\n"
        "date_claims:\n  - {kind: signature, value: '2001-01-01', source: synthetic, lines: 1-2, chosen: true}\n",
        encoding="utf-8",
    )
    code, out, _ = invoke(str(FIXTURES / "treaty_en.txt"), *BASE, "--meta", str(meta))
    assert code == 0
    assert '<FRBRalias value="Synthetic Treaty" name="title"/>' in out
    assert 'refersTo="#entryIntoForce"' in out
    assert (
        '<lx:dateClaim kind="signature" value="2001-01-01" source="#synthetic" lines="1-2" chosen="true"/>'
        in out
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        # usage errors exit 1 like every other error (issue 17: one convention; they were exit 2)
        (["--lines", "30-20"], 1, "bad line range"),
        (["--generated", "yesterday"], 1, "is not a date"),
        (["--no-clean", "everything"], 1, "unknown cleaning step 'everything'"),
        (["--encoding", "nope"], 1, "unknown encoding name 'nope'"),
    ],
)
def test_bad_options(args: list[str], code: int, message: str) -> None:
    got, out, err = invoke(str(FIXTURES / "treaty_en.txt"), *BASE, *args)
    assert got == code
    assert message in err
    assert out == ""


def test_errors_name_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Article 1\nText \xff here.\n")
    code, out, err = invoke(str(bad), *BASE)
    assert code == 1
    assert out == ""
    assert err.startswith(f"lexcsto: {bad}:2: text is not UTF-8")


def test_output_into_a_new_corpus_folder(tmp_path: Path) -> None:
    # An existing (empty) corpus folder gets the work's own folder; a folder that does not exist is an
    # error, not created on the way (issue 17: a mistyped -o made a tree of folders anywhere).
    folder = tmp_path / "corpus"
    code, _, err = invoke(str(FIXTURES / "treaty_en.txt"), *BASE, "-o", str(folder))
    assert code == 1
    assert "no such corpus folder" in err
    folder.mkdir()
    for _ in range(2):
        code, _, _ = invoke(str(FIXTURES / "treaty_en.txt"), *BASE, "-o", str(folder))
        assert code == 0
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == [
        "synthetic",
        "synthetic/eng@2001-01-01.synthetic.xml",
    ]


def test_the_help_names_every_cleaning_step() -> None:
    """The command line names the steps itself (importing the importer for --help would cost 0.2 s)."""
    from lexcsto.cli import importer as cli_importer
    from lexcsto.importer import clean

    assert cli_importer.STEP_NAMES == clean.STEP_NAMES
