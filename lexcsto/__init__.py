"""lexcsto: the legal texts of the Collective Security Treaty Organization, versioned, compared, annotated.

>>> import lexcsto
>>> corpus = lexcsto.load()
>>> corpus.work("cst").uri
'/akn/aa-csto/act/treaty/1992-05-15/cst'
"""

from __future__ import annotations

from pathlib import Path

from lexcsto.corpus import Corpus, Located, Reference, TimelineEntry
from lexcsto.errors import (
    AnnotationError,
    ConsolidationError,
    DiffError,
    LexcstoError,
    LoadError,
    NlpError,
    Problem,
    QueryError,
    SiteError,
    TextImportError,
    ValidationError,
)
from lexcsto.load import bundled_folder, read_corpus
from lexcsto.model import Event, Expression, Fragment, Modification, Provision, Relation, Source, Work
from lexcsto.validate import validate

__version__ = "0.1.0"

__all__ = [
    "AnnotationError",
    "ConsolidationError",
    "Corpus",
    "DiffError",
    "Event",
    "Expression",
    "Fragment",
    "LexcstoError",
    "LoadError",
    "Located",
    "Modification",
    "NlpError",
    "Problem",
    "Provision",
    "QueryError",
    "Reference",
    "Relation",
    "SiteError",
    "Source",
    "TextImportError",
    "TimelineEntry",
    "ValidationError",
    "Work",
    "__version__",
    "load",
    "validate",
]

_BUNDLED: Corpus | None = None


def load(path: str | Path | None = None) -> Corpus:
    """Load a corpus folder of AKN files; with no argument, the bundled CSTO corpus (loaded once, cached)."""
    global _BUNDLED
    if path is None:
        if _BUNDLED is None:
            folder = bundled_folder("texts")
            _BUNDLED = Corpus(*read_corpus(folder), path=str(folder))
        return _BUNDLED
    folder = Path(path)
    return Corpus(*read_corpus(folder), path=str(folder))
