"""The rule of the texts, as code: every fragment is found, word for word, in the source lines it cites.

Between a source file and the corpus only these normalisations are allowed: whitespace folded; a word
hyphenated across a line break joined (as "X-Y" or as "XY"); PDF debris dropped (lines that are only a page
or footnote number, the book's running heads); the ``lx:clean`` fixes recorded in the corpus applied to the
source; the quotation marks that open and close a quotation dropped. An ``<omissis/>`` splits a fragment
into pieces, each of which must be found. Nothing else may differ.

>>> source = normalise_source(["the Collective Se-", "51", "curity Council"])
>>> found("the Collective Security Council", source), found("the Collective Se-curity Council", source)
(True, True)
>>> found("the Collective Security Counsel", source)
False
>>> pieces("“to establish [a] regional system[…]")
['to establish [a] regional system']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from lexcsto.corpus.model import Expression, Fragment, Lines
from lexcsto.corpus.queries import Corpus
from lexcsto.errors import Problem

OMISSIS = "[…]"
QUOTES = "\"'“”‘’«»„"
# A line-break hyphen in the normalised source: "Se-" + "curity" may be "Se-curity" or "Security".
SOFT = "\x01"
_DATA = Path(__file__).parent.parent / "data" / "running_heads.txt"


@functools.cache
def running_heads() -> frozenset[str]:
    """Running heads of the printed sources (data file), dropped like page numbers."""
    lines = _DATA.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_debris(line: str, heads: frozenset[str] = frozenset()) -> bool:
    """A line that is only a number (page or footnote number) or a running head is never text."""
    stripped = line.strip()
    return stripped.isdigit() or stripped in heads


def normalise_source(
    lines: Iterable[str],
    cleans: Iterable[tuple[str, str]] = (),
    heads: frozenset[str] = frozenset(),
) -> str:
    """The lines as one string: debris dropped, whitespace folded, line-end hyphens marked optional,
    then the recorded cleans applied. A recorded clean that does not occur is an error (ValueError).

    >>> normalise_source(["functions of the bod3", "ies of"], [("bod3ies", "bodies")])
    'functions of the bodies of'
    """
    # Pieces joined once at the end: growing one string line by line was quadratic in the fragment's
    # length (an article of 60,000 lines took minutes; issue 19).
    pieces: list[str] = []
    for raw in lines:
        if is_debris(raw, heads):
            continue
        line = " ".join(raw.split())
        if not line:
            continue
        last = pieces[-1] if pieces else ""
        if last.endswith("-") and line[:1].isalpha() and last[-2:-1].isalpha():
            pieces[-1] = last[:-1]
            pieces.append(SOFT)
        elif pieces:
            pieces.append(" ")
        pieces.append(line)
    text = "".join(pieces)
    for old, new in cleans:
        fixed = clean_pattern(old).sub(new.replace("\\", "\\\\"), text)
        if fixed == text:
            raise ValueError(f"lx:clean {old!r} does not occur in the source")
        text = fixed
    return text


def clean_pattern(old: str) -> re.Pattern[str]:
    """A recorded fix as a pattern: its characters in order, whitespace and line-break hyphens ignored
    ("bod3ies" matches "bod3 ies")."""
    return re.compile(f"[\\s{SOFT}]?".join(re.escape(ch) for ch in old if not ch.isspace()))


def piece_pattern(piece: str) -> re.Pattern[str]:
    """Text as a pattern over a normalised source: a hyphen may be a line-break hyphen, which may also be
    dropped."""
    parts = [("[-" + SOFT + "]") if ch == "-" else re.escape(ch) for ch in piece]
    return re.compile(f"{SOFT}?".join(parts))


def as_piece(text: str) -> str:
    """Folded text with the outer quotation marks dropped."""
    return " ".join(text.split()).strip(QUOTES + " ")


def pieces(text: str) -> list[str]:
    """The pieces of a fragment between omissions, folded, outer quotation marks dropped."""
    return [p for p in (as_piece(raw) for raw in text.split(OMISSIS)) if p]


def found(piece: str, source: str) -> bool:
    """Is ``piece`` in ``source``? A plain substring is the common case, and needs no pattern."""
    return piece in source or piece_pattern(piece).search(source) is not None


def source_text(all_lines: list[str], lines: Lines, cleans: Iterable[tuple[str, str]] = ()) -> str:
    """The normalised text of ``lines`` (1-based, inclusive) of a source file's lines, cleans applied."""
    if lines.end > len(all_lines):
        raise ValueError(f"the source has {len(all_lines)} lines, not {lines.end}")
    return normalise_source(all_lines[lines.start - 1 : lines.end], cleans, running_heads())


def read_lines(path: Path) -> list[str]:
    """A source file's lines: a text file's, or a PDF's or DOCX's as the importer numbered them."""
    if path.suffix.lower() in (".pdf", ".docx", ".odt"):
        from lexcsto.corpus.documents import document_lines

        return document_lines(path)
    return path.read_text(encoding="utf-8").split("\n")


def check_fragment(expression: Expression, fragment: Fragment, source_lines: list[str]) -> Problem | None:
    """None when the fragment is found in its lines; otherwise the problem, naming the expression file."""
    where = f"fragment {fragment.eid} ({fragment.source} lines {fragment.lines})"
    parts = pieces(fragment.text)
    if not parts:
        return Problem(expression.path, None, f"{where} has no text", "text quoted from the source")
    try:
        text = source_text(source_lines, fragment.lines, fragment.cleans)
    except ValueError as err:
        return Problem(expression.path, None, f"{where}: {err}", "lines in range and cleans that occur")
    missing = [p for p in parts if not found(p, text)]
    if missing:
        return Problem(
            expression.path,
            None,
            f"{where}: not in the source: {missing[0][:80]!r}",
            "the source's words, normalised only as the rule of the texts allows",
        )
    return None


def check(corpus: Corpus, seeds: Path) -> list[Problem]:
    """Check every fragment of a corpus against the source files in ``seeds``; return the problems."""
    problems: list[Problem] = []
    files: dict[str, list[str] | None] = {}
    for expression, fragment in corpus.fragments():
        source = corpus.source(fragment.source)
        if source is None:
            problems.append(
                Problem(expression.path, None, f"source {fragment.source!r} is unknown", "a source id")
            )
            continue
        if source.filename not in files:
            try:
                files[source.filename] = read_lines(seeds / source.filename)
            except OSError as err:
                files[source.filename] = None
                problems.append(
                    Problem(str(seeds / source.filename), None, f"cannot read source: {err.strerror}")
                )
        lines = files[source.filename]
        if lines is None:
            continue
        problem = check_fragment(expression, fragment, lines)
        if problem is not None:
            problems.append(problem)
    return problems
