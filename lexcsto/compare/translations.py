"""The translations of one version of a provision side by side, each compared with a base rendering.

A version in force on one day may be known in several English renderings (one per source). Comparing them
is a redline like any other (:func:`lexcsto.compare.redline.diff_expressions`, between two expressions of the same
date, so nothing is attributed); this module picks the renderings, orders them after the base one and
keeps the list of provisions any of them has text for, which the side-by-side views need.

The module is not called ``translations``: that name is the facade function ``lexcsto.translations``, and
importing a submodule of that name would replace it.

>>> import lexcsto
>>> view = translations(lexcsto.load(), "cst", "art_4")
>>> view.renderings[0].source == view.base, view.renderings[0].redline.counts()["substantive"]
(True, 0)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lexcsto.compare.alignment import ProvisionChange
from lexcsto.compare.classification import Glossary
from lexcsto.compare.redline import Redline, diff_expressions
from lexcsto.corpus.arguments import as_corpus_language, as_date
from lexcsto.corpus.queries import Corpus
from lexcsto.errors import QueryError

__all__ = [
    "Rendering",
    "TranslationView",
    "translations",
]


@dataclass(frozen=True)
class Rendering:
    """One translation of a version, compared with the base translation."""

    key: str
    uri: str
    source: str
    translation: str
    redline: Redline  # base -> this rendering (the base against itself: all equal)

    def change(self, eid: str) -> ProvisionChange | None:
        return next((c for c in self.redline.provisions if eid in (c.new_eid, c.old_eid)), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "expression": self.key,
            "uri": self.uri,
            "source": self.source or None,
            "translation": self.translation,
            "counts": self.redline.counts(),
            "provisions": [c.as_dict() for c in self.redline.provisions],
        }


@dataclass(frozen=True)
class TranslationView:
    """The renderings of one version of a provision side by side, each diffed against the base."""

    work: str
    eid: str
    title: str
    version: date
    base: str  # source id of the base rendering
    renderings: tuple[Rendering, ...]
    eids: tuple[str, ...]  # the provisions with text in any rendering, in document order

    def as_dict(self) -> dict[str, object]:
        return {
            "work": self.work,
            "eid": self.eid,
            "title": self.title or None,
            "version": self.version.isoformat(),
            "base": self.base,
            "eids": list(self.eids),
            "renderings": [r.as_dict() for r in self.renderings],
        }


def translations(
    corpus: Corpus,
    work: str,
    eid: str,
    *,
    version: date | str | None = None,
    base: str | None = None,
    language: str = "eng",
    glossary: Glossary | str | None = "auto",
) -> TranslationView:
    """Every rendering of ``eid`` in one version (by default the original), compared with the base one.

    The base is the edition's default translation unless ``base`` names a source.
    """
    language = as_corpus_language(language)
    version = as_date(version, "version") if version is not None else None
    w = corpus.work(work)
    dates = corpus.version_dates(w.uri, language)
    if not dates:
        raise QueryError(None, None, f"{w.short} has no {language} text")
    when = version or dates[0]
    group = [e for e in w.expressions if e.date == when and e.language == language and e.find(eid)]
    if not group:
        raise QueryError(None, None, f"no rendering of {eid!r} in the {when} version of {w.short}")
    # The view sets the renderings side by side, each as its file gives it: the base rendering alone,
    # not the edition's reading of the version (which fills its gaps from the others).
    chosen = corpus.expression_at(w.uri, when, language, base, eid)
    base_expr = next((e for e in group if e.key == chosen.key and chosen.date == when), None)
    if base_expr is None:
        raise QueryError(None, None, f"no base rendering of {eid!r} dated {when} in {w.short}")
    ordered = [base_expr, *sorted((e for e in group if e is not base_expr), key=lambda e: e.source)]
    renderings = tuple(
        Rendering(
            e.key,
            e.uri,
            e.source,
            e.translation,
            diff_expressions(base_expr, e, eid, corpus=corpus, glossary=glossary),
        )
        for e in ordered
    )
    eids: dict[str, None] = {}
    for e in ordered:
        p = e.find(eid)
        for q in p.walk() if p else ():
            if q.text or q.omitted:
                eids.setdefault(q.eid, None)
    return TranslationView(w.uri, eid, w.title, when, base_expr.source, renderings, tuple(eids))
