"""Citations that point back: "its Article 7", "её пункт 2", "that Article", "указанной статьи".

The reference finder resolves a citation by the instrument it names or the context; a citation that names
its target by pointing back at the sentence before has neither, and would resolve to the context or to
nothing. This pass, run over the citations of one text in order, gives each such citation what it points
at: a possessive ("its", "её") before a unit takes the provision cited just before when the unit is below
it ("Article 4 of the Treaty and its paragraph 2" is art_4__para_2), else the instrument named last; a
demonstrative with a unit and no number ("that Article") is the provision of that unit cited last. The
words are data (``refs.yaml``: ``possessives``, ``demonstratives``).

>>> from lexcsto.nlp.references import find_citations
>>> [(c.text, c.eid) for c in find_citations("Article 4 of the CSTO Charter and its paragraph 2")]
[('Article 4 of the CSTO Charter', 'art_4'), ('its paragraph 2', 'art_4__para_2')]
>>> [(c.text, c.first.instrument) for c in find_citations("The UN Charter, in its Article 52, ...")]
[('its Article 52', 'un-charter')]
>>> [(c.text, c.eid) for c in find_citations("Article 5 of the CSTO Charter applies; that Article says")]
[('Article 5 of the CSTO Charter', 'art_5'), ('that Article', 'art_5')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from lexcsto.corpus.uri import FrbrUri
from lexcsto.nlp.instruments import Mention, instruments, parts
from lexcsto.nlp.possessors import owned_inside, owner_before
from lexcsto.nlp.tables import expand_forms, fold, phrase_regex, read_table
from lexcsto.nlp.targets import flat, named_division

if TYPE_CHECKING:
    from lexcsto.nlp.references import Citation, Reference

__all__ = ["resolve_anaphora"]

# How far back (characters) a pointing word looks for what it points at: the sentence and the one before.
WINDOW = 400
# Units from the top down: a unit below the one cited before nests under it.
_LEVELS = ("chp", "sec", "part", "art", "rule", "para", "item", "point")


def _alt(words: list[str]) -> str:
    # е and ё match each other: «её пункт 2» is written «ее пункт 2» too
    return "|".join(re.sub("[её]", "[её]", phrase_regex(w)) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _clause_break(lang: str) -> re.Pattern[str]:
    """What ends a clause (refs.yaml ``clause_breaks``): "its" refers to the subject of its own clause."""
    words = (read_table("refs.yaml").get("clause_breaks") or {}).get(lang) or []
    alternatives = [r";", *(rf",\s+(?:{phrase_regex(w)})\s" for w in words)]
    return re.compile("|".join(alternatives), re.IGNORECASE)


# A sentence ends at . ! ? before a capital letter or an opening quote (not "Art. 4", not "2(b).1").
_SENTENCE_END = re.compile(r"[.!?…]\s+(?=[A-ZА-ЯЁ«\"“(])")


def sentence_start(text: str, at: int) -> int:
    """Where the sentence around ``text[at]`` starts (at most :data:`WINDOW` characters back).

    >>> sentence_start("The CST. Its Article 4", 20)
    9
    """
    since = max(0, at - WINDOW)
    ends = list(_SENTENCE_END.finditer(text, since, at + 1))  # + 1: the capital it looks ahead to
    return ends[-1].end() if ends else since


def _subject(text: str, at: int, lang: str, mentions: list[Mention]) -> Mention | None:
    """The instrument "its"/«её» at ``text[at]`` refers to: the first one named in its clause (the
    clause's subject: "..., and the CSTO Charter repeats it in its Article 4"), else, when its clause names
    none, the one the sentence begins with ("The CST is compared with the NAT, but its Article 4"), else
    the one named last."""
    start = sentence_start(text, at)
    named = [m for m in mentions if start <= m.start and m.end <= at]
    if not named:
        return None
    breaks = list(_clause_break(lang).finditer(text, start, at))
    clause = breaks[-1].end() if breaks else start
    in_clause = [m for m in named if m.start >= clause]
    if in_clause:
        return in_clause[0]
    lead = re.fullmatch(r"\W*(?:the\s+)?", text[start : named[0].start], re.IGNORECASE)
    return named[0] if lead is not None else named[-1]


@functools.cache
def _patterns(lang: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    data = read_table("refs.yaml")
    demonstratives = (data.get("demonstratives") or {}).get(lang) or []
    units: dict[str, str] = {}
    for prefix, row in data["units"].items():
        for word in expand_forms(row.get(lang) or [], lang):
            if not word.endswith("."):
                units[fold(word)] = prefix
    demonstrative = (
        re.compile(rf"(?<!\w)(?i:{_alt(demonstratives)})\s+(?P<unit>(?i:{_alt(list(units))}))(?!\w)(?!\s*\d)")
        if demonstratives and units
        else None
    )
    return demonstrative, units


def _unit_prefix(word: str, units: dict[str, str]) -> str | None:
    word = fold(word)
    if word in units:
        return units[word]
    return next((p for w, p in units.items() if w.endswith("*") and word.startswith(w[:-1])), None)


def _top(eid: str) -> str:
    return eid.split("__")[-1].partition("_")[0]


def _rebuilt(ref: Reference, eid: str, instrument: str | None, work: str | None, via: str) -> Reference:
    eid = named_division(instrument, flat(eid)) or eid
    href = str(FrbrUri.parse(work).with_eid(eid)) if work else None
    upto, upto_eid = None, ref.upto_eid or (ref.upto.rpartition("~")[2] if ref.upto else None)
    if upto_eid is not None:
        prefix = eid[: len(eid) - len(ref.eid)] if eid.endswith(ref.eid) else ""
        upto_eid = named_division(instrument, prefix + upto_eid) or upto_eid
        upto = str(FrbrUri.parse(work).with_eid(upto_eid)) if work else None
    return replace(
        ref,
        eid=eid,
        instrument=instrument,
        work=work,
        href=href,
        upto=upto,
        via=via,
        found=None,
        upto_eid=upto_eid,
    )


def resolve_anaphora(
    text: str, lang: str, citations: list[Citation], mentions: list[Mention], context: str | None = None
) -> list[Citation]:
    """``citations`` with those that point back resolved, and demonstrative citations ("that Article")
    added, in text order."""
    from lexcsto.nlp.references import Citation, Reference

    demonstrative, units = _patterns(lang)
    out: list[Citation] = []
    for c in citations:
        owner = owner_before(text, c.start, lang, mentions, context) if c.first.via in _UNNAMED else None
        inner = (
            owned_inside(text, c.start, c.end, lang) if owner is None and c.first.via in _UNNAMED else None
        )
        if inner is not None:
            # «пункте 4 своей статьи 2», "paragraph 2 of its Article 4": the parent is the subject's
            subject = _subject(text, inner, lang, mentions)
            if subject is not None and subject.instrument:
                work = instruments()[subject.instrument].uri
                c = replace(
                    c,
                    references=tuple(
                        _rebuilt(r, r.eid, subject.instrument, work, "mention") for r in c.references
                    ),
                )
        if owner is not None:
            # an instrument outside the corpus has no work, but its provision is still the parent
            # («Статья 31 Венской конвенции и её пункт 3»)
            before = [
                p
                for p in out
                if c.start - WINDOW <= p.end <= c.start and (p.first.work or p.first.instrument)
            ]
            if not owner.pronoun:  # "the latter's first paragraph": a provision of that instrument
                before = [
                    p for p in before if owner.subject and p.first.instrument == owner.subject.instrument
                ]
            named = [m for m in mentions if c.start - WINDOW <= m.start and m.end <= owner.start]
            prev = before[-1] if before else None
            last_named = named[-1] if named else None
            # a citation whose instrument is named by a short word that is no mention («статью 53 Устава»)
            # names that instrument in its clause as a mention would
            short = [
                Mention("", p.start, p.end, p.first.instrument, p.first.work)
                for p in out
                if p.first.instrument and not any(p.start <= m.start < p.end for m in mentions)
            ]
            named_all = sorted([*mentions, *short], key=lambda m: m.start) if short else mentions
            subject = owner.subject or _subject(text, owner.start, lang, named_all) or last_named
            if subject is None and prev is not None and prev.first.instrument:
                # «к статье 27 Устава и к его статье 25»: the instrument of the citation before, named by a
                # short word that is no mention
                subject = Mention("", prev.start, prev.end, prev.first.instrument, prev.first.work)
            if subject is None and context in instruments():
                # «Органы, предусмотренные настоящим Уставом, перечислены в его статье 13»: in a text of its
                # own with nothing else named, "its" is the text's instrument
                subject = Mention("", owner.start, owner.start, context, instruments()[context].uri)
            head = _top(c.first.eid)
            refs: list[Reference] = []
            if prev is not None and (last_named is None or last_named.end <= prev.end):
                parent = prev.references[-1]
                if (
                    head in _LEVELS
                    and _top(parent.eid) in _LEVELS
                    and _LEVELS.index(head) > _LEVELS.index(_top(parent.eid))
                ):
                    refs = [
                        _rebuilt(r, f"{parent.eid}__{r.eid}", parent.instrument, parent.work, "mention")
                        for r in c.references
                    ]
                elif head == _top(parent.eid) and "__" in parent.eid:
                    # "Paragraph 2 of Article 7 ... its first paragraph": a sibling, in the same article
                    above = parent.eid.rpartition("__")[0]
                    refs = [
                        _rebuilt(r, f"{above}__{r.eid}", parent.instrument, parent.work, "mention")
                        for r in c.references
                    ]
            if not refs and subject is not None and subject.instrument:
                key = subject.instrument
                work = instruments()[key].uri
                refs = [_rebuilt(r, r.eid, key, work, "mention") for r in c.references]
            if refs:
                refs[0] = replace(refs[0], text=text[owner.start : refs[0].end], start=owner.start)
                c = Citation(text[owner.start : c.end], owner.start, c.end, tuple(refs))
        out.append(c)
    if demonstrative is None:
        return out
    for dm in demonstrative.finditer(text):
        if any(p.start <= dm.start() < p.end for p in out):
            continue
        unit = _unit_prefix(dm.group("unit"), units)
        earlier = [
            r for p in out if dm.start() - WINDOW <= p.end <= dm.start() for r in p.references if r.work
        ]
        pointed = None
        for r in reversed(earlier):
            steps = r.eid.split("__")
            keep = [i for i, s in enumerate(steps) if s.partition("_")[0] == unit]
            if keep:
                pointed = (r, "__".join(steps[: keep[-1] + 1]))
                break
        if pointed is None:
            continue
        r, eid = pointed
        unit_of = next(
            (p for p in out if p.end <= dm.start() and _LINKED[lang].fullmatch(text, p.end, dm.start())), None
        )
        if unit_of is not None and unit_of.first.via in _UNNAMED and _below(unit_of.first.eid, eid):
            # "paragraph 2 of that Article", «пункте 2 данной статьи»: the unit cited inside the anaphor
            refs = [
                _rebuilt(u, f"{eid}__{u.eid}", r.instrument, r.work, "mention") for u in unit_of.references
            ]
            refs[-1] = replace(refs[-1], text=text[refs[-1].start : dm.end()], end=dm.end())
            out[out.index(unit_of)] = Citation(
                text[unit_of.start : dm.end()], unit_of.start, dm.end(), tuple(refs)
            )
            continue
        ref = _rebuilt(
            Reference(dm.group(0), dm.start(), dm.end(), eid, r.instrument, r.work, None),
            eid,
            r.instrument,
            r.work,
            "mention",
        )
        out.append(Citation(dm.group(0), dm.start(), dm.end(), (ref,)))
    return _in_sentence(text, sorted(out, key=lambda c: c.start), mentions, context)


_UNNAMED = ("none", "context", "default")
# Between a unit and the anaphor it is cited in: "paragraph 2 of that Article", «пункте 2 данной статьи».
_LINKED = {"eng": re.compile(r"\s*,?\s+(?:of|in|under)\s+", re.IGNORECASE), "rus": re.compile(r"\s+")}


def _below(unit_eid: str, parent_eid: str) -> bool:
    """Whether the unit ``unit_eid`` starts with sits below the last unit of ``parent_eid``."""
    head, parent = unit_eid.split("__")[0].partition("_")[0], _top(parent_eid)
    return head in _LEVELS and parent in _LEVELS and _LEVELS.index(head) > _LEVELS.index(parent)


def part_named_last(
    text: str, at: int, mentions: list[Mention], cited: list[tuple[int, str | None]]
) -> str | None:
    """The part of a work (parts.yaml) the sentence around ``text[at]`` named last before it, if what it
    named or cited last is one: "The Provisions on the Council of Defence Ministers, in Article 4, ..." is
    Article 4 of that section. ``cited`` holds (end, instrument) of the citations before."""
    start = sentence_start(text, at)
    named = [(m.end, m.instrument) for m in mentions if start <= m.start and m.end <= at]
    last = max(named + [c for c in cited if c[0] > start], default=None, key=lambda x: x[0])
    return last[1] if last is not None and last[1] in parts() else None


def _in_sentence(
    text: str, citations: list[Citation], mentions: list[Mention], context: str | None
) -> list[Citation]:
    """A citation that names no instrument, in a text with no context, is in the instrument its sentence
    named last, by name or by an earlier citation: "Article 4 of the CST was amended; Articles 5 and 6
    ...", "The UN Charter recognises them in Chapter VIII"."""
    if context is not None:
        return citations
    from lexcsto.nlp.references import Citation

    out: list[Citation] = []
    for c in citations:
        if c.first.via == "none" and c.first.work is None:
            start = sentence_start(text, c.start)
            named = [(m.end, m.instrument) for m in mentions if start <= m.start and m.end <= c.start]
            cited = [(p.end, p.first.instrument) for p in out if p.start >= start and p.first.instrument]
            last = max(named + cited, default=None, key=lambda x: x[0])
            if last is not None and last[1] and last[1] not in parts():  # "": outside the registry
                key = last[1]
                work = instruments()[key].uri
                refs = tuple(_rebuilt(r, r.eid, key, work, "mention") for r in c.references)
                c = Citation(c.text, c.start, c.end, refs)
        out.append(c)
    return out
