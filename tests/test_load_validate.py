"""Load and validate in one pass (issue 13): ``load_corpus(folder, validate=...)`` gives the corpus
``load_corpus(folder)`` gives and the problems ``validate([folder])`` gives, in the same order."""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import pytest

import lexcsto
from benchmarks import synth
from lexcsto.corpus.bundled import bundled_folder
from lexcsto.corpus.queries import Corpus, load_corpus
from lexcsto.errors import QueryError

TESTS = Path(__file__).parent
FOREIGN = TESTS / "data" / "akn"
BROKEN = TESTS / "data" / "akn-broken"


def _hash(value: object) -> str:
    return hashlib.sha256(pickle.dumps(value, protocol=5)).hexdigest()


def _model(corpus: Corpus) -> tuple[str, ...]:
    """The hashes the lazy load was held to (docs/performance.md): works, problems, defaults, sources,
    memberships and repr, each apart."""
    return tuple(
        _hash(v)
        for v in (
            corpus.works,
            corpus.problems,
            dict(corpus._given_defaults),
            corpus.sources,
            corpus.memberships,
            repr(corpus),
        )
    )


def _same(folder: Path | None, profiles: tuple[str | None, ...] = (None, "akn", "edition")) -> None:
    for profile in profiles:
        one = load_corpus(folder, validate=profile or True)
        assert one.validation is not None
        assert list(one.validation) == lexcsto.validate(None if folder is None else [folder], profile=profile)  # type: ignore[arg-type]
        two = load_corpus(folder, index=False) if folder is not None else load_corpus(bundled_folder("texts"))
        assert one.file_problems == two.file_problems  # found in the pass, before any work is built
        assert one._works is None  # nothing built by the pass
        assert _model(one) == _model(two), (folder, profile)


def test_the_bundled_corpus_in_one_pass() -> None:
    _same(None)
    _same(bundled_folder("texts"), (None,))
    assert load_corpus(None).validation is None  # a plain load validates nothing


def test_synthetic_corpora_in_one_pass(tmp_path: Path) -> None:
    for seed, instruments in ((0, 6), (3, 12)):
        made = synth.generate(
            tmp_path / f"s{seed}", synth.Spec(instruments=instruments, versions=2, seed=seed)
        )
        _same(made.texts)


def test_each_producer_folder_and_the_broken_files_in_one_pass() -> None:
    for producer in sorted(p for p in FOREIGN.iterdir() if p.is_dir()):
        _same(producer)
    _same(FOREIGN)
    _same(BROKEN)


def test_a_broken_file_and_a_duplicate_in_one_pass(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    shutil.copytree(bundled_folder("texts") / "cst", texts / "cst")
    first = sorted((texts / "cst").glob("*.xml"))[0]
    shutil.copy(first, texts / "cst" / f"copy-{first.name}")
    (texts / "cst" / "broken.xml").write_text("<akomaNtoso><unclosed></akomaNtoso>", encoding="utf-8")
    shutil.copy(bundled_folder("texts") / "sources.yaml", texts / "sources.yaml")
    _same(texts)
    one = load_corpus(texts, validate=True)
    assert one.validation is not None
    assert any("also in" in p.message for p in one.file_problems)
    assert any(p.path and p.path.endswith("broken.xml") for p in one.validation)
    assert one.work("cst").uri == load_corpus(texts).work("cst").uri  # a work still built on first use


def test_the_facade_and_its_refusal() -> None:
    corpus = lexcsto.load(validate=True)
    assert corpus.validation == ()
    with pytest.raises(QueryError, match="cannot answer from the index"):
        load_corpus(bundled_folder("texts"), index=True, validate=True)


@pytest.mark.parametrize(
    "sources",
    ["- id: x\n  file: [\n", "- id: x\n", "not a list\n", None],
    ids=["malformed", "an entry without file", "not a list", "none"],
)
def test_the_sources_file_read_once_in_one_pass(tmp_path: Path, sources: str | None) -> None:
    """The pass takes the folder's sources (or the problem of its sources file) from validation's reading
    of the file, and gives what the two calls give."""
    texts = tmp_path / "texts"
    shutil.copytree(bundled_folder("texts") / "charter", texts / "charter")
    if sources is not None:
        (texts / "sources.yaml").write_text(sources, encoding="utf-8")
    _same(texts)
