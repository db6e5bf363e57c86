"""Which instrument a citation is in: named after it, named before it, a short word for one ("the
Protocol", «Договора»), the instrument named last, or the context.

A citation's numbers (:mod:`lexcsto.nlp.targets`) mean nothing until its instrument is known. This module
decides it for each citation of a text, in order, from the instrument mentions
(:mod:`lexcsto.nlp.instruments`) and the grammar's link words, then lets a citation that names none take
it from its neighbours ("Agreement X, preamble, article 3"). A short word looks back over its paragraph
(:data:`ANAPHORA_WINDOW` characters at most) for the last instrument of its kind: "the Charter" after
"the UN Charter" is the UN Charter, after "the CSTO Charter" the CSTO's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from lexcsto.corpus.vocabulary import LANGUAGES, language
from lexcsto.errors import NlpError
from lexcsto.nlp.citations import Grammar, grammar
from lexcsto.nlp.instruments import Mention, instrument_for, instruments
from lexcsto.nlp.tables import fold, phrase_regex, read_table
from lexcsto.nlp.targets import Hit

__all__ = [
    "ANAPHORA_WINDOW",
    "Resolved",
    "context_key",
    "paragraph_start",
    "resolve_all",
    "short_word_instrument",
]


@dataclass(frozen=True)
class Resolved:
    """The instrument of one citation, how it was found, and the citation's span with the words naming it."""

    instrument: str | None
    via: str
    start: int  # where the citation starts (before a prefixed instrument, if any)
    end: int  # where it ends (after the instrument phrase, if any)
    named: Mention | None = None  # the mention the instrument was taken from, if any
    prefixed: bool = False  # the instrument is named before the citation ("CRRF Agreement, art. 4")


# How far back a short word ("the Protocol", "the Charter") looks for the instrument it stands for: the
# paragraph it is in (issue 18: the instrument named last in the sentence or the paragraph), up to this
# many characters, so that a paragraph-less text does not reach back to its first page.
ANAPHORA_WINDOW = 2000


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_SPACE = re.compile(r"[ \t]+|\s*,\s+(?=[A-ZА-ЯЁ])")  # "Art. 16 CSTO Charter", "Art. 13, CSTO Charter"


def paragraph_start(text: str, at: int) -> int:
    r"""Where the paragraph around ``text[at]`` starts (after the last blank line), at most
    :data:`ANAPHORA_WINDOW` characters back.

    >>> paragraph_start("The UN Charter.\n\nThe Charter", 25)
    17
    """
    since = max(0, at - ANAPHORA_WINDOW)
    blanks = list(_BLANK_LINE.finditer(text, since, at))
    return blanks[-1].end() if blanks else since


def context_key(context: str | None) -> tuple[str | None, str | None]:
    """(instrument key, work URI) of the context; a work URI outside the table keeps key None."""
    if context is None:
        return None, None
    row = instrument_for(context)
    if row is not None:
        return row.key, row.uri
    if context.startswith("/akn/"):
        return None, context
    raise NlpError(
        None,
        None,
        f"unknown context instrument {context!r}",
        expected="a key of lexcsto/data/nlp/instruments.yaml or a work URI",
    )


@functools.cache
def _names_contain(key: str | None, word: str) -> bool:
    if not key:  # none, or a title outside the registry
        return False
    row = instruments()[key]
    pattern = re.compile(rf"(?<!\w){phrase_regex(word.lower())}(?!\w)")
    # the kind of an instrument is named before its subject: "the Treaty" is the Treaty on Collective
    # Security, not the "Protocol on Amendment of the Collective Security Treaty"
    return any(pattern.search(_OPENER.split(n.lower(), 1)[0]) for lang in LANGUAGES for n in row.names[lang])


_OPENER = re.compile(r"\s(?:on|of|to|for|between|concerning|о|об|между|по|для|в)\s")


@functools.cache
def _after_words(table: str, lang: str) -> re.Pattern[str]:
    """Words after a citation that name its instrument (refs.yaml ``thereof``: the one named before it;
    ``hereof``: the instrument in hand), longest first."""
    words = sorted((read_table("refs.yaml").get(table) or {}).get(lang) or [], key=len, reverse=True)
    if not words:
        return re.compile(r"(?!)")
    return re.compile(rf"\s*,?\s+(?i:{'|'.join(phrase_regex(w) for w in words)})(?!\w)")


@functools.cache
def _ibid(lang: str) -> re.Pattern[str]:
    """The words before a citation that point back at the instrument named last (refs.yaml ``ibid``)."""
    words = (read_table("refs.yaml").get("ibid") or {}).get(lang) or []
    if not words:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<!\w)(?i:{'|'.join(phrase_regex(w) for w in words)})\s*,?\s*$")


def _generic_key(word: str, g: Grammar) -> tuple[str, str | None]:
    for pattern, key in g.generic.items():
        if re.fullmatch(phrase_regex(pattern), word, re.IGNORECASE):
            return pattern, key
    return word, None


def _by_word(
    text: str,
    word: str,
    at: int,
    start: int,
    end: int,
    g: Grammar,
    mentions: list[Mention],
    context: str | None,
) -> Resolved:
    """A short word ("the Protocol") at ``text[at]``: the last instrument of that kind named before it in
    its paragraph, else the context instrument if it is of that kind, else the word's usual meaning, else
    unknown."""
    pattern, default = _generic_key(word, g)
    since = paragraph_start(text, at)
    earlier = [
        mm for mm in mentions if since <= mm.start and mm.end <= at and _names_contain(mm.instrument, pattern)
    ]
    if earlier:
        return Resolved(earlier[-1].instrument, "mention", start, end, earlier[-1])
    if _names_contain(context, pattern):
        return Resolved(context, "context", start, end)
    if default is not None:
        return Resolved(default, "default", start, end)
    return Resolved(None, "none", -1, -1)  # unknown: the short word stays outside the reference


def short_word_instrument(
    text: str, word: str, at: int, lang: str, mentions: list[Mention], context: str | None
) -> str | None:
    """The instrument a short word ("Treaty" in "that Treaty's Article 2") at ``text[at]`` stands for:
    the last of its kind named before it in its paragraph, the context, or its usual meaning."""
    found = _by_word(text, word, at, at, at, grammar(language(lang)), mentions, context)
    return found.instrument if found.start >= 0 else None


def _resolve(
    start: int, end: int, text: str, g: Grammar, mentions: list[Mention], context: str | None
) -> Resolved:
    """The instrument of the citation at ``text[start:end]``: named after it, named before it, a short word
    before it, else the context."""
    s = g.suffix.match(text, end)
    if s is not None:
        after = s.end()
        named = next((mm for mm in mentions if mm.start == after), None)
        if named is not None and s.group("self") is None:
            return Resolved(named.instrument, "name", start, named.end, named)
        gm = g.generic_re.match(text, after)
        det = s.group("det")
        if gm is None and det is not None and fold(det) != "the":
            gm = g.generic_any_case.match(text, after)  # «статья 5 названного договора», "the said treaty"
        if gm is not None:
            if s.group("self") is not None:
                _, default = _generic_key(gm.group("gen"), g)
                via = "context" if context else ("default" if default else "none")
                return Resolved(context or default, via, start, gm.end())
            if g.unknown_name.match(text, gm.end()):
                # "art. 2 of the Protocol on the procedures ...": an instrument the table does not know
                return Resolved(None, "name", start, end)
            found = _by_word(text, gm.group("gen"), after, start, gm.end(), g, mentions, context)
            return found if found.start >= 0 else Resolved(None, "none", start, end)
    # "Paragraph 2 of Article 7 hereof": the instrument in hand
    here = _after_words("hereof", g.lang).match(text, end)
    if here is not None and context is not None:
        return Resolved(context, "context", start, here.end())
    # "Article 8 thereof": the instrument named last before it in its paragraph
    back = _after_words("thereof", g.lang).match(text, end)
    if back is not None and g.head_next.match(text, back.end()):
        back = (
            None  # "paragraph 2 of the same Article": the unit's own anaphor (anaphora.py), not "of the same"
        )
    if back is not None:
        since = paragraph_start(text, start)
        earlier = [mm for mm in mentions if since <= mm.start and mm.end <= start]
        if earlier:
            return Resolved(earlier[-1].instrument, "mention", start, back.end(), earlier[-1])
    # "Article 103 of the latter", «статью 52 последнего»: the instrument named last (or, "the former",
    # the one named before it) in the paragraph
    for pointer, which in g.pointers:
        pm = pointer.match(text, end)
        if pm is None:
            continue
        since = paragraph_start(text, start)
        named_before = [mm for mm in mentions if since <= mm.start and mm.end <= start]
        # "the latter", "the former" count back from the citation; "the second of them" from the paragraph's start
        counted_back = which in ("last", "before_last")
        keys = list(
            dict.fromkeys(mm.instrument for mm in (reversed(named_before) if counted_back else named_before))
        )
        pick = {"last": 0, "before_last": 1, "first": 0, "second": 1}[which]
        if len(keys) > pick and keys[pick]:
            named = next(mm for mm in reversed(named_before) if mm.instrument == keys[pick])
            return Resolved(named.instrument, "mention", start, pm.end(), named)
    # an instrument right after, with no word between: "Art. 4(2) CST", "Art. 16 CSTO Charter"
    gap = _SPACE.match(text, end)
    if gap is not None:
        named = next((mm for mm in mentions if mm.start == gap.end()), None)
        if named is not None:
            return Resolved(named.instrument, "name", start, named.end, named)
    # "ibid., Art. 14": the instrument named last in the paragraph, the word inside the span
    ibid = _ibid(g.lang).search(text, max(0, start - 16), start)
    if ibid is not None:
        since = paragraph_start(text, start)
        earlier = [mm for mm in mentions if since <= mm.start and mm.end <= ibid.start()]
        if earlier:
            return Resolved(earlier[-1].instrument, "mention", ibid.start(), end, earlier[-1], prefixed=True)
    # an instrument right before: "CRRF Agreement, art. 4", "Charter art. 27"
    previous = [mm for mm in mentions if mm.end <= start]
    if previous and g.prefix_tail.fullmatch(text, previous[-1].end, start):
        named = previous[-1]
        return Resolved(named.instrument, "name", named.start, end, named, prefixed=True)
    # a short word right before: "(Protocol, para. 1b)"
    before = text[max(0, start - 80) : start]
    gm = re.search(rf"(?<!\w)({g.generic_re.pattern})(?:\s*\([^()\n]{{0,60}}\))?\s*,\s*$", before)
    if gm is not None:
        at = start - len(before) + gm.start(1)
        found = _by_word(text, gm.group("gen"), at, at, end, g, mentions, context)
        return found if found.start >= 0 else Resolved(None, "none", start, end)
    if context is not None:
        return Resolved(context, "context", start, end)
    return Resolved(None, "none", start, end)


def resolve_all(
    hits: list[Hit], text: str, g: Grammar, mentions: list[Mention], context: str | None
) -> list[Resolved]:
    """Resolve each citation, then let the ones that name no instrument take it from their neighbours:
    "Agreement X, preamble, article 3" (article 3 continues a list under X) and "Preamble and article 5 of
    the CSTO Charter" (a numberless unit listed with a citation shares its instrument)."""
    out: list[Resolved] = []
    for i, hit in enumerate(hits):
        res = _resolve(hit.start, hit.end, text, g, mentions, context)
        if res.via in ("none", "context") and out:
            prev, prev_hit = out[-1], hits[i - 1]
            if prev.prefixed and g.continued.fullmatch(text, max(prev.end, prev_hit.end), hit.start):
                res = replace(prev, start=hit.start, end=res.end)
        out.append(res)
    unnamed = ("none", "context")
    for i in range(len(hits) - 2, -1, -1):
        hit, nxt = hits[i], out[i + 1]
        listed = g.list_joiner.fullmatch(text, hit.end, hits[i + 1].start) is not None
        if (
            hit.numberless
            and not hit.owned
            and out[i].via in unnamed
            and out[i].end == hit.end
            and nxt.via not in unnamed
            and listed
        ):
            out[i] = replace(nxt, start=hit.start, end=hit.end, prefixed=False)
    return out
