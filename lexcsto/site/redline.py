"""Redlines on the site: the library's own HTML renderer (``lexcsto.render.html``), one call per pair.

The site never diffs by itself: what a reader sees is what ``lexcsto diff --format html`` prints.
"""

from __future__ import annotations

from datetime import date

from lexcsto.corpus.queries import Corpus
from lexcsto.corpus.model import Expression, Work
from lexcsto.render.html import provision_redline, translations_html
from lexcsto.compare.translations import translations


def redline_html(corpus: Corpus, work: Work, eid: str, old: Expression, new: Expression) -> str:
    """The redline of provision ``eid`` from ``old`` to ``new``, as escaped HTML with ``<ins>``/``<del>``."""
    return provision_redline(corpus, work, eid, old, new)


def translation_view_html(corpus: Corpus, work: Work, eid: str, version: date, language: str) -> str:
    """The renderings of one version side by side, each compared with the edition's default one."""
    return translations_html(translations(corpus, work.uri, eid, version=version, language=language))
