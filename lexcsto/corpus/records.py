"""The model as JSON records: what the index keeps of each file, so that no command parses it again.

A record is plain JSON (lists and strings), not a pickle: the index lives in a cache folder that anything
may write to, and reading it back must never run code. Decoding a record gives values equal to those the
reader built from the file:

>>> from datetime import date
>>> p = Provision("art_1", "article", num="Article 1", text="The Parties agree.", line=3,
...               inlines=(Inline("ref", 4, 11, "Parties", "#art_2"),))
>>> e = Expression("/w", "/w/eng@2000-01-01", "eng", date(2000, 1, 1), "s1", "", (p,))
>>> decode_expression(encode_expression(e)) == e
True
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from lexcsto.corpus.model import (
    DateClaim,
    Editorial,
    Event,
    Expression,
    Fragment,
    Inline,
    Lines,
    Modification,
    Provision,
    Relation,
    StatedReference,
)
from lexcsto.corpus.reader import WorkFacts

Record = Any  # a JSON value: nested lists, strings, numbers, booleans and None


def _lines(lines: Lines | None) -> list[int] | None:
    return [lines.start, lines.end] if lines else None


def _unlines(value: list[int] | None) -> Lines | None:
    return Lines(value[0], value[1]) if value else None


def encode_provision(p: Provision) -> Record:
    return [
        p.eid,
        p.kind,
        p.num,
        p.heading,
        p.text,
        p.omitted,
        p.wid,
        [encode_provision(c) for c in p.children],
        [[i.kind, i.start, i.end, i.text, i.target] for i in p.inlines],
        p.line,
        p.witness,
        p.derived,
    ]


def decode_provision(r: Record) -> Provision:
    eid, kind, num, heading, text, omitted, wid, children, inlines, line, witness, derived = r
    return Provision(
        eid,
        kind,
        num,
        heading,
        text,
        omitted,
        wid,
        tuple(decode_provision(c) for c in children),
        tuple(Inline(*i) for i in inlines),
        line,
        witness,
        derived,
    )


def encode_expression(e: Expression) -> str:
    return json.dumps(
        [
            e.work,
            e.uri,
            e.language,
            e.date.isoformat(),
            e.source,
            e.translation,
            [encode_provision(p) for p in e.provisions],
            [[f.eid, f.source, _lines(f.lines), f.text, f.cleans, f.note, f.at] for f in e.fragments],
            e.path,
            list(e.witnesses),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode_expression(text: str, path: str | None = None) -> Expression:
    """The expression of a record; ``path``: where its file is now (the record keeps where it was read)."""
    work, uri, language, version, source, translation, provisions, fragments, read_from, witnesses = (
        json.loads(text)
    )
    return Expression(
        work,
        uri,
        language,
        date.fromisoformat(version),
        source,
        translation,
        tuple(decode_provision(p) for p in provisions),
        tuple(
            Fragment(eid, src, Lines(*lines), txt, tuple((a, b) for a, b in cleans), note, at)
            for eid, src, lines, txt, cleans, note, at in fragments
        ),
        read_from if path is None else path,
        tuple(witnesses),
    )


def _modification(m: Modification) -> Record:
    new = encode_provision(m.new_provision) if m.new_provision else None
    return [m.eid, m.kind, m.source, m.destination, m.old, m.old_unknown, m.new, new, m.note]


def _unmodification(r: Record) -> Modification:
    eid, kind, source, destination, old, old_unknown, new, new_provision, note = r
    provision = decode_provision(new_provision) if new_provision else None
    return Modification(eid, kind, source, destination, old, old_unknown, new, provision, note)


def encode_facts(f: WorkFacts) -> str:
    return json.dumps(
        {
            "uri": f.uri,
            "short": f.short,
            "title": f.title,
            "subtype": f.subtype,
            "date": f.date.isoformat(),
            "path": str(f.path),
            "aliases": f.aliases,
            "events": [[e.date.isoformat(), e.kind, e.instrument, e.note] for e in f.events],
            "relations": [
                [r.kind, r.target, r.note, r.source, _lines(r.lines), list(r.provisions)] for r in f.relations
            ],
            "claims": [[c.kind, c.value, c.source, _lines(c.lines), c.chosen, c.note] for c in f.claims],
            "modifications": [_modification(m) for m in f.modifications],
            "parties": f.parties,
            "status": f.status,
            "notes": f.notes,
            "external": f.external,
            "default_expression": f.default_expression,
            "doctype": f.doctype,
            "date_as_written": f.date_as_written,
            "status_as_of": f.status_as_of,
            "status_source": f.status_source,
            "status_lines": _lines(f.status_lines),
            "editorial": [[e.field, e.note] for e in f.editorial],
            "references": [[r.eid, r.href, r.text, r.source, _lines(r.lines), r.note] for r in f.references],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode_facts(text: str, path: Path | None = None) -> WorkFacts:
    d = json.loads(text)
    return WorkFacts(
        uri=d["uri"],
        short=d["short"],
        title=d["title"],
        subtype=d["subtype"],
        date=date.fromisoformat(d["date"]),
        path=Path(d["path"]) if path is None else path,
        aliases=list(d["aliases"]),
        events=[Event(date.fromisoformat(v), kind, inst, note) for v, kind, inst, note in d["events"]],
        relations=[Relation(k, t, n, s, _unlines(li), tuple(p)) for k, t, n, s, li, p in d["relations"]],
        claims=[DateClaim(k, v, s, _unlines(li), ch, n) for k, v, s, li, ch, n in d["claims"]],
        modifications=[_unmodification(m) for m in d["modifications"]],
        parties=list(d["parties"]),
        status=d["status"],
        notes=list(d["notes"]),
        external=d["external"],
        default_expression=d["default_expression"],
        doctype=d["doctype"],
        date_as_written=d["date_as_written"],
        status_as_of=d["status_as_of"],
        status_source=d["status_source"],
        status_lines=_unlines(d["status_lines"]),
        editorial=[Editorial(f, n) for f, n in d["editorial"]],
        references=[StatedReference(e, h, t, s, _unlines(li), n) for e, h, t, s, li, n in d["references"]],
    )
