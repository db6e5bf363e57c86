"""``lexcsto diff`` and ``lexcsto translations``: options, exit codes and error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexcsto.cli import app

runner = CliRunner()
ART4 = ["diff", "cst/art_4", "--from", "1992-05-15", "--to", "2012-12-19"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_wording_hidden_shows_only_the_amendment() -> None:
    code, out, _ = run(*ART4, "--wording", "hide")
    assert code == 0
    body = [line for line in out.splitlines() if line.startswith("  ")]
    assert body
    assert not any("[~" in line for line in body)
    assert "participating states" in out
    assert "{+immediately+}" in out


def test_sources_can_be_chosen() -> None:
    code, out, _ = run(*ART4, "--from-source", "seed-000", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["from_source"] == "seed-000"
    assert data["counts"]["substantive"] > 0


def test_expressions_can_be_named() -> None:
    code, out, _ = run(
        "diff",
        "cst/art_4",
        "--from",
        "eng@1992-05-15[seed-001]",
        "--to",
        "eng@1992-05-15[seed-004]",
        "--format",  # -f is --config (as in mkdocs), no longer --format: issue 17's one convention
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["translation"] is True
    assert data["counts"]["substantive"] == 0


def test_whole_instrument() -> None:
    code, out, _ = run("diff", "cst", "--from", "1992-05-15", "--to", "2012-12-19", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["eid"] is None
    eids = {p["new_eid"] or p["old_eid"] for p in data["provisions"]}
    assert {"art_1", "art_4__para_2"} <= eids


def test_no_classify_makes_every_change_substantive() -> None:
    code, out, _ = run(*ART4, "--no-classify", "--format", "json")
    assert code == 0
    kinds = {o["kind"] for o in json.loads(out)["ops"] if o["op"] != "equal"}
    # No "unknown" since issue 14: para. 3 of 1992 is read from seed 003 where seed 004 leaves it out.
    assert kinds == {"substantive"}


def test_a_glossary_file_can_replace_the_bundled_one(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("classes:\n  - id: none\n    variants: [zzz, yyy]\n", encoding="utf-8")
    code, out, _ = run(*ART4, "--glossary", str(path), "--format", "json")
    assert code == 0
    assert json.loads(out)["counts"]["substantive"] > 8  # renderings the bundled glossary knows now count
    path.write_text("classes: [\n", encoding="utf-8")
    code, _, err = run(*ART4, "--glossary", str(path))
    assert code == 1
    assert f"{path}:" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "nosuch/art_4", "--from", "1992-05-15", "--to", "2012-12-19"], "no work 'nosuch'"),
        (["diff", "cst/art_99", "--from", "1992-05-15", "--to", "2012-12-19"], "art_99"),
        (["diff", "cst/art_4", "--from", "1980-01-01", "--to", "2012-12-19"], "not signed until"),
        (
            ["diff", "cst/art_4", "--from", "1992-05-15", "--to", "2012-12-19", "--to-source", "seed-9"],
            "seed-9",
        ),
        (["translations", "cst/art_99"], "art_99"),
    ],
)
def test_errors_exit_1_with_a_message(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 1
    assert message in err
    assert out == ""


@pytest.mark.parametrize("bad", [["--format", "pdf"], ["--wording", "maybe"]])
def test_bad_options_are_usage_errors(bad: list[str]) -> None:
    code, _, err = run(*ART4, *bad)
    # Usage errors exit 1, one line, like every other error (issue 17; they were exit 2 in a panel).
    assert code == 1
    assert bad[1] in err
    assert err.startswith("lexcsto: diff: ")
    assert err.count("\n") == 1


def test_translations_of_the_amended_version_have_one_rendering() -> None:
    code, out, _ = run("translations", "cst/art_4", "--version", "2012-12-19", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [r["source"] for r in data["renderings"]] == ["seed-002"]
