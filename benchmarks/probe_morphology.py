"""Russian case forms: what a morphological analyser (``pymorphy3``) would cost the NLP pipeline, against
the bare spaCy pipeline of ``bench_nlp`` on the same Russian paragraphs (issue 18's rule: pymorphy3 only if
the pipeline stays at least 0.7x bare spaCy).

The rules need the lemma of a Cyrillic word to match a unit («статей» is «статья») or a name in any case
(«Уставом» is «Устав»). An analyser would give it for every Cyrillic token; the alternative, a table of
the forms the rules use (``lexcsto/data/nlp/forms.yaml``), costs one dictionary look-up per word the rules
probe. The figure that decides is the pipeline with the analyser added: lexcsto's pipeline followed by
``MorphAnalyzer.parse(word)[0].normal_form`` on every Cyrillic token, with no cache (``cold``: text the
analyser has not seen, as in a new document) and with a per-word-form cache (``cached``: the best case,
over text whose words repeat, as this benchmark's do).

pymorphy3 is not a dependency of lexcsto (this probe decided against it), so the probe is not one of the
suite's ``bench_*.py`` (benchmarks/run.py would run it everywhere, where it could only say "not
installed"). To re-measure, install pymorphy3 anywhere on the path (``pip install --target DIR pymorphy3``
and ``PYTHONPATH=DIR``).

    python -m benchmarks.probe_morphology [WORDS [REPEAT]]   # JSON on stdout
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import re
import sys
from collections.abc import Callable
from typing import Any

from benchmarks.bench_nlp import SLICE, baseline_pipeline, corpus_text, interleaved
from lexcsto.nlp import pipeline as nlp

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def run(words: int = 20_000, repeat: int = 5) -> dict[str, Any]:
    try:
        pymorphy3: Any = importlib.import_module("pymorphy3")
    except ImportError:
        return {"rows": [], "figures": {"skipped": "pymorphy3 is not installed"}}
    load = [round(x, 2) for x in os.getloadavg()]
    paras = corpus_text("rus", words)
    count = sum(len(p.split()) for p in paras)
    base = baseline_pipeline("rus")
    ours = nlp.pipeline("rus")
    analyser = pymorphy3.MorphAnalyzer()

    def lemma(word: str) -> str:
        return str(analyser.parse(word)[0].normal_form)

    cached = functools.lru_cache(maxsize=None)(lemma)

    def with_analyser(lemmatise: Callable[[str], str]) -> Callable[[list[str]], Any]:
        def side(piece: list[str]) -> Any:
            for doc in ours.pipe(piece):
                for token in doc:
                    if _CYRILLIC.search(token.text):
                        lemmatise(token.lower_)

        return side

    sides: dict[str, Callable[[list[str]], Any]] = {
        "base": lambda piece: list(base.pipe(piece)),
        "ours": lambda piece: list(ours.pipe(piece)),
        "ours + pymorphy3 (cold)": with_analyser(lemma),
        "ours + pymorphy3 (cached)": with_analyser(cached),
    }
    for side in sides.values():
        side(paras)  # untimed: vocabularies, the analyser's dictionaries, the cache
    # bench_nlp's timing: slices through every side in turn, each slice's best round summed
    slices = [paras[i : i + SLICE] for i in range(0, len(paras), SLICE)]
    times, _ = interleaved(sides, slices, repeat)
    best = {name: sum(min(ts) for ts in per_slice) for name, per_slice in times.items()}
    rows = [
        {"name": name, "words_per_s": round(count / t), "ratio_to_bare_spacy": round(best["base"] / t, 3)}
        for name, t in best.items()
    ]
    return {
        "rows": rows,
        "figures": {"words": count, "load_average": [load, [round(x, 2) for x in os.getloadavg()]]},
    }


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print(json.dumps(run(size, rounds), indent=2))
