"""The pattern tables of ``lexcsto/data/nlp/``, and the small rules for matching their phrases.

What the finders look for (instrument names, citation shapes, dates, terms) is data, not code, so that a
name or a unit word can be added without touching Python; this module is where that data comes in, with
one error (:class:`NlpError`) for a missing or malformed table, and the one reading of a table's phrase
(``*`` for a word ending) that the instrument and reference finders share.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

from lexcsto.corpus.yamlfiles import load_yaml
from lexcsto.errors import NlpError

__all__ = ["DATA_PACKAGE", "detect_language", "lower_keeping_offsets", "phrase_regex", "read_table"]

DATA_PACKAGE = "lexcsto.data.nlp"


def read_table(name: str) -> Any:
    """Read one pattern table of ``lexcsto/data/nlp``; a malformed file is an :class:`NlpError`."""
    path = resources.files(DATA_PACKAGE).joinpath(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise NlpError(
            str(path), None, "pattern file missing", expected="a file in lexcsto/data/nlp"
        ) from err
    return load_yaml(text, str(path), error=NlpError, allow_tags=True)


def phrase_regex(phrase: str) -> str:
    """A name from a pattern table as a regular expression: spaces match any whitespace, a final ``*``
    any word ending (Russian case forms), everything else literally.

    >>> phrase_regex("Устав* ООН")
    'Устав\\\\w*\\\\s+ООН'
    >>> bool(re.fullmatch(phrase_regex("Устав* ООН"), "Устава  ООН"))
    True
    """
    words = []
    for word in phrase.split():
        if word.endswith("*") and len(word) > 1:
            words.append(re.escape(word[:-1]) + r"\w*")
        else:
            words.append(re.escape(word))
    return r"\s+".join(words)


def detect_language(text: str) -> str:
    """``rus`` when most letters of ``text`` are Cyrillic, else ``eng``: the pipeline of one language
    finds nothing in the other's text, so a wrong default is quietly wrong.

    >>> detect_language("Статья 4 Договора"), detect_language("Article 4 of the Treaty")
    ('rus', 'eng')
    """
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    return "rus" if letters and cyrillic * 2 > len(letters) else "eng"


def lower_keeping_offsets(text: str) -> str:
    """``text`` lower-cased, offsets kept (a letter whose lower case is longer stays as it is), so that a
    match over the lower-cased text is a span of the text as written.

    >>> lower_keeping_offsets("Art. İ")
    'art. İ'
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered
