"""The command-line reference page (docs/library/cli.md on the site) is generated from the typer app: every
command and group, the global options and their environment variable (issue 17's "a CLI reference page is
generated from the commands themselves")."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import typer.main

from lexcsto.cli import app

HOOK = Path(__file__).parent.parent / "docs" / "hooks" / "cli_reference.py"


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_reference", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _leaf_commands(group: Any, prefix: str) -> set[str]:
    ctx = group.context_class(group, info_name=prefix)
    out: set[str] = set()
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        full = f"{prefix} {name}"
        out |= _leaf_commands(cmd, full) if hasattr(cmd, "list_commands") else {full}
    return out


def test_every_command_has_its_section_with_every_option() -> None:
    page = _hook().reference()
    sections = set(re.findall(r"^## (lexcsto.*)$", page, re.MULTILINE))
    root = typer.main.get_command(app)
    assert sections == _leaf_commands(root, "lexcsto") | {"lexcsto"}
    diff = page.split("## lexcsto diff\n", 1)[1].split("\n## ", 1)[0]
    for option in ("--from", "--to", "--from-source", "--format", "--json", "--wording", "--lang"):
        assert "&#45;&#45;" + option[2:].replace("-", "&#45;") in diff, option


def test_the_global_options_and_groups_are_documented() -> None:
    page = _hook().reference()
    top = page.split("## lexcsto\n", 1)[1].split("\n## ", 1)[0]
    assert "&#45;&#45;corpus" in top
    assert "&#45;&#45;version" in top
    assert "LEXCSTO&#95;CORPUS" in top
    assert "`lexcsto annotations`" in top
    assert "`lexcsto site`" in top
