"""The ``lexcsto`` command: thin wrappers that parse arguments, call the library and print.

Every command turns a :class:`~lexcsto.errors.LexcstoError` into ``path:line: message`` on standard error
and exit status 1.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, NoReturn

import typer

from lexcsto.errors import LexcstoError, QueryError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help panels import rich's markdown and syntax machinery, a quarter of a
    # second on every --help (DESIGN: the command line starts instantly).
    rich_markup_mode=None,
    help="The CSTO legal texts: read, compare, annotate, publish.",
)


def fail(err: LexcstoError) -> NoReturn:
    """Print an error the way every command does, and exit 1."""
    sys.stderr.write(f"lexcsto: {err}\n")
    raise typer.Exit(1)


def parse_target(target: str) -> tuple[str, str]:
    """Split ``WORK/EID`` (``cst/art_4``); the work may be a short name or a work URI.

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
    """JSON on standard output, as every ``--json`` option prints it (UTF-8 kept, dates as ISO strings)."""
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
from lexcsto.cli import corpus, diff, importer, nlp, site  # noqa: E402, F401
