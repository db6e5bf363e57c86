"""MkDocs hook: generate the command-line reference (library/cli.md) from the typer app itself.

The reference is made from the commands' own help at build time, so it cannot drift from the code.
A hook (not the lexcsto plugin) because the CLI sits above the site in the package layers.
"""

from __future__ import annotations

from typing import Any

import typer.main
from mkdocs.structure.files import File, Files

from lexcsto.cli import app
from lexcsto.site.markup import md

PATH = "library/cli.md"


def _commands(group: Any, prefix: str) -> list[tuple[str, Any]]:
    # typer builds on a vendored click: duck-type its groups, commands and parameters.
    out: list[tuple[str, Any]] = []
    ctx = group.context_class(group, info_name=prefix)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        full = f"{prefix} {name}"
        if hasattr(cmd, "list_commands"):
            out.extend(_commands(cmd, full))
        else:
            out.append((full, cmd))
    return out


def reference() -> str:
    root = typer.main.get_command(app)
    lines = [
        "# Command line",
        "",
        "Every command of `lexcsto`, generated from the commands' own help (`lexcsto --version` prints the",
        "version).",
        "",
        "## Conventions",
        "",
        "- **Addresses**: wherever a provision is asked for, `WORK/EID` or a citation as the NLP reads one:",
        "  `cst/art_4`, `cst/4`, `\"CST art. 4\"`, `\"Article 4 of the Collective Security Treaty\"`,",
        "  `\"ст. 4 ДКБ\"`, `\"art 4(2) cst\"`; an unknown one names the nearest provisions.",
        "- **Output**: `--format` on every command that prints data (`text` by default; `json`, and others",
        "  where they apply), `--json` its shorthand; JSON keys are snake_case (`eid`, `in_force`).",
        "- **Language**: `--lang` takes `eng`, `en`, `rus` or `ru` everywhere.",
        "- **Exit codes**: `0` success, `1` any error (a usage error included, and a check that found",
        "  problems). Every error is one line on standard error:",
        "  `lexcsto: [command: ][path:line: ]what is wrong (what was expected)`.",
        "",
    ]
    # The global options (before any command) and the command groups come from the app too: a reference
    # that listed only the leaf commands left out --corpus and $LEXCSTO_CORPUS, which every command reads.
    lines += _section("lexcsto", root, "Global options, given before the command (`lexcsto --corpus DIR list`).")
    for full, cmd in _commands(root, "lexcsto"):
        lines += _section(full, cmd)
    return "\n".join(lines)


def _groups(group: Any, prefix: str) -> list[tuple[str, Any]]:
    ctx = group.context_class(group, info_name=prefix)
    found = [(f"{prefix} {n}", group.get_command(ctx, n)) for n in group.list_commands(ctx)]
    return [(full, g) for full, g in found if g is not None and hasattr(g, "list_commands")]


def _section(full: str, cmd: Any, intro: str = "") -> list[str]:
    ctx = cmd.context_class(cmd, info_name=full)
    usage = " ".join(cmd.collect_usage_pieces(ctx))
    lines = [f"## {full}", "", md(cmd.help or cmd.short_help or "")]
    if hasattr(cmd, "list_commands"):
        subs = ", ".join(f"`{name}`" for name, _ in _commands(cmd, full) if name.count(" ") == 1)
        groups = "; ".join(f"`{name}`: {md(g.help or g.short_help or '')}" for name, g in _groups(cmd, full))
        lines += ["", intro] if intro else []
        lines += ["", f"Commands: {subs}."] if subs else []
        lines += ["", f"Groups: {groups}"] if groups else []
    lines += ["", "```console", f"$ {full} {usage}", "```", ""]
    rows = []
    for p in cmd.params:
        if p.param_type_name == "argument":
            rows.append(((p.name or "").upper(), p.help or "argument", ""))
        elif p.param_type_name == "option":
            names = ", ".join(p.opts + p.secondary_opts)
            default = (
                ""
                if p.default in (None, False, (), "") or (p.is_flag and not p.default)
                else str(p.default)
            )
            help_text = p.help or ""
            if getattr(p, "envvar", None):
                help_text += f" Environment variable: {p.envvar}."
            rows.append((names, help_text.strip(), default))
    if rows:
        lines += ["| Parameter | Meaning | Default |", "| --- | --- | --- |"]
        lines += [f"| <code>{md(n)}</code> | {md(h)} | {md(d)} |" for n, h, d in rows]
        lines.append("")
    return lines


def on_files(files: Files, config: Any) -> Files:
    files.append(File.generated(config, PATH, content=reference()))
    return files
