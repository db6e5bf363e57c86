"""What an annotation is: the frozen values the annotation file, its JSON-LD form and anchoring share.

An annotation points at a provision (work + eId) of the expression it was written against, optionally
narrowed by a quote selector (prefix / exact / suffix, as in the W3C Web Annotation ``TextQuoteSelector``),
and carries a Markdown body, a kind, the sources it cites (source id + lines, with an optional short
quotation) and tags.

These values sit apart from the YAML files (:mod:`lexcsto.annotations.store`), the Web Annotation exchange format
(:mod:`lexcsto.annotations.jsonld`) and anchoring (:mod:`lexcsto.annotations.anchoring`) so that each of those depends on
this module and none on another: a JSON-LD import needs no YAML and no rapidfuzz, anchoring needs no file.
:class:`ExpressionView` is here for the same reason: checking an annotation file and anchoring both look
a target up in an expression the same way.

>>> ann = Annotation(
...     id="cst-art-4-example",
...     kind="commentary",
...     target=Target(work="cst", eid="art_4",
...                   expression="/akn/aa-csto/act/treaty/1992-05-15/cst/eng@1992-05-15",
...                   source="seed-004", quote=Quote(exact="aggression")),
...     body="Source 003 reads the article as a mutual-defence clause.",
...     sources=(Citation("seed-003", Lines(291, 293)),),
... )
>>> ann.target.work_uri
'/akn/aa-csto/act/treaty/1992-05-15/cst'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, get_args

from lexcsto.corpus.model import Expression, Lines, Provision, Source, Work
from lexcsto.corpus.uri import FrbrUri

__all__ = [
    "KINDS",
    "AnchoringCorpus",
    "Annotation",
    "AnnotationKind",
    "Citation",
    "ExpressionView",
    "Quote",
    "Target",
]

AnnotationKind = Literal["commentary", "amendment-note", "editorial-note", "translation-note", "discrepancy"]
"""What an annotation is: the one table of annotation kinds (the store, the JSON-LD and the site read it)."""
KINDS: tuple[AnnotationKind, ...] = get_args(AnnotationKind)


@dataclass(frozen=True)
class Quote:
    """A W3C ``TextQuoteSelector``: the exact words, with a little text before and after to place them.

    An empty ``exact`` means "the whole provision".
    """

    exact: str = ""
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Target:
    """What an annotation is about: a provision of a work, as worded in one expression.

    ``work`` is a short name (``cst``) or a work URI; ``eid`` is empty for a note on the whole work.
    ``expression`` and ``source`` name the expression the annotation was written against (its URI and the
    source whose translation it follows); the quote is exact in that expression.
    """

    work: str
    expression: str
    source: str
    eid: str = ""
    quote: Quote = field(default_factory=Quote)

    @property
    def work_uri(self) -> str:
        """The work URI, taken from the expression URI (``<work>/<lang>@<date>``)."""
        return FrbrUri.parse(self.expression).work

    @property
    def date(self) -> str:
        """The version date of the expression it was written against (``YYYY-MM-DD``)."""
        return self.expression.rsplit("@", 1)[-1]


@dataclass(frozen=True)
class Citation:
    """A source an annotation relies on: source id, inclusive line range, optional short quotation."""

    source: str
    lines: Lines
    quotation: str = ""


@dataclass(frozen=True)
class Annotation:
    """One annotation. ``path`` and ``line`` say where it was read from (not part of its identity).

    ``id`` is a short name (``cst-art-4-aggression``) or, for an annotation made elsewhere, the IRI it
    came with, kept as such. ``creator``, ``created`` and ``modified`` are what the annotation file says
    (a name or IRI; ISO dates or date-times), empty when it says nothing: the file's history is not a
    source of authorship.
    """

    id: str
    kind: AnnotationKind
    target: Target
    body: str
    sources: tuple[Citation, ...]
    tags: tuple[str, ...] = ()
    path: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)
    creator: str = ""
    created: str = ""
    modified: str = ""


class AnchoringCorpus(Protocol):
    """What anchoring and validation need from :class:`lexcsto.corpus.queries.Corpus`."""

    @property
    def sources(self) -> tuple[Source, ...]: ...

    def work(self, name: str) -> Work: ...

    def expressions(self, name: str) -> tuple[Expression, ...]: ...


class ExpressionView:
    """An expression indexed for anchoring and checking: eId lookups, ancestry, the provisions with text."""

    def __init__(self, expression: Expression) -> None:
        self.expression = expression
        self.key = expression.key
        self.by_eid = expression.eid_index
        self.parent: dict[str, str] = {}
        for p in expression.walk():
            for c in p.children:
                self.parent.setdefault(c.eid, p.eid)
        self.texts = tuple(p for p in self.by_eid.values() if p.text and not p.omitted)
        self._scopes: dict[str, tuple[Provision, ...]] = {"": self.texts}

    def scope(self, eid: str) -> tuple[Provision, ...]:
        """The provisions an annotation on ``eid`` may anchor in: its subtree (everything for ``""``)."""
        if eid not in self._scopes:
            found = self.by_eid.get(eid)
            self._scopes[eid] = tuple(p for p in found.walk() if p.text and not p.omitted) if found else ()
        return self._scopes[eid]

    def unknown(self, eid: str) -> bool:
        """True when there is no source text at ``eid``: absent, or omitted there or above."""
        if not eid:
            return not self.texts
        if eid not in self.by_eid:
            return True
        node: str | None = eid
        while node is not None:
            if self.by_eid[node].omitted:
                return True
            node = self.parent.get(node)
        return not self.scope(eid)
