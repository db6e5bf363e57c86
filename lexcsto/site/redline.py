"""Redlines on the site: the library's own HTML renderer (``lexcsto.render.html``), one call per pair,
with the provisions named for readers ("Paragraph 2", not ``art_4__para_2``) and the sources by their names.

The site never diffs by itself: what a reader sees is what ``lexcsto diff --format html`` prints, but for
those labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from lexcsto.compare.translations import translations
from lexcsto.corpus.model import Expression, Work
from lexcsto.corpus.queries import Corpus
from lexcsto.render.html import provision_redline, translations_html
from lexcsto.site.labels import paragraph_number, provision_label, source_name


def provision_names(expressions: Iterable[Expression], eid: str) -> dict[str, str]:
    """Reader labels of ``eid`` and everything below it in any of the expressions.

    A paragraph is named by its number ("Paragraph 2"), an article by :func:`provision_label`."""
    names: dict[str, str] = {}
    for e in expressions:
        top = e.find(eid)
        if top is None:
            continue
        for p in top.walk():
            if p.eid in names:
                continue
            if p is top or p.kind not in ("paragraph", "point", "subparagraph"):
                names[p.eid] = provision_label(p.kind, p.num, p.heading)
                continue
            num, _ = paragraph_number(p.num, p.eid)
            kind = p.kind.capitalize()
            names[p.eid] = f"{kind} {num.rstrip('.')}" if num else provision_label(p.kind, p.num, p.heading)
    return names


def redline_html(corpus: Corpus, eid: str, old: Expression, new: Expression) -> str:
    """The redline of provision ``eid`` from ``old`` to ``new``, as escaped HTML with ``<ins>``/``<del>``."""
    return provision_redline(corpus, eid, old, new, provision_names((new, old), eid))


def translation_view_html(corpus: Corpus, work: Work, eid: str, version: date, language: str) -> str:
    """The renderings of one version side by side, each compared with the edition's default one."""
    view = translations(corpus, work.uri, eid, version=version, language=language)
    same = [e for e in work.expressions if e.date == version and e.language == language]
    names = {e.source: source_name(corpus.source(e.source), e.source) for e in same if e.source}
    return translations_html(view, labels=provision_names(same, eid), names=names)
