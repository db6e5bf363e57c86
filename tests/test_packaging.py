"""The bundled corpus works from an installed wheel, not only from a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("lexcsto-*.whl")
    return built


def test_wheel_carries_texts_annotations_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    texts = {n for n in names if n.startswith("lexcsto/_bundled/texts/")}
    assert "lexcsto/_bundled/texts/sources.yaml" in texts
    assert any(n.endswith(".xml") for n in texts)
    assert {p.relative_to(ROOT / "texts").as_posix() for p in (ROOT / "texts").rglob("*.xml")} == {
        n.removeprefix("lexcsto/_bundled/texts/") for n in texts if n.endswith(".xml")
    }
    assert any(n.startswith("lexcsto/_bundled/annotations/") for n in names)
    assert "lexcsto/py.typed" in names


def test_installed_wheel_loads_the_bundled_corpus(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = "import lexcsto; c = lexcsto.load(); print(c.path); print(len(c.works)); print(c.work('cst').uri)"
    # Run from an empty folder with the unpacked wheel first on the path: the checkout is not used.
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    path, count, cst = done.stdout.split("\n")[:3]
    assert path.startswith(str(site / "lexcsto" / "_bundled"))
    assert int(count) > 0
    assert cst == "/akn/aa-csto/act/treaty/1992-05-15/cst"


def test_nlp_eval_runs_from_an_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    # issue 17: the labelled sets travel in the wheel, so nlp-eval needs no checkout
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"lexcsto/_bundled/gold/nlp_gold_eng.jsonl", "lexcsto/_bundled/gold/nlp_gold_rus.jsonl"} <= names
    code = "import sys; from lexcsto.cli import main; sys.argv = ['lexcsto', 'nlp-eval', '--json']; main()"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert str(site / "lexcsto" / "_bundled" / "gold") in done.stdout
