"""References to provisions in legal prose: found, then resolved to AKN URIs and eIds.

Plain regular expressions over the text, built from the pattern tables in ``lexcsto/data/nlp/``
(``refs.yaml`` for the shapes, in :mod:`lexcsto.nlp.citations`; ``instruments.yaml`` for the instrument
names, in :mod:`lexcsto.nlp.instruments`). No spaCy here, so the importer can call :func:`find_references` on
raw text; ``nlp.py`` wraps it as a spaCy component.

>>> [(r.text, r.href) for r in find_references("Article 51 of the UN Charter")]
[('Article 51 of the UN Charter', '/akn/un/act/charter/1945-06-26/un-charter/!main~art_51')]

A bare reference resolves against the context instrument, when one is given:

>>> find_references("Art. 51", context="cst")[0].href
'/akn/aa-csto/act/treaty/1992-05-15/cst/!main~art_51'
>>> find_references("Art. 51")[0].href is None
True

A citation of several targets gives one reference per target. The unit word goes with the first, the
instrument with the last, and the words that join them with neither, so that each one can become an AKN
``<ref>`` of its own:

>>> [(r.text, r.eid) for r in find_references("arts 20 and 25 of the CSTO Charter")]
[('arts 20', 'art_20'), ('25 of the CSTO Charter', 'art_25')]

A range is one reference from its first to its last provision (AKN ``<rref from upTo>``):

>>> r = find_references("Articles 13–18 of the CSTO Charter")[0]
>>> r.eid, r.upto
('art_13', '/akn/aa-csto/act/charter/2002-10-07/charter/!main~art_18')

A doctrinal comparison resolves to the instrument it names, not to the context; an instrument that is not
a work of the corpus keeps its name and no href:

>>> r = find_references("similar to articles 4 and 5 of the North Atlantic Treaty", context="cst")[1]
>>> r.instrument, r.href
('north-atlantic-treaty', '/akn/aa-nato/act/treaty/1949-04-04/north-atlantic-treaty/!main~art_5')
>>> r = find_references("art. 34 of the CIS Charter", context="cst")[0]
>>> r.instrument, r.href
('cis-charter', None)

An instrument the corpus holds as a part of another work (``parts.yaml``: the 2003 Provisions on each CSTO
body are the sections of one work) resolves into that part. With a corpus, a cited number is looked up
among the part's own numbers; a number the part does not have resolves to the part as a whole, and
``cited`` keeps what the citation said. Without a corpus nothing can be checked, so the part it is:

>>> r = find_references("item 5.1.2 of the Provisions on the CDM")[0]
>>> r.href, r.cited
('/akn/aa-csto/act/decision/2003-04-28/provisions-bodies/!main~sec_3', 'item_5.1.2')

A unit without a number is a reference when its instrument is known:

>>> [(r.text, r.eid) for r in find_references("Preamble and article 5 of the CSTO Charter")]
[('Preamble', 'preamble'), ('article 5 of the CSTO Charter', 'art_5')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from lexcsto.corpus.model import Expression, Provision, Work
from lexcsto.corpus.uri import FrbrUri
from lexcsto.corpus.vocabulary import LANGUAGES, language
from lexcsto.errors import NlpError, QueryError
from lexcsto.nlp.citations import Grammar, UnitRule, grammar
from lexcsto.nlp.instruments import (
    Mention,
    Part,
    dated_otherwise,
    find_instruments_lowered,
    instrument_for,
    instruments,
    parts,
)
from lexcsto.nlp.tables import lower_keeping_offsets, phrase_regex

__all__ = ["ANAPHORA_WINDOW", "Citation", "Reference", "ResolvingCorpus", "find_citations", "find_references"]


@dataclass(frozen=True)
class Reference:
    """A reference to one provision (or a range of provisions) found in a text.

    ``instrument`` is the key of the instrument in ``instruments.yaml`` (the work's short name), ``work``
    its URI when the instrument is a work of the corpus, ``href`` the work-level provision URI
    (``<work>/!main~<eid>``: "that provision in the version in force at the citing date"). ``via`` says how
    the instrument was found: ``name`` (named in the citation), ``mention`` (a short word such as "the
    Protocol" taken to mean the last instrument of that kind named before it), ``context`` (given by the
    caller), ``default`` (a short word's usual meaning: "the Treaty" is the CST), or ``none``.
    """

    text: str
    start: int
    end: int
    eid: str
    instrument: str | None
    work: str | None
    href: str | None
    upto: str | None = None
    via: str = "none"
    found: bool | None = None  # None: not checked; else whether the corpus holds the provision
    # For an instrument that is a part of a work (parts.yaml): the provision as the citation numbers it
    # ("item_5.1.2"); ``eid`` is where that is in the corpus, or the part's own eId when it is not there.
    cited: str | None = None

    def href_from(self, work_uri: str) -> str | None:
        """The href as written inside ``work_uri``: internal references are ``#eid`` (docs/data-model.md).

        >>> find_references("Art. 4", context="cst")[0].href_from("/akn/aa-csto/act/treaty/1992-05-15/cst")
        '#art_4'
        """
        return f"#{self.eid}" if self.work == work_uri else self.href


def expand_range(href: str, upto: str | None) -> list[str]:
    """Every provision a range cites, first to last: ``art_3`` to ``art_5`` is art_3, art_4, art_5.

    A range whose ends differ other than in their last number (or run backwards, or absurdly far) keeps
    its two ends, never a guess.

    >>> [h.rpartition("~")[2] for h in expand_range("/w/!main~art_3", "/w/!main~art_5")]
    ['art_3', 'art_4', 'art_5']
    >>> [h.rpartition("~")[2] for h in expand_range("/w/!main~art_2__para_1", "/w/!main~art_2__para_3")]
    ['art_2__para_1', 'art_2__para_2', 'art_2__para_3']
    """
    if upto is None:
        return [href]
    first = re.fullmatch(r"(.*_)(\d+)", href)
    last = re.fullmatch(r"(.*_)(\d+)", upto)
    if first and last and first.group(1) == last.group(1):
        low, high = int(first.group(2)), int(last.group(2))
        if low < high <= low + 200:
            return [f"{first.group(1)}{n}" for n in range(low, high + 1)]
    return [href, upto]


@dataclass(frozen=True)
class Citation:
    """One citation as a reader sees it: one span, one or more provisions cited.

    "Articles 2 and 4 of the Collective Security Treaty" is one citation with two targets; each target is
    a :class:`Reference` (its own part of the span, as an AKN ``<ref>`` needs), a range one reference with
    ``upto`` (AKN ``<rref>``). ``hrefs`` lists every provision cited, ranges expanded.

    >>> c = find_citations("Articles 2 and 4 of the Collective Security Treaty")[0]
    >>> c.text, [h.rpartition("~")[2] for h in c.hrefs]
    ('Articles 2 and 4 of the Collective Security Treaty', ['art_2', 'art_4'])
    >>> c = find_citations("статьи 3–5 Устава ОДКБ", "rus")[0]
    >>> [h.rpartition("~")[2] for h in c.hrefs], c.upto is not None
    (['art_3', 'art_4', 'art_5'], True)
    """

    text: str
    start: int
    end: int
    references: tuple[Reference, ...]

    @property
    def first(self) -> Reference:
        return self.references[0]

    @property
    def href(self) -> str | None:
        return self.first.href

    @property
    def eid(self) -> str:
        return self.first.eid

    @property
    def upto(self) -> str | None:
        return self.first.upto

    @property
    def hrefs(self) -> tuple[str, ...]:
        out: list[str] = []
        for ref in self.references:
            if ref.href is not None:
                out.extend(h for h in expand_range(ref.href, ref.upto) if h not in out)
        return tuple(out)


class ResolvingCorpus(Protocol):
    """What resolution needs from a corpus (``lexcsto.corpus.queries.Corpus`` has it)."""

    def work(self, key: str) -> Work: ...

    def provisions_index(self, expression: Expression) -> dict[str, Provision]: ...


# ----------------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class _Target:
    start: int
    end: int
    eid: str
    upto_eid: str | None = None


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_to_int(s: str) -> int:
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


def _eids(
    unit: UnitRule, number: str, units: Mapping[str, UnitRule], letters: Mapping[str, str] | None = None
) -> list[str]:
    """The eIds one written number stands for: "2(1, 2)" under art -> art_2__para_1, art_2__para_2.

    A point's letter is the one the corpus uses (``letters``, from letters.yaml): the Russian «б» is the
    second point, point_b, as in the English texts.

    >>> para = UnitRule("para", "", True, "point")
    >>> _eids(para, "1 «б»", {}, {"б": "b"}), _eids(para, "2(в)", {}, {"в": "c"})
    (['para_1__point_b'], ['para_2__point_c'])
    """
    letters = letters or {}
    head, _, rest = number.partition("(")
    head = head.strip()
    if re.fullmatch(r"[IVXLC]+", head) and unit.roman:
        num = str(_roman_to_int(head)) if unit.roman == "arabic" else head
        base = f"{unit.prefix}_{num}"
    else:
        m = re.fullmatch(r"(\d+(?:\.\d+)*)(?:\s?«([a-zа-яё])»|([a-zа-яё]?))", head)
        letter = (m.group(2) or m.group(3)) if m else ""
        if m and letter and unit.letter_point:
            base = f"{unit.prefix}_{m.group(1)}__point_{letters.get(letter, letter)}"
        elif m and letter:
            base = f"{unit.prefix}_{m.group(1)}{letter}"  # "статья 3 «б»" is written "статья 3б" too
        else:
            head = head.strip("«»")
            base = f"{unit.prefix}_{letters.get(head, head) if unit.prefix == 'point' else head}"
    eids = [base]
    level = unit
    for group in re.findall(r"\(([^()]*)\)", "(" + rest if rest else ""):
        sub = units.get(level.parens_unit) if level.parens_unit else None
        child_prefix = level.parens_unit or "point"
        parts = [p.strip() for p in group.split(",") if p.strip()]
        if child_prefix == "point":
            parts = [letters.get(p, p) for p in parts]
        eids = [f"{e}__{child_prefix}_{p}" for e in eids for p in parts]
        level = sub or UnitRule(child_prefix, "", False, "point")
    return eids


def _number_spans(nums: str, offset: int, g: Grammar) -> list[tuple[int, int, str, bool]]:
    """(start, end, text, begins a range) for each number of a list such as "13–18, 20 and 25"."""
    out: list[tuple[int, int, str, bool]] = []
    pos = 0
    ranged = False
    while pos < len(nums):
        m = g.number.match(nums, pos)
        if m is None:
            break
        out.append((offset + m.start(), offset + m.end(), m.group(0), ranged))
        pos = m.end()
        j = g.joiner.match(nums, pos)
        if j is None:
            break
        ranged = bool(re.search(r"[–—-]|\b(?:to|through)\b", j.group(0))) and "," not in j.group(0)
        pos = j.end()
    return out


@functools.cache
def _units_by_prefix(lang: str) -> dict[str, UnitRule]:
    return {u.prefix: u for u in grammar(lang).units.values()}


def _unit_of(word: str, g: Grammar) -> UnitRule:
    word = word.lower()
    if word in g.units:
        return g.units[word]
    for pattern, unit in g.units.items():  # "стать*" and other stems
        if pattern.endswith("*") and word.startswith(pattern[:-1]):
            return unit
    return next(iter(g.units.values()))


def _targets(m: re.Match[str], g: Grammar) -> list[_Target]:
    by_prefix = _units_by_prefix(g.lang)
    unit = _unit_of(m.group("unit"), g)
    # parents: "of Article 4", "of Part II" (English) or a genitive "статьи 4" (Russian), innermost first
    parent_eids: list[str] = []
    parents = m.group("parents") or ""
    for pm in g.parent.finditer(parents):
        parent_eids.append(_eids(_unit_of(pm.group("u"), g), pm.group("n"), by_prefix, g.point_letters)[0])
    prefix = "__".join(reversed(parent_eids))
    prefix = prefix + "__" if prefix else ""
    targets: list[_Target] = []
    for start, end, text, ranged in _number_spans(m.group("nums"), m.start("nums"), g):
        eids = _eids(unit, text, by_prefix, g.point_letters)
        if ranged and targets:
            first = targets.pop()
            targets.append(_Target(first.start, end, first.eid, prefix + eids[-1]))
            continue
        if len(eids) == 1:
            targets.append(_Target(start, end, prefix + eids[0]))
        else:  # "2(1, 2)": split at the inner numbers
            inner = list(re.finditer(r"[0-9a-zа-яё]+", text[text.index("(") :]))
            base = start + text.index("(")
            for k, eid in enumerate(eids):
                im = inner[k] if k < len(inner) else inner[-1]
                s = start if k == 0 else base + im.start()
                e = end if k == len(eids) - 1 else base + im.end()
                targets.append(_Target(s, e, prefix + eid))
    return targets


def _split_spans(targets: list[_Target], start: int, end: int) -> list[tuple[int, int]]:
    if len(targets) == 1:
        return [(start, end)]
    spans = [(t.start, t.end) for t in targets]
    spans[0] = (start, spans[0][1])
    spans[-1] = (spans[-1][0], end)
    return spans


@dataclass(frozen=True)
class _Resolved:
    instrument: str | None
    via: str
    start: int  # where the citation starts (before a prefixed instrument, if any)
    end: int  # where it ends (after the instrument phrase, if any)
    named: Mention | None = None  # the mention the instrument was taken from, if any
    prefixed: bool = False  # the instrument is named before the citation ("CRRF Agreement, art. 4")


# How far back a short word ("the Protocol") looks for the instrument it stands for.
ANAPHORA_WINDOW = 400


def _context_key(context: str | None) -> tuple[str | None, str | None]:
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
    if key is None:
        return False
    row = instruments()[key]
    pattern = re.compile(rf"(?<!\w){phrase_regex(word.lower())}(?!\w)")
    return any(pattern.search(n.lower()) for lang in LANGUAGES for n in row.names[lang])


def _generic_key(word: str, g: Grammar) -> tuple[str, str | None]:
    for pattern, key in g.generic.items():
        if re.fullmatch(phrase_regex(pattern), word):
            return pattern, key
    return word, None


def _by_word(
    word: str, at: int, start: int, end: int, g: Grammar, mentions: list[Mention], context: str | None
) -> _Resolved:
    """A short word ("the Protocol"): the last instrument of that kind named shortly before, else the
    context instrument if it is of that kind, else the word's usual meaning, else unknown."""
    pattern, default = _generic_key(word, g)
    earlier = [
        mm
        for mm in mentions
        if at - ANAPHORA_WINDOW <= mm.start and mm.end <= at and _names_contain(mm.instrument, pattern)
    ]
    if earlier:
        return _Resolved(earlier[-1].instrument, "mention", start, end, earlier[-1])
    if _names_contain(context, pattern):
        return _Resolved(context, "context", start, end)
    if default is not None:
        return _Resolved(default, "default", start, end)
    return _Resolved(None, "none", -1, -1)  # unknown: the short word stays outside the reference


def _resolve(
    start: int, end: int, text: str, g: Grammar, mentions: list[Mention], context: str | None
) -> _Resolved:
    """The instrument of the citation at ``text[start:end]``: named after it, named before it, a short word
    before it, else the context."""
    s = g.suffix.match(text, end)
    if s is not None:
        after = s.end()
        named = next((mm for mm in mentions if mm.start == after), None)
        if named is not None and s.group("self") is None:
            return _Resolved(named.instrument, "name", start, named.end, named)
        gm = g.generic_re.match(text, after)
        if gm is not None:
            if s.group("self") is not None:
                _, default = _generic_key(gm.group("gen"), g)
                via = "context" if context else ("default" if default else "none")
                return _Resolved(context or default, via, start, gm.end())
            if g.unknown_name.match(text, gm.end()):
                # "art. 2 of the Protocol on the procedures ...": an instrument the table does not know
                return _Resolved(None, "name", start, end)
            found = _by_word(gm.group("gen"), after, start, gm.end(), g, mentions, context)
            return found if found.start >= 0 else _Resolved(None, "none", start, end)
    # an instrument right before: "CRRF Agreement, art. 4", "Charter art. 27"
    previous = [mm for mm in mentions if mm.end <= start]
    if previous and g.prefix_tail.fullmatch(text, previous[-1].end, start):
        named = previous[-1]
        return _Resolved(named.instrument, "name", named.start, end, named, prefixed=True)
    # a short word right before: "(Protocol, para. 1b)"
    before = text[max(0, start - 80) : start]
    gm = re.search(rf"(?<!\w)({g.generic_re.pattern})(?:\s*\([^()\n]{{0,60}}\))?\s*,\s*$", before)
    if gm is not None:
        at = start - len(before) + gm.start(1)
        found = _by_word(gm.group("gen"), at, at, end, g, mentions, context)
        return found if found.start >= 0 else _Resolved(None, "none", start, end)
    if context is not None:
        return _Resolved(context, "context", start, end)
    return _Resolved(None, "none", start, end)


@dataclass(frozen=True)
class _Hit:
    """A citation found in the text, before resolution: its span and the provisions it names."""

    start: int
    end: int
    targets: list[_Target]
    numberless: bool = False


def _hits(text: str, lowered: str, g: Grammar) -> list[_Hit]:
    hits: list[_Hit] = []
    for probe in g.unit_probe.finditer(lowered):
        if hits and probe.start() < hits[-1].end:
            continue
        m = g.citation.match(text, probe.start())
        if m is not None:
            hits.append(_Hit(m.start(), m.end(), _targets(m, g)))
    if not any(stem in lowered for stem in g.numberless_stems):
        return hits
    for m in g.numberless.finditer(text):
        if not any(h.start <= m.start() < h.end for h in hits):
            eid = _numberless_eid(m.group(0), g)
            hits.append(_Hit(m.start(), m.end(), [_Target(m.start(), m.end(), eid)], numberless=True))
    return sorted(hits, key=lambda h: h.start)


def _numberless_eid(word: str, g: Grammar) -> str:
    word = word.lower()
    for pattern, eid in g.numberless_units.items():
        if word == pattern or (pattern.endswith("*") and word.startswith(pattern[:-1])):
            return eid
    return word


def _resolve_all(
    hits: list[_Hit], text: str, g: Grammar, mentions: list[Mention], context: str | None
) -> list[_Resolved]:
    """Resolve each citation, then let the ones that name no instrument take it from their neighbours:
    "Agreement X, preamble, article 3" (article 3 continues a list under X) and "Preamble and article 5 of
    the CSTO Charter" (a numberless unit listed with a citation shares its instrument)."""
    out: list[_Resolved] = []
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
            and out[i].via in unnamed
            and out[i].end == hit.end
            and nxt.via not in unnamed
            and listed
        ):
            out[i] = replace(nxt, start=hit.start, end=hit.end, prefixed=False)
    return out


def find_references(
    text: str,
    lang: str = "eng",
    context: str | None = None,
    corpus: ResolvingCorpus | None = None,
) -> list[Reference]:
    """Every provision reference in ``text``, in order, resolved where the target is known.

    ``context`` is the instrument the text belongs to (a key of ``instruments.yaml`` such as ``"cst"``,
    or a work URI): bare references ("Art. 51") and "this Treaty" resolve to it. ``corpus`` (optional)
    supplies the work URIs of the corpus and marks each reference ``found`` or not; without it the URIs
    come from the instrument table. The function is pure: same arguments, same result, nothing written.

    >>> [(r.text, r.eid) for r in find_references("art. 2(3) of the CRRF Agreement")]
    [('art. 2(3) of the CRRF Agreement', 'art_2__para_3')]
    >>> [(r.text, r.eid, r.instrument) for r in find_references("статья 51 Устава ООН", "rus")]
    [('статья 51 Устава ООН', 'art_51', 'un-charter')]
    """
    return [ref for citation in find_citations(text, lang, context, corpus) for ref in citation.references]


def find_citations(
    text: str,
    lang: str = "eng",
    context: str | None = None,
    corpus: ResolvingCorpus | None = None,
) -> list[Citation]:
    """Every citation in ``text``, in order: one per span a reader sees, each with its references
    (:func:`find_references` gives the references alone)."""
    g = grammar(language(lang))
    ctx_key, ctx_uri = _context_key(context)
    lowered = lower_keeping_offsets(text)
    mentions = find_instruments_lowered(text, lowered, g.lang)
    hits = _hits(text, lowered, g)
    out: list[Citation] = []
    uris: dict[str, str | None] = {}  # instrument -> its URI in the corpus, looked up once per text
    for hit, res in zip(hits, _resolve_all(hits, text, g, mentions, ctx_key), strict=True):
        if hit.numberless and res.via == "none":
            continue  # "its preamble": without an instrument, not a reference
        key = res.instrument
        part = parts().get(key) if key is not None else None
        named = res.named
        if (
            part is not None
            and named is not None
            and dated_otherwise(text, named.start, named.end, part.year)
        ):
            key, part = None, None  # another instrument of the same name (the 1992 Regulations)
        work = instruments()[key].uri if key is not None else None
        via = res.via
        if key is None and via == "none" and ctx_uri and ctx_key is None:
            work, via = ctx_uri, "context"  # a context work outside the table
        if part is not None:
            work = part.work
        if corpus is not None and key is not None:
            lookup = key if part is None else part.work
            if lookup not in uris:
                uris[lookup] = _corpus_uri(corpus, lookup, work)
            work = uris[lookup]
        targets = hit.targets
        group: list[Reference] = []
        for t, (s, e) in zip(targets, _split_spans(targets, res.start, res.end), strict=True):
            eid, upto_eid, cited = t.eid, t.upto_eid, None
            if part is not None:
                eid, upto_eid, cited = _in_part(part, t, corpus), None, t.eid
                if t.upto_eid is not None:
                    upto_eid = _in_part(part, _Target(t.start, t.end, t.upto_eid), corpus)
                    if eid == part.eid or upto_eid == part.eid:
                        eid, upto_eid = part.eid, None  # a range only partly in the part: the part
            href = str(FrbrUri.parse(work).with_eid(eid)) if work else None
            upto = str(FrbrUri.parse(work).with_eid(upto_eid)) if work and upto_eid else None
            found = _found(corpus, work, eid) if corpus is not None else None
            group.append(Reference(text[s:e], s, e, eid, key, work, href, upto, via, found, cited))
        if group:
            start, end = group[0].start, group[-1].end
            out.append(Citation(text[start:end], start, end, tuple(group)))
    from lexcsto.nlp.anaphora import resolve_anaphora  # it builds on Citation: imported once it exists

    return resolve_anaphora(text, g.lang, out, mentions)


def _num_key(num: str) -> str:
    """A <num> as the citations write it: "5.1.2." -> "5.1.2", "Article 4" -> "4", "(a)" -> "a"."""
    words = num.split()
    return words[-1].strip("().:").lower() if words else ""


def _in_part(part: Part, target: _Target, corpus: ResolvingCorpus | None) -> str:
    """The eId of a cited provision inside a part, found by its numbers among the part's own <num>s; the
    part's eId when the corpus is not given, the part's numbers are not the cited ones, or the part has no
    such provision or more than one (never a guess)."""
    if corpus is None or not part.pinpoint:
        return part.eid
    try:
        work = corpus.work(part.work)
    except QueryError:  # the corpus does not hold that work; any other failure is a bug and propagates
        return part.eid
    found: set[str] = set()
    for expression in work.expressions:
        scope = corpus.provisions_index(expression).get(part.eid)
        for step in target.eid.split("__"):
            if scope is None:
                break
            unit, _, number = step.partition("_")
            below = [p for p in scope.walk() if p is not scope]
            if number:
                matches = [p for p in below if _num_key(p.num) == number.lower()]
            else:  # a numberless unit ("preamble") is named after itself
                matches = [p for p in below if p.eid.rpartition("__")[2] == unit]
            scope = matches[0] if len(matches) == 1 else None
        if scope is not None:
            found.add(scope.eid)
    return found.pop() if len(found) == 1 else part.eid


def _corpus_uri(corpus: ResolvingCorpus, key: str, fallback: str | None) -> str | None:
    for candidate in (key, fallback):
        if candidate:
            try:
                return corpus.work(candidate).uri
            except QueryError:  # the corpus does not hold that work; any other failure is a bug and propagates
                continue
    return fallback


def _found(corpus: ResolvingCorpus, work_uri: str | None, eid: str) -> bool:
    """Whether the corpus holds the provision ``eid`` of the work, in any expression."""
    if work_uri is None:
        return False
    try:
        work = corpus.work(work_uri)
    except QueryError:  # the corpus does not hold that work; any other failure is a bug and propagates
        return False
    return any(eid in corpus.provisions_index(e) for e in work.expressions)
