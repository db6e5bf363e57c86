"""Who owns a cited unit: "its Article 7", «своей статье 8 bis», "this Charter's Article 21", "that
Treaty's Article 2", "the latter's Article 2", "the CSTO Charter's Article 4".

A possessive before a citation names the instrument (or the provision) the unit belongs to, and is part of
the citation's span. Two forms, both closed lists of words in ``refs.yaml``:

- a possessive pronoun (``possessives``: "its", «его», «свой» ...): its owner is the subject of its clause,
  which :mod:`lexcsto.nlp.anaphora` finds;
- a genitive with "'s" after an instrument's name, a short word with a determiner (``determiners``, with the
  ``self`` ones meaning the instrument in hand) or a pointer (``pointers``: "the latter", "the former"):
  the owner is named by the words themselves.

>>> from lexcsto.nlp.references import find_citations
>>> [(c.text, c.first.instrument) for c in find_citations("The CST predates it, and that Treaty's Article 2 says")]
[("that Treaty's Article 2", 'cst')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lexcsto.nlp.instruments import Mention, generic_names, instruments
from lexcsto.nlp.resolution import paragraph_start, short_word_instrument
from lexcsto.nlp.tables import fold, phrase_regex, read_table

__all__ = ["Owner", "owned_inside", "owner_before", "possessive_words"]


@dataclass(frozen=True)
class Owner:
    """The possessive before a citation: where it starts, and what it names (``subject`` is None for a
    pronoun, whose owner is the subject of its clause)."""

    start: int
    subject: Mention | None
    pronoun: bool


def _alt(words: list[str]) -> str:
    # е and ё match each other: «её пункт 2» is written «ее пункт 2» too
    return "|".join(re.sub("[её]", "[её]", phrase_regex(w)) for w in sorted(words, key=len, reverse=True))


def possessive_words(lang: str) -> list[str]:
    return list((read_table("refs.yaml").get("possessives") or {}).get(lang) or [])


@functools.cache
def _patterns(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    data = read_table("refs.yaml")
    pronouns = possessive_words(lang)
    pronoun = re.compile(rf"(?<!\w)(?i:{_alt(pronouns)})\s+$") if pronouns else None
    if lang != "eng":  # a genitive with "'s" is English
        return pronoun, None
    selves = data["self"][lang]
    others = [d for d in data["determiners"][lang] if d not in selves]
    generic = list(generic_names(lang))
    pointers = list((data.get("pointers") or {}).get(lang) or {})
    genitive = re.compile(
        rf"(?:(?<!\w)(?P<self>(?i:{_alt(selves)}))\s+(?P<own>{_alt(generic)})"
        rf"|(?<!\w)(?P<det>(?i:{_alt(others)}))\s+(?P<gen>(?i:{_alt(generic)}))"
        rf"|(?<!\w)(?P<ptr>(?i:{_alt(pointers)}))"
        rf"|(?P<name>))['’]s\s+$"
    )
    return pronoun, genitive


def owner_before(text: str, at: int, lang: str, mentions: list[Mention], context: str | None) -> Owner | None:
    """The possessive that ends right before the citation at ``text[at]``, if any."""
    pronoun, genitive = _patterns(lang)
    pm = pronoun.search(text, max(0, at - 12), at) if pronoun is not None else None
    if pm is not None:
        return Owner(pm.start(), None, True)
    relative = _relative(lang)
    rm = relative.search(text, max(0, at - 8), at) if relative is not None else None
    if rm is not None:  # "the CST, whose Article 4": the instrument named right before
        right_before = [
            m for m in mentions if m.end <= rm.start() and re.fullmatch(r"\s*,?\s*", text[m.end : rm.start()])
        ]
        return Owner(rm.start(), right_before[-1], False) if right_before else None
    if genitive is None or not re.search(r"['’]s\s+$", text[max(0, at - 4) : at]):
        return None
    gm = genitive.search(text, max(0, at - 60), at)
    if gm is None:
        return None
    if gm.group("name") is not None:  # "the CSTO Charter's Article 4"
        named = next((m for m in mentions if m.end == gm.start()), None)
        return Owner(named.start, named, False) if named is not None else None
    if gm.group("ptr") is not None:  # "the latter's Article 2"
        since = paragraph_start(text, gm.start())
        keys = list(
            dict.fromkeys(
                m.instrument for m in reversed(mentions) if since <= m.start and m.end <= gm.start()
            )
        )
        pick = 0 if fold(gm.group("ptr")).endswith("latter") else 1
        if len(keys) <= pick or not keys[pick]:
            return None
        named = next(m for m in reversed(mentions) if m.instrument == keys[pick] and m.end <= gm.start())
        return Owner(gm.start(), named, False)
    if gm.group("self") is not None:  # "this Charter's Article 21": the instrument in hand
        key = context if context in instruments() else generic_names(lang).get(gm.group("own"))
    else:  # "that Treaty's Article 2": the last of its kind named before it
        key = short_word_instrument(text, gm.group("gen"), gm.start(), lang, mentions, context)
    if not key:
        return None
    return Owner(gm.start(), Mention(gm.group(0), gm.start(), gm.end(), key, instruments()[key].uri), False)


@functools.cache
def _relative(lang: str) -> re.Pattern[str] | None:
    words = (read_table("refs.yaml").get("relatives") or {}).get(lang) or []
    return re.compile(rf"(?<!\w)(?i:{_alt(words)})\s+$") if words else None


@functools.cache
def _inside(lang: str) -> re.Pattern[str] | None:
    pronouns = possessive_words(lang)
    return re.compile(rf"\s(?i:{_alt(pronouns)})\s") if pronouns else None


def owned_inside(text: str, start: int, end: int, lang: str) -> int | None:
    """Where a possessive pronoun stands inside the citation ``text[start:end]`` before one of its
    parents («пункте 4 своей статьи 2», "paragraph 2 of its Article 4"), if one does."""
    inside = _inside(lang)
    m = inside.search(text, start, end) if inside is not None else None
    return m.start() + 1 if m is not None else None
