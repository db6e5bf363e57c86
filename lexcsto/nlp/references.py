"""References to provisions in legal prose: found, then resolved to AKN URIs and eIds.

Plain regular expressions over the text, built from the pattern tables in ``lexcsto/data/nlp/``
(``refs.yaml`` for the shapes, in :mod:`lexcsto.nlp.citations`; ``instruments.yaml`` for the instrument
names, in :mod:`lexcsto.nlp.instruments`). No spaCy here, so the importer can call :func:`find_references` on
raw text; :mod:`lexcsto.nlp.pipeline` wraps it as a spaCy component.

This module holds what a citation is (:class:`Citation`, :class:`Reference`) and puts one together; the
steps are modules of their own: :mod:`lexcsto.nlp.targets` reads the numbers into eIds,
:mod:`lexcsto.nlp.resolution` decides the instrument, :mod:`lexcsto.nlp.lookup` checks the result against
a corpus, and :mod:`lexcsto.nlp.anaphora` resolves the citations that point back.

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

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from lexcsto.corpus.uri import FrbrUri
from lexcsto.corpus.vocabulary import language
from lexcsto.nlp.citations import grammar
from lexcsto.nlp.instruments import dated_otherwise, find_instruments_lowered, instruments, parts
from lexcsto.nlp.lookup import ResolvingCorpus, corpus_uri, holds_provision, in_part
from lexcsto.nlp.resolution import ANAPHORA_WINDOW, context_key, resolve_all
from lexcsto.nlp.tables import fold_keeping_offsets
from lexcsto.nlp.targets import Target, find_hits, int_to_roman, named_division, roman_to_int, split_spans
from lexcsto.nlp.titles import with_titles

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
    upto_eid: str | None = None  # a range's last eId, kept when no work is known (``upto`` is then None)

    def href_from(self, work_uri: str) -> str | None:
        """The href as written inside ``work_uri``: internal references are ``#eid`` (docs/data-model.md).

        >>> find_references("Art. 4", context="cst")[0].href_from("/akn/aa-csto/act/treaty/1992-05-15/cst")
        '#art_4'
        """
        return f"#{self.eid}" if self.work == work_uri else self.href


# How the last step of an eId is numbered, each with how far a range of it may run before it is taken for a
# mistake: arabic ("Articles 3 to 5"), Roman ("Chapters I to III", «Главами I–III», "Parts II–IV") and lettered
# points ("points (a) to (c)", «подпункты «а»–«в»», letters already Latin: letters.yaml).
_NUMBERINGS: tuple[tuple[re.Pattern[str], Callable[[str], int], Callable[[int], str], int], ...] = (
    (re.compile(r"(.*_)(\d+)"), int, str, 200),
    (re.compile(r"(.*_)([IVXLC]+)"), roman_to_int, int_to_roman, 50),
    (re.compile(r"(.*point_)([a-z])"), ord, chr, 25),
)


def expand_range(href: str, upto: str | None) -> list[str]:
    """Every provision a range cites, first to last: ``art_3`` to ``art_5`` is art_3, art_4, art_5.

    A range whose ends differ other than in their last number (or run backwards, or absurdly far) keeps
    its two ends, never a guess.

    >>> [h.rpartition("~")[2] for h in expand_range("/w/!main~art_3", "/w/!main~art_5")]
    ['art_3', 'art_4', 'art_5']
    >>> [h.rpartition("~")[2] for h in expand_range("/w/!main~art_2__para_1", "/w/!main~art_2__para_3")]
    ['art_2__para_1', 'art_2__para_2', 'art_2__para_3']
    >>> [h.rpartition("~")[2] for h in expand_range("/w/!main~art_3__point_a", "/w/!main~art_3__point_c")]
    ['art_3__point_a', 'art_3__point_b', 'art_3__point_c']
    """
    if upto is None:
        return [href]
    for pattern, number, name, widest in _NUMBERINGS:
        first, last = pattern.fullmatch(href), pattern.fullmatch(upto)
        if first and last and first.group(1) == last.group(1):
            low, high = number(first.group(2)), number(last.group(2))
            if low < high <= low + widest:
                return [f"{first.group(1)}{name(n)}" for n in range(low, high + 1)]
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
    ctx_key, ctx_uri = context_key(context)
    lowered = fold_keeping_offsets(text)
    mentions = with_titles(text, find_instruments_lowered(text, lowered, g.lang), g.lang)
    hits = find_hits(text, lowered, g)
    out: list[Citation] = []
    owned: set[tuple[int, int]] = set()
    uris: dict[str, str | None] = {}  # instrument -> its URI in the corpus, looked up once per text
    for hit, res in zip(hits, resolve_all(hits, text, g, mentions, ctx_key), strict=True):
        if hit.numberless and res.via == "none" and not hit.owned:
            continue  # "the preamble": without an instrument, not a reference
        if hit.owned and res.via != "name" and (not hit.numberless or res.via == "none"):
            owned.add((hit.start, hit.end))  # "its preamble": a reference if its owner is found (anaphora.py)
        if hit.numberless_head and res.via == "none":  # "Preamble and article 5.": the article alone
            rest = hit.targets[1:]
            hit = replace(hit, start=rest[0].start, targets=rest, numberless_head=False)
            res = replace(res, start=hit.start)
        key = res.instrument or None  # "": a title outside the registry (titles.py)
        if key is None and res.via == "none" and context is None and not hit.owned:
            # "The Provisions on the Council of Defence Ministers, in Article 4": the sentence's part, whose own
            # numbers the corpus holds (an instrument as a whole is the sentence's too, anaphora.py)
            from lexcsto.nlp.anaphora import part_named_last

            key = part_named_last(text, hit.start, mentions, [(c.end, c.first.instrument) for c in out])
            if key is not None:
                res = replace(res, instrument=key, via="mention")
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
                uris[lookup] = corpus_uri(corpus, lookup, work)
            work = uris[lookup]
        targets = hit.targets
        group: list[Reference] = []
        for t, (s, e) in zip(targets, split_spans(targets, res.start, res.end), strict=True):
            eid, upto_eid, cited = named_division(key, t.eid) or t.eid, named_division(key, t.upto_eid), None
            if part is not None:
                eid, upto_eid, cited = in_part(part, t, corpus), None, t.eid
                if t.upto_eid is not None:
                    upto_eid = in_part(part, Target(t.start, t.end, t.upto_eid), corpus)
                    if eid == part.eid or upto_eid == part.eid:
                        eid, upto_eid = part.eid, None  # a range only partly in the part: the part
            href = str(FrbrUri.parse(work).with_eid(eid)) if work else None
            upto = str(FrbrUri.parse(work).with_eid(upto_eid)) if work and upto_eid else None
            found = holds_provision(corpus, work, eid) if corpus is not None else None
            group.append(Reference(text[s:e], s, e, eid, key, work, href, upto, via, found, cited, upto_eid))
        if group:
            start, end = group[0].start, group[-1].end
            out.append(Citation(text[start:end], start, end, tuple(group)))
    from lexcsto.nlp.anaphora import resolve_anaphora  # it builds on Citation: imported once it exists

    resolved = resolve_anaphora(text, g.lang, out, mentions, ctx_key or ctx_uri)
    # an owner found ("its preamble", "the fourth paragraph of the same Article") widens the span to it
    return [c for c in resolved if (c.start, c.end) not in owned]
