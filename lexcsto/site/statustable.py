"""Parties and membership on the site: the status table of an instrument (in the manner of the UN Treaty
Collection), a page per state with its path through the instruments, and a membership timeline as SVG.

The timeline is accessible without colour: every bar carries its status as text (or an abbreviation, with
the full words in its ``<title>``), statuses differ by outline as well as fill, and a ``<desc>`` tells
each row's path in words.

>>> from datetime import date
>>> svg = membership_svg([Lane("Georgia", "", (Span(date(1993, 12, 9), date(1994, 4, 20), "acceded"),
...     Span(date(1994, 4, 20), date(1999, 4, 20), "party"), Span(date(1999, 4, 20), None, "withdrawn")))],
...     today=date(2005, 1, 1), title="CST")
>>> "<desc>" in svg and ">party<" in svg and "Georgia: acceded from 1993-12-09" in svg
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from lexcsto.corpus.parties import TRANSITIONS, Claim, Membership, StateEvent, StateRecord
from lexcsto.site import urls
from lexcsto.site.markup import h
from lexcsto.site.text import lines_label

if TYPE_CHECKING:
    from lexcsto.corpus.model import Work
    from lexcsto.site.context import SiteContext
    from lexcsto.site.pages import Builder, Page

LABEL_WIDTH = 150
PLOT_WIDTH = 520
ROW_HEIGHT = 24
TOP = 28
CHAR_WIDTH = 6.2  # the width of a letter of the labels, to decide whether a word fits its bar
SHORT = {
    "signatory": "sig.",
    "ratified": "rat.",
    "acceded": "acc.",
    "party": "party",
    "member": "mem.",
    "suspended": "susp.",
    "withdrawn": "out",
    "observer": "obs.",
    "partner": "ptn.",
}


@dataclass(frozen=True)
class Span:
    """A status held from ``start`` until ``end`` (None: still held on the site's today)."""

    start: date
    end: date | None
    status: str


@dataclass(frozen=True)
class Lane:
    """One row of the membership timeline: a state (on an instrument's page) or an instrument (on a
    state's page)."""

    label: str
    href: str
    spans: tuple[Span, ...]


def spans(record: StateRecord, bond: str) -> tuple[Span, ...]:
    """The statuses of a state's path, as spans between the events that change them."""
    changes = [e for e in record.events if not e.is_step]
    out: list[Span] = []
    for i, e in enumerate(changes):
        gives = TRANSITIONS[e.kind][1]
        status = bond if gives == "bond" else gives
        end = changes[i + 1].day if i + 1 < len(changes) else None
        out.append(Span(e.day, end, status))
    return tuple(out)


def membership_svg(lanes: Sequence[Lane], *, today: date, title: str) -> str:
    """Draw the lanes on one time axis; return the SVG markup."""
    dated = [lane for lane in lanes if lane.spans]
    if not dated:
        return ""
    first = min(s.start for lane in dated for s in lane.spans).year
    last = today.year
    height = TOP + ROW_HEIGHT * len(dated) + 8
    width = LABEL_WIDTH + PLOT_WIDTH + 20
    start, stop = date(first, 1, 1).toordinal(), date(last + 1, 1, 1).toordinal()

    def x(day: date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * (min(day, today).toordinal() - start) / (stop - start), 1)

    words = [
        f"{lane.label}: "
        + "; ".join(f"{s.status} from {s.start}" + (f" to {s.end}" if s.end else "") for s in lane.spans)
        for lane in dated
    ]
    out = [
        f'<svg class="lx-membership" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        # A group, not an image: the states' names inside are links (axe: nested-interactive).
        f'width="{width}" height="{height}" role="group" aria-label="{h(title)}">',
        f"<title>{h(title)}</title>",
        f"<desc>{h('. '.join(words))}.</desc>",
    ]
    step = 1 if last - first <= 12 else 2 if last - first <= 30 else 5
    for year in range(first - first % step, last + 1, step):
        if year >= first:
            tx = x(date(year, 1, 1))
            out.append(f'<line class="lx-mb-grid" x1="{tx}" y1="{TOP - 6}" x2="{tx}" y2="{height - 4}"/>')
            out.append(f'<text class="lx-mb-year" x="{tx}" y="{TOP - 10}" text-anchor="middle">{year}</text>')
    for i, lane in enumerate(dated):
        y = TOP + ROW_HEIGHT * i
        label = f'<text class="lx-mb-label" x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{h(lane.label)}</text>'
        out.append(f'<a href="{h(lane.href)}">{label}</a>' if lane.href else label)
        for s in lane.spans:
            x1, x2 = x(s.start), x(s.end or today)
            bar = max(x2 - x1, 1.5)
            tip = f"{lane.label}: {s.status} from {s.start}" + (f" to {s.end}" if s.end else "")
            out.append(
                f'<rect class="lx-mb-span lx-mb-{s.status}" x="{x1}" y="{y + 3}" width="{bar}" '
                f'height="{ROW_HEIGHT - 6}"><title>{h(tip)}</title></rect>'
            )
            word = s.status if len(s.status) * CHAR_WIDTH + 6 <= bar else SHORT.get(s.status, "")
            if word and len(word) * CHAR_WIDTH + 4 <= bar:
                out.append(f'<text class="lx-mb-status" x="{round(x1 + 3, 1)}" y="{y + 16}">{h(word)}</text>')
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------- tables

# UN Treaty Collection columns: which event kinds go in which column.
COLUMNS = {
    "signature": ("signature",),
    "consent": ("ratification", "accession", "admission"),
    "in_force": ("entry_into_force",),
    "ended": ("non_renewal", "withdrawal"),
    "suspended": ("suspension", "restoration"),
}
CONSENT_MARK = {"ratification": "", "accession": " a", "admission": " adm."}


def claim_label(ctx: SiteContext, c: Claim) -> str:
    """A claim's source as a reader names it: "DCAF 2013, lines 274–275" (the source id is a tooltip)."""
    if c.source == "outside":
        return "outside the sources"
    name = ctx.source_label(c.source)
    return f"{name}, {lines_label(c.lines.start, c.lines.end)}" if c.lines else name


def claim_html(ctx: SiteContext, page: str, c: Claim) -> str:
    """The claim's source, linked to the quoted lines on the source's page when the site has it."""
    label = claim_label(ctx, c)
    href = ctx.source_href(page, c.source, *((c.lines.start, c.lines.end) if c.lines else ()))
    if not href:
        return h(label)
    return f'<a class="lx-cite" href="{h(href)}" title="{h(c.source)}">{h(label)}</a>'


def cite(ctx: SiteContext, e: StateEvent) -> str:
    return claim_label(ctx, e.chosen) if e.chosen is not None else ""


def cell(ctx: SiteContext, page: str, events: Sequence[StateEvent]) -> str:
    """Dates of one column for one state, each with its source: ``1993-12-09 a (DCAF 2013, lines
    274–275)``, the source linked to its lines."""
    parts = []
    for e in events:
        mark = CONSENT_MARK.get(e.kind, "") + (" (restored)" if e.kind == "restoration" else "")
        reckoned = "†" if e.reckoned else ""
        source = claim_html(ctx, page, e.chosen) if e.chosen is not None else ""
        parts.append(f"{e.when}{reckoned}{mark} <small>({source})</small>" if source else f"{e.when}{reckoned}{mark}")
    return "<br>".join(parts)


def disagrees(one: str, other: str) -> bool:
    """Two partial dates disagree when neither is the other told more precisely.

    >>> disagrees("1993-09", "1993-12-09"), disagrees("1993-12", "1993-12-09"), disagrees("1999", "1999-04")
    (True, False, False)
    """
    return not (one.startswith(other) or other.startswith(one))


def status_rows(membership: Membership, ctx: SiteContext, page: str) -> list[dict[str, Any]]:
    """One row per state: its link, the dates of each column with their sources, its notes."""
    rows = []
    for record in sorted(membership.states, key=lambda r: r.name):
        columns = {
            name: Markup(cell(ctx, page, [e for e in record.events if e.kind in kinds]))
            for name, kinds in COLUMNS.items()
        }
        notes = [*record.notes]
        for e in record.events:
            if e.is_step:
                notes.append(f"{e.kind.capitalize()} {e.when} ({cite(ctx, e)}){': ' + e.note if e.note else ''}")
            elif e.reckoned:
                notes.append(f"† {e.kind.replace('_', ' ')}: {e.reckoned}")
            chosen = e.chosen
            for c in e.claims:
                if chosen is not None and not c.chosen and disagrees(c.value, chosen.value):
                    notes.append(f"{e.kind.capitalize()}: {claim_label(ctx, c)} says {c.value}. {c.note}")
        rows.append(
            {
                "record": record,
                "href": ctx.link(page, state_path(record.state)),
                "notes": [ctx.reader_text(n) for n in notes],  # "003 L275" as the source's name
                **columns,
            }
        )
    return rows


def state_path(code: str) -> str:
    return f"states/{urls.slug(code)}.md"


def parties_view(ctx: SiteContext, page: str, w: Work) -> dict[str, Any] | None:
    """What the instrument page shows of its parties: the bond, the table and the timeline; None without
    parties data."""
    membership = ctx.corpus.membership(w.uri)
    if membership is None:
        return None
    lanes = [
        Lane(r.name, ctx.link(page, state_path(r.state)), spans(r, membership.bond))
        for r in sorted(membership.states, key=lambda r: (r.events[0].day if r.events else date.max, r.name))
    ]
    title = f"Who was bound by the {w.title}, year by year"
    return {
        "bond": membership.bond,
        "rows": status_rows(membership, ctx, page),
        "svg": Markup(membership_svg(lanes, today=ctx.today, title=title)),
        "notes": membership.notes,
        "path": membership.path,
    }


# --------------------------------------------------------------------------------------------- state pages


def states(ctx: SiteContext) -> dict[str, list[tuple[Work, Membership, StateRecord]]]:
    """Every state with parties data, by code: the instruments it has a path through."""
    out: dict[str, list[tuple[Work, Membership, StateRecord]]] = {}
    for w in sorted(ctx.corpus.works, key=lambda w: (w.date, w.short)):
        membership = ctx.corpus.membership(w.uri)
        for record in membership.states if membership else ():
            out.setdefault(record.state, []).append((w, membership, record))  # type: ignore[arg-type]
    return out


def state_page(builder: Builder, code: str) -> Page:
    ctx = builder.ctx
    page = state_path(code)
    paths = states(ctx)[code]
    name = paths[0][2].name
    lanes = [Lane(w.title, ctx.link(page, urls.work_path(w.short)), spans(r, m.bond)) for w, m, r in paths]
    instruments = []
    for w, m, r in paths:
        now = r.status_at(ctx.today, m.bond)
        instruments.append(
            {
                "work": w,
                "path": urls.work_path(w.short),
                "bond": m.bond,
                "now": now,
                "events": [(e, _status_after(e, m.bond)) for e in r.events],
                "notes": r.notes,
            }
        )
    return builder.render(
        "state.md.j2",
        page,
        name,
        name=name,
        code=code,
        instruments=instruments,
        claim=lambda c: Markup(claim_html(ctx, page, c)),
        svg=Markup(membership_svg(lanes, today=ctx.today, title=f"{name}: its path through the instruments")),
    )


def _status_after(e: StateEvent, bond: str) -> str:
    if e.is_step:
        return ""
    gives = TRANSITIONS[e.kind][1]
    return bond if gives == "bond" else gives


def states_page(builder: Builder) -> Page:
    ctx = builder.ctx
    page = "states/index.md"
    rows = []
    for code, paths in sorted(states(ctx).items(), key=lambda kv: kv[1][0][2].name):
        statuses = []
        for w, m, r in paths:
            now = r.status_at(ctx.today, m.bond)
            statuses.append((w, urls.work_path(w.short), now))
        rows.append({"code": code, "name": paths[0][2].name, "path": state_path(code), "statuses": statuses})
    return builder.render("states.md.j2", page, "States", rows=rows, today=ctx.today)


def planned_state_pages(ctx: SiteContext) -> list[tuple[str, str, Any]]:
    """(path, title, make) for the states index and each state's page; none without parties data."""
    found = states(ctx)
    if not found:
        return []
    pages: list[tuple[str, str, Any]] = [("states/index.md", "All states", states_page)]
    for code, paths in sorted(found.items(), key=lambda kv: kv[1][0][2].name):
        pages.append((state_path(code), paths[0][2].name, partial(state_page, code=code)))
    return pages
