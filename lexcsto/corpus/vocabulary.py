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
