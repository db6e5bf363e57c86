"""Point in time: which text was in force on each day, and the date picker that shows it.

The site is static, so the picker reads its answer from the page: the days on which the text changed
(the version dates, with the expression the library's ``expression_at`` gives from each), each with its
reason, as ``data-`` attributes of a hidden list, never as script (corpus text stays text). The script
(``assets/lexcsto.js``) picks the version for the chosen day, opens its tab and says "As at ..." and why;
``#as-at-YYYY-MM-DD`` in the address does the same on load, so that a link to a day survives a reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lexcsto.corpus.model import Work
from lexcsto.corpus.queries import Corpus
from lexcsto.errors import QueryError
from lexcsto.site.labels import long_date
from lexcsto.site.markup import Markup, h


@dataclass(frozen=True)
class Step:
    """From ``start`` on (until the next step), the text in force is the expression ``key``."""

    start: date
    key: str
    reason: str  # why this text applies: "the text as signed on ...", "as amended by ..."


def steps(corpus: Corpus, work: Work, eid: str | None = None, language: str | None = None) -> list[Step]:
    """The days the text (of ``eid``, or of the whole work) changed, oldest first, as the library
    answers ``expression_at`` for each. Without ``language``: in English, else in the first language the
    work has versions in (an Italian bill, a Chilean debate have no English text to date)."""
    if language is None:
        languages = dict.fromkeys(["eng", *(e.language for e in work.expressions)])
        for lang in languages:
            found = steps(corpus, work, eid, lang)
            if found:
                return found
        return []
    out: list[Step] = []
    for day in corpus.version_dates(work.uri, language):
        try:
            e = corpus.expression_at(work.uri, day, language, eid=eid)
        except QueryError:
            continue
        if out and out[-1].key == e.key:
            continue
        out.append(Step(day, e.key, _reason(corpus, work, day, first=not out)))
    return out


def _reason(corpus: Corpus, work: Work, day: date, *, first: bool) -> str:
    if first:
        verb = "adopted" if work.event("adoption") and not work.event("signature") else "signed"
        return f"the text as {verb} on {long_date(work.signed or work.date)}"
    for ev in work.events:
        if ev.date == day and ev.instrument and ev.instrument != work.uri:
            try:
                by = corpus.work(ev.instrument).title
            except QueryError:
                by = ev.instrument
            verb = {"amendment": "amended", "extension": "extended"}.get(ev.kind, ev.kind.replace("_", " "))
            return f"the text as {verb} by the {by}, from {long_date(day)}"
    return f"the text from {long_date(day)}"


def picker_html(
    work: Work,
    found: list[Step],
    tabs: dict[str, tuple[int, str, str]],
    *,
    today: date,
    ident: str,
    target: str,
) -> Markup:
    """The date picker for the tabs of ``target`` (the id of a tab set). ``tabs`` maps an expression key
    to (tab index from 1, the tab's anchor, its label)."""
    items = []
    for s in found:
        if s.key not in tabs:
            continue
        index, anchor, label = tabs[s.key]
        items.append(
            f'<li data-from="{s.start.isoformat()}" data-tab="{index}" data-anchor="{h(anchor)}" '
            f'data-label="{h(label)}" data-reason="{h(s.reason)}">{h(label)}: {h(s.reason)}</li>'
        )
    if not items:
        return Markup("")
    signed = work.signed or work.date
    in_force = work.in_force.isoformat() if work.in_force else ""
    shown = _static_answer(work, found, tabs, today)
    return Markup(
        f'<div class="lx-asat" data-lx-asat data-search-exclude data-target="{h(target)}" '
        f'data-signed="{signed.isoformat()}" '
        f'data-in-force="{in_force}">'
        f'<p class="lx-asat-controls"><label for="{h(ident)}">Show the text as at</label> '
        f'<input type="date" id="{h(ident)}" min="{signed.isoformat()}" value="{today.isoformat()}"> '
        f'<a class="lx-asat-link" href="#as-at-{today.isoformat()}">link to this date</a></p>'
        f'<p class="lx-asat-result" role="status" aria-live="polite">{h(shown)}</p>'
        f'<ol class="lx-asat-steps" hidden>{"".join(items)}</ol></div>'
    )


def _static_answer(work: Work, found: list[Step], tabs: dict[str, tuple[int, str, str]], day: date) -> str:
    """What the script says for ``day``, written into the page for readers without script."""
    current = [s for s in found if s.start <= day and s.key in tabs]
    if not current:
        return f"As at {long_date(day)}: no text of this instrument yet."
    s = current[-1]
    status = ""
    if work.in_force is not None and day < work.in_force:
        status = "; signed, not yet in force that day"
    elif work.in_force is not None:
        status = f"; in force since {long_date(max(work.in_force, s.start))}"
    return f"As at {long_date(day)}: {tabs[s.key][2]}, {s.reason}{status}."


__all__ = ["Step", "picker_html", "steps"]
