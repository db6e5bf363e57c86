"""Amending instructions read from the text of an amending instrument, in English and Russian.

An instruction names a target ("paragraph 1 of Article 1", «в пункте 1 статьи 1») and what happens to it
("the words "…" shall be replaced by the words "…"", «слова «…» заменить словами «…»»). The patterns are
data (``lexcsto/data/amending_instructions.yaml``). Quotations are cut out first, so that the words
quoted never look like instructions; one text may carry several instructions, and an instruction without
its own target takes the one before it (or the one its list's introduction names: "In Article 3:").

Nothing is guessed: a text that means to amend (a target and an amending verb) but that no pattern reads
is returned as :class:`Unreadable` with its line, like a quotation left open or one no instruction uses.

>>> found = read_instructions([(7, 'in paragraph 1 of Article 1, the words "two" shall be replaced by the words "three";')], "eng")
>>> [(i.action, i.target.eid(), i.old.text, i.new.text, i.first) for i in found.instructions]
[('replace', 'art_1__para_1', 'two', 'three', 7)]
>>> [(i.action, i.target.eid()) for i in read_instructions([(3, "статью 3 исключить;")], "rus").instructions]
[('repeal', 'art_3')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lexcsto.corpus.yamlfiles import load_yaml
from lexcsto.errors import TextImportError
from lexcsto.nlp.citations import point_letters

__all__ = ["Instruction", "Quote", "Reading", "Target", "Unreadable", "find_quotes", "read_instructions"]

Action = Literal["restate", "replace", "delete", "repeal", "add_unit", "add_after"]
ACTIONS: tuple[Action, ...] = ("restate", "replace", "delete", "repeal", "add_unit", "add_after")
_DATA = Path(__file__).resolve().parent.parent / "data" / "amending_instructions.yaml"


@dataclass(frozen=True)
class Quote:
    """A quotation: its text (lines joined by newlines, the marks dropped) and its input lines."""

    text: str
    lines: tuple[tuple[int, str], ...]

    @property
    def first(self) -> int:
        return self.lines[0][0]

    @property
    def last(self) -> int:
        return self.lines[-1][0]

    @property
    def words(self) -> str:
        """The text on one line, whitespace folded: quoted words as they are compared with the base text."""
        return " ".join(self.text.split())


@dataclass(frozen=True)
class Target:
    """An article, a paragraph of it, or a point of that, as the instruction numbers them."""

    article: str
    paragraph: str = ""
    point: str = ""

    def eid(self, language: str = "eng") -> str:
        """The eId in the base text, by the AKN naming convention (a Russian «б» is ``point_b``).

        >>> Target("4", "2", "б").eid("rus")
        'art_4__para_2__point_b'
        """
        eid = f"art_{self.article}"
        if self.paragraph:
            eid += f"__para_{self.paragraph}"
        if self.point:
            letter = self.point.lower()
            eid += f"__point_{point_letters(language).get(letter, letter) if language == 'rus' else letter}"
        return eid


@dataclass(frozen=True)
class Instruction:
    """One amending instruction: what it does, where, with which words, from which input lines."""

    action: Action
    target: Target
    first: int
    last: int
    old: Quote | None = None
    new: Quote | None = None
    unit: str = ""  # add_unit: the AKN kind of the unit added (paragraph, point)
    num: str = ""  # add_unit: its number as the instruction gives it


@dataclass(frozen=True)
class Unreadable:
    """A text that means to amend but is not read, with its line and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Reading:
    """What one text carries: its instructions, what could not be read, and the target it names for the
    texts under it when it is only an introduction ("In Article 3:")."""

    instructions: tuple[Instruction, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()
    context: Target | None = None


@dataclass(frozen=True)
class _Grammar:
    target: re.Pattern[str]
    actions: tuple[tuple[Action, re.Pattern[str]], ...]
    units: dict[str, str]
    verbs: re.Pattern[str]


@functools.cache
def _table() -> dict[str, object]:
    data: dict[str, object] = load_yaml(_DATA.read_text(encoding="utf-8"), str(_DATA), error=TextImportError)
    return data


@functools.cache
def grammar(language: str) -> _Grammar:
    languages = _table()["languages"]
    assert isinstance(languages, dict)
    if language not in languages:
        raise KeyError(f"no amending instructions for language {language!r} (known: {sorted(languages)})")
    spec = languages[language]
    flags = re.IGNORECASE | re.UNICODE
    return _Grammar(
        re.compile(spec["target"], flags),
        tuple((a, re.compile(spec["actions"][a], flags)) for a in ACTIONS),
        {k.lower(): v for k, v in spec["units"].items()},
        re.compile(r"\b(?:" + "|".join(spec["verbs"]) + r")\b", flags),
    )


@functools.cache
def _pairs() -> tuple[tuple[str, str], ...]:
    quotes = _table()["quotes"]
    assert isinstance(quotes, list)
    return tuple((str(o), str(c)) for o, c in quotes)


def find_quotes(text: str) -> tuple[list[tuple[int, int]], int | None]:
    """The outermost quotations of ``text`` as (start, end) offsets of their marks, and the offset of a
    quotation left open (``None`` when all close).

    >>> find_quotes('a «b «c» d» e "f"')
    ([(2, 10), (14, 16)], None)
    """
    openers = dict(_pairs())
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for k, ch in enumerate(text):
        if stack and ch == openers[stack[-1][0]] and (ch != '"' or stack[-1][0] == '"'):
            _, start = stack.pop()
            if not stack:
                spans.append((start, k))
        elif ch in openers:
            stack.append((ch, k))
    return spans, (stack[0][1] if stack else None)


class _Text:
    """The lines of one text joined by newlines, with the way back from an offset to its line."""

    def __init__(self, lines: Sequence[tuple[int, str]]) -> None:
        self.lines = tuple(lines)
        self.text = "\n".join(t for _, t in lines)
        self.starts: list[int] = []
        pos = 0
        for _, t in lines:
            self.starts.append(pos)
            pos += len(t) + 1

    def line_at(self, offset: int) -> int:
        k = 0
        while k + 1 < len(self.starts) and self.starts[k + 1] <= offset:
            k += 1
        return self.lines[k][0]

    def quote(self, start: int, end: int) -> Quote:
        """The quotation whose marks are at ``start`` and ``end``, as lines of its own."""
        out: list[tuple[int, str]] = []
        for (no, t), s in zip(self.lines, self.starts, strict=True):
            lo, hi = max(start + 1, s), min(end, s + len(t))
            if lo < hi or (s <= start < s + len(t) and start + 1 == end):
                out.append((no, self.text[lo:hi]))
        if not out:
            out = [(self.line_at(start), "")]
        return Quote(self.text[start + 1 : end], tuple(out))


def read_instructions(
    lines: Sequence[tuple[int, str]], language: str, context: Target | None = None
) -> Reading:
    """The instructions of one text given as (input line, text) pairs."""
    g = grammar(language)
    src = _Text(lines)
    spans, left_open = find_quotes(src.text)
    if left_open is not None:
        return Reading(
            unreadable=(
                Unreadable(src.line_at(left_open), src.text, "a quotation opened here is not closed"),
            )
        )
    quotes = [src.quote(s, e) for s, e in spans]
    # The text with each quotation replaced by " Q<n> ", and the offset in the text of each character.
    masked: list[str] = []
    origin: list[int] = []
    pos = 0
    for n, (s, e) in enumerate(spans):
        masked.append(src.text[pos:s])
        origin.extend(range(pos, s))
        token = f" Q{n} "
        masked.append(token)
        origin.extend([s] + [e] * (len(token) - 1))
        pos = e + 1
    masked.append(src.text[pos:])
    origin.extend(range(pos, len(src.text)))
    text = "".join(masked)
    origin.append(len(src.text))

    found: list[Instruction] = []
    problems: list[Unreadable] = []
    used: set[int] = set()
    target = context
    at = 0
    while True:
        hits = [(m.start(), -len(m.group(0)), a, m) for a, rx in g.actions if (m := rx.search(text, at))]
        if not hits:
            break
        _, _, action, m = min(hits, key=lambda h: (h[0], h[1]))
        named = list(g.target.finditer(text, at, m.start()))
        start = named[-1].start() if named else m.start()
        if named:
            target = _target(named[-1])
        line = src.line_at(origin[start])
        if target is None:
            said = src.text[origin[start] : origin[m.end() - 1] + 1].strip()
            problems.append(Unreadable(line, said, "the instruction names no article"))
        else:
            groups = m.groupdict()
            old = _quoted(groups.get("old"), quotes, used)
            new = _quoted(groups.get("new"), quotes, used)
            unit = g.units.get((groups.get("unit") or "").lower().replace(" ", ""), "")
            found.append(
                Instruction(
                    action,
                    target,
                    line,
                    src.line_at(origin[max(m.end() - 1, start)]),
                    old,
                    new,
                    unit,
                    (groups.get("num") or "").strip(),
                )
            )
        at = m.end()
    rest = text[at:]
    means_to_amend = bool(found) or bool(g.target.search(text) and g.verbs.search(text))
    if g.target.search(rest) and g.verbs.search(rest):
        said = src.text[origin[at] :].strip()
        problems.append(Unreadable(src.line_at(origin[at]), said, "no instruction form reads this"))
    if means_to_amend:
        for n, q in enumerate(quotes):
            if n not in used:
                problems.append(Unreadable(q.first, q.words, "no instruction uses this quotation"))
    introduction = not found and not problems and text.rstrip().endswith(":")
    named = list(g.target.finditer(text)) if introduction else []
    return Reading(tuple(found), tuple(problems), _target(named[-1]) if named else None)


def _target(m: re.Match[str]) -> Target:
    return Target(m.group("art"), m.group("para") or "", m.group("point") or "")


def _quoted(token: str | None, quotes: list[Quote], used: set[int]) -> Quote | None:
    if not token:
        return None
    n = int(token[1:])
    used.add(n)
    return quotes[n]
