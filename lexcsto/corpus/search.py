"""Full-text search over the index (SQLite FTS5): words, "phrases" and prefix* queries, ranked, as at a date.

Each article of each expression (or other top-level unit: the preamble, a chapter's own heading) is a
document, its provisions' texts one after the other: the unit a hit names, with its version; the tokenizer (``unicode61 remove_diacritics 2``) folds case and
Latin diacritics, and :func:`~lexcsto.corpus.index.fold` folds ё to е on both sides, so that "ещё" finds
"еще" and "Cafe" finds "Café". As at a date, only the expression in force that day is searched (the latest
version dated on or before it, of a work signed by then); without a date, the latest version of each work.
Hits are ranked by BM25; a work kept only so that references resolve (``external``, like the UN Charter)
counts half, since this is an edition of the works it is not. Several translations of one version find
the same article: the best-ranked of them is the hit. A hit's snippet marks the query's matches as FTS5's
``highlight()`` would, found in Python in the few texts shown (:func:`_hit_spans`), not by a second query.

>>> import lexcsto
>>> hits = search(lexcsto.load(), '"armed attack"', as_at=date(2013, 1, 1))
>>> hits[0].work_short, hits[0].article, hits[0].version
('cst', 'art_4', '2012-12-19')
>>> [h.work_short for h in search(lexcsto.load(), '"armed attack"', as_at=date(2011, 6, 1))]
['crrf-agreement', 'un-charter', 'provisions-bodies']
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lexcsto.corpus import rankings
from lexcsto.corpus.arguments import as_corpus_language, as_date
from lexcsto.corpus.index import PASSAGE_BITS, Index, fold
from lexcsto.corpus.queries import Corpus
from lexcsto.errors import QueryError

START, END = "\x02", "\x03"  # what FTS5's highlight() puts around a match; never in a treaty text
SNIPPET_WORDS = 24
EXTERNAL_WEIGHT = 0.5
# A word in a provision's number or heading says more about it than the same word in its text.
BODY_WEIGHT, HEADING_WEIGHT = 1.0, 2.0
# As at a date, a work the sources show in force that day counts fully, one whose entry into force no
# source records counts half (the edition cannot say its text was law that day), and one the sources show
# not in force (not yet, or no longer: Work.in_force_on is False) is not searched. Without a date: all.
UNKNOWN_FORCE_WEIGHT = 0.5
FORCE = (
    "CASE WHEN :d IS NULL THEN 1.0 "
    "WHEN e.ended IS NOT NULL AND :d >= e.ended THEN 0.0 "
    f"WHEN e.in_force IS NULL THEN {UNKNOWN_FORCE_WEIGHT} "
    "WHEN :d >= e.in_force AND NOT (e.ended IS NULL AND e.ended_status) THEN 1.0 ELSE 0.0 END"
)
_TERM = re.compile(r'"[^"]*"\*?|\S+')
_OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class Hit:
    """One article (or other top-level unit) that matches, in the expression in force (or the latest one)."""

    work: str  # work URI
    work_short: str
    eid: str  # the article's eId (the same as ``article``: a hit is a whole article)
    article: str
    label: str  # the article's number and heading, e.g. "Article 4"
    expression: str  # expression key
    version: str  # the version date, YYYY-MM-DD
    language: str
    num: str  # the article's own number and heading, when it has a row of its own ("" when not)
    heading: str
    snippet: str  # a window of the text around the first match, matches marked [[...]]
    score: float  # BM25 as SQLite gives it (lower is better), after the external weight

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def fts_query(query: str) -> str:
    """The user's query as an FTS5 query: each word quoted (so that hyphens and dots are no syntax),
    "phrases" kept, a trailing * kept as a prefix query, AND/OR/NOT kept as operators.

    >>> fts_query('self-defence "armed attack" aggress* OR Ещё')
    '"self-defence" "armed attack" "aggress"* OR "Еще"'
    """
    parts: list[str] = []
    for term in _TERM.findall(fold(query)):
        if term in _OPERATORS:
            parts.append(term)
            continue
        prefix = term.endswith("*")
        bare = term.rstrip("*").strip('"').replace('"', "")
        if bare:
            parts.append(f'"{bare}"' + ("*" if prefix else ""))
    if not parts or all(p in _OPERATORS for p in parts):
        raise QueryError(
            None, None, f"nothing to search for in {query!r}", expected='words, "a phrase" or a prefix*'
        )
    return " ".join(parts)


def search(
    corpus: Corpus,
    query: str,
    as_at: date | str | None = None,
    language: str | None = None,
    work: str | None = None,
    limit: int = 20,
) -> tuple[Hit, ...]:
    """The provisions whose text matches ``query``, best first (see the module's docstring)."""
    as_at = as_date(as_at, "as_at") if as_at is not None else None
    language = as_corpus_language(language) if language is not None else None
    index = corpus.index
    if index is None and corpus.path:  # a corpus read into memory: its folder's index answers
        index = Index.open(Path(corpus.path))
    if index is None:
        raise QueryError(None, None, "this corpus was read without an index", expected="lexcsto.load(folder)")
    work_uri = corpus.work(work).uri if work else None
    when = as_at.isoformat() if as_at else None
    match = fts_query(query)
    try:
        if work_uri is None and _KEEP_RANKINGS:
            ranked = _ranked_walk(index, match, language, when, limit * 4)
        else:
            ranked = _ranked_sql(index, match, language, work_uri, when, limit * 4)
    except sqlite3.OperationalError as err:  # FTS5 refuses the query itself
        raise QueryError(
            None, None, f"cannot search for {query!r}: {err}", expected='words, "a phrase" or a prefix*'
        ) from None
    shown = _passages(index, [int(str(r[0])) for r in ranked])
    phrases = _phrases(match)
    best: dict[tuple[str, str, str], tuple[object, ...]] = {}
    for row in ranked:  # best first: the first row of an article is the best of its translations
        best.setdefault((str(row[1]), shown[int(str(row[0]))][0], str(row[5])), row)
    hits = []
    for r in list(best.values())[:limit]:
        article, label, num, heading, text = shown[int(str(r[0]))]
        hits.append(
            Hit(
                work=str(r[1]),
                work_short=str(r[2]),
                eid=article,
                article=article,
                label=label,
                expression=str(r[3]),
                version=str(r[4]),
                language=str(r[5]),
                num=num,
                heading=heading,
                snippet=_snippet(_hit_spans(index, int(str(r[0])), text, match, phrases), text),
                score=float(str(r[6])),
            )
        )
    return tuple(hits)


SCORING = f"bm25(passages_fts, {BODY_WEIGHT}, {HEADING_WEIGHT})"
# Whether a search without a work filter walks the kept ranking of its MATCH (lexcsto.corpus.rankings)
# rather than ranking every match with the filter in SQL: the same hits (tests/test_search_rankings.py).
_KEEP_RANKINGS = True
_WALK_CHUNK = 256
Row = tuple[int, str, str, str, str, str, float]
# Per index file: its generation and the facts of each expression read so far (the walk's filter).
_FACTS: dict[str, tuple[str, dict[int, tuple[object, ...]]]] = {}


def _ranked_sql(
    index: Index, match: str, language: str | None, work_uri: str | None, when: str | None, n: int
) -> list[Row]:
    """The best ``n`` passages in force, scored as at ``when``, in one SQL query (every match scored and
    joined to its expression): the reference the walk (:func:`_ranked_walk`) is tested against, and the
    query with a work filter."""
    sql = (
        "SELECT * FROM (SELECT passages_fts.rowid, e.work, e.short, e.key, e.date, e.language, "
        f"{SCORING} "
        f"* (CASE WHEN e.external THEN {EXTERNAL_WEIGHT} ELSE 1.0 END) * ({FORCE}) AS score "
        f"FROM passages_fts JOIN expressions e ON e.id = passages_fts.rowid >> {PASSAGE_BITS} "
        "WHERE passages_fts MATCH :q AND (:lang IS NULL OR e.language = :lang) "
        "AND (:work IS NULL OR e.work = :work) AND ("
        "(:d IS NULL AND e.valid_to IS NULL) OR "
        "(e.date <= :d AND (e.valid_to IS NULL OR e.valid_to > :d) AND e.signed <= :d))) "
        "WHERE score < 0 ORDER BY score LIMIT :n"  # bm25 is negative; 0 is a work not in force that day
    )
    params = {"q": match, "lang": language, "work": work_uri, "d": when, "n": n}
    return [
        (int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), float(r[6]))
        for r in index.db.execute(sql, params)
    ]


def _ranked_walk(index: Index, match: str, language: str | None, when: str | None, n: int) -> list[Row]:
    """What :func:`_ranked_sql` returns (without a work filter), from the kept ranking of ``match``: its
    matches walked best BM25 first, each scored as at ``when`` from its expression's facts, until the
    ``n``-th best kept is better than the next match's BM25 (a filter's factor is at most 1, so nothing
    after it scores better); ties by rowid, as SQLite's sorter orders the scan. In one read transaction of
    the index, so that the ranking and the facts are of one state."""
    own = not index.db.in_transaction
    if own:
        index.db.execute("BEGIN")
    try:
        size = rankings.PREFIX
        while True:
            ranking = rankings.ranking(index, match, SCORING, size)
            if ranking is None:  # asked for the first time, or no ranking can be kept
                return _ranked_sql(index, match, language, None, when, n)
            got = _walk(index, ranking, rankings.generation(index), language, when, n)
            if got is not None:
                return got
            size *= 8  # the prefix ran out before the n-th hit was sure: a longer one
    finally:
        if own:
            index.db.execute("COMMIT")


def _walk(
    index: Index, ranking: rankings.Ranking, gen: str | None, language: str | None, when: str | None, n: int
) -> list[Row] | None:
    """The best ``n`` of a kept ranking as at ``when`` in ``language`` (see :func:`_ranked_walk`); None
    when the prefix kept runs out before the ``n``-th is sure."""
    key = str(index.path)
    if gen is None or _FACTS.get(key, ("",))[0] != gen:
        _FACTS[key] = (gen or "", {})
    facts = _FACTS[key][1]
    rowids, scores = ranking.rowids, ranking.scores
    kept: list[tuple[float, int, tuple[object, ...]]] = []
    total = len(rowids)
    at = 0
    while at < total:
        end = min(total, at + _WALK_CHUNK)
        wanted = {r >> PASSAGE_BITS for r in rowids[at:end]} - facts.keys()
        if wanted:
            _read_facts(index, wanted, facts)
        for i in range(at, end):
            e = facts.get(rowids[i] >> PASSAGE_BITS)
            if e is None:  # a passage without its expression: not in the index's state walked
                continue
            score = _scored(scores[i], e, language, when)
            if score < 0:
                kept.append((score, rowids[i], e))
        at = end
        if len(kept) >= n:
            kept.sort(key=lambda k: (k[0], k[1]))
            del kept[n:]
            if at < total and kept[-1][0] < scores[at]:  # every match after scores at least its BM25
                break
    else:
        kept.sort(key=lambda k: (k[0], k[1]))
        # Every kept match walked: sure when they are all the matches, or when the n-th is better than the
        # last one kept (what is not kept scores at least as high as that).
        if not ranking.complete and not (len(kept) >= n and kept[n - 1][0] < scores[-1]):
            return None
    return [(r, str(e[0]), str(e[1]), str(e[2]), str(e[3]), str(e[4]), s) for s, r, e in kept[:n]]


def _read_facts(index: Index, ids: set[int], facts: dict[int, tuple[object, ...]]) -> None:
    marks = ", ".join("?" * len(ids))
    for row in index.db.execute(
        "SELECT id, work, short, key, date, language, valid_to, signed, external, in_force, ended, "
        f"ended_status FROM expressions WHERE id IN ({marks})",
        sorted(ids),
    ):
        facts[int(row[0])] = tuple(row[1:])


def _scored(bm25: float, e: tuple[object, ...], language: str | None, when: str | None) -> float:
    """A match's score as :func:`_ranked_sql` computes it (0.0 when its expression is filtered out):
    the same factors, multiplied in the same order."""
    _work, _short, _key, day, lang, valid_to, signed, external, in_force, ended, ended_status = e
    if language is not None and lang != language:
        return 0.0
    if when is None:
        if valid_to is not None:
            return 0.0
        force = 1.0
    else:
        if not (
            str(day) <= when
            and (valid_to is None or str(valid_to) > when)
            and signed is not None
            and str(signed) <= when
        ):
            return 0.0
        if ended is not None and when >= str(ended):
            force = 0.0
        elif in_force is None:
            force = UNKNOWN_FORCE_WEIGHT
        elif when >= str(in_force) and not (ended is None and ended_status):
            force = 1.0
        else:
            force = 0.0
    return bm25 * (EXTERNAL_WEIGHT if external else 1.0) * force


def _passages(index: Index, ids: list[int]) -> dict[int, tuple[str, str, str, str, str]]:
    """The article, label, number, heading and text of each passage ranked (read for these rows only)."""
    marks = ", ".join("?" * len(ids))
    rows = index.db.execute(
        f"SELECT id, article, label, num, heading, text FROM passages WHERE id IN ({marks})", ids
    )
    return {int(r[0]): (str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5])) for r in rows}


# A token as the tokenizer (unicode61) takes it: a run of letters, digits and private-use characters.
_TOKEN = r"(?:[^\W_]|[\ue000-\uf8ff])"
_GAP = rf"(?:(?!{_TOKEN})[\s\S])+"


def _fold_token(text: str) -> str:
    """A text as unicode61 ``remove_diacritics 2`` folds its tokens: lower case, Latin letters without
    their diacritics (Cyrillic ones kept: й stays й), one character for one so that offsets hold."""
    text = fold(text)
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer (İ): keep it as it is
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.translate(_LATIN_BASE)


def _latin_bases() -> dict[int, str]:
    import unicodedata

    table: dict[int, str] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if len(base) == 1 and base != chr(code):
            table[code] = base.lower()
    return table


_LATIN_BASE = _latin_bases()


def _phrases(match: str) -> list[re.Pattern[str]]:
    """The phrases of an FTS5 query as :func:`fts_query` writes it, each as a pattern over a folded text
    that finds every instance (overlapping ones too): its tokens one after the other, separated by
    anything that is not a token; a trailing * makes the last token a prefix."""
    out: list[re.Pattern[str]] = []
    for quoted, star in re.findall(r'"([^"]*)"(\*?)', match):
        tokens = re.findall(f"{_TOKEN}+", _fold_token(quoted))
        if not tokens:
            continue
        body = _GAP.join(re.escape(t) for t in tokens)
        tail = f"{_TOKEN}*" if star else f"(?!{_TOKEN})"
        out.append(re.compile(f"(?<!{_TOKEN})(?=({body}{tail}))"))
    return out


# Whether the Python tokens (_TOKEN, _fold_token) agree with unicode61's for a character: told by SQLite
# itself the first time a hit's text holds it (ASCII and the Latin, Cyrillic letters of the texts all agree;
# combining marks, µ, ſ, a few Latin letters with a decomposition SQLite does not fold, do not).
_AGREES: dict[str, bool] = {}


def _agree(chars: set[str]) -> bool:
    """Whether Python marks a text made of these characters as FTS5 does (see :data:`_AGREES`)."""
    unknown = [c for c in chars if c not in _AGREES]
    if unknown:
        db = sqlite3.connect(":memory:")  # its own: a connection kept at module level would cross forks
        try:
            db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
            db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
            for ch in unknown:
                db.execute("DELETE FROM t")
                text = f"a{ch}b {ch}"
                db.execute("INSERT INTO t VALUES (?)", (fold(text),))  # as passages_folded holds it
                terms = [str(r[0]) for r in db.execute("SELECT term FROM v ORDER BY offset")]
                _AGREES[ch] = terms == re.findall(f"{_TOKEN}+", _fold_token(text))
        finally:
            db.close()
    return all(_AGREES[c] for c in chars)


def _hit_spans(
    index: Index, passage: int, text: str, match: str, phrases: list[re.Pattern[str]]
) -> list[tuple[int, int]]:
    """The spans to mark in a hit's text: found in Python (:func:`_spans`) when every character of the
    text tokenises in Python as in unicode61 (:func:`_agree`), else by FTS5 for this hit (:func:`_marked`)."""
    if text.isascii() or _agree(set(text)):
        return _spans(text, phrases)
    return _marked_spans(_marked(index, passage, match)[0])


def _spans(text: str, phrases: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    """Where FTS5's highlight() would mark the phrases in a (folded) text: every instance, overlapping
    instances merged into one span (adjacent ones are not), in order."""
    folded = _fold_token(text)
    found = sorted((m.start(1), m.end(1)) for p in phrases for m in p.finditer(folded))
    spans: list[tuple[int, int]] = []
    for s, e in found:
        if spans and s < spans[-1][1]:
            if e > spans[-1][1]:
                spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def _marked(index: Index, passage: int, query: str) -> tuple[str, str]:
    """A hit's text as FTS5 marks the matches in its folded copy, and the text itself (the reference the
    Python marking, :func:`_spans`, is tested against: one FTS5 MATCH per hit)."""
    row = index.db.execute(
        "SELECT highlight(passages_fts, 0, ?, ?), p.text FROM passages_fts JOIN passages p "
        "ON p.id = passages_fts.rowid WHERE passages_fts MATCH ? AND passages_fts.rowid = ?",
        (START, END, query, passage),
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else ("", "")


def _marked_spans(marked: str) -> list[tuple[int, int]]:
    """The spans FTS5's highlight() marked in a text (offsets in the text without the marks)."""
    spans: list[tuple[int, int]] = []
    plain_at = 0
    start = 0
    for ch in marked:
        if ch == START:
            start = plain_at
        elif ch == END:
            spans.append((start, plain_at))
        else:
            plain_at += 1
    return spans


def _snippet(spans: list[tuple[int, int]], text: str) -> str:
    """The text around the first match, matches marked ``[[...]]`` (``spans``: offsets in the text; the
    matches are found in a folded copy, and folding keeps every character's place)."""
    if not spans:  # the match was in the number or heading
        return " ".join(text.split()[:SNIPPET_WORDS])
    first = spans[0][0]
    begin = max(0, text.rfind(" ", 0, max(0, first - 80)) + 1)
    words_end = begin
    for _ in range(SNIPPET_WORDS):
        nxt = text.find(" ", words_end + 1)
        if nxt == -1:
            words_end = len(text)
            break
        words_end = nxt
    out: list[str] = ["…" if begin else ""]
    at = begin
    for s, e in spans:
        if s < begin or e > words_end:
            continue
        out += [text[at:s], "[[", text[s:e], "]]"]
        at = e
    out.append(text[at:words_end])
    out.append("…" if words_end < len(text) else "")
    return "".join(out).strip()
