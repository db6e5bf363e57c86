"""HTML redline: ``<del>``/``<ins>`` with classes for the kind of change; the site uses it as is.

Classes: ``lx-redline`` (the whole), ``lx-provision`` (one provision, with ``data-eid`` and
``lx-status-<status>``), ``lx-substantive`` / ``lx-wording`` on ``<del>``/``<ins>``, ``lx-change``
around a wording pair, and ``lx-unknown`` (a ``<span>``, never ``<ins>``/``<del>``) for text a source did
not quote. Substantive changes carry the amending instrument and item in ``title`` and
``data-instrument`` / ``data-item``.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from lexcsto.compare.redline import Redline, diff_expressions
from lexcsto.compare.translations import TranslationView
from lexcsto.corpus.model import Expression
from lexcsto.corpus.queries import Corpus
from lexcsto.render.segments import (
    Segment,
    describe,
    provision_label,
    segments,
    shown,
    status_label,
    version_label,
)

STYLE = """
ins.lx-substantive, .lx-redline ins { color: #00366e; background: #e1edff;
  text-decoration: underline 2px solid #0b57d0; }
del.lx-substantive, .lx-redline del { color: #7a1610; background: #fde7e6;
  text-decoration: line-through 2px solid #b3261e; }
.lx-change.lx-wording { border: 1px dashed #8a5a00; padding: 0 0.15em; }
.lx-redline del.lx-wording, .lx-redline ins.lx-wording, del.lx-wording, ins.lx-wording { color: #4d3200;
  background: #fff0c2; font-style: italic; text-decoration-style: dotted; }
.lx-unknown { color: #1d4f91; font-style: italic; }
.lx-eid, .lx-status, .lx-redline-meta, .lx-legend { color: #595959; font-size: 0.85em; }
.lx-translations table { border-collapse: collapse; }
.lx-translations td, .lx-translations th { border: 1px solid #e0e0e0; padding: 0.3em; vertical-align: top; }
@media (forced-colors: active) {
  ins, del { text-decoration-color: CanvasText; }
  .lx-change.lx-wording { border-color: CanvasText; }
}
"""


def provision_redline(
    corpus: Corpus,
    eid: str,
    old: Expression,
    new: Expression,
    labels: Mapping[str, str] | None = None,
) -> str:
    """The site's entry point: the redline of ``eid`` between two expressions, as an HTML fragment;
    ``labels`` names the provisions for readers ("Paragraph 1") instead of their eIds."""
    return redline_html(diff_expressions(old, new, eid, corpus=corpus), heading=False, labels=labels)


def redline_html(
    redline: Redline, *, wording: str = "show", heading: bool = True, labels: Mapping[str, str] | None = None
) -> str:
    """An HTML fragment (a ``<div class="lx-redline">``); each provision is headed by its label in
    ``labels``, else as :func:`provision_label` names it from its eId."""
    parts = [
        f'<div class="lx-redline" data-work="{_a(redline.work)}" data-eid="{_a(redline.eid)}" '
        f'data-from="{_a(redline.from_uri)}" data-to="{_a(redline.to_uri)}">'
    ]
    if heading:
        parts.append(_meta(redline))
    for change in shown(redline.provisions):
        parts.append(
            f'<div class="lx-provision lx-status-{_a(change.status)}" data-eid="{_a(change.eid)}">'
            f'<p class="lx-eid">{escape((labels or {}).get(change.eid) or provision_label(change.eid))} '
            f'<span class="lx-status">'
            f"({escape(status_label(change, redline))})</span></p>"
            f"<p>{segments_html(segments(change.ops, wording=wording))}</p></div>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def _meta(redline: Redline) -> str:
    lines = [
        f"from {escape(version_label(redline, 'from'))}",
        f"to {escape(version_label(redline, 'to'))}",
    ]
    if redline.translation:
        lines.append("same version, two translations: the differences are translation, not amendment")
    lines.extend(f"amended by {escape(describe(a))}" for a in redline.instruments)
    c = redline.counts()
    lines.append(f"{c['substantive']} substantive, {c['wording']} wording, {c['unknown']} unknown")
    legend = (
        '<p class="lx-legend"><del class="lx-substantive">deleted</del> <ins class="lx-substantive">inserted</ins>'
        ' substantive change; <span class="lx-change lx-wording"><del class="lx-wording">old</del>'
        ' <ins class="lx-wording">new</ins></span> wording only; <span class="lx-unknown">not in source</span></p>'
    )
    return '<p class="lx-redline-meta">' + "<br>".join(lines) + "</p>" + legend


def segments_html(segs: list[Segment], *, only_new: bool = False) -> str:
    """HTML of segments; ``only_new`` shows unknown text of the new side only (a column)."""
    out: list[str] = []
    for s in segs:
        if s.kind == "equal":
            out.append(escape(s.new))
        elif s.kind == "unknown":
            if s.old and not only_new:
                out.append(_unknown(s.old, s.omitted_old, "old"))
            if s.new:
                out.append(_unknown(s.new, s.omitted_new, "new"))
        else:
            who = ""
            if s.attribution is not None:
                a = s.attribution
                who = f' title="{_a(describe(a))}" data-instrument="{_a(a.instrument)}"'
                if a.item:
                    who += f' data-item="{_a(a.item)}"'
            pair = []
            if s.old:
                pair.append(f'<del class="lx-{s.kind}"{who}>{escape(s.old)}</del>')
            if s.new:
                pair.append(f'<ins class="lx-{s.kind}"{who}>{escape(s.new)}</ins>')
            # A space between the deleted and the inserted words, so that they read as two
            # ("regarded considered", not "regardedconsidered"), in the page and in its plain text.
            if s.kind == "wording":
                out.append(f'<span class="lx-change lx-wording">{" ".join(pair)}</span>')
            else:
                out.append(" ".join(pair))
    return "".join(out)


def _unknown(text: str, omitted: bool, side: str) -> str:
    shown_text = "not in source" if omitted else text
    return f'<span class="lx-unknown" data-side="{side}">{escape(shown_text)}</span>'


def _a(value: str) -> str:
    return escape(value, quote=True)


def translations_html(
    view: TranslationView,
    *,
    wording: str = "show",
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """A table: one row per provision, one column per rendering (the base plain, the others redlined);
    ``labels`` names the provisions, ``names`` the sources (else as the redline names them)."""
    labels, names = labels or {}, names or {}
    head = "".join(
        f'<th scope="col" data-source="{_a(r.source)}">'
        f"{escape(names.get(r.source) or r.redline.source_name(r.source))}"
        f"{' (base)' if r.source == view.base else ''}<br><small>{escape(r.translation)}</small></th>"
        for r in view.renderings
    )
    rows = []
    for eid in view.eids:
        cells = []
        for r in view.renderings:
            change = r.change(eid)
            body = segments_html(segments(change.ops, wording=wording), only_new=True) if change else ""
            cells.append(f'<td data-source="{_a(r.source)}">{body}</td>')
        rows.append(
            f'<tr data-eid="{_a(eid)}"><th scope="row" class="lx-eid">{escape(labels.get(eid) or provision_label(eid))}</th>'
            f"{''.join(cells)}</tr>"
        )
    return (
        f'<div class="lx-translations" data-work="{_a(view.work)}" data-eid="{_a(view.eid)}" '
        f'data-version="{view.version.isoformat()}"><table>\n<tr><th scope="col">Provision</th>{head}</tr>\n'
        + "\n".join(rows)
        + "\n</table></div>"
    )


def page(body: str, title: str) -> str:
    """A standalone, offline HTML page around a fragment."""
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
