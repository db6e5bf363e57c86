"""The embedded index: the same answers as reading every file, never stale, a read-only corpus, a corrupted
index file rebuilt with a warning, and two processes at once."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
import warnings
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import lexcsto
from lexcsto.cli import app
from lexcsto.corpus.bundled import bundled_folder
from lexcsto.corpus.index import Index, _Listing, _scan, index_path
from lexcsto.corpus.queries import Corpus, load_corpus
from lexcsto.corpus.search import search

ROOT = Path(__file__).resolve().parent.parent
CST_2012 = Path("cst/eng@2012-12-19.seed-002.xml")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LEXCSTO_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def texts(tmp_path: Path, cache: Path) -> Path:
    """A copy of the bundled corpus that a test may edit (the edits are test data, never the edition)."""
    folder = tmp_path / "texts"
    shutil.copytree(bundled_folder("texts"), folder)
    return folder


def test_the_index_answers_as_reading_every_file_does(texts: Path) -> None:
    indexed = load_corpus(texts, index=True)
    read = load_corpus(texts, index=False)
    assert indexed.index is not None
    assert read.index is None
    for w in read.works:  # work by work, as the commands ask (each decoded on its own from the index)
        assert indexed.work(w.short) == w
        assert indexed.version_dates(w.uri) == read.version_dates(w.uri)
        for e in w.expressions:
            for p in e.walk():
                assert indexed.refs(w.uri, p.eid) == read.refs(w.uri, p.eid)
                assert indexed.incoming(w.uri, p.eid) == read.incoming(w.uri, p.eid)
                assert indexed.timeline(w.uri, p.eid) == read.timeline(w.uri, p.eid)
                assert indexed.provision(w.uri, p.eid, language=e.language) == read.provision(
                    w.uri, p.eid, language=e.language
                )
        for language in dict.fromkeys(e.language for e in w.expressions):  # the table of contents
            for day in read.version_dates(w.uri, language):
                assert indexed.contents(w.uri, day, language) == read.contents(w.uri, day, language)
        assert indexed.relations(w.uri) == read.relations(w.uri)
        assert indexed.incoming(w.uri, amendments=True) == read.incoming(w.uri, amendments=True)
    assert indexed.sources == read.sources
    assert indexed.memberships == read.memberships  # the parties files found on the index's walk
    for w in read.works:  # a title names its work without reading every work (addresses, `show TITLE`)
        assert indexed.titled(w.title.upper()) == read.titled(w.title.upper())
    assert indexed.titled("Collective Security Treaty") == read.work("cst")
    assert indexed.titled("no such treaty") is None
    assert indexed.works == read.works  # all at once, in the reader's order (the list command)
    assert indexed.index.shorts() == sorted(w.short for w in read.works if not w.external)


def _readable(folder: Path) -> list[Path]:
    from lexcsto.corpus.reader import expression_files, read_expression
    from lexcsto.errors import LoadError

    out = []
    for path in expression_files(folder):
        try:
            facts, _ = read_expression(path)
        except LoadError:
            continue
        if not facts.warnings:
            out.append(path)
    return out


def test_the_one_pass_reads_every_file_as_the_reader_does(tmp_path: Path) -> None:
    """The index reads its rows from the tree in one pass, not from the model; for the bundled corpus, a
    synthetic one and every other producer's sample, the rows are those the model gives."""
    from benchmarks import synth
    from lexcsto.corpus.akn import parse_bytes
    from lexcsto.corpus.reader import read_expression
    from lexcsto.corpus.records import OTHER_SHAPES, OtherShapeError, _one_pass, read_rows, rows_of

    made = synth.generate(
        tmp_path / "synth", synth.Spec(instruments=4, articles=3, versions=2, write_source=False)
    )
    folders = [bundled_folder("texts"), made.texts, *sorted((ROOT / "tests" / "data" / "akn").iterdir())]
    one_pass = 0
    for folder in folders:
        for path in _readable(folder):
            data = path.read_bytes()
            assert read_rows(path, data) == rows_of(*read_expression(path)), path
            if not any(marker in data for marker in OTHER_SHAPES):
                with contextlib.suppress(OtherShapeError):  # e.g. units without eIds: the reader's
                    _one_pass(path, parse_bytes(data, path), data)
                    one_pass += 1
    assert one_pass > 60  # the bundled corpus and the synthetic one are read by the one pass


def test_an_edited_file_is_seen_at_once(texts: Path) -> None:
    path = texts / CST_2012
    os.utime(path)  # just written, as by an editor
    assert "armed attack" in load_corpus(texts, index=True).provision("cst", "art_4").provision.full_text
    data = path.read_text(encoding="utf-8")
    stat = path.stat()
    # Same size and, within the file system's clock tick, the same modification time: only the hash can
    # tell, and the index hashes a file modified less than 2 s before it was last read.
    path.write_text(data.replace("armed attack", "ARMED ATTACK"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    corpus = load_corpus(texts, index=True)
    assert corpus.index is not None
    assert corpus.index.refreshed.changed == 1
    assert "ARMED ATTACK" in corpus.provision("cst", "art_4").provision.full_text
    assert search(corpus, '"armed attack"', as_at=date(2013, 1, 1))[0].snippet.count("[[ARMED ATTACK]]") == 1


def test_a_file_edited_later_is_seen(texts: Path) -> None:
    load_corpus(texts, index=True)
    path = texts / CST_2012
    path.write_text(
        path.read_text(encoding="utf-8").replace("armed attack", "armed  attack"), encoding="utf-8"
    )
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000_000))
    corpus = load_corpus(texts, index=True)
    assert corpus.index is not None
    assert corpus.index.refreshed.changed == 1


def test_a_file_added_or_removed_is_seen(texts: Path) -> None:
    assert len(load_corpus(texts, index=True).version_dates("cst")) == 2
    (texts / CST_2012).unlink()
    corpus = load_corpus(texts, index=True)
    assert corpus.index is not None
    assert corpus.index.refreshed.removed == 1
    assert corpus.version_dates("cst") == [date(1992, 5, 15)]
    assert not [h for h in search(corpus, '"armed attack"') if h.work_short == "cst"]
    shutil.copy(bundled_folder("texts") / CST_2012, texts / CST_2012)
    assert load_corpus(texts, index=True).version_dates("cst") == [date(1992, 5, 15), date(2012, 12, 19)]


def test_nothing_is_read_again_when_nothing_changed(texts: Path) -> None:
    first = Index.open(texts)
    assert first.refreshed.added == len(_scan(texts))
    first.close()
    again = Index.open(texts)
    assert not again.refreshed.touched
    again.close()


HOUR_NS = 3_600_000_000_000


def _age(folder: Path, ago_ns: int = HOUR_NS) -> int:
    """Every file and folder of ``folder`` last modified ``ago_ns`` ago (files first, then folders from the
    deepest, so that setting one does not touch another): an index walking it keeps its listing, which a
    folder changed within two seconds of the walk would not let it keep. Returns that time."""
    then = time.time_ns() - ago_ns
    paths = sorted(folder.rglob("*"), key=lambda p: (p.is_dir(), -len(p.parts)))
    for path in [*paths, folder]:
        os.utime(path, ns=(then, then))
    return then


def _kept(folder: Path) -> bool:
    """Open the index (refreshing it) and say whether it now keeps a listing of the folder."""
    index = Index.open(folder)
    try:
        return index.db.execute("SELECT count(*) FROM meta WHERE key='listing'").fetchone()[0] == 1
    finally:
        index.close()


def _without_walking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(folder: Path) -> None:
        raise AssertionError(f"walked {folder}")

    monkeypatch.setattr("lexcsto.corpus.index._walk", refuse)


def test_an_unchanged_folder_is_checked_without_walking_it(
    texts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _age(texts)
    Index.open(texts).close()  # walks, and keeps what it saw
    with monkeypatch.context() as patched:
        _without_walking(patched)
        again = Index.open(texts)
        assert not again.refreshed.touched
        assert again.parties_files == sorted(texts.rglob("parties.yaml"))
        again.close()


def test_what_the_kept_listing_cannot_tell_is_walked_for(
    texts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    then = _age(texts)
    assert _kept(texts)
    path = texts / CST_2012
    # an edit in place: the folder's time stays, the file's changes (by a second; the size stays too)
    path.write_text(
        path.read_text(encoding="utf-8").replace("armed attack", "ARMED ATTACK"), encoding="utf-8"
    )
    os.utime(path, ns=(then + 1_000_000_000, then + 1_000_000_000))
    os.utime(path.parent, ns=(then, then))
    corpus = load_corpus(texts, index=True)
    assert corpus.index is not None
    assert corpus.index.refreshed.changed == 1
    assert "ARMED ATTACK" in corpus.provision("cst", "art_4").provision.full_text
    # a file removed, then a work folder added: each changes a folder's time
    _age(texts)
    assert _kept(texts)
    (texts / CST_2012).unlink()
    corpus = load_corpus(texts, index=True)
    assert corpus.index is not None
    assert corpus.index.refreshed.removed == 1
    _age(texts)
    assert _kept(texts)
    shutil.copytree(texts / "cst", texts / "more" / "cst-copy")
    shutil.rmtree(texts / "cst")
    corpus = load_corpus(texts, index=True)
    assert corpus.index is not None
    assert corpus.index.refreshed.added > 0
    assert corpus.index.refreshed.removed > 0
    assert corpus.version_dates("cst") == [date(1992, 5, 15)]


def test_a_listing_taken_close_to_a_change_is_not_kept(texts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change within a timestamp's resolution of the walk could leave a file's time as the walk saw it."""
    _age(texts)
    os.utime(texts / "cst")  # now: a file could still be added to it within the same tick
    Index.open(texts).close()
    with monkeypatch.context() as patched:
        _without_walking(patched)
        with pytest.raises(AssertionError, match="walked"):
            Index.open(texts)


def test_a_read_only_corpus_folder_keeps_its_index_in_the_cache(texts: Path, cache: Path) -> None:
    before = sorted(p.relative_to(texts) for p in texts.rglob("*"))
    modes = {p: p.stat().st_mode for p in [texts, *texts.rglob("*")]}
    for p in modes:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        corpus = load_corpus(texts, index=True)
        assert corpus.work("cst").title == "Collective Security Treaty"
    finally:
        for p, mode in modes.items():
            p.chmod(mode)
    assert sorted(p.relative_to(texts) for p in texts.rglob("*")) == before
    assert corpus.index is not None
    assert corpus.index.path.parent == cache


def test_a_corrupted_index_is_rebuilt_with_a_warning(texts: Path) -> None:
    Index.open(texts).close()
    path = index_path(texts)
    path.write_bytes(b"this is not a SQLite database" * 100)
    with pytest.warns(UserWarning, match="not a readable lexcsto index"):
        corpus = load_corpus(texts, index=True)
    assert corpus.index is not None
    assert corpus.index.refreshed.rebuilt
    assert corpus.works == load_corpus(texts, index=False).works


def test_a_half_written_index_is_rebuilt_with_a_warning(texts: Path) -> None:
    Index.open(texts).close()
    path = index_path(texts)
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\0" * (len(data) - 4096))  # the header survives, the pages do not
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(texts, index=True)
        assert corpus.provision("cst", "art_4").provision.num == "Article 4"
    assert any("rebuilding" in str(w.message) for w in caught)


def test_no_cache_folder_means_reading_every_file(
    texts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LEXCSTO_CACHE_DIR", str(blocker / "cache"))
    with pytest.warns(UserWarning, match="cannot keep an index"):
        corpus = load_corpus(texts, index=True)
    assert corpus.index is None
    assert corpus.work("cst").short == "cst"


WORKER = """
import sys
from datetime import date
from lexcsto.corpus.queries import load_corpus
from lexcsto.corpus.search import search
folder = sys.argv[1]
for _ in range(int(sys.argv[2])):
    corpus = load_corpus(folder, index=True)
    assert corpus.provision("cst", "art_4").provision.num == "Article 4"
    for _ in range(3):  # noted, then computed and kept, then walked (lexcsto.corpus.rankings)
        assert search(corpus, '"armed attack"', as_at=date(2013, 1, 1))[0].article == "art_4"
    corpus.index.close()
print("ok")
"""


def test_two_processes_at_once(texts: Path, cache: Path) -> None:
    """Two processes build the same index at once, then one reads while the other refreshes after edits;
    each searches three times a round, so that both note, compute and keep the search's rankings
    (lexcsto.corpus.rankings) in one cache file at once. A warning in a child (a cache it could not
    use, a rebuild) fails it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEXCSTO_CACHE_DIR": str(cache)}

    def start(rounds: int) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-W", "error::UserWarning", "-c", WORKER, str(texts), str(rounds)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    both = [start(3), start(3)]
    for p in both:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert out.strip() == "ok"
    reader = start(20)
    path = texts / "charter" / "eng@2012-12-19.xml"
    original = path.read_text(encoding="utf-8")
    for n in range(5):  # the writer: a file changes and the index is refreshed, while the reader reads
        path.write_text(original.replace("Charter", f"Charter{' ' * n}", 1), encoding="utf-8")
        assert load_corpus(texts, index=True).work("charter").short == "charter"
    out, err = reader.communicate(timeout=300)
    assert reader.returncode == 0, err
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no rebuild: the index was never corrupted
        index = Index.open(texts)
    assert not index.refreshed.rebuilt
    index.close()


def test_the_index_and_search_commands(texts: Path) -> None:
    runner = CliRunner()
    built = runner.invoke(app, ["index", "--corpus", str(texts), "--json"])
    assert built.exit_code == 0, built.output
    state = json.loads(built.stdout)
    assert state["files"] == len(_scan(texts))
    assert state["refreshed"]["added"] == len(_scan(texts))
    again = runner.invoke(app, ["index", "--corpus", str(texts)])
    assert "up to date" in again.stdout
    rebuilt = runner.invoke(app, ["index", "--corpus", str(texts), "--rebuild"])
    assert "rebuilt" in rebuilt.stdout
    found = runner.invoke(
        app, ["search", '"armed attack"', "--as-at", "2013-01-01", "--corpus", str(texts), "--json"]
    )
    hits = json.loads(found.stdout)
    assert (hits[0]["work_short"], hits[0]["article"], hits[0]["version"]) == ("cst", "art_4", "2012-12-19")
    assert "[[armed attack]]" in hits[0]["snippet"]
    text = runner.invoke(app, ["search", "aggress*", "--work", "cst", "--corpus", str(texts)])
    assert text.exit_code == 0
    assert text.stdout.startswith("cst/art_4")
    none = runner.invoke(app, ["search", "zzzzqqq", "--corpus", str(texts)])
    assert none.exit_code == 1


def test_search_as_at_a_date_reads_only_the_text_in_force(cache: Path) -> None:
    before = search(lexcsto.load(), '"armed attack"', as_at=date(2011, 6, 1), work="cst")
    after = search(lexcsto.load(), '"armed attack"', as_at=date(2013, 1, 1), work="cst")
    assert before == ()  # the 1992 text of Article 4 speaks of aggression, not of an armed attack
    assert [h.eid for h in after] == ["art_4"]  # a hit is an article: its paragraphs 1 and 2 both match
    assert not [
        h for h in search(lexcsto.load(), "aggression", as_at=date(1992, 1, 1)) if h.work_short == "cst"
    ]


def _synthetic_with(tmp_path: Path, size: int, lang: str, old: str, new: str) -> tuple[Path, Corpus]:
    """A synthetic corpus of ``size`` instruments whose first ``lang`` file has ``old`` (which the generator
    writes) replaced once by ``new``, loaded through the index; (that file, the corpus)."""
    from benchmarks import synth

    made = synth.generate(
        tmp_path / "synth", synth.Spec(instruments=size, articles=size, versions=1, write_source=False)
    )
    changed = next(f for f in made.files if f.name.startswith(f"{lang}@"))
    text = changed.read_text(encoding="utf-8")
    assert old in text
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return changed, load_corpus(made.texts, index=True)


def test_russian_case_and_yo_fold(tmp_path: Path, cache: Path) -> None:
    """A synthetic Russian text (the generator's words, plus one word with ё added here as test data)."""
    _, corpus = _synthetic_with(tmp_path, 3, "rus", ">статьей ", ">ещё статьей ")
    for query in ("СТАТЬЕЙ", "стать*", "еще", "ЕЩЁ", '"еще статьей"'):
        hits = search(corpus, query, language="rus")
        assert hits, query
        assert all(h.language == "rus" for h in hits), query
    assert search(corpus, "еще", language="rus")[0].snippet.count("[[ещё]]") == 1
    assert not search(corpus, "статьей", language="eng")


def test_latin_diacritics_fold(tmp_path: Path, cache: Path) -> None:
    """A synthetic English text with a word in diacritics (test data): found without them, in any case."""
    english, corpus = _synthetic_with(tmp_path, 2, "eng", ">The Parties ", ">The naïve Parties ")
    for query in ("naive", "NAÏVE", "naï*", '"naive parties"'):
        hits = search(corpus, query, language="eng")
        assert [h.work_short for h in hits] == [english.parent.name], query
    assert "[[naïve]]" in search(corpus, "naive")[0].snippet
    assert "[[naïve Parties]]" in search(corpus, '"naive parties"')[0].snippet


def test_search_phrases_prefixes_and_operators(cache: Path) -> None:
    corpus = load_corpus(bundled_folder("texts"), index=True)
    phrase = search(corpus, '"territorial integrity"', work="cst", language="eng")
    assert [h.eid for h in phrase] == ["art_4"]  # paragraphs 1 and 2: one hit, the article
    assert all("[[territorial integrity]]" in h.snippet for h in phrase)
    assert not search(corpus, '"integrity territorial"', work="cst")  # a phrase, not two words
    assert search(corpus, "aggress*", work="cst", as_at="2013-01-01")[0].article == "art_4"
    both = {h.eid for h in search(corpus, "aggression AND armed", work="cst", as_at="2013-01-01")}
    assert both == {"art_4"}
    assert not search(corpus, "aggression NOT aggression", work="cst")
    assert not search(corpus, "aggression", language="rus")  # the bundled corpus quotes no Russian text
    with pytest.raises(lexcsto.QueryError, match="nothing to search for"):
        search(corpus, '"" AND')


def test_a_corpus_without_an_index_cannot_be_searched() -> None:
    with pytest.raises(lexcsto.QueryError, match="without an index"):
        search(Corpus(()), "anything")


def test_works_asked_for_stay_the_same_objects_once_all_are_decoded(texts: Path) -> None:
    corpus = load_corpus(texts, index=True)
    cst = corpus.work("cst")
    assert len(corpus.works) == len(load_corpus(texts, index=False).works)
    assert corpus.work("cst") is cst
    assert corpus.work(cst.uri) is cst
    assert corpus.work("charter").short == "charter"


def test_the_one_pass_reads_edge_cases_as_the_reader_does(tmp_path: Path) -> None:
    """Unicode spaces, omissis, references, blocks, wrappers, text holders, comments: the one pass gives the
    rows the reader's model gives (cases in tests/data/index_rows_cases.yaml)."""
    import re

    import yaml

    from benchmarks import synth
    from lexcsto.corpus.akn import parse_bytes
    from lexcsto.corpus.reader import read_expression
    from lexcsto.corpus.records import _one_pass, read_rows, rows_of

    made = synth.generate(
        tmp_path / "synth",
        synth.Spec(instruments=1, articles=4, versions=1, languages=("eng",), write_source=False),
    )
    base = made.files[0].read_text(encoding="utf-8")
    first = re.search(r'<paragraph eId="art_1__para_1">.*?</paragraph>', base, re.S)
    assert first is not None
    cases = yaml.safe_load((ROOT / "tests" / "data" / "index_rows_cases.yaml").read_text(encoding="utf-8"))
    for case in cases:
        path = tmp_path / "case.xml"
        path.write_text(base[: first.start()] + case["body"] + base[first.end() :], encoding="utf-8")
        data = path.read_bytes()
        facts, expression = read_expression(path)
        assert not facts.warnings, case["name"]
        assert read_rows(path, data) == rows_of(facts, expression), case["name"]
        if case.get("one_pass", True):
            _one_pass(path, parse_bytes(data, path), data)  # read by the one pass, not handed to the reader


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        tables = ("files", "works", "expressions", "passages", "refs")
        columns = {t: "*" if t != "files" else "path, size, mtime_ns, sha256, work, facts, first_passage, last_passage"
                   for t in tables}  # fmt: skip
        return {t: sorted(db.execute(f"SELECT {columns[t]} FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        db.close()


# The comparison runs in a fresh process: pytest's own process often holds threads other tests left
# running (a served site, a browser), and lexcsto.corpus.workers never forks a process with threads, so in
# the full suite the check would often see no worker. The child counts workers as two whatever the
# machine's cores, notes each process that read a file, and sends back both indexes' rows and the error
# a file that cannot be indexed gives, so that the parent can see the files were read by workers.
_BY_WORKERS = """
import os, pickle, sys
from pathlib import Path
from lexcsto.corpus import indexing, workers
from lexcsto.corpus.index import Index, UnindexableError

texts, out, noted = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
read_job = indexing._read_job

def noting(folder, job):
    (noted / str(os.getpid())).touch()
    return read_job(folder, job)

Index.open(texts, path=out / "serial.sqlite").close()
for name in os.listdir(noted):
    os.remove(noted / name)
indexing._read_job = noting
workers.workers = lambda: 2
workers.PARALLEL_ITEMS, workers.CHUNK = 1, 3
Index.open(texts, path=out / "workers.sqlite").close()
(texts / "cst" / "broken.xml").write_text("<akomaNtoso>", encoding="utf-8")
try:
    Index.open(texts, path=out / "broken.sqlite").close()
    error = None
except UnindexableError as stopped:
    error = str(stopped)
sys.stdout.buffer.write(pickle.dumps((os.getpid(), error)))
"""


def test_files_read_by_workers_give_the_same_index(texts: Path, tmp_path: Path) -> None:
    """A large refresh reads its files in worker processes (lexcsto.corpus.workers) while it writes: the
    index is the one a refresh reading them in turn builds, and a file that cannot be indexed still stops
    it with the same error."""
    import multiprocessing
    import pickle

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here: a refresh reads its files itself")
    noted = tmp_path / "noted"
    noted.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", _BY_WORKERS, str(texts), str(tmp_path), str(noted)],
        capture_output=True,
        check=True,
        cwd=ROOT,
        timeout=600,  # a hang in the pool's shutdown after the error was seen once: fail, do not stall
    )
    child, error = pickle.loads(done.stdout)
    readers = {int(p.name) for p in noted.iterdir()}
    assert readers  # the files were read by workers,
    assert child not in readers  # not by the child itself
    assert _dump(tmp_path / "workers.sqlite") == _dump(tmp_path / "serial.sqlite")
    assert error is not None
    assert "broken.xml" in error


def _models(texts: Path) -> dict[str, str]:
    """The works whose model the index keeps, each with what it is valid for."""
    index = Index.open(texts)
    try:
        return dict(index.db.execute("SELECT work, key FROM models"))
    finally:
        index.close()


def test_a_work_read_once_is_read_from_the_index_after(texts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The models kept in the index are those the reader gives, and a later process uses them."""
    from lexcsto.corpus import reader

    _age(texts)
    read = load_corpus(texts, index=False)
    first = load_corpus(texts, index=True)
    for w in read.works:
        assert first.work(w.uri) == w  # read by the reader, and kept
    assert set(_models(texts)) == {w.uri for w in read.works}

    def refuse(*_: object) -> None:
        raise AssertionError("the reader was asked for a work the index keeps")

    monkeypatch.setattr(reader, "read_expression", refuse)
    again = load_corpus(texts, index=True)
    for w in read.works:
        assert again.work(w.uri) == w  # unpickled from the index: the same model
        for e in w.expressions:
            for p in e.walk():
                assert again.provision(w.uri, p.eid, language=e.language) == read.provision(
                    w.uri, p.eid, language=e.language
                )
                assert again.timeline(w.uri, p.eid) == read.timeline(w.uri, p.eid)


def test_a_kept_model_is_not_used_once_its_files_or_the_code_change(
    texts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lexcsto.corpus import model_store

    _age(texts)
    cst = load_corpus(texts, index=True).work("cst")
    kept = _models(texts)
    assert cst.uri in kept
    path = texts / CST_2012
    path.write_text(
        path.read_text(encoding="utf-8").replace("armed attack", "ARMED ATTACK"), encoding="utf-8"
    )
    corpus = load_corpus(texts, index=True)
    assert cst.uri not in _models(texts)  # the refresh forgot it with the file
    assert "ARMED ATTACK" in corpus.provision("cst", "art_4").provision.full_text
    assert cst.uri not in _models(texts)  # just modified: not kept until the file is older than the check
    _age(texts)
    load_corpus(texts, index=True).work("cst")
    assert _models(texts)[cst.uri] != kept[cst.uri]
    # A reader that changed (its modules' stamps) reads the same files again.
    monkeypatch.setattr(model_store, "code_stamp", lambda: "another reader")
    assert load_corpus(texts, index=True).work("cst") == load_corpus(texts, index=False).work("cst")
    assert _models(texts)[cst.uri] != kept[cst.uri]


def test_a_kept_model_that_is_not_one_is_read_again_and_runs_no_code(texts: Path) -> None:
    """Blobs that are no kept model: garbage, another pickle, a pickle that would run code, each with and
    without a checksum that matches (the unpickler refuses what the checksum lets through), and the kept
    blob itself with bytes changed or cut (its checksum no longer matches: never unpickled, since a
    damaged pickle can make the unpickler ask for gigabytes): each read again from the files."""
    import pickle

    from lexcsto.corpus import model_store

    _age(texts)
    expected = load_corpus(texts, index=False).work("cst")
    load_corpus(texts, index=True).work("cst")
    index = Index.open(texts)
    kept = bytes(index.db.execute("SELECT model FROM models WHERE work=?", (expected.uri,)).fetchone()[0])
    marker = texts.parent / "ran"
    other = pickle.dumps(["a list", "not a work"])
    hostile = b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."  # os.system("touch ...")
    damaged = [kept[:-1], kept[: len(kept) // 2], bytes([kept[0] ^ 1]) + kept[1:]]
    damaged.append(kept[:-40] + bytes([kept[-40] ^ 0xFF]) + kept[-39:])
    stored_blobs = [
        b for blob in (b"not a pickle", other, hostile) for b in (blob, model_store._checksum(blob) + blob)
    ]
    for stored in (*stored_blobs, *damaged):
        index.db.execute("UPDATE models SET model=? WHERE work=?", (stored, expected.uri))
        assert load_corpus(texts, index=True).work("cst") == expected
    index.close()
    assert not marker.exists()


def _no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any work model the index would decode (read from its files, or unpickled from the index) fails."""
    from lexcsto.corpus import model_store

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a work model was decoded")

    monkeypatch.setattr(Index, "_read_works", refuse)
    monkeypatch.setattr(model_store, "loads", refuse)


def test_the_list_is_answered_from_the_index_as_reading_every_file_does(
    texts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``lexcsto list`` shows comes from the index's rows, equal to the works read from the files, for
    the bundled corpus and a synthetic one; text and JSON output are those of the files' works, and no
    work model is decoded."""
    from benchmarks import synth
    from lexcsto.corpus import queries

    made = synth.generate(
        tmp_path / "synth", synth.Spec(instruments=12, articles=3, versions=2, write_source=False)
    )
    runner = CliRunner()
    for folder in (texts, made.texts):
        read = load_corpus(folder, index=False)
        assert load_corpus(folder, index=True).listing() == read.listing()
        with monkeypatch.context() as patched:  # the command as it answers from the works read from the files
            patched.setattr(queries, "load_corpus", lambda f, index, read=read: read)
            from_files = [runner.invoke(app, ["list", *f, "--corpus", str(folder)]) for f in ([], ["--json"])]
        with monkeypatch.context() as patched:
            _no_decoding(patched)
            indexed = load_corpus(folder, index=True)
            assert indexed.listing() == tuple(type(indexed.listing()[0]).of(w) for w in read.works)
            from_index = [runner.invoke(app, ["list", *f, "--corpus", str(folder)]) for f in ([], ["--json"])]
        for before, after in zip(from_files, from_index, strict=True):
            assert after.exit_code == 0, after.output
            assert after.output == before.output
    assert any(r.editorial for r in load_corpus(texts, index=True).listing())  # the case is covered
    assert any(", as of " in r.status_label for r in load_corpus(texts, index=True).listing())


def test_incoming_references_are_answered_from_the_index_as_reading_every_file_does(
    texts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The amendments among the incoming references (destinations and quoted references) come from the
    index's rows of the modifications, equal to those of the works read from the files, for every
    provision of the bundled corpus and of a synthetic one; ``refs --incoming`` decodes no work but the
    one it is asked about."""
    from benchmarks import synth

    made = synth.generate(
        tmp_path / "synth", synth.Spec(instruments=12, articles=3, versions=3, write_source=False)
    )
    runner = CliRunner()
    for folder in (texts, made.texts):
        read = load_corpus(folder, index=False)
        amended = 0
        for w in read.works:
            indexed = load_corpus(folder, index=True)
            assert indexed.incoming(w.uri, amendments=True) == read.incoming(w.uri, amendments=True)
            eids = {p.eid for e in w.expressions for p in e.walk()}
            for eid in sorted(eids):
                found = read.incoming(w.uri, eid, amendments=True)
                assert indexed.incoming(w.uri, eid, amendments=True) == found
                amended += any(r.kind == "destination" for r in found)
            decoded: list[str] = []
            work = Index.work

            def noting(index: Index, uri: str, decoded: list[str] = decoded, work=work) -> object:  # type: ignore[no-untyped-def]
                decoded.append(uri)
                return work(index, uri)

            with monkeypatch.context() as patched:
                patched.setattr(Index, "work", noting)
                patched.setattr(Index, "works", lambda _: pytest.fail("every work was decoded"))
                for eid in sorted(eids)[:3]:
                    got = runner.invoke(
                        app, ["refs", f"{w.uri}/{eid}", "--incoming", "--json", "--corpus", str(folder)]
                    )
                    assert got.exit_code == 0, got.output
                    expected = [dict(vars(r)) for r in read.incoming(w.uri, eid, amendments=True)]
                    assert json.loads(got.output) == expected
            assert set(decoded) <= {w.uri}
        assert amended  # the case is covered


@settings(derandomize=True, max_examples=300, deadline=None)
@given(cut=st.integers(min_value=0), flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(1, 255))))
def test_a_damaged_listing_is_walked_not_trusted(cut: int, flips: list[tuple[int, int]]) -> None:
    """The listing kept in the index's meta table read back truncated or with bytes changed: None (the
    folder is walked) or a listing whose names and numbers still pair up, never an exception out of the
    refresh, and never more memory than a few times the blob (``marshal``, the format before, could be
    made to allocate gigabytes by one changed byte)."""
    listing = _Listing(
        ["", "cst"], [1, 2], ["cst/a.xml", "cst/b.xml"], [10, 11, 12, 13], ["parties.yaml"], 99
    )
    assert _Listing.loads(listing.dumps()) == listing
    blob = bytearray(listing.dumps())
    for at, xor in flips:
        blob[at % len(blob)] ^= xor
    damaged = bytes(blob[: len(blob) - cut % len(blob)]) if cut else bytes(blob)
    tracemalloc.start()
    try:
        read = _Listing.loads(damaged)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024
    if read is not None:
        assert len(read.folder_mtimes) == len(read.folders)
        assert len(read.stamps) == 2 * len(read.files)
        assert all(isinstance(n, int) for n in [*read.folder_mtimes, *read.stamps, read.taken_ns])
