"""How each language writes a citation of a provision, as regular expressions.

"Articles 13–18 of the Charter", "arts 20 and 25", "подпункт «в» пункта 1 статьи 3": the unit words, the
words that join numbers into lists and ranges, the link words before an instrument and the letters of
lettered points differ by language and are data (``refs.yaml``, ``letters.yaml``). This module compiles
them, once per language, into the :class:`Grammar` the reference finder parses with; keeping the regular
expressions here leaves :mod:`lexcsto.nlp.references` with what a citation means rather than how it is spelled.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lexcsto.corpus.vocabulary import Language
from lexcsto.errors import NlpError
from lexcsto.nlp.instruments import generic_names
from lexcsto.nlp.tables import expand_forms, fold, phrase_regex, read_table

__all__ = ["Grammar", "UnitRule", "grammar", "point_letters"]

_MONTHS_ENG = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_MONTHS_RUS = r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[яйе]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*"


@dataclass(frozen=True)
class UnitRule:
    """A unit word's row of ``refs.yaml``: how a number under it becomes an eId."""

    prefix: str
    roman: str  # "" (no Roman numerals), "arabic" or "keep"
    letter_point: bool
    parens_unit: str


@dataclass(frozen=True)
class Grammar:
    """Every regular expression the reference finder needs for one language, built once from the tables."""

    lang: Language
    units: dict[str, UnitRule]  # lower-cased unit word (or stem with *) -> unit
    citation: re.Pattern[str]
    unit_probe: re.Pattern[str]  # the unit words alone, over lower-cased text: where a citation may start
    parent: re.Pattern[str]  # one parent inside the citation's `parents` group
    number: re.Pattern[str]
    joiner: re.Pattern[str]
    range_joiner: re.Pattern[str]  # a joiner that makes a range: "–", "to", «по»
    suffix: re.Pattern[str]  # after a citation: link word, determiner, "this"
    prefix_tail: re.Pattern[str]  # between an instrument mention and a citation
    unknown_name: re.Pattern[str]  # after a short word: it begins the full name of an unlisted instrument
    generic: dict[str, str | None]
    generic_re: re.Pattern[str]
    generic_any_case: re.Pattern[
        str
    ]  # the same words in any case, after a pointing determiner («названного договора»)
    head_next: re.Pattern[str]  # a unit or instrument word next: "of the same Article" is no "of the same"
    pointers: tuple[tuple[re.Pattern[str], str], ...]  # "of the latter", «последнего»: (pattern, which)
    numberless: re.Pattern[str]  # a unit cited without a number ("preamble")
    numberless_stems: tuple[str, ...]  # lower-cased: a cheap test before the regular expression
    numberless_units: dict[str, str]  # lower-cased word (or stem with *) -> eId
    list_joiner: re.Pattern[str]  # what joins a numberless unit to the citation after it ("Preamble and")
    continued: re.Pattern[str]  # what joins a citation to the one before it under a prefixed instrument
    point_letters: dict[str, str]  # letter as cited -> letter of the corpus eId ("б" -> "b"), letters.yaml
    ordinal_before: re.Pattern[str]  # an ordinal word right before a unit with no number ("first paragraph")
    ordinal: re.Pattern[str]  # the ordinal, the unit and its parents: "first paragraph of Article 4"
    ordinal_after: re.Pattern[str]  # the unit, then the ordinal: «часть первая статьи 4»
    ordinals: dict[str, int]  # folded ordinal word (or stem with *) -> its number
    possessive_before: re.Pattern[str]  # "its " right before a unit: "its preamble" is no list's head


def _alt(words: Iterable[str]) -> str:
    """One alternative per word, longest first; е and ё match each other (forms.yaml writes е only)."""
    return "|".join(_yo(phrase_regex(w)) for w in sorted(set(words), key=len, reverse=True))


def _yo(pattern: str) -> str:
    return re.sub("[её]", "[её]", re.sub("[ЕЁ]", "[ЕЁ]", pattern))


@functools.cache
def grammar(lang: Language) -> Grammar:
    """The citation grammar of ``lang`` (``eng`` or ``rus``), from ``refs.yaml`` and the generic words of
    ``instruments.yaml``.

    >>> [(m.group("unit"), m.group("nums")) for m in grammar("eng").citation.finditer("see arts 20 and 25")]
    [('arts', '20 and 25')]
    """
    data = read_table("refs.yaml")
    units: dict[str, UnitRule] = {}
    unit_words: list[str] = []
    for prefix, row in data["units"].items():
        unit = UnitRule(
            prefix,
            row.get("roman", "") or "",
            bool(row.get("letter_point")),
            row.get("parens_unit", "") or "",
        )
        for word in expand_forms(row.get(lang) or [], lang):
            units[fold(word)] = unit
            unit_words.append(word)
    months = _MONTHS_ENG if lang == "eng" else _MONTHS_RUS
    letter = r"[a-zа-яё]"
    suffixes = data.get("number_suffixes") or []
    inserted = rf"(?:\s+(?:{_alt(suffixes)})(?!\w))?" if suffixes else ""  # "Article 8 bis"
    arabic = rf"\d+(?:\.\d+)*{inserted}(?:{letter}|\s?«{letter}»)?(?!\w)"  # "1б", "1 «б»"
    roman = r"[IVXLC]+(?!\w)"
    quoted = r"«[a-zа-яё]»"
    parens = r"(?:\(\s*[0-9a-zа-яё]+(?:\s*,\s*[0-9a-zа-яё]+)*\s*\))*"
    # "(b)" in "point (b) of paragraph 1", "(3)" in "Art. 52(2) and (3)": a bracketed number or letter
    bracketed = r"\(\s*(?:\d+|[a-zа-яё]|[ivx]+)\s*\)"
    joins = data["joiners"][lang]
    list_words = [w for w in joins["list"] if w.strip(",")]
    # "article 3 (c, d, e, and f)": letters in brackets after a space, listed with the list words (letters
    # only: "Article 5 (2002)" is a year)
    lw = _alt([w.strip(", ") for w in list_words]) if list_words else "(?!)"
    spaced = rf"(?:\s\(\s*{letter}(?:\s*,\s*(?:(?:{lw})\s+)?{letter}|\s+(?:{lw})\s+{letter})*\s*\))?"
    number = rf"(?:{arabic}|{roman}|{quoted}|{bracketed}){parens}{spaced}(?!\s+(?:{months})\b)"
    joiner = (
        rf"(?:\s*,\s*(?:(?:{_alt(list_words)})\s+)?|\s+(?:{_alt(list_words)})\s+)"
        if list_words
        else r"\s*,\s*"
    )
    range_words = [w for w in joins["range"] if w.isalpha()]
    range_dashes = "".join(re.escape(w) for w in joins["range"] if not w.isalpha())
    ranger = rf"(?:\s*[{range_dashes}]\s*" + (rf"|\s+(?:{_alt(range_words)})\s+" if range_words else "") + ")"
    unit_re = rf"(?<![\w.])(?i:{_alt(unit_words)})(?![^\W\d_])"
    # «статьи с 3 по 5»: a word opening a range stands between the unit and its first number
    openers = joins.get("range_open") or []
    opener = rf"(?:(?i:{_alt(openers)})\s+(?=\d+{ranger}))?" if openers else ""
    links = data["links"][lang]
    # a possessive may stand before a parent: "paragraph 2 of its Article 4", «пункте 4 своей статьи 2»
    owned = rf"(?:(?i:{_alt(data.get('possessives', {}).get(lang) or [])})\s+)?"
    link = rf"\s*,?\s+(?:{_alt(links)})\s+(?:the\s+)?{owned}" if links else rf"\s+{owned}"
    numlist = rf"{number}(?:(?:{joiner}|{ranger}){number})*"
    parent_item = rf"(?P<u>{unit_re})\s*(?P<n>{number})"
    self_words = data["self"][lang]
    other_dets = [d for d in data["determiners"][lang] if d not in self_words]
    dets = (
        rf"(?:(?P<self>(?i:{_alt(self_words)}))\s+"
        + (rf"|(?P<det>(?i:{_alt(other_dets)}))\s+" if other_dets else "")
        + ")?"
    )
    link_suffix = rf"\s*,?\s+(?i:{_alt(links)})\s+" if links else r"\s+"
    year = r"(?:(?:1[89]|20)\d\d\s+)?"  # "Article 2 of the 2003 Provisions on the CSC"
    numberless_units: dict[str, str] = {}
    for prefix, row in (data.get("numberless") or {}).items():
        for word in expand_forms(row.get(lang) or [], lang):
            numberless_units[fold(word)] = prefix
    numberless = rf"(?<![\w.])(?i:{_alt(numberless_units)})(?![^\W\d_])" if numberless_units else r"(?!)"
    date = rf"(?:\d{{1,2}}\s+)?(?i:{months})\s+\d{{4}}\s*,\s*"  # "Agreement ..., 6 October 2007, preamble"
    generic = generic_names(lang)
    ordinals = {fold(str(w)): int(n) for w, n in ((data.get("ordinals") or {}).get(lang) or {}).items()}
    ordinal_words = rf"(?i:{_alt(ordinals)})(?!\w)" if ordinals else r"(?!)"
    pointers = ((data.get("pointers") or {}).get(lang) or {}).items()
    if any(which not in ("last", "before_last", "first", "second") for _, which in pointers):
        raise NlpError(
            "lexcsto/data/nlp/refs.yaml",
            None,
            f"pointers: {dict(pointers)}",
            expected="last, before_last, first or second",
        )
    unknown = r"\s+(?:on|of(?!\s+\d)|between|for)\s+" if lang == "eng" else r"\s+(?:о|об|между)\s+"
    return Grammar(
        lang=lang,
        units=units,
        citation=re.compile(
            rf"(?P<unit>{unit_re})\s*{opener}(?P<nums>{numlist})(?P<parents>(?:{link}{unit_re}\s*{number})*)"
        ),
        # A case-sensitive scan of the lower-cased text finds the unit words several times faster than
        # the case-insensitive citation pattern scanning every position itself.
        unit_probe=re.compile(rf"(?<![\w.])(?:{_alt(fold(w) for w in unit_words)})(?![^\W\d_])"),
        parent=re.compile(parent_item),
        number=re.compile(number),
        joiner=re.compile(rf"{joiner}|{ranger}"),
        range_joiner=re.compile(ranger),
        suffix=re.compile(link_suffix + dets + year),
        prefix_tail=re.compile(rf"(?:\s*\([^()\n]{{0,60}}\))?\s*,?\s*(?:{date})?"),
        unknown_name=re.compile(unknown),
        generic=generic,
        generic_re=re.compile(rf"(?P<gen>{_alt(generic)})(?!\w)"),
        # a unit word in lower case is the unit's own anaphor («пункт 2 этого правила»), not «настоящих Правил»
        generic_any_case=re.compile(rf"(?!{unit_re})(?P<gen>(?i:{_alt(generic)}))(?!\w)"),
        head_next=re.compile(rf"\s+(?:{unit_re}|(?i:{_alt(generic)})(?!\w))"),
        pointers=tuple(
            (
                re.compile(
                    rf"{link_suffix}{phrase_regex(word)}(?!\w)(?!\s+(?:{unit_re}|(?i:{_alt(generic)})(?!\w)))",
                    re.IGNORECASE,
                ),
                str(which),
            )
            for word, which in pointers
        ),
        numberless=re.compile(numberless),
        numberless_stems=tuple(w.rstrip("*") for w in numberless_units),
        numberless_units=numberless_units,
        list_joiner=re.compile(
            rf"(?:\s*,\s*(?:(?:{_alt(list_words)})\s+)?|\s+(?:{_alt(list_words)})\s+)"
            + (rf"(?:(?i:{_alt(other_dets)})\s+)?" if other_dets else "")
        ),
        continued=re.compile(r"\s*,\s*"),
        point_letters=point_letters(lang),
        ordinal_before=re.compile(rf"(?<!\w)(?:{ordinal_words})\s+$"),
        ordinal=re.compile(
            rf"(?P<ord>{ordinal_words})\s+(?P<unit>{unit_re})(?!\s*\d)(?P<parents>(?:{link}{unit_re}\s*{number})*)"
        ),
        ordinal_after=re.compile(
            rf"(?P<unit>{unit_re})\s+(?P<ord>{ordinal_words})(?P<parents>(?:{link}{unit_re}\s*{number})*)"
        ),
        ordinals=ordinals,
        # "its preamble", and in English "the Treaty's preamble" (possessors.py reads whose it is)
        possessive_before=re.compile(
            (
                rf"(?:(?<!\w)(?i:{_alt(data['possessives'][lang])})"
                if data.get("possessives", {}).get(lang)
                else "(?:(?!)"
            )
            + (r"|\w['’]s)\s+$" if lang == "eng" else r")\s+$")
        ),
    )


def point_letters(lang: str) -> dict[str, str]:
    """``letters.yaml``: the letter a point's eId takes for each letter cited in ``lang``.

    >>> point_letters("rus")["к"], len(point_letters("rus")), point_letters("eng")
    ('j', 26, {})
    """
    where = "lexcsto/data/nlp/letters.yaml"
    table = (read_table("letters.yaml").get("point_letters") or {}).get(lang) or {}
    out: dict[str, str] = {}
    for cited, latin in table.items():
        if not (re.fullmatch(r"[а-яё]", str(cited)) and re.fullmatch(r"[a-z]", str(latin))):
            raise NlpError(
                where, None, f"{lang} letter {cited!r}: {latin!r}", expected="а: a (one letter each)"
            )
        out[str(cited)] = str(latin)
    if len(set(out.values())) != len(out):
        raise NlpError(where, None, f"two {lang} letters map to one Latin letter", expected="one to one")
    return out
