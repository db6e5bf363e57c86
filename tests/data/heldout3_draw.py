"""How the third held-out NLP set (nlp_heldout3_eng.jsonl) was drawn: run once, before labelling.

Every sentence of the five seed documents is a candidate unless a line of it is already in one of the earlier
labelled sets, or it is a heading, a table-of-contents line, a bibliographic footnote or a fragment of fewer
than six words. The second held-out set (nlp_heldout2_eng.jsonl) counts as an earlier set: it was looked at
while the rules were improved, so it is a development set now. 100 candidates are drawn with
``random.Random(20261202)`` (uniform over sentences, so longer sources give more), in the order drawn; none is
swapped for an easier one. The annotator then labels them without having read the rules. Printed as JSON
lines without spans, for the annotator to fill in; a second sentence of the same first line gets an id
ending in "b".

    python tests/data/heldout3_draw.py ../shared/seeds > drawn.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

# The same sentences, candidates and line bookkeeping as the second draw; only the earlier sets, the seed
# and the count differ (the script's folder is on sys.path when it is run).
from heldout2_draw import candidate, sentences, used_lines

EARLIER = ("nlp_gold_eng.jsonl", "nlp_heldout_eng.jsonl", "nlp_heldout2_eng.jsonl")


def main(seeds: Path) -> None:
    draw(seeds, EARLIER, 20261202, "heldout3")


def draw(seeds: Path, earlier: tuple[str, ...], seed: int, prefix: str) -> None:
    """Print 100 sentences drawn with ``random.Random(seed)`` from those no earlier set used (the fourth draw
    calls this with its own earlier sets, seed and id prefix)."""
    used = used_lines(earlier)
    pool = [s for file in sorted(seeds.glob("*.txt")) for s in sentences(file) if candidate(s, used)]
    seen: set[str] = set()
    for source, first, last, text in random.Random(seed).sample(pool, 100):
        ident = f"{prefix}-eng-{source[5:]}-{first}"
        while ident in seen:  # two sentences of one line: the second gets a letter
            ident += "b"
        seen.add(ident)
        row = {"id": ident, "lang": "eng", "source": source,
               "lines": f"{first}-{last}" if last > first else str(first), "context": None, "text": text,
               "spans": []}  # fmt: skip
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
