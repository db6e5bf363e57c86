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
from lexcsto.nlp.tables import fold, fold_keeping_offsets, phrase_regex, read_table

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
    "registry_instruments",
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
    """The instruments a text can name, by key: every work of the corpus registry (the bundled corpus),
    named by its title and FRBRalias values, with the names ``instruments.yaml`` adds (Russian names, other
    citation forms); then the instruments outside the corpus that the table lists.

    >>> instruments()["cst"].uri
    '/akn/aa-csto/act/treaty/1992-05-15/cst'
    >>> "Agreement on the Mutual Protection of Secret Information within the CSTO" in (
    ...     instruments()["secret-information-agreement"].names["eng"])
    True
    """
    where = "lexcsto/data/nlp/instruments.yaml"
    data = read_table("instruments.yaml")
    table = {row.key: row for row in registry_instruments()}
    for key, row in (data.get("works") or {}).items():
        known = table.get(key)
        if not isinstance(row, dict):
            raise NlpError(where, None, f"work {key!r}: {row!r}", expected="eng/rus names and abbr")
        # A key the registry does not hold keeps its names, without a URI: tests/test_nlp_pipeline.py
        # checks that every key is a work of the bundled corpus, so this happens only to a broken install.
        table[key] = _with_names(known or Instrument(key, None, _no_names(), _no_names()), row)
    for key, row in (data.get("outside") or {}).items():
        if key in table:
            raise NlpError(
                where, None, f"{key!r} is a work of the corpus", expected="it under works:, not outside:"
            )
        if not isinstance(row, dict) or row.get("uri") is not None:
            raise NlpError(
                where, None, f"instrument {key!r} outside the corpus has a uri", expected="uri: null"
            )
        table[key] = _with_names(Instrument(key, None, _no_names(), _no_names()), row)
    return table


def _no_names() -> dict[Language, tuple[str, ...]]:
    return dict.fromkeys(LANGUAGES, ())


def _with_names(row: Instrument, extra: Mapping[str, Any]) -> Instrument:
    names = {lang: _merged(row.names[lang], (extra.get(lang) or {}).get("names")) for lang in LANGUAGES}
    abbrs = {lang: _merged(row.abbrs[lang], (extra.get(lang) or {}).get("abbr")) for lang in LANGUAGES}
    return Instrument(row.key, row.uri, names, abbrs)


def _merged(names: tuple[str, ...], more: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*names, *(more or ())]))


@functools.cache
def registry_instruments() -> tuple[Instrument, ...]:
    """One instrument per work of the bundled corpus, named by what its texts say of it: the title and
    every FRBRalias value but the short handle (a key, not a name: "charter" is also a common noun). A
    title "On the ..." (a decision's) is also read without "On the". An alias without a lower-case letter
    is an abbreviation, matched with its case; an alias two works share ("Protocol of 10 December 2010")
    names neither. The names go to each language the work has a text in.

    >>> [row for row in registry_instruments() if row.key == "cst"][0].abbrs["eng"]
    ('CST', 'TCS')
    """
    from lexcsto.corpus.queries import load_corpus  # the registry: read once per process, shared

    works = load_corpus().works
    counts: dict[str, int] = {}
    for work in works:
        for name in {fold(n) for n in _registry_names(work.title, work.aliases)}:
            counts[name] = counts.get(name, 0) + 1
    out: list[Instrument] = []
    for work in works:
        langs = {e.language for e in work.expressions if e.language in LANGUAGES} or {"eng"}
        written = [n for n in _registry_names(work.title, work.aliases) if counts[fold(n)] == 1]
        abbrs = tuple(n for n in written if not any(c.islower() for c in n))
        names = tuple(n for n in written if n not in abbrs)
        out.append(
            Instrument(
                work.short,
                work.uri,
                {lang: names if lang in langs else () for lang in LANGUAGES},
                {lang: abbrs if lang in langs else () for lang in LANGUAGES},
            )
        )
    return tuple(out)


def _registry_names(title: str, aliases: Iterable[str]) -> list[str]:
    names: list[str] = []
    for name in (title, *aliases):
        name = " ".join(name.split())
        if not name:
            continue
        names.append(name)
        bare = re.sub(r"^On\s+(?:the\s+)?", "", name)
        if bare != name and len(bare.split()) > 2:
            names.append(bare[0].upper() + bare[1:])
    return list(dict.fromkeys(names))


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
            names.setdefault(fold(name), row.key)
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
def _mention_keys(
    lang: Language,
) -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    """Per-name regexes, to tell which instrument a trie match was."""
    names: list[tuple[re.Pattern[str], str]] = []
    abbrs: list[tuple[re.Pattern[str], str]] = []
    for row in instruments().values():
        names.extend((re.compile(phrase_regex(fold(n))), row.key) for n in row.names[lang])
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
                out.setdefault(" ".join(fold(name).split()), row.key)
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
    return find_instruments_lowered(text, fold_keeping_offsets(text), language(lang))


def find_instruments_lowered(text: str, lowered: str, lang: Language) -> list[Mention]:
    """:func:`find_instruments` given the text already lower-cased (:func:`fold_keeping_offsets`) and the
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
