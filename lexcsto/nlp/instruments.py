"""The instruments a text can name, and where each is in the corpus.

A citation is only as good as the instrument it points into: "Article 4 of the Charter" means nothing
until "the Charter" is known to be the CSTO Charter and that Charter a work of the corpus. The names an
instrument goes by (``instruments.yaml``) and the instruments the corpus holds inside another work
(``parts.yaml``) are data; this module turns them into one fast regular expression per language and says
which instrument each name in a text stands for. The spaCy entity ruler and the reference finder both
build on it, so that an instrument is recognised the same way by both.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lexcsto.corpus.uri import FrbrUri
from lexcsto.corpus.vocabulary import LANGUAGES, Language, language
from lexcsto.errors import NlpError
from lexcsto.nlp.tables import lower_keeping_offsets, phrase_regex, read_table

__all__ = [
    "Instrument",
    "Mention",
    "Part",
    "dated_otherwise",
    "find_instruments",
    "find_instruments_lowered",
    "generic_names",
    "instrument_for",
    "instruments",
    "mention_href",
    "parts",
]


@dataclass(frozen=True)
class Instrument:
    """One row of ``instruments.yaml``."""

    key: str
    uri: str | None
    names: Mapping[Language, tuple[str, ...]]  # lang -> case-insensitive names
    abbrs: Mapping[Language, tuple[str, ...]]  # lang -> exact abbreviations


@functools.cache
def instruments() -> dict[str, Instrument]:
    """The instrument table, by key (the work's short name).

    >>> instruments()["cst"].uri
    '/akn/aa-csto/act/treaty/1992-05-15/cst'
    """
    data = read_table("instruments.yaml")
    table: dict[str, Instrument] = {}
    for key, row in (data.get("instruments") or {}).items():
        if not isinstance(row, dict) or "uri" not in row:
            raise NlpError(
                "lexcsto/data/nlp/instruments.yaml",
                None,
                f"instrument {key!r} has no uri",
                expected="uri: a work URI or null",
            )
        names = {lang: tuple((row.get(lang) or {}).get("names") or ()) for lang in LANGUAGES}
        abbrs = {lang: tuple((row.get(lang) or {}).get("abbr") or ()) for lang in LANGUAGES}
        table[key] = Instrument(key, row["uri"], names, abbrs)
    return table


@functools.cache
def generic_names(lang: str) -> dict[str, str | None]:
    """The short words that name an instrument only in context ("the Treaty"), each with the instrument it
    means when the context does not say (None: no usual meaning).

    >>> generic_names("eng")["Treaty"], generic_names("eng")["Protocol"]
    ('cst', None)
    """
    return dict((read_table("instruments.yaml").get("generic") or {}).get(lang) or {})


@dataclass(frozen=True)
class Part:
    """One row of ``parts.yaml``: an instrument the corpus holds as the provision ``eid`` of ``work``."""

    key: str
    work: str
    eid: str
    heading: str
    year: int | None
    pinpoint: bool

    @property
    def href(self) -> str:
        return str(FrbrUri.parse(self.work).with_eid(self.eid))


@functools.cache
def parts() -> dict[str, Part]:
    """The parts table, by instrument key.

    >>> parts()["cdm-provisions"].href
    '/akn/aa-csto/act/decision/2003-04-28/provisions-bodies/!main~sec_3'
    """
    where = "lexcsto/data/nlp/parts.yaml"
    table: dict[str, Part] = {}
    for key, row in (read_table("parts.yaml").get("parts") or {}).items():
        if key not in instruments():
            raise NlpError(
                where, None, f"part {key!r} is not an instrument", expected="a key of instruments.yaml"
            )
        if not isinstance(row, dict) or not row.get("work") or not row.get("eid"):
            raise NlpError(where, None, f"part {key!r} lacks its work or eid", expected="work: URI, eid: eId")
        date = str(row.get("date") or "")
        year = int(date[:4]) if re.match(r"\d{4}", date) else None
        table[key] = Part(
            key, row["work"], row["eid"], row.get("heading", ""), year, bool(row.get("pinpoint", True))
        )
    return table


def mention_href(key: str, text: str = "", start: int = 0, end: int = 0) -> str | None:
    """Where an instrument named in ``text[start:end]`` is in the corpus: its work URI, or for a part of a
    work the part's href, unless the text dates it to another year (another instrument of that name).

    >>> mention_href("cst")
    '/akn/aa-csto/act/treaty/1992-05-15/cst'
    >>> text = "the Regulations on the CSC adopted with the Agreement of 6 July 1992"
    >>> mention_href("csc-provisions", text, 4, 26) is None
    True
    """
    part = parts().get(key)
    if part is None:
        return instruments()[key].uri
    if text and dated_otherwise(text, start, end, part.year):
        return None
    return part.href


_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def dated_otherwise(text: str, start: int, end: int, year: int | None) -> bool:
    """Whether the instrument named at ``text[start:end]`` is dated to a year other than ``year``: a year
    right before the name ("the 2003 Provisions") or in the words after it up to the end of the citation
    ("adopted with the Agreement of 6 July 1992", "(28 April 2003)")."""
    if year is None:
        return False
    before = re.search(r"(?<!\d)((?:1[89]|20)\d\d)\s+$", text[max(0, start - 12) : start])
    if before:
        return int(before.group(1)) != year
    tail = text[end : end + 80]
    cut = re.search(r";|\n\s*\n|\.\s+(?=[A-ZА-ЯЁ])", tail)
    found = _YEAR.search(tail[: cut.start()] if cut else tail)
    return found is not None and int(found.group(0)) != year


def instrument_for(name_or_key: str, lang: str = "eng") -> Instrument | None:
    """The instrument a key, work URI, name or abbreviation stands for.

    >>> instrument_for("Treaty on Collective Security").key
    'cst'
    >>> instrument_for("/akn/un/act/charter/1945-06-26/un-charter").key
    'un-charter'
    """
    table = instruments()
    if name_or_key in table:
        return table[name_or_key]
    for row in table.values():
        if row.uri and row.uri == name_or_key:
            return row
    found = find_instruments(name_or_key, lang)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(name_or_key):
        return table[found[0].instrument]
    return None


def _trie(alternatives: Iterable[list[str]]) -> str:
    """One regex for many alternatives, sharing prefixes so that matching stays fast; at each branch the
    longer continuations come first, so the longest name wins (and backtracking finds shorter ones)."""
    root: dict[str, Any] = {}
    for atoms in alternatives:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(root)


def _atoms(phrase: str) -> list[str]:
    atoms: list[str] = []
    for i, word in enumerate(phrase.split()):
        if i:
            atoms.append(r"\s+")
        if word.endswith("*") and len(word) > 1:
            atoms.extend(re.escape(c) for c in word[:-1])
            atoms.append(r"\w*")
        else:
            atoms.extend(re.escape(c) for c in word)
    return atoms


@functools.cache
def _mention_regexes(lang: Language) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(names regex over lower-cased text, abbreviations regex over the text as written)."""
    names: dict[str, str] = {}
    abbrs: dict[str, str] = {}
    for row in instruments().values():
        for name in row.names[lang]:
            names.setdefault(name.lower(), row.key)
        for abbr in row.abbrs[lang]:
            abbrs.setdefault(abbr, row.key)
    guard = r"(?<!\w)"
    end = r"(?![\w-])"
    name_re = re.compile(guard + "(" + _trie(_atoms(n) for n in names) + ")" + end)
    abbr_re = (
        re.compile(guard + "(" + _trie(_atoms(a) for a in abbrs) + ")" + end) if abbrs else re.compile("(?!)")
    )
    return name_re, abbr_re


@functools.cache
def _mention_keys(lang: Language) -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    """Per-name regexes, to tell which instrument a trie match was."""
    names: list[tuple[re.Pattern[str], str]] = []
    abbrs: list[tuple[re.Pattern[str], str]] = []
    for row in instruments().values():
        names.extend((re.compile(phrase_regex(n.lower())), row.key) for n in row.names[lang])
        abbrs.extend((re.compile(phrase_regex(a)), row.key) for a in row.abbrs[lang])
    names.sort(key=lambda p: -len(p[0].pattern))
    abbrs.sort(key=lambda p: -len(p[0].pattern))
    return names, abbrs


@functools.cache
def _exact_keys(lang: Language) -> dict[str, str]:
    """Names without wildcards, as matched (names lower-cased, abbreviations as written) -> key."""
    out: dict[str, str] = {}
    for row in instruments().values():
        for abbr in row.abbrs[lang]:
            out.setdefault(" ".join(abbr.split()), row.key)
        for name in row.names[lang]:
            if "*" not in name:
                out.setdefault(" ".join(name.lower().split()), row.key)
    return out


@dataclass(frozen=True)
class Mention:
    """An instrument named in a text, with its key and (for corpus works) its work URI."""

    text: str
    start: int
    end: int
    instrument: str
    work: str | None


def find_instruments(text: str, lang: str = "eng") -> list[Mention]:
    """Every instrument named in ``text``, longest name first where names overlap.

    >>> [(m.text, m.instrument) for m in find_instruments("the CSTO Charter and the UN Charter")]
    [('CSTO Charter', 'charter'), ('UN Charter', 'un-charter')]
    >>> [(m.text, m.instrument) for m in find_instruments("статья 51 Устава ООН", "rus")]
    [('Устава ООН', 'un-charter')]
    """
    return find_instruments_lowered(text, lower_keeping_offsets(text), language(lang))


def find_instruments_lowered(text: str, lowered: str, lang: Language) -> list[Mention]:
    """:func:`find_instruments` given the text already lower-cased (:func:`lower_keeping_offsets`) and the
    table language: the reference finder lowers each text once for its citations and its instruments."""
    name_re, abbr_re = _mention_regexes(lang)
    names, abbrs = _mention_keys(lang)
    found: list[Mention] = []
    exact = _exact_keys(lang)
    for regex, haystack, keyed in ((name_re, lowered, names), (abbr_re, text, abbrs)):
        for m in regex.finditer(haystack):
            key = exact.get(" ".join(m.group(1).split())) or next(
                k for pattern, k in keyed if pattern.fullmatch(m.group(1))
            )
            uri = instruments()[key].uri
            found.append(Mention(text[m.start(1) : m.end(1)], m.start(1), m.end(1), key, uri))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept
