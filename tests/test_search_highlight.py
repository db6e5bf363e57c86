"""The snippets' marks are found in Python (lexcsto.corpus.search._spans), once per hit, as FTS5's
highlight() finds them: checked on every ranked passage of a table of queries (tests/data/search_queries.yaml)
over the bundled corpus and a seeded synthetic one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lexcsto.corpus.bundled import bundled_folder
from lexcsto.corpus.index import Index
from lexcsto.corpus.search import _agree, _hit_spans, _marked, _marked_spans, _phrases, fts_query

QUERIES: list[str] = yaml.safe_load(
    (Path(__file__).parent / "data" / "search_queries.yaml").read_text(encoding="utf-8")
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LEXCSTO_CACHE_DIR", str(folder))
    return folder


def _compare(index: Index) -> int:
    """How many ranked passages were marked in Python; each one's marks as FTS5's (the others, whose
    text holds a character Python does not tokenise as unicode61, are marked by FTS5 itself)."""
    checked = 0
    for query in QUERIES:
        match = fts_query(query)
        phrases = _phrases(match)
        rows = index.db.execute(
            "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT 200", (match,)
        ).fetchall()
        for (rowid,) in rows:
            marked, text = _marked(index, int(rowid), match)
            assert _hit_spans(index, int(rowid), text, match, phrases) == _marked_spans(marked), (query, text)
            checked += _agree(set(text))
    return checked


def test_python_marks_are_fts5_marks_on_the_bundled_corpus(cache: Path) -> None:
    index = Index.open(bundled_folder("texts"))
    assert _compare(index) > 200


def test_python_marks_are_fts5_marks_on_a_synthetic_corpus(tmp_path: Path, cache: Path) -> None:
    from benchmarks import synth

    made = synth.generate(tmp_path / "s", synth.Spec(instruments=30, seed=3, write_source=False))
    folder = made.root / "texts"
    one = next(f for f in made.files if f.name.startswith("rus@"))
    text = one.read_text(encoding="utf-8")
    one.write_text(text.replace(">статьей ", ">ещё статьей ", 1), encoding="utf-8")  # test data: ё
    eng = next(f for f in made.files if f.name.startswith("eng@"))
    text = eng.read_text(encoding="utf-8")
    eng.write_text(text.replace(">The Parties ", ">The naïve Café Parties ", 1), encoding="utf-8")
    other = next(f for f in made.files if f.name.startswith("eng@") and f != eng)
    text = other.read_text(encoding="utf-8")  # a combining accent and a micro sign: marked by FTS5
    assert ">The Parties " in text
    other.write_text(text.replace(">The Parties ", ">The cafe\u0301 µ Parties ", 1), encoding="utf-8")
    index = Index.open(folder)
    assert _compare(index) > 1000
    planted = index.db.execute("SELECT text FROM passages WHERE text LIKE '%µ Parties%'").fetchone()[0]
    assert not _agree(set(planted))
