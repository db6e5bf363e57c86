"""A provision named the way a person names it: ``cst/art_4``, ``cst/4``, ``"CST art. 4"``,
``"Article 4 of the Collective Security Treaty"``, ``"ст. 4 ДКБ"``, ``"art 4(2) cst"``.

Citations go through the same grammar the reference finder reads prose with
(:mod:`lexcsto.nlp.citations`, :func:`lexcsto.nlp.references.find_references`), so an address is
whatever the corpus itself would recognise as a citation. An address that names nothing raises a
:class:`~lexcsto.errors.QueryError` naming the nearest provisions (rapidfuzz), never a guess.

>>> import lexcsto
>>> corpus = lexcsto.load()
>>> [str(resolve_address(corpus, a)) for a in ("cst/art_4", "cst/4", "CST art. 4", "ст. 4 ДКБ")]
['cst/art_4', 'cst/art_4', 'cst/art_4', 'cst/art_4']
>>> str(resolve_address(corpus, "Article 4(2) of the Collective Security Treaty"))
'cst/art_4__para_2'
>>> str(resolve_address(corpus, "art 4(2) cst"))
'cst/art_4__para_2'
>>> str(resolve_address(corpus, "charter", work_only=True))
'charter'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lexcsto.errors import QueryError

if TYPE_CHECKING:
    from lexcsto.corpus.model import Work
    from lexcsto.corpus.queries import Corpus

# The citation grammar (lexcsto.nlp.references), the instrument tables and rapidfuzz are imported where an
# address needs them: ``WORK/EID`` (the common address, ``lexcsto show cst/art_4``) needs none of them, and
# they are a tenth of what a warm ``show`` would cost to start (issue 13).

__all__ = ["Address", "resolve_address", "resolve_work"]

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_SQUASHED = re.compile(r"(?P<unit>[a-z]+)_?(?P<num>\d[\w.]*)")  # art4, art_4, ART_4
_EXAMPLES = "e.g. cst/art_4, cst/4, 'CST art. 4', 'Article 4 of the Collective Security Treaty'"


@dataclass(frozen=True)
class Address:
    """A work of the corpus and, unless the address named the whole work, one of its provisions."""

    work: Work
    eid: str | None

    def __str__(self) -> str:
        return f"{self.work.short}/{self.eid}" if self.eid else self.work.short


def resolve_work(corpus: Corpus, text: str) -> Work | None:
    """The work a short name (any case), work URI, title or instrument name stands for, or None.

    >>> import lexcsto
    >>> resolve_work(lexcsto.load(), "CST").short, resolve_work(lexcsto.load(), "Collective Security Treaty").short
    ('cst', 'cst')
    """
    key = text.strip().strip("/")
    if not key:
        return None
    found = _work_named(corpus, [text.strip(), key, key.lower(), "/" + key])
    if found is not None:
        return found
    # Only now the instrument names: their tables compile a few hundred patterns on first use, which a
    # short name or URI (the common address, ``cst/art_4``) never needs.
    from lexcsto.nlp.instruments import instrument_for

    for lang in _languages(key):
        row = instrument_for(key, lang)
        if row is not None:
            found = _work_named(corpus, [row.key, row.uri or ""])
            if found is not None:
                return found
    return corpus.titled(key)  # an index answers without reading every work


def _work_named(corpus: Corpus, candidates: list[str]) -> Work | None:
    for candidate in candidates:
        if candidate:
            try:
                return corpus.work(candidate)
            except QueryError:
                continue
    return None


def resolve_address(corpus: Corpus, text: str, *, work_only: bool = False) -> Address:
    """The provision (or, with ``work_only`` allowed, the work) an address names.

    ``work_only=True`` accepts an address naming a whole work (``diff charter``); otherwise an address
    must reach a provision. Raises :class:`QueryError` naming the nearest matches.
    """
    address = text.strip()
    if "/" in address and not address.startswith("/"):
        # WORK/EID first: a work is never named by a short name, a slash and one of its eIds, and the
        # path needs no instrument tables (an AKN URI, which starts with a slash, is a work's name)
        found = _by_path(corpus, address)
        if found is not None:
            return found
    work = resolve_work(corpus, address)
    if work is not None:
        if work_only:
            return Address(work, None)
        raise QueryError(
            None,
            None,
            f"{address!r} is not WORK/EID: it names the work {work.short}",
            expected=f"a provision such as {_first_provision(corpus, work)}",
        )
    found = _by_path(corpus, address) or _by_citation(corpus, address)
    if found is not None:
        return found
    raise QueryError(None, None, f"{address!r} names no provision of the corpus{_nearest(corpus, address)}",
                     expected=_EXAMPLES)  # fmt: skip


def _languages(text: str) -> tuple[str, ...]:
    return ("rus", "eng") if _CYRILLIC.search(text) else ("eng", "rus")


def _has(corpus: Corpus, work: Work, eid: str) -> bool:
    return any(eid in corpus.provisions_index(e) for e in work.expressions)


def _by_path(corpus: Corpus, address: str) -> Address | None:
    """``WORK/EID``, the work in any spelling, the eId exact or squashed (``art4``) or a bare number."""
    head, sep, tail = address.rstrip("/").rpartition("/")
    if not sep or not head or not tail:
        return None
    work = resolve_work(corpus, head)
    if work is None:
        if _SQUASHED.fullmatch(tail.lower()) or tail.startswith(("art_", "para_", "sec_")):
            # a known-shaped eId under an unknown work: the work is what is wrong
            raise QueryError(None, None, f"no work {head!r} in the corpus{_nearest_work(corpus, head)}",
                             expected="a short name from `lexcsto list`")  # fmt: skip
        return None
    for eid in _eid_spellings(tail, work):
        if _has(corpus, work, eid):
            return Address(work, eid)
    raise QueryError(None, None, f"no provision {tail!r} in {work.short}{_nearest(corpus, address, work)}",
                     expected=f"a provision such as {_first_provision(corpus, work)}")  # fmt: skip


def _eid_spellings(tail: str, work: Work) -> list[str]:
    out = [tail, tail.lower()]
    squashed = _SQUASHED.fullmatch(tail.lower())
    if squashed:
        out.append(f"{squashed['unit']}_{squashed['num']}")
    if re.fullmatch(r"[\dIVXLC]", tail[:1]):  # "4", "4(2)": read as a citation of an article
        from lexcsto.nlp.references import find_references

        for lang in ("eng", "rus"):
            word = "Article" if lang == "eng" else "статья"
            for ref in find_references(f"{word} {tail}", lang, context=work.uri):
                out.append(ref.eid)
    return out


def _by_citation(corpus: Corpus, address: str) -> Address | None:
    """A citation as the NLP reads one; a trailing or leading instrument the grammar leaves outside
    the citation ("art 4(2) cst") is taken as its context."""
    from lexcsto.nlp.references import find_references

    for lang in _languages(address):
        refs = find_references(address, lang, corpus=corpus)
        if len(refs) != 1:
            continue
        ref = refs[0]
        work = resolve_work(corpus, ref.work) if ref.work else None
        if work is None:
            rest = (address[: ref.start] + " " + address[ref.end :]).strip(" ,.")
            work = resolve_work(corpus, rest) if rest else None
            if work is None:
                continue
            contextual = find_references(address[ref.start : ref.end], lang, context=work.uri)
            eid = contextual[0].eid if contextual else ref.eid
        else:
            eid = ref.eid
        if _has(corpus, work, eid):
            return Address(work, eid)
        raise QueryError(None, None, f"{address!r} cites {work.short}/{eid}, which the corpus does not hold"
                         f"{_nearest(corpus, f'{work.short}/{eid}', work)}")  # fmt: skip
    return None


def _first_provision(corpus: Corpus, work: Work) -> str:
    for e in work.expressions:
        for p in corpus.provisions_index(e):
            if p.startswith("art_"):
                return f"{work.short}/{p}"
    return f"{work.short}/art_1"


def _nearest(corpus: Corpus, address: str, work: Work | None = None) -> str:
    """``" (nearest: a, b, c)"``: the closest provision addresses, within ``work`` when it is known."""
    from rapidfuzz import fuzz, process

    works = [work] if work is not None else [w for w in corpus.works if not w.external]
    choices = sorted(
        {f"{w.short}/{eid}" for w in works for e in w.expressions for eid in corpus.provisions_index(e)}
    )
    best = process.extract(address.lower(), choices, scorer=fuzz.WRatio, limit=3, score_cutoff=50)
    return f" (nearest: {', '.join(b[0] for b in best)})" if best else ""


def _nearest_work(corpus: Corpus, name: str) -> str:
    from rapidfuzz import fuzz, process

    best = process.extract(name.lower(), [w.short for w in corpus.works], scorer=fuzz.WRatio, limit=3,
                           score_cutoff=50)  # fmt: skip
    return f" (nearest: {', '.join(b[0] for b in best)})" if best else ""
