"""Tracing imported text back to the input lines, and the ``lx:clean`` records that make the trace work.

The corpus rule (docs/data-model.md, checked by tests/test_corpus_provenance.py) is that a fragment's text
is found in the normalised text of the lines it cites, where normalisation only folds whitespace, drops
lines that are only a number, and treats a hyphen at a line end as optional ("Se-" + "curity" may be
"Security" or "Se-curity"). Every other difference is debris that the importer removed, and must be
recorded as an ``lx:clean`` (``from`` as in the source, ``to`` as in the text). ``from`` is matched with
whitespace and line-break hyphens ignored, so "bod3ies" and "bod3 ies" are the same record.

:func:`derive_cleans` finds those differences by aligning the imported text with the normalised input,
then checks that the records really make the text traceable; an import whose text cannot be traced is a
bug, never a silent success.

>>> src = normalise_source(["5.3. Jointly ... Organisation’s bod3", "ies or its exclusion"])
>>> src
'5.3. Jointly ... Organisation’s bod3 ies or its exclusion'
>>> derive_cleans(src, ["Jointly ... Organisation’s bodies or its exclusion"])
[('bod3 ies', 'bodies')]
"""

from __future__ import annotations

import difflib

from lexcsto.corpus.provenance import SOFT, as_piece, clean_pattern, found, normalise_source

__all__ = ["as_piece", "derive_cleans", "found", "normalise_source"]


def derive_cleans(source: str, pieces: list[str]) -> list[tuple[str, str]]:
    """The ``(from, to)`` records that make each of ``pieces`` (in order) traceable in ``source``.

    Raises ValueError when no records can: the text is not what the input says.
    """
    cleans: list[tuple[str, str]] = []
    text = source
    for raw in pieces:
        piece = as_piece(raw)
        if not piece or found(piece, text):
            continue
        for old, new in _differences(text, piece):
            cleans.append((old, new))
            text = clean_pattern(old).sub(new.replace("\\", "\\\\"), text, count=1)
        if not found(piece, text):
            raise ValueError(f"text cannot be traced to its lines: {piece[:80]!r}")
    return cleans


def _differences(source: str, piece: str) -> list[tuple[str, str]]:
    """Align ``piece`` with ``source`` (line-break hyphens dropped) and return each difference inside the
    aligned region, widened to whole words and until it is unique in the source."""
    plain, where = _without_soft(source)
    matcher = difflib.SequenceMatcher(None, plain, piece, autojunk=False)
    ops = matcher.get_opcodes()
    equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
    if not equal:
        return []
    out: list[tuple[str, str]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        if k < equal[0] or k > equal[-1]:
            # Source text before or after the piece is not part of it; text of the piece is.
            if j1 == j2:
                continue
            i1 = i2 = ops[equal[0]][1] if k < equal[0] else ops[equal[-1]][2]
        if tag == "insert" and piece[j1:j2] == "-" and i1 < len(where) and _soft_at(source, where, i1):
            continue  # a line-break hyphen the text keeps: the pattern allows it
        out.append(_widen(plain, piece, i1, i2, j1, j2))
    return out


def _without_soft(source: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    where: list[int] = []
    for k, ch in enumerate(source):
        if ch != SOFT:
            chars.append(ch)
            where.append(k)
    return "".join(chars), where


def _soft_at(source: str, where: list[int], i: int) -> bool:
    k = where[i]
    return k > 0 and source[k - 1] == SOFT


def _widen(plain: str, piece: str, i1: int, i2: int, j1: int, j2: int) -> tuple[str, str]:
    while i1 > 0 and j1 > 0 and plain[i1 - 1].isalnum() and plain[i1 - 1] == piece[j1 - 1]:
        i1, j1 = i1 - 1, j1 - 1
    while i2 < len(plain) and j2 < len(piece) and plain[i2].isalnum() and plain[i2] == piece[j2]:
        i2, j2 = i2 + 1, j2 + 1
    # Widen by whole words until the record matches only here.
    while len(clean_pattern(plain[i1:i2]).findall(plain)) > 1 and (i1 > 0 or i2 < len(plain)):
        i1, j1 = _word_left(plain, piece, i1, j1)
        i2, j2 = _word_right(plain, piece, i2, j2)
    return plain[i1:i2].strip(), piece[j1:j2].strip()


def _word_left(plain: str, piece: str, i: int, j: int) -> tuple[int, int]:
    while i > 0 and j > 0 and plain[i - 1] == piece[j - 1] and plain[i - 1].isspace():
        i, j = i - 1, j - 1
    while i > 0 and j > 0 and plain[i - 1] == piece[j - 1] and not plain[i - 1].isspace():
        i, j = i - 1, j - 1
    return i, j


def _word_right(plain: str, piece: str, i: int, j: int) -> tuple[int, int]:
    while i < len(plain) and j < len(piece) and plain[i] == piece[j] and plain[i].isspace():
        i, j = i + 1, j + 1
    while i < len(plain) and j < len(piece) and plain[i] == piece[j] and not plain[i].isspace():
        i, j = i + 1, j + 1
    return i, j
