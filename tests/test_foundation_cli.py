"""The command-line contract: list, show, versions, refs, validate, provenance (exit codes, JSON fields)."""

from __future__ import annotations

import json
from pathlib import Path

import fixture_corpus as fx
import pytest
from typer.testing import CliRunner

from lexcsto.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.write(tmp_path_factory.mktemp("cli"))


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_json(folder: Path) -> None:
    code, out, _ = run("list", "--json", "--corpus", str(folder))
    assert code == 0
    rows = {r["short"]: r for r in json.loads(out)}
    assert rows["tst"]["work"] == fx.TREATY
    assert rows["tst"]["signed"] == "1992-05-15"
    assert rows["tst"]["in_force"] == "1994-04-20"
    assert {"short", "work", "title", "signed", "in_force", "status"} <= set(rows["tst"])


@pytest.mark.parametrize(
    ("as_at", "version", "phrase"),
    [("2011-06-01", "1992-05-15", "original wording"), ("2013-01-01", "2012-12-19", "amended wording")],
)
def test_show_json_as_at(folder: Path, as_at: str, version: str, phrase: str) -> None:
    code, out, _ = run("show", "tst/art_2", "--as-at", as_at, "--json", "--corpus", str(folder))
    assert code == 0
    data = json.loads(out)
    assert {"work", "expression", "eid", "as_at", "text", "source"} <= set(data)
    assert data["expression"] == f"{fx.TREATY}/eng@{version}"
    assert data["as_at"] == as_at
    assert data["eid"] == "art_2"
    assert phrase in data["text"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "tst/art_2", "--as-at", "1990-01-01"), "not signed until 1992-05-15"),
        (("show", "tst/art_77"), "no provision 'art_77'"),
        (("show", "tst"), "is not WORK/EID"),
        (("versions", "tst/art_77"), "no provision 'art_77'"),
        (("refs", "zzz/art_1"), "no work 'zzz'"),
    ],
)
def test_errors_exit_1_with_a_clear_message(folder: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args, "--corpus", str(folder))
    assert code == 1
    assert message in err
    assert out == ""


def test_bad_date_is_a_usage_error(folder: Path) -> None:
    code, _, err = run("show", "tst/art_2", "--as-at", "15 May 1992", "--corpus", str(folder))
    # A usage error exits 1 in one line like every other error (issue 17: it was a boxed panel, exit 2).
    assert code == 1
    assert "YYYY-MM-DD" in err
    assert err.startswith("lexcsto: show: ")
    assert err.count("\n") == 1


def test_show_text_marks_omitted_text(folder: Path) -> None:
    code, out, _ = run("show", "tst/art_1", "--corpus", str(folder))
    assert code == 0
    assert "[text not in the sources of this edition]" in out


def test_versions_json(folder: Path) -> None:
    code, out, _ = run("versions", "tst/art_2", "--json", "--corpus", str(folder))
    rows = json.loads(out)
    assert code == 0
    assert [(r["version"], r["instrument"]) for r in rows] == [
        ("1992-05-15", None),
        ("2012-12-19", fx.PROTOCOL),
    ]


def test_refs_outgoing_and_incoming(folder: Path) -> None:
    _, out, _ = run("refs", "tst/art_2", "--json", "--corpus", str(folder))
    assert {r["target_eid"] for r in json.loads(out)} == {"art_9", "art_1"}
    _, out, _ = run("refs", "ext-charter/art_9", "--incoming", "--json", "--corpus", str(folder))
    assert [r["source_eid"] for r in json.loads(out)] == ["art_2__para_1"]


def test_validate_exit_codes(folder: Path, tmp_path: Path) -> None:
    code, out, _ = run("validate", str(folder))
    assert code == 0
    assert out == ""
    broken = fx.write(
        tmp_path,
        {
            "tst/eng@1992-05-15.syn-1.xml": fx.files()["tst/eng@1992-05-15.syn-1.xml"].replace(
                "~art_9", "~art_99"
            )
        },
    )
    code, out, _ = run("validate", str(broken))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines
    assert all(line.startswith(str(broken)) for line in lines)
    assert any(":" in line and "art_99" in line for line in lines)


def test_provenance_json(folder: Path) -> None:
    code, out, _ = run("provenance", "--json", "--corpus", str(folder))
    rows = json.loads(out)
    assert code == 0
    row = next(r for r in rows if r["eid"] == "art_2__para_2")
    assert row["source"] == "synthetic-1.txt"
    assert row["lines"] == "4-5"
    assert row["expression"] == f"{fx.TREATY}/eng@1992-05-15"
    assert row["text"] == "Synthetic second paragraph, see Article 1."


def test_provenance_check_against_source_files(folder: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    lines = [
        "head",
        "",
        "Synthetic text of article two, original wording, citing Article 9 of the External Charter.",
        "Synthetic second paragraph,",
        "see Article 1.",
        "",
        "Synthetic text of article two, amended wording with",
        "an added clause.",
    ]
    (seeds / "synthetic-1.txt").write_text("\n".join(lines), encoding="utf-8")
    (seeds / "synthetic-2.txt").write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run("provenance", "--check", str(seeds), "--corpus", str(folder))
    assert code == 1  # syn-2 cites line 7 alone, but the sentence runs on to line 8
    assert "art_2__para_1 (syn-2 lines 7-7): not in the source" in out
    assert out.startswith(str(folder))
    (seeds / "synthetic-2.txt").write_text("\n".join([*lines[:6], " ".join(lines[6:8])]), encoding="utf-8")
    code, out, err = run("provenance", "--check", str(seeds), "--corpus", str(folder))
    assert code == 0
    assert "3 fragments found in their sources" in err
    code, _, err = run("provenance", "--check", str(tmp_path / "nowhere"), "--corpus", str(folder))
    assert code == 1
    assert "no such folder" in err
