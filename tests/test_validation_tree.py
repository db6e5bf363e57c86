"""Validation reads the skeleton of the tree it parsed (issue 13): the same eIds, facts and warnings as the
model the loader builds, without flattening the text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks import synth
from lexcsto.corpus.akn import parse_file
from lexcsto.corpus.bundled import bundled_folder
from lexcsto.corpus.reader import expression_files, read_expression, read_skeleton
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
                read_skeleton(f, root)
            assert str(skeleton_err.value) == message, f
            continue
        skeleton_facts, skeleton, eids = read_skeleton(f, root)
        assert skeleton_facts.modifications == []  # validation reads them from the tree
        assert replace(skeleton_facts, modifications=facts.modifications) == facts, f  # warnings included
        assert eids == tuple(p.eid for p in full.walk()), f  # derived ones included, in the same order
        assert (skeleton.uri, skeleton.key, skeleton.language, skeleton.date, skeleton.translation) == (
            full.uri,
            full.key,
            full.language,
            full.date,
            full.translation,
        ), f
        assert skeleton.provisions == ()
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
        read_skeleton(broken)


def test_a_document_without_text_is_still_named() -> None:
    root = parse_file(bundled_folder("texts") / "cst" / "eng@2012-12-19.seed-002.xml")
    for block in [*root.iter("{*}p"), *root.iter("{*}block")]:
        block.text = ""
        for child in list(block):
            block.remove(child)
    full, _ = read_expression(Path("cst.xml"), root)
    skeleton, _, _ = read_skeleton(Path("cst.xml"), root)
    assert any("no unit with text" in w.message for w in full.warnings)
    assert skeleton.warnings == full.warnings


# The comparison runs in a fresh process: pytest's own process often holds threads other tests left
# running (a served site, a browser), and lexcsto.corpus.workers never forks a process with threads, so in
# the full suite the check would never see a worker. The child counts workers as two whatever the machine's
# cores, has every file checked by them, and notes each process that checked a file, so that the parent
# can see the files were checked by workers and not by the child itself.
_BY_WORKERS = """
import functools, os, pickle, sys
from pathlib import Path
from lexcsto.corpus import validation, workers

folders, noted = [Path(f) for f in sys.argv[1:-1]], Path(sys.argv[-1])
check = validation._check_file

def noting(path, **kwargs):
    (noted / str(os.getpid())).touch()
    return check(path, **kwargs)

alone = {p: validation.validate(folders, profile=p) for p in (None, "akn", "edition")}
for name in os.listdir(noted):
    os.remove(noted / name)
validation._check_file = noting
workers.workers = lambda: 2
workers.PARALLEL_ITEMS, workers.CHUNK = 1, 3
by_workers = {p: validation.validate(folders, profile=p) for p in alone}
sys.stdout.buffer.write(pickle.dumps((os.getpid(), alone, by_workers)))
"""


def test_validation_by_workers_finds_the_same_problems(tmp_path: Path) -> None:
    """A large validation checks its files in worker processes (lexcsto.corpus.workers): every problem is
    the one checking them in turn finds, in the same order, under each profile."""
    import multiprocessing
    import pickle
    import subprocess
    import sys

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here: validation checks its files itself")
    folders = [bundled_folder("texts"), FOREIGN]
    done = subprocess.run(
        [sys.executable, "-c", _BY_WORKERS, *map(str, folders), str(tmp_path)],
        capture_output=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    child, alone, by_workers = pickle.loads(done.stdout)
    checkers = {int(p.name) for p in tmp_path.iterdir()}
    assert checkers  # the files were checked by workers,
    assert child not in checkers  # not by the child itself
    for profile, problems in alone.items():
        assert by_workers[profile] == problems, profile
    assert alone["edition"]  # the foreign files break the edition's rules: the comparison compares something
    assert any(p.severity == "warning" for p in alone["akn"])


def test_the_bundled_context_only_when_something_does_not_resolve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file outside the bundled corpus citing a bundled work resolves against the bundled corpus, read
    only when something does not resolve among the files given (issue 13); a citation of an eId that
    work lacks is still reported."""
    import shutil

    import lexcsto
    from lexcsto.corpus import validation

    read: list[object] = []
    original = validation._read_context

    def counted(*args: object) -> None:
        read.append(args)
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "_read_context", counted)
    source = bundled_folder("texts") / "cst" / "eng@1992-05-15.seed-000.xml"
    copy = tmp_path / "cst" / source.name
    copy.parent.mkdir()
    shutil.copy(source, copy)
    text = copy.read_text(encoding="utf-8")
    assert "un-charter/!main~art_51" in text
    assert not any("points at no work" in p.message for p in lexcsto.validate([copy]))
    assert len(read) == 1  # the UN Charter is not among the files given
    copy.write_text(text.replace("un-charter/!main~art_51", "un-charter/!main~art_9999"), encoding="utf-8")
    found = [p.message for p in lexcsto.validate([copy])]
    assert any("has no provision 'art_9999'" in m for m in found), found
    read.clear()
    made = synth.generate(tmp_path / "synth", synth.Spec(instruments=4, versions=2, write_source=False))
    assert lexcsto.validate([made.texts]) == []
    lexcsto.validate([bundled_folder("texts")])
    assert not read  # everything resolved among the files given, or the bundled corpus given whole
