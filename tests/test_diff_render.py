"""Golden files: the Article 4 redline and translation view in every format, through the command line.

Regenerate after a deliberate change with ``LEXCSTO_UPDATE_GOLDEN=1 pytest tests/test_diff_render.py``.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexcsto.cli import app

GOLDEN = Path(__file__).parent / "golden" / "diff"
UPDATE = os.environ.get("LEXCSTO_UPDATE_GOLDEN") == "1"
EXT = {"text": "txt", "html": "html", "md": "md", "json": "json"}
ART4 = ["diff", "cst/art_4", "--from", "1992-05-15", "--to", "2012-12-19"]

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def check(name: str, out: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("fmt", list(EXT))
def test_article_4_redline(fmt: str) -> None:
    check(f"art_4.{EXT[fmt]}", run(*ART4, "--format", fmt))


@pytest.mark.parametrize("fmt", list(EXT))
def test_article_4_translations(fmt: str) -> None:
    check(f"art_4.translations.{EXT[fmt]}", run("translations", "cst/art_4", "--format", fmt))


def test_article_4_redline_wording_hidden() -> None:
    check("art_4.wording-hidden.txt", run(*ART4, "--wording", "hide"))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs).get("class") or ""))
        if tag not in ("br", "meta"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag


def test_html_marks_kinds_with_classes_and_never_uses_ins_del_for_unknown() -> None:
    parser = _Tags()
    parser.feed(run(*ART4, "--format", "html"))
    assert parser.stack == []
    ins_del = {(t, c) for t, c in parser.tags if t in ("ins", "del")}
    assert ins_del == {
        ("ins", "lx-substantive"),
        ("del", "lx-substantive"),
        ("ins", "lx-wording"),
        ("del", "lx-wording"),
    }
    assert ("span", "lx-unknown") in parser.tags


def test_json_carries_the_contract_fields() -> None:
    data = json.loads(run(*ART4, "--format", "json"))
    assert data["from"].endswith("/cst/eng@1992-05-15")
    assert data["to"].endswith("/cst/eng@2012-12-19")
    assert (data["from_source"], data["to_source"]) == ("seed-004", "seed-002")
    for op in data["ops"]:
        assert op["op"] in ("equal", "insert", "delete")
        assert op["kind"] in ("substantive", "wording", "unknown", None)
        assert "text" in op
        assert "attribution" in op
    old = "".join(o["text"] for o in data["ops"] if o["op"] != "insert")
    new = "".join(o["text"] for o in data["ops"] if o["op"] != "delete")
    assert "by any State or group of States" in old
    assert "at the request of that participating state" in new


def test_text_is_readable_without_colour() -> None:
    out = run(*ART4)
    assert "\x1b[" not in out
    assert "will {+immediately+} provide" in out
    assert "[-by any State or group of States-]" in out
    assert "[~States Parties~>states - participants~]" in out
    assert "[?not in source?]" in out
