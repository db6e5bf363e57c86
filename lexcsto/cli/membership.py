"""``lexcsto parties WORK [--as-at DATE]``: who was bound by an instrument on a date, since when, on whose word.

Also the lines ``lexcsto show WORK/EID --state STATE`` adds: was that state bound, and by which version.
"""

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

import lexcsto
from lexcsto.cli import (
    CorpusOption,
    JsonOption,
    TextJsonFormat,
    app,
    chosen_format,
    open_corpus,
    parse_date_option,
    print_json,
)
from lexcsto.cli.corpus import console

if TYPE_CHECKING:
    from lexcsto.corpus.parties import Binding, Claim, PartyStatus, StateEvent
    from lexcsto.corpus.queries import Corpus

STATUS_ORDER = (
    "party",
    "member",
    "ratified",
    "acceded",
    "signatory",
    "suspended",
    "withdrawn",
    "observer",
    "partner",
)


def claim_row(c: "Claim") -> dict[str, Any]:
    return {
        "value": c.value,
        "source": c.source,
        "lines": str(c.lines) if c.lines else None,
        "chosen": c.chosen,
        "quote": c.quote,
        "note": c.note,
    }


def event_row(e: "StateEvent") -> dict[str, Any]:
    return {
        "kind": e.kind,
        "date": e.when,
        "effective": e.day.isoformat(),
        "act": e.act or None,
        "reckoned": e.reckoned or None,
        "note": e.note or None,
        "claims": [claim_row(c) for c in e.claims],
    }


def status_row(s: "PartyStatus") -> dict[str, Any]:
    return {
        "state": s.state,
        "name": s.name,
        "status": s.status,
        "bound": s.bound,
        "since": s.since.isoformat(),
        "event": event_row(s.event),
        "history": [event_row(e) for e in s.history],
    }


def cite(e: "StateEvent") -> str:
    """The chosen claim as ``seed-003 L274-275`` (``reckoned`` marked), for a table cell."""
    c = e.chosen
    if c is None:
        return ""
    where = f"{c.source} L{c.lines}" if c.lines else c.source
    return where + (" (day reckoned)" if e.reckoned else "")


def counts(statuses: "tuple[PartyStatus, ...]") -> dict[str, int]:
    found: dict[str, int] = {}
    for s in statuses:
        found[s.status] = found.get(s.status, 0) + 1
    return {k: found[k] for k in sorted(found, key=STATUS_ORDER.index)}


def summary(c: "Corpus", work: str, when: date, statuses: "tuple[PartyStatus, ...]") -> str:
    """``Collective Security Treaty on 1993-01-01: not yet in force (in force from 1994-04-20); signatory: 6``."""
    w = c.work(work)
    if w.in_force is None:
        force = "entry into force not recorded"
    elif when < w.in_force:
        force = f"not yet in force (in force from {w.in_force})"
    else:
        force = f"in force since {w.in_force}"
    tally = ", ".join(f"{status}: {n}" for status, n in counts(statuses).items()) or "no state yet"
    return f"{w.title} on {when}: {force}; {tally}"


@app.command()
def parties(
    work: Annotated[str, typer.Argument(help="The instrument: a short name (cst, charter) or work URI.")],
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="The date (YYYY-MM-DD); default: today.")
    ] = None,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
) -> None:
    """Every state's status under an instrument on a date (party/member, signatory, withdrawn,
    suspended, ...), since when, and the sources that date it."""
    fmt = chosen_format(fmt, json_out)
    when = parse_date_option(as_at, "--as-at") or date.today()
    c = open_corpus(corpus, parties=True)
    statuses = lexcsto.parties(c, work, when)
    w = c.work(work)
    membership = c.membership(work)
    bond = membership.bond if membership else ""
    if fmt == "json":
        print_json(
            {
                "work": w.uri,
                "short": w.short,
                "title": w.title,
                "bond": bond,
                "as_at": when.isoformat(),
                "in_force": w.in_force is not None and when >= w.in_force,
                "instrument_in_force_from": w.in_force.isoformat() if w.in_force else None,
                "counts": counts(statuses),
                "states": [status_row(s) for s in statuses],
            }
        )
        return
    from rich.table import Table

    console().print(f"[bold]{summary(c, work, when, statuses)}[/bold]")
    table = Table("state", "code", "status", "since", "by", "source", box=None, pad_edge=False)
    for s in statuses:
        table.add_row(s.name, s.state, s.status, s.event.when, s.event.kind.replace("_", " "), cite(s.event))
    console().print(table)


def binding_row(b: "Binding") -> dict[str, Any]:
    return {
        "state": b.state,
        "name": b.name,
        "as_at": b.as_at.isoformat(),
        "bound": b.bound,
        "status": b.status.status if b.status else None,
        "since": b.status.since.isoformat() if b.status else None,
        "last_bound": b.last_bound.isoformat() if b.last_bound else None,
        "version": b.version.date.isoformat() if b.version else None,
        "expression": b.version.uri if b.version else None,
        "amending_instrument": b.instrument or None,
        "party_to_amending_instrument": (
            None
            if not b.instrument or not b.instrument_known
            else bool(b.by_instrument and b.by_instrument.bound)
        ),
        "event": event_row(b.status.event) if b.status else None,
    }


def binding_text(c: "Corpus", b: "Binding") -> str:
    """One sentence: ``Georgia on 2000-01-01: not bound (withdrawn since 1999-04-20 ...)``."""
    w = c.work(b.work)
    if b.status is None:
        return f"{b.name} on {b.as_at}: not bound: no signature, accession or membership of {w.short} yet."
    how = f"{b.status.status} since {b.status.event.when} ({b.status.event.kind.replace('_', ' ')}, {cite(b.status.event)})"
    if b.bound and b.version is not None:
        return f"{b.name} on {b.as_at}: bound, {how}, by the version of {b.version.date}{_by(c, b)}."
    if b.last_bound is not None and b.version is not None:
        return (
            f"{b.name} on {b.as_at}: not bound, {how}; last bound on {b.last_bound}, "
            f"by the version of {b.version.date}{_by(c, b)}."
        )
    return f"{b.name} on {b.as_at}: not bound, {how}."


def _by(c: "Corpus", b: "Binding") -> str:
    if not b.instrument:
        return " (the original text)"
    short = c.work(b.instrument).short
    if not b.instrument_known:
        return f" (as amended by {short}; the corpus has no parties data for {short})"
    if b.by_instrument is not None and b.by_instrument.bound:
        return f" (as amended by {short}, to which it is a {b.by_instrument.status})"
    return f" (as amended by {short}, to which it is not a party)"
