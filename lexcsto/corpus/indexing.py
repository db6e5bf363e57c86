"""Reading the files of an index refresh into rows, on the machine's other cores when there are many.

A build is two kinds of work: reading each file (its bytes, their SHA-256, the parse and the one pass of
:mod:`lexcsto.corpus.records`), which files do independently of each other, and writing the rows into
SQLite, which one connection does. Done one after the other, the build costs their sum; here the files
are read by worker processes (forked, so they start with the modules already imported) while the
refreshing process writes what they have read, so that it costs about the larger of the two. The results
come back in the order asked for, so a second file for one expression is refused as when reading in turn.

A refresh of a few files (an edit) reads them in the refreshing process: starting workers would cost more
than it saves (:mod:`lexcsto.corpus.workers` says when). Neither path writes anything; the workers never
touch the index's connection.

>>> from lexcsto.corpus.bundled import bundled_folder
>>> got = next(read_files(bundled_folder("texts"), [("cst/eng@2012-12-19.seed-002.xml", None)]))
>>> got.rows.work if got.rows else None
'/akn/aa-csto/act/treaty/1992-05-15/cst'
>>> got.rows.refs[0][5:] if got.rows else None  # citing eId, href, text, target work and eId, stated by
('art_4__para_2', '/akn/un/act/charter/1945-06-26/un-charter/!main~art_51', 'Article 51 of the UN Charter', '/akn/un/act/charter/1945-06-26/un-charter', 'art_51', '')
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from lexcsto.corpus.files import read_bytes
from lexcsto.corpus.reader import load_sources
from lexcsto.corpus.records import FileRows, read_rows
from lexcsto.corpus.uri import split_href
from lexcsto.corpus.workers import ordered_map
from lexcsto.errors import LoadError

SOURCES_FILE = "sources.yaml"


class Prepared(NamedTuple):
    """A file's rows as the index inserts them, in plain tuples and strings: what a worker sends back.
    Pickling plain tuples costs about a quarter of what the records' named tuples and dataclasses cost
    (each of those is rebuilt by a Python call), and the writer, which every file waits for, then does
    little more than number the rows (``index._Batch``)."""

    work: str
    key: str  # the expression's key
    facts: str  # the work's facts (records.work_facts), as JSON
    expression: tuple[str, str, str, str, bool]  # uri, language, date, source, default
    passages: list[tuple[str, ...]]  # article, label, num, heading, headings, text
    # the ``refs`` table's rows but the first two (file and work): the text's own, then those a source
    # states (lx:reference), whose version "~" sorts after every date
    refs: list[tuple[object, ...]]
    # the ``mods`` table's rows but the first two (file and work): seq, key, source eId, kind,
    # destination, the quoted references as JSON
    mods: list[tuple[object, ...]]


def prepare(rows: FileRows) -> Prepared:
    e = rows.expression
    key, work = e.key, rows.work
    refs: list[tuple[object, ...]] = []
    for seq, r in enumerate(rows.refs, start=1):
        uri, eid = split_href(r.href)
        refs.append((key, e.date, e.language, e.source, seq, r.eid, r.href, r.text, uri or work, eid, ""))
    for seq, r in enumerate(rows.stated, start=1):
        uri, eid = split_href(r.href)
        refs.append(("", "~", "", "", seq, r.eid, r.href, r.text, uri or work, eid, r.stated_by))
    return Prepared(
        work,
        key,
        json.dumps(rows.facts, ensure_ascii=False),
        (e.uri, e.language, e.date, e.source, e.default),
        [tuple(p) for p in rows.passages],
        refs,
        [
            (seq, m.key, m.source_eid, m.kind, m.destination, json.dumps(m.quoted))
            for seq, m in enumerate(rows.mods)
        ],
    )


@dataclass(frozen=True)
class FileRead:
    """One file as read for the index: its digest and rows, or why it could not be read."""

    rel: str
    digest: str  # "" when the file could not be read at all (``error`` says why)
    rows: Prepared | None = None  # None for sources.yaml, for an error, and when the digest is the known one
    sources: list[tuple[object, ...]] | None = None  # sources.yaml: every field of each source, in order
    error: tuple[str | None, int | None, str, str | None] | None = None  # path, line, message, expected


def read_file(folder: Path, rel: str, known: str | None) -> FileRead:
    """Read one file; its rows only when its digest differs from ``known`` (the one the index holds)."""
    path = folder / rel  # once: a Path join costs about what hashing the file does
    try:
        data = read_bytes(path)  # regular files only, bounded (lexcsto.corpus.files)
    except LoadError as err:
        return FileRead(rel, "", error=(err.path, err.line, err.message, err.expected))
    digest = hashlib.sha256(data).hexdigest()
    if digest == known:
        return FileRead(rel, digest)
    try:
        if rel == SOURCES_FILE:
            listed = [dataclasses.astuple(s) for s in load_sources(path)]
            return FileRead(rel, digest, sources=listed)
        return FileRead(rel, digest, rows=prepare(read_rows(path, data)))
    except LoadError as err:
        return FileRead(rel, digest, error=(err.path, err.line, err.message, err.expected))


def _read_job(folder: Path, job: tuple[str, str | None]) -> FileRead:
    return read_file(folder, *job)


def read_files(folder: Path, jobs: Sequence[tuple[str, str | None]]) -> Generator[FileRead, None, None]:
    """Each ``(relative path, known digest)`` read, in the order given (by workers when there are many:
    :mod:`lexcsto.corpus.workers`)."""
    return ordered_map(functools.partial(_read_job, folder), jobs)
