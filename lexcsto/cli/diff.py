"""Comparing versions from the command line: ``lexcsto diff`` and ``lexcsto translations``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import lexcsto
from lexcsto.cli import app, fail, parse_date_option, parse_target
from lexcsto.errors import LexcstoError, QueryError

if TYPE_CHECKING:  # imported inside the commands: the comparison tables and rich are not needed for --help
    from rich.console import Console

    from lexcsto.compare.classification import Glossary
    from lexcsto.corpus.queries import Corpus

FormatOption = Annotated[str, typer.Option("--format", "-f", help="text | html | md | json")]
WordingOption = Annotated[
    str, typer.Option("--wording", help="show: mark wording changes; hide: show only the new wording")
]
CorpusOption = Annotated[
    Path | None,
    typer.Option("--corpus", help="A corpus folder instead of the bundled one.", show_default=False),
]
GlossaryOption = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="A glossary of equivalent renderings instead of the bundled one.",
        show_default=False,
    ),
]


def _split(corpus: Corpus, target: str) -> tuple[str, str | None]:
    """``WORK/EID`` or just ``WORK`` (a short name or work URI) for the whole instrument."""
    try:
        corpus.work(target.rstrip("/"))
    except QueryError:
        return parse_target(target)
    return target.rstrip("/"), None


def _glossary(path: Path | None, classify: bool) -> Glossary | str | None:
    if not classify:
        return None
    from lexcsto.compare.classification import load_glossary

    return load_glossary(path) if path else "auto"


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def diff(
    target: Annotated[str, typer.Argument(help="WORK/EID (cst/art_4) or WORK for the whole instrument")],
    from_: Annotated[str, typer.Option("--from", help="a date (version in force that day) or an expression")],
    to: Annotated[str, typer.Option("--to", help="a date (version in force that day) or an expression")],
    from_source: Annotated[
        str | None, typer.Option("--from-source", help="translation (source id), e.g. seed-004")
    ] = None,
    to_source: Annotated[
        str | None, typer.Option("--to-source", help="translation (source id), e.g. seed-002")
    ] = None,
    fmt: FormatOption = "text",
    wording: WordingOption = "show",
    classify: Annotated[
        bool, typer.Option("--classify/--no-classify", help="tell wording from substance with the glossary")
    ] = True,
    glossary: GlossaryOption = None,
    language: Annotated[str, typer.Option("--language", help="eng or rus")] = "eng",
    corpus: CorpusOption = None,
) -> None:
    """Redline a provision (or a whole instrument) between two versions, e.g.
    ``lexcsto diff cst/art_4 --from 1992-05-15 --to 2012-12-19``."""
    from lexcsto.compare.redline import diff as diff_versions
    from lexcsto.render import render
    from lexcsto.render.terminal import redline_text

    try:
        _check(fmt, wording)
        c = lexcsto.load(corpus)
        work, eid = _split(c, target)
        redline = diff_versions(
            c,
            work,
            eid,
            old=from_,
            new=to,
            old_source=from_source,
            new_source=to_source,
            language=language,
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
    target: Annotated[str, typer.Argument(help="WORK/EID, e.g. cst/art_4")],
    version: Annotated[
        str | None, typer.Option("--version", help="version date (default: the original text)")
    ] = None,
    base: Annotated[str | None, typer.Option("--base", help="source id of the base rendering")] = None,
    fmt: FormatOption = "text",
    wording: WordingOption = "show",
    glossary: GlossaryOption = None,
    language: Annotated[str, typer.Option("--language", help="eng or rus")] = "eng",
    corpus: CorpusOption = None,
) -> None:
    """The renderings of one version of a provision side by side, each compared with the base one."""
    from lexcsto.compare.translations import translations as translation_view
    from lexcsto.render import render_translations
    from lexcsto.render.terminal import translations_text

    try:
        _check(fmt, wording)
        when = parse_date_option(version, "--version")
        c = lexcsto.load(corpus)
        work, eid = parse_target(target)
        view = translation_view(
            c, work, eid, version=when, base=base, language=language, glossary=_glossary(glossary, True)
        )
        if fmt == "text" and sys.stdout.isatty():
            _console().print(translations_text(view, wording=wording), end="")
        else:
            _out(render_translations(view, fmt, wording=wording))
    except LexcstoError as err:
        fail(err)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _check(fmt: str, wording: str) -> None:
    from lexcsto.render import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"{fmt!r} is not a format (expected {' | '.join(FORMATS)})", param_hint="--format"
        )
    if wording not in ("show", "hide"):
        raise typer.BadParameter(f"{wording!r} (expected show | hide)", param_hint="--wording")
