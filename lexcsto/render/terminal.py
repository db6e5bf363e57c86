"""Terminal redline: readable without colour, coloured with rich.

Markers: ``[-deleted-]{+inserted+}`` for substantive changes, ``[~old~>new~]`` for wording (another
rendering of the same term), ``[?not in source?]`` and ``{?text?}`` for text a source did not quote.
"""

from __future__ import annotations

from rich.text import Text

from lexcsto.compare.redline import Redline
from lexcsto.compare.translations import TranslationView
from lexcsto.render.segments import (
    Segment,
    attributions,
    describe,
    provision_label,
    segments,
    shown,
    status_label,
    version_label,
)

STYLES = {
    "delete": "bold red strike",
    "insert": "bold green underline",
    "wording": "yellow",
    "unknown": "italic blue",
    "head": "bold",
    "meta": "dim",
}

LEGEND = (
    "legend: [-deleted-]{+inserted+} substantive change; [~old~>new~] wording only (another rendering); "
    "[?not in source?] {?text?} text a source does not quote"
)


def redline_text(redline: Redline, *, wording: str = "show") -> Text:
    """A rich Text of the whole redline (``.plain`` for the colourless version)."""
    out = Text()
    name = f"{redline.title or redline.work}" + (f", {provision_label(redline.eid)}" if redline.eid else "")
    out.append(name + "\n", STYLES["head"])
    out.append(f"from {version_label(redline, 'from')}\n")
    out.append(f"to   {version_label(redline, 'to')}\n")
    if redline.translation:
        out.append(
            "same version, two translations: differences are translation, not amendment\n", STYLES["meta"]
        )
    for a in redline.instruments:
        out.append(f"amended by {describe(a)}\n", STYLES["meta"])
    if not redline.classified:
        out.append("one translation on both sides: every change is treated as substantive\n", STYLES["meta"])
    out.append(LEGEND + "\n", STYLES["meta"])
    for change in shown(redline.provisions):
        out.append("\n")
        out.append(provision_label(change.eid), STYLES["head"])
        out.append(f" ({status_label(change, redline)})\n", STYLES["meta"])
        body = segments_text(segments(change.ops, wording=wording))
        out.append("  ")
        out.append_text(body)
        out.append("\n")
        whos = {o.attribution for o in change.ops if o.attribution is not None}
        for who in sorted(whos, key=describe):
            out.append(f"  substantive changes by: {describe(who)}\n", STYLES["meta"])
    counts = redline.counts()
    out.append(
        f"\nchanges: {counts['substantive']} substantive, {counts['wording']} wording, {counts['unknown']} unknown\n",
        STYLES["meta"],
    )
    if not attributions(redline) and redline.instruments and counts["substantive"]:
        out.append("no textual modification recorded for these provisions\n", STYLES["meta"])
    return out


def segments_text(segs: list[Segment], *, only_new: bool = False) -> Text:
    """Marked-up text of segments; ``only_new`` shows unknown text of the new side only (a column)."""
    out = Text()
    for s in segs:
        if s.kind == "equal":
            out.append(s.new)
        elif s.kind == "wording":
            out.append("[~", STYLES["wording"])
            out.append(s.old, STYLES["wording"] + " strike")
            out.append("~>", STYLES["wording"])
            out.append(s.new, STYLES["wording"] + " underline")
            out.append("~]", STYLES["wording"])
        elif s.kind == "unknown":
            if s.old and not only_new:
                out.append("[?not in source?]" if s.omitted_old else f"{{?{s.old}?}}", STYLES["unknown"])
            if s.new:
                out.append("[?not in source?]" if s.omitted_new else f"{{?{s.new}?}}", STYLES["unknown"])
        else:
            if s.old:
                out.append(f"[-{s.old}-]", STYLES["delete"])
            if s.new:
                out.append(f"{{+{s.new}+}}", STYLES["insert"])
    return out


def translations_text(view: TranslationView, *, wording: str = "show") -> Text:
    """Each paragraph, then each rendering of it: the base as is, the others as redlines against it."""
    out = Text()
    out.append(
        f"{view.title or view.work}, {provision_label(view.eid)}: {len(view.renderings)} "
        f"rendering{'' if len(view.renderings) == 1 else 's'} of the version of "
        f"{view.version.isoformat()}\n",
        STYLES["head"],
    )
    for n, r in enumerate(view.renderings, 1):
        mark = " (base)" if r.source == view.base else ""
        out.append(f"  [{n}] {r.redline.source_name(r.source)}{mark}: {r.translation}\n", STYLES["meta"])
    out.append(LEGEND + "\n", STYLES["meta"])
    for eid in view.eids:
        out.append(f"\n{provision_label(eid)}\n", STYLES["head"])
        for n, r in enumerate(view.renderings, 1):
            change = r.change(eid)
            out.append(f"  [{n}] ", STYLES["meta"])
            if change is None:
                out.append("(no such provision)\n", STYLES["meta"])
                continue
            out.append_text(segments_text(segments(change.ops, wording=wording), only_new=True))
            out.append("\n")
    return out
