"""Any corpus from the command line (issue 12): --corpus and $LEXCSTO_CORPUS on every command, toc,
WORK_URI/!main~EID targets, list --json with uri, show in the work's language, bad files on stderr."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexcsto.cli import app

FOREIGN = Path(__file__).parent / "data" / "akn"
BROKEN = Path(__file__).parent / "data" / "akn-broken"
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_global_corpus_option_and_environment_variable() -> None:
    code, out, _ = run("--corpus", str(FOREIGN), "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {"/akn/za/act/2024/30", "http://www.legislation.gov.uk/id/ukpga/2020/99"} <= {
        r["uri"] for r in rows
    }
    assert all(r["uri"] == r["work"] for r in rows)
    code, env_out, _ = run("list", "--json", env={"LEXCSTO_CORPUS": str(FOREIGN)})
    assert code == 0
    assert json.loads(env_out) == rows


def test_the_bundled_corpus_is_the_default() -> None:
    code, out, _ = run("list", "--json")
    assert code == 0
    assert "/akn/aa-csto/act/treaty/1992-05-15/cst" in {r["uri"] for r in json.loads(out)}


def test_toc_lists_units_in_document_order_with_kind_num_heading() -> None:
    code, out, _ = run(
        "--corpus", str(FOREIGN), "toc", "/akn/za/act/2024/30", "--as-at", "2024-06-01", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["expression"] == "/akn/za/act/2024/30/eng@2024-03-15"
    assert [u["eid"] for u in data["units"]][:3] == ["preface", "chp_1", "chp_1__sec_1"]
    sec = data["units"][2]
    assert (sec["kind"], sec["num"], sec["heading"], sec["depth"]) == ("section", "1.", "Definitions", 1)
    code, text, _ = run("--corpus", str(FOREIGN), "toc", "eu-act-dir-2021-09-14-777")
    assert code == 0
    assert "art_1__para_2__list_nn_1__point_a  (a) (eId derived)" in text


@pytest.mark.parametrize(
    "target",
    [
        "za-act-2024-30/chp_2__sec_2__subsec_1",
        "/akn/za/act/2024/30/chp_2__sec_2__subsec_1",
        "/akn/za/act/2024/30/!main~chp_2__sec_2__subsec_1",
        "/akn/za/act/2024/30/eng@2025-01-10/!main~chp_2__sec_2__subsec_1",
    ],
)
def test_every_target_form_names_the_same_provision(target: str) -> None:
    code, out, err = run("--corpus", str(FOREIGN), "show", target, "--json")
    assert code == 0, err
    assert json.loads(out)["eid"] == "chp_2__sec_2__subsec_1"
    code, out, err = run("--corpus", str(FOREIGN), "versions", target, "--json")
    assert code == 0, err
    assert [(v["version"], v["instrument"]) for v in json.loads(out)] == [
        ("2024-03-15", None),
        ("2025-01-10", "/akn/za/act/2024/41"),
    ]


def test_show_reads_the_language_the_work_has() -> None:
    code, out, _ = run(
        "--corpus", str(FOREIGN), "show", "/akn/cl/debate/camara/2019-04-02/31/!main~dbsect_1", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["language"] == "es"
    assert "Propongo" in data["text"]


def test_diff_attributes_a_lifecycle_amendment(tmp_path: Path) -> None:
    code, out, err = run(
        "--corpus",
        str(FOREIGN),
        "diff",
        "za-act-2024-30/chp_2__sec_2",
        "--from",
        "2024-03-15",
        "--to",
        "2025-01-10",
        "--format",
        "json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert [i["instrument"] for i in data["instruments"]] == ["/akn/za/act/2024/41"]
    changed = [op for op in data["ops"] if op["op"] != "equal"]
    assert changed
    assert all(op["attribution"]["instrument"] == "/akn/za/act/2024/41" for op in changed)


def test_a_bad_file_is_a_warning_on_stderr_and_the_rest_loads(tmp_path: Path) -> None:
    shutil.copytree(FOREIGN, tmp_path / "akn")
    shutil.copy(BROKEN / "it-senato-csd03.xml", tmp_path / "akn" / "draft.xml")
    code, out, err = run("--corpus", str(tmp_path / "akn"), "list", "--json")
    assert code == 0
    assert len(json.loads(out)) == 12
    assert f"lexcsto: warning: {tmp_path / 'akn' / 'draft.xml'}:4: " in err
    assert "draft namespace" in err


def test_the_readme_example_is_what_the_command_prints() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    prompt = "$ lexcsto --corpus tests/data/akn versions '/akn/za/act/2024/30/!main~chp_2__sec_2__subsec_1'\n"
    shown = readme.split(prompt, 1)[1].split("```", 1)[0]
    code, out, _ = run(
        "--corpus", str(FOREIGN), "versions", "/akn/za/act/2024/30/!main~chp_2__sec_2__subsec_1"
    )
    assert code == 0
    assert [line.rstrip() for line in out.splitlines()] == shown.rstrip("\n").splitlines()


def test_the_command_exits_1_for_a_bad_file_among_good_ones(tmp_path: Path) -> None:
    shutil.copytree(FOREIGN, tmp_path / "akn")
    shutil.copy(BROKEN / "it-senato-csd03.xml", tmp_path / "akn" / "draft.xml")
    good = runner.invoke(app, ["validate", "--profile", "akn", str(FOREIGN)])
    assert good.exit_code == 0, good.output
    result = runner.invoke(app, ["--corpus", str(tmp_path / "akn"), "validate", "--profile", "akn"])
    assert result.exit_code == 1
    (error,) = [line for line in result.stdout.splitlines() if "] " in line and "[akn warning]" not in line]
    assert error.startswith(
        f"{tmp_path / 'akn' / 'draft.xml'}:4: [akn] root element is in the draft namespace"
    )
