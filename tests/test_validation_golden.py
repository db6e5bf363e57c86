"""Every problem validation finds, in order and word for word, under each profile, on each XML file and
folder of ``tests/``, the bundled corpus (whole, one work's folder, one file, and with other folders) and a
synthetic corpus: held to ``tests/golden/validation/problems.txt``, so that making validation cheaper
(issue 13: the skeleton instead of the model, one walk per folder) cannot change what it reports.

Regenerate after a deliberate change with ``LEXCSTO_UPDATE_GOLDEN=1 pytest tests/test_validation_golden.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import lexcsto
from benchmarks import synth

CHECKOUT = Path(lexcsto.__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "validation" / "problems.txt"
UPDATE = os.environ.get("LEXCSTO_UPDATE_GOLDEN") == "1"


def observed(tmp: Path) -> str:
    made = synth.generate(
        tmp / "synth", synth.Spec(instruments=4, articles=3, versions=2, write_source=False)
    )
    empty = tmp / "empty"
    empty.mkdir()
    tests, texts = CHECKOUT / "tests", CHECKOUT / "texts"
    xml = sorted(tests.rglob("*.xml"))
    groups: list[list[str] | None] = [None]
    groups += [[str(f)] for f in xml]
    groups += [[str(d)] for d in sorted({f.parent for f in xml})]
    groups += [
        [str(tests)],
        [str(texts)],
        [str(texts / "cst")],
        [str(sorted((texts / "cst").glob("*.xml"))[0])],
        [str(texts), str(tests / "data")],
        [str(made.texts)],
        [str(made.texts), str(texts)],
        ["", str(made.texts)],
        [str(empty)],
    ]
    lines: list[str] = []
    for group in groups:
        for profile in (None, "akn", "edition"):
            problems = lexcsto.validate(group, profile=profile)
            lines.append(f"== {group} {profile}: {len(problems)}")
            lines += [f"{p.path}\t{p.line}\t{p.message}\t{p.expected}\t{p.severity}" for p in problems]
    text = "\n".join(lines) + "\n"
    return text.replace(str(tmp), "<tmp>").replace(str(CHECKOUT), "<checkout>")


def test_every_problem_is_the_one_recorded(tmp_path: Path) -> None:
    found = observed(tmp_path)
    if UPDATE:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(found, encoding="utf-8")
    assert GOLDEN.exists(), f"no golden file {GOLDEN}; run with LEXCSTO_UPDATE_GOLDEN=1 to create it"
    assert found == GOLDEN.read_text(encoding="utf-8")
