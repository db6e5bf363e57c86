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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from lexcsto.errors import DiffError
from lexcsto.wordmode import DELETE, EQUAL, INSERT, diff_tokens, tokenize

SUBSTANTIVE = "substantive"
WORDING = "wording"
UNKNOWN = "unknown"

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


@dataclass(frozen=True)
class Unit:
    """A word or a glossary class in a token list: ``tokens[start:end]``."""

    key: str
    start: int
    end: int


def load_glossary(path: str | Path | None = None) -> Glossary:
    """Read a glossary file; with no argument, the one bundled with lexcsto."""
    if path is None:
        ref = resources.files("lexcsto") / "data" / "glossary.yaml"
        text, where = ref.read_text(encoding="utf-8"), "lexcsto/data/glossary.yaml"
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DiffError(where, line, f"glossary is not valid YAML: {err}") from None
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


def units(tokens: Sequence[str], glossary: Glossary | None) -> list[Unit]:
    """Read a token list as words and glossary classes (longest rendering first, left to right).

    >>> [u.key for u in units(tokenize("all other States Parties, (an armed attack)"), load_glossary())]
    ['all', 'other', '§parties', 'an', 'armed', 'attack']
    """
    norm = glossary.normalize if glossary else str.casefold
    index = glossary.index if glossary else {}
    solid = [(i, norm(t)) for i, t in enumerate(tokens) if not t.isspace()]
    out: list[Unit] = []
    k = 0
    while k < len(solid):
        i, tok = solid[k]
        if tok == "[" and k + 2 < len(solid) and solid[k + 1][1] == "…" and solid[k + 2][1] == "]":
            out.append(Unit(_OMISSION_KEY, i, solid[k + 2][0] + 1))
            k += 3
            continue
        for variant, key in index.get(tok, ()):
            n = len(variant)
            if tuple(t for _, t in solid[k : k + n]) == variant:
                out.append(Unit(key, i, solid[k + n - 1][0] + 1))
                k += n
                break
        else:
            if tok[0].isalnum() or tok[0] == "_":
                out.append(Unit(tok, i, i + 1))
            k += 1
    return out


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
    columns = _columns(runs)
    a_units = units(old, glossary)
    b_units = units(new, glossary)
    a_of = _unit_of(a_units, len(old))
    b_of = _unit_of(b_units, len(new))
    weak = glossary.weak if glossary else frozenset()
    out: list[Piece] = []
    a_cur = 0
    for a_lo, a_hi, b_lo, b_hi in _groups(columns, a_units, b_units, a_of, b_of, len(old), len(new), weak):
        if a_lo > a_cur:  # the equal stretch before this group
            out.append(Piece(EQUAL, tuple(old[a_cur:a_lo])))
        ua = [u for u in a_units if u.start >= a_lo and u.end <= a_hi]
        ub = [u for u in b_units if u.start >= b_lo and u.end <= b_hi]
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

# A column of the alignment: (old token index or -1, new token index or -1); equal tokens have both.
Column = tuple[int, int]


def _columns(runs: Sequence[tuple[int, Sequence[str]]]) -> list[Column]:
    cols: list[Column] = []
    i = j = 0
    for op, toks in runs:
        for _ in toks:
            if op == EQUAL:
                cols.append((i, j))
                i += 1
                j += 1
            elif op == DELETE:
                cols.append((i, -1))
                i += 1
            else:
                cols.append((-1, j))
                j += 1
    return cols


def _unit_of(us: Sequence[Unit], n: int) -> list[int]:
    of = [-1] * n
    for k, u in enumerate(us):
        for t in range(u.start, u.end):
            of[t] = k
    return of


def _groups(
    cols: Sequence[Column],
    a_units: Sequence[Unit],
    b_units: Sequence[Unit],
    a_of: Sequence[int],
    b_of: Sequence[int],
    n_a: int,
    n_b: int,
    weak: frozenset[str],
) -> Iterator[tuple[int, int, int, int]]:
    """Stretches of the alignment that hold changes, widened so that no unit is cut, as token ranges."""
    # Where each side's token sits among the columns, and how many tokens of each side precede a column.
    col_a = [0] * n_a
    col_b = [0] * n_b
    before_a = [0] * (len(cols) + 1)
    before_b = [0] * (len(cols) + 1)
    for c, (i, j) in enumerate(cols):
        if i >= 0:
            col_a[i] = c
        if j >= 0:
            col_b[j] = c
        before_a[c + 1] = before_a[c] + (i >= 0)
        before_b[c + 1] = before_b[c] + (j >= 0)

    def widen(
        lo: int, hi: int, before: Sequence[int], of: Sequence[int], us: Sequence[Unit], col: Sequence[int]
    ) -> tuple[int, int]:
        t_lo, t_hi = before[lo], before[hi]
        if t_lo < t_hi:
            first, last = of[t_lo], of[t_hi - 1]
        elif 0 < t_lo < len(of) and of[t_lo - 1] == of[t_lo] != -1:
            first = last = of[t_lo]  # an insertion inside a unit of the other side
        else:
            return lo, hi
        if first != -1:
            lo = min(lo, col[us[first].start])
        if last != -1:
            hi = max(hi, col[us[last].end - 1] + 1)
        return lo, hi

    c = 0
    n = len(cols)
    while c < n:
        if cols[c][0] >= 0 and cols[c][1] >= 0:
            c += 1
            continue
        lo, hi = c, c + 1
        while hi < n and not (cols[hi][0] >= 0 and cols[hi][1] >= 0):
            hi += 1
        while True:
            nlo, nhi = widen(lo, hi, before_a, a_of, a_units, col_a)
            nlo, nhi = widen(nlo, nhi, before_b, b_of, b_units, col_b)
            # absorb the next change when only gaps and weak words stand between
            nxt = nhi
            while nxt < n and cols[nxt][0] >= 0 and cols[nxt][1] >= 0:
                k = a_of[cols[nxt][0]]
                if k != -1 and a_units[k].key not in weak:
                    break
                nxt += 1
            if nxt < n and not (cols[nxt][0] >= 0 and cols[nxt][1] >= 0):
                nhi = nxt
            while nhi < n and not (cols[nhi][0] >= 0 and cols[nhi][1] >= 0):
                nhi += 1
            if (nlo, nhi) == (lo, hi):
                break
            lo, hi = nlo, nhi
        yield before_a[lo], before_a[hi], before_b[lo], before_b[hi]
        c = hi


def _regions(
    old: Sequence[str],
    new: Sequence[str],
    span: tuple[int, int, int, int],
    ua: Sequence[Unit],
    ub: Sequence[Unit],
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
