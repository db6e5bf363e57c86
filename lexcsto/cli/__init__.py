"""The ``lexcsto`` command: thin wrappers that parse arguments, call the library and print.

The conventions every command keeps (README "Use", docs/library/cli.md):

- an address (``WORK/EID``) may be written as a citation: ``cst/art_4``, ``cst/4``, ``"CST art. 4"``,
  ``"Article 4 of the Collective Security Treaty"``, ``"ст. 4 ДКБ"`` (:mod:`lexcsto.nlp.addresses`);
- ``--format`` (``text`` by default) on every command that prints data, ``--json`` its shorthand;
- ``--lang`` accepts ``eng``/``en``/``rus``/``ru``;
- JSON keys are snake_case (``eid``, ``in_force``);
- exit status 0 on success and 1 on any error, a usage error included; every error is one line on
  standard error, ``lexcsto: [path:line: ]what is wrong (what was expected)``.

Start-up (issue 13): ``lexcsto --help`` must cost little more than starting Python with lxml, so every
command module imports what a command needs inside the command, and the command modules do not use
``from __future__ import annotations``: Typer would ``eval`` every string annotation of every command on
each start (three quarters of the time it took to build the commands). Types that exist only for the type
checker are written in quotes instead. tests/test_startup.py checks what start-up imports.
"""

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

# Typer carries its own copy of Click (since 0.29); its exceptions and parameter classes are those.
from typer._click import core as click_core
from typer._click import exceptions as click_errors
from typer.core import TyperArgument, TyperGroup, TyperOption

from lexcsto.corpus import CORPUS_ENV
from lexcsto.corpus.vocabulary import language
from lexcsto.errors import LexcstoError, QueryError

if TYPE_CHECKING:
    from lexcsto.corpus.queries import Corpus

EXIT_OK = 0
EXIT_ERROR = 1  # every failure: a usage error, a LexcstoError, a check that found problems


def _plain_metavars(command: click_core.Command) -> None:
    """Help that shows ``--format FORMAT``, not the Python types Typer prints (``<str>``,
    ``<list[Path]>``): the placeholder is the parameter's own name, which is what a reader types."""
    for param in command.params:
        if isinstance(param, TyperOption) and (param.is_flag or param.count):
            continue
        longs = [o for o in param.opts if o.startswith("--")]
        placeholder = (longs[0][2:] if longs else param.name or "value").upper()
        if isinstance(param, TyperArgument) and param.nargs != 1:
            placeholder += "..."  # Typer 0.28 shows a set metavar as it is (0.29 appended the type to it)
        if param.metavar is None:
            param.metavar = placeholder
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _plain_metavars(sub)


def usage_line(err: click_errors.UsageError) -> str:
    """A usage error as every other error is printed: one line, what was expected in parentheses."""
    message = err.format_message().strip().replace("\n", " ").rstrip(".")
    command = err.ctx.command_path.partition(" ")[2] if err.ctx is not None else ""
    path = f"lexcsto {command}" if command else "lexcsto"
    return (f"{command}: " if command else "") + f"{message} (see {path} --help)"


class LexcstoGroup(TyperGroup):
    """The top-level command: one error convention for usage errors and the library's own errors
    (one line on standard error, exit 1), where Typer would draw a boxed panel and exit 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _plain_metavars(self)
        try:
            rv = super().main(args, prog_name or "lexcsto", complete_var, standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) and not isinstance(rv, bool) else EXIT_OK
        except click_errors.NoArgsIsHelpError as err:
            sys.stdout.write(err.format_message().rstrip("\n") + "\n")  # the help itself
            code = EXIT_OK
        except click_errors.UsageError as err:
            sys.stderr.write(f"lexcsto: {usage_line(err)}\n")
            code = EXIT_ERROR
        except LexcstoError as err:
            sys.stderr.write(f"lexcsto: {err}\n")
            code = EXIT_ERROR
        except typer.Abort:
            sys.stderr.write("lexcsto: aborted\n")
            code = EXIT_ERROR
        except click_errors.ClickException as err:
            sys.stderr.write(f"lexcsto: {err.format_message()}\n")
            code = EXIT_ERROR
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=LexcstoGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help panels import rich's markdown and syntax machinery, a quarter of a
    # second on every --help (DESIGN: the command line starts instantly).
    rich_markup_mode=None,
    help="The CSTO legal texts, or any Akoma Ntoso corpus: read, compare, annotate, publish.",
)


def _version(value: bool) -> None:
    if value:
        from lexcsto import __version__

        sys.stdout.write(f"lexcsto {__version__}\n")
        raise typer.Exit(EXIT_OK)


@dataclass
class _Options:
    corpus: Path | None = None


GLOBAL = _Options()


@app.callback()
def _root(
    version: Annotated[  # noqa: ARG001  (handled by its eager callback)
        bool,
        typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_version),
    ] = False,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            envvar=CORPUS_ENV,
            help="A folder of AKN files from any producer instead of the bundled CSTO corpus.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The CSTO legal texts, or any Akoma Ntoso corpus: read, compare, annotate, publish."""
    GLOBAL.corpus = folder


def corpus_folder(local: Path | None = None) -> Path | None:
    """The corpus folder a command reads: its own ``--corpus``, else the global one (or $LEXCSTO_CORPUS),
    else None for the bundled corpus."""
    if local is not None:
        return local
    if GLOBAL.corpus is not None:
        return GLOBAL.corpus
    env = os.environ.get(CORPUS_ENV)
    return Path(env) if env else None


def open_corpus(local: Path | None = None, *, parties: bool = False) -> "Corpus":
    """Load the corpus a command reads; each file left out is reported on standard error, the rest loads.

    Commands answer from the folder's index (built on first use, refreshed file by file: issue 13), so that
    a command parses only the files of the works it shows; a folder the index cannot hold is read whole.
    The parties files are read (and a parties file left out reported) only by a command that asks about
    parties (``parties=True``): the others never need their YAML."""
    from lexcsto.corpus.bundled import bundled_folder
    from lexcsto.corpus.queries import load_corpus

    loaded = load_corpus(corpus_folder(local) or bundled_folder("texts"), index=True)
    for problem in loaded.problems if parties else loaded.file_problems:
        if problem.severity == "error":
            sys.stderr.write(f"lexcsto: warning: {problem}\n")
    return loaded


# ----------------------------------------------------------------------------------- shared options


def lang_value(value: str | None) -> str | None:
    """``--lang``'s value as the corpus codes it (``en`` -> ``eng``); anything else is a usage error."""
    if value is None:
        return None
    try:
        return language(value.strip().lower())
    except QueryError:
        raise typer.BadParameter(f"{value!r} is not a language (expected eng, en, rus or ru)") from None


def path_value(value: str) -> Path:
    """A path argument as given; an empty one is a usage error (``Path("")`` would be the current folder).

    Used as ``parser=`` so that it sees the string before it becomes a ``Path``.
    """
    if value == "":
        raise typer.BadParameter("an empty path (expected a file or folder name)")
    return Path(value)


LangOption = Annotated[
    str, typer.Option("--lang", help="Language: eng (en) or rus (ru).", callback=lang_value)
]


def corpus_lang_value(ctx: typer.Context, value: str | None) -> str | None:
    """``--lang`` of a command that reads texts: for the bundled corpus as :func:`lang_value`; for another
    corpus folder ``en``/``ru`` as ``eng``/``rus`` and any other ISO 639 code as written (someone else's
    corpus may be Italian, or Spanish written ``es``); anything else is a usage error."""
    if value is None:
        return None
    local = ctx.params.get("corpus")
    if corpus_folder(local if isinstance(local, Path) else None) is None:
        return lang_value(value)
    from lexcsto.corpus.arguments import as_corpus_language

    try:
        return as_corpus_language(value)
    except QueryError:
        raise typer.BadParameter(
            f"{value!r} is not a language (expected an ISO 639 code: eng, ita, es, ...)"
        ) from None


TextLangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the text: eng (en), rus (ru) or any the corpus holds "
        "(default: English, else the language the work has).",
        callback=corpus_lang_value,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


CorpusOption = Annotated[
    Path | None,
    typer.Option("--corpus", help="A corpus folder instead of the bundled one.", show_default=False),
]


TextJsonFormat = Annotated[str, typer.Option("--format", help="Output format: text | json.")]


def chosen_format(fmt: str, json_out: bool, formats: Sequence[str] = ("text", "json")) -> str:
    """The format asked for: ``--json`` is ``--format json``; anything not in ``formats`` is a usage error.

    >>> chosen_format("text", True)
    'json'
    """
    if json_out:
        if fmt not in (formats[0], "json"):
            raise typer.BadParameter(f"--json and --format {fmt} contradict each other", param_hint="--json")
        fmt = "json"
    if fmt not in formats:
        raise typer.BadParameter(
            f"{fmt!r} is not a format here (expected {' | '.join(formats)})", param_hint="--format"
        )
    return fmt


def fail(err: LexcstoError) -> NoReturn:
    """Print an error the way every command does, and exit 1."""
    sys.stderr.write(f"lexcsto: {err}\n")
    raise typer.Exit(EXIT_ERROR)


def address(c: "Corpus", target: str, *, work_only: bool = False) -> tuple[str, str | None]:
    """The work URI and eId an address names (``cst/art_4``, ``"CST art. 4"``, the full AKN form
    ``WORK_URI/!main~EID`` as hrefs are written, ...); with ``work_only``, an address naming a whole work
    gives ``(uri, None)``."""
    from lexcsto.nlp.addresses import resolve_address

    if "~" in target:
        from lexcsto.corpus.uri import split_href

        uri, eid = split_href(target.strip())
        if uri and eid:
            work = c.work(uri)
            if not any(eid in c.provisions_index(e) for e in work.expressions):
                raise QueryError(
                    None, None, f"no provision {eid!r} in {work.short}", expected="an eId of the work"
                )
            return work.uri, eid

    found = resolve_address(c, target, work_only=work_only)
    return found.work.uri, found.eid


def provision_address(c: "Corpus", target: str) -> tuple[str, str]:
    """The work URI and eId of the provision an address names (a whole work is an error)."""
    work, eid = address(c, target)
    assert eid is not None  # resolve_address refuses a whole work unless work_only
    return work, eid


def parse_target(target: str) -> tuple[str, str]:
    """Split ``WORK/EID`` (``cst/art_4``) literally, without a corpus; the work may be a short name or URI.

    >>> parse_target("cst/art_4")
    ('cst', 'art_4')
    >>> parse_target("/akn/aa-csto/act/treaty/1992-05-15/cst/art_4__para_2")
    ('/akn/aa-csto/act/treaty/1992-05-15/cst', 'art_4__para_2')
    """
    work, sep, eid = target.rstrip("/").rpartition("/")
    if not sep or not work or not eid:
        raise QueryError(None, None, f"{target!r} is not WORK/EID", expected="e.g. cst/art_4")
    return work, eid


def print_json(data: Any) -> None:
    """JSON on standard output, as every ``--format json`` prints it (UTF-8 kept, dates as ISO strings)."""
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def parse_date_option(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value; anything else is a usage error naming the option.

    >>> parse_date_option("2011-06-01", "--as-at")
    datetime.date(2011, 6, 1)
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (expected YYYY-MM-DD)", param_hint=option
        ) from None


def main() -> None:
    app()


# Command modules register themselves on `app`; imported last so that `app` exists.
import lexcsto.cli.annotations  # noqa: E402, F401  (not `from`: `annotations` is the __future__ name here)
from lexcsto.cli import consolidate, corpus, diff, fulltext, importer, membership, nlp, site  # noqa: E402, F401
