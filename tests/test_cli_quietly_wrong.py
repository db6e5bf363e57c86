"""Issue 17, "quietly wrong" and "human output": each case printed something plausible and wrong; each test
fails on the old behaviour."""

from __future__ import annotations

import json
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
