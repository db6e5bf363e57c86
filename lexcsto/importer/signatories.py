"""Who a text says signed, ratified or acceded: the importer's reading of "signed by ..." sentences,
accession and ratification clauses and signature blocks, as a draft parties file (docs/data-model.md).

What it finds is a draft to check, not a fact: every finding keeps its lines and words, and the draft's
claims say that the importer read them. The verbs are data (``lexcsto/data/party_clauses.yaml``); the states
and their names are the NLP STATE table's, so that the codes agree with annotations and the site.

>>> text = ["The Treaty was signed on May 15, 1992 by the heads of Armenia and Russia.",
...         "Later, Belarus joined it (1993); in 1999 six states (except Azerbaijan) signed a protocol."]
>>> [(f.state, f.kind, f.value, f.lines) for f in find_parties(text)]
[('ARM', 'signature', '1992-05-15', (1, 1)), ('RUS', 'signature', '1992-05-15', (1, 1)), ('BLR', 'accession', '1993', (2, 2))]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from lexcsto.corpus.files import write_atomic
from lexcsto.corpus.parties_reader import PARTIES_FILE
from lexcsto.corpus.yamlfiles import load_yaml
from lexcsto.errors import TextImportError
from lexcsto.nlp.tables import phrase_regex, read_table


@dataclass(frozen=True)
class Finding:
    """One state's event as a sentence of the text states it."""

    state: str  # ISO 3166-1 alpha-3
    name: str
    kind: str  # "signature" | "ratification" | "accession"
    value: str  # a partial ISO date, or "" when the sentence gives none
    lines: tuple[int, int]  # 1-based, inclusive
    quote: str


@functools.cache
def _clauses() -> dict[str, Any]:
    path = resources.files("lexcsto.data").joinpath("party_clauses.yaml")
    data: dict[str, Any] = load_yaml(
        path.read_text(encoding="utf-8"), str(path), error=TextImportError, allow_tags=True
    )
    return data


@functools.cache
def _states(language: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(code, display name, pattern of every name) for each state of the NLP table, longest names first."""
    out = []
    for row in read_table("entities.yaml")["STATE"]:
        names = row.get(language, {}).get("names", [])
        if names:
            alternatives = "|".join(phrase_regex(n) for n in sorted(names, key=len, reverse=True))
            out.append(
                (row["id"], row["eng"]["names"][0], re.compile(rf"\b(?:{alternatives})", re.IGNORECASE))
            )
    return tuple(out)


@functools.cache
def _months(language: str) -> tuple[tuple[int, re.Pattern[str]], ...]:
    table = read_table("dates.yaml")["months"][language]
    return tuple(
        (i + 1, re.compile(rf"\b(?:{'|'.join(phrase_regex(n) for n in names)})", re.IGNORECASE))
        for i, names in enumerate(table)
    )


def _words(phrases: Sequence[str]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(phrase_regex(p) for p in phrases)})\b", re.IGNORECASE)


DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+(\w+\.?)\s+((?:19|20)\d{2})\b")
MONTH_DAY_YEAR = re.compile(r"\b(\w+\.?)\s+(\d{1,2}),\s+((?:19|20)\d{2})\b")
MONTH_YEAR = re.compile(r"\b(\w+\.?)\s+((?:19|20)\d{2})\b")
YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


def dates(text: str, language: str = "eng") -> list[tuple[int, str]]:
    """Every date in ``text`` as (offset, partial ISO date), the most precise reading of each place first.

    >>> dates("on May 15, 1992 and in September 1993, or 9 December 1993 (1999)")
    [(3, '1992-05-15'), (23, '1993-09'), (42, '1993-12-09'), (59, '1999')]
    """

    def month(word: str) -> int | None:
        return next((n for n, pattern in _months(language) if pattern.fullmatch(word.rstrip("."))), None)

    found: dict[int, tuple[int, str]] = {}  # start -> (end, value)
    for m in DAY_MONTH_YEAR.finditer(text):
        if (n := month(m[2])) is not None:
            found[m.start()] = (m.end(), f"{m[3]}-{n:02d}-{int(m[1]):02d}")
    for m in MONTH_DAY_YEAR.finditer(text):
        if (n := month(m[1])) is not None:
            found[m.start()] = (m.end(), f"{m[3]}-{n:02d}-{int(m[2]):02d}")
    for m in MONTH_YEAR.finditer(text):
        if (n := month(m[1])) is not None and not _inside(m.start(), found):
            found[m.start()] = (m.end(), f"{m[2]}-{n:02d}")
    for m in YEAR.finditer(text):
        if not _inside(m.start(), found):
            found[m.start()] = (m.end(), m[1])
    return [(start, value) for start, (_, value) in sorted(found.items())]


def _inside(at: int, found: dict[int, tuple[int, str]]) -> bool:
    return any(start <= at < end for start, (end, _) in found.items())


def _sentences(lines: Sequence[str]) -> list[tuple[str, tuple[int, int]]]:
    """The text as sentences, each with the lines it spans (a blank line or a full stop ends one)."""
    out: list[tuple[str, tuple[int, int]]] = []
    parts: list[str] = []
    first = 0
    for number, raw in enumerate(lines, start=1):
        line = " ".join(raw.split())
        if not line:
            if parts:
                out.append((" ".join(parts), (first, number - 1)))
                parts = []
            continue
        pieces = re.split(r"(?<=;)\s+|(?<=\.)\s+(?=[A-ZА-ЯЁ(])", line)
        for i, piece in enumerate(pieces):
            if not parts:
                first = number
            parts.append(piece)
            if i < len(pieces) - 1 or piece.endswith((".", ";")):
                out.append((" ".join(parts), (first, number)))
                parts = []
    if parts:
        out.append((" ".join(parts), (first, len(lines))))
    return out


def find_parties(lines: Sequence[str], language: str = "eng") -> list[Finding]:
    """Every state a sentence of ``lines`` says signed, ratified or acceded, with the date it gives.

    A state gets the date in brackets right after its name, else the nearest date before it in the
    sentence, else the nearest after. States in brackets otherwise (a place, an aside) and states after
    "except" are left out; after a verb followed by "by" only the states after it count. The text does not
    say which instrument a sentence is about: a history that also tells of a later protocol gives its
    signatures too, which is why the result is a draft.
    """
    table = _clauses().get(language)
    if table is None:
        return []
    excluding = _words(table["except"])
    out: list[Finding] = []
    for sentence, span in _sentences(lines):
        for kind, verbs in table["verbs"].items():
            verb = _words(verbs).search(sentence)
            if verb is None:
                continue
            when = dates(sentence, language)
            # "signed by", "joined later by": the states after "by" are the ones that did it.
            by = re.match(r"\s*(?:\w+\s+){0,2}?by\b", sentence[verb.end() :]) if language == "eng" else None
            start = verb.end() + by.end() if by else 0
            for code, name, pattern in _states(language):
                for m in pattern.finditer(sentence, start):
                    if _in_brackets(sentence, m.start()) or _excluded(sentence, m.start(), excluding):
                        continue
                    out.append(Finding(code, name, kind, _date_for(sentence, m.end(), when), span, sentence))
                    break
    return _dedupe(out + _signature_blocks(lines, language, table))


def _signature_blocks(lines: Sequence[str], language: str, table: dict[str, Any]) -> list[Finding]:
    """``For the Republic of Armenia`` lines of a final clause: signatures, dated by the ``Done at ...`` line."""
    block = re.compile(rf"^\s*(?:{'|'.join(phrase_regex(p) for p in table['block'])})\s+", re.IGNORECASE)
    done = _words(table["done"])
    when = ""
    for raw in lines:
        if done.search(raw):
            found = dates(raw, language)
            when = found[0][1] if found else when
    out = []
    for number, raw in enumerate(lines, start=1):
        m = block.match(raw)
        if m is None:
            continue
        rest = raw[m.end() :].strip()
        for code, name, pattern in _states(language):
            named = pattern.match(rest)
            # The line is the block's heading, not a sentence that starts with a state's name.
            if named is not None and len(rest) <= named.end() + 30 and not rest.endswith((",", ";")):
                out.append(Finding(code, name, "signature", when, (number, number), " ".join(raw.split())))
                break
    return out


def _in_brackets(text: str, at: int) -> bool:
    return text.rfind("(", 0, at) > text.rfind(")", 0, at)


def _excluded(text: str, at: int, excluding: re.Pattern[str]) -> bool:
    before = text[:at]
    hits = list(excluding.finditer(before))
    return bool(hits) and not re.search(r"[.;)]", before[hits[-1].end() :])


def _date_for(text: str, after_name: int, when: list[tuple[int, str]]) -> str:
    own = re.match(r"\s*\(([^)]*)\)", text[after_name:])
    if own:
        inside = [v for at, v in when if after_name <= at <= after_name + own.end()]
        if inside:
            return inside[0]
    before = [v for at, v in when if at < after_name]
    after = [v for at, v in when if at >= after_name]
    return before[-1] if before else after[0] if after else ""


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str, tuple[int, int]]] = set()
    out = []
    for f in findings:
        key = (f.state, f.kind, f.value, f.lines)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def draft_parties(findings: Sequence[Finding], work: str, source: str, bond: str = "party") -> str:
    """A parties file for ``work`` from what the text says: one event per state and kind, each finding a
    claim, the most precise one chosen. A draft: the notes say it was read by the importer, to be checked."""
    states: dict[str, dict[str, list[Finding]]] = {}
    names: dict[str, str] = {}
    for f in findings:
        states.setdefault(f.state, {}).setdefault(f.kind, []).append(f)
        names[f.state] = f.name
    order = ("signature", "ratification", "accession")
    records = []
    for code, kinds in states.items():
        events = []
        for kind in sorted(kinds, key=order.index):
            claims = sorted(kinds[kind], key=lambda f: -len(f.value))
            best = claims[0]
            events.append(
                {
                    "kind": kind,
                    "date": best.value,
                    "claims": [
                        {
                            "value": c.value,
                            "source": source,
                            "lines": f"{c.lines[0]}-{c.lines[1]}",
                            "chosen": c is best,
                            "quote": c.quote,
                            "note": "Read by lexcsto import: check against the text.",
                        }
                        for c in claims
                    ],
                }
            )
        records.append({"state": code, "name": names[code], "events": events})
    draft = {
        "work": work,
        "bond": bond,
        "notes": [
            "A draft written by `lexcsto import --parties` from the text's own statements; check every claim, add entries into force, and choose."
        ],
        "states": records,
    }
    return yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=110)


def write_draft(
    lines: Sequence[str], first: int, work: str, source: str, folder: Path, language: str
) -> Path | None:
    """Write ``folder/parties.yaml`` from what ``lines`` (numbered from ``first``) say, unless a parties file
    is already there (a draft never replaces checked data) or the text names no state's event. Returns
    the path written, or None."""
    target = folder / PARTIES_FILE
    if target.exists():
        return None
    findings = find_parties([""] * (first - 1) + list(lines), language)
    if not findings:
        return None
    write_atomic(target, draft_parties(findings, work, source))
    return target
