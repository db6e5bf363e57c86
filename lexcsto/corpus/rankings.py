"""The search's rankings kept between queries (a query result cache, as Solr's ``queryResultCache``).

A full-text query's ranking does not depend on the as-at date or the language asked for: BM25 is computed
over the whole full-text table (its idf and average length are the table's), and a filter only drops
matches or multiplies a score by a factor of 0.5 or 0.25 (:mod:`lexcsto.corpus.search`), which keeps
every score at or above its BM25 (BM25 is negative). So the matches of one ``MATCH`` expression, best
BM25 first (ties by rowid, as SQLite's sorter leaves them), are computed once per index state and walked
in that order for any date and language: the walk stops once the k-th best score it kept is below the
BM25 of the next match, since nothing after it can score better.

Only the first :data:`PREFIX` matches are kept (the walk asks for a longer prefix when it runs out before
it is sure), and only from the second time a MATCH is asked in an index state: the first is ranked by the
search's SQL with its filter, which scores only the matches in force (for a phrase, a third of the CPU of
scoring every match at 10,000 instruments; docs/performance.md), in a SQLite file beside the index (``<index>.rankings``, WAL mode: safe with
concurrent readers and writers), keyed by the index's ``generation`` (a new token every refresh that
writes, :meth:`lexcsto.corpus.index.Index.refresh`): a refresh drops every ranking kept before it. A cache
file that is no SQLite database, or a damaged one, is replaced, with a warning (it holds nothing that
cannot be computed again); one that cannot be opened or written (a read-only folder, a full disk) leaves the
search uncached, with a warning; a kept ranking whose checksum does not match is not used.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import warnings
from array import array
from dataclasses import dataclass
from pathlib import Path

from lexcsto.corpus.index import Index, remove_database

PREFIX = 4096  # matches kept per MATCH expression at first; a walk that needs more asks for 8x as many
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS rankings(match TEXT NOT NULL, scoring TEXT NOT NULL, generation TEXT NOT NULL, "
    "complete INTEGER NOT NULL, rowids BLOB NOT NULL, scores BLOB NOT NULL, digest TEXT NOT NULL, "
    "PRIMARY KEY(match, scoring))"
)
# Per cache file and process: its connection, or None when it cannot be used.
_CACHES: dict[tuple[str, int], sqlite3.Connection | None] = {}
_WARNED: set[str] = set()


@dataclass(frozen=True)
class Ranking:
    """The best matches of one MATCH expression: passage rowids and their BM25, best first; ``complete``
    when these are all the matches."""

    rowids: array[int]
    scores: array[float]
    complete: bool


def cache_path(index: Index) -> Path:
    return Path(str(index.path) + ".rankings")


def generation(index: Index) -> str | None:
    row = index.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
    return str(row[0]) if row else None


def computed(index: Index, match: str, scoring: str, size: int) -> Ranking:
    """The best ``size`` matches of ``match`` as FTS5 ranks them with ``scoring`` (a bm25() call), without
    a join: raises sqlite3.OperationalError when FTS5 refuses the query."""
    rows = index.db.execute(
        # Ties in the scan's order (rowid), as SQLite's sorter leaves them: as the search's SQL orders them.
        f"SELECT rowid, {scoring} AS s FROM passages_fts WHERE passages_fts MATCH ? ORDER BY s LIMIT ?",
        (match, size + 1),
    ).fetchall()
    complete = len(rows) <= size
    rows = rows[:size]
    return Ranking(array("q", [int(r[0]) for r in rows]), array("d", [float(r[1]) for r in rows]), complete)


def ranking(index: Index, match: str, scoring: str, size: int = PREFIX) -> Ranking | None:
    """The kept ranking of ``match`` with at least ``size`` matches (or all of them), or one computed and
    kept; None the first time ``match`` is asked in this index state (it is noted: the caller ranks it
    with its filter in SQL, which scores only the matches in force) and when no ranking can be kept."""
    gen = generation(index)
    cache = _cache(index) if gen is not None else None
    if cache is None or gen is None:
        return None
    kept = _read(cache, index, match, scoring, gen)
    if kept is None:  # asked for the first time: noted only (an empty ranking, not complete)
        _write(cache, index, match, scoring, gen, Ranking(array("q"), array("d"), False))
        return None
    if kept.complete or len(kept.rowids) >= size:
        return kept
    got = computed(index, match, scoring, size)
    _write(cache, index, match, scoring, gen, got)
    return got


def _cache(index: Index) -> sqlite3.Connection | None:
    path = cache_path(index)
    key = (str(path), os.getpid())  # a connection must not cross a fork
    if key in _CACHES:
        return _CACHES[key]
    try:
        try:
            db = _connect(path)
        except sqlite3.DatabaseError as err:
            if getattr(err, "sqlite_errorname", None) not in _NOT_A_CACHE:
                raise
            # Only kept rankings are lost with it, each computed again when asked: replaced, with a
            # warning, rather than warned about in every process until someone deletes it.
            _warn(path, f"not a readable rankings cache ({err}); replacing it")
            remove_database(path)
            db = _connect(path)
    except sqlite3.Error as err:
        if _busy(err):  # another process is writing it: this search goes without, the next one tries again
            return None
        _warn(path, f"cannot keep search rankings ({err}); searching without them")
        _CACHES[key] = None
        return None
    _CACHES[key] = db
    return db


def _busy(err: sqlite3.Error) -> bool:
    name = getattr(err, "sqlite_errorname", None) or ""  # extended names too: SQLITE_BUSY_SNAPSHOT
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(err)


# What SQLite says of a file that is no database, or a damaged one (a full disk or a read-only folder
# says something else, and leaves the file as it is).
_NOT_A_CACHE = ("SQLITE_NOTADB", "SQLITE_CORRUPT")


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=0.5, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # no fsync per ranking kept; a damaged one is not used
        db.execute(SCHEMA)
    except sqlite3.Error:
        db.close()
        raise
    return db


def _read(cache: sqlite3.Connection, index: Index, match: str, scoring: str, gen: str) -> Ranking | None:
    try:
        row = cache.execute(
            "SELECT generation, complete, rowids, scores, digest FROM rankings WHERE match=? AND scoring=?",
            (match, scoring),
        ).fetchone()
    except sqlite3.Error as err:
        _warn(cache_path(index), f"cannot read search rankings ({err}); searching without them")
        return None
    if row is None or row[0] != gen:
        return None  # never asked in this state
    rowids, scores = bytes(row[2]), bytes(row[3])
    if _digest(rowids, scores) != row[4] or len(rowids) != len(scores) or len(rowids) % 8:
        _warn(cache_path(index), f"a kept search ranking of {match!r} is damaged; computing it again")
        return None
    return Ranking(array("q", rowids), array("d", scores), bool(row[1]))


def _write(cache: sqlite3.Connection, index: Index, match: str, scoring: str, gen: str, got: Ranking) -> None:
    rowids, scores = got.rowids.tobytes(), got.scores.tobytes()
    try:
        cache.execute("BEGIN IMMEDIATE")
        try:
            cache.execute("DELETE FROM rankings WHERE generation <> ?", (gen,))  # a refresh since: all stale
            cache.execute(
                "INSERT OR REPLACE INTO rankings VALUES (?, ?, ?, ?, ?, ?, ?)",
                (match, scoring, gen, int(got.complete), rowids, scores, _digest(rowids, scores)),
            )
        except BaseException:
            cache.execute("ROLLBACK")
            raise
        cache.execute("COMMIT")
    except sqlite3.Error as err:  # busy (another writer), read-only, full: this ranking is not kept
        if not _busy(err):
            _warn(cache_path(index), f"cannot keep search rankings ({err}); searching without them")


def _digest(rowids: bytes, scores: bytes) -> str:
    return hashlib.blake2b(rowids + scores, digest_size=16).hexdigest()


def _warn(path: Path, what: str) -> None:
    if str(path) not in _WARNED:
        _WARNED.add(str(path))
        warnings.warn(f"{path}: {what}", stacklevel=3)


def forget() -> None:
    """Close every cache connection this process opened (tests, and the benchmark's "new query" row)."""
    for db in _CACHES.values():
        if db is not None:
            db.close()
    _CACHES.clear()
    _WARNED.clear()
