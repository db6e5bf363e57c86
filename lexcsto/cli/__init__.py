"""The ``lexcsto`` command: thin wrappers that parse arguments, call the library and print."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="The CSTO legal texts: read, compare, annotate.")


def main() -> None:
    app()
