"""The closed vocabularies of lexcsto, each in one table: mypy reads them, and every other module imports
them from here instead of repeating the strings.

Open sets stay ``str``: an expression's language in someone else's corpus may be any ISO 639-2 code, and a
lifecycle event's type in AKN is free text (Laws.Africa writes ``generation`` and ``commencement``). What is
closed is what lexcsto itself reads or says: the languages its pattern tables, importer and NLP know, the
kinds of change a redline reports, the kinds of textual modification (an enumeration of the AKN schema), and
the mark of omitted text.

>>> language("ru"), language("eng")
('rus', 'eng')
>>> language("fra")
Traceback (most recent call last):
...
lexcsto.errors.QueryError: unknown language 'fra' (expected eng or rus (en and ru also do))
"""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from lexcsto.errors import QueryError

__all__ = [
    "CHANGE_KINDS",
    "EDITORIAL_FIELDS",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "MODIFICATION_KINDS",
    "OMITTED_MARK",
    "ChangeKind",
    "EditorialField",
    "Language",
    "ModificationKind",
    "language",
    "provision_label",
    "versioned",
]

Language = Literal["eng", "rus"]
"""The languages lexcsto reads: its pattern tables, importer and NLP are keyed by these ISO 639-2/B codes."""
LANGUAGES: tuple[Language, ...] = get_args(Language)
LANGUAGE_NAMES: dict[str, str] = {"eng": "English", "rus": "Russian"}
_LANGUAGE_ALIASES: dict[str, Language] = {"en": "eng", "eng": "eng", "ru": "rus", "rus": "rus"}

ChangeKind = Literal["substantive", "wording", "unknown"]
"""What a redline says of a change: a change of the law, another rendering of the same words, or text a
source did not quote."""
CHANGE_KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)

ModificationKind = Literal["substitution", "insertion", "repeal", "replacement", "renumbering"]
"""The ``textualMod/@type`` values lexcsto applies (the AKN schema's enumeration has a few more)."""
MODIFICATION_KINDS: tuple[ModificationKind, ...] = get_args(ModificationKind)

EditorialField = Literal["title", "articles", "structure"]
"""What the edition may supply itself for a work (``lx:editorial``): a title no source gives, article
numbers that run on to the highest article cited, a structure taken from outside the sources."""
EDITORIAL_FIELDS: tuple[EditorialField, ...] = get_args(EditorialField)

OMITTED_MARK = "[text not in the sources of this edition]"
"""What stands in a provision's text where the sources of the edition quote nothing (AKN ``<omissis>``)."""


def language(code: str) -> Language:
    """The ISO 639-2/B code of a language lexcsto reads; ``en`` and ``ru`` are accepted for it.

    Raises :class:`~lexcsto.errors.QueryError` for any other language.
    """
    norm = _LANGUAGE_ALIASES.get(code)
    if norm is None:
        raise QueryError(None, None, f"unknown language {code!r}", expected="eng or rus (en and ru also do)")
    return norm


def versioned(when: date | None, language: str, sources: str) -> str:
    """``1992-05-15 version · English · <sources>``: a version of a text by date, language and source.

    >>> versioned(date(1992, 5, 15), "rus", "“A book” (book, 2013)")
    '1992-05-15 version · Russian · “A book” (book, 2013)'
    """
    parts = [f"{when.isoformat()} version" if when else "undated version"]
    if language:
        parts.append(LANGUAGE_NAMES.get(language, language))
    if sources:
        parts.append(sources)
    return " · ".join(parts)


# How a reader names the units of an eId (AKN's eId prefixes); a prefix not listed is shown as it is.
_UNIT_NAMES = {"art": "Article", "para": "paragraph", "subpara": "subparagraph", "point": "point",
               "item": "item", "sec": "section", "chp": "chapter", "part": "part", "title": "title",
               "list": "list", "intro": "introduction", "preamble": "the preamble", "annex": "annex"}  # fmt: skip


def provision_label(eid: str) -> str:
    """A provision as a reader names it, innermost first.

    >>> provision_label("para_1__point_c"), provision_label("art_4"), provision_label("art_4__para_2")
    ('point c of paragraph 1', 'Article 4', 'paragraph 2 of Article 4')
    """
    words = []
    for part in reversed(eid.split("__")):
        unit, _, number = part.partition("_")
        words.append(f"{_UNIT_NAMES.get(unit, unit)} {number}".strip())
    return " of ".join(words)
