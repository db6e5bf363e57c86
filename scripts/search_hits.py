"""Dump the hits of the search query table (tests/data/search_queries.yaml) over a corpus folder as JSON
lines, with as-at dates, languages and a work filter, so that two trees can be compared:

    PYTHONPATH=<tree> python scripts/search_hits.py <texts folder> > hits.jsonl

(the index is read from ``$LEXCSTO_CACHE_DIR``). Each line: query, filters, and per hit work, article,
version, language, score and snippet.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from lexcsto.corpus.queries import load_corpus
from lexcsto.corpus.search import search

QUERIES = Path(__file__).resolve().parent.parent / "tests" / "data" / "search_queries.yaml"
DATES = (None, "1995-06-01", "2005-01-01", "2013-01-01", "2022-01-01")


def main() -> None:
    folder = Path(sys.argv[1])
    corpus = load_corpus(folder, index=True)
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    works = [None, corpus.works[0].short if corpus.works else None]
    for query in queries:
        for when in DATES:
            for language in (None, "eng", "rus"):
                for work in works:
                    hits = search(corpus, query, as_at=when, language=language, work=work)
                    out = [[h.work, h.article, h.version, h.language, h.score, h.snippet] for h in hits]
                    line = {"q": query, "d": when, "lang": language, "work": work, "hits": out}
                    print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
