"""How the fifth held-out NLP set (nlp_heldout5_eng.jsonl) was drawn: run once, before labelling.

Every sentence of the five seed documents is a candidate unless a line of it is already in one of the earlier
labelled sets, or it is a heading, a table-of-contents line, a bibliographic footnote or a fragment of fewer
than six words. The fourth held-out set (nlp_heldout4_eng.jsonl) counts as an earlier set: it was scored and
its misses read while the rules were improved, so it is a development set now. New in this draw, a candidate
is also dropped when its wording (case, spacing and punctuation aside) is that of a sentence of an earlier set
or of a candidate before it in the seeds, since seed-000 holds one block twice (L57-111 ~ L331-386) and the
fourth draw took two sentences already labelled from the other copy. 100 candidates are drawn with
``random.Random(20261205)`` (uniform over the remaining sentences), in the order drawn; none is swapped for an
easier one. The annotator then labels them without having read the rules. Printed as JSON lines without
spans, for the annotator to fill in; a second sentence of the same first line gets an id ending in "b".

    python tests/data/heldout5_draw.py ../shared/seeds > drawn.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

# The third draw's sentences, candidates, line bookkeeping and sampling, with the check of wordings on
# (the script's folder is on sys.path when it is run).
from heldout3_draw import draw

EARLIER = (
    "nlp_gold_eng.jsonl",
    "nlp_heldout_eng.jsonl",
    "nlp_heldout2_eng.jsonl",
    "nlp_heldout3_eng.jsonl",
    "nlp_heldout4_eng.jsonl",
)


def main(seeds: Path) -> None:
    draw(seeds, EARLIER, 20261205, "heldout5", new_wording=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
