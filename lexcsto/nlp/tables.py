"""The pattern tables of ``lexcsto/data/nlp/``, and the small rules for matching their phrases.

What the finders look for (instrument names, citation shapes, dates, terms) is data, not code, so that a
name or a unit word can be added without touching Python; this module is where that data comes in, with
one error (:class:`NlpError`) for a missing or malformed table, and the one reading of a table's phrase
(``*`` for a word ending) that the instrument and reference finders share.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

from lexcsto.corpus.yamlfiles import load_yaml
from lexcsto.errors import NlpError

__all__ = [
    "DATA_PACKAGE",
    "detect_language",
    "expand_forms",
    "fold",
    "fold_keeping_offsets",
    "phrase_regex",
    "read_table",
    "word_forms",
]

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


def fold(text: str) -> str:
    """``text`` as the finders compare it: lower-cased, and ``ё`` read as ``е`` (Russian prints ё or not,
    as the writer pleases: «Объединённых» and «Объединенных» are one word).

    >>> fold("Объединённых Наций")
    'объединенных наций'
    """
    return text.lower().replace("ё", "е")


def fold_keeping_offsets(text: str) -> str:
    """:func:`fold` of ``text``, offsets kept (a letter whose lower case is longer stays as it is), so that
    a match over the folded text is a span of the text as written.

    >>> fold_keeping_offsets("Art. İ"), fold_keeping_offsets("Статьёй")
    ('art. İ', 'статьей')
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("ё", "е")


@functools.cache
def word_forms(lang: str) -> dict[str, tuple[str, ...]]:
    """``forms.yaml``: the forms of each word the tables name by its dictionary form (a lemma table).

    >>> "статей" in word_forms("rus")["статья"]
    True
    """
    where = "lexcsto/data/nlp/forms.yaml"
    out: dict[str, tuple[str, ...]] = {}
    for lemma, forms in ((read_table("forms.yaml") or {}).get(lang) or {}).items():
        if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
            raise NlpError(where, None, f"{lang} {lemma!r}: {forms!r}", expected="a list of word forms")
        out[fold(str(lemma))] = tuple(dict.fromkeys(fold(f) for f in [str(lemma), *forms]))
    return out


def expand_forms(words: Iterable[str], lang: str) -> list[str]:
    """``words`` with each dictionary form of the lemma table replaced by all its forms, folded.

    >>> expand_forms(["ст.", "статья"], "rus")[:4]
    ['ст.', 'статья', 'статьи', 'статье']
    """
    table = word_forms(lang)
    out: list[str] = []
    for word in words:
        out.extend(table.get(fold(word), (word,)))
    return list(dict.fromkeys(out))
