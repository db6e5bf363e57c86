"""The in-memory load builds each work on first use (issue 13): the works, their order, the problems and the
defaults are those of reading every file at once, and no problem waits for the work to be built."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from benchmarks import synth
from lexcsto.corpus.akn import parse_file
from lexcsto.corpus.bundled import bundled_folder
from lexcsto.corpus.queries import load_corpus
from lexcsto.corpus.reader import read_corpus, read_expression, read_skeleton
from lexcsto.errors import LoadError, QueryError

TESTS = Path(__file__).parent
FOREIGN = TESTS / "data" / "akn"


def _same(folder: Path) -> None:
    eager = read_corpus(folder)
    corpus = load_corpus(folder, index=False)
    assert corpus.problems == eager.problems + corpus.problems[len(eager.problems) :]
    assert corpus.file_problems == eager.problems  # found at load, before any work is built (parties: later)
    assert dict(corpus._given_defaults) == eager.defaults
    assert corpus.sources == eager.sources
    works = corpus.works
    assert works == eager.works
    assert pickle.dumps(works, protocol=5) == pickle.dumps(eager.works, protocol=5)


def test_every_xml_file_under_tests_is_refused_by_the_skeleton_as_by_the_model() -> None:
    """What makes a lazy load honest: the full reader raises exactly where the skeleton read at load did."""
    files = sorted(TESTS.rglob("*.xml"))
    assert len(files) > 15
    for f in files:
        try:
            root = parse_file(f)
        except LoadError:
            continue
        message = ""
        try:
            read_expression(f, root)
        except LoadError as err:
            message = str(err)
        if not message:
            read_skeleton(f, root)
            continue
        with pytest.raises(LoadError) as refused:
            read_skeleton(f, root)
        assert str(refused.value) == message, f


def test_the_lazy_model_is_the_eager_one(tmp_path: Path) -> None:
    made = synth.generate(tmp_path / "synth", synth.Spec(instruments=6, articles=3, versions=2, seed=3))
    _same(bundled_folder("texts"))
    _same(made.texts)
    for producer in sorted(p for p in FOREIGN.iterdir() if p.is_dir()):
        _same(producer)


def test_a_broken_file_and_a_duplicate_are_reported_at_load(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    shutil.copytree(bundled_folder("texts") / "cst", texts / "cst")
    first = sorted((texts / "cst").glob("*.xml"))[0]
    shutil.copy(first, texts / "cst" / f"copy-{first.name}")
    (texts / "cst" / "broken.xml").write_text("<akomaNtoso><unclosed></akomaNtoso>", encoding="utf-8")
    corpus = load_corpus(texts, index=False)
    assert corpus._works is None  # nothing built yet
    messages = [p.message for p in corpus.file_problems]
    assert any("also in" in m for m in messages)
    assert any(p.path and p.path.endswith("broken.xml") for p in corpus.file_problems)
    _same(texts)


def test_a_work_is_built_from_the_bytes_read_at_load(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    shutil.copytree(bundled_folder("texts"), texts)
    eager = read_corpus(texts).works
    expected = {w.uri: w for w in eager}
    corpus = load_corpus(texts, index=False)
    for f in texts.rglob("*.xml"):
        f.write_text("changed after the load", encoding="utf-8")
    charter = corpus.work("charter")
    assert charter == expected[charter.uri]
    assert corpus._works is None  # one work built, not all
    assert corpus.titled(charter.title) is charter
    assert corpus.work(charter.uri) is charter
    with pytest.raises(QueryError, match="known short names include"):  # without building the works
        corpus.work("no-such-work")
    assert corpus._works is None
    assert corpus.works == eager
    assert corpus.work("charter") is charter


def test_a_broken_parties_file_is_reported_by_an_in_memory_load(tmp_path: Path) -> None:
    """The parties files are read on first use, as from the index: their problems are in ``problems``
    (and a strict load raises them) though not in ``file_problems``."""
    texts = tmp_path / "texts"
    shutil.copytree(bundled_folder("texts"), texts)
    parties = sorted(texts.rglob("parties.yaml"))[0]
    parties.write_text("work: [unclosed\n", encoding="utf-8")
    corpus = load_corpus(texts, index=False)
    assert not any(p.path == str(parties) for p in corpus.file_problems)
    assert any(p.path == str(parties) and p.severity == "error" for p in corpus.problems)
    with pytest.raises(LoadError, match=r"parties\.yaml"):
        load_corpus(texts, index=False, strict=True)


def test_two_threads_asking_for_one_work_get_the_same_object() -> None:
    from concurrent.futures import ThreadPoolExecutor

    corpus = load_corpus(bundled_folder("texts"), index=False)
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: corpus.work("charter"), range(8)))
    assert all(w is found[0] for w in found)
    assert corpus.works[[w.uri for w in corpus.works].index(found[0].uri)] is found[0]
