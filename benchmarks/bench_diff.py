"""Redlines against raw diff-match-patch word mode on the same tokens, measured in the same run.

Three comparisons (each a row: lexcsto's time, the raw baseline's time, their ratio):

- *Article 4*: ``lexcsto.compare.redline`` of CST Art. 4, 1992 (seed 004) -> 2012 (seed 002): provision alignment,
  word diff, classification against the glossary and attribution, against the raw word-mode pipeline
  (tokenise, one character per token, ``diff_main``, ``diff_charsToLines``, ``diff_cleanupSemantic``) on the
  same two article texts. Target: at most 2x. The unclassified redline is reported too.
- *Every version pair of the corpus*: each ordered pair of expressions of one work in one language, whole
  work, against raw word mode on the same full texts.
- *10,000 words, scattered edits*: a synthetic text of 10,000 words and a copy with one word changed,
  inserted or deleted every ~200 words. Raw character mode and difflib are measured as well, for the record.

    python -m benchmarks.bench_diff            # JSON on stdout
"""

from __future__ import annotations

import difflib
import gc
import itertools
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from diff_match_patch import diff_match_patch

import lexcsto
from benchmarks import row
from lexcsto.compare.classification import load_glossary
from lexcsto.compare.operations import diff_text
from lexcsto.compare.redline import diff_expressions
from lexcsto.compare.tokens import tokenize
from lexcsto.corpus.model import OMITTED_MARK, Expression

SMOKE_ARGS = {"words": 2000, "repeat": 1}
QUICK_ARGS = {"words": 10000, "repeat": 3}

VOCABULARY = [
    "the",
    "states",
    "parties",
    "shall",
    "consult",
    "each",
    "other",
    "on",
    "all",
    "important",
    "questions",
    "of",
    "international",
    "security",
    "affecting",
    "their",
    "interests",
    "and",
    "coordinate",
    "positions",
    "collective",
    "defence",
    "armed",
    "attack",
    "assistance",
    "including",
    "military",
    "means",
    "at",
    "disposal",
    "council",
    "ministers",
    "treaty",
    "article",
    "paragraph",
    "charter",
    "united",
    "nations",
]


def race(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Seconds per call of each function: the best of ``repeat`` rounds, the functions taking turns in
    each round, so that a busy machine slows lexcsto and its baseline alike."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(max(1, repeat)):
        for name, fn in fns.items():
            gc.collect()
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def raw_word_mode(old: str, new: str) -> list[tuple[int, str]]:
    """The baseline: the toolchain probe's word mode, nothing more."""
    table: list[str] = [""]
    index: dict[str, int] = {}

    def encode(text: str) -> str:
        out = []
        for tok in tokenize(text):
            code = index.get(tok)
            if code is None:
                code = index[tok] = len(table)
                table.append(tok)
            out.append(chr(code))
        return "".join(out)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(encode(old), encode(new), False)
    dmp.diff_charsToLines(diffs, table)
    dmp.diff_cleanupSemantic(diffs)
    return diffs  # type: ignore[no-any-return]


def _full_text(e: Expression, eid: str | None = None) -> str:
    roots = (e.find(eid),) if eid else e.provisions
    blocks = [OMITTED_MARK if p.omitted else p.text for r in roots if r for p in r.walk()]
    return "\n\n".join(b for b in blocks if b)


def _article_4(corpus: lexcsto.Corpus, repeat: int) -> list[dict[str, Any]]:
    old = corpus.expression_at("cst", date(1992, 5, 15), source="seed-004")
    new = corpus.expression_at("cst", date(2013, 1, 1), source="seed-002")
    a, b = _full_text(old, "art_4"), _full_text(new, "art_4")
    loops = 20
    t = race(
        {
            "raw": lambda: [raw_word_mode(a, b) for _ in range(loops)],
            "classified": lambda: [diff_expressions(old, new, "art_4", corpus=corpus) for _ in range(loops)],
            "plain": lambda: [
                diff_expressions(old, new, "art_4", corpus=corpus, glossary=None) for _ in range(loops)
            ],
        },
        repeat,
    )
    base, classified, plain = t["raw"], t["classified"], t["plain"]
    per = 1000 / loops
    note = f"{len(a.split()) + len(b.split())} words on both sides; best of {repeat} rounds of {loops} runs"
    return [
        row(
            "CST Art. 4 redline, classified + attributed",
            lexcsto=classified * per,
            baseline=base * per,
            unit="ms",
            target="<= 2",
            note=note,
        ),
        row(
            "CST Art. 4 redline, unclassified",
            lexcsto=plain * per,
            baseline=base * per,
            unit="ms",
            target="<= 2",
            note=note,
        ),
    ]


def _all_pairs(corpus: lexcsto.Corpus, repeat: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    pairs = [
        (a, b)
        for w in corpus.works
        for a, b in itertools.permutations(w.expressions, 2)
        if a.language == b.language
    ]
    texts = [(_full_text(a), _full_text(b)) for a, b in pairs]
    t = race(
        {
            "raw": lambda: [raw_word_mode(x, y) for x, y in texts],
            "ours": lambda: [diff_expressions(a, b, corpus=corpus) for a, b in pairs],
        },
        repeat,
    )
    base, ours = t["raw"], t["ours"]
    words = sum(len(x.split()) + len(y.split()) for x, y in texts)
    each = []
    for (a, b), (x, y) in zip(pairs, texts, strict=True):
        one = race(
            {"raw": partial(raw_word_mode, x, y), "ours": partial(diff_expressions, a, b, corpus=corpus)},
            repeat,
        )
        each.append(
            {
                "from": a.key,
                "to": b.key,
                "words": len(x.split()) + len(y.split()),
                "lexcsto_ms": one["ours"] * 1000,
                "raw_ms": one["raw"] * 1000,
                "ratio": one["ours"] / one["raw"] if one["raw"] else None,
            }
        )
    return (
        row(
            f"every version pair of the corpus ({len(pairs)} pairs, whole works)",
            lexcsto=ours * 1000,
            baseline=base * 1000,
            unit="ms",
            target="<= 2",
            note=f"{words} words compared in all",
        ),
        each,
    )


def _scattered(words: int, seed: int) -> tuple[str, str, int]:
    rng = random.Random(seed)
    toks = [rng.choice(VOCABULARY) for _ in range(words)]
    old = " ".join(toks)
    edits = 0
    for at in range(words - 1, 0, -200):
        pos = at - rng.randrange(150)
        action = rng.choice(("replace", "insert", "delete"))
        if action == "replace":
            toks[pos] = "amended"
        elif action == "insert":
            toks.insert(pos, "newly")
        else:
            del toks[pos]
        edits += 1
    return old, " ".join(toks), edits


def _long_text(words: int, seed: int, repeat: int) -> tuple[list[dict[str, Any]], dict[str, float]]:
    old, new, edits = _scattered(words, seed)
    glossary = load_glossary()
    char_dmp = diff_match_patch()
    char_dmp.Diff_Timeout = 0

    def char_mode() -> None:
        d = char_dmp.diff_main(old, new)
        char_dmp.diff_cleanupSemantic(d)

    t = race(
        {
            "raw": lambda: raw_word_mode(old, new),
            "plain": lambda: diff_text(old, new),
            "classified": lambda: diff_text(old, new, glossary=glossary),
            "char": char_mode,
        },
        repeat,
    )
    base, plain, classified, char = t["raw"], t["plain"], t["classified"], t["char"]
    a, b = old.split(), new.split()
    seq = race({"difflib": lambda: difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()}, 1)[
        "difflib"
    ]
    ops = diff_text(old, new)
    changes = sum(1 for o in ops if o.op != "equal")
    note = f"{words} words, {edits} scattered one-word edits, {changes} change operations"
    rows = [
        row(
            f"{words}-word text, scattered edits, unclassified",
            lexcsto=plain * 1000,
            baseline=base * 1000,
            unit="ms",
            target="<= 2",
            note=note,
        ),
        row(
            f"{words}-word text, scattered edits, classified",
            lexcsto=classified * 1000,
            baseline=base * 1000,
            unit="ms",
            target="<= 2",
            note=note,
        ),
    ]
    return rows, {"raw_char_mode_ms": char * 1000, "difflib_ms": seq * 1000, "raw_word_mode_ms": base * 1000}


def run(words: int = 10000, seed: int = 0, repeat: int = 5) -> dict[str, Any]:
    """Measure; every figure comes from this run on this machine."""
    corpus = lexcsto.load()
    rows = _article_4(corpus, repeat)
    pairs_row, each_pair = _all_pairs(corpus, repeat)
    rows.append(pairs_row)
    long_rows, reference = _long_text(words, seed, repeat)
    rows += long_rows
    return {
        "benchmark": "diff",
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "params": {"words": words, "seed": seed, "repeat": repeat, "version_pairs": len(each_pair)},
        "rows": rows,
        "figures": {**reference, "pairs": each_pair},
    }


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    json.dump(run(words=size), sys.stdout, indent=2)
    sys.stdout.write("\n")
