"""The module paths of release 0.1, before the package was drawn by concept, kept for one release.

``import lexcsto.annotate`` still works and warns; it gives the module that now holds that code. Four old
modules are not kept: ``lexcsto.diff``, ``lexcsto.load``, ``lexcsto.validate`` and ``lexcsto.consolidate``
were both a module and a facade function, and importing the module replaced the function (the reason for the
move); their functions stay in the facade.

>>> import sys, warnings
>>> _ = sys.modules.pop("lexcsto.annotate", None)  # so that the import below runs (and warns) again
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     import lexcsto.annotate
>>> lexcsto.annotate.__name__, lexcsto.annotate.__spec__.name, caught[0].category.__name__
('lexcsto.annotations.anchoring', 'lexcsto.annotations.anchoring', 'DeprecationWarning')
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

RENAMED = {
    "lexcsto.uri": "lexcsto.corpus.uri",
    "lexcsto.model": "lexcsto.corpus.model",
    "lexcsto.akn": "lexcsto.corpus.akn",
    "lexcsto.provenance": "lexcsto.corpus.provenance",
    "lexcsto.wordmode": "lexcsto.compare.tokens",
    "lexcsto.classify": "lexcsto.compare.classification",
    "lexcsto.textdiff": "lexcsto.compare.operations",
    "lexcsto.align": "lexcsto.compare.alignment",
    "lexcsto.translationview": "lexcsto.compare.translations",
    "lexcsto.annomodel": "lexcsto.annotations.annotation",
    "lexcsto.annostore": "lexcsto.annotations.store",
    "lexcsto.annotate": "lexcsto.annotations.anchoring",
    "lexcsto.webannotation": "lexcsto.annotations.jsonld",
    "lexcsto.patterns": "lexcsto.nlp.tables",
    "lexcsto.instruments": "lexcsto.nlp.instruments",
    "lexcsto.citegrammar": "lexcsto.nlp.citations",
    "lexcsto.refs": "lexcsto.nlp.references",
}


class _Renamed:
    """A meta path finder and loader (the protocols of importlib, not its ABCs: importlib.abc costs 70 ms of
    start-up) that answers for the old names only."""

    def __init__(self) -> None:
        self._own_specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(  # the MetaPathFinder protocol's signature; only the name matters here
        self,
        fullname: str,
        path: Sequence[str] | None,  # noqa: ARG002
        target: ModuleType | None = None,  # noqa: ARG002
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in RENAMED:
            return None
        return importlib.machinery.ModuleSpec(fullname, cast("Loader", self))

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        new = RENAMED[spec.name]
        warnings.warn(f"{spec.name} is now {new}", DeprecationWarning, stacklevel=2)
        module = importlib.import_module(new)
        self._own_specs[module.__name__] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The module is the new one, already executed; the import system has just set its __spec__ to the
        # old name's, which would mislead importlib.resources and reload: give it back its own.
        module.__spec__ = self._own_specs[module.__name__]


def install() -> None:
    if not any(isinstance(finder, _Renamed) for finder in sys.meta_path):
        sys.meta_path.append(_Renamed())
