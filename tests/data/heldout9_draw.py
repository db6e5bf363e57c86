"""How the ninth held-out NLP set (nlp_heldout9_eng.jsonl) was drawn: run once, before labelling.

The eighth draw's procedure with the eighth English set (nlp_heldout8_eng.jsonl) counted among the earlier
ones: it was scored and its misses read while the rules were improved, so it is a development set now. Every
sentence of the five seed documents is a candidate unless a line of it is already in one of the nine earlier
English sets, its wording (case, spacing and punctuation aside) is that of a sentence of an earlier set or of
a candidate before it in the seeds, or it is a heading, a table-of-contents line, a bibliographic footnote or
a fragment of fewer than six words. 100 candidates are drawn with ``random.Random(20261209)`` (uniform over
the remaining sentences), in the order drawn; none is swapped for an easier one. The annotator then labels
them without having read the rules. Printed as JSON lines without spans, for the annotator to fill in; a
second sentence of the same first line gets an id ending in "b".

    python tests/data/heldout9_draw.py ../shared/seeds > drawn.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

# The third draw's sentences, candidates, line bookkeeping and sampling, with the check of wordings on, and
# the eighth draw's earlier sets (the script's folder is on sys.path when it is run).
from heldout3_draw import draw
from heldout8_draw import EARLIER as EARLIER_THAN_THE_EIGHTH

EARLIER = (*EARLIER_THAN_THE_EIGHTH, "nlp_heldout8_eng.jsonl")


def main(seeds: Path) -> None:
    draw(seeds, EARLIER, 20261209, "heldout9", new_wording=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
