"""Defined terms (TERM): the words a text defines, by the patterns of ``terms.yaml``: "(hereafter –
CSSC)", "“aggression” means", "Treaty on Collective Security (TCS)". Plain regular expressions, no spaCy;
:mod:`lexcsto.nlp.pipeline` wraps :func:`find_terms` as the ``lexcsto_terms`` component.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lexcsto.corpus.vocabulary import language
from lexcsto.errors import NlpError
from lexcsto.nlp.tables import read_table

__all__ = ["find_terms", "term_rules"]


@dataclass(frozen=True)
class _TermRule:
    kind: str
    regex: re.Pattern[str]
    needs: re.Pattern[str] | None  # a cheap test: the rule runs only on texts where this occurs
    # the same test when `needs` is plain words ("means|defined"): a substring search in the lower-cased
    # text, several times faster than a case-insensitive regular expression
    needs_words: tuple[str, ...] = ()


@functools.cache
def term_rules(lang: str) -> tuple[_TermRule, ...]:
    """The defined-term patterns of ``terms.yaml``, compiled."""
    lang = language(lang)
    subst = {"{Q}": "[“\"«„']", "{UQ}": "[”\"»“']", "{D}": "[-–—]"}
    rules = []
    for i, row in enumerate(read_table("terms.yaml").get(lang) or []):
        source = row["pattern"]
        for key, value in subst.items():
            source = source.replace(key, value)
        try:
            needs = re.compile(row["needs"], re.IGNORECASE) if row.get("needs") else None
            plain = bool(row.get("needs")) and re.fullmatch(r"[^\\()\[\]{}.*+?^$]+", row["needs"]) is not None
            words = tuple(w.lower() for w in row["needs"].split("|")) if plain else ()
            rules.append(_TermRule(row["kind"], re.compile(source), needs, words))
        except re.error as err:
            raise NlpError("lexcsto/data/nlp/terms.yaml", None, f"{lang} pattern {i + 1}: {err}") from err
    return tuple(rules)


def find_terms(text: str, lang: str = "eng") -> list[tuple[int, int, str]]:
    """(start, end, kind) of each defined term in ``text``; where two overlap the first rule wins.

    >>> text = "Council of Defence Ministers (Further – CDM)"
    >>> [(text[s:e], k) for s, e, k in find_terms(text)]
    [('CDM', 'short')]
    """
    found: list[tuple[int, int, str]] = []
    lowered = text.lower()
    for rule in term_rules(lang):
        if rule.needs_words:
            if not any(w in lowered for w in rule.needs_words):
                continue
        elif rule.needs is not None and not rule.needs.search(text):
            continue
        for m in rule.regex.finditer(text):
            s, e = m.span("term")
            while e > s and text[e - 1] in " ,.;:":
                e -= 1
            if e > s and not any(s < fe and fs < e for fs, fe, _ in found):
                found.append((s, e, rule.kind))
    return sorted(found)
