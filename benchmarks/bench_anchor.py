"""Re-anchoring annotations across a version change: annotations per second, exact and fuzzy, against the
raw matchers in the same run; and the measurement that chose rapidfuzz over diff-match-patch ``match_main``.

Two versions of a synthetic work (paragraphs of legal-style prose from ``benchmarks/synth.py``):

- *exact*: the new version inserts a sentence at the start of every paragraph, so every quote shifts but
  survives word for word; each annotation must come back ``anchored`` in its paragraph.
- *fuzzy*: the new version makes three edits inside every quote (one substitution, one deletion, one
  insertion, as in the toolchain probe); each annotation must come back ``fuzzy`` in its paragraph.

The raw baselines run on the same (quote, paragraph) pairs: ``str.find`` for exact quotes and
``rapidfuzz.fuzz.partial_ratio_alignment`` for edited ones. The ratio is lexcsto's rate over the raw rate.

The matcher comparison searches edited quotes in one long text (all paragraphs joined, about 20,000
characters, as when a quote has moved): dmp ``match_main`` with its defaults, dmp with
``Match_Distance=100_000``, and rapidfuzz; it reports how many it finds at the right place and the time.

    python -m benchmarks.bench_anchor            # JSON on stdout
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz

from benchmarks.synth import words
from lexcsto.annotations.anchoring import anchor
from lexcsto.annotations.annotation import Annotation, Citation, Quote, Target
from lexcsto.corpus.model import Expression, Lines, Provision, Source, Work
from lexcsto.errors import QueryError

WORK = "/akn/aa-csto/act/treaty/2000-01-01/bench"
OLD = f"{WORK}/eng@2000-01-01"
NEW = f"{WORK}/eng@2010-01-01"
QUOTE, CONTEXT = 40, 24


class _Corpus:
    def __init__(self, work: Work) -> None:
        self._work = work
        self.sources = (Source("synth-001", "synthetic-source.txt", "synthetic", "synthetic", "", ""),)

    def work(self, name: str) -> Work:
        if name in (self._work.short, self._work.uri):
            return self._work
        raise QueryError(None, None, f"no work {name!r}")

    def expressions(self, name: str) -> tuple[Expression, ...]:
        return self.work(name).expressions


def _expression(uri: str, day: date, paragraphs: list[str]) -> Expression:
    provs = tuple(Provision(f"art_1__para_{i + 1}", "paragraph", text=t) for i, t in enumerate(paragraphs))
    art = Provision("art_1", "article", num="Article 1", children=provs)
    return Expression(WORK, uri, "eng", day, "synth-001", "synthetic", (art,))


def _span(rng: random.Random, text: str, everything: str) -> tuple[int, int] | None:
    """A quote that occurs once in the whole work (the phrase tables repeat, and a quote that occurs twice
    has no single right place), or None when 200 tries find none."""
    for _ in range(200):
        start = rng.randrange(CONTEXT, len(text) - QUOTE - CONTEXT)
        if everything.count(text[start : start + QUOTE]) == 1:
            return start, start + QUOTE
    return None


def _edit(quote: str, rng: random.Random) -> str:
    """Three edits inside the quote: substitute, delete, insert (never at the ends)."""
    chars = list(quote)
    i = rng.randrange(5, 12)
    chars[i] = "x" if chars[i] != "x" else "y"
    del chars[rng.randrange(15, 22)]
    chars.insert(rng.randrange(25, 32), "q")
    return "".join(chars)


def _setup(annotations: int, paragraphs: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    old = [words("eng", 150, seed=seed * 1000 + i) for i in range(paragraphs)]
    everything = "\n".join(old)
    anns: list[Annotation] = []
    pairs: list[tuple[int, int, int]] = []  # (paragraph, start, end) in the old text
    for n in range(annotations):
        p = n % paragraphs
        span = _span(rng, old[p], everything)
        if span is None:
            continue
        start, end = span
        text = old[p]
        quote = Quote(text[start:end], text[start - CONTEXT : start], text[end : end + CONTEXT])
        target = Target("bench", OLD, "synth-001", f"art_1__para_{p + 1}", quote)
        anns.append(Annotation(f"a{n}", "commentary", target, "Body.", (Citation("synth-001", Lines(1, 1)),)))
        pairs.append((p, start, end))
    # exact: a new opening sentence in every paragraph; quotes unchanged
    opener = "These provisions apply from the date of the amending protocol. "
    exact_new = [opener + t for t in old]
    # fuzzy: the first annotation of each paragraph gets three edits inside its quote
    fuzzy_new = list(old)
    edited: list[int] = []
    for n, (p, start, end) in enumerate(pairs):
        if n >= paragraphs:
            break
        fuzzy_new[p] = old[p][:start] + _edit(old[p][start:end], rng) + old[p][end:]
        edited.append(n)
    return {"old": old, "anns": anns, "pairs": pairs, "exact_new": exact_new, "fuzzy_new": fuzzy_new,
            "edited": edited}  # fmt: skip


def _corpus(old: list[str], new: list[str]) -> _Corpus:
    exprs = (_expression(OLD, date(2000, 1, 1), old), _expression(NEW, date(2010, 1, 1), new))
    return _Corpus(Work(WORK, "bench", "Synthetic", "act", "treaty", date(2000, 1, 1), expressions=exprs))


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def _anchoring(
    corpus: _Corpus, anns: list[Annotation], texts: list[str], kind: str, repeat: int
) -> dict[str, Any]:
    seconds, results = _best(lambda: anchor(corpus, anns), repeat)
    new = [a for r in results for a in r.anchors if a.expression.startswith(NEW)]
    ok = sum(a.status == ("anchored" if kind == "exact" else "fuzzy") and a.eid == r.annotation.target.eid
             for r, a in zip(results, new, strict=True))  # fmt: skip
    paras = [int(a.target.eid.rsplit("_", 1)[1]) - 1 for a in anns]
    if kind == "exact":

        def raw() -> list[int]:
            return [texts[p].find(a.target.quote.exact) for a, p in zip(anns, paras, strict=True)]
    else:

        def raw() -> list[int]:
            return [fuzz.partial_ratio_alignment(a.target.quote.exact, texts[p], score_cutoff=80) is not None
                    for a, p in zip(anns, paras, strict=True)]  # fmt: skip

    raw_seconds, _ = _best(raw, repeat)
    # anchor() resolves each annotation in both expressions; the raw matcher searches only the new one
    rate = 2 * len(anns) / seconds
    raw_rate = len(anns) / raw_seconds
    return {
        "annotations": len(anns),
        "expressions_per_annotation": 2,
        "seconds": seconds,
        "anchors_per_second": rate,
        "annotations_per_second": len(anns) / seconds,
        "raw_matches_per_second": raw_rate,
        "raw": "str.find" if kind == "exact" else "rapidfuzz.fuzz.partial_ratio_alignment",
        "ratio": rate / raw_rate,
        "correct": ok / len(anns),
    }


def _matchers(setup: dict[str, Any], paragraphs: int, sample: int, repeat: int) -> dict[str, Any]:
    """Find edited quotes in one long text (``paragraphs`` paragraphs joined): how many, where, how fast."""
    old, new, pairs = setup["old"], setup["fuzzy_new"][:paragraphs], setup["pairs"]
    joined = "\n".join(new)
    offsets = [sum(len(t) + 1 for t in new[:p]) for p in range(len(new))]
    cases: list[tuple[str, int]] = []
    for n in setup["edited"]:
        p, start, end = pairs[n]
        if p < paragraphs and len(cases) < sample:
            cases.append((old[p][start:end], offsets[p] + start))

    def measure(find: Callable[[str], int]) -> dict[str, Any]:
        times, found = [], 0
        for quote, truth in cases:
            per = []
            at = -1
            for _ in range(repeat):
                t0 = time.perf_counter()
                at = find(quote)
                per.append(time.perf_counter() - t0)
            times.append(min(per))
            found += at >= 0 and abs(at - truth) <= 5
        return {"found": found, "of": len(cases), "ms_per_quote": 1000 * statistics.median(times)}

    def dmp(distance: int) -> Callable[[str], int]:
        d = diff_match_patch()
        d.Match_Distance = distance
        return lambda q: int(d.match_main(joined, q, 0))

    def rapid(q: str) -> int:
        hit = fuzz.partial_ratio_alignment(q, joined, score_cutoff=80)
        return -1 if hit is None else int(hit.dest_start)

    out: dict[str, Any] = {
        "text_chars": len(joined),
        "dmp_match_main_defaults": measure(dmp(1000)),
        "dmp_match_main_distance_100000": measure(dmp(100_000)),
        "rapidfuzz_partial_ratio_alignment": measure(rapid),
    }
    dmp_ms = out["dmp_match_main_distance_100000"]["ms_per_quote"]
    rapid_ms = out["rapidfuzz_partial_ratio_alignment"]["ms_per_quote"]
    out["rapidfuzz_speedup_over_dmp"] = dmp_ms / max(rapid_ms, 1e-9)
    return out


def run(
    annotations: int = 2000, paragraphs: int = 20, seed: int = 0, repeat: int = 3, sample: int = 20
) -> dict[str, Any]:
    """Measure; every figure comes from this run on this machine.

    ``annotations`` exact ones over ``paragraphs`` paragraphs; a quarter as many fuzzy ones, one per
    paragraph (each edited); ``sample`` edited quotes for the matcher comparison, searched in the first
    ``paragraphs`` paragraphs joined.
    """
    ex = _setup(annotations, paragraphs, seed)
    exact = _anchoring(_corpus(ex["old"], ex["exact_new"]), ex["anns"], ex["exact_new"], "exact", repeat)
    n_fuzzy = max(paragraphs, annotations // 4)
    fz = _setup(n_fuzzy, n_fuzzy, seed + 1)
    fuzzy_res = _anchoring(_corpus(fz["old"], fz["fuzzy_new"]), fz["anns"], fz["fuzzy_new"], "fuzzy", repeat)
    return {
        "benchmark": "anchor",
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "params": {
            "annotations": annotations,
            "fuzzy_annotations": n_fuzzy,
            "paragraphs": paragraphs,
            "quote_chars": QUOTE,
            "context_chars": CONTEXT,
            "seed": seed,
            "repeat": repeat,
        },
        "exact": exact,
        "fuzzy": fuzzy_res,
        "matchers": _matchers(fz, paragraphs, sample, repeat),
        "choice": "str.find, then rapidfuzz.fuzz.partial_ratio_alignment",
    }


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    json.dump(run(annotations=size), sys.stdout, indent=2)
    sys.stdout.write("\n")
