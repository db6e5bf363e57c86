"""PDF debris removal: each fix is a named step that is reported and can be switched off.

Text extracted from a PDF carries the page along with the words: running heads, page numbers, footnotes
dropped into the middle of a sentence, footnote markers glued to words ("bod3" / "ies"), and words
hyphenated at the end of a line. Each step below removes one kind of debris, records every change as a
:class:`~lexcsto.importer.tree.Fix` (step, line, before, after, reason) for the import report, and can be
switched off with ``--no-clean STEP``. Steps run in the order of :data:`STEPS`.

The steps only ever delete debris or join a line to the next; they never change a word. What they delete
ends up in the output's provenance block as ``lx:clean`` records, so that the text can still be matched
against the input lines.

>>> from lexcsto.importer.detect import Line
>>> lines = [Line(1, "the activities of Organisation’s bod3"), Line(2, "ies or its exclusion.")]
>>> cleaned, fixes = run(lines, frozenset(), vocabulary=["bodies"])
>>> [(l.text, l.glue) for l in cleaned]
[('the activities of Organisation’s bod', True), ('ies or its exclusion.', False)]
>>> [(f.step, f.line, f.before, f.after) for f in fixes]
[('glued-markers', 1, 'bod3', 'bod')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from lexcsto.errors import TextImportError
from lexcsto.importer.detect import HARD, Line, SourceText
from lexcsto.importer.patterns import Patterns, patterns_for
from lexcsto.importer.tree import Fix

_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_PAGE_START = re.compile(r"^\s+\S")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])([^\W\d_]*)-\s*$", re.UNICODE)
_LINE_START_LOWER = re.compile(r"^\s*([a-zа-яё][^\W\d_]*)", re.UNICODE)
_END_MARKER = re.compile(r"([a-zа-яё]{2,})(\d{1,3})\s*$", re.UNICODE)
# A marker after a word and punctuation ("organisations.87 The"), not a number after an abbreviation.
_MID_MARKER = re.compile(r"(?<=[a-zа-яё)\]][.,;:)])(\d{1,3})(?=\s|$)", re.UNICODE)
_MID_MARKER_WORD = re.compile(r"(?<=[a-zа-яё]{3})(\d{1,2})(?=[\s,;:]|$)", re.UNICODE)
_ABBREVIATIONS = re.compile(r"(?i)(?:\b(?:art|arts|para|paras|no|nos|p|pp|ch|sec|item|ст|п|пп|гл|ч)\.)$")
_HEADING_MARKER = re.compile(r"^(?P<head>\s*\S.*?[^\W\d_)])\s+(?P<n>\d{1,2})\s*$", re.UNICODE)
MAX_FOOTNOTE_LINES = 6
_NO_DIGITS = str.maketrans("0123456789", "          ")
_MARKER_HINT = re.compile(r"(?:[^\W\d_]|[)\]])[.,;:)\]]?\d")
_COMPOUND = re.compile(r"[^\W\d_]+-[^\W\d_]+")


class Vocabulary:
    """The words of the document, lowercased, built on first use (most texts never need it).

    Words that start a line are left out: they may be the second half of a split word ("ies").
    """

    def __init__(self, lines: list[Line], extra: Iterable[str] = ()) -> None:
        self._lines = lines
        self._words: set[str] | None = None
        self._extra = {w.lower() for w in extra if len(w) >= 3}

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = set(self._extra)
            for line in self._lines:
                self._words.update(w.lower() for w in _WORD.findall(line.text)[1:] if len(w) >= 3)
        return word in self._words


@dataclass(frozen=True)
class Step:
    name: str
    description: str
    run: Callable[[list[Line], Patterns, Vocabulary], tuple[list[Line], list[Fix]]]


def _running_heads(lines: list[Line], pats: Patterns, vocab: Vocabulary) -> tuple[list[Line], list[Fix]]:
    """Lines repeated three times or more, ignoring digits (page numbers), that are not structure."""

    def key(line: Line) -> str:
        if len(line.text) > 120:
            return ""  # a running head is short; long lines are never one
        return " ".join(line.text.translate(_NO_DIGITS).split()).lower()

    counts = Counter(key(line) for line in lines)
    heads = {
        k for k, n in counts.items() if n >= 3 and 8 <= len(k) <= 100 and not k.endswith((".", ":", ";", ","))
    }
    keep: list[Line] = []
    fixes: list[Fix] = []
    for line in lines:
        k = key(line)
        if k and k in heads and not pats.is_structural(line.text):
            fixes.append(Fix("running-heads", line.no, line.text.strip(), "", "running head"))
        else:
            keep.append(line)
    return keep, fixes


def _footnotes(lines: list[Line], pats: Patterns, vocab: Vocabulary) -> tuple[list[Line], list[Fix]]:
    """A bare number followed by footnote text up to the next page start (a line with leading space)."""
    keep: list[Line] = []
    fixes: list[Fix] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _BARE_NUMBER.match(line.text):
            j = i + 1
            while j < len(lines) and j - i <= MAX_FOOTNOTE_LINES and not _PAGE_START.match(lines[j].text):
                if pats.is_structural(lines[j].text):
                    break
                j += 1
            body = lines[i + 1 : j]
            page_start = j < len(lines) and _PAGE_START.match(lines[j].text)
            if body and page_start and not any(pats.is_structural(b.text) for b in body):
                text = " ".join(b.text.strip() for b in body)
                fixes.append(
                    Fix(
                        "footnotes",
                        line.no,
                        f"{line.text.strip()} {text}",
                        "",
                        f"footnote {line.text.strip()} interrupting the text",
                    )
                )
                i = j
                continue
        keep.append(line)
        i += 1
    return keep, fixes


def _bare_numbers(lines: list[Line], pats: Patterns, vocab: Vocabulary) -> tuple[list[Line], list[Fix]]:
    """A line holding only a number: a page number, or a footnote number whose note is elsewhere."""
    keep: list[Line] = []
    fixes: list[Fix] = []
    for line in lines:
        if _BARE_NUMBER.match(line.text):
            fixes.append(Fix("bare-numbers", line.no, line.text.strip(), "", "page or footnote number"))
        else:
            keep.append(line)
    return keep, fixes


def _glued_markers(lines: list[Line], pats: Patterns, vocab: Vocabulary) -> tuple[list[Line], list[Fix]]:
    """Footnote markers glued to a word: ``bod3`` + ``ies`` at a line end, ``organisations.87`` inside."""
    out = list(lines)
    fixes: list[Fix] = []
    for i, line in enumerate(out):
        text = line.text
        if not _MARKER_HINT.search(text):
            continue  # no digit right after a letter or after a letter and punctuation: no marker
        nxt = out[i + 1] if i + 1 < len(out) else None
        m = _END_MARKER.search(text)
        if m and nxt is not None and nxt.brk != HARD:
            start = _LINE_START_LOWER.match(nxt.text)
            if start:
                head, tail = m.group(1), start.group(1)
                glue = (head + tail).lower() in vocab or tail.lower() not in vocab
                text = text[: m.start(2)]
                out[i] = replace(line, text=text, glue=glue)
                fixes.append(
                    Fix("glued-markers", line.no, m.group(0).strip(), head, "footnote marker glued to a word")
                )
                line = out[i]
        new = text  # the patterns need a letter before the digits: "4.1." and "Art. 3." are never touched
        for rx in (_MID_MARKER, _MID_MARKER_WORD):
            pieces: list[str] = []
            last = 0
            for mm in rx.finditer(new):
                if _ABBREVIATIONS.search(new[: mm.start()]):
                    continue
                pieces.append(new[last : mm.start()])
                last = mm.end()
                before = new[max(0, mm.start() - 12) : mm.end()].split()[-1]
                fixes.append(
                    Fix(
                        "glued-markers",
                        line.no,
                        before,
                        before[: -len(mm.group(1))],
                        "footnote marker glued to a word",
                    )
                )
            pieces.append(new[last:])
            new = "".join(pieces)
        if new != text:
            out[i] = replace(line, text=new)
    return out, fixes


def _heading_markers(lines: list[Line], pats: Patterns, vocab: Vocabulary) -> tuple[list[Line], list[Fix]]:
    """A footnote marker after an unnumbered heading ("Council of Foreign Ministers 2") followed by structure."""
    out = list(lines)
    fixes: list[Fix] = []
    for i, line in enumerate(out[:-1]):
        m = _HEADING_MARKER.match(line.text)
        # A quoted heading ("«Article 4" restated by an amending instrument) is structure, not a heading.
        if not m or pats.is_structural(line.text.lstrip('"«“„')) or len(line.text) > 100:
            continue
        head = m.group("head")
        if not pats.heading_like(head) or not pats.is_structural(out[i + 1].text):
            continue
        out[i] = replace(line, text=head)
        fixes.append(
            Fix(
                "heading-markers", line.no, line.text.strip(), head.strip(), "footnote marker after a heading"
            )
        )
    return out, fixes


def _hyphenation(lines: list[Line], pats: Patterns, vocab: Vocabulary) -> tuple[list[Line], list[Fix]]:
    """A word hyphenated at a line end and continued in lowercase on the next line is joined.

    The hyphen is kept when the document writes the hyphenated form elsewhere on one line and never the
    joined one ("military-" / "technical" stays "military-technical").
    """
    out = list(lines)
    fixes: list[Fix] = []
    hyphenated: set[str] | None = None
    for i, line in enumerate(out[:-1]):
        if not line.text.rstrip().endswith("-"):
            continue
        m = _LINE_END_HYPHEN.search(line.text)
        nxt = _LINE_START_LOWER.match(out[i + 1].text)
        if not m or not nxt or out[i + 1].brk == HARD:
            continue
        words = _WORD.findall(line.text)
        head = words[-1] if words else ""
        tail = nxt.group(1)
        compound = f"{head}-{tail}".lower()
        if hyphenated is None:
            hyphenated = {w.lower() for ln in lines for w in _COMPOUND.findall(ln.text)}
        if compound in hyphenated and (head + tail).lower() not in vocab:
            out[i] = replace(line, text=line.text.rstrip(), glue=True)
            fixes.append(Fix("hyphenation", line.no, f"{head}-", f"{head}-", "hyphenated compound kept"))
        else:
            out[i] = replace(line, text=line.text.rstrip()[:-1], glue=True)
            fixes.append(Fix("hyphenation", line.no, f"{head}-", head, "word hyphenated across lines"))
    return out, fixes


STEPS: tuple[Step, ...] = (
    Step(
        "running-heads",
        "drop lines repeated on every page (running heads), page numbers aside",
        _running_heads,
    ),
    Step(
        "footnotes",
        "drop a footnote (bare number + note text) dropped into the text before a page start",
        _footnotes,
    ),
    Step(
        "bare-numbers",
        "drop lines holding only a number (page numbers, orphan footnote numbers)",
        _bare_numbers,
    ),
    Step(
        "glued-markers", "drop footnote markers glued to words and rejoin the word they split", _glued_markers
    ),
    Step("heading-markers", "drop a footnote marker after an unnumbered heading", _heading_markers),
    Step("hyphenation", "join words hyphenated across a line break", _hyphenation),
)
STEP_NAMES = tuple(s.name for s in STEPS)

# Characters XML 1.0 cannot hold (C0 controls but tab, newline and carriage return; lone surrogates, which
# only a lossy decode can produce; U+FFFE and U+FFFF). A form feed between pages of pdftotext output is one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL_STEP = "control-characters"


def control_characters(source: SourceText, disabled: frozenset[str]) -> tuple[SourceText, list[Fix]]:
    """Drop the characters XML cannot hold from every line, one :class:`Fix` per line, before any step.

    This runs on the source lines themselves (so the provenance compares the text with the lines as they
    are kept). With ``--no-clean control-characters`` the import stops at the first such line instead.

    >>> src = SourceText("a.txt", "text", "utf-8", ("Article\x0b 1", "Text"), 1)
    >>> cleaned, fixes = control_characters(src, frozenset())
    >>> cleaned.lines, [(f.step, f.line, f.before, f.after) for f in fixes]
    (('Article 1', 'Text'), [('control-characters', 1, 'Article\\\\x0b 1', 'Article 1')])
    """
    fixes: list[Fix] = []
    lines: list[str] = []
    for no, text in enumerate(source.lines, start=source.first):
        found = _NOT_XML.findall(text)
        if not found:
            lines.append(text)
            continue
        shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
        if CONTROL_STEP in disabled:
            raise TextImportError(
                source.path,
                no,
                f"line holds characters XML cannot hold ({shown})",
                expected="printable text, or the control-characters cleaning step switched on",
            )
        kept = _NOT_XML.sub("", text)
        before = text.encode("unicode_escape", "backslashreplace").decode("ascii")
        fixes.append(Fix(CONTROL_STEP, no, before, kept, f"characters XML cannot hold dropped ({shown})"))
        lines.append(kept)
    if not fixes:
        return source, fixes
    return replace(source, lines=tuple(lines)), fixes


def check_steps(names: Iterable[str]) -> frozenset[str]:
    """Validate ``--no-clean`` names.

    >>> sorted(check_steps(["hyphenation"]))
    ['hyphenation']
    >>> check_steps(["bogus"])
    Traceback (most recent call last):
    ...
    lexcsto.errors.TextImportError: unknown cleaning step 'bogus' (expected one of control-characters, running-heads, footnotes, bare-numbers, glued-markers, heading-markers, hyphenation, footnote-markers)
    """
    known = (CONTROL_STEP, *STEP_NAMES, "footnote-markers")
    names = frozenset(names)
    for name in sorted(names):
        if name not in known:
            raise TextImportError(
                None, None, f"unknown cleaning step {name!r}", expected="one of " + ", ".join(known)
            )
    return names


def run(
    lines: list[Line],
    disabled: frozenset[str],
    *,
    vocabulary: Iterable[str] = (),
    language: str = "eng",
) -> tuple[list[Line], list[Fix]]:
    """Run every step not in ``disabled``; return the cleaned lines and every fix, in step order."""
    pats = patterns_for(language)
    vocab = Vocabulary(lines, vocabulary)
    fixes: list[Fix] = []
    for step in STEPS:
        if step.name in disabled:
            continue
        lines, found = step.run(lines, pats, vocab)
        fixes.extend(found)
    return lines, fixes
