"""The NLP pipeline: words per second of lexcsto's pipeline against a bare ``spacy.blank`` pipeline with the
same EntityRuler patterns, on the same text, in the same run (target: ratio >= 0.7).

The text is the labelled set's sentences (dense in references, bodies and dates) interleaved with
synthetic legal prose from ``benchmarks/synth.py``, cut into paragraphs of about 200 words, per language.
The baseline is what anyone would write first: ``spacy.blank(lang)`` plus spaCy's own ``entity_ruler``
loaded with ``lexcsto.nlp.entity_patterns(lang)``. lexcsto's figure is its whole pipeline (entities,
references resolved to hrefs, defined terms, modality) over the same paragraphs; a second row adds the
conversion to plain :class:`lexcsto.nlp.Found` values (what ``lexcsto annotate`` prints).

    python -m benchmarks.bench_nlp            # JSON on stdout
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import spacy

from benchmarks import row, timed
from benchmarks.synth import words as synth_words
from lexcsto import nlp

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data"
SMOKE_ARGS = {"words": 4_000, "repeat": 3}
QUICK_ARGS = {"words": 20_000, "repeat": 3}


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
    pipe = spacy.blank(nlp.SPACY_LANG[lang])
    ruler = pipe.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(list(nlp.entity_patterns(lang)))  # after initialisation: nothing may clear them
    return pipe


def run(words: int = 60_000, repeat: int = 3, seed: int = 0) -> dict[str, Any]:
    rows = []
    figures: dict[str, Any] = {}
    for lang in ("eng", "rus"):
        paras = corpus_text(lang, words, seed)
        count = sum(len(p.split()) for p in paras)
        base = baseline_pipeline(lang)
        ours = nlp.pipeline(lang)
        # One untimed pass each first: the vocabularies grow and the caches fill on first sight of a text.
        list(base.pipe(paras))
        list(ours.pipe(paras))
        # Interleaved runs, best of each: the machine is shared, and a slow spell should hit both sides.
        runs: dict[str, list[float]] = {"base": [], "ours": [], "found": []}
        for _ in range(max(1, repeat)):
            t, base_docs = timed(lambda b=base, p=paras: list(b.pipe(p)), 1)
            runs["base"].append(t)
            t, our_docs = timed(lambda o=ours, p=paras: list(o.pipe(p)), 1)
            runs["ours"].append(t)
            t, found = timed(lambda o=ours, p=paras: [nlp.found_in(d) for d in o.pipe(p)], 1)
            runs["found"].append(t)
        t_base, t_ours, t_found = min(runs["base"]), min(runs["ours"]), min(runs["found"])
        rows.append(
            row(
                f"nlp pipeline ({lang})",
                lexcsto=count / t_ours,
                baseline=count / t_base,
                unit="words/s",
                target=">= 0.7",
                note="blank + EntityRuler with the same patterns, same paragraphs",
            )
        )
        rows.append(
            row(
                f"nlp annotate to values ({lang})",
                lexcsto=count / t_found,
                baseline=count / t_base,
                unit="words/s",
                note="pipeline plus conversion of every span to a Found value",
            )
        )
        figures[lang] = {
            "words": count,
            "paragraphs": len(paras),
            "patterns": len(nlp.entity_patterns(lang)),
            "baseline_entities": sum(len(d.ents) for d in base_docs),
            "lexcsto_entities": sum(len(d.ents) for d in our_docs),
            "lexcsto_refs": sum(len(d.spans[nlp.REFS_KEY]) for d in our_docs),
            "found_values": sum(len(f) for f in found),
        }
    figures["timing"] = "best of interleaved runs, after one untimed pass of each pipeline"
    return {"rows": rows, "figures": figures}


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    sys.stdout.write(json.dumps(run(words=size), ensure_ascii=False, indent=2) + "\n")
