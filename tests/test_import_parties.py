"""The importer's reading of who signed, ratified or acceded, and the draft parties file it writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import lexcsto
from lexcsto.cli import app
from lexcsto.corpus.parties_reader import read_parties
from lexcsto.importer.signatories import dates, find_parties

SEEDS = Path(__file__).parents[1].parent / "shared" / "seeds"

TEXT = """\
Treaty on Demonstration

Article 1
The Parties shall consult.

Article 2
This Treaty was signed on 15 May 1992 by Armenia, Kazakhstan and the Russian Federation (except Georgia).
Later, Belarus acceded to it (31 December 1993); Azerbaijan joined in September 1993.

Done at Tashkent on 15 May 1992.

For the Republic of Armenia
For the Republic of Kazakhstan
"""


def found(text: str) -> set[tuple[str, str, str]]:
    return {(f.state, f.kind, f.value) for f in find_parties(text.split("\n"))}


def test_signed_by_accessions_and_signature_blocks() -> None:
    assert found(TEXT) == {
        ("ARM", "signature", "1992-05-15"),
        ("KAZ", "signature", "1992-05-15"),
        ("RUS", "signature", "1992-05-15"),
        ("BLR", "accession", "1993-12-31"),
        ("AZE", "accession", "1993-09"),
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Signed in Tashkent (Uzbekistan) on May 15, 1992 by Armenia.", {("ARM", "signature", "1992-05-15")}),
        ("In 1999, six states (except Azerbaijan, Georgia and Uzbekistan) signed the Protocol.", set()),
        ("The Treaty was ratified by Belarus in 1994.", {("BLR", "ratification", "1994")}),
    ],
)
def test_sentences(sentence: str, expected: set[tuple[str, str, str]]) -> None:
    assert found(sentence) == expected


def test_dates_as_precise_as_written() -> None:
    assert [v for _, v in dates("May 1992, 9 December 1993, December 9, 1993, 2001")] == [
        "1992-05",
        "1993-12-09",
        "1993-12-09",
        "2001",
    ]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed files (../shared/seeds) are not beside the checkout")
def test_the_sources_own_accession_sentence() -> None:
    lines = (SEEDS / "003_0a75eb2eb7119d81.txt").read_text(encoding="utf-8").split("\n")
    window = [""] * 270 + lines[270:279]
    assert {(f.state, f.value) for f in find_parties(window) if f.kind == "accession"} == {
        ("AZE", "1993-09-24"),
        ("BLR", "1993-12-31"),
        ("GEO", "1993-12-09"),
    }


def test_import_writes_a_draft_that_reads_and_validates(tmp_path: Path) -> None:
    source = tmp_path / "demo.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "corpus"
    out.mkdir()
    args = [
        "import",
        str(source),
        "--work",
        "/akn/aa-csto/act/treaty/1992-05-15/demo",
        "--lang",
        "eng",
        "--date",
        "1992-05-15",
        "--source",
        "seed-004",
        "-o",
        str(out),
        "--parties",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    draft = out / "demo" / "parties.yaml"
    membership = read_parties(draft)
    assert {r.state for r in membership.states} == {"ARM", "KAZ", "RUS", "BLR", "AZE"}
    (arm,) = [r for r in membership.states if r.state == "ARM"]
    # The claims cite the sentence's lines (from the heading before it, which has no full stop) and the block.
    assert [(c.lines.start, c.lines.end) for c in arm.events[0].claims if c.lines] == [(6, 7), (12, 12)]
    # A draft is not a checked file: the accession of Azerbaijan is dated to the month only.
    problems = [str(p) for p in lexcsto.validate([out])]
    assert any("AZE accession: the chosen claim gives 1993-09, not a day" in p for p in problems)
    # And it never replaces one that is there.
    draft.write_text(draft.read_text(encoding="utf-8") + "# checked\n", encoding="utf-8")
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0
    assert draft.read_text(encoding="utf-8").endswith("# checked\n")
