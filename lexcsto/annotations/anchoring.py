"""Anchoring: re-attaching every annotation to every version and translation of its provision.

An annotation is written against one expression; the edition shows it beside every other one, so its
quote has to be found again in each. The annotations themselves are :mod:`lexcsto.annotations.annotation`; reading
and checking their files is :mod:`lexcsto.annotations.store`.

**Statuses.** :func:`anchor` resolves every annotation in every expression of its work (every version
and every translation), and gives each pair one status:

``anchored``
    the quoted words are in the annotated provision (or its sub-provisions); an annotation without a
    quote (a *provision-level* annotation: about a provision, not about words of it) is ``anchored`` in
    every expression that has the provision, whether or not its text is quoted there. ``level`` says which.
``fuzzy``
    no exact occurrence, but an approximate one in the annotated provision (``score`` >= 80).
``moved``
    found (exactly or approximately) in another provision of the same expression; ``eid`` says where.
``not-in-source``
    this expression holds no source text where the annotation points: the provision, or the paragraph
    the quote lies in, is ``<omissis/>`` (no source quotes it) or absent. The edition cannot know whether
    the words are there, so this is *not* an orphan: it says "unknown", as the corpus does.
``orphaned``
    the text is there but the quote is not found in it. The bundled corpus must have none.

Nothing is dropped: every (annotation, expression) pair gets exactly one :class:`Anchor`.

``score`` (0-100) says how well the selector fits at the place found, with the weights Hypothesis uses
for its quote anchoring: 50 for the quote, 20 each for prefix and suffix (an empty prefix or suffix is no
constraint and leaves the weighting). An exact quote in its written context scores 100.

**Why rapidfuzz and not diff-match-patch for the fuzzy step.** ``benchmarks/bench_anchor.py`` searches
quotes of 40 characters, each with three edits (a substitution, a deletion, an insertion), in a text of
21,535 characters, on this 2-core machine, all in one run:

============================================  ===========  ============
matcher                                        found         ms / quote
============================================  ===========  ============
dmp ``match_main``, defaults                   0 of 16       2.2
dmp ``match_main``, ``Match_Distance=100000``  8 of 16       29
``rapidfuzz.fuzz.partial_ratio_alignment``     13 of 16      0.07
============================================  ===========  ============

dmp's score adds ``distance / Match_Distance`` to the error rate, so with its defaults it finds nothing
far from the expected location (the toolchain probe saw it miss even an exact quote). With a large
``Match_Distance`` it runs bitap over the whole text for every quote, is two to three orders of magnitude
slower (450x and 1,200x in two runs), still finds fewer, and gives only a location, where rapidfuzz also
gives a 0-100 similarity that can be thresholded and reported. The exact step is ``str.find``. So: ``str.find`` first, then rapidfuzz; dmp stays only as the measured baseline.
In the same benchmark anchoring resolves 24,000-53,000 annotations a second when every quote survives a
version change exactly and 15,000-32,000 when every quote was edited (each annotation resolved in two
expressions; the spread is the machine's load between runs).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from lexcsto.annotations import STATUSES
from lexcsto.annotations.annotation import AnchoringCorpus, Annotation, ExpressionView, Quote
from lexcsto.corpus.model import Expression, Provision
from lexcsto.corpus.uri import expression_key
from lexcsto.errors import AnnotationError, QueryError

__all__ = ["FUZZY_THRESHOLD", "STATUSES", "Anchor", "AnchorResult", "anchor", "anchor_one", "find_quote"]

FUZZY_THRESHOLD = 80.0


@dataclass(frozen=True)
class Anchor:
    """Where one annotation lands in one expression."""

    expression: str  # Expression.key
    status: str  # one of STATUSES
    score: float | None = None  # 0-100 selector fit; None when nothing was found
    eid: str = ""  # the provision it landed in (differs from the target when moved)
    start: int | None = None  # offsets of the matched words in that provision's text
    end: int | None = None
    level: str = "quote"  # "quote", "provision" (no quote) or "work" (no eId, no quote)
    text: str = ""  # the matched words


@dataclass(frozen=True)
class AnchorResult:
    """An annotation and its anchor in every expression of its work."""

    annotation: Annotation
    anchors: tuple[Anchor, ...]

    @property
    def orphaned(self) -> tuple[Anchor, ...]:
        return tuple(a for a in self.anchors if a.status == "orphaned")

    def as_dict(self) -> dict[str, object]:
        t = self.annotation.target
        return {
            "id": self.annotation.id,
            "kind": self.annotation.kind,
            "target": {
                "work": t.work,
                "eid": t.eid,
                "expression": t.expression,
                "source": t.source,
                "exact": t.quote.exact,
            },
            "anchors": [
                {
                    "expression": a.expression,
                    "status": a.status,
                    "score": None if a.score is None else round(a.score, 1),
                    "eid": a.eid,
                    "level": a.level,
                    "start": a.start,
                    "end": a.end,
                    "text": a.text,
                }
                for a in self.anchors
            ],
        }


def _context_score(text: str, start: int, end: int, quote: Quote, exact_score: float) -> float:
    parts = [(50.0, exact_score)]
    if quote.prefix:
        before = text[max(0, start - len(quote.prefix)) : start]
        parts.append((20.0, 100.0 if before == quote.prefix else fuzz.ratio(quote.prefix, before)))
    if quote.suffix:
        after = text[end : end + len(quote.suffix)]
        parts.append((20.0, 100.0 if after == quote.suffix else fuzz.ratio(quote.suffix, after)))
    return sum(w * s for w, s in parts) / sum(w for w, _ in parts)


def _exact(provisions: Sequence[Provision], quote: Quote) -> tuple[float, Provision, int] | None:
    """The best exact occurrence of the quote (by context) among the provisions."""
    best: tuple[float, Provision, int] | None = None
    for p in provisions:
        at = p.text.find(quote.exact)
        while at >= 0:
            score = _context_score(p.text, at, at + len(quote.exact), quote, 100.0)
            if best is None or score > best[0]:
                best = (score, p, at)
            at = p.text.find(quote.exact, at + 1)
    return best


def _fuzzy(provisions: Sequence[Provision], quote: Quote) -> tuple[float, Provision, int, int] | None:
    """The best approximate occurrence scoring at least FUZZY_THRESHOLD, by rapidfuzz."""
    best: tuple[float, Provision, int, int] | None = None
    for p in provisions:
        hit = fuzz.partial_ratio_alignment(quote.exact, p.text, score_cutoff=FUZZY_THRESHOLD)
        if hit is None:
            continue
        # partial_ratio forgives a text shorter than the quote; the plain ratio of the span does not.
        quote_score = fuzz.ratio(quote.exact, p.text[hit.dest_start : hit.dest_end])
        if quote_score < FUZZY_THRESHOLD:
            continue
        score = _context_score(p.text, hit.dest_start, hit.dest_end, quote, quote_score)
        if best is None or score > best[0]:
            best = (score, p, hit.dest_start, hit.dest_end)
    return best


def _home(annotation: Annotation, views: dict[str, ExpressionView]) -> str:
    """The eId of the provision whose own text holds the quote in the expression it was written against."""
    t = annotation.target
    view = views.get(expression_key(t.expression, t.source))
    if view is None or not t.quote.exact:
        return t.eid
    hit = _exact(view.scope(t.eid), t.quote)
    return hit[1].eid if hit else t.eid


def _search(
    key: str, provisions: Sequence[Provision], quote: Quote, *, exact: str, fuzzy: str
) -> Anchor | None:
    """The quote in these provisions: exactly (status ``exact``), else fuzzily (status ``fuzzy``)."""
    hit = _exact(provisions, quote)
    if hit:
        score, p, at = hit
        return Anchor(key, exact, score, p.eid, at, at + len(quote.exact), text=quote.exact)
    fz = _fuzzy(provisions, quote)
    if fz:
        score, p, start, end = fz
        return Anchor(key, fuzzy, score, p.eid, start, end, text=p.text[start:end])
    return None


def anchor_one(annotation: Annotation, expression: Expression, home: str | None = None) -> Anchor:
    """Resolve one annotation in one expression (see the module docstring for the statuses).

    ``home`` is the eId whose text holds the quote in the expression the annotation was written against
    (default: the target eId); it decides ``not-in-source`` when a paragraph is omitted here.
    """
    return _anchor_in(annotation, ExpressionView(expression), home or annotation.target.eid)


def _anchor_in(annotation: Annotation, view: ExpressionView, home: str) -> Anchor:
    t = annotation.target
    key = view.key
    if not t.quote.exact:
        if not t.eid:
            return Anchor(key, "anchored", 100.0, "", level="work")
        if t.eid in view.by_eid:
            return Anchor(key, "anchored", 100.0, t.eid, level="provision")
        return Anchor(key, "not-in-source", None, t.eid, level="provision")
    scope = view.scope(t.eid)
    found = _search(key, scope, t.quote, exact="anchored", fuzzy="fuzzy")
    if found is not None:
        return found
    if t.eid and home in view.by_eid and view.unknown(home):
        return Anchor(key, "not-in-source", None, home)
    if t.eid:
        inside = {p.eid for p in scope}
        elsewhere = [p for p in view.texts if p.eid not in inside]
        found = _search(key, elsewhere, t.quote, exact="moved", fuzzy="moved")
        if found is not None:
            return found
    if view.unknown(home):
        return Anchor(key, "not-in-source", None, home)
    return Anchor(key, "orphaned", None, home)


def anchor(corpus: AnchoringCorpus, annotations: Iterable[Annotation]) -> list[AnchorResult]:
    """Resolve every annotation in every expression of its work, in corpus order.

    Annotations whose work is unknown raise :class:`AnnotationError` at their file and line: run
    :func:`lexcsto.annotations.store.check_annotations` first to collect all such problems at once.
    """
    results: list[AnchorResult] = []
    views: dict[str, ExpressionView] = {}
    for ann in annotations:
        try:
            expressions = corpus.expressions(ann.target.work)
        except QueryError as err:
            raise AnnotationError(
                ann.path,
                ann.line,
                f"annotation {ann.id}: unknown work {ann.target.work!r}",
                expected="a work of the corpus",
            ) from err
        for e in expressions:
            if e.key not in views:
                views[e.key] = ExpressionView(e)
        home = _home(ann, views)
        results.append(AnchorResult(ann, tuple(_anchor_in(ann, views[e.key], home) for e in expressions)))
    return results


def find_quote(view: ExpressionView, quote: Quote, eid: str = "") -> Anchor | None:
    """The quote in one expression, by the same exact-then-fuzzy search anchoring uses: inside ``eid``
    when it is given and known (``anchored`` or ``fuzzy``), else anywhere in the text (``moved`` when an
    ``eid`` was given but the words are elsewhere). None when nowhere.

    This is how an annotation made elsewhere (a page of the site, a Hypothesis note) finds its provision.
    """
    if eid and eid in view.by_eid:
        found = _search(view.key, view.scope(eid), quote, exact="anchored", fuzzy="fuzzy")
        if found is not None:
            return found
        inside = {p.eid for p in view.scope(eid)}
        return _search(view.key, [p for p in view.texts if p.eid not in inside], quote, exact="moved",
                       fuzzy="moved")  # fmt: skip
    return _search(view.key, view.texts, quote, exact="anchored", fuzzy="fuzzy")
