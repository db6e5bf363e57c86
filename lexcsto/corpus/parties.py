"""Who is bound by an instrument, and since when: state parties and membership over time.

Akoma Ntoso has no element for this, so the edition keeps it in a file beside the AKN of each work
(``<short>/parties.yaml``, read by :mod:`lexcsto.corpus.parties_reader`). For each state it records the
events of its path (signature, ratification, accession, entry into force for that state, non-renewal,
withdrawal, suspension, restoration, observer and partner status), each dated, each with the claims of
the sources that date it, one of them chosen.

Being bound is a ``bond``: a state is a ``party`` to a treaty and a ``member`` of an organisation (by its
charter). The two are different works with different paths: Uzbekistan stayed a party to the Treaty while
its membership of the Organization was suspended.

>>> ev = lambda kind, day: StateEvent(kind, day, date.fromisoformat(day), (Claim(day, "seed-x", None, True),))
>>> record = StateRecord("UZB", "Uzbekistan", (
...     ev("admission", "2006-06-23"), ev("suspension", "2012-12-19")))
>>> record.status_at(date(2010, 1, 1), "member").status
'member'
>>> at = record.status_at(date(2014, 1, 1), "member")
>>> at.status, at.since.isoformat(), at.bound
('suspended', '2012-12-19', False)
>>> record.status_at(date(2000, 1, 1), "member") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from lexcsto.corpus.model import Event, Expression, Lines
from lexcsto.errors import Problem

EventKind = Literal[
    "signature",
    "ratification",
    "accession",
    "admission",
    "entry_into_force",
    "non_renewal",
    "withdrawal",
    "suspension",
    "restoration",
    "observer",
    "partner",
    "notification",
    "protocol",
]
Status = Literal[
    "signatory", "ratified", "acceded", "party", "member", "suspended", "withdrawn", "observer", "partner"
]
Bond = Literal["party", "member"]
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)
BONDS: tuple[str, ...] = get_args(Bond)
# Steps on a state's path that change nothing by themselves: a state's note announcing a suspension, the
# protocol that settles the terms of a membership already decided.
STEPS = frozenset({"notification", "protocol"})
# A partial ISO date: as precise as the source is.
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
BOND_MARK = "bond"  # stands for the work's bond ("party" or "member") in the transition table

# kind -> (the statuses it may follow, None = no status yet; the status it gives).
TRANSITIONS: dict[str, tuple[frozenset[str | None], str]] = {
    "signature": (frozenset({None}), "signatory"),
    "ratification": (frozenset({"signatory"}), "ratified"),
    "accession": (frozenset({None, "withdrawn", "observer", "partner"}), "acceded"),
    "admission": (frozenset({None, "withdrawn", "observer", "partner"}), BOND_MARK),
    "entry_into_force": (frozenset({"signatory", "ratified", "acceded"}), BOND_MARK),
    "non_renewal": (frozenset({BOND_MARK, "suspended"}), "withdrawn"),
    "withdrawal": (frozenset({BOND_MARK, "suspended", "signatory", "ratified", "acceded"}), "withdrawn"),
    "suspension": (frozenset({BOND_MARK}), "suspended"),
    "restoration": (frozenset({"suspended", "withdrawn"}), BOND_MARK),
    "observer": (frozenset({None, "withdrawn", "partner", "observer"}), "observer"),
    "partner": (frozenset({None, "withdrawn", "observer", "partner"}), "partner"),
}
# Work events that end an instrument's life: nothing happens to it for a state after them.
WORK_ENDS = frozenset({"replacement", "termination", "expiry"})


@dataclass(frozen=True)
class Claim:
    """What one source says about the date of a state's event; ``chosen`` marks the one the edition uses."""

    value: str  # a partial ISO date, as precise as the source: "1993", "1993-09", "1993-09-24"
    source: str  # a Source.id, or "outside" for a fact from outside the sources (the note cites it)
    lines: Lines | None
    chosen: bool
    note: str = ""
    quote: str = ""  # the source's own words for it, checked against the lines by the tests
    line: int | None = None  # line in the parties file, for error messages


@dataclass(frozen=True)
class StateEvent:
    """One event on a state's path through an instrument."""

    kind: str  # an EventKind
    when: str  # the date as the edition states it: the chosen claim's value, or the reckoned day
    day: date  # the day it takes effect (for steps dated to the month: the first day, for order only)
    claims: tuple[Claim, ...]
    reckoned: str = ""  # why this day, when the chosen source does not give the day itself
    act: str = ""  # the act that made it: a work URI of the corpus, or its title in words
    note: str = ""
    line: int | None = None

    @property
    def chosen(self) -> Claim | None:
        return next((c for c in self.claims if c.chosen), None)

    @property
    def is_step(self) -> bool:
        return self.kind in STEPS


@dataclass(frozen=True)
class StateRecord:
    """One state's path through one instrument."""

    state: str  # ISO 3166-1 alpha-3, as in the NLP tables (lexcsto/data/nlp/entities.yaml)
    name: str
    events: tuple[StateEvent, ...]
    notes: tuple[str, ...] = ()
    line: int | None = None

    def history(self, as_at: date | None = None) -> tuple[StateEvent, ...]:
        """The events up to and including ``as_at`` (all of them without a date)."""
        return tuple(e for e in self.events if as_at is None or e.day <= as_at)

    def status_at(self, as_at: date, bond: str) -> PartyStatus | None:
        """The state's status on ``as_at``, or None when it had no relation to the instrument yet."""
        status: str | None = None
        since: StateEvent | None = None
        for e in self.history(as_at):
            if e.is_step:
                continue
            gives = TRANSITIONS[e.kind][1]
            status, since = (bond if gives == BOND_MARK else gives), e
        if status is None or since is None:
            return None
        return PartyStatus(self.state, self.name, status, since.day, since, self.history(as_at))


@dataclass(frozen=True)
class PartyStatus:
    """A state's status under an instrument on a date, the event it dates from, and its path so far."""

    state: str
    name: str
    status: str  # a Status
    since: date
    event: StateEvent
    history: tuple[StateEvent, ...]

    @property
    def bound(self) -> bool:
        """Bound by the instrument: a party to it or a member under it (not suspended, not withdrawn)."""
        return self.status in BONDS


@dataclass(frozen=True)
class Binding:
    """Was a state bound by a work on a date, and by which version of its text?"""

    work: str
    state: str
    name: str
    as_at: date
    status: PartyStatus | None  # None: no relation to the instrument yet
    last_bound: date | None  # as_at when bound; else the last day it was bound; None if never
    version: Expression | None  # the text in force on ``last_bound``
    instrument: str  # work URI of the amending instrument that made that version ("" for the original)
    instrument_known: bool  # the corpus has parties data for that instrument
    by_instrument: PartyStatus | None  # the state's status under that instrument on ``last_bound``

    @property
    def bound(self) -> bool:
        return self.status is not None and self.status.bound


@dataclass(frozen=True)
class Membership:
    """The parties file of one work: its bond and every state's path."""

    work: str  # work URI
    bond: str  # a Bond
    states: tuple[StateRecord, ...]
    notes: tuple[str, ...] = ()
    path: str = ""

    def state(self, key: str) -> StateRecord | None:
        """A state by its code or its name (case-insensitive)."""
        low = key.casefold()
        return next((s for s in self.states if low in (s.state.casefold(), s.name.casefold())), None)

    def at(self, as_at: date) -> tuple[PartyStatus, ...]:
        """Every state with a status on ``as_at``, bound states first, then by name."""
        found = [s for s in (r.status_at(as_at, self.bond) for r in self.states) if s is not None]
        return tuple(sorted(found, key=lambda s: (not s.bound, s.name)))


# --------------------------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Life:
    """An instrument's life, as far as the parties checks need it."""

    begins: date  # signature or adoption (the work date when neither is recorded)
    in_force: date | None
    ends: date | None  # replacement, termination or expiry

    @classmethod
    def of(cls, work_date: date, events: Iterable[Event]) -> Life:
        """The life recorded by a work's date and its events.

        >>> Life.of(date(1992, 5, 15), [Event(date(1994, 4, 20), "entry_into_force")]).in_force
        datetime.date(1994, 4, 20)
        """
        evs = list(events)
        begins = min((e.date for e in evs if e.kind in ("signature", "adoption")), default=work_date)
        in_force = min((e.date for e in evs if e.kind == "entry_into_force"), default=None)
        ends = min((e.date for e in evs if e.kind in WORK_ENDS), default=None)
        return cls(begins, in_force, ends)


def check(membership: Membership, life: Life | None, sources: set[str] | None = None) -> list[Problem]:
    """Every problem of a parties file: codes, claims, the order of each state's events, and dates within
    the instrument's life (not before its signature, no state bound before it is in force, nothing after it
    ends). ``life`` is None when the file names a work the corpus does not hold."""
    path = membership.path
    out: list[Problem] = []
    if life is None:
        out.append(Problem(path, 1, f"work {membership.work} is not in the corpus", "a work of the corpus"))
    seen: dict[str, int | None] = {}
    for record in membership.states:
        if not re.fullmatch(r"[A-Z]{3}", record.state):
            out.append(
                Problem(path, record.line, f"state code {record.state!r}", "an ISO 3166-1 alpha-3 code")
            )
        if record.state in seen:
            out.append(
                Problem(
                    path,
                    record.line,
                    f"state {record.state} is listed twice (first at line {seen[record.state]})",
                    "one entry per state",
                )
            )
        seen.setdefault(record.state, record.line)
        for e in record.events:
            out.extend(_check_claims(path, record, e, sources))
        out.extend(_check_order(path, record, membership.bond))
        if life is not None:
            out.extend(_check_life(path, record, life))
    return out


def _check_claims(path: str, record: StateRecord, e: StateEvent, sources: set[str] | None) -> list[Problem]:
    out: list[Problem] = []
    what = f"{record.state} {e.kind}"
    chosen = [c for c in e.claims if c.chosen]
    if len(chosen) != 1:
        out.append(Problem(path, e.line, f"{what}: {len(chosen)} claims are chosen", "exactly one chosen"))
    for c in e.claims:
        if not PARTIAL_DATE.match(c.value):
            out.append(
                Problem(path, c.line, f"{what}: claim value {c.value!r}", "YYYY, YYYY-MM or YYYY-MM-DD")
            )
        if c.source == "outside":
            if not c.note:
                out.append(
                    Problem(
                        path,
                        c.line,
                        f"{what}: an outside fact without its citation",
                        "a note citing where the fact comes from",
                    )
                )
        elif c.lines is None:
            out.append(
                Problem(path, c.line, f"{what}: claim from {c.source} without lines", "lines: START-END")
            )
        if sources is not None and c.source != "outside" and c.source not in sources:
            out.append(
                Problem(path, c.line, f"{what}: source {c.source!r} is not in sources.yaml", "a source id")
            )
    if len(chosen) == 1:
        value = chosen[0].value
        if not e.when.startswith(value) and not e.reckoned:
            out.append(
                Problem(
                    path,
                    e.line,
                    f"{what}: date {e.when} is not what the chosen claim says ({value})",
                    "the chosen claim's date, or `reckoned` with the reason",
                )
            )
        if len(value) < 10 and not e.is_step and not e.reckoned:
            out.append(
                Problem(
                    path,
                    e.line,
                    f"{what}: the chosen claim gives {value}, not a day",
                    "`reckoned`: the day the edition uses and why",
                )
            )
    return out


def _check_order(path: str, record: StateRecord, bond: str) -> list[Problem]:
    out: list[Problem] = []
    status: str | None = None
    previous: StateEvent | None = None
    for e in record.events:
        if previous is not None and e.day < previous.day:
            out.append(
                Problem(
                    path,
                    e.line,
                    f"{record.state}: {e.kind} on {e.when} comes after {previous.kind} on {previous.when}",
                    "events in the order of their dates",
                )
            )
        previous = e
        if e.is_step:
            continue
        follows, gives = TRANSITIONS[e.kind]
        allowed = {bond if s == BOND_MARK else s for s in follows}
        if status not in allowed:
            was = f"while {status}" if status else "as its first event"
            out.append(
                Problem(
                    path,
                    e.line,
                    f"{record.state}: {e.kind} on {e.when} {was}",
                    f"{e.kind} after {' or '.join(sorted(str(s or 'nothing') for s in allowed))}",
                )
            )
        status = bond if gives == BOND_MARK else gives
    return out


def _check_life(path: str, record: StateRecord, life: Life) -> list[Problem]:
    out: list[Problem] = []
    begins, in_force, ends = life.begins, life.in_force, life.ends
    for e in record.events:
        if e.day < begins:
            out.append(
                Problem(
                    path,
                    e.line,
                    f"{record.state}: {e.kind} on {e.when} is before the instrument's date {begins}",
                    "dates within the instrument's life",
                )
            )
        if ends is not None and e.day > ends:
            out.append(
                Problem(
                    path,
                    e.line,
                    f"{record.state}: {e.kind} on {e.when} is after the instrument ended on {ends}",
                    "dates within the instrument's life",
                )
            )
        if e.kind == "entry_into_force" and in_force is not None and e.day < in_force:
            out.append(
                Problem(
                    path,
                    e.line,
                    f"{record.state}: in force for it on {e.when}, before the instrument itself ({in_force})",
                    "entry into force for a state on or after the instrument's",
                )
            )
    return out
