"""Amendment or translation? Classify each change of a word diff as ``substantive`` or ``wording``.

Two English translations of one provision differ in wording ("States Parties" / "participating states")
as well as in substance. The glossary (``lexcsto/data/glossary.yaml``) lists equivalent renderings. Each
text is read as a stream of *units*: a glossary class where a rendering of it starts (longest variant
first), else a case-folded word; punctuation and whitespace are gaps between units.

The word diff says where the texts differ. Around each difference, the units on both sides are aligned
(weak words such as "the" or "of" may not anchor an alignment by themselves). Aligned units that differ on
the surface are *wording*; units on one side only are *substantive*. Where a source left words out
(``[…]``), the change is *unknown*.

>>> g = load_glossary()
>>> old = "If one of the States Parties is subjected to aggression by any State or group of States"
>>> new = "If one of the states - participants is the target of aggression"
>>> for kind, op, text in classify_texts(old, new, g):
...     print(kind, op, repr(text))
wording delete 'States Parties'
wording insert 'states - participants'
wording delete 'subjected to'
wording insert 'the target of'
substantive delete ' by any State or group of States'
"""

from __future__ import annotations

import difflib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from lexcsto.compare.tokens import DELETE, EQUAL, INSERT, diff_tokens, tokenize
from lexcsto.corpus.vocabulary import ChangeKind
from lexcsto.corpus.yamlfiles import load_yaml
from lexcsto.errors import DiffError

SUBSTANTIVE: ChangeKind = "substantive"
WORDING: ChangeKind = "wording"
UNKNOWN: ChangeKind = "unknown"

OMISSION = "[…]"  # what the loader puts where a source left words out (<omissis/> inside a paragraph)
_OMISSION_KEY = "§omission"

OPS = {DELETE: "delete", EQUAL: "equal", INSERT: "insert"}


@dataclass(frozen=True)
class Term:
    """One legal term and its equivalent renderings."""

    id: str
    variants: tuple[str, ...]
    note: str = ""
    seen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    """Classes of equivalent renderings, the characters folded before matching, and the weak words."""

    terms: tuple[Term, ...]
    fold: tuple[tuple[str, str], ...] = ()
    weak: frozenset[str] = field(default_factory=frozenset)
    path: str = ""

    @cached_property
    def _fold_table(self) -> dict[int, str]:
        return {ord(a): b for a, b in self.fold}

    def normalize(self, token: str) -> str:
        """The form a token is matched in: folded characters, case-folded."""
        return token.translate(self._fold_table).casefold()

    @cached_property
    def index(self) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
        """First matching token -> (variant tokens, class key), longest variant first."""
        found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for term in self.terms:
            for variant in term.variants:
                toks = tuple(self.normalize(t) for t in tokenize(variant) if not t.isspace())
                if toks:
                    found.setdefault(toks[0], []).append((toks, f"§{term.id}"))
        return {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in found.items()}

    def term(self, key: str) -> Term | None:
        return next((t for t in self.terms if f"§{t.id}" == key), None)


class TokenRun(NamedTuple):
    """A word or a glossary class in a token list: ``tokens[start:end]`` (a tuple: made by the thousand)."""

    key: str
    start: int
    end: int


def load_glossary(path: str | Path | None = None) -> Glossary:
    """Read a glossary file; with no argument, the one bundled with lexcsto (read once)."""
    if path is None:
        return _bundled()
    return _read(Path(path).read_text(encoding="utf-8"), str(path))


@cache
def _bundled() -> Glossary:
    ref = resources.files("lexcsto") / "data" / "glossary.yaml"
    return _read(ref.read_text(encoding="utf-8"), "lexcsto/data/glossary.yaml")


def _read(text: str, where: str) -> Glossary:
    raw = load_yaml(text, where, error=DiffError)
    return _glossary(raw, where)


def _glossary(raw: Any, where: str) -> Glossary:
    if not isinstance(raw, dict) or not isinstance(raw.get("classes"), list):
        raise DiffError(where, None, "glossary has no list of classes", expected="a mapping with 'classes:'")
    terms: list[Term] = []
    seen_ids: set[str] = set()
    for n, item in enumerate(raw["classes"], 1):
        if not isinstance(item, dict) or not item.get("id") or not isinstance(item.get("variants"), list):
            raise DiffError(where, None, f"glossary class #{n} is malformed", expected="id and variants")
        if item["id"] in seen_ids:
            raise DiffError(
                where, None, f"glossary class {item['id']!r} appears twice", expected="unique ids"
            )
        seen_ids.add(item["id"])
        terms.append(
            Term(
                str(item["id"]),
                tuple(str(v) for v in item["variants"]),
                str(item.get("note", "")),
                tuple(str(s) for s in item.get("seen", ())),
            )
        )
    fold = tuple((str(a), str(b)) for a, b in (raw.get("fold") or {}).items())
    if any(len(a) != 1 for a, _ in fold):
        raise DiffError(where, None, "glossary fold keys must be single characters")
    weak = frozenset(str(w).casefold() for w in raw.get("weak") or ())
    return Glossary(tuple(terms), fold, weak, where)


def units(tokens: Sequence[str], glossary: Glossary | None) -> list[TokenRun]:
    """Read a token list as words and glossary classes (longest rendering first, left to right).

    >>> [u.key for u in units(tokenize("all other States Parties, (an armed attack)"), load_glossary())]
    ['all', 'other', '§parties', 'an', 'armed', 'attack']
    """
    keys, starts, ends = _scan(tokens, glossary)
    return [TokenRun(*u) for u in zip(keys, starts, ends, strict=True)]


def _scan(tokens: Sequence[str], glossary: Glossary | None) -> tuple[list[str], list[int], list[int]]:
    """The units of a token list as three parallel lists (keys, first token, end token): cheap to build
    for long texts, where most units are never looked at."""
    norm = glossary.normalize if glossary else str.casefold
    index = glossary.index if glossary else {}
    forms = {t: norm(t) for t in set(tokens)}
    at = [i for i, t in enumerate(tokens) if not t[0].isspace()]
    solid = [forms[tokens[i]] for i in at]
    # Only positions where a rendering (or an omission mark) may start need a closer look.
    found: list[tuple[int, int, str]] = []  # (solid index, length, key)
    free = 0
    for k in [k for k, t in enumerate(solid) if t in index or t == "["]:
        if k < free:
            continue
        for variant, key in index.get(solid[k], ()):
            n = len(variant)
            if tuple(solid[k : k + n]) == variant:
                found.append((k, n, key))
                free = k + n
                break
        else:
            if solid[k] == "[" and solid[k + 1 : k + 3] == ["…", "]"]:
                found.append((k, 3, _OMISSION_KEY))
                free = k + 3
    word = [t[0].isalnum() or t[0] == "_" for t in solid]
    keys: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    k = 0
    for start, n, key in [*found, (len(solid), 0, "")]:
        idx = [m for m in range(k, start) if word[m]]
        keys += [solid[m] for m in idx]
        starts += [at[m] for m in idx]
        ends += [at[m] + 1 for m in idx]
        if n:
            keys.append(key)
            starts.append(at[start])
            ends.append(at[start + n - 1] + 1)
        k = start + n
    return keys, starts, ends


@dataclass(frozen=True)
class Piece:
    """A run of tokens with its diff operation and, for changes, its kind."""

    op: int
    tokens: tuple[str, ...]
    kind: str = ""

    @property
    def text(self) -> str:
        return "".join(self.tokens)


def classify(
    old: Sequence[str],
    new: Sequence[str],
    runs: Sequence[tuple[int, Sequence[str]]],
    glossary: Glossary | None,
) -> list[Piece]:
    """Split and label the runs of a word diff of ``old`` -> ``new``.

    With ``glossary=None`` every change is substantive (two texts of one translation), except around an
    omission mark, which is unknown. Joining the old-side pieces gives ``old``, the new side ``new``.
    """
    if glossary is None and "…" not in old and "…" not in new:  # one translation, nothing left out
        return _merge([Piece(op, tuple(toks), "" if op == EQUAL else SUBSTANTIVE) for op, toks in runs])
    sides = (_Side(*_scan(old, glossary)), _Side(*_scan(new, glossary)))
    weak = glossary.weak if glossary else frozenset()
    out: list[Piece] = []
    a_cur = 0
    for a_lo, a_hi, b_lo, b_hi in _groups(_hunks(runs), sides, len(old), len(new), weak):
        if a_lo > a_cur:  # the equal stretch before this group
            out.append(Piece(EQUAL, tuple(old[a_cur:a_lo])))
        ua = sides[0].within(a_lo, a_hi)
        ub = sides[1].within(b_lo, b_hi)
        out.extend(_regions(old, new, (a_lo, a_hi, b_lo, b_hi), ua, ub, weak, glossary is not None))
        a_cur = a_hi
    if a_cur < len(old):
        out.append(Piece(EQUAL, tuple(old[a_cur:])))
    return _merge(out)


def classify_texts(old: str, new: str, glossary: Glossary | None) -> Iterator[tuple[str, str, str]]:
    """``(kind, op, text)`` for each change between two strings (a convenience for examples and tests)."""
    a, b = tokenize(old), tokenize(new)
    for p in classify(a, b, diff_tokens(a, b), glossary):
        if p.op != EQUAL:
            yield p.kind, OPS[p.op], p.text


# ------------------------------------------------------------------------------------------ internals


class _Side:
    """The units of one text, searchable by token position."""

    def __init__(self, keys: list[str], starts: list[int], ends: list[int]) -> None:
        self.keys, self.starts, self.ends = keys, starts, ends

    def at(self, t: int) -> TokenRun | None:
        """The unit that holds token ``t``, if any."""
        k = bisect_right(self.starts, t) - 1
        return TokenRun(self.keys[k], self.starts[k], self.ends[k]) if k >= 0 and self.ends[k] > t else None

    def within(self, lo: int, hi: int) -> list[TokenRun]:
        k = bisect_left(self.starts, lo)
        out = []
        while k < len(self.keys) and self.ends[k] <= hi:
            out.append(TokenRun(self.keys[k], self.starts[k], self.ends[k]))
            k += 1
        return out

    def strong_in(self, lo: int, hi: int, weak: frozenset[str]) -> bool:
        """Whether a unit that is not a weak word touches tokens ``lo:hi``."""
        first = self.at(lo)
        if first is not None and first.key not in weak:
            return True
        k = bisect_left(self.starts, lo)
        while k < len(self.keys) and self.starts[k] < hi:
            if self.keys[k] not in weak:
                return True
            k += 1
        return False

    def cut(self, lo: int, hi: int) -> tuple[int, int]:
        """How far a change over tokens ``lo:hi`` must widen, left and right, to hold whole units."""
        if lo < hi:
            first, last = self.at(lo), self.at(hi - 1)
        else:  # an insertion on the other side, between tokens lo-1 and lo
            first = last = self.at(lo) if lo > 0 and self.at(lo - 1) == self.at(lo) else None
        left = lo - first.start if first is not None else 0
        right = last.end - hi if last is not None else 0
        return max(left, 0), max(right, 0)


def _hunks(runs: Sequence[tuple[int, Sequence[str]]]) -> list[list[int]]:
    """The changes of a word diff as ``[a_lo, a_hi, b_lo, b_hi]`` token ranges, in order."""
    out: list[list[int]] = []
    i = j = 0
    open_ = False
    for op, toks in runs:
        n = len(toks)
        if op == EQUAL:
            i += n
            j += n
            open_ = False
            continue
        if not open_:
            out.append([i, i, j, j])
            open_ = True
        if op == DELETE:
            i += n
            out[-1][1] = i
        else:
            j += n
            out[-1][3] = j
    return out


def _groups(
    hunks: list[list[int]], sides: tuple[_Side, _Side], n_a: int, n_b: int, weak: frozenset[str]
) -> Iterator[tuple[int, int, int, int]]:
    """The changes, widened so that no unit is cut, and merged when only weak words stand between."""
    k = 0
    floor_a = 0  # the end of the previous group: never widen past it
    while k < len(hunks):
        a0, a1, b0, b1 = hunks[k]
        k += 1
        while True:
            la, ra = sides[0].cut(a0, a1)
            lb, rb = sides[1].cut(b0, b1)
            # the tokens between two changes are equal and aligned: widen both sides alike within them
            left = min(max(la, lb), a0 - floor_a)
            right = max(ra, rb)
            a0, b0 = a0 - left, b0 - left
            grew = left > 0
            gap = hunks[k][0] - a1 if k < len(hunks) else n_a - a1
            if right and right < gap:
                a1, b1 = a1 + right, b1 + right
                grew = True
            elif right or (k < len(hunks) and not sides[0].strong_in(a1, hunks[k][0], weak)):
                # the widening reaches the next change, or only gaps and weak words stand between
                if k < len(hunks):
                    a1, b1 = hunks[k][1], hunks[k][3]
                    k += 1
                else:
                    a1, b1 = n_a, n_b
                grew = True
            if not grew:
                break
        floor_a = a1
        yield a0, a1, b0, b1


def _regions(
    old: Sequence[str],
    new: Sequence[str],
    span: tuple[int, int, int, int],
    ua: Sequence[TokenRun],
    ub: Sequence[TokenRun],
    weak: frozenset[str],
    glossary: bool,
) -> Iterator[Piece]:
    """Align the units of one group and diff between and inside the aligned pairs."""
    a_lo, a_hi, b_lo, b_hi = span
    keys_a = [u.key for u in ua]
    keys_b = [u.key for u in ub]
    matcher = difflib.SequenceMatcher(lambda k: k in weak, keys_a, keys_b, autojunk=False)
    a_cur, b_cur = a_lo, b_lo
    ka = kb = 0  # next unmatched unit on each side
    for m in matcher.get_matching_blocks():
        for x in range(m.size):
            pa, pb = ua[m.a + x], ub[m.b + x]
            lost = keys_a[ka : m.a + x] + keys_b[kb : m.b + x]
            yield from _region(old[a_cur : pa.start], new[b_cur : pb.start], _kind(lost, glossary))
            same = pa.key == pb.key
            kind = WORDING if glossary or pa.key == _OMISSION_KEY else SUBSTANTIVE
            yield from _region(old[pa.start : pa.end], new[pb.start : pb.end], kind if same else SUBSTANTIVE)
            a_cur, b_cur = pa.end, pb.end
            ka, kb = m.a + x + 1, m.b + x + 1
    lost = keys_a[ka:] + keys_b[kb:]
    yield from _region(old[a_cur:a_hi], new[b_cur:b_hi], _kind(lost, glossary))


def _kind(lost: Sequence[str], glossary: bool) -> str:
    if _OMISSION_KEY in lost:
        return UNKNOWN
    return SUBSTANTIVE if lost or not glossary else WORDING


def _region(a: Sequence[str], b: Sequence[str], kind: str) -> Iterator[Piece]:
    if list(a) == list(b):
        if a:
            yield Piece(EQUAL, tuple(a))
        return
    if not a or not b:
        yield Piece(DELETE if a else INSERT, tuple(a or b), kind)
        return
    for op, toks in diff_tokens(a, b):
        yield Piece(op, tuple(toks), "" if op == EQUAL else kind)


def _merge(pieces: Sequence[Piece]) -> list[Piece]:
    """Join neighbours of one op and kind; put deletes before inserts inside each change."""
    out: list[Piece] = []
    for p in pieces:
        if not p.tokens:
            continue
        if out and out[-1].op == p.op and out[-1].kind == p.kind:
            out[-1] = Piece(p.op, out[-1].tokens + p.tokens, p.kind)
        else:
            out.append(p)
    return out
