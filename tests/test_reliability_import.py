"""Issue 19 on the importer: control characters (finding 3), short names that are paths (finding 8) and
lenient options (finding 9): each either imports cleanly with its fix reported or fails with one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexcsto.cli import app
from lexcsto.corpus.akn import parse_bytes, schema_errors

RUNNER = CliRunner()
WORK = "/akn/aa-csto/act/treaty/2001-01-01/synthetic"
BASE = ["--work", WORK, "--lang", "eng", "--date", "2001-01-01", "--source", "syn"]
TEXT = "Synthetic Treaty\n\nArticle 1\nThe Parties shall consult.\n"


def _import(tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
    src = tmp_path / "in.txt"
    src.write_text(text, encoding="utf-8", errors="surrogatepass")
    res = RUNNER.invoke(app, ["import", str(src), *BASE, *args])
    return res.exit_code, res.stdout, res.stderr


@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x0c", "\x1b", "\ufffe", "\uffff"])
def test_control_characters_are_dropped_and_reported_with_their_line(tmp_path: Path, char: str) -> None:
    code, out, err = _import(tmp_path, TEXT.replace("shall", f"sh{char}all"), "--json")
    assert code == 0, err
    summary = json.loads(out)
    step = next(s for s in summary["cleaning"] if s["step"] == "control-characters")
    assert step["lines"] == [4]
    code, xml, err = _import(tmp_path, TEXT.replace("shall", f"sh{char}all"))
    assert code == 0, err
    assert schema_errors(parse_bytes(xml.encode("utf-8"), "out.xml")) == []
    assert "The Parties shall consult." in xml


def test_control_characters_with_the_step_off_stop_the_import_at_their_line(tmp_path: Path) -> None:
    code, _, err = _import(tmp_path, TEXT.replace("shall", "sh\x01all"), "--no-clean", "control-characters")
    assert code == 1
    assert "in.txt:4: line holds characters XML cannot hold (U+0001)" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "Treaty\x01"], "--title holds characters XML cannot hold (U+0001)"),
        (["--short", "../../escape"], "--short '../../escape' is not a plain name"),
        (["--short", "/tmp/absolute"], "--short '/tmp/absolute' is not a plain name"),
        (["--short", "a/b"], "--short 'a/b' is not a plain name"),
        (["--short", ".."], "--short '..' is not a plain name"),
    ],
)
def test_bad_option_values_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = _import(tmp_path, TEXT, *args, "-o", str(tmp_path / "corpus"))
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "corpus").exists()
    assert not (tmp_path.parent / "escape").exists()


@pytest.mark.parametrize("short", ["../../escape", "/tmp/lexcsto-absolute-short", "x/y"])
def test_a_meta_short_that_is_a_path_is_refused(tmp_path: Path, short: str) -> None:
    meta = tmp_path / "meta.yaml"
    meta.write_text(f"short: {short!r}\n", encoding="utf-8")
    code, _, err = _import(tmp_path, TEXT, "--meta", str(meta), "-o", str(tmp_path / "corpus"))
    assert code == 1
    assert "is not a plain name" in err
    assert not Path("/tmp/lexcsto-absolute-short").exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [("--work", WORK + "\n"), ("--date", "20010101"), ("--date", "2001-W01-1"), ("--date", "2001-1-1")],
)
def test_lenient_spellings_are_refused(tmp_path: Path, option: str, value: str) -> None:
    args = [a if a != BASE[BASE.index(option) + 1] else value for a in BASE]
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    res = RUNNER.invoke(app, ["import", str(src), *args])
    assert res.exit_code == 1
    assert "Traceback" not in res.stderr


def test_cr_only_line_endings_are_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(b"Synthetic Treaty\r\rArticle 1\rThe Parties consult.\rArticle 2\rThey agree.\r")
    res = RUNNER.invoke(app, ["import", str(src), *BASE, "--json"])
    assert res.exit_code == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["lines"] == "1-6"
    assert summary["counts"]["articles"] == 2
