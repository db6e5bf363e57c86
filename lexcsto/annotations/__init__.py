"""Annotations: the model, the YAML store, anchoring across versions, and W3C Web Annotation JSON-LD.

Modules: :mod:`~lexcsto.annotations.annotation` (the values), :mod:`~lexcsto.annotations.store` (the files),
:mod:`~lexcsto.annotations.anchoring` (finding each quote again in every version) and
:mod:`~lexcsto.annotations.jsonld` (the exchange format).
"""

from __future__ import annotations

import sys
import types
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

# What an anchor can be (see lexcsto.annotations.anchoring); here, where nothing heavy is imported, so
# that the command line can name them in its help without importing rapidfuzz and the model.
STATUSES = ("anchored", "fuzzy", "moved", "not-in-source", "orphaned")

if TYPE_CHECKING:
    from lexcsto.annotations.annotation import Annotation
    from lexcsto.corpus.queries import Corpus


class _CallablePackage(types.ModuleType):
    """In release 0.1 ``lexcsto.annotations`` was the facade function that loads annotations; now it is this
    package, and the function is :func:`lexcsto.load_annotations`. Calling the package still works, with a
    warning, for one release."""

    def __call__(
        self, path: str | Path | None = None, corpus: Corpus | None = None
    ) -> tuple[Annotation, ...]:
        warnings.warn(
            "lexcsto.annotations() is now lexcsto.load_annotations()", DeprecationWarning, stacklevel=2
        )
        from lexcsto.annotations.store import read_annotations
        from lexcsto.corpus.bundled import bundled_folder
        from lexcsto.corpus.queries import load_corpus

        return read_annotations(path or bundled_folder("annotations"), corpus or load_corpus())


sys.modules[__name__].__class__ = _CallablePackage
