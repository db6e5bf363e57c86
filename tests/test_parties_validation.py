"""A parties file that is wrong: what the reader refuses (with file and line) and what validation reports.

The cases start from a small valid file and break one thing each; a property test checks that any
possible order of events gives the status of the last event and no order problem.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexcsto.corpus.model import Event
from lexcsto.corpus.parties import TRANSITIONS, Claim, Life, StateEvent, StateRecord, check
from lexcsto.corpus.parties_reader import read_parties
from lexcsto.errors import LoadError

VALID = """\
work: /akn/aa-csto/act/treaty/1992-05-15/cst
bond: party
states:
- state: ARM
  name: Armenia
  events:
  - kind: signature
    date: 1992-05-15
    claims: [{value: 1992-05-15, source: seed-003, lines: 271-273, chosen: true}]
  - kind: entry_into_force
    date: 1994-04-20
    claims: [{value: 1994-04-20, source: seed-000, lines: 201, chosen: true}]
"""
LIFE = Life(date(1992, 5, 15), date(1994, 4, 20), None)
SOURCES = {"seed-000", "seed-003", "seed-004"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "parties.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str, life: Life | None = LIFE) -> list[str]:
    return [str(p) for p in check(read_parties(write(tmp_path, text)), life, SOURCES)]


def test_the_valid_file_has_no_problem(tmp_path: Path) -> None:
    assert problems(tmp_path, VALID) == []


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("bond: party", "bond: friend", 2, "bond 'friend' (expected one of party, member)"),
        ("kind: signature", "kind: signing", 7, "ARM: event kind 'signing'"),
        ("    date: 1992-05-15", "    date: 15 May 1992", 8, "ARM signature: date '15 May 1992'"),
        ("    date: 1994-04-20", "    date: 1994-02-30", 11, "date '1994-02-30' does not exist"),
        ("lines: 201,", "lines: 201-200,", 12, "bad line range '201-200'"),
        ("chosen: true}]\n  - kind", "chosen: yes}]\n  - kind", 9, "chosen 'yes' (expected true or false)"),
        ("    claims: [{value: 1994", "    reckon: x\n    claims: [{value: 1994", 12, "unknown key 'reckon'"),
        ("  name: Armenia\n", "", 4, "a state lacks name"),
    ],
)
def test_what_cannot_be_read_is_refused_with_its_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(LoadError) as err:
        read_parties(path)
    assert f"{path}:{line}: " in str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # events in an impossible order
        (
            "kind: signature",
            "kind: entry_into_force",
            "ARM: entry_into_force on 1992-05-15 as its first event",
        ),
        ("kind: entry_into_force", "kind: restoration", "ARM: restoration on 1994-04-20 while signatory"),
        (
            "    date: 1994-04-20\n    claims: [{value: 1994-04-20",
            "    date: 1992-01-20\n    claims: [{value: 1992-01-20",
            "comes after signature on 1992-05-15",
        ),
        # dates outside the instrument's life
        (
            "    date: 1992-05-15\n    claims: [{value: 1992-05-15",
            "    date: 1992-05-14\n    claims: [{value: 1992-05-14",
            "before the instrument's date 1992-05-15",
        ),
        (
            "    date: 1994-04-20\n    claims: [{value: 1994-04-20",
            "    date: 1994-04-19\n    claims: [{value: 1994-04-19",
            "before the instrument itself (1994-04-20)",
        ),
        # claims
        (
            "source: seed-000, lines: 201, chosen: true",
            "source: seed-000, lines: 201, chosen: false",
            "ARM entry_into_force: 0 claims are chosen",
        ),
        (
            "source: seed-000, lines: 201,",
            "source: seed-009, lines: 201,",
            "source 'seed-009' is not in sources.yaml",
        ),
        ("source: seed-000, lines: 201,", "source: seed-000,", "claim from seed-000 without lines"),
        ("source: seed-000, lines: 201,", "source: outside,", "an outside fact without its citation"),
        ("{value: 1994-04-20,", "{value: 1994-04,", "the chosen claim gives 1994-04, not a day"),
        ("{value: 1994-04-20,", "{value: 1994-05-01,", "date 1994-04-20 is not what the chosen claim says"),
        ("{value: 1994-04-20,", "{value: April 1994,", "claim value 'April 1994'"),
        ("state: ARM", "state: AM", "state code 'AM' (expected an ISO 3166-1 alpha-3 code)"),
    ],
)
def test_validation_reports_what_is_wrong(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in VALID
    found = problems(tmp_path, VALID.replace(old, new, 1))
    assert any(message in p for p in found), found


def test_after_the_instrument_ended(tmp_path: Path) -> None:
    ended = Life.of(date(1992, 5, 15), [Event(date(1994, 1, 1), "termination")])
    assert any("after the instrument ended on 1994-01-01" in p for p in problems(tmp_path, VALID, ended))


def test_a_file_for_a_work_not_in_the_corpus(tmp_path: Path) -> None:
    assert any("is not in the corpus" in p for p in problems(tmp_path, VALID, None))


def test_a_state_listed_twice(tmp_path: Path) -> None:
    twice = VALID + VALID.split("states:\n", 1)[1]
    assert any("state ARM is listed twice" in p for p in problems(tmp_path, twice))


def test_a_reckoned_day_is_allowed_and_a_month_for_a_step(tmp_path: Path) -> None:
    text = VALID.replace(
        "    date: 1994-04-20\n    claims: [{value: 1994-04-20,",
        "    date: 1994-04-20\n    reckoned: the day of the Treaty's entry into force\n    claims: [{value: 1994-04,",
    ) + (
        "  - kind: notification\n    date: 1999-04\n"
        "    claims: [{value: 1999-04, source: seed-000, lines: 231, chosen: true}]\n"
    )
    assert problems(tmp_path, text) == []


# --------------------------------------------------------------------------------------------- property

# Kinds that change a status, and a walk through them that respects the transition table.
CHANGES = [k for k in TRANSITIONS if k not in ("observer", "partner")]


def possible_path(choices: list[int], gaps: list[int]) -> list[str]:
    """A sequence of kinds each allowed after the previous one (a walk in the transition table)."""
    status: str | None = None
    kinds: list[str] = []
    for choice in choices:
        allowed = [k for k in CHANGES if status in {"party" if s == "bond" else s for s in TRANSITIONS[k][0]}]
        if not allowed:
            break
        kind = allowed[choice % len(allowed)]
        kinds.append(kind)
        gives = TRANSITIONS[kind][1]
        status = "party" if gives == "bond" else gives
    return kinds[: len(gaps)]


@settings(derandomize=True, max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 20), min_size=1, max_size=8),
    st.lists(st.integers(0, 2000), min_size=1, max_size=8),
)
def test_any_possible_path_checks_clean_and_ends_in_its_last_status(
    choices: list[int], gaps: list[int]
) -> None:
    kinds = possible_path(choices, gaps)
    day = date(1995, 1, 1)
    events = []
    for kind, gap in zip(kinds, gaps, strict=False):
        day += timedelta(days=gap)
        iso = day.isoformat()
        events.append(StateEvent(kind, iso, day, (Claim(iso, "seed-003", None, True, line=1),)))
    record = StateRecord("ARM", "Armenia", tuple(events))
    from lexcsto.corpus.parties import Membership

    membership = Membership("/akn/x", "party", (record,))
    order = [p for p in check(membership, Life(date(1990, 1, 1), None, None)) if "lines" not in p.message]
    assert order == []
    if events:
        last = record.status_at(events[-1].day, "party")
        gives = TRANSITIONS[events[-1].kind][1]
        assert last is not None
        assert last.status == ("party" if gives == "bond" else gives)
        assert record.status_at(events[0].day - timedelta(days=1), "party") is None
