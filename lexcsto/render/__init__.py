"""Renderers of redlines and translation views: ``text`` (rich), ``html``, ``md``, ``json``.

>>> from lexcsto.compare.alignment import diff_provisions
>>> from lexcsto.compare.redline import Redline
>>> from lexcsto.corpus.model import Provision
>>> changes, ops = diff_provisions([Provision("art_1", "article", text="will provide")],
...                                [Provision("art_1", "article", text="will immediately provide")])
>>> r = Redline("t", "", "/a", "/b", "", "", None, None, False, False, changes, ops)
>>> "will {+immediately+} provide" in render(r, "text")
True
"""

from __future__ import annotations

from lexcsto.compare.redline import Redline
from lexcsto.compare.translations import TranslationView
from lexcsto.errors import DiffError
from lexcsto.render import html, json, md, terminal

FORMATS = ("text", "html", "md", "json")


def render(redline: Redline, fmt: str = "text", *, wording: str = "show", standalone: bool = True) -> str:
    """A redline in one of FORMATS (``text`` without colour; the CLI prints colour through rich)."""
    _check(fmt, wording)
    if fmt == "text":
        return terminal.redline_text(redline, wording=wording).plain
    if fmt == "html":
        body = html.redline_html(redline, wording=wording)
        return html.page(body, _title(redline.title or redline.work, redline.eid)) if standalone else body
    if fmt == "md":
        return md.redline_md(redline, wording=wording)
    return json.redline_json(redline, wording=wording)


def render_translations(view: TranslationView, fmt: str = "text", *, wording: str = "show") -> str:
    _check(fmt, wording)
    if fmt == "text":
        return terminal.translations_text(view, wording=wording).plain
    if fmt == "html":
        body = html.translations_html(view, wording=wording)
        return html.page(body, _title(view.title or view.work, view.eid) + " (translations)")
    if fmt == "md":
        return md.translations_md(view, wording=wording)
    return json.translations_json(view, wording=wording)


def _check(fmt: str, wording: str) -> None:
    if fmt not in FORMATS:
        raise DiffError(None, None, f"unknown format {fmt!r}", expected=" | ".join(FORMATS))
    if wording not in ("show", "hide"):
        raise DiffError(None, None, f"unknown wording mode {wording!r}", expected="show | hide")


def _title(name: str, eid: str) -> str:
    from lexcsto.render.segments import provision_label

    return f"{name}, {provision_label(eid)}" if eid else name
