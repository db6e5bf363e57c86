"""``lexcsto consolidate``: a new version of a work, with an amending instrument's modifications applied."""

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from lexcsto.cli import app, fail, open_corpus
from lexcsto.errors import LexcstoError


@app.command("consolidate")
def consolidate_command(
    base: Annotated[str, typer.Argument(help="The work amended: short name or work URI.")],
    by: Annotated[str, typer.Option("--by", help="The amending instrument (short name or work URI).")],
    version: Annotated[str, typer.Option("--date", help="When the amendment takes effect, YYYY-MM-DD.")],
    lang: Annotated[str, typer.Option("--lang", help="Language of the text: eng or rus.")] = "eng",
    source: Annotated[
        str | None, typer.Option("--source", help="Which translation of the base text (a source id).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("-o", "--out", help="Corpus folder to write <short>/<lang>@<date>.<source>.xml into."),
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="A corpus folder instead of the bundled one.")
    ] = None,
) -> None:
    """Apply the instrument's modifications to the text in force the day before DATE; write the new version
    with its lifecycle event and passiveModifications (to standard output without -o)."""
    try:
        when = date.fromisoformat(version)
    except ValueError:
        raise typer.BadParameter(
            f"{version!r} is not a date (expected YYYY-MM-DD)", param_hint="--date"
        ) from None
    try:
        c = open_corpus(corpus)
        from lexcsto.importer.consolidated import consolidate_work  # the importer: not on every --help

        result = consolidate_work(c, base, by, when, lang, source)
        written = result.write(out) if out is not None else None
    except LexcstoError as err:
        fail(err)
    if written is None:
        sys.stdout.buffer.write(result.xml)
    else:
        sys.stderr.write(f"lexcsto: wrote {written} ({len(result.modifications)} modifications applied)\n")
