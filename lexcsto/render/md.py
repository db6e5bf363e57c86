"""Markdown redline, for pasting into notes.

Substantive changes are ``~~deleted~~`` and ``**inserted**``; a wording change is ``⟨old → new⟩``;
text a source did not quote is ``⟨not in source⟩``, and the other side's text then shows as ``⟨?text?⟩``.
"""

from __future__ import annotations

import re

from lexcsto.compare.redline import Redline
from lexcsto.compare.translations import TranslationView
from lexcsto.render.segments import (
    Segment,
    describe,
    provision_label,
    segments,
    shown,
    status_label,
    version_label,
)

_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")

LEGEND = (
    "Legend: ~~deleted~~ **inserted** = substantive change; ⟨old → new⟩ = wording only (another "
    "rendering of the same term); ⟨not in source⟩ = text a source does not quote."
)


def esc(text: str) -> str:
    r"""Escape Markdown's special characters.

    >>> esc("Art. 51 [UN] *x*")
    'Art. 51 \\[UN\\] \\*x\\*'
    """
    return _SPECIAL.sub(r"\\\1", text)


def _span(text: str, mark: str) -> str:
    """Wrap in emphasis markers, keeping edge spaces outside (Markdown ignores ``** x**``)."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{esc(core)}{mark[::-1]}{trail}"


def _spaced(raw: str, marked: str) -> str:
    """Keep the spaces that edged a change outside its markers (one each side at most)."""
    lead = " " if raw[:1].isspace() else ""
    trail = " " if raw[-1:].isspace() else ""
    return f"{lead}{marked}{trail}"


def redline_md(redline: Redline, *, wording: str = "show") -> str:
    name = f"{redline.title or redline.work}" + (f", {provision_label(redline.eid)}" if redline.eid else "")
    lines = [f"### {esc(name)}", ""]
    lines.append(f"From {esc(version_label(redline, 'from'))} to {esc(version_label(redline, 'to'))}.")
    if redline.translation:
        lines.append("Same version, two translations: the differences are translation, not amendment.")
    for a in redline.instruments:
        lines.append(f"Amended by {esc(describe(a))}.")
    lines += ["", LEGEND]
    for change in shown(redline.provisions):
        lines += ["", f"**{esc(provision_label(change.eid))}** ({esc(status_label(change, redline))})", ""]
        lines.append(segments_md(segments(change.ops, wording=wording)))
        whos = {o.attribution for o in change.ops if o.attribution is not None}
        for who in sorted(whos, key=describe):
            lines += ["", f"> Substantive changes by {esc(describe(who))}."]
    c = redline.counts()
    lines += [
        "",
        f"Changes: {c['substantive']} substantive, {c['wording']} wording, {c['unknown']} unknown.",
        "",
    ]
    return "\n".join(lines)


def segments_md(segs: list[Segment], *, only_new: bool = False) -> str:
    """Markdown of segments; ``only_new`` shows unknown text of the new side only (a column)."""
    out: list[str] = []
    for s in segs:
        if s.kind == "equal":
            out.append(esc(s.new))
        elif s.kind == "wording":
            out.append(_spaced(s.old + s.new, f"⟨{esc(s.old.strip()) or '∅'} → {esc(s.new.strip()) or '∅'}⟩"))
        elif s.kind == "unknown":
            sides = (
                ((s.new, s.omitted_new),) if only_new else ((s.old, s.omitted_old), (s.new, s.omitted_new))
            )
            for text, omitted in sides:
                if text:
                    out.append("⟨not in source⟩" if omitted else f"⟨?{esc(text)}?⟩")
        else:
            if s.old:
                out.append(_span(s.old, "~~"))
            if s.new:
                out.append(_span(s.new, "**"))
    return "".join(out)


def translations_md(view: TranslationView, *, wording: str = "show") -> str:
    lines = [
        f"### {esc(view.title or view.work)}, {esc(provision_label(view.eid))}: renderings of the version of {view.version}",
        "",
    ]
    for n, r in enumerate(view.renderings, 1):
        base = " (base)" if r.source == view.base else ""
        lines.append(f"{n}. **{esc(r.redline.source_name(r.source))}**{base}: {esc(r.translation)}")
    lines += ["", LEGEND, ""]
    lines.append("| provision | " + " | ".join(f"[{n}]" for n in range(1, len(view.renderings) + 1)) + " |")
    lines.append("|---" * (len(view.renderings) + 1) + "|")
    for eid in view.eids:
        cells = []
        for r in view.renderings:
            change = r.change(eid)
            cells.append(
                segments_md(segments(change.ops, wording=wording), only_new=True).replace("\n", " ")
                if change
                else ""
            )
        lines.append(f"| {esc(provision_label(eid))} | " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)
