"""NLP from the command line: ``tag`` (what the pipeline finds in a text) and ``nlp-eval``.

``annotate`` is the old name of ``tag``, kept hidden for one release: annotations are the commentary in
``annotations/``, and tagging is what the NLP does.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

import lexcsto
from lexcsto.cli import JsonOption, TextJsonFormat, app, chosen_format, fail, lang_value, print_json
from lexcsto.corpus.vocabulary import language
from lexcsto.errors import LexcstoError, NlpError


def _read(file: str) -> str:
    """The text to annotate: strict UTF-8 (no lone surrogates to fail on output), bounded, regular files
    only (``/dev/zero`` would be read until memory ran out)."""
    from lexcsto.corpus.files import MAX_READ_BYTES, decode, read_text

    if file == "-":
        data = sys.stdin.buffer.read(MAX_READ_BYTES + 1)
        if len(data) > MAX_READ_BYTES:
            raise NlpError("<stdin>", None, "input is too long", expected=f"at most {MAX_READ_BYTES} bytes")
        return decode(data, "<stdin>")
    return read_text(file)


@app.command("annotate", hidden=True, deprecated=True)
@app.command("tag")
def tag(
    file: Annotated[str, typer.Argument(help="A UTF-8 text file, or - for standard input.")] = "-",
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the text: eng (en) or rus (ru); default: detected from its letters.",
            callback=lang_value,
        ),
    ] = None,
    context: Annotated[
        str | None,
        typer.Option(
            "--context", help="The instrument the text belongs to (e.g. cst): bare references resolve to it."
        ),
    ] = None,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
) -> None:
    """Mark states, bodies, instruments, dates, references, defined terms and obligations in a text."""
    from lexcsto.nlp import pipeline as nlp  # spaCy: a second of start-up, paid only here
    from lexcsto.nlp.tables import detect_language

    fmt = chosen_format(fmt, json_out)
    text = _read(file)
    found = nlp.tag(text, language(lang or detect_language(text)), context)
    if fmt == "json":
        print_json([f.to_json() for f in found])
        return
    for f in found:
        extra = f.href or f.kind or f.kb_id
        if f.label == "REF" and f.href is None:
            extra = f"unresolved ({f.instrument or 'no instrument'})"
        elif f.cited:  # a reference into a part of a work: what the citation said, beside where it went
            extra = f"{extra} (cited as {f.cited})"
        sys.stdout.write(f"{f.start}-{f.end}\t{f.label}\t{f.text}" + (f"\t{extra}" if extra else "") + "\n")


def _default_gold() -> list[Path]:
    """The development sets: shipped inside the wheel (lexcsto/_bundled/gold), or a checkout's tests/data."""
    package = Path(lexcsto.__file__).resolve().parent
    for folder in (package / "_bundled" / "gold", package.parent / "tests" / "data"):
        paths = [folder / f"nlp_gold_{lang}.jsonl" for lang in ("eng", "rus")]
        if all(p.is_file() for p in paths):
            return paths
    raise NlpError(package / "_bundled" / "gold", None, "labelled sets not found",
                   expected="an installed wheel or a checkout, or --gold FILE")  # fmt: skip


@app.command("nlp-eval")
def nlp_eval(
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            help="A labelled set (JSON lines); repeatable. Default: the development sets, "
            "tests/data/nlp_gold_*.jsonl; the held-out one is tests/data/nlp_heldout_eng.jsonl (docs/nlp.md).",
        ),
    ] = None,
    errors: Annotated[bool, typer.Option("--errors", help="Also list every miss and every extra.")] = False,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
) -> None:
    """Precision, recall and F1 per label of the NLP pipeline on the labelled set."""
    fmt = chosen_format(fmt, json_out)
    from lexcsto.nlp import evaluation  # spaCy: a second of start-up, paid only here

    try:
        paths = gold or _default_gold()
        sets = {str(p): evaluation.read_gold(p) for p in paths}
        results = {name: evaluation.evaluate(examples) for name, examples in sets.items()}
        overall = evaluation.evaluate([ex for examples in sets.values() for ex in examples])
    except LexcstoError as err:
        fail(err)
    if fmt == "json":
        print_json(
            {
                "sets": {
                    name: {
                        "examples": len(sets[name]),
                        "scores": [s.to_json() for s in r.scores],
                        "ref_forms": [s.to_json() for s in r.forms],
                    }
                    for name, r in results.items()
                },
                "all": [s.to_json() for s in overall.scores],
                "ref_forms": [s.to_json() for s in overall.forms],
                **({"errors": list(overall.errors)} if errors else {}),
            }
        )
        return
    for name, result in [*results.items(), ("all", overall)]:
        count = len(sets[name]) if name in sets else sum(len(v) for v in sets.values())
        sys.stdout.write(f"\n{name} ({count} examples)\n")
        sys.stdout.write(f"{'label':<12} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}\n")
        for s in result.scores:
            if s.tp + s.fp + s.fn:
                sys.stdout.write(
                    f"{s.label:<12} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
                    f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}\n"
                )
        if result.forms:  # gold REF spans by citation form: found with every target / missed
            sys.stdout.write(f"{'REF form':<16} {'found':>5} {'gold':>5} {'R':>6}\n")
            for s in result.forms:
                sys.stdout.write(f"{s.label:<16} {s.tp:>5} {s.tp + s.fn:>5} {s.recall:>6.3f}\n")
    if errors:
        sys.stdout.write("\n" + "\n".join(overall.errors) + "\n")
