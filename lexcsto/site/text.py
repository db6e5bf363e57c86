"""A provision's text as HTML: inline references as links, defined terms with their definition on hover,
the words annotations anchor to highlighted and followed by their note's number, and omitted text said to
be omitted.

Theme-independent: plain elements with ``lx-`` classes, styled by ``assets/lexcsto.css``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lexcsto.annotations.annotation import Annotation, Citation
from lexcsto.annotations.anchoring import Anchor
from lexcsto.corpus.units import OMISSIS_TEXT
from lexcsto.corpus.model import Expression, Fragment, Provision, Work
from lexcsto.site import urls
from lexcsto.site.context import SiteContext
from lexcsto.site.labels import paragraph_number
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
    """The tooltip of a defined term: the definition only, and where it is from."""
    d = ctx.definition_of(concept, expression)
    if d is None:
        return concept.replace("-", " ")
    return f"{definition_words(d.provision.text, d.start, d.end)} ({d.work.title}, {d.expression.date.year})"


def definition_words(text: str, start: int, end: int) -> str:
    """The words of a definition: the defined term and the parenthesis right after it, else the sentence
    around the term.

    >>> definition_words("If X is the target of aggression (an armed attack), it is bad.", 22, 32)
    'aggression (an armed attack)'
    >>> definition_words("First. Aggression means an armed attack. Third.", 7, 17)
    'Aggression means an armed attack.'
    """
    rest = text[end:]
    gap = len(rest) - len(rest.lstrip())
    if rest[gap : gap + 1] == "(":
        close = rest.find(")", gap)
        if close != -1:
            return text[start : end + close + 1]
    before = text.rfind(". ", 0, start)
    begin = before + 2 if before != -1 else 0
    stop = text.find(". ", end)
    return text[begin : stop + 1 if stop != -1 else len(text)].strip()


def provision_html(
    ctx: SiteContext,
    page: str,
    work: Work,
    expression: Expression,
    p: Provision,
    placed: Sequence[Placed] = (),
    numbers: Mapping[str, int] | None = None,
) -> str:
    """The HTML of one provision's own text (not its children), one ``<p>`` per block.

    ``numbers`` gives the notes' numbers in the margin: each annotated stretch is followed by its note's
    number, a link to the note, so that the note is reached by keyboard as well as by mouse."""
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
    refs: list[tuple[int, str]] = []  # (offset, the note reference put in there)
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
            n = (numbers or {}).get(item.annotation.id)
            if n is not None:
                refs.append((a.end, _note_ref(item.annotation, n)))
    blocks: list[str] = []
    at = 0
    for line in p.text.split("\n"):
        end = at + len(line)
        here = [(offset - at, ref) for offset, ref in refs if at < offset <= end]
        blocks.append(f"<p>{_marked_with_refs(line, _clip(spans, at, end), here)}</p>")
        at = end + 1
    gap = f'<span class="lx-omitted" title="{h(OMITTED_TEXT)}">{h(OMISSIS_TEXT)}</span>'
    return "".join(blocks).replace(h(OMISSIS_TEXT), gap)


def _clip(spans: Sequence[Span], start: int, end: int) -> list[Span]:
    """The spans between two offsets, counted from ``start``."""
    return [
        Span(max(s.start, start) - start, min(s.end, end) - start, s.tag, s.attrs, s.rank)
        for s in spans
        if s.start < end and s.end > start
    ]


def _marked_with_refs(line: str, spans: Sequence[Span], refs: Sequence[tuple[int, str]]) -> str:
    """``marked(line, spans)`` with note references put in at their offsets (a span across an offset is
    closed before the reference and opened again after it)."""
    out: list[str] = []
    at = 0
    for offset, ref in sorted(refs, key=lambda r: r[0]):
        if offset > at:
            out.append(marked(line[at:offset], _clip(spans, at, offset)))
        out.append(ref)
        at = offset
    if at < len(line) or not out:
        out.append(marked(line[at:], _clip(spans, at, len(line))))
    return "".join(out)


def _note_ref(ann: Annotation, number: int) -> str:
    label = f"note {number}, {KIND_LABELS.get(ann.kind, ann.kind).lower()}"
    return (
        f'<a class="lx-noteref" href="#note-{h(ann.id)}" data-note="{h(ann.id)}" aria-label="{h(label)}">'
        f"<sup>{number}</sup></a>"
    )


def note_html(
    ctx: SiteContext,
    page: str,
    item: Placed,
    *,
    suffix: str = "",
    number: int | None = None,
    statuses: str = "",
) -> str:
    """An annotation as an aside: its number in the margin, kind, status in this version (or
    ``statuses``: where it lands in every version), body, sources (each a link to the cited lines on the
    source's page)."""
    ann, a = item.annotation, item.anchor
    status = STATUS_LABELS.get(a.status, a.status)
    if a.status == "fuzzy" and a.score is not None:
        status = f"{status}, score {a.score:.0f}"
    head = f'<span class="lx-note-number">{number}</span> ' if number is not None else ""
    head += f'<span class="lx-kind">{h(KIND_LABELS.get(ann.kind, ann.kind))}</span>'
    if status and not statuses:
        head += f' <span class="lx-status lx-status-{h(a.status)}">{h(status)}</span>'
    if ann.target.quote.exact:
        head += f' <q class="lx-quote">{h(ann.target.quote.exact)}</q>'
    cites = [citation_html(ctx, page, c) for c in ann.sources]
    tags = "".join(f'<span class="lx-tag">{h(t)}</span>' for t in ann.tags)
    ident = f"note-{ann.id}{suffix}"
    where = f'<p class="lx-note-status">{h(statuses)}</p>' if statuses else ""
    return (
        f'<aside class="lx-note lx-kind-{h(ann.kind)}" id="{h(ident)}" data-note="{h(ann.id)}">'
        f'<p class="lx-note-head">{head}</p>'
        f'<div class="lx-note-body">{annotation_html(ctx.reader_text(ann.body))}</div>'
        f'<p class="lx-note-sources">Sources: {"; ".join(cites)}{(" " + tags) if tags else ""}</p>'
        f"{where}</aside>"
    )


def lines_label(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}–{end}"


def citation_html(ctx: SiteContext, page: str, c: Citation) -> str:
    """A citation, "DCAF 2013, lines 1049–1059": a link to those lines on the source's page."""
    label = f"{ctx.source_label(c.source)}, {lines_label(c.lines.start, c.lines.end)}"
    href = ctx.source_href(page, c.source, c.lines.start, c.lines.end)
    quote = f" <q>{h(c.quotation)}</q>" if c.quotation else ""
    if not href:
        return f"<span>{h(label)}</span>{quote}"
    return f'<a class="lx-cite" href="{h(href)}" title="{h(c.source)}">{h(label)}</a>{quote}'


def fragment_note(ctx: SiteContext, page: str, fragment: Fragment | None, base: str = "") -> str:
    """Where a provision's text comes from, a link to the lines on the source's page; a gap of the base
    text (``base``, the rendering's own source) filled from another witness says so."""
    if fragment is None:
        return ""
    # A PDF or DOCX source is cited in its own terms (p. 3, l. 12-18; para. 12), not by extracted line.
    where = fragment.at or lines_label(fragment.lines.start, fragment.lines.end)
    label = f"{ctx.source_label(fragment.source)}, {where}"
    href = ctx.source_href(page, fragment.source, fragment.lines.start, fragment.lines.end)
    inner = f'<a href="{h(href)}" title="{h(fragment.source)}">{h(label)}</a>' if href else h(label)
    if base and fragment.source != base:
        return (
            f'<p class="lx-provenance lx-witness">Not in {h(ctx.source_label(base))}: '
            f"read from {inner}</p>"
        )
    return f'<p class="lx-provenance">Source: {inner}</p>'


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
    numbers: Mapping[str, int] | None = None,
) -> str:
    """The provision and everything below it, a row per provision with its number: the notes are in the
    margin once (``numbers``), the text points to them."""
    by_eid: dict[str, list[Placed]] = {}
    for item in placed:
        by_eid.setdefault(item.anchor.eid or unit.eid, []).append(item)
    rows: list[str] = []
    for p in unit.walk():
        here = sort_notes(by_eid.get(p.eid, []))
        label = ""
        if p is not unit:
            num, supplied = paragraph_number(p.num, p.eid)
            if num:
                cls = "lx-num lx-num-supplied" if supplied else "lx-num"
                title = ' title="numbered by the edition"' if supplied else ""
                label = f'<span class="{cls}"{title}>{h(num)}</span>'
            if p.heading:
                label += f' <span class="lx-heading">{h(p.heading)}</span>'
        text = provision_html(ctx, page, work, expression, p, here, numbers)
        if not text and not label:
            continue
        head = f'<p class="lx-label">{label}</p>' if label and not text else ""
        if label and text:
            text = (
                text.replace("<p>", f'<p><span class="lx-label">{label}</span> ', 1)
                if text.startswith("<p>")
                else f'<p class="lx-label">{label}</p>{text}'
            )
        rows.append(
            f'<div class="lx-row lx-depth-{p.eid.count("__")}" id="{h(p.eid + suffix)}">'
            f"{head}{text}{fragment_note(ctx, page, expression.fragment(p.eid), expression.source)}</div>"
        )
    return "\n".join(rows)
