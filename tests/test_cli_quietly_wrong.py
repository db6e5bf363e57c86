"""Issue 17, "quietly wrong" and "human output": each case printed something plausible and wrong; each test
fails on the old behaviour."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from import_support import FIXTURES
from typer.testing import CliRunner

import lexcsto
from lexcsto.cli import app

runner = CliRunner()

IMPORT = ["import", str(FIXTURES / "treaty_en.txt"), "--work", "/akn/aa-csto/act/treaty/2001-01-01/synthetic",
          "--lang", "eng", "--date", "2001-01-01", "--no-refs", "--generated", "2001-01-01"]  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_year_is_a_date_error_not_an_unknown_work() -> None:
    code, _, err = run("diff", "charter", "--from", "2002", "--to", "2010-12-10")
    assert code == 1
    assert "'2002' is not a date" in err
    assert "no work" not in err


def test_incoming_references_include_the_amending_instruments() -> None:
    code, out, _ = run("refs", "cst/art_4", "--incoming", "--json")
    assert code == 0
    rows = json.loads(out)
    protocol = lexcsto.load().work("cst-protocol-2010").uri
    kinds = {r["kind"] for r in rows if r["source_work"] == protocol}
    assert {"destination", "quoted"} <= kinds


def test_a_protocol_point_shows_the_new_text_it_quotes() -> None:
    code, out, _ = run("show", "cst-protocol-2010/para_1__point_c", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["omitted"] is True
    (quoted,) = data["quoted"]
    assert quoted["kind"] == "substitution"
    assert quoted["destination"].endswith("cst/!main~art_4")
    expected = lexcsto.load().work("cst-protocol-2010").modifications[-1].new_provision
    assert expected is not None
    assert quoted["text"] == expected.full_text
    code, text, _ = run("show", "cst-protocol-2010/para_1__point_c")
    assert "the new text as quoted" in text
    assert expected.full_text.split("\n\n")[0] in text


def test_reversing_a_diff_keeps_its_counts() -> None:
    for target in ("cst/art_4", "cst"):
        _, forward, _ = run("diff", target, "--from", "1992-05-15", "--to", "2012-12-19", "--json")
        _, backward, _ = run("diff", target, "--from", "2012-12-19", "--to", "1992-05-15", "--json")
        a, b = json.loads(forward), json.loads(backward)
        assert a["counts"] == b["counts"]
        assert (b["from"], b["to"]) == (a["to"], a["from"])


def test_import_refuses_a_source_the_corpus_does_not_list(tmp_path: Path) -> None:
    corpus = tmp_path / "texts"
    corpus.mkdir()
    (corpus / "sources.yaml").write_text(
        "- id: synthetic\n  file: synthetic.txt\n  title: A synthetic source\n  kind: test\n  date: '2001'\n",
        encoding="utf-8",
    )
    code, _, err = run(*IMPORT, "--source", "not-listed", "-o", str(corpus))
    assert code == 1
    assert "--source 'not-listed' is not in the sources of this corpus" in err
    assert list(corpus.rglob("*.xml")) == []
    code, _, err = run(*IMPORT, "--source", "synthetic", "-o", str(corpus))
    assert code == 0, err


def test_import_o_creates_no_folders(tmp_path: Path) -> None:
    for out in (tmp_path / "no" / "such" / "file.xml", tmp_path / "no-such-corpus"):
        code, _, err = run(*IMPORT, "--source", "synthetic", "-o", str(out))
        assert code == 1
        assert "no such" in err
    assert list(tmp_path.iterdir()) == []


def test_prose_names_provisions_and_counts_in_words() -> None:
    _, out, _ = run("diff", "cst/art_4", "--from", "1992-05-15", "--to", "2012-12-19")
    assert "point c of paragraph 1" in out
    assert "item para_1__point_c" not in out
    assert "amod_" not in out
    _, out, _ = run("translations", "cst/art_4", "--version", "2012-12-19")
    assert "1 rendering of" in out
    assert "1 renderings" not in out


def test_site_build_needs_no_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lexcsto.cli.site import _config

    monkeypatch.chdir(tmp_path)  # no mkdocs.yml here
    config = _config(None)
    text = config.read_text(encoding="utf-8")
    assert "- lexcsto" in text
    assert (config.parent / "docs").is_dir()
    (tmp_path / "texts").mkdir()
    assert f"texts: {tmp_path / 'texts'}" in _config(None).read_text(encoding="utf-8")
    code, _, err = run("site", "build", "-f", str(tmp_path / "missing.yml"))
    assert code == 1
    assert "no such MkDocs config" in err


SAME_LINE_HEADINGS = {
    "eng": "AGREEMENT ON SYNTHETIC MATTERS\nThe Parties have agreed as follows:\nArticle 1. Definitions\n"
    "1. For the purposes of this Agreement, a widget is a synthetic thing.\n2. A gadget is another one.\n"
    "Article 2. Scope\n1. This Agreement applies to widgets.\n2. It does not apply to gadgets.\n",
    "rus": "СОГЛАШЕНИЕ О СИНТЕТИЧЕСКИХ ВОПРОСАХ\nСтороны согласились о нижеследующем:\nСтатья 1. Определения\n"
    "1. Для целей настоящего Соглашения виджет есть синтетическая вещь.\n2. Гаджет есть другая вещь.\n"
    "Статья 2. Сфера применения\n1. Настоящее Соглашение применяется к виджетам.\n2. Оно не применяется к гаджетам.\n",
}  # written for this test: a synthetic agreement, no treaty text


@pytest.mark.parametrize("lang", ["eng", "rus"])
def test_a_heading_on_the_article_line_keeps_paragraph_1(tmp_path: Path, lang: str) -> None:
    source = tmp_path / f"{lang}.txt"
    source.write_text(SAME_LINE_HEADINGS[lang], encoding="utf-8")
    code, out, err = run("import", str(source), "--work", "/akn/aa-csto/act/agreement/2001-01-01/synthetic",
                         "--lang", lang, "--date", "2001-01-01", "--source", "synthetic", "--no-refs",
                         "--generated", "2001-01-01")  # fmt: skip
    assert code == 0, err
    for article in ("art_1", "art_2"):
        assert f'<paragraph eId="{article}__para_1">' in out
    assert "<intro>" not in out


SOURCE_IDS = re.compile(r"\bseed-\d{3}\b|/akn/|\b(?:art|para|point)_\w+")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_diff_names_versions_by_date_language_and_source_title(fmt: str) -> None:
    """The header of a redline names each side as a reader does (its version date, language and the title of
    its source from sources.yaml), and each provision by number; source ids, URIs and eIds are for --json."""
    code, out, _ = run("diff", "cst/art_4", "--from", "1992-05-15", "--to", "2012-12-19", "--format", fmt)
    assert code == 0
    shown = re.sub(r'data-[a-z]+="[^"]*"', "", out)  # HTML attributes may carry ids for scripts
    assert SOURCE_IDS.findall(shown) == []
    assert (
        "1992-05-15 version · English · “Introduction to the Collective Security Treaty Organization”" in out
    )
    assert "gaps filled from “Collective Security Treaty Organisation 2002-2012" in out
    assert "2012-12-19 version · English · “Partnership and Observation” (web page, undated)" in out
    assert "paragraph 3 of Article 4" in out
    code, out, _ = run("diff", "cst/art_4", "--from", "1992-05-15", "--to", "2012-12-19", "--json")
    data = json.loads(out)
    assert (data["from_source"], data["from_witnesses"], data["to_source"]) == (
        "seed-004",
        ["seed-003"],
        "seed-002",
    )
    assert data["source_labels"]["seed-002"] == "“Partnership and Observation” (web page, undated)"


def test_a_reversed_diff_names_its_sides_the_other_way() -> None:
    code, out, _ = run("diff", "cst/art_4", "--from", "2012-12-19", "--to", "1992-05-15")
    assert code == 0
    head = out.splitlines()
    assert head[1].startswith("from 2012-12-19 version")
    assert "Partnership and Observation" in head[1]
    assert head[2].startswith("to   1992-05-15 version")
    assert "gaps filled from" in head[2]


def test_translations_name_their_sources_and_provisions() -> None:
    code, out, _ = run("translations", "cst/art_4")
    assert code == 0
    assert (
        SOURCE_IDS.findall(out.replace("source 00", "")) == []
    )  # "quoted in source 004" is the label's prose
    assert "[1] “Introduction to the Collective Security Treaty Organization” (web page, 2024) (base)" in out
    assert "\nparagraph 2 of Article 4\n" in out


@pytest.mark.parametrize("incoming", [False, True])
def test_refs_name_works_provisions_and_versions(incoming: bool) -> None:
    args = ["refs", "cst/art_4"] + (["--incoming"] if incoming else [])
    code, out, _ = run(*args)
    assert code == 0
    assert out
    assert SOURCE_IDS.findall(out) == []
    if incoming:
        assert (
            "Protocol on Amendment of the CST, point c of paragraph 1 amends Collective Security Treaty, Article 4 "
            "(substitution) in 2010-12-10 version · English · “Partnership and Observation”"
        ) in out
    else:
        assert (
            "Collective Security Treaty, paragraph 2 of Article 4 cites Charter of the United Nations, Article 51: "
            "'Article 51 of the UN Charter' in 2012-12-19 version · English · “Partnership and Observation”"
        ) in out
    code, out, _ = run(*args, "--json")
    assert all(r["source_eid"] and r["source_work"].startswith("/akn/") for r in json.loads(out))


def test_show_names_its_version_and_sources_by_title() -> None:
    code, out, _ = run("show", "cst/art_4", "--as-at", "2011-06-01")
    assert code == 0
    assert SOURCE_IDS.findall(out) == []
    assert (
        "1992-05-15 version · English · “Introduction to the Collective Security Treaty Organization”" in out
    )
    assert "[from “Collective Security Treaty Organisation 2002-2012" in out
    assert "Base text from “Introduction to the Collective Security Treaty Organization”" in out
    code, out, _ = run("show", "art 4(2) cst")
    assert out.splitlines()[0] == "Collective Security Treaty, paragraph 2 of Article 4"


def test_the_readmes_python_imports_names_that_are_not_deprecated() -> None:
    """A new user copying the README's Use section got a DeprecationWarning (lexcsto.nlp.pipeline.annotate is
    now tag): every name it imports resolves without one."""
    import ast
    import importlib
    import warnings

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert blocks
    imported = [
        (node.module, alias.name)
        for block in blocks
        for node in ast.walk(ast.parse(block))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lexcsto")
        for alias in node.names
    ]
    assert imported
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        for module, name in imported:
            getattr(importlib.import_module(module), name)
