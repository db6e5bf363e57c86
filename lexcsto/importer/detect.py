"""Reading an input file: refuse what is not text, find its encoding and format, keep real line numbers.

The importer never guesses silently. A file is read as

1. the encoding a byte-order mark declares, else
2. the encoding the user declares (``--encoding``), else
3. the charset an HTML file declares in ``<meta>``, else
4. UTF-8 when the bytes are valid UTF-8, else
5. windows-1251 or KOI8-R when the bytes read as Russian text in exactly one of them,

and anything else is refused with the line of the first byte that is not UTF-8. Binary files (PDF, Word,
images, anything with NUL bytes) are refused by name, before decoding.

Memory stays bounded: a whole file above :data:`MAX_INPUT_BYTES` is refused, and ``--lines A-B`` reads a
larger file line by line, keeping only the slice (which must itself be under the limit).

>>> Line(7, "4.1. Defining the strategy").no
7
>>> parse_range("2526-2808")
(2526, 2808)
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lexcsto.errors import TextImportError

# 16 MiB: a long treaty in plain text is well under 1 MiB; the limit only keeps a stray log file or a
# database dump from filling memory. Larger files can still be imported a slice at a time (--lines).
MAX_INPUT_BYTES = 16 * 1024 * 1024
SAMPLE_BYTES = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Files that are not text, by their first bytes, with what to do instead.
_SIGNATURES = (
    (b"%PDF", "a PDF file", "its text extracted first (e.g. pdftotext -layout)"),
    (b"PK\x03\x04", "a ZIP archive (Word .docx, OpenDocument, ...)", "the text saved as plain text or HTML"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc)", "the text saved as plain text or HTML"),
    (b"{\\rtf", "an RTF file", "the text saved as plain text or HTML"),
    (b"\x89PNG", "a PNG image", "a text file"),
    (b"\xff\xd8\xff", "a JPEG image", "a text file"),
    (b"GIF8", "a GIF image", "a text file"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_SNIFF = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<p[\s>]|<h[1-6][\s>]|<br\s*/?>", re.IGNORECASE
)
_CYRILLIC_CANDIDATES = ("cp1251", "koi8_r")


# How a line relates to the one before it: part of the same block (newlines inside an HTML paragraph), a
# plain line break that may or may not end the sentence, or a hard break (blank line, new HTML block).
CONT, SOFT, HARD = 0, 1, 2


@dataclass(frozen=True)
class Line:
    """One line of input text with its real line number in the file.

    ``brk`` says how it follows the previous line (:data:`CONT`, :data:`SOFT` or :data:`HARD`); ``glue`` joins
    it to the next line without a space (a word split across lines); ``emph`` says it is set as a heading or
    in bold.
    """

    no: int
    text: str
    brk: int = SOFT
    glue: bool = False
    emph: bool = False


def text_lines(source: SourceText) -> list[Line]:
    """The non-blank lines of a plain-text source; a blank line makes the next line a hard break.

    >>> src = SourceText("a.txt", "text", "utf-8", ("Article 1", "", "Text", "more."), 10)
    >>> [(l.no, l.text, l.brk) for l in text_lines(src)]
    [(10, 'Article 1', 2), (12, 'Text', 2), (13, 'more.', 1)]
    """
    out: list[Line] = []
    brk = HARD
    for no, text in enumerate(source.lines, start=source.first):
        if not text.strip():
            brk = HARD
            continue
        out.append(Line(no, text.replace("\t", " "), brk=brk))
        brk = SOFT
    return out


@dataclass(frozen=True)
class SourceText:
    """What was read: the file, its format and encoding, and its lines (the requested slice only)."""

    path: str
    format: str  # "text" | "html"
    encoding: str
    lines: tuple[str, ...]
    first: int  # line number of lines[0]

    @property
    def last(self) -> int:
        return self.first + len(self.lines) - 1


def parse_range(value: str) -> tuple[int, int]:
    """``"A-B"`` as (A, B), both 1-based and inclusive; a single number is a one-line range."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", value)
    if not m:
        raise ValueError(f"bad line range {value!r} (expected START-END, e.g. 2526-2808)")
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) else first
    if first < 1 or last < first:
        raise ValueError(f"bad line range {value!r} (expected 1 <= START <= END)")
    return first, last


def read_source(
    path: str | Path,
    *,
    lines: tuple[int, int] | None = None,
    encoding: str | None = None,
    fmt: str = "auto",
) -> SourceText:
    """Read ``path`` (or the slice ``lines`` of it) as text; refuse binary, oversized and undecodable files."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise TextImportError(p, None, "not a regular file", expected="a text or HTML file")
        with p.open("rb") as fh:
            head = fh.read(SAMPLE_BYTES)
            if lines is None and size > MAX_INPUT_BYTES:
                raise TextImportError(
                    p,
                    None,
                    f"file is {size:,} bytes, above the import limit of {MAX_INPUT_BYTES:,} bytes",
                    expected="a smaller file, or --lines START-END to import a slice of it",
                )
            if not head.strip():
                raise TextImportError(p, None, "file is empty", expected="the text of a treaty")
            _refuse_binary(p, head)
            enc = _choose_encoding(p, head, encoding)
            fh.seek(0)
            raw_lines = _read_lines(p, fh, enc, lines)
    except OSError as err:
        raise TextImportError(
            p, None, f"cannot read file: {err.strerror}", expected="a readable file"
        ) from None
    except UnicodeError as err:  # e.g. UTF-16 without a byte order mark
        raise TextImportError(
            p, None, f"cannot decode as {enc}: {err}", expected="the encoding the file is in"
        ) from None
    kind = _format(p, head, fmt)
    first = lines[0] if lines else 1
    if not any(line.strip() for line in raw_lines):
        where = f" in lines {first}-{first + len(raw_lines) - 1}" if lines else ""
        raise TextImportError(p, first if lines else None, f"no text{where}", expected="the text of a treaty")
    return SourceText(str(p), kind, enc, tuple(raw_lines), first)


def _refuse_binary(path: Path, head: bytes) -> None:
    for magic, what, instead in _SIGNATURES:
        if head.startswith(magic):
            raise TextImportError(path, None, f"this is {what}, not text", expected=instead)
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return  # UTF-16/32 text has NUL bytes by design
    nul = head.find(b"\x00")
    if nul >= 0:
        line = head[:nul].count(b"\n") + 1
        raise TextImportError(path, line, "binary data (a NUL byte)", expected="a text or HTML file")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(8, len(head) // 50):
        raise TextImportError(
            path, None, f"binary data ({controls} control bytes in the first {len(head)})", expected="text"
        )


def _choose_encoding(path: Path, head: bytes, declared: str | None) -> str:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return "utf-8-sig" if name == "utf-8" else name
    if declared:
        try:
            info = codecs.lookup(declared)
        except LookupError:
            raise TextImportError(
                path, None, f"unknown encoding name {declared!r}", expected="a Python codec name, e.g. cp1251"
            ) from None
        # rot13 and base64 are codecs but not text encodings; punycode and idna encode host names.
        if not getattr(info, "_is_text_encoding", True) or info.name in ("punycode", "idna"):
            raise TextImportError(
                path, None, f"{declared!r} is not a text encoding", expected="a text encoding, e.g. cp1251"
            )
        return info.name
    meta = _META_CHARSET.search(head[:4096])
    if meta:
        try:
            return codecs.lookup(meta.group(1).decode("ascii")).name
        except LookupError:
            pass  # a bogus declaration: fall through to detection
    sample = _whole_lines(head)
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as err:
        bad_line = sample[: err.start].count(b"\n") + 1
    russian = [name for name in _CYRILLIC_CANDIDATES if _reads_as_russian(sample, name)]
    if len(russian) == 1:
        return codecs.lookup(russian[0]).name
    raise TextImportError(
        path,
        bad_line,
        "text is not UTF-8 and its encoding could not be recognised",
        expected="UTF-8, or the encoding declared with --encoding (e.g. cp1251, koi8-r, latin-1)",
    )


def _whole_lines(head: bytes) -> bytes:
    """The sample cut at its last newline, so that a multi-byte character is never cut in half."""
    if len(head) < SAMPLE_BYTES:
        return head
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut > 0 else head


def _reads_as_russian(sample: bytes, encoding: str) -> bool:
    """Most high bytes are Cyrillic letters, most of those lowercase (as in running text), and they make
    words of their own: accented letters of a Latin-1 text decode to Cyrillic letters inside Latin words."""
    high = sum(1 for b in sample if b >= 0x80)
    if not high:
        return False
    text = sample.decode(encoding, errors="replace")
    positions = [k for k, ch in enumerate(text) if "\u0400" <= ch <= "\u04ff"]
    lower = sum(1 for k in positions if text[k].islower())
    inside_latin = sum(
        1
        for k in positions
        if any(0 <= j < len(text) and text[j].isascii() and text[j].isalpha() for j in (k - 1, k + 1))
    )
    return (
        len(positions) >= 8  # a stray byte is not a Russian text
        and len(positions) >= 0.9 * high
        and lower >= 0.6 * len(positions)
        and inside_latin <= 0.1 * len(positions)
    )


def _read_lines(path: Path, fh: BinaryIO, encoding: str, window: tuple[int, int] | None) -> list[str]:
    """Decode line by line, so that an undecodable byte is reported with its line and a slice of a large
    file never holds more than the slice in memory."""
    out: list[str] = []
    kept = 0
    first, last = window if window else (1, 0)
    count = 0
    for count, raw in enumerate(_split(fh, encoding), start=1):
        if window and count < first:
            continue
        if window and count > last:
            break
        try:
            text = raw.decode(encoding) if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            raise TextImportError(
                path, count, f"line is not valid {encoding}", expected="one encoding for the whole file"
            ) from None
        kept += len(raw)
        if kept > MAX_INPUT_BYTES:
            raise TextImportError(
                path,
                count,
                f"the slice is above the import limit of {MAX_INPUT_BYTES:,} bytes",
                expected="a shorter --lines range",
            )
        out.append(text.rstrip("\r\n").replace("\ufeff", "", 1) if count == 1 else text.rstrip("\r\n"))
    if window and count < first:
        raise TextImportError(
            path,
            None,
            f"file has {count} lines; --lines asks for {first}-{last}",
            expected="a range inside the file",
        )
    if window and count < last:
        raise TextImportError(
            path,
            count,
            f"file ends at line {count}; --lines asks for {first}-{last}",
            expected="a range inside the file",
        )
    return out


def _split(fh: BinaryIO, encoding: str) -> Iterator[bytes | str]:
    """Lines as bytes for encodings where a newline byte is always a newline; decoded text otherwise."""
    if encoding.startswith(("utf-16", "utf-32")):
        import io

        with io.TextIOWrapper(fh, encoding=encoding, newline=None) as text:  # \r, \r\n and \n alike
            yield from text
        return
    for raw in fh:
        # A lone carriage return ends a line too (old Mac files): without this a CR-only file was read as
        # one line, and every line number after it was wrong (issue 19).
        body = raw.rstrip(b"\r\n")
        if b"\r" not in body:
            yield raw
            continue
        for piece in body.split(b"\r"):
            yield piece + b"\n"


def _format(path: Path, head: bytes, fmt: str) -> str:
    if fmt in ("text", "html"):
        return fmt
    if fmt != "auto":
        raise TextImportError(path, None, f"unknown format {fmt!r}", expected="auto, text or html")
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return "html"
    return "html" if len(_HTML_SNIFF.findall(head[:8192])) >= 2 else "text"
