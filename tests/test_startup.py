"""What start-up imports: `import lexcsto` and `lexcsto --help` load none of the heavy parts (issue 13).

The time itself is measured in benchmarks/bench_startup.py (CPU against starting Python with lxml); these
tests pin the cause instead, which a timing on a shared machine cannot: a heavy module on the start-up path.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Never at start-up: the NLP (spaCy), the site (MkDocs), the index (sqlite3 and its FTS5 search), rich's
# console, the importer's pattern tables, the model's parsers (lxml, PyYAML) and the fuzzy matcher.
HEAVY = (
    "spacy",
    "mkdocs",
    "sqlite3",
    "rich.console",
    "lxml",
    "yaml",
    "rapidfuzz",
    "pydantic",
    "lexcsto.importer",
    "lexcsto.nlp",
    "lexcsto.site",
    "lexcsto.render",
    "lexcsto.compare",
    "lexcsto.corpus.reader",
    "lexcsto.corpus.index",
    "lexcsto.corpus.search",
)

PROBE = """
import json, sys
{code}
print(json.dumps(sorted(sys.modules)))
"""


def _modules(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code)], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_import_lexcsto_is_light() -> None:
    assert _heavy(_modules("import lexcsto")) == []


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["show", "--help"], ["search", "--help"]])
def test_the_command_line_starts_without_the_heavy_parts(args: list[str]) -> None:
    code = (
        "import contextlib, io\n"
        "from lexcsto.cli import main\n"
        f"sys.argv = ['lexcsto', *{args!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    with contextlib.suppress(SystemExit):\n"
        "        main()\n"
    )
    assert _heavy(_modules(code)) == []


# What a reading command answered from the index needs: the index, the reader for the work it shows, and no
# more. Rich stays off a piped command (its output has no styling); the parties files (PyYAML through the
# parties reader) are read only by a command that asks about parties; a WORK/EID address needs neither the
# citation grammar nor the instrument tables nor the fuzzy matcher; naming a version needs no comparison.
NOT_FOR_READING = (
    "spacy",
    "mkdocs",
    "rich",
    "rapidfuzz",
    "pydantic",
    "lexcsto.importer",
    "lexcsto.nlp.references",
    "lexcsto.nlp.instruments",
    "lexcsto.site",
    "lexcsto.render",
    "lexcsto.compare",
    "lexcsto.corpus.parties_reader",
)


@pytest.mark.parametrize(
    "args",
    [["show", "cst/art_4"], ["versions", "cst/art_4"], ["refs", "cst/art_4"], ["search", "armed attack"]],
)
def test_a_piped_reading_command_imports_only_what_it_answers_with(args: list[str]) -> None:
    code = (
        "import contextlib, io\n"
        "from lexcsto.cli import main\n"
        f"sys.argv = ['lexcsto', *{args!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):\n"
        "    with contextlib.suppress(SystemExit):\n"
        "        main()\n"
        "assert out.getvalue(), 'the command printed nothing'\n"
    )
    modules = _modules(code)
    assert "lexcsto.corpus.index" in modules  # answered from the index
    assert sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in NOT_FOR_READING)) == []
