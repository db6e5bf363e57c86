"""`lexcsto anchors`, `lexcsto annotations export|import` on the foundation's synthetic fixture corpus."""

from __future__ import annotations

import json
from pathlib import Path

import fixture_corpus as fx
import pytest
from typer.testing import CliRunner

from lexcsto.annotations.store import read_annotations
from lexcsto.cli import app

E1992 = f"{fx.TREATY}/eng@1992-05-15"
KEY_1992, KEY_2012 = f"{E1992}[syn-1]", f"{fx.TREATY}/eng@2012-12-19[syn-2]"


def _ann(ident: str, eid: str, exact: str) -> str:
    quote = f"\n      quote: {{exact: {exact!r}}}" if exact else ""
    return f"""
  - id: {ident}
    kind: editorial-note
    target:
      work: tst
      eid: {eid}
      expression: {E1992}
      source: syn-1{quote}
    body: A note on *{eid}*.
    sources: [{{source: syn-1, lines: 3-3}}]
"""


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    texts = fx.write(tmp_path / "texts")
    notes = tmp_path / "annotations"
    notes.mkdir()
    (notes / "tst.yaml").write_text(
        "annotations:"
        + _ann("kept", "art_2", "Synthetic text of article two")
        + _ann("para-two", "art_2__para_2", "Synthetic second paragraph")
        + _ann("whole-article", "art_3", ""),
        encoding="utf-8",
    )
    return texts, notes


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_anchors_json(setup: tuple[Path, Path]) -> None:
    texts, notes = setup
    code, out, _ = _run("anchors", "--json", "--corpus", str(texts), "--annotations", str(notes))
    assert code == 0
    got = {
        r["id"]: {a["expression"]: (a["status"], a["score"]) for a in r["anchors"]} for r in json.loads(out)
    }
    assert got == {
        "kept": {KEY_1992: ("anchored", 100.0), KEY_2012: ("anchored", 100.0)},
        "para-two": {KEY_1992: ("anchored", 100.0), KEY_2012: ("not-in-source", None)},
        "whole-article": {KEY_1992: ("anchored", 100.0), KEY_2012: ("anchored", 100.0)},
    }
    first = json.loads(out)[0]
    assert first["target"]["work"] == "tst"
    assert first["target"]["eid"] == "art_2"


def test_anchors_text_and_strict(setup: tuple[Path, Path]) -> None:
    texts, notes = setup
    code, out, _ = _run("anchors", "--corpus", str(texts), "--annotations", str(notes))
    assert code == 0
    assert 'kept  tst/art_2 "Synthetic text of article two"' in out
    assert f"  not-in-source        {KEY_2012}\n" in out
    assert out.rstrip().endswith(
        "3 annotations; anchors: 5 anchored, 0 fuzzy, 0 moved, 1 not-in-source, 0 orphaned"
    )
    with (notes / "tst.yaml").open("a", encoding="utf-8") as f:
        f.write(_ann("lost", "art_2", "original wording"))
    code, out, err = _run("anchors", "--strict", "--corpus", str(texts), "--annotations", str(notes))
    assert code == 1
    assert "1 orphaned" in out
    assert "orphaned anchor" in err


def test_bad_annotation_file_is_reported_with_its_line(setup: tuple[Path, Path]) -> None:
    texts, notes = setup
    bad = "annotations:" + _ann("x", "art_2", "").replace("editorial-note", "rumour")
    (notes / "bad.yaml").write_text(bad, encoding="utf-8")
    code, _, err = _run("anchors", "--corpus", str(texts), "--annotations", str(notes))
    assert code == 1
    assert f"lexcsto: {notes / 'bad.yaml'}:3: unknown kind 'rumour'" in err


def test_export_then_import_gives_the_same_annotations(setup: tuple[Path, Path], tmp_path: Path) -> None:
    texts, notes = setup
    out = tmp_path / "all.jsonld"
    code, _, _ = _run(
        "annotations", "export", "-o", str(out), "--corpus", str(texts), "--annotations", str(notes)
    )
    assert code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 3
    # importing into the same folder clashes with the ids already there
    code, _, err = _run(
        "annotations", "import", str(out), "--corpus", str(texts), "--annotations", str(notes)
    )
    assert code == 1
    assert "annotation id 'kept' already used" in err
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    code, _, err = _run(
        "annotations", "import", str(out), "--corpus", str(texts), "--annotations", str(fresh)
    )
    assert code == 0, err
    assert read_annotations(fresh / "all.yaml") == read_annotations(notes)
    # the written file is refused a second time without --force
    code, _, err = _run(
        "annotations", "import", str(out), "--corpus", str(texts), "--annotations", str(fresh)
    )
    assert code == 1
    assert "output file exists" in err


def test_import_checks_against_the_corpus(setup: tuple[Path, Path], tmp_path: Path) -> None:
    texts, notes = setup
    out = tmp_path / "all.jsonld"
    _run("annotations", "export", "-o", str(out), "--corpus", str(texts), "--annotations", str(notes))
    out.write_text(out.read_text(encoding="utf-8").replace("Synthetic second paragraph", "Invented words"))
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    code, _, err = _run(
        "annotations", "import", str(out), "--corpus", str(texts), "--annotations", str(fresh)
    )
    assert code == 1
    assert "quote 'Invented words'" in err
    assert not (fresh / "all.yaml").exists()


def test_export_yaml(setup: tuple[Path, Path]) -> None:
    texts, notes = setup
    code, out, _ = _run(
        "annotations", "export", "--format", "yaml", "--corpus", str(texts), "--annotations", str(notes)
    )
    assert code == 0
    assert out.startswith("annotations:\n- id: kept\n")
