"""Compare two dumps of scripts/search_hits.py: same hits in the same order, same snippets, scores equal
to 1e-9. Prints the number of queries compared and every difference; exits 1 on any."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    a = [json.loads(line) for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()]
    b = [json.loads(line) for line in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()]
    bad = 0
    assert len(a) == len(b), (len(a), len(b))
    hits = 0
    for x, y in zip(a, b, strict=True):
        key = (x["q"], x["d"], x["lang"], x["work"])
        assert key == (y["q"], y["d"], y["lang"], y["work"])
        hx, hy = x["hits"], y["hits"]
        hits += len(hx)
        same = len(hx) == len(hy) and all(
            p[:4] == q[:4] and abs(p[4] - q[4]) <= 1e-9 and p[5] == q[5] for p, q in zip(hx, hy, strict=True)
        )
        if not same:
            bad += 1
            print("DIFF", key, json.dumps(hx[:3], ensure_ascii=False), json.dumps(hy[:3], ensure_ascii=False))
    print(f"{len(a)} queries, {hits} hits compared, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
