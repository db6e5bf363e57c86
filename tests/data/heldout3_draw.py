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
import re
import sys
from pathlib import Path

# The same sentences, candidates and line bookkeeping as the second draw; only the earlier sets, the seed
# and the count differ (the script's folder is on sys.path when it is run).
from heldout2_draw import DATA, candidate, sentences, used_lines

EARLIER = ("nlp_gold_eng.jsonl", "nlp_heldout_eng.jsonl", "nlp_heldout2_eng.jsonl")


def main(seeds: Path) -> None:
    draw(seeds, EARLIER, 20261202, "heldout3")


def draw(seeds: Path, earlier: tuple[str, ...], seed: int, prefix: str, *, new_wording: bool = False) -> None:
    """Print 100 sentences drawn with ``random.Random(seed)`` from those no earlier set used (the fourth and
    fifth draws call this with their own earlier sets, seed and id prefix). With ``new_wording`` (the fifth
    draw), a candidate is also dropped when its wording, case, spacing and punctuation aside, is that of a
    sentence of an earlier set or of a candidate before it in the seeds: seed-000 holds one block twice
    (L57-111 ~ L331-386), so excluding lines alone let the fourth draw take two sentences already labelled.
    Without it the pool is the third and fourth draws' own, so they draw what they drew."""
    used = used_lines(earlier)
    pool = [s for file in sorted(seeds.glob("*.txt")) for s in sentences(file) if candidate(s, used)]
    if new_wording:
        pool = _new_wordings(pool, earlier)
    if len(pool) < 100:
        sys.stderr.write(f"only {len(pool)} candidates remain: all are drawn\n")
    seen: set[str] = set()
    for source, first, last, text in random.Random(seed).sample(pool, min(100, len(pool))):
        ident = f"{prefix}-eng-{source[5:]}-{first}"
        while ident in seen:  # two sentences of one line: the second gets a letter
            ident += "b"
        seen.add(ident)
        row = {"id": ident, "lang": "eng", "source": source,
               "lines": f"{first}-{last}" if last > first else str(first), "context": None, "text": text,
               "spans": []}  # fmt: skip
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def wording(text: str) -> str:
    """A sentence's words as a reader compares them: case, spacing and punctuation left out."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _new_wordings(
    pool: list[tuple[str, int, int, str]], earlier: tuple[str, ...]
) -> list[tuple[str, int, int, str]]:
    taken = {
        wording(json.loads(line)["text"])
        for name in earlier
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
    }
    kept = []
    for s in pool:  # in the seeds' order: of two candidates worded alike, the first stays
        if wording(s[3]) not in taken:
            taken.add(wording(s[3]))
            kept.append(s)
    return kept


if __name__ == "__main__":
    main(Path(sys.argv[1]))
