"""Comparing versions from the command line: ``lexcsto diff`` and ``lexcsto translations``."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lexcsto.cli import (
    CorpusOption,
    JsonOption,
    TextLangOption,
    address,
    app,
    chosen_format,
    fail,
    open_corpus,
    parse_date_option,
    provision_address,
)
from lexcsto.errors import LexcstoError

if TYPE_CHECKING:  # imported inside the commands: the comparison tables and rich are not needed for --help
    from rich.console import Console

    from lexcsto.compare.classification import Glossary

# The formats of lexcsto.render.FORMATS, spelled out: importing the renderers is not for --help.
FORMATS = ("text", "html", "md", "json")
FormatOption = Annotated[str, typer.Option("--format", help="Output format: text | html | md | json.")]
WordingOption = Annotated[
    str, typer.Option("--wording", help="show: mark wording changes; hide: show only the new wording")
]
GlossaryOption = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="A glossary of equivalent renderings instead of the bundled one.",
        show_default=False,
    ),
]


def _glossary(path: Path | None, classify: bool) -> "Glossary | str | None":
    if not classify:
        return None
    from lexcsto.compare.classification import load_glossary

    return load_glossary(path) if path else "auto"


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def diff(
    target: Annotated[
        str,
        typer.Argument(
            help="A provision (cst/art_4, 'CST art. 4') or a work (cst) for the whole instrument."
        ),
    ],
    from_: Annotated[str, typer.Option("--from", help="a date (version in force that day) or an expression")],
    to: Annotated[str, typer.Option("--to", help="a date (version in force that day) or an expression")],
    from_source: Annotated[
        str | None, typer.Option("--from-source", help="translation (source id), e.g. seed-004")
    ] = None,
    to_source: Annotated[
        str | None, typer.Option("--to-source", help="translation (source id), e.g. seed-002")
    ] = None,
    fmt: FormatOption = "text",
    json_out: JsonOption = False,
    wording: WordingOption = "show",
    classify: Annotated[
        bool, typer.Option("--classify/--no-classify", help="tell wording from substance with the glossary")
    ] = True,
    glossary: GlossaryOption = None,
    language: TextLangOption = None,
    corpus: CorpusOption = None,
) -> None:
    """Redline a provision (or a whole instrument) between two versions, e.g.
    lexcsto diff cst/art_4 --from 1992-05-15 --to 2012-12-19."""
    from lexcsto.compare.redline import diff as diff_versions
    from lexcsto.render import render
    from lexcsto.render.terminal import redline_text

    try:
        fmt = chosen_format(fmt, json_out, FORMATS)
        _check(wording)
        c = open_corpus(corpus)
        work, eid = address(c, target, work_only=True)
        redline = diff_versions(
            c,
            work,
            eid,
            old=from_,
            new=to,
            old_source=from_source,
            new_source=to_source,
            language=c.language_of(work, language),
            glossary=_glossary(glossary, classify),
        )
        if fmt == "text" and sys.stdout.isatty():
            _console().print(redline_text(redline, wording=wording), end="")
        else:
            _out(render(redline, fmt, wording=wording))
    except LexcstoError as err:
        fail(err)


@app.command()
def translations(
    target: Annotated[str, typer.Argument(help="A provision: cst/art_4, cst/4 or 'CST art. 4'.")],
    version: Annotated[
        str | None, typer.Option("--version", help="version date (default: the original text)")
    ] = None,
    base: Annotated[str | None, typer.Option("--base", help="source id of the base rendering")] = None,
    fmt: FormatOption = "text",
    json_out: JsonOption = False,
    wording: WordingOption = "show",
    glossary: GlossaryOption = None,
    language: TextLangOption = None,
    corpus: CorpusOption = None,
) -> None:
    """The renderings of one version of a provision side by side, each compared with the base one."""
    from lexcsto.compare.translations import translations as translation_view
    from lexcsto.render import render_translations
    from lexcsto.render.terminal import translations_text

    try:
        fmt = chosen_format(fmt, json_out, FORMATS)
        _check(wording)
        when = parse_date_option(version, "--version")
        c = open_corpus(corpus)
        work, eid = provision_address(c, target)
        view = translation_view(
            c,
            work,
            eid,
            version=when,
            base=base,
            language=c.language_of(work, language),
            glossary=_glossary(glossary, True),
        )
        if fmt == "text" and sys.stdout.isatty():
            _console().print(translations_text(view, wording=wording), end="")
        else:
            _out(render_translations(view, fmt, wording=wording))
    except LexcstoError as err:
        fail(err)


def _console() -> "Console":
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _check(wording: str) -> None:
    if wording not in ("show", "hide"):
        raise typer.BadParameter(f"{wording!r} (expected show | hide)", param_hint="--wording")
