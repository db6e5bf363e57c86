"""``lexcsto import``: an official text (plain text or HTML) to Akoma Ntoso in the form of ``texts/``."""

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lexcsto.cli import app, fail, path_value
from lexcsto.errors import LexcstoError

if TYPE_CHECKING:
    from lexcsto.importer import ImportResult

# The cleaning steps of lexcsto.importer.clean.STEPS, named here so that --help need not import the importer
# (lxml and the pattern tables); tests/test_import_cli.py checks that the two lists agree.
STEP_NAMES = (
    "running-heads",
    "footnotes",
    "bare-numbers",
    "glued-markers",
    "heading-markers",
    "hyphenation",
)


@app.command("import")
def import_text(
    file: Annotated[
        Path,
        typer.Argument(
            help="The text to import: plain text (UTF-8 or --encoding), HTML, PDF (its text layer), DOCX or ODT."
        ),
    ],
    work: Annotated[
        str, typer.Option("--work", help="Work URI, e.g. /akn/aa-csto/act/treaty/1992-05-15/cst.")
    ],
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="Language of the text: eng or rus; rus,eng for a bilingual file (split by language, one "
            "expression each; needs -o).",
        ),
    ],
    version: Annotated[
        str, typer.Option("--date", help="Version date YYYY-MM-DD: when this text takes effect.")
    ],
    source: Annotated[str, typer.Option("--source", help="Source id, e.g. seed-003 (texts/sources.yaml).")],
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            parser=path_value,
            help="Output .xml file, or a corpus folder (writes <short>/<lang>@<date>.<source>.xml).",
        ),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print a JSON summary instead of the XML.")
    ] = False,
    lines: Annotated[
        str | None,
        typer.Option("--lines", help="Import only lines START-END; line numbers stay those of FILE."),
    ] = None,
    no_clean: Annotated[
        list[str] | None,
        typer.Option(
            "--no-clean",
            help=f"Switch off a cleaning step (control-characters, {', '.join(STEP_NAMES)}, footnote-markers).",
        ),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Declared encoding, e.g. cp1251.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="auto, text or html.")] = "auto",
    meta: Annotated[
        Path | None,
        typer.Option("--meta", help="YAML with title, short, events, date_claims, relations, status."),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Work title (default: the text's own).")
    ] = None,
    short: Annotated[
        str | None, typer.Option("--short", help="Short name (default: the last part of --work).")
    ] = None,
    refs: Annotated[bool, typer.Option("--refs/--no-refs", help="Mark cross-references as <ref>.")] = True,
    generated: Annotated[
        str | None, typer.Option("--generated", help="Manifestation date YYYY-MM-DD (default: today).")
    ] = None,
    amends: Annotated[
        str | None,
        typer.Option(
            "--amends",
            help="The work this instrument amends (short name or URI): its amending instructions are read "
            "and written as activeModifications.",
        ),
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="The corpus holding --amends (default: the bundled one).")
    ] = None,
    parties: Annotated[
        bool,
        typer.Option(
            "--parties",
            help="Also write a draft parties.yaml beside the output from the text's 'signed by ...', "
            "accession and ratification statements (never over an existing one).",
        ),
    ] = False,
) -> None:
    """Import an official text into Akoma Ntoso: structure, provenance with real line numbers, PDF cleanup.

    Nothing is written unless the whole import succeeds; without -o the XML goes to standard output.
    """
    from lexcsto.importer import ImportOptions, import_bilingual, import_file, write
    from lexcsto.importer.detect import parse_range

    try:
        window = parse_range(lines) if lines else None
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--lines") from None
    try:
        made = date.fromisoformat(generated) if generated else None
    except ValueError:
        raise typer.BadParameter(
            f"{generated!r} is not a date (expected YYYY-MM-DD)", param_hint="--generated"
        ) from None
    options = ImportOptions(
        work=work,
        language=lang,
        version=version,
        source=source,
        lines=window,
        encoding=encoding,
        format=fmt,
        disabled=frozenset(no_clean or ()),
        meta_file=str(meta) if meta else None,
        title=title,
        short=short,
        refs=refs,
        generated=made,
        amends=amends,
        corpus=str(corpus) if corpus else None,
    )
    languages = [part.strip() for part in lang.split(",") if part.strip()]
    if len(languages) > 1:
        if out is None:
            raise typer.BadParameter(
                "a bilingual import writes one file per language: give -o", param_hint="-o"
            )
        try:
            for one in import_bilingual(file, options, languages):
                for warning in one.warnings:
                    sys.stderr.write(f"lexcsto: {one.path}: warning: {warning}\n")
                sys.stderr.write(f"lexcsto: wrote {write(one, out)}\n")
        except LexcstoError as err:
            fail(err)
        return
    try:
        result = import_file(file, options)
        written = write(result, out) if out is not None else None
        drafted = _draft_parties(result, written) if parties and written is not None else None
    except LexcstoError as err:
        fail(err)
    if drafted is not None:
        sys.stderr.write(f"lexcsto: wrote a draft {drafted}: check it before use\n")
    if json_out:
        summary = result.summary()
        summary["output"] = str(written) if written else None
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        return
    for warning in result.warnings:
        sys.stderr.write(f"lexcsto: {result.path}: warning: {warning}\n")
    if written is None:
        sys.stdout.buffer.write(result.xml)
    else:
        sys.stderr.write(f"lexcsto: wrote {written}\n")


def _draft_parties(result: "ImportResult", written: Path) -> Path | None:
    from lexcsto.importer.signatories import write_draft

    text = result.source
    return write_draft(
        text.lines, text.first, result.meta.work, result.meta.source, written.parent, result.meta.language
    )
