"""lexcsto: the legal texts of the Collective Security Treaty Organization, versioned, compared, annotated.

>>> import lexcsto
>>> corpus = lexcsto.load()
>>> corpus.work("cst").uri
'/akn/aa-csto/act/treaty/1992-05-15/cst'
>>> redline = lexcsto.diff(corpus, "cst", "art_4", old="1992-05-15", new="2012-12-19")
>>> redline.to_date.isoformat(), redline.counts()["substantive"] > 0
('2012-12-19', True)
>>> notes = lexcsto.load_annotations()
>>> any("aggression" in a.tags for a in notes)
True

The spaCy pipelines are in :mod:`lexcsto.nlp.pipeline` (imported on demand: spaCy takes a second to load).
The map of the package is docs/architecture.md.
"""

import importlib
import warnings
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexcsto import _renamed
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

if TYPE_CHECKING:  # the names below are imported on first use (see _LAZY): `import lexcsto` stays light
    from lexcsto.annotations.anchoring import AnchorResult, anchor
    from lexcsto.annotations.annotation import Annotation
    from lexcsto.compare.consolidation import consolidate
    from lexcsto.compare.redline import Redline, diff
    from lexcsto.compare.translations import translations
    from lexcsto.corpus.model import (
        Event,
        Expression,
        Fragment,
        Modification,
        Provision,
        Relation,
        Source,
        Work,
    )
    from lexcsto.corpus.parties import Binding, Membership, PartyStatus, StateEvent, StateRecord
    from lexcsto.corpus.queries import Corpus, CrossReference, Located, TimelineEntry
    from lexcsto.corpus.search import Hit
    from lexcsto.corpus.validation import Profile, validate

# Where each public name lives. Importing them all up front cost 0.3 s of CPU (rapidfuzz, lxml, PyYAML and
# the comparison tables) for every command, even `lexcsto --help`; PEP 562's module __getattr__ defers each
# import to the first use of its name.
_LAZY = {
    "AnchorResult": "lexcsto.annotations.anchoring",
    "anchor": "lexcsto.annotations.anchoring",
    "Annotation": "lexcsto.annotations.annotation",
    "consolidate": "lexcsto.compare.consolidation",
    "Redline": "lexcsto.compare.redline",
    "diff": "lexcsto.compare.redline",
    "translations": "lexcsto.compare.translations",
    **dict.fromkeys(
        ("Event", "Expression", "Fragment", "Modification", "Provision", "Relation", "Source", "Work"),
        "lexcsto.corpus.model",
    ),
    **dict.fromkeys(("Corpus", "CrossReference", "Located", "TimelineEntry"), "lexcsto.corpus.queries"),
    **dict.fromkeys(
        ("Binding", "Membership", "PartyStatus", "StateEvent", "StateRecord"), "lexcsto.corpus.parties"
    ),
    "validate": "lexcsto.corpus.validation",
    "Hit": "lexcsto.corpus.search",
}
# Names of release 0.1 kept for one release, with a warning: CrossReference was Reference, a name the NLP
# also uses for what it finds in prose.
_RENAMED = {"Reference": "CrossReference"}


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        new = _RENAMED[name]
        warnings.warn(f"lexcsto.{name} is now lexcsto.{new}", DeprecationWarning, stacklevel=2)
        return __getattr__(new)
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lexcsto' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__version__ = "0.1.0"

__all__ = [
    "AnchorResult",
    "Annotation",
    "AnnotationError",
    "Binding",
    "ConsolidationError",
    "Corpus",
    "CrossReference",
    "DiffError",
    "Event",
    "Expression",
    "Fragment",
    "Hit",
    "LexcstoError",
    "LoadError",
    "Located",
    "Membership",
    "Modification",
    "NlpError",
    "PartyStatus",
    "Problem",
    "Provision",
    "QueryError",
    "Redline",
    "Relation",
    "SiteError",
    "Source",
    "StateEvent",
    "StateRecord",
    "TextImportError",
    "TimelineEntry",
    "ValidationError",
    "Work",
    "__version__",
    "anchor",
    "consolidate",
    "diff",
    "load",
    "load_annotations",
    "parties",
    "search",
    "translations",
    "validate",
]

_BUNDLED_ANNOTATIONS: "tuple[Annotation, ...] | None" = None


def load(
    path: str | Path | None = None, *, strict: bool = False, validate: "bool | Profile" = False
) -> "Corpus":
    """Load a corpus folder of AKN files from any producer; with no argument, the bundled CSTO corpus
    (loaded once, cached). Files that cannot be read are left out and listed in ``corpus.problems``
    (``strict=True`` raises the first instead). ``validate`` (``True``, ``"akn"`` or ``"edition"``)
    validates the files in the same pass: ``corpus.validation`` is then what :func:`validate` returns for
    the folder, at the cost of one read of each file instead of two.

    >>> len(load(validate=True).validation)
    0
    """
    from lexcsto.corpus.queries import load_corpus

    return load_corpus(path, strict=strict, validate=validate)


def parties(corpus: "Corpus", work: str, as_at: "str | date") -> "tuple[PartyStatus, ...]":
    """Every state with a status under ``work`` on ``as_at`` (``party``/``member``, ``signatory``,
    ``withdrawn``, ``suspended``, ...), since when, with the events and source claims behind it.

    >>> at = parties(load(), "charter", "2014-01-01")
    >>> [s.name for s in at if s.bound], [(s.name, s.status) for s in at if not s.bound]
    (['Armenia', 'Belarus', 'Kazakhstan', 'Kyrgyzstan', 'Russia', 'Tajikistan'], [('Uzbekistan', 'suspended')])
    """
    when = date.fromisoformat(as_at) if isinstance(as_at, str) else as_at
    return corpus.parties(work, when)


def search(
    query: str,
    as_at: "date | None" = None,
    language: str | None = None,
    work: str | None = None,
    corpus: "Corpus | str | Path | None" = None,
    limit: int = 20,
) -> "tuple[Hit, ...]":
    """Full-text search: words, "a phrase", a prefix*; as at a date, only the text in force that day.

    >>> import lexcsto
    >>> lexcsto.search('"armed attack"', as_at=date(2013, 1, 1))[0].article
    'art_4'
    """
    from lexcsto.corpus.bundled import bundled_folder
    from lexcsto.corpus.queries import Corpus, load_corpus
    from lexcsto.corpus.search import search as run

    # A folder (or the bundled corpus) is opened through its index: nothing is read but what changed.
    chosen = (
        corpus if isinstance(corpus, Corpus) else load_corpus(corpus or bundled_folder("texts"), index=True)
    )
    return run(chosen, query, as_at=as_at, language=language, work=work, limit=limit)


def load_annotations(
    path: str | Path | None = None, corpus: "Corpus | None" = None
) -> "tuple[Annotation, ...]":
    """Load annotation files (default: the bundled ``annotations/``, loaded once, cached), checked against a
    corpus (default: the bundled one). Raises :class:`AnnotationError` with the file and line of a bad
    annotation."""
    global _BUNDLED_ANNOTATIONS
    from lexcsto.annotations.store import read_annotations
    from lexcsto.corpus.bundled import bundled_folder

    if path is None and corpus is None:
        if _BUNDLED_ANNOTATIONS is None:
            _BUNDLED_ANNOTATIONS = read_annotations(bundled_folder("annotations"), load())
        return _BUNDLED_ANNOTATIONS
    return read_annotations(path or bundled_folder("annotations"), corpus or load())


_renamed.install()
