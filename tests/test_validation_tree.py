"""Validation reads the skeleton of the tree it parsed (issue 13): the same eIds, facts and warnings as the
model the loader builds, without flattening the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import synth
from lexcsto.corpus.akn import parse_file
from lexcsto.corpus.reader import bundled_folder, expression_files, read_expression
from lexcsto.errors import LoadError

FOREIGN = Path(__file__).parent / "data" / "akn"  # other producers: derived eIds, components, judgments


def _files(tmp: Path) -> list[Path]:
    made = synth.generate(
        tmp / "synth", synth.Spec(instruments=4, articles=3, versions=2, write_source=False)
    )
    return [*expression_files(bundled_folder("texts")), *sorted(FOREIGN.rglob("*.xml")), *made.files]


def test_the_skeleton_has_the_eids_facts_and_warnings_of_the_model(tmp_path: Path) -> None:
    files = _files(tmp_path)
    assert len(files) > 60
    for f in files:
        root = parse_file(f)
        try:
            facts, full = read_expression(f, root)
        except LoadError as err:
            message = str(err)
            with pytest.raises(LoadError) as skeleton_err:
                read_expression(f, root, text=False)
            assert str(skeleton_err.value) == message, f
            continue
        skeleton_facts, skeleton = read_expression(f, root, text=False)
        assert skeleton_facts == facts, f  # the warnings included
        assert [(p.eid, p.kind, p.num, p.derived) for p in skeleton.walk()] == [
            (p.eid, p.kind, p.num, p.derived) for p in full.walk()
        ], f
        assert (skeleton.uri, skeleton.key, skeleton.language, skeleton.date, skeleton.translation) == (
            full.uri,
            full.key,
            full.language,
            full.date,
            full.translation,
        ), f
        assert not any(p.text for p in skeleton.walk())
        assert skeleton.fragments == ()


def test_the_skeleton_still_refuses_a_fragment_without_lines(tmp_path: Path) -> None:
    source = bundled_folder("texts") / "cst" / "eng@2012-12-19.seed-002.xml"
    broken = tmp_path / "cst" / source.name
    broken.parent.mkdir()
    text = source.read_text(encoding="utf-8")
    start = text.index("<lx:fragment ")
    end = text.index(">", start)
    tag = text[start:end]
    assert ' lines="' in tag
    cut = tag[: tag.index(' lines="')] + tag[tag.index('"', tag.index(' lines="') + 8) + 1 :]
    broken.write_text(text[:start] + cut + text[end:], encoding="utf-8")
    with pytest.raises(LoadError, match="has no lines"):
        read_expression(broken, text=False)


def test_a_document_without_text_is_still_named() -> None:
    root = parse_file(bundled_folder("texts") / "cst" / "eng@2012-12-19.seed-002.xml")
    for block in [*root.iter("{*}p"), *root.iter("{*}block")]:
        block.text = ""
        for child in list(block):
            block.remove(child)
    full, _ = read_expression(Path("cst.xml"), root)
    skeleton, _ = read_expression(Path("cst.xml"), root, text=False)
    assert any("no unit with text" in w.message for w in full.warnings)
    assert skeleton.warnings == full.warnings


def test_validation_by_workers_finds_the_same_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large validation checks its files in worker processes (lexcsto.corpus.workers): every problem is
    the one checking them in turn finds, in the same order, under each profile."""
    from lexcsto.corpus import workers
    from lexcsto.corpus.validation import validate

    if not workers.workers():
        pytest.skip("no second core or no fork here: validation checks its files itself")
    folders = [bundled_folder("texts"), Path(__file__).parent / "data" / "akn"]
    alone = {profile: validate(folders, profile=profile) for profile in (None, "akn", "edition")}
    monkeypatch.setattr(workers, "PARALLEL_ITEMS", 1)
    monkeypatch.setattr(workers, "CHUNK", 3)
    for profile, problems in alone.items():
        assert validate(folders, profile=profile) == problems, profile
    assert alone["edition"]  # the foreign files break the edition's rules: the comparison compares something
