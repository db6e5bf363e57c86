"""How the second held-out NLP set (nlp_heldout2_eng.jsonl) was drawn: run once, before labelling.

Every sentence of the five seed documents is a candidate unless a line of it is already in one of the earlier
labelled sets, or it is a heading, a table-of-contents line, a bibliographic footnote or a fragment of fewer
than six words. 110 candidates are drawn with ``random.Random(20261201)`` (uniform over sentences, so longer
sources give more), in the order drawn; none is swapped for an easier one. The annotator then labels them
without having read the rules. Printed as JSON lines without spans, for the annotator to fill in.

    python tests/data/heldout2_draw.py ../shared/seeds > drawn.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

DATA = Path(__file__).parent
EARLIER = ("nlp_gold_eng.jsonl", "nlp_heldout_eng.jsonl")
SENTENCE_END = re.compile(r"(?<=[.;!?])[\d,–-]*\s+(?=[A-Z“\"(])")
BIBLIOGRAPHY = re.compile(
    r"https?://|www\.|\bpp?\.\s*\d|\bISBN\b|\bRetrieved\b|\bAccessed\b|\bvol\.\s*\d|Press\b|\(\d{4}\)[.,]"
)
TOC = re.compile(r"\.{4,}|…{2,}|\s\d+\s*$")


def used_lines(earlier: tuple[str, ...] = EARLIER) -> set[tuple[str, int]]:
    used: set[tuple[str, int]] = set()
    for name in earlier:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("lines"):
                first, _, last = row["lines"].partition("-")
                used.update((row["source"], n) for n in range(int(first), int(last or first) + 1))
    return used


def sentences(seed: Path) -> list[tuple[str, int, int, str]]:
    source = "seed-" + seed.name[:3]
    lines = seed.read_text(encoding="utf-8").splitlines()
    out: list[tuple[str, int, int, str]] = []
    block: list[tuple[int, str]] = []

    def flush() -> None:
        if not block:
            return
        text = " ".join(t.strip() for _, t in block)
        starts = []  # character offset of each line in the joined text
        pos = 0
        for _, t in block:
            starts.append(pos)
            pos += len(t.strip()) + 1
        at = 0
        for piece in SENTENCE_END.split(text):
            begin = text.index(piece, at)
            end = begin + len(piece)
            at = end
            first = max(i for i, s in enumerate(starts) if s <= begin)
            last = max(i for i, s in enumerate(starts) if s < end)
            out.append((source, block[first][0], block[last][0], piece.strip()))
        block.clear()

    for no, line in enumerate(lines, 1):
        if not line.strip():
            flush()
        else:
            block.append((no, line))
    flush()
    return out


def candidate(s: tuple[str, int, int, str], used: set[tuple[str, int]]) -> bool:
    source, first, last, text = s
    if any((source, n) in used for n in range(first, last + 1)):
        return False
    if len(text.split()) < 6 or not re.search(r"[a-z]", text) or text.isupper():
        return False
    return not (BIBLIOGRAPHY.search(text) or TOC.search(text) or re.match(r"^\d+\s+[A-Z][a-z]+,", text))


def main(seeds: Path) -> None:
    used = used_lines()
    pool = [s for seed in sorted(seeds.glob("*.txt")) for s in sentences(seed) if candidate(s, used)]
    for source, first, last, text in random.Random(20261201).sample(pool, 110):
        row = {"id": f"heldout2-eng-{source[5:]}-{first}", "lang": "eng", "source": source,
               "lines": f"{first}-{last}" if last > first else str(first), "context": None, "text": text,
               "spans": []}  # fmt: skip
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
