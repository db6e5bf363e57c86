"""How the tenth held-out NLP set (nlp_heldout10_eng.jsonl) was drawn: run once, before labelling.

The ninth draw's procedure with the ninth English set (nlp_heldout9_eng.jsonl) counted among the earlier
ones: it was scored and its misses read while the rules were improved, so it is a development set now. Every
sentence of the five seed documents is a candidate unless a line of it is already in one of the ten earlier
English sets, its wording (case, spacing and punctuation aside) is that of a sentence of an earlier set or of
a candidate before it in the seeds, or it is a heading, a table-of-contents line, a bibliographic footnote or
a fragment of fewer than six words. The seeds are now all but used up: only about 6 newly worded candidates
remain, and all of them are drawn, with ``random.Random(20261210)``, in the order drawn; none is swapped for
an easier one. The annotator then labels them without having read the rules, and writes the rest of the set.
Printed as JSON lines without spans, for the annotator to fill in; a second sentence of the same first line
gets an id ending in "b".

    python tests/data/heldout10_draw.py ../shared/seeds > drawn.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

# The third draw's sentences, candidates, line bookkeeping and sampling, with the check of wordings on, and
# the ninth draw's earlier sets (the script's folder is on sys.path when it is run).
from heldout3_draw import draw
from heldout9_draw import EARLIER as EARLIER_THAN_THE_NINTH

EARLIER = (*EARLIER_THAN_THE_NINTH, "nlp_heldout9_eng.jsonl")


def main(seeds: Path) -> None:
    draw(seeds, EARLIER, 20261210, "heldout10", new_wording=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
