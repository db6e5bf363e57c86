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
    for full, cmd in _commands(root, "lexcsto"):
        ctx = cmd.context_class(cmd, info_name=full)
        usage = " ".join(cmd.collect_usage_pieces(ctx))
        lines += [
            f"## {full}",
            "",
            md(cmd.help or cmd.short_help or ""),
            "",
            "```console",
            f"$ {full} {usage}",
            "```",
            "",
        ]
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
                rows.append((names, p.help or "", default))
        if rows:
            lines += ["| Parameter | Meaning | Default |", "| --- | --- | --- |"]
            lines += [f"| <code>{md(n)}</code> | {md(h)} | {md(d)} |" for n, h, d in rows]
            lines.append("")
    return "\n".join(lines)


def on_files(files: Files, config: Any) -> Files:
    files.append(File.generated(config, PATH, content=reference()))
    return files
