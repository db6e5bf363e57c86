"""lexcsto: the legal texts of the Collective Security Treaty Organization, versioned, compared, annotated.

>>> import lexcsto
>>> corpus = lexcsto.load()
>>> corpus.work("cst").uri
'/akn/aa-csto/act/treaty/1992-05-15/cst'
>>> redline = lexcsto.diff(corpus, "cst", "art_4", old="1992-05-15", new="2012-12-19")
>>> redline.to_date.isoformat(), redline.counts()["substantive"] > 0
('2012-12-19', True)
>>> notes = lexcsto.annotations()
>>> any("aggression" in a.tags for a in notes)
True

The spaCy pipelines are in :mod:`lexcsto.nlp.pipeline` (imported on demand: spaCy takes a second to load).
"""

from pathlib import Path

from lexcsto.annotations.anchoring import AnchorResult, anchor
from lexcsto.annotations.annotation import Annotation
from lexcsto.annotations.store import load_annotations
from lexcsto.compare.consolidation import consolidate
from lexcsto.compare.redline import Redline, diff
from lexcsto.compare.translations import translations
from lexcsto.corpus.model import Event, Expression, Fragment, Modification, Provision, Relation, Source, Work
from lexcsto.corpus.queries import Corpus, Located, Reference, TimelineEntry, load_corpus
from lexcsto.corpus.reader import bundled_folder
from lexcsto.corpus.validation import validate
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

__version__ = "0.1.0"

__all__ = [
    "AnchorResult",
    "Annotation",
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
    "Redline",
    "Reference",
    "Relation",
    "SiteError",
    "Source",
    "TextImportError",
    "TimelineEntry",
    "ValidationError",
    "Work",
    "__version__",
    "anchor",
    "annotations",
    "consolidate",
    "diff",
    "load",
    "load_annotations",
    "translations",
    "validate",
]

_BUNDLED_ANNOTATIONS: tuple[Annotation, ...] | None = None


def load(path: str | Path | None = None) -> Corpus:
    """Load a corpus folder of AKN files; with no argument, the bundled CSTO corpus (loaded once, cached)."""
    return load_corpus(path)


def annotations(path: str | Path | None = None, corpus: Corpus | None = None) -> tuple[Annotation, ...]:
    """Load annotation files (default: the bundled ``annotations/``), checked against a corpus (default:
    the bundled one). Raises :class:`AnnotationError` with the file and line of a bad annotation."""
    global _BUNDLED_ANNOTATIONS
    if path is None and corpus is None:
        if _BUNDLED_ANNOTATIONS is None:
            _BUNDLED_ANNOTATIONS = load_annotations(bundled_folder("annotations"), load())
        return _BUNDLED_ANNOTATIONS
    return load_annotations(path or bundled_folder("annotations"), corpus or load())
