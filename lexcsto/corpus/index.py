"""The embedded index: a SQLite file that remembers what every file of a corpus folder holds.

Built from the folder on first use and refreshed file by file: a file whose size or modification time
changed (or that changed within two seconds of being read, which a timestamp alone cannot tell) is hashed,
and read again only when its SHA-256 differs. Commands then answer from the index (which work a name
means, its expressions, the references, the full text) without parsing every file; the frozen model of a
work is read from that work's files alone when a caller first asks for it, and kept in the index for the
next command (:mod:`lexcsto.corpus.model_store`). What the index keeps of a file is read
from its tree in one pass (:mod:`lexcsto.corpus.records`), not from the model, so that building the index
costs little more than parsing the files.

The file lives in the user cache folder (``$LEXCSTO_CACHE_DIR``, else ``$XDG_CACHE_HOME/lexcsto``, else
``~/.cache/lexcsto``), one per corpus folder, so that a read-only folder, an installed wheel or a checkout
gets one without a new file among its texts. SQLite in WAL mode lets readers read while one process
refreshes; a refresh is one transaction, so a reader sees the index before or after it, never half of it.
A file that is not a readable index of this version is rebuilt from the folder, with a warning: everything
in it is derived from the folder, so nothing is lost.

>>> import tempfile
>>> from lexcsto.corpus.bundled import bundled_folder
>>> with tempfile.TemporaryDirectory() as cache:
...     index = Index.open(bundled_folder("texts"), path=Path(cache) / "index.sqlite")
...     index.work_uri("cst"), index.refreshed.added > 40
...     index.close()
('/akn/aa-csto/act/treaty/1992-05-15/cst', True)
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import operator
import os
import sqlite3
import struct
import time
import warnings
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from lexcsto.corpus.model import ENDED_STATUSES, DateClaim, Editorial, Event, Lines, Source, Work
from lexcsto.corpus.uri import split_href
from lexcsto.errors import LexcstoError, LoadError

if TYPE_CHECKING:
    from lexcsto.corpus.indexing import FileRead

SCHEMA_VERSION = "11"
Row = TypeVar("Row", bound=tuple[object, ...])
SOURCES_FILE = "sources.yaml"
PARTIES_FILE = "parties.yaml"  # as lexcsto.corpus.parties_reader names it (not an index file: listed only)
# A file modified this close before it was last read may have changed again within the same timestamp.
RACY_NS = 2_000_000_000
BUSY_TIMEOUT_S = 60.0
PAGE_BYTES = 16384  # SQLite's page size for a new index file (_connect)
# A file's stat relative to the corpus folder's descriptor (POSIX), rather than by its whole path.
_STAT_AT = os.stat in os.supports_dir_fd
_STAMP = operator.attrgetter("st_size", "st_mtime_ns")
_LISTING_FORMAT = b"listing3"
# The listing's blob: its format, the walk's time, then the byte length of each of its five parts.
_LISTING_HEADER = struct.Struct("<8sq5q")
SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL,
    checked_ns INTEGER NOT NULL, work TEXT, facts TEXT NOT NULL, first_passage INTEGER NOT NULL,
    last_passage INTEGER NOT NULL);
CREATE INDEX files_work ON files(work);
CREATE TABLE works(
    uri TEXT PRIMARY KEY, short TEXT NOT NULL, date TEXT NOT NULL, signed TEXT, external INTEGER NOT NULL,
    in_force TEXT, ended TEXT, ended_status INTEGER NOT NULL, title_lower TEXT NOT NULL,
    title TEXT NOT NULL, doctype TEXT NOT NULL, subtype TEXT NOT NULL, signed_on TEXT,
    status_label TEXT NOT NULL, editorial TEXT NOT NULL);
CREATE INDEX works_short ON works(short, date, uri);
CREATE INDEX works_title ON works(title_lower, date, uri);
CREATE TABLE expressions(
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, file TEXT NOT NULL, work TEXT NOT NULL,
    uri TEXT NOT NULL, language TEXT NOT NULL, date TEXT NOT NULL, source TEXT NOT NULL,
    is_default INTEGER NOT NULL, valid_to TEXT,
    short TEXT NOT NULL, signed TEXT, external INTEGER NOT NULL, in_force TEXT, ended TEXT,
    ended_status INTEGER NOT NULL);
CREATE INDEX expressions_work ON expressions(work, language, date);
CREATE INDEX expressions_file ON expressions(file);
CREATE TABLE passages(
    id INTEGER PRIMARY KEY, expression INTEGER NOT NULL, article TEXT NOT NULL, label TEXT NOT NULL,
    num TEXT NOT NULL, heading TEXT NOT NULL, headings TEXT NOT NULL, text TEXT NOT NULL);
CREATE VIEW passages_folded(id, body, title) AS SELECT id, replace(replace(text, 'ё', 'е'), 'Ё', 'Е'),
    replace(replace(headings, 'ё', 'е'), 'Ё', 'Е') FROM passages;
CREATE VIRTUAL TABLE passages_fts USING fts5(body, title, content='passages_folded', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
CREATE TABLE refs(
    file TEXT NOT NULL, source_work TEXT NOT NULL, expression TEXT NOT NULL, version TEXT NOT NULL,
    language TEXT NOT NULL, source TEXT NOT NULL, seq INTEGER NOT NULL, source_eid TEXT NOT NULL,
    href TEXT NOT NULL, text TEXT NOT NULL, target_uri TEXT NOT NULL, target_eid TEXT, stated_by TEXT NOT NULL);
CREATE INDEX refs_file ON refs(file);
CREATE INDEX refs_from ON refs(source_work);
CREATE INDEX refs_to ON refs(target_uri);
CREATE TABLE mods(
    file TEXT NOT NULL, source_work TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL,
    source_eid TEXT NOT NULL, kind TEXT NOT NULL, destination TEXT NOT NULL, quoted TEXT NOT NULL);
CREATE INDEX mods_file ON mods(file);
CREATE TABLE models(work TEXT PRIMARY KEY, key TEXT NOT NULL, model BLOB NOT NULL);
INSERT INTO passages_fts(passages_fts, rank) VALUES ('hashsize', 67108864);
"""
# hashsize: FTS5 writes its pending terms out as a new segment whenever they pass this many bytes (1 MB by
# default), and merges the segments as they pile up; at 64 MB a build of 10,000 instruments writes a few
# large segments and its full-text insert costs about a sixth less CPU (6.2 -> 5.1 s), for at most 64 MB
# more memory while it builds.
# A passage's id is its expression's id shifted by this many bits, plus its place in the expression, so
# that a full-text match names its expression without reading the passage (search, lexcsto.corpus.search).
PASSAGE_BITS = 20
# Files read between two writes to the database: rows go in with one executemany per table per batch.
BATCH_FILES = 256
# Not fewer at the end of a build, though the last batch's writing comes after the last file read: each
# full-text insert (one statement) ends a segment of FTS5's own, so other batches give other segments
# (the same matches and bm25, but not the same shadow tables) and more of them to merge.


class UnindexableError(LoadError):
    """A folder the index does not hold: a file that cannot be read, that the reader warns about, or that
    repeats another file's expression. The caller reads such a folder into memory, where every problem is
    reported with the corpus (``Corpus.problems``); the index holds only folders that read cleanly."""


def fold(text: str) -> str:
    """What the full-text tokenizer does not fold itself: ё to е (SQLite's unicode61 folds case and Latin
    diacritics, not Cyrillic ones; й stays й). One character for one, so offsets hold.

    >>> fold("Ещё ЁЛКА")
    'Еще ЕЛКА'
    """
    return text.replace("ё", "е").replace("Ё", "Е")


def cache_folder() -> Path:
    explicit = os.environ.get("LEXCSTO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lexcsto"


def index_path(folder: Path) -> Path:
    """Where the index of a corpus folder lives: one file per folder, named after its absolute path."""
    resolved = str(folder.resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    return cache_folder() / f"index-{folder.resolve().name}-{digest}.sqlite"


@dataclass(frozen=True)
class Refresh:
    """What one refresh did."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    rebuilt: bool = False

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt)


@dataclass(frozen=True)
class IndexState:
    """What ``lexcsto index`` prints."""

    path: str
    folder: str
    files: int
    works: int
    expressions: int
    passages: int  # rows of the full-text index: one per article (or other top-level unit) and expression
    bytes: int
    refreshed: Refresh


def _scan(folder: Path) -> dict[str, tuple[int, int]]:
    """Every expression file (as the reader finds them) and sources.yaml: relative path -> (size, mtime)."""
    return _walk(folder)[0]


@dataclass(frozen=True)
class _Listing:
    """What the last walk of the folder saw, kept so that the next refresh can tell that nothing changed
    with one ``stat`` per folder and per file and no walk (:meth:`unchanged`): every folder (relative,
    ``""`` the corpus folder itself) with its modification time, taken before it was listed; every file
    with its size and modification time (``stamps``: size, mtime, size, mtime, ...); the parties files."""

    folders: list[str]
    folder_mtimes: list[int]
    files: list[str]
    stamps: list[int]
    parties: list[str]
    taken_ns: int

    @staticmethod
    def of(
        folders: dict[str, int], found: dict[str, tuple[int, int]], parties: list[str], taken: int
    ) -> _Listing | None:
        """The listing of a walk, or None if a folder or a file changed too close before the walk for its
        timestamp to tell a later change (as :data:`RACY_NS`): such a listing is not kept."""
        newest = max([*folders.values(), *(mtime for _, mtime in found.values())], default=0)
        if newest + RACY_NS >= taken:
            return None
        stamps = [n for stamp in found.values() for n in stamp]
        return _Listing(list(folders), list(folders.values()), list(found), stamps, parties, taken)

    def unchanged(self, folder: Path) -> bool:
        """Whether the folder holds the same files with the same sizes and mtimes. A file is created,
        removed or renamed only by changing its folder's modification time, and is edited only by changing
        its own size or mtime; a change within a timestamp's resolution of the walk is excluded by
        :meth:`of`. At 10,000 works this is 50,000 ``stat`` calls and no listing of 10,000 folders.

        Those calls are most of a warm command at that size, and most of their time is the system's (about
        2 us a call here): what Python adds is kept to the call itself. Each path is stat'ed relative to
        the corpus folder's descriptor where the system allows it (fewer components to resolve than the
        whole path, and no path to build), in a comprehension (``functools.partial`` with a keyword builds
        a dictionary per call), each stat let go at once and its two numbers kept in one flat list of
        ints, which the garbage collector does not track (40,000 tuples or stat results held at once set it
        scanning, about a tenth of the check), and compared as one list with what the walk saw."""
        try:
            at = os.open(folder, os.O_RDONLY) if _STAT_AT else None
        except OSError:
            return False
        try:
            stat = os.stat
            if at is None:
                base = os.path.join(folder, "")
                if [stat(base + rel).st_mtime_ns for rel in self.folders] != self.folder_mtimes:
                    return False
                return [n for rel in self.files for n in _STAMP(stat(base + rel))] == self.stamps
            if [stat(rel or ".", dir_fd=at).st_mtime_ns for rel in self.folders] != self.folder_mtimes:
                return False
            return [n for rel in self.files for n in _STAMP(stat(rel, dir_fd=at))] == self.stamps
        except OSError:  # a folder or file went: walk
            return False
        finally:
            if at is not None:
                os.close(at)

    def dumps(self) -> bytes:
        """The listing as one blob that reads back at C speed (:meth:`loads`): a header with the format and
        the byte length of each part, then the names joined by NUL (which no file name holds) and the
        numbers as arrays of 64-bit ints. As JSON (a list of 50,000 names and 100,000 numbers) it took
        0.05 s of a 0.35 s command to decode at 10,000 works; as ``marshal`` it read as fast, but a
        damaged blob could make ``marshal.loads`` allocate gigabytes (a list's length read from a changed
        byte), where these lengths are checked against the blob's own before anything is read."""
        parts = (
            "\0".join(self.folders).encode("utf-8", "surrogateescape"),
            array("q", self.folder_mtimes).tobytes(),
            "\0".join(self.files).encode("utf-8", "surrogateescape"),
            array("q", self.stamps).tobytes(),
            "\0".join(self.parties).encode("utf-8", "surrogateescape"),
        )
        return _LISTING_HEADER.pack(_LISTING_FORMAT, self.taken_ns, *map(len, parts)) + b"".join(parts)

    @staticmethod
    def loads(value: object) -> _Listing | None:
        """The listing kept, or None for one this version cannot read or a damaged one (then the folder is
        walked): nothing is allocated beyond the blob's own size."""
        if not isinstance(value, bytes) or len(value) < _LISTING_HEADER.size:
            return None  # e.g. an older version's JSON text
        form, taken, *lengths = _LISTING_HEADER.unpack_from(value)
        if form != _LISTING_FORMAT or min(lengths) < 0 or _LISTING_HEADER.size + sum(lengths) != len(value):
            return None
        parts, at, whole = [], _LISTING_HEADER.size, memoryview(value)  # slices without copies
        for length in lengths:
            parts.append(whole[at : at + length])
            at += length
        try:
            folders, files, parties = (str(parts[i], "utf-8", "surrogateescape") for i in (0, 2, 4))
            numbers = array("q"), array("q")
            numbers[0].frombytes(parts[1])
            numbers[1].frombytes(parts[3])
        except ValueError:  # an array's bytes not a whole number of ints
            return None
        listing = _Listing(
            folders.split("\0"), numbers[0].tolist(), files.split("\0") if files else [],
            numbers[1].tolist(), parties.split("\0") if parties else [], taken,
        )  # fmt: skip
        if (len(listing.folders), 2 * len(listing.files)) != (
            len(listing.folder_mtimes),
            len(listing.stamps),
        ):
            return None
        return listing


def _walk(folder: Path) -> tuple[dict[str, tuple[int, int]], list[str], _Listing | None]:
    """What :func:`_scan` gives, and the parties files (``parties.yaml``) seen on the way: one walk of the
    folder for both, which at 10,000 works is most of what opening a fresh index costs; and the listing
    that lets the next refresh tell that nothing changed without walking (:class:`_Listing`)."""
    found: dict[str, tuple[int, int]] = {}
    parties: list[str] = []
    folders: dict[str, int] = {}
    taken = time.time_ns()
    stack = [""]
    while stack:
        rel = stack.pop()
        path = os.path.join(folder, rel) if rel else str(folder)
        folders[rel] = os.stat(path).st_mtime_ns  # before listing it: a change while it is listed shows
        with os.scandir(path) as entries:
            for entry in entries:
                name = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):  # as rglob: no symlink loops
                    stack.append(name)
                elif (entry.name.endswith(".xml") and not entry.name.startswith(".")) or name == SOURCES_FILE:
                    st = entry.stat()
                    found[name] = (st.st_size, st.st_mtime_ns)
                elif entry.name == PARTIES_FILE:
                    parties.append(name)
    return found, parties, _Listing.of(folders, found, parties, taken)


def _order(rel: str) -> tuple[str, ...]:
    """The order of Path objects, which the reader sorts its files in (``rel`` is joined with "/" by
    :func:`_scan`: its parts are its segments)."""
    return tuple(rel.split("/"))


class Index:
    """The index of one corpus folder (see the module's docstring)."""

    def __init__(self, folder: Path, path: Path, connection: sqlite3.Connection) -> None:
        self.folder = folder
        self.path = path
        self._db = connection
        self._pid = os.getpid()
        self.refreshed = Refresh()
        self.parties_files: list[Path] = []  # the parties files the last refresh saw
        self._listing: _Listing | None = None  # a walk's listing not yet saved

    @property
    def db(self) -> sqlite3.Connection:
        """The connection; a forked child (the site build renders pages in one) opens its own, since a
        SQLite connection must not cross a fork."""
        if os.getpid() != self._pid:
            self._db = _connect(self.path)
            self._pid = os.getpid()
        return self._db

    @classmethod
    def open(cls, folder: Path, path: Path | None = None, rebuild: bool = False) -> Index:
        """Open (creating or rebuilding it if need be) and refresh the index of ``folder``."""
        if not folder.is_dir():
            raise LoadError(folder, None, "corpus folder does not exist", expected="a folder of AKN files")
        target = path or index_path(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        if rebuild:
            remove_database(target)
        try:
            index = cls(folder, target, _connect(target))
            index.refreshed = index.refresh()
        except sqlite3.DatabaseError as err:
            warnings.warn(f"{target}: not a readable lexcsto index ({err}); rebuilding it", stacklevel=2)
            remove_database(target)
            index = cls(folder, target, _connect(target))
            index.refreshed = index.refresh()
            index.refreshed = Refresh(index.refreshed.added, 0, 0, rebuilt=True)
        return index

    def close(self) -> None:
        self._db.close()

    # ------------------------------------------------------------------------------------------- refresh

    def _stale(
        self, on_disk: dict[str, tuple[int, int]] | None = None
    ) -> tuple[dict[str, tuple[int, int]], list[str], list[str]]:
        """Files on disk, files that may have changed (to hash and maybe read), files no longer there
        (when nothing changed: none of the three, the files on disk being needed only to read some).

        Every file is stat'ed (an edit in place changes only the file's own size or mtime), but the folder
        is walked only when one of its folders changed since the last walk (:class:`_Listing`): at 10,000
        works, listing 10,000 folders cost more than the 40,000 stats. ``on_disk`` is a walk already made
        (the refresh's first look, outside the lock): it is compared again with the files table only."""
        if on_disk is None:
            row = self.db.execute("SELECT value FROM meta WHERE key='listing'").fetchone()
            kept = _Listing.loads(row[0]) if row else None
            if kept is not None and kept.unchanged(self.folder):
                self.parties_files = sorted(self.folder / rel for rel in kept.parties)
                return {}, [], []  # nothing to read: the files on disk are not needed
            on_disk, parties, self._listing = _walk(self.folder)  # saved by the refresh, if it is kept
            self.parties_files = sorted(self.folder / rel for rel in parties)
        known = {
            row[0]: (row[1], row[2], row[3])
            for row in self.db.execute("SELECT path, size, mtime_ns, checked_ns FROM files")
        }
        suspect = [
            rel
            for rel, (size, mtime) in on_disk.items()
            if (k := known.get(rel)) is None or k[0] != size or k[1] != mtime or mtime + RACY_NS >= k[2]
        ]
        return on_disk, suspect, [rel for rel in known if rel not in on_disk]

    def refresh(self) -> Refresh:
        """Bring the index up to date with the folder; a no-op read when nothing changed."""
        if self._schema() != SCHEMA_VERSION:
            self._create()
        on_disk, suspect, gone = self._stale()
        if not suspect and not gone:
            self._save_listing(wait=False)
            return Refresh()
        with self._writing():
            # Again under the lock, against the files table (another process may have refreshed since),
            # but not the folder: its walk stands. A file edited since is read as it is now and recorded
            # with the size and mtime walked, so the next refresh hashes it again; a folder changed since
            # has a newer mtime than the listing keeps, so the next refresh walks it. At 10,000 works the
            # walk is 50,000 entries.
            on_disk, suspect, gone = self._stale(on_disk)
            # A new token for every refresh that may write: what is kept of the index's state elsewhere
            # (the search's rankings, lexcsto.corpus.rankings) is kept under it, and dropped when it changes.
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (os.urandom(8).hex(),))
            hashes = dict(self.db.execute("SELECT path, sha256 FROM files"))
            added = changed = 0
            works: set[str] = set()
            for rel in gone:
                works.update(self._forget(rel))
            # A fresh build writes its batches from a thread while this one reads on (the module's
            # docstring): nothing else touches the connection until the build's rows are in.
            batch = _Batch(self, {k for (k,) in self.db.execute("SELECT key FROM expressions")}, not hashes)
            now = time.time_ns()
            from lexcsto.corpus.indexing import read_files  # lxml: only when a file is (re)read

            # In the reader's order, so that a second file for one expression is the one refused.
            jobs = [(rel, hashes.get(rel)) for rel in sorted(suspect, key=_order)]
            reads = read_files(self.folder, jobs)
            with contextlib.closing(reads), batch:  # an error here stops the workers and the writer at once
                for got in reads:
                    rel = got.rel
                    if not got.digest:
                        _unindexable(got.error)
                    size, mtime = on_disk[rel]
                    if hashes.get(rel) == got.digest:
                        self.db.execute(
                            "UPDATE files SET size=?, mtime_ns=?, checked_ns=? WHERE path=?",
                            (size, mtime, now, rel),
                        )
                        continue
                    if got.error:
                        _unindexable(got.error)
                    if rel in hashes:
                        changed += 1
                        batch.known.difference_update(self._keys_of(rel))
                        works.update(self._forget(rel))
                    else:
                        added += 1
                    works.update(batch.add(got, size, mtime, now))
                batch.flush()
            self._rework(works)
            self._save_listing(wait=True)
        return Refresh(added, changed, len(gone))

    def _save_listing(self, wait: bool) -> None:
        """Keep the last walk's listing, which the index now agrees with (in the refresh's transaction,
        or, when the refresh had nothing else to write, in one of its own that does not wait for another
        writer: the next command walks again). A walk too close to a change keeps none."""
        listing, self._listing = self._listing, None
        if wait:
            self.db.execute("DELETE FROM meta WHERE key='listing'")
        if listing is None:
            return
        statement = "INSERT OR REPLACE INTO meta VALUES ('listing', ?)"
        if wait:
            self.db.execute(statement, (listing.dumps(),))
            return
        self._write_if_free(statement, (listing.dumps(),))

    def _write_if_free(self, statement: str, args: tuple[object, ...]) -> None:
        """One statement in a transaction of its own that does not wait for another writer: for what
        saves time and nothing depends on (busy, or a read-only index: not written)."""
        self.db.execute("PRAGMA busy_timeout=0")
        try:
            self.db.execute(statement, args)
        except sqlite3.OperationalError:
            pass
        finally:
            self.db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")

    def _keys_of(self, rel: str) -> set[str]:
        return {k for (k,) in self.db.execute("SELECT key FROM expressions WHERE file=?", (rel,))}

    def _forget(self, rel: str) -> set[str]:
        row = self.db.execute(
            "SELECT work, first_passage, last_passage FROM files WHERE path=?", (rel,)
        ).fetchone()
        if row is None:
            return set()
        work, first, last = row
        self.db.execute(
            "INSERT INTO passages_fts(passages_fts, rowid, body, title) "
            "SELECT 'delete', id, body, title FROM passages_folded WHERE id BETWEEN ? AND ?",
            (first, last),
        )
        self.db.execute("DELETE FROM passages WHERE id BETWEEN ? AND ?", (first, last))
        for table in ("refs", "mods", "expressions"):
            self.db.execute(f"DELETE FROM {table} WHERE file=?", (rel,))  # table names are ours, not input
        self.db.execute("DELETE FROM files WHERE path=?", (rel,))
        return {work} if work else set()

    def _rework(self, works: set[str]) -> None:
        """The works table and each expression's end of validity, for the works whose files changed: the
        facts of the work's files merged as the reader merges them (the first file's name and date; every
        file's events and claims), and its dates of signature, entry into force and end as the model's
        :class:`~lexcsto.corpus.model.Work` computes them."""
        if not works:
            return
        db = self.db
        # Every statement once for all the works (a JSON list of their URIs), not five per work: the
        # per-work statements were a tenth of a fresh build's writing (callgrind), after the last file read.
        chosen = (json.dumps(sorted(works)),)
        among = "IN (SELECT value FROM json_each(?))"
        db.execute(f"DELETE FROM works WHERE uri {among}", chosen)
        db.execute(f"DELETE FROM models WHERE work {among}", chosen)  # read from files no longer there
        facts: dict[str, list[tuple[str, str]]] = {}
        for rel, uri, fact in db.execute(f"SELECT path, work, facts FROM files WHERE work {among}", chosen):
            facts.setdefault(uri, []).append((rel, fact))
        rows: list[tuple[object, ...]] = []
        for uri, files in facts.items():
            found = _work_of(uri, [json.loads(f) for _, f in sorted(files, key=lambda r: _order(r[0]))])
            signed, in_force, ended = found.signed or found.date, found.in_force, found.ended
            rows.append(
                (
                    uri,
                    found.short,
                    found.date.isoformat(),
                    signed.isoformat(),
                    int(found.external),
                    in_force.isoformat() if in_force else None,
                    ended.isoformat() if ended else None,
                    int(found.status in ENDED_STATUSES),
                    found.title.lower(),
                    # what ``lexcsto list`` shows (Index.listing): the signature as the model records it,
                    # which the column ``signed`` (the work date when none is) does not tell
                    found.title,
                    found.doctype,
                    found.subtype,
                    found.signed.isoformat() if found.signed else None,
                    found.status_label,
                    json.dumps([e.field for e in found.editorial]),
                )
            )
        db.executemany("INSERT INTO works VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        # The work's fields a search filters and ranks by, on each of its expressions: a match is joined to
        # its expression alone. (A work without files has no expressions left: none to update.)
        db.execute(
            "UPDATE expressions SET valid_to = (SELECT MIN(later.date) FROM expressions later WHERE "
            "later.work = expressions.work AND later.language = expressions.language AND "
            "later.date > expressions.date), (short, signed, external, in_force, ended, ended_status) = "
            "(SELECT short, signed, external, in_force, ended, ended_status FROM works WHERE "
            f"uri = expressions.work) WHERE work {among}",
            chosen,
        )

    # ------------------------------------------------------------------------------------------ schema

    def _schema(self) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.OperationalError as err:
            if "no such table" in str(err):
                return None
            raise
        return str(row[0]) if row else None

    def _create(self) -> None:
        with self._writing():
            if self._schema() == SCHEMA_VERSION:
                return
            # Whatever an older version made: its views, then its full-text tables (which drop their own
            # shadow tables), then the rest.
            for kind, test in (("VIEW", "type='view'"), ("TABLE", "type='table' AND sql LIKE 'CREATE VIRTUAL%'"),
                               ("TABLE", "type='table'")):  # fmt: skip
                for (name,) in self.db.execute(f"SELECT name FROM sqlite_master WHERE {test}").fetchall():
                    self.db.execute(f'DROP {kind} IF EXISTS "{name}"')  # names from sqlite_master
            for statement in SCHEMA.split(";"):  # not executescript(): it would commit our transaction
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute(
                "INSERT INTO meta VALUES ('schema', ?), ('folder', ?)",
                (SCHEMA_VERSION, str(self.folder.resolve())),
            )

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction, taken before reading what to write: two refreshes never interleave."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ------------------------------------------------------------------------------------------ reading

    def work_uri(self, key: str) -> str | None:
        """The URI of the work named by a short name or URI (an expression or portion URI names its work)."""
        for candidate in dict.fromkeys((key, split_href(key)[0])):
            row = self.db.execute(
                "SELECT uri FROM works WHERE uri=? UNION ALL SELECT uri FROM (SELECT uri FROM works WHERE short=? "
                "ORDER BY date, uri LIMIT 1)",
                (candidate, candidate),
            ).fetchone()
            if row:
                return str(row[0])
        return None

    def work_titled(self, lowered: str) -> str | None:
        """The URI of the first work (in the reader's order) whose title, lower-cased, is ``lowered``."""
        row = self.db.execute(
            "SELECT uri FROM works WHERE title_lower=? ORDER BY date, uri LIMIT 1", (lowered,)
        ).fetchone()
        return str(row[0]) if row else None

    def shorts(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT short FROM works WHERE external=0 ORDER BY short")]

    def _read_works(self, where: str, *args: str) -> tuple[Work, ...]:
        """Works read by the reader from the files selected by ``where``, assembled as the reader
        assembles a folder."""
        from lexcsto.corpus.reader import assemble, read_expression

        rows = self.db.execute(f"SELECT path FROM files WHERE {where}", args).fetchall()
        return assemble(
            read_expression(self.folder / rel) for (rel,) in sorted(rows, key=lambda r: _order(r[0]))
        )[0]

    def work(self, uri: str) -> Work:
        """The model of one work: the one kept in the index when it was last read from these same files
        (:mod:`lexcsto.corpus.model_store`), else read from its files by the reader, and kept."""
        from lexcsto.corpus import model_store

        files = self.db.execute(
            "SELECT path, size, mtime_ns, sha256, checked_ns FROM files WHERE work=?", (uri,)
        )
        rows = files.fetchall()
        key = model_store.key_of([(r[0], r[3]) for r in rows])
        kept = self.db.execute("SELECT model FROM models WHERE work=? AND key=?", (uri, key)).fetchone()
        if kept is not None and (work := model_store.loads(kept[0])) is not None:
            return work
        found = self._read_works("work=?", uri)
        if not found:
            raise LexcstoError(self.path, None, f"the index holds no work {uri}")
        if all(self._as_hashed(*r) for r in rows):  # what was read is what the digests say
            self._write_if_free(
                "INSERT OR REPLACE INTO models VALUES (?, ?, ?)", (uri, key, model_store.dumps(found[0]))
            )
        return found[0]

    def _as_hashed(self, rel: str, size: int, mtime: int, _: str, checked: int) -> bool:
        """Whether a file is still as the index hashed it: same size and modification time, not modified
        within a timestamp's resolution of the check (as the refresh tells, :data:`RACY_NS`)."""
        try:
            st = os.stat(self.folder / rel)
        except OSError:
            return False
        return st.st_size == size and st.st_mtime_ns == mtime and mtime + RACY_NS < checked

    def works(self) -> tuple[Work, ...]:
        return self._read_works("work IS NOT NULL")

    def listing(
        self,
    ) -> list[tuple[str, str, str, str, str, str | None, str | None, str, list[str], int, bool]]:
        """(short, URI, doctype, title, subtype, signed, in force, status label, editorial fields, number
        of expressions, external) of every work in the order of :meth:`works`, from the rows alone."""
        rows = self.db.execute(
            "SELECT short, uri, doctype, title, subtype, signed_on, in_force, status_label, editorial, "
            "(SELECT COUNT(*) FROM expressions e WHERE e.work = w.uri), external FROM works w ORDER BY date, uri"
        )
        return [(*r[:8], json.loads(r[8]), int(r[9]), bool(r[10])) for r in rows]

    def defaults(self, work: str | None = None) -> dict[str, str]:
        """Expression URI -> the key of the expression the edition shows by default (of one work's
        expressions, read by the index on the work, with ``work``)."""
        if work is None:
            rows = self.db.execute("SELECT file, uri, key FROM expressions WHERE is_default").fetchall()
        else:
            rows = self.db.execute(
                "SELECT file, uri, key FROM expressions WHERE work=? AND is_default", (work,)
            ).fetchall()
        return {uri: key for _, uri, key in sorted(rows, key=lambda r: _order(r[0]))}

    def sources(self) -> tuple[Source, ...]:
        row = self.db.execute("SELECT facts FROM files WHERE path=?", (SOURCES_FILE,)).fetchone()
        return tuple(Source(*s) for s in json.loads(row[0])) if row else ()

    def refs_from(self, uri: str) -> list[tuple[str, str, str, str, str, str | None, str]]:
        """(source eId, expression key, href, text, target URI, target eId, stated by) in the order of the
        model; a reference stated in several files of the work once."""
        return _once_stated(
            self.db.execute(
                "SELECT source_eid, expression, href, text, target_uri, target_eid, stated_by FROM refs "
                "WHERE source_work=? ORDER BY version, language, source, file, seq",
                (uri,),
            ),
            lambda row: row[1] == "",
        )

    def refs_to(self, keys: tuple[str, ...]) -> list[tuple[str, str, str, str, str, str, str | None, str]]:
        """(source work, source eId, expression key, href, text, target URI, target eId, stated by) of the
        references whose target is one of ``keys`` (a work's URI and short name), in the order of the model."""
        marks = ", ".join("?" * len(keys))
        return _once_stated(
            self.db.execute(
                "SELECT r.source_work, r.source_eid, r.expression, r.href, r.text, r.target_uri, r.target_eid, "
                f"r.stated_by FROM refs r JOIN works w ON w.uri = r.source_work WHERE r.target_uri IN ({marks}) "
                "ORDER BY w.date, w.uri, r.version, r.language, r.source, r.file, r.seq",
                keys,
            ),
            lambda row: row[2] == "",
        )

    def modifications(self) -> list[tuple[str, str, str, str, str, list[tuple[str, str]]]]:
        """(amending work, its first expression's key, amending eId, kind, destination href, quoted (href,
        text) pairs) of every textual modification, in the order of the works and of their files, one a
        work's files repeat once: as the model's ``Work.modifications``."""
        rows = self.db.execute(
            "SELECT m.file, m.seq, m.key, m.source_work, (SELECT e.key FROM expressions e WHERE e.work = "
            "m.source_work ORDER BY e.date, e.language, e.source LIMIT 1), m.source_eid, m.kind, m.destination, "
            "m.quoted, w.date FROM mods m JOIN works w ON w.uri = m.source_work"
        ).fetchall()
        rows.sort(key=lambda r: (r[9], r[3], _order(r[0]), r[1]))
        seen: set[tuple[str, str]] = set()
        out: list[tuple[str, str, str, str, str, list[tuple[str, str]]]] = []
        for _, _, key, work, first, eid, kind, destination, quoted, _ in rows:
            if (work, key) not in seen:
                seen.add((work, key))
                out.append((work, first, eid, kind, destination, [(h, t) for h, t in json.loads(quoted)]))
        return out

    def state(self) -> IndexState:
        def count(sql: str) -> int:
            return int(self.db.execute(sql).fetchone()[0])

        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        return IndexState(
            path=str(self.path),
            folder=str(self.folder),
            files=count("SELECT COUNT(*) FROM files"),
            works=count("SELECT COUNT(*) FROM works"),
            expressions=count("SELECT COUNT(*) FROM expressions"),
            passages=count("SELECT COUNT(*) FROM passages"),
            bytes=size,
            refreshed=self.refreshed,
        )


class _Batch:
    """The rows of the files read since the last write, written with one ``executemany`` per table (and
    one insert into the full-text index from its view), so that a build is a few large writes.

    In the ``background`` (a fresh build: nothing else uses the connection meanwhile), a batch's insert
    into the full-text index, most of the write, runs in a thread of its own while the caller reads the
    next files: SQLite lets go of Python's lock for the whole statement, so on a second core it costs the
    build little wall time. The plain inserts stay in the caller's thread: ``executemany`` takes Python's
    lock back for every row, and a thread that waits for it behind a busy one waits a switch interval
    each time (measured: the build slower than without the thread). One insert runs at a time, in
    order; leaving the batch (a context manager) waits for the last one, and raises what it raised
    unless an error is already on its way."""

    def __init__(self, index: Index, known: set[str], background: bool = False) -> None:
        self.index = index
        self._writer = concurrent.futures.ThreadPoolExecutor(1) if background else None
        self._pending: concurrent.futures.Future[None] | None = None
        self.known = known  # the expression keys the index holds: a second file for one is refused
        self.next_expression = int(
            index.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM expressions").fetchone()[0]
        )
        # The first passage id not yet in the full-text index, and the next passage's.
        self.written = self.next_id = self.next_expression << PASSAGE_BITS
        self.files: list[tuple[object, ...]] = []
        self.expressions: list[tuple[object, ...]] = []
        self.passages: list[tuple[object, ...]] = []
        self.refs: list[tuple[object, ...]] = []
        self.mods: list[tuple[object, ...]] = []

    def add(self, got: FileRead, size: int, mtime: int, now: int) -> set[str]:
        rel, digest, rows = got.rel, got.digest, got.rows
        if got.sources is not None:
            self.files.append((rel, size, mtime, digest, now, None, json.dumps(got.sources), 0, -1))
            return set()
        assert rows is not None  # a file read without error has its rows
        path = self.index.folder / rel
        key, work = rows.key, rows.work
        if key in self.known:
            raise UnindexableError(path, None, "repeats an expression of another file")
        self.known.add(key)
        expression = self.next_expression
        self.next_expression += 1
        first = expression << PASSAGE_BITS
        found = rows.passages
        if len(found) >> PASSAGE_BITS:
            raise UnindexableError(
                path, None, f"has {len(found)} articles (the index holds {1 << PASSAGE_BITS})"
            )
        self.passages.extend((first + seq, expression, *passage) for seq, passage in enumerate(found))
        self.next_id = first + len(found)
        self.files.append((rel, size, mtime, digest, now, work, rows.facts, first, self.next_id - 1))
        uri, language, day, source, default = rows.expression
        self.expressions.append(  # the work's fields: Index._rework
            (expression, key, rel, work, uri, language, day, source, int(default), None, "", None, 0, None,
             None, 0)
        )  # fmt: skip
        self.refs.extend((rel, work, *r) for r in rows.refs)
        self.mods.extend((rel, work, *m) for m in rows.mods)
        if len(self.files) >= BATCH_FILES:
            self.flush()
        return {work}

    def flush(self) -> None:
        self._wait()  # the connection is the writer's until its insert is done
        db = self.index.db
        db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.files)
        db.executemany(
            "INSERT INTO expressions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.expressions,
        )
        db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self.passages)
        db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.refs)
        db.executemany("INSERT INTO mods VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self.mods)
        first, last = self.written, self.next_id - 1
        self.written = self.next_id
        self.files, self.expressions, self.passages, self.refs, self.mods = [], [], [], [], []
        if self._writer is None:
            self._index_text(first, last)
        else:
            self._pending = self._writer.submit(self._index_text, first, last)

    def _index_text(self, first: int, last: int) -> None:
        self.index.db.execute(
            "INSERT INTO passages_fts(rowid, body, title) "
            "SELECT id, body, title FROM passages_folded WHERE id BETWEEN ? AND ?",
            (first, last),
        )

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if self._writer is None:
            return
        try:
            if kind is None:
                self._wait()
        finally:
            self._writer.shutdown(wait=True)  # the last insert done (or failed) before the caller goes on


def _unindexable(error: tuple[str | None, int | None, str, str | None] | None) -> NoReturn:
    path, line, message, expected = error or (None, None, "could not be read", None)
    raise UnindexableError(path, line, message, expected=expected)


def _work_of(uri: str, facts: list[dict[str, Any]]) -> Work:
    """A work with what the index keeps of its files' facts (in the reader's order), enough for the model
    to say when it was signed, entered into force and ended."""
    first = facts[0]
    dated = next((f for f in facts if f["status_as_of"]), None)  # the first file that dates its status
    events = {(d, kind) for f in facts for d, kind in f["events"]}
    claims = dict.fromkeys((kind, value, chosen) for f in facts for kind, value, chosen in f["claims"])
    return Work(
        uri,
        first["short"],
        next((str(f["title"]) for f in facts if f["title"]), ""),  # the first file's, else the next's
        first["doctype"],
        first["subtype"],
        date.fromisoformat(first["date"]),
        events=tuple(Event(date.fromisoformat(d), kind) for d, kind in sorted(events)),
        date_claims=tuple(DateClaim(kind, value, "", None, chosen) for kind, value, chosen in claims),
        external=bool(first["external"]),
        status=next((str(f["status"]) for f in facts if f["status"]), ""),
        status_as_of=str(dated["status_as_of"]) if dated else "",
        status_source=str(dated["status_source"]) if dated else "",
        status_lines=Lines.parse(dated["status_lines"]) if dated and dated["status_lines"] else None,
        editorial=tuple(
            dict.fromkeys(Editorial(field, note) for f in facts for field, note in f["editorial"])
        ),
    )


def _once_stated(rows: Iterable[Row], stated: Callable[[Row], bool]) -> list[Row]:
    """The rows in order, a stated reference (one that several files of a work may repeat) only once, as
    the model merges them."""
    seen: set[Row] = set()
    out: list[Row] = []
    for row in rows:
        if stated(row):
            if row in seen:
                continue
            seen.add(row)
        out.append(row)
    return out


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are ours (BEGIN IMMEDIATE in Index._writing), not the module's.
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    # Pages of 16 kB for a new file (an existing one keeps its own: SQLite changes it only before the
    # first table): a fresh build's commit writes every page to the WAL and copies it into the file, a
    # write per page; at 4 kB that was 0.14-0.17 s of CPU after the last file read at 1,000 instruments
    # (40 MB), at 16 kB 0.07-0.09 s (replayed writes, three pairs), the rows and search unchanged.
    db.execute(f"PRAGMA page_size={PAGE_BYTES}")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    # A build writes every table and its indexes at once: 64 MB of page cache keeps their pages in memory.
    db.execute("PRAGMA cache_size=-65536")
    db.execute("PRAGMA temp_store=MEMORY")
    return db


def remove_database(path: Path) -> None:
    """A SQLite file and its WAL companions, where they exist."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()
