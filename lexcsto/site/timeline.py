"""A timeline of instruments as an inline SVG picture: no script, no library, nothing fetched.

Each row is an instrument: a hollow dot where it was signed, a filled dot where it entered into force, a bar
while it is in force, and a diamond for each amendment. Labels link to the instrument's page.

>>> from datetime import date
>>> svg = timeline_svg([Row("CST <1992>", "cst/", (Mark(date(1992, 5, 15), "signature", "signed"),))])
>>> svg.startswith("<svg") and "CST &lt;1992&gt;" in svg and "<script" not in svg
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lexcsto.site.markup import h

LABEL_WIDTH = 250
PLOT_WIDTH = 380
ROW_HEIGHT = 20
TOP = 28


@dataclass(frozen=True)
class Mark:
    """One dated event on a row."""

    date: date
    kind: str  # "signature" | "entry_into_force" | "amendment" | anything else (a small tick)
    label: str


@dataclass(frozen=True)
class Row:
    """One instrument: its label, its page (relative URL) and its dated events."""

    label: str
    href: str
    marks: tuple[Mark, ...]
    until: date | None = None  # when its time in force ended (replaced, terminated), if it did


def _fraction(day: date, first: int, last: int) -> float:
    start = date(first, 1, 1).toordinal()
    end = date(last + 1, 1, 1).toordinal()
    return (day.toordinal() - start) / (end - start)


def timeline_svg(rows: Sequence[Row], *, today: date | None = None, title: str = "Timeline") -> str:
    """Draw the rows on one time axis and return the SVG markup (one line per element, no blank line)."""
    dated = [r for r in rows if r.marks]
    if not dated:
        return ""
    days = [m.date for r in dated for m in r.marks]
    end_day = today or max(days)
    first, last = min(days).year, max(max(days).year, end_day.year)
    height = TOP + ROW_HEIGHT * len(dated) + 8
    width = LABEL_WIDTH + PLOT_WIDTH + 20

    def x(day: date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * _fraction(day, first, last), 1)

    out = [
        f'<svg class="lx-timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" aria-label="{h(title)}">',
        f"<title>{h(title)}</title>",
    ]
    step = 1 if last - first <= 12 else 2 if last - first <= 30 else 5
    for year in range(first - first % step, last + 1, step):
        if year < first:
            continue
        tx = x(date(year, 1, 1))
        out.append(f'<line class="lx-tl-grid" x1="{tx}" y1="{TOP - 6}" x2="{tx}" y2="{height - 4}"/>')
        out.append(f'<text class="lx-tl-year" x="{tx}" y="{TOP - 10}" text-anchor="middle">{year}</text>')
    for i, row in enumerate(dated):
        y = TOP + ROW_HEIGHT * i + ROW_HEIGHT / 2
        label = row.label if len(row.label) <= 40 else row.label[:39] + "…"
        out.append(
            f'<a href="{h(row.href)}"><text class="lx-tl-label" x="{LABEL_WIDTH - 8}" y="{y + 4}" '
            f'text-anchor="end"><title>{h(row.label)}</title>{h(label)}</text></a>'
        )
        in_force = next((m.date for m in row.marks if m.kind == "entry_into_force"), None)
        if in_force is not None:
            bar_end = row.until or end_day
            out.append(
                f'<line class="lx-tl-bar" x1="{x(in_force)}" y1="{y}" x2="{max(x(bar_end), x(in_force))}" y2="{y}"/>'
            )
        for m in sorted(row.marks, key=lambda m: m.date):
            tip = f"<title>{h(m.label)}: {m.date.isoformat()}</title>"
            cx = x(m.date)
            if m.kind == "signature" or m.kind == "adoption":
                out.append(f'<circle class="lx-tl-signed" cx="{cx}" cy="{y}" r="4.5">{tip}</circle>')
            elif m.kind == "entry_into_force":
                out.append(f'<circle class="lx-tl-force" cx="{cx}" cy="{y}" r="4.5">{tip}</circle>')
            elif m.kind == "amendment":
                pts = f"{cx},{y - 5} {cx + 5},{y} {cx},{y + 5} {cx - 5},{y}"
                out.append(f'<polygon class="lx-tl-amend" points="{pts}">{tip}</polygon>')
            else:
                out.append(
                    f'<rect class="lx-tl-other" x="{cx - 2}" y="{y - 5}" width="4" height="10">{tip}</rect>'
                )
    out.append("</svg>")
    return "\n".join(out)
