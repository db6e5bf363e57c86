"""The search's kept rankings (lexcsto.corpus.rankings) give exactly the hits of ranking in SQL with the
filter (lexcsto.corpus.search._ranked_sql): on every query of tests/data/search_queries.yaml, as at several
dates, in each language; dropped when a refresh changes the index; a file that is no cache is replaced, and
an unusable one leaves the search uncached, each with a warning, never with other hits."""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from lexcsto.corpus import rankings
from lexcsto.corpus import search as searching
from lexcsto.corpus.queries import Corpus, load_corpus
from lexcsto.corpus.search import Hit, search

QUERIES: list[str] = yaml.safe_load(
    (Path(__file__).parent / "data" / "search_queries.yaml").read_text(encoding="utf-8")
)
DATES = (None, "1995-06-01", "2005-01-01", "2013-01-01", "2022-01-01")


@pytest.fixture(autouse=True)
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LEXCSTO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(rankings, "PREFIX", 8)  # short prefixes: the walk asks for longer ones
    rankings.forget()
    searching._FACTS.clear()
    yield
    rankings.forget()


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    from benchmarks import synth

    made = synth.generate(tmp_path / "s", synth.Spec(instruments=30, seed=5, write_source=False))
    return load_corpus(made.root / "texts", index=True)


def _uncached(corpus: Corpus, query: str, **filters: object) -> tuple[Hit, ...]:
    old = searching._KEEP_RANKINGS
    searching._KEEP_RANKINGS = False
    try:
        return search(corpus, query, **filters)  # type: ignore[arg-type]
    finally:
        searching._KEEP_RANKINGS = old


def test_kept_rankings_give_the_hits_of_the_sql(corpus: Corpus) -> None:
    compared = 0
    for query in QUERIES:
        for when in DATES:
            for language in (None, "eng", "rus"):
                expected = _uncached(corpus, query, as_at=when, language=language)
                for _ in range(2):  # the first ask of a MATCH is ranked in SQL; the next ones walk
                    assert search(corpus, query, as_at=when, language=language) == expected, (query, when)
                compared += len(expected)
    assert compared > 1000
    kept = sqlite3.connect(rankings.cache_path(corpus.index))  # type: ignore[arg-type]
    assert kept.execute("SELECT count(*) FROM rankings WHERE length(rowids) > 0").fetchone()[0] > 20


def test_a_refresh_drops_the_kept_rankings(corpus: Corpus) -> None:
    assert corpus.index is not None
    for _ in range(3):
        before = search(corpus, "obligations")
    assert before
    old = rankings.generation(corpus.index)
    files = sorted(Path(corpus.path).rglob("eng@*.xml"))  # type: ignore[arg-type]
    changed = next(f for f in files if "obligations" in f.read_text(encoding="utf-8"))
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("obligations", "zqxobligations"), encoding="utf-8")
    again = load_corpus(Path(corpus.path), index=True)  # type: ignore[arg-type]
    assert again.index is not None
    assert again.index.refreshed.changed == 1
    assert search(again, "obligations") == _uncached(again, "obligations")  # noted again: SQL
    assert search(again, "obligations") == _uncached(again, "obligations")  # computed in the new state
    assert search(again, "zqxobligations") == _uncached(again, "zqxobligations")
    assert again.index.db.execute(
        "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'zqxobligations'"
    ).fetchone()[0]
    assert rankings.generation(again.index) != old
    kept = sqlite3.connect(rankings.cache_path(again.index))
    assert {g for (g,) in kept.execute("SELECT generation FROM rankings")} == {
        rankings.generation(again.index)
    }


def test_a_damaged_cache_file_is_not_used(corpus: Corpus) -> None:
    assert corpus.index is not None
    expected = _uncached(corpus, "assistance", as_at="2013-01-01")
    for _ in range(2):
        search(corpus, "assistance", as_at="2013-01-01")
    path = rankings.cache_path(corpus.index)
    db = sqlite3.connect(path)
    db.execute("UPDATE rankings SET scores = zeroblob(length(scores))")  # the checksum no longer matches
    db.commit()
    db.close()
    with pytest.warns(UserWarning, match="damaged"):
        assert search(corpus, "assistance", as_at="2013-01-01") == expected
    rankings.forget()
    path.write_bytes(b"not a database" * 100)  # not SQLite at all
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with pytest.warns(UserWarning, match="not a readable rankings cache.*replacing it"):
        assert search(corpus, "assistance", as_at="2013-01-01") == expected
    rankings.forget()  # another process: the file replaced is a cache again, without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(2):
            assert search(corpus, "assistance", as_at="2013-01-01") == expected
    assert sqlite3.connect(path).execute("SELECT count(*) FROM rankings").fetchone() == (1,)


def test_an_unwritable_cache_searches_uncached(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rankings, "cache_path", lambda index: tmp_path / "missing" / "x.rankings")
    expected = _uncached(corpus, '"the Parties"', as_at="2005-01-01", language="eng")
    with pytest.warns(UserWarning, match="cannot keep search rankings"):
        assert search(corpus, '"the Parties"', as_at="2005-01-01", language="eng") == expected
    assert search(corpus, '"the Parties"', as_at="2005-01-01", language="eng") == expected
