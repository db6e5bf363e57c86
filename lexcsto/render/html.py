"""HTML redline: ``<del>``/``<ins>`` with classes for the kind of change; the site uses it as is.

Classes: ``lx-redline`` (the whole), ``lx-provision`` (one provision, with ``data-eid`` and
``lx-status-<status>``), ``lx-substantive`` / ``lx-wording`` on ``<del>``/``<ins>``, ``lx-change``
around a wording pair, and ``lx-unknown`` (a ``<span>``, never ``<ins>``/``<del>``) for text a source did
not quote. Substantive changes carry the amending instrument and item in ``title`` and
``data-instrument`` / ``data-item``.
"""

from __future__ import annotations

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
.lx-redline del, .lx-translations del { background: #fde2e1; text-decoration: line-through; }
.lx-redline ins, .lx-translations ins { background: #dff5e3; text-decoration: underline; }
.lx-wording del, .lx-wording ins, del.lx-wording, ins.lx-wording { background: #fff3bf; }
.lx-unknown { color: #1a5fb4; font-style: italic; }
.lx-eid, .lx-status, .lx-redline-meta, .lx-legend { color: #5f6368; font-size: 0.85em; }
.lx-translations table { border-collapse: collapse; }
.lx-translations td, .lx-translations th { border: 1px solid #e0e0e0; padding: 0.3em; vertical-align: top; }
"""


def provision_redline(corpus: Corpus, eid: str, old: Expression, new: Expression) -> str:
    """The site's entry point: the redline of ``eid`` between two expressions, as an HTML fragment."""
    return redline_html(diff_expressions(old, new, eid, corpus=corpus), heading=False)


def redline_html(redline: Redline, *, wording: str = "show", heading: bool = True) -> str:
    """An HTML fragment (a ``<div class="lx-redline">``)."""
    parts = [
        f'<div class="lx-redline" data-work="{_a(redline.work)}" data-eid="{_a(redline.eid)}" '
        f'data-from="{_a(redline.from_uri)}" data-to="{_a(redline.to_uri)}">'
    ]
    if heading:
        parts.append(_meta(redline))
    for change in shown(redline.provisions):
        parts.append(
            f'<div class="lx-provision lx-status-{_a(change.status)}" data-eid="{_a(change.eid)}">'
            f'<p class="lx-eid">{escape(provision_label(change.eid))} <span class="lx-status">'
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
        '<ins class="lx-wording">new</ins></span> wording only; <span class="lx-unknown">not in source</span></p>'
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
            if s.kind == "wording":
                out.append(f'<span class="lx-change lx-wording">{"".join(pair)}</span>')
            else:
                out.extend(pair)
    return "".join(out)


def _unknown(text: str, omitted: bool, side: str) -> str:
    shown_text = "not in source" if omitted else text
    return f'<span class="lx-unknown" data-side="{side}">{escape(shown_text)}</span>'


def _a(value: str) -> str:
    return escape(value, quote=True)


def translations_html(view: TranslationView, *, wording: str = "show") -> str:
    """A table: one row per provision, one column per rendering (the base plain, the others redlined)."""
    head = "".join(
        f'<th data-source="{_a(r.source)}">{escape(r.redline.source_name(r.source))}'
        f'{" (base)" if r.source == view.base else ""}'
        f"<br><small>{escape(r.translation)}</small></th>"
        for r in view.renderings
    )
    rows = []
    for eid in view.eids:
        cells = []
        for r in view.renderings:
            change = r.change(eid)
            body = segments_html(segments(change.ops, wording=wording), only_new=True) if change else ""
            cells.append(f'<td data-source="{_a(r.source)}">{body}</td>')
        rows.append(f'<tr data-eid="{_a(eid)}"><th class="lx-eid">{escape(provision_label(eid))}</th>{"".join(cells)}</tr>')
    return (
        f'<div class="lx-translations" data-work="{_a(view.work)}" data-eid="{_a(view.eid)}" '
        f'data-version="{view.version.isoformat()}"><table>\n<tr><th></th>{head}</tr>\n'
        + "\n".join(rows)
        + "\n</table></div>"
    )


def page(body: str, title: str) -> str:
    """A standalone, offline HTML page around a fragment."""
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
