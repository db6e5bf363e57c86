"""The EntityRuler patterns of ``lexcsto_entities``: names of states, bodies, organisations, parties and
instruments (``entities.yaml``, the instrument registry of :mod:`lexcsto.nlp.instruments`) and date shapes
(``dates.yaml``), as spaCy token patterns. spaCy is used here only for its tokenizer, so that a pattern
splits a name the way the pipeline splits the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import spacy
from spacy.attrs import NORM  # type: ignore[import-not-found]  # a Cython module without type stubs
from spacy.language import Language
from spacy.tokens import Doc

from lexcsto.corpus.vocabulary import language
from lexcsto.nlp.instruments import instruments
from lexcsto.nlp.tables import fold, read_table, word_forms

__all__ = ["MATCH_ATTR", "SPACY_LANG", "entity_patterns", "fold_norms"]

SPACY_LANG = {"eng": "en", "rus": "ru"}

# The token attribute names are matched on. Russian prints ё or е as the writer pleases, so a Russian
# pipeline's NORM is the word folded (lower-cased, ё as е: see _fold_norms) and names match on it; English
# keeps LOWER (its NORM has spaCy's own spellings, "Jan." read as "january").
MATCH_ATTR = {"eng": "LOWER", "rus": "NORM"}


def fold_norms(nlp: Language) -> None:
    """Make the NORM of each new word of ``nlp``'s vocabulary its :func:`fold` (ё read as е)."""
    vocab: Any = nlp.vocab  # spaCy's Vocab stubs do not declare lex_attr_getters
    vocab.lex_attr_getters[NORM] = fold


def _token_pattern(
    phrase: str,
    tokenizer: Callable[[str], Doc],
    exact: bool,
    attr: str = "LOWER",
    forms: Mapping[str, tuple[str, ...]] | None = None,
) -> list[dict[str, Any]]:
    """A name as a token pattern: ``word*`` matches any ending, a word of the lemma table ``forms``
    (forms.yaml) any of its forms; ``exact`` keeps the case; ``attr`` is LOWER, or NORM for a pipeline
    whose norms are folded (ё as е)."""
    forms = forms or {}
    tokens: list[dict[str, Any]] = []
    for word in phrase.split():
        if word.endswith("*") and len(word) > 1:
            stem = word[:-1]
            if "-" in stem or any(not c.isalnum() for c in stem):
                # "государств*-член*": the tokenizer may split at the hyphen; match each piece
                for piece in re.split(r"(-)", word):
                    if piece:
                        tokens.extend(_token_pattern(piece, tokenizer, exact, attr, forms))
                continue
            tokens.append({attr: {"REGEX": rf"^{re.escape(fold(stem))}\w*$"}})
        elif not exact and fold(word) in forms:  # a lemma of forms.yaml: any of its forms
            tokens.append({attr: {"IN": list(forms[fold(word)])}})
        else:
            for tok in tokenizer(word):
                tokens.append({"ORTH": tok.text} if exact else {attr: fold(tok.text)})
    return tokens


def _name_patterns(
    label: str,
    ident: str,
    names: Iterable[str],
    abbrs: Iterable[str],
    tokenizer: Callable[[str], Doc],
    attr: str = "LOWER",
    forms: Mapping[str, tuple[str, ...]] | None = None,
) -> list[dict[str, Any]]:
    forms = forms or {}
    out: list[dict[str, Any]] = []
    for name in names:
        declined = "*" in name or any(fold(w) in forms for w in name.split())
        pattern: str | list[dict[str, Any]] = (
            _token_pattern(name, tokenizer, False, attr, forms) if declined else name
        )
        out.append({"label": label, "pattern": pattern, "id": ident})
    for abbr in abbrs:
        out.append({"label": label, "pattern": _token_pattern(abbr, tokenizer, True), "id": ident})
    return out


def _date_patterns(lang: str) -> list[dict[str, Any]]:
    data = read_table("dates.yaml")
    day = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])$"}}
    year = {"TEXT": {"REGEX": r"^(1[89]|20)\d\d$"}}
    numeric = {"TEXT": {"REGEX": r"^(\d{1,2}[./]\d{1,2}[./](1[89]|20)\d\d|(1[89]|20)\d\d-\d\d(-\d\d)?)$"}}
    years = {"TEXT": {"REGEX": r"^(1[89]|20)\d\d[-–—](1[89]|20)?\d\d$"}}
    words = [w for group in data["months"][lang] for w in group]
    stems = [re.escape(w[:-1].lower()) + r"\w*" for w in words if w.endswith("*")]
    exact = [re.escape(w.lower()) for w in words if not w.endswith("*")]
    month = {"LOWER": {"REGEX": "^(" + "|".join(stems + exact) + ")$"}}
    dot = {"ORTH": ".", "OP": "?"}
    dash = {"ORTH": {"IN": ["-", "–", "—"]}}
    to = {"LOWER": {"IN": [w.lower() for w in (data.get("range_words") or {}).get(lang) or []]}}
    days = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])[-–—](0?[1-9]|[12]\d|3[01])$"}}  # "18–23" as one token
    # ranges: "October 1-5", "May 18 - 23, 2018", "October 30 - November 2", "18–23 May 2018",
    # "from October 1 to November 2, 2018"; a year, when there is one, with the comma or dot before it
    ranges: list[list[dict[str, Any]]] = [
        [month, dot, day, dash, day],
        [month, dot, day, dash, month, dot, day],
        [to, month, dot, day, to, month, dot, day],
    ]
    day_first: list[list[dict[str, Any]]] = [
        [day, dash, day, month],
        [days, month],
        [day, month, dash, day, month],
        [to, day, month, to, day, month],
        [to, day, to, day, month],
    ]
    shapes: list[list[dict[str, Any]]] = [
        *ranges,
        *([*r, {"ORTH": ","}, year] for r in ranges),
        *day_first,
        *([*r, dot, year] for r in day_first),
        [day, month, dot, year],
        [month, dot, day, {"ORTH": ",", "OP": "?"}, year],
        [month, dot, year],
        [day, month],
        [year],
        [numeric],
        [years],
    ]
    tail = (data.get("year_words") or {}).get(lang)
    if tail:
        after = {"LOWER": {"IN": [w.lower() for w in tail]}}
        shapes += [[day, month, year, after], [month, year, after], [year, after]]
        shapes += [
            [days, month, year, after],
            [day, dash, day, month, year, after],
            [to, day, to, day, month, year, after],
        ]
    return [{"label": "DATE", "pattern": shape} for shape in shapes]


@functools.cache
def entity_patterns(lang: str) -> tuple[dict[str, Any], ...]:
    """Every EntityRuler pattern of ``lexcsto_entities`` for a language, built from the data files.

    >>> sum(1 for p in entity_patterns("eng") if p["label"] == "INSTRUMENT") > 50
    True
    """
    lang = language(lang)
    tokenizer = spacy.blank(SPACY_LANG[lang]).tokenizer
    data = read_table("entities.yaml")
    affixes = data.get("affixes") or {}
    forms = word_forms(lang)
    patterns: list[dict[str, Any]] = []
    for label in ("STATE", "BODY", "ORG", "PARTIES"):
        for row in data.get(label) or []:
            names = list((row.get(lang) or {}).get("names") or [])
            abbrs = list((row.get(lang) or {}).get("abbr") or [])
            aff = (affixes.get(label) or {}).get(lang) or {}
            for word in aff.get("before") or []:
                names += [f"{word} {n}" for n in names]
                abbrs += [f"{word} {a}" for a in abbrs]
            for word in aff.get("after") or []:
                names += [f"{n} {word}" for n in names]
                abbrs += [f"{a} {word}" for a in abbrs]
            patterns += _name_patterns(
                label, row["id"], dict.fromkeys(names), dict.fromkeys(abbrs), tokenizer, MATCH_ATTR[lang], forms
            )
    for row in instruments().values():
        patterns += _name_patterns(
            "INSTRUMENT", row.key, row.names[lang], row.abbrs[lang], tokenizer, MATCH_ATTR[lang], forms
        )
    patterns += _date_patterns(lang)
    return tuple(patterns)
