"""Bad input: every case a row of the table, each with the error it must give (naming the file, and the
line when there is one), and nothing written when an import fails."""

from __future__ import annotations

import codecs
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from import_support import FIXTURES, options, run
from typer.testing import CliRunner

from lexcsto.cli import app
from lexcsto.errors import LexcstoError, TextImportError
from lexcsto.importer import import_file, write
from lexcsto.importer.detect import MAX_INPUT_BYTES

TREATY = (FIXTURES / "treaty_en.txt").read_bytes()


def _sparse(path: Path) -> None:
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB without writing them


CASES: list[tuple[str, Callable[[Path], object], dict[str, object], str, int | None]] = [
    # (name, make the file, import options, message, line)
    ("empty", lambda p: p.write_bytes(b""), {}, "file is empty", None),
    ("only whitespace", lambda p: p.write_bytes(b" \n\n\t\n"), {}, "file is empty", None),
    ("NUL bytes", lambda p: p.write_bytes(b"Article 1\nText\x00\x01\x02"), {}, "binary data (a NUL byte)", 2),
    ("control bytes", lambda p: p.write_bytes(bytes(range(1, 9)) * 40), {}, "binary data (", None),
    (
        "a PDF",
        lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        {},
        "this is a PDF file, not text",
        None,
    ),
    ("a .docx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 40), {}, "this is a ZIP archive", None),
    (
        "unknown encoding",
        lambda p: p.write_bytes(b"Article 1\nThe Parties agree \xe0 la fa\xe7on d\xe9crite.\n"),
        {},
        "text is not UTF-8 and its encoding could not be recognised",
        2,
    ),
    (
        "a stray byte",
        lambda p: p.write_bytes(b"Article 1\nText \xff here.\n"),
        {},
        "could not be recognised",
        2,
    ),
    (
        "invalid UTF-8 after the sample",
        lambda p: p.write_bytes(b"Article 1\n" + b"Text.\n" * 20000 + b"Bad \xff byte.\n"),
        {},
        "line is not valid utf-8",
        20002,
    ),
    (
        "unknown encoding name",
        lambda p: p.write_bytes(TREATY),
        {"encoding": "klingon-8"},
        "unknown encoding name",
        None,
    ),
    (
        "no recognisable structure",
        lambda p: p.write_text("A letter.\nDear colleagues, thank you.\nRegards.\n", encoding="utf-8"),
        {},
        "no recognisable structure",
        1,
    ),
    ("50 MB", _sparse, {}, f"above the import limit of {MAX_INPUT_BYTES:,} bytes", None),
    (
        "lines beyond the end",
        lambda p: p.write_bytes(TREATY),
        {"lines": (500, 600)},
        "file has 46 lines",
        None,
    ),
    ("lines past the end", lambda p: p.write_bytes(TREATY), {"lines": (40, 600)}, "file ends at line 46", 46),
    ("a blank slice", lambda p: p.write_bytes(TREATY), {"lines": (2, 2)}, "no text in lines 2-2", 2),
    ("bad work URI", lambda p: p.write_bytes(TREATY), {"work": "cst"}, "is not a work URI", None),
    (
        "bad language",
        lambda p: p.write_bytes(TREATY),
        {"language": "fra"},
        "--lang 'fra' is not supported",
        None,
    ),
    (
        "bad date",
        lambda p: p.write_bytes(TREATY),
        {"version": "15 May 1992"},
        "--date '15 May 1992' is not a date",
        None,
    ),
    (
        "unknown step",
        lambda p: p.write_bytes(TREATY),
        {"disabled": frozenset({"x"})},
        "unknown cleaning step",
        None,
    ),
]


@pytest.mark.parametrize(("name", "make", "opts", "message", "line"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_a_clear_error(
    tmp_path: Path,
    name: str,
    make: Callable[[Path], object],
    opts: dict[str, object],
    message: str,
    line: int | None,
) -> None:
    path = tmp_path / "input.txt"
    make(path)
    with pytest.raises(TextImportError) as info:
        import_file(path, options(**opts))  # type: ignore[arg-type]
    err = info.value
    assert message in err.message
    assert err.line == line
    if err.path is not None:
        assert err.path == str(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TextImportError, match=r"input.txt: cannot read file: No such file"):
        import_file(tmp_path / "input.txt", options())


def test_a_slice_of_a_large_file_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "large.txt"
    filler = b"A line of unrelated text that pads the file well beyond the limit.\n"
    with path.open("wb") as fh:
        fh.write(TREATY)
        for _ in range(MAX_INPUT_BYTES // len(filler) + 1000):
            fh.write(filler)
    assert path.stat().st_size > MAX_INPUT_BYTES
    with pytest.raises(TextImportError, match="above the import limit"):
        import_file(path, options())
    tracemalloc.start()
    result = import_file(path, options(lines=(11, 33)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # the 17 MB file is never held in memory
    assert result.summary()["counts"]["articles"] == 3


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("cp1251", b""), ("koi8_r", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8", codecs.BOM_UTF8)],
)
def test_russian_encodings_are_detected(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = (FIXTURES / "treaty_ru.txt").read_text(encoding="utf-8")
    path = tmp_path / "ru.txt"
    path.write_bytes(bom + text.encode(encoding))
    result = run(path, "rus")
    assert result.source.encoding.replace("-sig", "") == codecs.lookup(encoding).name
    assert result.document.shape() == run(FIXTURES / "treaty_ru.txt", "rus").document.shape()


def test_a_declared_encoding_wins(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Article 1\nLes Parties conviennent de la façon décrite.\n".encode("latin-1"))
    result = run(path, encoding="latin-1")
    assert result.document.body[0].text[0].text == "Les Parties conviennent de la façon décrite."


def test_crlf_line_ends_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(TREATY.replace(b"\n", b"\r\n"))
    assert run(path).document == run(FIXTURES / "treaty_en.txt").document


# --------------------------------------------------------------------------------------------- nothing written


def test_nothing_is_written_when_the_import_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("No structure here.\n", encoding="utf-8")
    out = tmp_path / "out.xml"
    out.write_bytes(b"previous content")
    runner = CliRunner()
    args = [
        "import",
        str(bad),
        "--work",
        "/akn/aa-csto/act/treaty/2001-01-01/x",
        "--lang",
        "eng",
        "--date",
        "2001-01-01",
        "--source",
        "synthetic",
        "--no-refs",
        "-o",
        str(out),
    ]
    res = runner.invoke(app, args)
    assert res.exit_code == 1
    assert f"{bad}:1: no recognisable structure" in res.stderr
    assert out.read_bytes() == b"previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "out.xml"]


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(FIXTURES / "treaty_en.txt")
    target = tmp_path / "out.xml"
    target.write_bytes(b"previous content")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", broken)
    # A failed write is a LexcstoError naming the file (issue 19: no OSError traceback), as before no part.
    with pytest.raises(LexcstoError, match=r"out\.xml: cannot write: No space left"):
        write(result, target)
    assert target.read_bytes() == b"previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xml"]
