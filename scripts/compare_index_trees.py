"""Build the index of each folder with two source trees and compare every table row for row.

Each build runs in a fresh process with the tree first on ``PYTHONPATH`` and a cache folder of its own;
every table (FTS5's shadow tables too) is compared by ``SELECT * ... ORDER BY 1, 2, ...``, the files
table without ``checked_ns`` (the time of the build), and the rowids and ``bm25`` of a few full-text
queries. A folder that cannot be indexed must fail with the same error under both trees.

    python scripts/compare_index_trees.py OLD_TREE NEW_TREE FOLDER...
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

BUILD = """
import sys
from pathlib import Path
from lexcsto.corpus.index import Index
Index.open(Path(sys.argv[1]), path=Path(sys.argv[2])).close()
"""
QUERIES = (
    "obligations", "consultations", "assistance", '"the Parties"', "measur*", "безопасности", "Статья",
    "сотрудничество", "article", "état",
)  # fmt: skip


def build(tree: str, folder: str, out: Path) -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=tree, LEXCSTO_CACHE_DIR=str(out.parent))
    # -P: not the current folder first on the path (run from a checkout, "-c" would import its tree for
    # both builds, whatever PYTHONPATH says)
    done = subprocess.run(
        [sys.executable, "-P", "-c", BUILD, folder, str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stderr.strip().splitlines()
    return done.returncode, lines[-1] if lines else ""


def dump(path: Path) -> tuple[dict[str, list[tuple[object, ...]]], dict[str, object]]:
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        out: dict[str, list[tuple[object, ...]]] = {}
        for t in tables:
            width = len(db.execute(f'SELECT * FROM "{t}" LIMIT 0').description)
            order = ", ".join(str(i) for i in range(1, width + 1))
            rows = db.execute(f'SELECT * FROM "{t}" ORDER BY {order}').fetchall()
            if t == "files":  # checked_ns: the time of the build
                rows = sorted(r[:4] + r[5:] for r in rows)
            if t == "meta":  # the folder's listing and the refresh's random generation token
                rows = [r for r in rows if r[0] not in ("listing", "generation")]
            out[t] = rows
        hits: dict[str, object] = {}
        if "passages_fts" in tables:
            for q in QUERIES:
                try:
                    hits[q] = db.execute(
                        "SELECT rowid, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
                        "ORDER BY rank, rowid",
                        (q,),
                    ).fetchall()
                except sqlite3.OperationalError as err:
                    hits[q] = str(err)
        return out, hits
    finally:
        db.close()


def compare(old: str, new: str, folder: str) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a" / "index.sqlite", Path(tmp) / "b" / "index.sqlite"
        a.parent.mkdir()
        b.parent.mkdir()
        (code_a, err_a), (code_b, err_b) = build(old, folder, a), build(new, folder, b)
        if code_a or code_b:
            same = code_a == code_b and err_a == err_b
            print(
                f"{folder}: build exit {code_a} vs {code_b}; {'same error' if same else 'DIFFERENT'}: {err_a}"
            )
            return same
        (rows_a, hits_a), (rows_b, hits_b) = dump(a), dump(b)
    tables = [t for t in sorted(set(rows_a) | set(rows_b)) if rows_a.get(t) != rows_b.get(t)]
    queries = [q for q in QUERIES if hits_a.get(q) != hits_b.get(q)]
    counts = {t: len(v) for t, v in rows_a.items() if v and not t.startswith("passages_fts_")}
    verdict = "IDENTICAL" if not tables and not queries else f"DIFFER {tables} {queries}"
    print(f"{folder}: {verdict} rows={counts}")
    return not tables and not queries


def main(argv: list[str]) -> int:
    old, new, *folders = argv
    results = [compare(old, new, folder) for folder in folders]
    print("ALL IDENTICAL" if all(results) else "SOME DIFFER")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
