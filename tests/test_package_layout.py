"""The package drawn by concept (docs/architecture.md): one name per thing, old names kept for one release."""

from __future__ import annotations

import importlib
import pkgutil
import warnings

import pytest
from typer.testing import CliRunner

import lexcsto
from lexcsto._renamed import RENAMED
from lexcsto.cli import app

PACKAGES = {"corpus", "compare", "annotations", "nlp", "importer", "render", "site", "cli", "data"}


def test_few_modules_loose_at_the_top() -> None:
    loose = {m.name for m in pkgutil.iter_modules(lexcsto.__path__) if not m.ispkg}
    assert loose <= {"errors", "_renamed"}
    packages = {m.name for m in pkgutil.iter_modules(lexcsto.__path__) if m.ispkg}
    assert packages <= PACKAGES


def test_no_facade_verb_is_also_a_module() -> None:
    submodules = {m.name for m in pkgutil.iter_modules(lexcsto.__path__)}
    assert not submodules & set(lexcsto.__all__)
    importlib.import_module("lexcsto.compare.redline")
    assert callable(lexcsto.diff)
    assert callable(lexcsto.load)
    assert callable(lexcsto.validate)
    assert callable(lexcsto.consolidate)


def test_module_names_are_unique_across_packages() -> None:
    seen: dict[str, str] = {}
    for info in pkgutil.walk_packages(lexcsto.__path__, "lexcsto."):
        if info.ispkg:
            continue
        leaf = info.name.rsplit(".", 1)[1]
        assert leaf not in seen, f"{info.name} and {seen[leaf]} share a name"
        seen[leaf] = info.name


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_old_module_paths_warn_and_give_the_new_module(old: str, new: str) -> None:
    with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")):
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert module.__spec__ is not None
    assert module.__spec__.name == new


def test_old_names_warn() -> None:
    with pytest.warns(DeprecationWarning, match="CrossReference"):
        assert lexcsto.Reference is lexcsto.CrossReference
    from lexcsto.nlp import pipeline

    with pytest.warns(DeprecationWarning, match="tag"):
        assert pipeline.annotate is pipeline.tag


def test_the_old_command_name_still_tags() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        old = CliRunner().invoke(app, ["annotate", "-"], input="Article 51 of the UN Charter")
    new = CliRunner().invoke(app, ["tag", "-"], input="Article 51 of the UN Charter")
    assert new.exit_code == 0, new.output
    assert new.stdout in old.stdout


def test_calling_the_annotations_package_still_loads_them() -> None:
    with pytest.warns(DeprecationWarning, match="load_annotations"):
        old = lexcsto.annotations()  # type: ignore[operator]
    assert old == lexcsto.load_annotations()
