"""``lexcsto site build [-d DIR]`` and ``lexcsto site serve``: the published site, through MkDocs."""

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from lexcsto.cli import app, corpus_folder
from lexcsto.corpus import CORPUS_ENV
from lexcsto.errors import LexcstoError, SiteError

site_app = typer.Typer(
    no_args_is_help=True, help="Build or serve the published site (MkDocs + the lexcsto plugin)."
)
app.add_typer(site_app, name="site")

ConfigOption = Annotated[
    Path | None, typer.Option("-f", "--config", help="The MkDocs config (default: ./mkdocs.yml).")
]
QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="Only warnings and errors.")]


# The site a folder without a mkdocs.yml gets: the bundled corpus and annotations (or ./texts and
# ./annotations when they are there), Material, search, and no pages of its own beyond the generated ones.
DEFAULT_CONFIG = """\
site_name: "lexcsto: the CSTO legal texts"
use_directory_urls: false
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - lexcsto{options}
"""


def _config(path: Path | None) -> Path:
    """The MkDocs config: ``-f FILE``, else ``./mkdocs.yml``, else a default one written to a temporary
    folder, so that ``lexcsto site build`` works outside a checkout too."""
    if path is not None:
        if not path.is_file():
            raise SiteError(path, None, "no such MkDocs config", expected="a mkdocs.yml file")
        return path
    here = Path("mkdocs.yml")
    if here.is_file():
        return here
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="lexcsto-site-"))
    (folder / "docs").mkdir()
    lines = []
    for name in ("texts", "annotations"):
        if Path(name).is_dir():
            lines.append(f"      {name}: {Path(name).resolve()}")
    options = (":\n" + "\n".join(lines)) if lines else ""
    config = folder / "mkdocs.yml"
    config.write_text(DEFAULT_CONFIG.format(options=options), encoding="utf-8")
    return config


def _logging(quiet: bool) -> None:
    import logging

    # Material's end-of-life banner is printed on every build; the design notes the risk once (DESIGN.md §7).
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_lexcsto", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._lexcsto = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)


def _fail(err: Exception) -> NoReturn:
    sys.stderr.write(f"lexcsto: {err}\n")
    raise typer.Exit(1)


@site_app.command("build")
def build(
    site_dir: Annotated[Path, typer.Option("-d", "--site-dir", help="Where to write the site.")] = Path(
        "site"
    ),
    config: ConfigOption = None,
    strict: Annotated[
        bool, typer.Option("--strict/--no-strict", help="Fail on any warning (the default).")
    ] = True,
    quiet: QuietOption = False,
) -> None:
    """Build the site from texts/ and annotations/ into DIR (default: site/)."""
    _logging(quiet)
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    folder = corpus_folder()
    before = os.environ.get(CORPUS_ENV)
    if folder is not None:  # the plugin reads the corpus folder from the environment
        os.environ[CORPUS_ENV] = str(folder.resolve())
    try:
        cfg = load_config(config_file=str(_config(config)), site_dir=str(site_dir.resolve()), strict=strict)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (LexcstoError, MkDocsException) as err:
        _fail(err)
    finally:
        if before is None:
            os.environ.pop(CORPUS_ENV, None)
        else:
            os.environ[CORPUS_ENV] = before
    typer.echo(f"site built in {site_dir}", err=True)


@site_app.command("serve")
def serve(
    config: ConfigOption = None,
    address: Annotated[str, typer.Option("-a", "--dev-addr", help="IP:PORT to serve on.")] = "127.0.0.1:8000",
    quiet: QuietOption = False,
) -> None:
    """Serve the site locally, rebuilding when texts/, annotations/ or docs/ change."""
    _logging(quiet)
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    try:
        mkdocs_serve(config_file=str(_config(config)), dev_addr=address, livereload=True)
    except (LexcstoError, MkDocsException) as err:
        _fail(err)
