"""The index and full-text search from the command line: ``lexcsto index`` and ``lexcsto search``."""

import sys
from dataclasses import asdict
from typing import Annotated

import typer

from lexcsto.cli import (
    CorpusOption,
    JsonOption,
    TextJsonFormat,
    TextLangOption,
    app,
    chosen_format,
    corpus_folder,
    fail,
    open_corpus,
    parse_date_option,
    print_json,
)
from lexcsto.errors import LexcstoError


@app.command("index")
def index_cmd(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Throw the index away and build it again.")
    ] = False,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
) -> None:
    """The index of a corpus folder: where it is, what it holds, what the refresh just did."""
    from lexcsto.corpus.bundled import bundled_folder
    from lexcsto.corpus.index import Index

    fmt = chosen_format(fmt, json_out)
    try:
        index = Index.open(corpus_folder(corpus) or bundled_folder("texts"), rebuild=rebuild)
    except LexcstoError as err:
        fail(err)
    state = index.state()
    if fmt == "json":
        print_json({**asdict(state), "refreshed": asdict(state.refreshed)})
        return
    r = state.refreshed
    done = (
        "rebuilt"
        if rebuild or r.rebuilt
        else f"refreshed: {r.added} added, {r.changed} changed, {r.removed} removed"
        if r.touched
        else "up to date"
    )
    sys.stdout.write(
        f"index {state.path}\n"
        f"of    {state.folder}\n"
        f"{state.files} files, {state.works} works, {state.expressions} expressions, "
        f"{state.passages} articles and other units with text; {state.bytes / 1e6:.1f} MB; {done}\n"
    )


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help='Words, "a phrase" (quoted), a prefix* ; AND, OR, NOT.')],
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="Only the text in force that day (YYYY-MM-DD).")
    ] = None,
    language: TextLangOption = None,
    work: Annotated[
        str | None, typer.Option("--work", help="Only this instrument (short name or URI).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many hits.")] = 20,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
) -> None:
    """Full-text search, best hits first: the provision, its version and the words around the match.
    As at a date, only the text in force that day is searched."""
    from lexcsto.corpus.search import search

    fmt = chosen_format(fmt, json_out)
    when = parse_date_option(as_at, "--as-at")
    try:
        hits = search(open_corpus(corpus), query, as_at=when, language=language, work=work, limit=limit)
    except LexcstoError as err:
        fail(err)
    if fmt == "json":
        print_json([h.as_dict() for h in hits])
        return
    if not hits:
        sys.stderr.write("no hits\n")
        raise typer.Exit(1)
    from lexcsto.cli.output import Part, write

    lines: list[list[Part]] = []
    for h in hits:
        lines.append(
            [
                (f"{h.work_short}/{h.eid}", "bold"),
                (f"  {h.label}" if h.label else "", ""),
                (f"  [{h.language} version of {h.version}]", "dim"),
            ]
        )
        body: list[Part] = [("    ", "")]
        for i, part in enumerate(h.snippet.replace("]]", "[[").split("[[")):
            body.append((part, "bold yellow" if i % 2 else ""))
        lines.append(body)
    write(*lines)
