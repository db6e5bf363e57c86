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
from lexcsto.nlp.instruments import Mention, instruments
from lexcsto.nlp.tables import expand_forms, fold, phrase_regex, read_table

if TYPE_CHECKING:
    from lexcsto.nlp.references import Citation, Reference

__all__ = ["resolve_anaphora"]

# How far back (characters) a pointing word looks for what it points at: the sentence and the one before.
WINDOW = 400
# Units from the top down: a unit below the one cited before nests under it.
_LEVELS = ("chp", "sec", "part", "art", "rule", "para", "item", "point")


def _alt(words: list[str]) -> str:
    # е and ё match each other: «её пункт 2» is written «ее пункт 2» too
    return "|".join(
        re.sub("[её]", "[её]", phrase_regex(w)) for w in sorted(words, key=len, reverse=True)
    )


@functools.cache
def _patterns(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, str]]:
    data = read_table("refs.yaml")
    possessives = (data.get("possessives") or {}).get(lang) or []
    demonstratives = (data.get("demonstratives") or {}).get(lang) or []
    units: dict[str, str] = {}
    for prefix, row in data["units"].items():
        for word in expand_forms(row.get(lang) or [], lang):
            if not word.endswith("."):
                units[fold(word)] = prefix
    possessive = re.compile(rf"(?<!\w)(?i:{_alt(possessives)})\s+$") if possessives else None
    demonstrative = (
        re.compile(rf"(?<!\w)(?i:{_alt(demonstratives)})\s+(?P<unit>(?i:{_alt(list(units))}))(?!\w)(?!\s*\d)")
        if demonstratives and units
        else None
    )
    return possessive, demonstrative, units


def _unit_prefix(word: str, units: dict[str, str]) -> str | None:
    word = fold(word)
    if word in units:
        return units[word]
    return next((p for w, p in units.items() if w.endswith("*") and word.startswith(w[:-1])), None)


def _top(eid: str) -> str:
    return eid.split("__")[-1].partition("_")[0]


def _rebuilt(ref: Reference, eid: str, instrument: str | None, work: str | None, via: str) -> Reference:
    href = str(FrbrUri.parse(work).with_eid(eid)) if work else None
    upto = None
    if ref.upto is not None and work:
        upto_eid = ref.upto.rpartition("~")[2]
        prefix = eid[: len(eid) - len(ref.eid)] if eid.endswith(ref.eid) else ""
        upto = str(FrbrUri.parse(work).with_eid(prefix + upto_eid))
    return replace(ref, eid=eid, instrument=instrument, work=work, href=href, upto=upto, via=via, found=None)


def resolve_anaphora(
    text: str, lang: str, citations: list[Citation], mentions: list[Mention]
) -> list[Citation]:
    """``citations`` with those that point back resolved, and demonstrative citations ("that Article")
    added, in text order."""
    from lexcsto.nlp.references import Citation, Reference

    possessive, demonstrative, units = _patterns(lang)
    out: list[Citation] = []
    for c in citations:
        pm = possessive.search(text, max(0, c.start - 12), c.start) if possessive else None
        if pm is not None and pm.end() == c.start and c.first.via in ("none", "context", "default"):
            before = [p for p in out if c.start - WINDOW <= p.end <= c.start and p.first.work]
            named = [m for m in mentions if c.start - WINDOW <= m.start and m.end <= c.start]
            prev = before[-1] if before else None
            last_named = named[-1] if named else None
            head = _top(c.first.eid)
            refs: list[Reference] = []
            if (
                prev is not None
                and (last_named is None or last_named.end <= prev.end)
                and (
                    head in _LEVELS
                    and _top(prev.references[-1].eid) in _LEVELS
                    and _LEVELS.index(head) > _LEVELS.index(_top(prev.references[-1].eid))
                )
            ):
                parent = prev.references[-1]
                refs = [
                    _rebuilt(r, f"{parent.eid}__{r.eid}", parent.instrument, parent.work, "mention")
                    for r in c.references
                ]
            elif last_named is not None and last_named.instrument is not None:
                key = last_named.instrument
                work = instruments()[key].uri
                refs = [_rebuilt(r, r.eid, key, work, "mention") for r in c.references]
            if refs:
                refs[0] = replace(refs[0], text=text[pm.start() : refs[0].end], start=pm.start())
                c = Citation(text[pm.start() : c.end], pm.start(), c.end, tuple(refs))
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
        ref = _rebuilt(
            Reference(dm.group(0), dm.start(), dm.end(), eid, r.instrument, r.work, None),
            eid,
            r.instrument,
            r.work,
            "mention",
        )
        out.append(Citation(dm.group(0), dm.start(), dm.end(), (ref,)))
    return sorted(out, key=lambda c: c.start)
