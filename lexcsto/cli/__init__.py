"""The ``lexcsto`` command: thin wrappers that parse arguments, call the library and print.

Every command turns a :class:`~lexcsto.errors.LexcstoError` into ``path:line: message`` on standard error
and exit status 1.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

from lexcsto.errors import LexcstoError, QueryError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


def main() -> None:
    app()


# Command modules register themselves on `app`; imported last so that `app` exists.
import lexcsto.cli.annotations  # noqa: E402, F401  (not `from`: `annotations` is the __future__ name here)
from lexcsto.cli import corpus, diff, importer, nlp, site  # noqa: E402, F401
