"""The NLP pipeline: words per second of lexcsto's pipeline against a bare ``spacy.blank`` pipeline with the
same EntityRuler patterns, on the same text, in the same run (target: ratio >= 0.7).

The text is the labelled set's sentences (dense in references, bodies and dates) interleaved with
synthetic legal prose from ``benchmarks/synth.py``, cut into paragraphs of about 200 words, per language.
The baseline is what anyone would write first: ``spacy.blank(lang)`` plus spaCy's own ``entity_ruler``
loaded with ``lexcsto.nlp.entity_patterns.entity_patterns(lang)``. lexcsto's figure is its whole pipeline (entities,
references resolved to hrefs, defined terms, modality) over the same paragraphs; a second row adds the
conversion to plain :class:`lexcsto.nlp.pipeline.Found` values (what ``lexcsto annotate`` prints).

Timing (the machine is shared, so it is built to be stable): one untimed pass of each side first
(vocabularies grow and caches fill on first sight of a text), then ``repeat`` rounds. In each round the
paragraphs go in slices of ``SLICE`` through every side in turn, the side that goes first rotating from slice
to slice and round to round, so that neither the baseline nor lexcsto is always the one a slow spell hits.
A side's time is the sum over slices of its best round: a spike spoils one slice of one round, and another
round replaces it. The garbage collector runs between rounds, not inside them (as ``timeit`` does). The per-round ratios (min, median, max) and the load average before and after are in
``figures``, so a noisy run shows itself. Only the figures matter here; the smoke test checks that they
and their ratios are reported, never that a target is met.

    python -m benchmarks.bench_nlp [WORDS [REPEAT]]   # JSON on stdout
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy
from spacy.pipeline import EntityRuler

from benchmarks import row
from benchmarks.synth import words as synth_words
from lexcsto.nlp import entity_patterns as patterns
from lexcsto.nlp import pipeline as nlp
from lexcsto.nlp.titles import clear_text_caches

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data"
SMOKE_ARGS = {"words": 4_000, "repeat": 3}
QUICK_ARGS = {"words": 20_000, "repeat": 5}
FULL_REPEAT = 9


def corpus_text(lang: str, words: int, seed: int = 0) -> list[str]:
    """About ``words`` words in paragraphs of about 200: labelled sentences and synthetic prose, alternating."""
    path = GOLD / f"nlp_gold_{lang}.jsonl"
    sentences = [
        json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    prose = synth_words(lang, max(words // 2, 200), seed=seed).split(". ")
    pieces: list[str] = []
    total = 0
    i = 0
    while total < words:
        piece = sentences[i % len(sentences)] if i % 2 == 0 else prose[(i // 2) % len(prose)] + "."
        pieces.append(piece)
        total += len(piece.split())
        i += 1
    paras: list[str] = []
    current: list[str] = []
    for piece in pieces:
        current.append(piece)
        if sum(len(p.split()) for p in current) >= 200:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras


def baseline_pipeline(lang: str) -> spacy.language.Language:
    """``spacy.blank`` with spaCy's EntityRuler and exactly lexcsto's entity patterns."""
    pipe = spacy.blank(patterns.SPACY_LANG[lang])
    ruler = pipe.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    assert isinstance(ruler, EntityRuler)
    ruler.add_patterns(list(patterns.entity_patterns(lang)))  # after initialisation: nothing may clear them
    return pipe


# Paragraphs per timed slice: small enough that a slow spell of the shared machine spoils one slice of one
# round (and the best of the other rounds replaces it), large enough that the timer's cost is nothing.
SLICE = 10


def interleaved(
    sides: dict[str, Callable[[list[str]], Any]],
    slices: list[list[str]],
    repeat: int,
    before_each: Callable[[], None] = lambda: None,
) -> tuple[dict[str, list[list[float]]], dict[str, list[Any]]]:
    """Wall times ``[slice][round]`` of each side: in every round each slice goes through every side in
    turn, the first side rotating from slice to slice and round to round; and each side's last results.
    ``before_each`` runs, untimed, before every side's slice: it empties the per-text caches, so that no
    side finds the slice's texts already worked out by the side before it (a text is seen once in use)."""
    names = list(sides)
    times: dict[str, list[list[float]]] = {name: [[] for _ in slices] for name in names}
    results: dict[str, list[Any]] = {name: [None] * len(slices) for name in names}
    for r in range(max(1, repeat)):
        # one collection per round, none inside it (as timeit does): a collection costs more than a slice
        gc.collect()
        gc.disable()
        try:
            for c, piece in enumerate(slices):
                k = (r + c) % len(names)
                for name in names[k:] + names[:k]:
                    before_each()
                    start = time.perf_counter()
                    results[name][c] = sides[name](piece)
                    times[name][c].append(time.perf_counter() - start)
        finally:
            gc.enable()
    return times, results


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "min": round(min(values), 4),
        "median": round(statistics.median(values), 4),
        "max": round(max(values), 4),
    }


def run(words: int = 60_000, repeat: int = FULL_REPEAT, seed: int = 0) -> dict[str, Any]:
    rows = []
    figures: dict[str, Any] = {"load_average_start": [round(x, 2) for x in os.getloadavg()]}
    for lang in ("eng", "rus"):
        paras = corpus_text(lang, words, seed)
        slices = [paras[i : i + SLICE] for i in range(0, len(paras), SLICE)]
        count = sum(len(p.split()) for p in paras)
        base = baseline_pipeline(lang)
        ours = nlp.pipeline(lang)

        def base_docs(p: list[str], b: spacy.language.Language = base) -> list[Any]:
            return list(b.pipe(p))

        def our_docs(p: list[str], o: spacy.language.Language = ours) -> list[Any]:
            return list(o.pipe(p))

        def found_values(p: list[str], o: spacy.language.Language = ours) -> list[list[nlp.Found]]:
            return [nlp.found_in(d) for d in o.pipe(p)]

        sides: dict[str, Callable[[list[str]], Any]] = {
            "base": base_docs,
            "ours": our_docs,
            "found": found_values,
        }
        for side in sides.values():  # the untimed pass: vocabularies and caches
            side(paras)
        times, results = interleaved(sides, slices, repeat, clear_text_caches)
        # each slice's best round, summed: a spike costs one slice of one round, not a whole round
        best = {name: sum(min(ts) for ts in per_slice) for name, per_slice in times.items()}
        rounds = {
            name: [sum(ts[r] for ts in per_slice) for r in range(len(per_slice[0]))]
            for name, per_slice in times.items()
        }
        docs = {name: [d for chunk in chunks for d in chunk] for name, chunks in results.items()}
        rows.append(
            row(
                f"nlp pipeline ({lang})",
                lexcsto=count / best["ours"],
                baseline=count / best["base"],
                unit="words/s",
                target=">= 0.7",
                note="blank + EntityRuler with the same patterns, same paragraphs",
            )
        )
        rows.append(
            row(
                f"nlp annotate to values ({lang})",
                lexcsto=count / best["found"],
                baseline=count / best["base"],
                unit="words/s",
                note="pipeline plus conversion of every span to a Found value",
            )
        )
        figures[lang] = {
            "words": count,
            "paragraphs": len(paras),
            "slices": len(slices),
            "patterns": len(patterns.entity_patterns(lang)),
            "baseline_entities": sum(len(d.ents) for d in docs["base"]),
            "lexcsto_entities": sum(len(d.ents) for d in docs["ours"]),
            "lexcsto_refs": sum(len(d.spans[nlp.REFS_KEY]) for d in docs["ours"]),
            "found_values": sum(len(f) for f in docs["found"]),
            "rounds": repeat,
            "seconds_per_round": {name: _spread(ts) for name, ts in rounds.items()},
            "pipeline_ratio_per_round": _spread(
                [b / o for b, o in zip(rounds["base"], rounds["ours"], strict=True)]
            ),
        }
    figures["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    figures["timing"] = (
        f"slices of {SLICE} paragraphs, each through every side in turn (the first side rotating) in each of "
        "the rounds, after one untimed pass of each side; a side's time is the sum over slices of its best "
        "round"
    )
    return {"rows": rows, "figures": figures}


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else FULL_REPEAT
    sys.stdout.write(json.dumps(run(words=size, repeat=rounds), ensure_ascii=False, indent=2) + "\n")
