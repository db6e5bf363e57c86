"""Read a parties file (``<short>/parties.yaml`` beside a work's AKN) into :class:`Membership` values.

The file is YAML, read node by node so that every value keeps its line for error messages, and every
scalar stays the string it was written as (a date is not turned into a date behind our back, and
``1993-09`` stays a month). What cannot be read is a :class:`LoadError` naming file and line; what can be
read but is wrong (events out of order, a date outside the instrument's life) is left to
:func:`lexcsto.corpus.parties.check`.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "parties.yaml").write_text('''
... work: /akn/xx/act/treaty/2000-01-01/t
... bond: party
... states:
... - state: ARM
...   name: Armenia
...   events:
...   - kind: signature
...     date: 2000-01-01
...     claims: [{value: 2000-01-01, source: seed-003, lines: 1-2, chosen: true}]
... ''')
>>> m = read_parties(folder / "parties.yaml")
>>> m.bond, m.states[0].events[0].day.isoformat(), str(m.states[0].events[0].claims[0].lines)
('party', '2000-01-01', '1-2')
>>> _ = (folder / "parties.yaml").write_text("work: x\\nbond: friend\\nstates: []\\n")
>>> read_parties(folder / "parties.yaml")
Traceback (most recent call last):
...
lexcsto.errors.LoadError: ...parties.yaml:2: bond 'friend' (expected one of party, member)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from lexcsto.corpus.files import read_text
from lexcsto.corpus.model import Lines
from lexcsto.corpus.parties import (
    BONDS,
    EVENT_KINDS,
    PARTIAL_DATE,
    Claim,
    Membership,
    StateEvent,
    StateRecord,
)
from lexcsto.corpus.yamlfiles import compose_yaml
from lexcsto.errors import LoadError, Problem

PARTIES_FILE = "parties.yaml"


class _File:
    """One parties file being read: its path, for every error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: yaml.Node, message: str, expected: str) -> LoadError:
        return LoadError(self.path, node.start_mark.line + 1, message, expected=expected)

    def mapping(
        self, node: yaml.Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, yaml.Node]:
        """A mapping's fields; a key neither required nor optional is a typo (``x-`` keys are the
        author's own: shared claims to alias, for instance)."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} is not a mapping", f"a mapping with {', '.join(required)}")
        fields = {str(k.value): v for k, v in node.value}
        missing = [k for k in required if k not in fields]
        if missing:
            raise self.fail(node, f"{what} lacks {', '.join(missing)}", ", ".join(required))
        for key, _ in node.value:
            name = str(key.value)
            if name not in required and name not in optional and not name.startswith("x-"):
                raise self.fail(
                    key, f"{what}: unknown key {name!r}", f"one of {', '.join(required + optional)}"
                )
        return fields

    def claims(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        """A list of claims; an item that is itself a list (a shared list, by alias) is spliced in."""
        out: list[yaml.Node] = []
        for item in self.sequence(node, what):
            out.extend(self.sequence(item, what) if isinstance(item, yaml.SequenceNode) else [item])
        return out

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} is not a list", "a YAML list")
        return list(node.value)

    def text(self, fields: dict[str, yaml.Node], key: str, what: str) -> str:
        node = fields.get(key)
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what}: {key} is not a single value", f"{key}: a string")
        return str(node.value).strip()

    def texts(self, fields: dict[str, yaml.Node], key: str, what: str) -> tuple[str, ...]:
        out = []
        for item in self.sequence(fields.get(key), f"{what} {key}"):
            if not isinstance(item, yaml.ScalarNode):
                raise self.fail(item, f"{what}: a {key} entry is not text", "a string")
            out.append(" ".join(str(item.value).split()))
        return tuple(out)


def read_parties(path: Path) -> Membership:
    """Read one parties file; raise :class:`LoadError` with file and line for what cannot be read."""
    f = _File(path)
    # The bounded reader and loader every YAML of lexcsto goes through: no device or pipe, no alias bomb,
    # no tags (aliases themselves are welcome: shared claims are cited by alias).
    text = read_text(path)
    root = compose_yaml(text, str(path))
    if root is None:
        raise LoadError(path, 1, "the parties file is empty", expected="work, bond and states")
    top = f.mapping(root, "the parties file", ("work", "bond", "states"), ("notes",))
    bond = f.text(top, "bond", "the parties file")
    if bond not in BONDS:
        raise f.fail(top["bond"], f"bond {bond!r}", f"one of {', '.join(BONDS)}")
    states = tuple(_state(f, node) for node in f.sequence(top["states"], "states"))
    return Membership(
        work=f.text(top, "work", "the parties file"),
        bond=bond,
        states=states,
        notes=f.texts(top, "notes", "the parties file"),
        path=str(path),
    )


def _state(f: _File, node: yaml.Node) -> StateRecord:
    fields = f.mapping(node, "a state", ("state", "name", "events"), ("notes",))
    code = f.text(fields, "state", "a state")
    events = tuple(_event(f, e, code) for e in f.sequence(fields["events"], f"{code} events"))
    return StateRecord(
        state=code,
        name=f.text(fields, "name", code),
        events=events,
        notes=f.texts(fields, "notes", code),
        line=node.start_mark.line + 1,
    )


def _event(f: _File, node: yaml.Node, code: str) -> StateEvent:
    fields = f.mapping(node, f"an event of {code}", ("kind", "date", "claims"), ("reckoned", "act", "note"))
    kind = f.text(fields, "kind", code)
    if kind not in EVENT_KINDS:
        raise f.fail(fields["kind"], f"{code}: event kind {kind!r}", f"one of {', '.join(EVENT_KINDS)}")
    when = f.text(fields, "date", f"{code} {kind}")
    if not PARTIAL_DATE.match(when):
        raise f.fail(fields["date"], f"{code} {kind}: date {when!r}", "YYYY-MM-DD (YYYY-MM for a step)")
    claims = tuple(
        _claim(f, c, f"{code} {kind}") for c in f.claims(fields["claims"], f"{code} {kind} claims")
    )
    if not claims:
        raise f.fail(fields["claims"], f"{code} {kind} has no claims", "at least one claim with its source")
    return StateEvent(
        kind=kind,
        when=when,
        day=_first_day(f, fields["date"], when),
        claims=claims,
        reckoned=" ".join(f.text(fields, "reckoned", code).split()),
        act=f.text(fields, "act", code),
        note=" ".join(f.text(fields, "note", code).split()),
        line=node.start_mark.line + 1,
    )


def _first_day(f: _File, node: yaml.Node, when: str) -> date:
    """The day an event is ordered by: its date, or the first day of its month or year (checked later:
    only a step may be dated to less than the day)."""
    parts = [int(p) for p in when.split("-")] + [1, 1]
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        raise f.fail(node, f"date {when!r} does not exist", "a real calendar date") from None


def _claim(f: _File, node: yaml.Node, what: str) -> Claim:
    fields = f.mapping(node, f"a claim of {what}", ("value", "source", "chosen"), ("lines", "note", "quote"))
    chosen = f.text(fields, "chosen", what)
    if chosen not in ("true", "false"):
        raise f.fail(fields["chosen"], f"{what}: chosen {chosen!r}", "true or false")
    lines_text = f.text(fields, "lines", what)
    lines: Lines | None = None
    if lines_text:
        try:
            lines = Lines.parse(lines_text)
        except ValueError as err:
            raise f.fail(
                fields["lines"],
                f"{what}: bad line range {lines_text!r}",
                "lines: START-END, 1 <= START <= END",
            ) from err
    return Claim(
        value=f.text(fields, "value", what),
        source=f.text(fields, "source", what),
        lines=lines,
        chosen=chosen == "true",
        note=" ".join(f.text(fields, "note", what).split()),
        quote=" ".join(f.text(fields, "quote", what).split()),
        line=node.start_mark.line + 1,
    )


def parties_files(folder: Path) -> list[Path]:
    """Every parties file of a corpus folder (one per work folder), in a stable order."""
    return sorted(p for p in folder.rglob(PARTIES_FILE) if not p.name.startswith("."))


def read_memberships(
    folder: Path, files: list[Path] | None = None
) -> tuple[tuple[Membership, ...], tuple[Problem, ...]]:
    """Every parties file of a corpus folder (``files``: those already found in it, in a stable order), and
    the problems of those left out: a file that cannot be read, or a second file for one work (which would
    rule?). ``lexcsto validate`` reports the same."""
    out: dict[str, Membership] = {}
    problems: list[Problem] = []
    for path in parties_files(folder) if files is None else files:
        try:
            membership = read_parties(path)
        except LoadError as err:
            problems.append(err.problem)
            continue
        first = out.get(membership.work)
        if first is not None:
            problems.append(
                Problem(
                    str(path),
                    1,
                    f"a second parties file for {membership.work} (the first is {first.path})",
                    "one parties file per work",
                )
            )
            continue
        out[membership.work] = membership
    return tuple(out.values()), tuple(problems)
