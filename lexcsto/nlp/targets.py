"""What a citation points at: where it is in the text, and the eIds its numbers stand for.

"Articles 13–18, 20 and 25", "art. 2(1, 2)", "подпункт «в» пункта 1 статьи 3": the grammar of
:mod:`lexcsto.nlp.citations` finds the shape; this module reads it, number by number, into
:class:`Target` values (one per provision or range cited, with its own part of the span), before anyone
asks which instrument the citation is in (:mod:`lexcsto.nlp.resolution`).

>>> from lexcsto.nlp.citations import grammar
>>> from lexcsto.nlp.tables import fold_keeping_offsets
>>> text = "see Articles 13–18 and 20"
>>> [(t.eid, t.upto_eid) for h in find_hits(text, fold_keeping_offsets(text), grammar("eng")) for t in h.targets]
[('art_13', 'art_18'), ('art_20', None)]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from lexcsto.nlp.citations import Grammar, UnitRule, grammar
from lexcsto.nlp.tables import fold, read_table

__all__ = [
    "Hit",
    "Target",
    "find_hits",
    "flat",
    "int_to_roman",
    "named_division",
    "number_eids",
    "roman_to_int",
    "split_spans",
    "targets_of",
    "unit_of",
]


@dataclass(frozen=True)
class Target:
    """One provision cited (or the first of a range, with ``upto_eid`` its last), and its part of the span."""

    start: int
    end: int
    eid: str
    upto_eid: str | None = None


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int:
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


_ROMAN_DIGITS = (
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def int_to_roman(n: int) -> str:
    """The Roman numeral of ``n`` (1 to 399: chapters and parts; the stdlib has none).

    >>> int_to_roman(2), int_to_roman(14), int_to_roman(49)
    ('II', 'XIV', 'XLIX')
    """
    out = ""
    for value, digits in _ROMAN_DIGITS:
        while n >= value:
            out, n = out + digits, n - value
    return out


# an item inside brackets: "1", "b", not the list words of "(c, d, e, and f)"
_BRACKET_ITEM = re.compile(r"(?<![0-9a-zа-яё])(?!(?:and|or|и|или)\b)[0-9a-zа-яё]+")


def number_eids(
    unit: UnitRule, number: str, units: Mapping[str, UnitRule], letters: Mapping[str, str] | None = None
) -> list[str]:
    """The eIds one written number stands for: "2(1, 2)" under art -> art_2__para_1, art_2__para_2.

    A point's letter is the one the corpus uses (``letters``, from letters.yaml): the Russian «б» is the
    second point, point_b, as in the English texts.

    >>> para = UnitRule("para", "", True, "point")
    >>> number_eids(para, "1 «б»", {}, {"б": "b"}), number_eids(para, "2(в)", {}, {"в": "c"})
    (['para_1__point_b'], ['para_2__point_c'])
    """
    letters = letters or {}
    if number.startswith("("):  # "(b)" after a unit word ("point (b)"): the bracket holds the number itself
        inner, _, rest = number[1:].partition(")")
        inner = inner.strip()
        value = letters.get(inner, inner) if unit.prefix == "point" else inner
        return number_eids(unit, value + rest, units, letters) if rest else [f"{unit.prefix}_{value}"]
    head, _, rest = number.partition("(")
    head = head.strip()
    if re.fullmatch(r"[IVXLC]+", head) and unit.roman:
        num = str(roman_to_int(head)) if unit.roman == "arabic" else head
        base = f"{unit.prefix}_{num}"
    else:
        m = re.fullmatch(r"(\d+(?:\.\d+)*)(?:\s?«([a-zа-яё])»|([a-zа-яё]?))", head)
        letter = (m.group(2) or m.group(3)) if m else ""
        if m and letter and unit.letter_point:
            base = f"{unit.prefix}_{m.group(1)}__point_{letters.get(letter, letter)}"
        elif m and letter:
            base = f"{unit.prefix}_{m.group(1)}{letter}"  # "статья 3 «б»" is written "статья 3б" too
        else:
            head = head.strip("«»")
            if unit.letter_point and re.fullmatch(r"[a-zа-яё]", head):
                # «Пункт «в» статьи 3»: a lettered item of an article is a point, whatever the unit word
                base = f"point_{letters.get(head, head)}"
            else:
                head = re.sub(r"\s+", "", head)  # "8 bis": art_8bis
                base = f"{unit.prefix}_{letters.get(head, head) if unit.prefix == 'point' else head}"
    eids = [base]
    level = unit
    for group in re.findall(r"\(([^()]*)\)", "(" + rest if rest else ""):
        sub = units.get(level.parens_unit) if level.parens_unit else None
        child_prefix = level.parens_unit or "point"
        parts = _BRACKET_ITEM.findall(group)
        if child_prefix != "point" and parts and all(re.fullmatch(r"[a-zа-яё]", p) for p in parts):
            # "Article 3(g)": a letter in brackets is a point, as «пункт «в» статьи 3» is (above)
            child_prefix, sub = "point", units.get("point")
        if child_prefix == "point":
            parts = [letters.get(p, p) for p in parts]
        eids = [f"{e}__{child_prefix}_{p}" for e in eids for p in parts]
        level = sub or UnitRule(child_prefix, "", False, "point")
    return eids


def _number_spans(nums: str, offset: int, g: Grammar) -> list[tuple[int, int, str, bool]]:
    """(start, end, text, begins a range) for each number of a list such as "13–18, 20 and 25"."""
    out: list[tuple[int, int, str, bool]] = []
    pos = 0
    ranged = False
    while pos < len(nums):
        m = g.number.match(nums, pos)
        if m is None:
            break
        out.append((offset + m.start(), offset + m.end(), m.group(0), ranged))
        pos = m.end()
        j = g.joiner.match(nums, pos)
        if j is None:
            break
        ranged = g.range_joiner.fullmatch(j.group(0)) is not None and "," not in j.group(0)
        pos = j.end()
    return out


@functools.cache
def _units_by_prefix(lang: str) -> dict[str, UnitRule]:
    return {u.prefix: u for u in grammar(lang).units.values()}


def unit_of(word: str, g: Grammar) -> UnitRule:
    word = fold(word)
    if word in g.units:
        return g.units[word]
    for pattern, unit in g.units.items():  # "стать*" and other stems
        if pattern.endswith("*") and word.startswith(pattern[:-1]):
            return unit
    return next(iter(g.units.values()))


# Units from the top down: a unit below another nests under it.
LEVELS = ("chp", "sec", "part", "art", "rule", "para", "item", "point")


def level(prefix: str) -> int:
    return LEVELS.index(prefix) if prefix in LEVELS else len(LEVELS)


@functools.cache
def _numbered_through() -> dict[str, frozenset[str]]:
    """refs.yaml ``numbers_through``: unit -> the units below it that are numbered through the instrument."""
    return {
        p: frozenset(row.get("numbers_through") or ()) for p, row in read_table("refs.yaml")["units"].items()
    }


@functools.cache
def _divisions() -> dict[str, dict[str, str]]:
    return {
        str(k): {str(a): str(b) for a, b in (v or {}).items()}
        for k, v in (read_table("refs.yaml").get("divisions") or {}).items()
    }


def named_division(instrument: str | None, eid: str | None) -> str | None:
    """``eid`` with its units named as ``instrument`` names them (refs.yaml ``divisions``): «Раздел III» of
    the 1995 Concept is its part_III.

    >>> named_division("collective-security-concept-1995", "sec_III__para_2"), named_division("charter", "sec_1")
    ('part_III__para_2', 'sec_1')
    """
    renamed = _divisions().get(instrument or "")
    if not renamed or eid is None:
        return eid
    steps = [
        renamed.get(s.partition("_")[0], s.partition("_")[0]) + "_" + s.partition("_")[2]
        for s in eid.split("__")
    ]
    return "__".join(steps)


def flat(eid: str) -> str:
    """``eid`` without the steps whose units do not number what is below them: an article of a chapter is
    numbered through the charter, so "Article 52 of Chapter VIII" is art_52 (refs.yaml ``numbers_through``).

    >>> flat("chp_VIII__art_52__para_1"), flat("sec_2__art_3")
    ('art_52__para_1', 'sec_2__art_3')
    """
    if "__" not in eid:
        return eid
    through = _numbered_through()
    steps = eid.split("__")
    units = [s.partition("_")[0] for s in steps]
    kept = [s for i, s in enumerate(steps) if not (through.get(units[i], frozenset()) & set(units[i + 1 :]))]
    return "__".join(kept)


def _chain(m: re.Match[str], g: Grammar) -> tuple[str, str, str]:
    """(eId prefix, eId suffix, unit) of a citation's chain of units. Read up ("пункт 2 статьи 4", "paragraph
    2 of Article 4") the parents go before its own eId; read down («ст. 4 п. 2») the units after the first
    nest under it. Two paragraphs in one chain («п. 2 ч. 1 ст. 3»: часть and пункт are both paragraphs)
    make the inner one a point, as Russian drafting nests пункт under часть."""
    by_prefix = _units_by_prefix(g.lang)
    unit = unit_of(m.group("unit"), g).prefix
    items = [
        (unit_of(pm.group("u"), g).prefix, pm.group("n"))
        for pm in g.parent.finditer(m.group("parents") or "")
    ]
    eids = [number_eids(by_prefix.get(u, unit_of(u, g)), n, by_prefix, g.point_letters)[0] for u, n in items]
    if items and level(items[0][0]) > level(unit):  # read down: «ст. 4 п. 2»
        return "", "".join(f"__{e}" for e in eids), unit
    inner = unit
    for i, (u, _) in enumerate(items):
        if u == inner == "para" and i == 0:
            unit = "point"
        elif u == inner == "para":
            eids[i - 1] = "point" + eids[i - 1][4:]
        inner = u
    prefix = "__".join(reversed(eids))
    return (prefix + "__" if prefix else ""), "", unit


def targets_of(m: re.Match[str], g: Grammar) -> list[Target]:
    by_prefix = _units_by_prefix(g.lang)
    prefix, suffix, demoted = _chain(m, g)
    unit = unit_of(m.group("unit"), g)
    if demoted != unit.prefix:
        unit = by_prefix.get(demoted, unit)
    return [
        Target(t.start, t.end, flat(t.eid), flat(t.upto_eid) if t.upto_eid else None)
        for t in _targets(m, g, unit, prefix, suffix)
    ]


def _targets(m: re.Match[str], g: Grammar, unit: UnitRule, prefix: str, suffix: str) -> list[Target]:
    by_prefix = _units_by_prefix(g.lang)
    targets: list[Target] = []
    for start, end, text, ranged in _number_spans(m.group("nums"), m.start("nums"), g):
        eids = number_eids(unit, text, by_prefix, g.point_letters)
        if text.startswith("(") and targets:
            # "Art. 52(2) and (3)", "Art. 5(1)–(3)", "points (a) to (c)": a bracket alone after a number
            # is a sibling of that number's last level (art_52__para_3), not a new article
            eids = [_sibling(targets[-1].upto_eid or targets[-1].eid, e, prefix) for e in eids]
        if ranged and targets:
            first = targets.pop()
            targets.append(Target(first.start, end, first.eid, prefix + eids[-1]))
            continue
        eids = [e + suffix for e in eids]
        if len(eids) == 1:
            targets.append(Target(start, end, prefix + eids[0]))
        else:  # "2(1, 2)": split at the inner numbers
            inner = list(_BRACKET_ITEM.finditer(text[text.index("(") :]))
            base = start + text.index("(")
            for k, eid in enumerate(eids):
                im = inner[k] if k < len(inner) else inner[-1]
                s = start if k == 0 else base + im.start()
                e = end if k == len(eids) - 1 else base + im.end()
                targets.append(Target(s, e, prefix + eid))
    return targets


def _sibling(previous: str, eid: str, prefix: str) -> str:
    """``eid`` ("para_3", read under the citation's unit) as a sibling of the last level of ``previous``
    (art_52__para_2 -> art_52__para_3); ``prefix`` is the parents' part, which ``previous`` carries."""
    parent, _, last = previous.rpartition("__")
    value = eid.rpartition("_")[2]
    sibling = f"{last.partition('_')[0]}_{value}"
    full = f"{parent}__{sibling}" if parent else sibling
    return full[len(prefix) :] if prefix and full.startswith(prefix) else full


def split_spans(targets: list[Target], start: int, end: int) -> list[tuple[int, int]]:
    if len(targets) == 1:
        return [(start, end)]
    spans = [(t.start, t.end) for t in targets]
    spans[0] = (start, spans[0][1])
    spans[-1] = (spans[-1][0], end)
    return spans


@dataclass(frozen=True)
class Hit:
    """A citation found in the text, before resolution: its span and the provisions it names."""

    start: int
    end: int
    targets: list[Target]
    numberless: bool = False
    unit: str = ""  # the eId prefix of its unit word ("art")
    parents: str = ""  # the eId prefix its parents give ("art_4__" in "paragraph 2 of Article 4")
    numberless_head: bool = False  # a list led by a numberless unit ("Preamble and article 5")
    # a unit that is a reference only if a possessive names its owner: "its preamble" (no list's head, and
    # "the preamble" is none), "its second paragraph" ("in the third chapter" of a book is none)
    owned: bool = False
    ordinal: bool = False  # numbered by an ordinal word ("the second paragraph of Article 4")


def find_hits(text: str, lowered: str, g: Grammar) -> list[Hit]:
    hits: list[Hit] = []
    pos = 0
    while (probe := g.unit_probe.search(lowered, pos)) is not None:
        m = g.citation.match(text, probe.start())
        if m is None:
            ordinal = _ordinal_hit(text, probe.start(), g)
            if ordinal is not None:
                hits.append(ordinal)
                pos = ordinal.end
                continue
            # not a citation here; one may still start inside the unit word ("§§§4" is "§" + "§§4")
            pos = probe.start() + 1
            continue
        prefix, _, unit = _chain(m, g)
        hits.append(Hit(m.start(), m.end(), targets_of(m, g), unit=unit, parents=prefix))
        pos = m.end()
    if any(stem in lowered for stem in g.numberless_stems):
        for m in g.numberless.finditer(text):
            if not any(h.start <= m.start() < h.end for h in hits):
                eid = _numberless_eid(m.group(0), g)
                owned = g.possessive_before.search(text, max(0, m.start() - 12), m.start()) is not None
                hits.append(
                    Hit(m.start(), m.end(), [Target(m.start(), m.end(), eid)], numberless=True, owned=owned)
                )
    return _listed(sorted(hits, key=lambda h: h.start), text, g)


def _ordinal_hit(text: str, at: int, g: Grammar) -> Hit | None:
    """The citation of a unit numbered by an ordinal word before or after it, at the unit word ``text[at]``:
    "the first paragraph of Article 4" is art_4__para_1, «первый абзац статьи 4» and «часть первая статьи 4»
    too (refs.yaml ``ordinals``)."""
    before = g.ordinal_before.search(text, max(0, at - 16), at)
    m = g.ordinal.match(text, before.start()) if before is not None else g.ordinal_after.match(text, at)
    if m is None:
        return None
    word = fold(m.group("ord"))
    number = g.ordinals.get(word) or next(
        n for w, n in g.ordinals.items() if w.endswith("*") and word.startswith(w[:-1])
    )
    prefix, suffix, unit = _chain(m, g)
    rule = _units_by_prefix(g.lang).get(unit)
    written = (
        int_to_roman(number) if rule is not None and rule.roman == "keep" else str(number)
    )  # "third chapter": chp_III
    eid = flat(f"{prefix}{unit}_{written}{suffix}")
    # with no parent, "the third chapter" is a reference only when its owner is named ("its third chapter")
    return Hit(
        m.start(),
        m.end(),
        [Target(m.start(), m.end(), eid)],
        unit=unit,
        parents=prefix,
        owned=not m.group("parents"),
        ordinal=True,
    )


_DOWN = re.compile(r"\s*,?\s*")
_UP = re.compile(r"\s*,?\s+(?:(?:of|in|under)\s+(?:the\s+)?)?", re.IGNORECASE)


def _listed(hits: list[Hit], text: str, g: Grammar) -> list[Hit]:
    """Join the citations of one list that repeats its unit word, «Статья 7 и статья 8 Устава ОДКБ",
    "Article 2, Article 4 and Article 6 of the Treaty", "Preamble, Articles 1 and 3 of X", into one: one
    citation, one instrument (the last one's), the parents of the last for all ("пункт 1 и пункт 2 статьи 3"
    is art_3__para_1 and art_3__para_2). Units of different levels are not one list ("Article 3 and
    paragraph 2 of Article 4")."""
    out: list[Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if (
            prev is not None
            and hit.ordinal
            and hit.parents
            and not prev.numberless
            and not prev.parents
            and len(prev.targets) == 1
            and level(prev.unit) > level(hit.unit)
            and _UP.fullmatch(text, prev.end, hit.start) is not None
        ):
            # read up through an ordinal: "sub-paragraph (b) of the second paragraph of Article 4"
            parent = hit.targets[0].eid + "__"
            t = prev.targets[0]
            nested = Target(prev.start, hit.end, parent + t.eid, parent + t.upto_eid if t.upto_eid else None)
            out[-1] = Hit(prev.start, hit.end, [nested], unit=prev.unit, parents=parent)
            continue
        if (
            prev is not None
            and not prev.numberless
            and not hit.numberless
            and not hit.parents
            and len(prev.targets) == 1
            and prev.targets[0].upto_eid is None
            and level(hit.unit) > level(prev.targets[0].eid.rpartition("__")[2].partition("_")[0])
            and _DOWN.fullmatch(text, prev.end, hit.start) is not None
        ):
            # read down: "Art 4 para 2", "Article 4, paragraph 2, subparagraph (b)" nest under the first
            parent = prev.targets[0].eid + "__"
            tail = [
                Target(t.start, t.end, parent + t.eid, parent + t.upto_eid if t.upto_eid else None)
                for t in hit.targets
            ]
            tail[0] = Target(prev.start, tail[0].end, tail[0].eid, tail[0].upto_eid)
            out[-1] = Hit(prev.start, hit.end, tail, unit=hit.unit, parents=parent)
            continue
        if (
            prev is not None
            and not hit.numberless
            and not prev.parents
            and not prev.owned
            and (prev.numberless or prev.unit == hit.unit)
            and g.list_joiner.fullmatch(text, prev.end, hit.start) is not None
        ):
            if prev.numberless:
                head = prev.targets
            else:
                head = [
                    Target(
                        t.start, t.end, hit.parents + t.eid, hit.parents + t.upto_eid if t.upto_eid else None
                    )
                    for t in prev.targets
                ]
            first = hit.targets[0]
            tail = [Target(hit.start, first.end, first.eid, first.upto_eid), *hit.targets[1:]]
            lead = prev.numberless or prev.numberless_head
            out[-1] = Hit(
                prev.start, hit.end, [*head, *tail], unit=hit.unit, parents=hit.parents, numberless_head=lead
            )
            continue
        out.append(hit)
    return out


def _numberless_eid(word: str, g: Grammar) -> str:
    word = fold(word)
    for pattern, eid in g.numberless_units.items():
        if word == pattern or (pattern.endswith("*") and word.startswith(pattern[:-1])):
            return eid
    return word
