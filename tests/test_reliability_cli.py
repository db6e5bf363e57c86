"""Issue 19, findings 5, 7 and 9 at the command line: hostile paths and values are one line on standard
error with exit 1, never a traceback, and nothing is read without bound."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexcsto.cli import app

RUNNER = CliRunner()
WORK = "/akn/aa-csto/act/treaty/2001-01-01/synthetic"
IMPORT = ["--work", WORK, "--lang", "eng", "--date", "2001-01-01", "--source", "syn"]


def _run(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    res = RUNNER.invoke(app, list(args), input=stdin)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res.exit_code, res.stderr + res.stdout  # validate lists its problems on standard output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "t.txt").write_text("Synthetic Treaty\n\nArticle 1\nThe Parties consult.\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "bin.jsonl").write_bytes(bytes(range(256)))
    (tmp_path / "deep.json").write_text('{"a": ' * 3000 + "1" + "}" * 3000, encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes("title: Trait\xe9\n".encode("latin-1"))
    return tmp_path


CASES = [
    ("validate a device", ["validate", "/dev/zero"], "not a regular file"),
    ("validate an empty folder", ["validate", "{d}/empty"], "no Akoma Ntoso files here"),
    ("validate ''", ["validate", ""], "an empty path"),
    ("annotate a device", ["annotate", "/dev/zero"], "not a regular file"),
    ("annotations import a device", ["annotations", "import", "/dev/zero"], "not a regular file"),
    ("anchors from a device", ["anchors", "--annotations", "/dev/zero"], "not a regular file"),
    ("JSON-LD nested 3,000 deep", ["annotations", "import", "{d}/deep.json"], "nested too deep"),
    ("nlp-eval gold missing", ["nlp-eval", "--gold", "/nonexistent/gold.jsonl"], "No such file"),
    ("nlp-eval gold binary", ["nlp-eval", "--gold", "{d}/bin.jsonl"], "is not utf-8"),
    ("import --meta in latin-1", ["import", "{d}/t.txt", *IMPORT, "--meta", "{d}/latin1.yaml"], "not utf-8"),
    (
        "import --encoding rot13",
        ["import", "{d}/t.txt", *IMPORT, "--encoding", "rot13"],
        "not a text encoding",
    ),
    (
        "import --encoding base64",
        ["import", "{d}/t.txt", *IMPORT, "--encoding", "base64"],
        "not a text encoding",
    ),
    ("import --encoding punycode", ["import", "{d}/t.txt", *IMPORT, "--encoding", "punycode"], "not a text"),
    ("import utf-16 without BOM", ["import", "{d}/t.txt", *IMPORT, "--encoding", "utf-16"], "cannot decode"),
    ("import -o ''", ["import", "{d}/t.txt", *IMPORT, "-o", ""], "an empty path"),
    ("import -o onto a file", ["import", "{d}/t.txt", *IMPORT, "-o", "{d}/t.txt/x.xml"], "cannot write"),
    ("import -o through a file", ["import", "{d}/t.txt", *IMPORT, "-o", "{d}/t.txt/c"], "cannot write"),
]


@pytest.mark.parametrize(("case", "args", "message"), CASES, ids=[c[0] for c in CASES])
def test_hostile_arguments_are_one_line_errors(
    folder: Path, case: str, args: list[str], message: str
) -> None:
    code, err = _run(*(a.replace("{d}", str(folder)) for a in args))
    assert code == 1, err
    assert message in err
    assert "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == [
        "bin.jsonl",
        "deep.json",
        "empty",
        "latin1.yaml",
        "t.txt",
    ]


def test_undecodable_standard_input_is_a_load_error() -> None:
    code, err = _run("annotate", "-", stdin=b"\xff Article 4")
    assert code == 1
    assert "<stdin>:1: byte 0xff at offset 0 is not utf-8" in err
