"""Annotations made elsewhere, placed on the corpus: a Hypothesis note on a page of the site, a W3C
annotation on a document URL or on an expression without a translation.

Such an annotation says which words it is about (a ``TextQuoteSelector``), not which provision of which
translation: :func:`place` finds the words with the anchoring's own exact-then-fuzzy search
(:func:`lexcsto.annotations.anchoring.find_quote`) and reports, for every annotation, where it landed and
how well, or why it could not land. Nothing is dropped silently: an annotation that does not land is in
the report with its reason.

Hypothesis' API JSON (``/api/search`` rows or one annotation) is turned into the W3C form first
(:func:`from_hypothesis`): its ``target[].selector`` already is the W3C ``TextQuoteSelector``,
``TextPositionSelector`` and a ``RangeSelector`` on the page's DOM. Positions and DOM ranges are offsets
in the page as the browser laid it out, not in the AKN text, so only the quote places a note; the others
are named in the report when they are all there is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from lexcsto.annotations.anchoring import Anchor, find_quote
from lexcsto.annotations.annotation import Annotation, ExpressionView, Quote, Target
from lexcsto.corpus.model import Expression, Work
from lexcsto.corpus.queries import Corpus
from lexcsto.errors import QueryError

__all__ = ["Placement", "from_hypothesis", "is_hypothesis", "place"]


@dataclass(frozen=True)
class Placement:
    """What became of one imported annotation."""

    id: str
    status: str  # "as-written" (its target is a corpus text already), "anchored", "fuzzy", "not-placed"
    where: str = ""  # "cst/art_4__para_1" when placed
    expression: str = ""  # the expression key it was placed in
    score: float | None = None
    reason: str = ""  # why it was not placed, or what was adjusted

    def __str__(self) -> str:
        if self.status == "not-placed":
            return f"{self.id}: not placed: {self.reason}"
        score = "" if self.score is None else f" (score {self.score:.1f})"
        note = f"; {self.reason}" if self.reason else ""
        return f"{self.id}: {self.status} at {self.where} in {self.expression}{score}{note}"

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "status": self.status, "where": self.where or None,
                "expression": self.expression or None, "score": self.score, "reason": self.reason or None}  # fmt: skip


# ------------------------------------------------------------------------------------------ Hypothesis


def is_hypothesis(data: Any) -> bool:
    """Whether ``data`` is Hypothesis API JSON (search rows, a list of its annotations, or one)."""
    if isinstance(data, Mapping) and isinstance(data.get("rows"), list):
        return True
    rows = data if isinstance(data, list) else [data]
    return bool(rows) and all(isinstance(r, Mapping) and "uri" in r and "type" not in r for r in rows)


def from_hypothesis(data: Any) -> list[dict[str, Any]]:
    """Hypothesis annotations as W3C Web Annotations (the fields the model has a place for)."""
    rows = data["rows"] if isinstance(data, Mapping) and "rows" in data else data
    rows = rows if isinstance(rows, list) else [rows]
    out: list[dict[str, Any]] = []
    for row in rows:
        ident = str(row.get("id", ""))
        links = row.get("links") if isinstance(row.get("links"), Mapping) else {}
        info = row.get("user_info") if isinstance(row.get("user_info"), Mapping) else {}
        target = (row.get("target") or [{}])[0]
        ann: dict[str, Any] = {
            "type": "Annotation",
            "id": str(links.get("html") or f"https://hypothes.is/a/{ident}"),
            "motivation": "commenting" if row.get("text") else "highlighting",
            "body": [{"type": "TextualBody", "value": str(row.get("text") or ""), "format": "text/markdown"}]
            + [{"type": "TextualBody", "purpose": "tagging", "value": str(t)} for t in row.get("tags") or []],
            "target": {"source": str(target.get("source") or row.get("uri")), "selector": target.get("selector") or []},
        }  # fmt: skip
        creator = info.get("display_name") or row.get("user")
        if creator:
            ann["creator"] = {"type": "Person", "name": str(creator)}
        for key, theirs in (("created", "created"), ("modified", "updated")):
            if row.get(theirs):
                ann[key] = str(row[theirs])
        out.append(ann)
    return out


# ---------------------------------------------------------------------------------------------- placing


def _work_from_url(corpus: Corpus, url: str) -> tuple[Work | None, str]:
    """The work (and eId) a page of the site names: ``.../cst/art_4.html``, ``.../cst/index.html``."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    for i in range(len(parts) - 1, -1, -1):
        try:
            work = corpus.work(parts[i])
        except QueryError:
            continue
        page = parts[i + 1] if i + 1 < len(parts) else ""
        eid = page.rsplit(".", 1)[0] if page.endswith((".html", ".md")) else page
        return work, ("" if eid in ("", "index") else eid)
    return None, ""


def _fit(text: str, start: int, end: int, quote: Quote) -> Quote:
    """The quote as the corpus has it at the place found: prefix and suffix kept where they still fit."""
    prefix = (
        quote.prefix
        if quote.prefix and text[max(0, start - len(quote.prefix)) : start] == quote.prefix
        else ""
    )
    suffix = quote.suffix if quote.suffix and text[end : end + len(quote.suffix)] == quote.suffix else ""
    return Quote(text[start:end], prefix, suffix)


def _best(
    views: Iterable[ExpressionView], quote: Quote, eid: str, preferred: str
) -> tuple[Anchor, ExpressionView] | None:
    best: tuple[tuple[int, float, int], Anchor, ExpressionView] | None = None
    for view in views:
        hit = find_quote(view, quote, eid)
        if hit is None or hit.score is None:
            continue
        rank = (int(hit.status != "fuzzy" and hit.text == quote.exact), hit.score, int(view.key == preferred))
        if best is None or rank > best[0]:
            best = (rank, hit, view)
    return (best[1], best[2]) if best else None


def place(
    corpus: Corpus, annotations: Iterable[Annotation]
) -> tuple[tuple[Annotation, ...], tuple[Placement, ...]]:
    """Every annotation with a target in the corpus, and a report line for each (placed or not).

    An annotation already on an expression and translation of the corpus is kept as written; one on an
    expression without a translation, or on a document elsewhere, is placed by its quote in the
    translation (and version) where the words are found best (exact first, then by score; among equals
    the edition's default translation). The quote becomes the corpus's own words at that place.
    """
    views: dict[str, ExpressionView] = {}

    def view(e: Expression) -> ExpressionView:
        if e.key not in views:
            views[e.key] = ExpressionView(e)
        return views[e.key]

    placed: list[Annotation] = []
    report: list[Placement] = []
    for ann in annotations:
        t = ann.target
        if t.expression.startswith("/akn/") and t.source:
            placed.append(ann)
            report.append(Placement(ann.id, "as-written", f"{t.work}/{t.eid}" if t.eid else t.work,
                                    f"{t.expression}[{t.source}]"))  # fmt: skip
            continue
        if t.expression.startswith("/akn/"):
            try:
                work: Work | None = corpus.work(t.expression)
            except QueryError as err:
                report.append(Placement(ann.id, "not-placed", reason=str(err)))
                continue
            assert work is not None
            candidates = [e for e in work.expressions if e.uri == t.expression]
            eid = t.eid
        else:
            work, eid = _work_from_url(corpus, t.expression)
            works = [work] if work is not None else [w for w in corpus.works if not w.external]
            candidates = [e for w in works for e in w.expressions]
        if not candidates:
            report.append(
                Placement(ann.id, "not-placed", reason=f"no expression {t.expression} in the corpus")
            )
            continue
        if not t.quote.exact:
            if t.expression.startswith("/akn/") and work is not None:
                e = _default(corpus, work, candidates[0], eid)
                placed.append(replace(ann, target=Target(work.short, e.uri, e.source, eid)))
                report.append(Placement(ann.id, "anchored", f"{work.short}/{eid}" if eid else work.short, e.key,
                                        None, "no quote: the edition's default translation"))  # fmt: skip
            else:
                report.append(Placement(ann.id, "not-placed", reason="no TextQuoteSelector: positions and DOM "
                                        "ranges of a page cannot be placed in the AKN text"))  # fmt: skip
            continue
        preferred = _default(corpus, work, candidates[-1], eid).key if work is not None else ""
        found = _best((view(e) for e in candidates), t.quote, eid, preferred)
        if found is None:
            report.append(Placement(ann.id, "not-placed", reason=f"quote {t.quote.exact!r} not found"
                                    + (f" in {work.short}" if work is not None else " in the corpus")))  # fmt: skip
            continue
        hit, where = found
        e = where.expression
        home = corpus.work(e.work) if work is None else work
        p = where.by_eid[hit.eid]
        assert hit.start is not None
        assert hit.end is not None
        quote = _fit(p.text, hit.start, hit.end, t.quote)
        status = "anchored" if hit.text == t.quote.exact and hit.status != "fuzzy" else "fuzzy"
        note = "" if status == "anchored" else f"quote taken as the corpus words {quote.exact!r}"
        if hit.status == "moved":
            note = (note + "; " if note else "") + f"found outside {eid}"
        placed.append(replace(ann, target=Target(home.short, e.uri, e.source, hit.eid, quote)))
        report.append(Placement(ann.id, status, f"{home.short}/{hit.eid}", e.key, hit.score, note))
    return tuple(placed), tuple(report)


def _default(corpus: Corpus, work: Work, fallback: Expression, eid: str) -> Expression:
    try:
        return corpus.expression_at(work.uri, fallback.date or date.max, fallback.language, None, eid or None)
    except QueryError:
        return fallback
