"""A provision's text as HTML: inline references as links, defined terms with their definition on hover,
the words annotations anchor to highlighted, and omitted text said to be omitted.

Theme-independent: plain elements with ``lx-`` classes, styled by ``assets/lexcsto.css``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lexcsto.annotations.annotation import Annotation
from lexcsto.annotations.anchoring import Anchor
from lexcsto.corpus.units import OMISSIS_TEXT
from lexcsto.corpus.model import Expression, Fragment, Provision, Work
from lexcsto.site import urls
from lexcsto.site.context import SiteContext
from lexcsto.site.markup import Span, annotation_html, h, marked
from lexcsto.annotations.annotation import AnnotationKind

OMITTED_TEXT = "text not in the sources of this edition"
KIND_LABELS: dict[AnnotationKind, str] = {
    "commentary": "Commentary",
    "amendment-note": "Amendment note",
    "editorial-note": "Editorial note",
    "translation-note": "Translation note",
    "discrepancy": "Discrepancy",
}
KIND_ORDER = {kind: i for i, kind in enumerate(KIND_LABELS)}
STATUS_LABELS = {
    "anchored": "",
    "fuzzy": "approximate match",
    "moved": "found in another provision",
    "not-in-source": "the words are not in this version's sources",
    "orphaned": "not found in this version",
}


@dataclass(frozen=True)
class Placed:
    """An annotation with its anchor in the expression shown."""

    annotation: Annotation
    anchor: Anchor


def definition_title(ctx: SiteContext, concept: str, expression: Expression) -> str:
    d = ctx.definition_of(concept, expression)
    if d is None:
        return concept
    text = d.provision.text
    if len(text) > 400:
        at = max(text.find(d.text), 0)
        text = ("…" if at > 150 else "") + text[max(at - 150, 0) : at + 250] + "…"
    return f"{concept} ({d.work.short}, {d.expression.date.isoformat()}): {text}"


def provision_html(
    ctx: SiteContext,
    page: str,
    work: Work,
    expression: Expression,
    p: Provision,
    placed: Sequence[Placed] = (),
) -> str:
    """The HTML of one provision's own text (not its children), one ``<p>`` per block."""
    if p.omitted:
        return f'<p class="lx-omitted">{h(OMITTED_TEXT)}</p>'
    if not p.text:
        return ""
    spans: list[Span] = []
    for i in p.inlines:
        if i.kind == "ref":
            target = ctx.corpus.resolve(i.target, work.uri)
            if target is not None:
                href = ctx.link_to(page, target[0], target[1])
                spans.append(Span(i.start, i.end, "a", (("class", "lx-ref"), ("href", href)), 1))
            else:
                spans.append(
                    Span(i.start, i.end, "span", (("class", "lx-ref lx-unresolved"), ("title", i.target)), 1)
                )
        elif i.kind in ("term", "def"):
            concept = i.target.lstrip("#")
            href = ctx.link(page, urls.term_path(concept))
            tag = "dfn" if i.kind == "def" else "abbr"
            spans.append(Span(i.start, i.end, "a", (("class", f"lx-{i.kind}"), ("href", href)), 1))
            spans.append(
                Span(i.start, i.end, tag, (("title", definition_title(ctx, concept, expression)),), 2)
            )
    for item in placed:
        a = item.anchor
        if a.start is not None and a.end is not None and a.eid == p.eid:
            kind = item.annotation.kind
            spans.append(
                Span(
                    a.start,
                    a.end,
                    "mark",
                    (("class", f"lx-anchor lx-kind-{kind}"), ("data-note", item.annotation.id)),
                    0,
                )
            )
    blocks: list[str] = []
    at = 0
    for line in p.text.split("\n"):
        end = at + len(line)
        local = [
            Span(max(s.start, at) - at, min(s.end, end) - at, s.tag, s.attrs, s.rank)
            for s in spans
            if s.start < end and s.end > at
        ]
        blocks.append(f"<p>{marked(line, local)}</p>")
        at = end + 1
    gap = f'<span class="lx-omitted" title="{h(OMITTED_TEXT)}">{h(OMISSIS_TEXT)}</span>'
    return "".join(blocks).replace(h(OMISSIS_TEXT), gap)


def note_html(ctx: SiteContext, page: str, item: Placed, *, suffix: str = "") -> str:
    """An annotation as an aside: kind, status in this version, body, sources."""
    ann, a = item.annotation, item.anchor
    status = STATUS_LABELS.get(a.status, a.status)
    if a.status == "fuzzy" and a.score is not None:
        status = f"{status}, score {a.score:.0f}"
    head = f'<span class="lx-kind">{h(KIND_LABELS.get(ann.kind, ann.kind))}</span>'
    if status:
        head += f' <span class="lx-status lx-status-{h(a.status)}">{h(status)}</span>'
    if ann.target.quote.exact:
        head += f' <q class="lx-quote">{h(ann.target.quote.exact)}</q>'
    cites = []
    for c in ann.sources:
        label = f"{c.source}, lines {c.lines.start}–{c.lines.end}"
        src = ctx.corpus.source(c.source)
        title = f' title="{h(src.title)}"' if src else ""
        quote = f" <q>{h(c.quotation)}</q>" if c.quotation else ""
        cites.append(f"<span{title}>{h(label)}</span>{quote}")
    tags = "".join(f'<span class="lx-tag">{h(t)}</span>' for t in ann.tags)
    ident = f"note-{ann.id}{suffix}"
    return (
        f'<aside class="lx-note lx-kind-{h(ann.kind)}" id="{h(ident)}" data-note="{h(ann.id)}">'
        f'<p class="lx-note-head">{head}</p>'
        f'<div class="lx-note-body">{annotation_html(ann.body)}</div>'
        f'<p class="lx-note-sources">Sources: {"; ".join(cites)}{(" " + tags) if tags else ""}</p>'
        "</aside>"
    )


def fragment_note(ctx: SiteContext, fragment: Fragment | None, base: str = "") -> str:
    """Where a row's text comes from; a gap of the base text filled from another witness says so."""
    if fragment is None:
        return ""
    src = ctx.corpus.source(fragment.source)
    title = f' title="{h(src.title)}"' if src else ""
    lines = f"{fragment.lines.start}–{fragment.lines.end}"
    # A PDF or DOCX source is cited in its own terms (p. 3, l. 12-18; para. 12), not by extracted line.
    where = h(fragment.at) if fragment.at else f"lines {h(lines)}"
    if base and fragment.source != base:
        return (
            f'<p class="lx-provenance lx-witness"{title}>Not in {h(base)}: read from source '
            f"{h(fragment.source)}, {where}</p>"
        )
    return f'<p class="lx-provenance"{title}>Source {h(fragment.source)}, {where}</p>'


def sort_notes(items: Sequence[Placed]) -> list[Placed]:
    return sorted(items, key=lambda x: (KIND_ORDER.get(x.annotation.kind, 99), x.annotation.id))


def provision_rows(
    ctx: SiteContext,
    page: str,
    work: Work,
    expression: Expression,
    unit: Provision,
    placed: Sequence[Placed],
    *,
    suffix: str = "",
) -> str:
    """The provision and everything below it as rows: text on the left, the annotations on it beside."""
    by_eid: dict[str, list[Placed]] = {}
    for item in placed:
        by_eid.setdefault(item.anchor.eid or unit.eid, []).append(item)
    rows: list[str] = []
    whole: list[Placed] = []
    for p in unit.walk():
        here = sort_notes(by_eid.get(p.eid, []))
        label = ""
        if p is not unit and (p.num or p.heading):
            label = f'<span class="lx-num">{h(p.num)}</span>' + (
                f' <span class="lx-heading">{h(p.heading)}</span>' if p.heading else ""
            )
        text = provision_html(ctx, page, work, expression, p, here)
        if p is unit and not text and p.children:
            # Notes on the article as a whole go after its paragraphs, so that the text comes first.
            whole = here
            continue
        if not text and not label and not here:
            continue
        rows.append(
            _row(
                ctx,
                page,
                p.eid + suffix,
                p.eid.count("__"),
                label,
                text,
                fragment_note(ctx, expression.fragment(p.eid), expression.source),
                here,
                suffix,
            )
        )
    if whole:
        label = f'<span class="lx-whole">On {h(unit.num or unit.eid)} as a whole</span>'
        rows.append(_row(ctx, page, f"{unit.eid}--whole{suffix}", 0, label, "", "", whole, suffix))
    return "\n".join(rows)


def _row(
    ctx: SiteContext,
    page: str,
    ident: str,
    depth: int,
    label: str,
    text: str,
    provenance: str,
    notes: Sequence[Placed],
    suffix: str,
) -> str:
    head = f'<p class="lx-label">{label}</p>' if label else ""
    asides = "".join(note_html(ctx, page, item, suffix=suffix) for item in notes)
    return (
        f'<div class="lx-row lx-depth-{depth}" id="{h(ident)}">'
        f'<div class="lx-text">{head}{text}{provenance}</div>'
        f'<div class="lx-notes">{asides}</div></div>'
    )
