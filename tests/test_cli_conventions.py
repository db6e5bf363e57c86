"""Issue 17: one convention for every command (addresses, --format/--json, --lang, errors, --version) and
a Python API that takes dates as dates or ISO strings. Each test fails without the point it names."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

import lexcsto
from lexcsto.cli import app
from lexcsto.errors import QueryError

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("address", "eid"),
    [
        ("cst/art_4", "art_4"),
        ("cst/4", "art_4"),
        ("cst/art4", "art_4"),
        ("CST/art_4", "art_4"),
        ("CST art. 4", "art_4"),
        ("Article 4 of the Collective Security Treaty", "art_4"),
        ("ст. 4 ДКБ", "art_4"),
        ("art 4(2) cst", "art_4__para_2"),
        ("cst/4(2)", "art_4__para_2"),
    ],
)
def test_citations_are_addresses(address: str, eid: str) -> None:
    code, out, err = run("show", address, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["work"], data["eid"]) == ("/akn/aa-csto/act/treaty/1992-05-15/cst", eid)


@pytest.mark.parametrize(
    ("address", "nearest"),
    [("cst/art_44", "cst/art_4"), ("Article 44 of the Collective Security Treaty", "cst/art_4")],
)
def test_an_unknown_address_names_the_nearest(address: str, nearest: str) -> None:
    code, _, err = run("show", address)
    assert code == 1
    assert "nearest: " in err
    assert nearest in err.split("nearest: ")[1]


def test_a_whole_work_is_a_diff_address_but_not_a_provision() -> None:
    code, _, err = run("show", "Collective Security Treaty")
    assert code == 1
    assert "names the work cst" in err
    code, out, _ = run("diff", "Collective Security Treaty", "--from", "1992-05-15", "--to", "2012-12-19",
                       "--json")  # fmt: skip
    assert code == 0
    assert json.loads(out)["eid"] is None


def test_version() -> None:
    code, out, _ = run("--version")
    assert (code, out) == (0, f"lexcsto {lexcsto.__version__}\n")


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (("show",), "lexcsto: show: "),
        (("show", "cst/art_4", "--as-at", "soon"), "lexcsto: show: "),
        (
            ("diff", "cst/art_4", "--from", "1992-05-15", "--to", "2012-12-19", "--format", "pdf"),
            "lexcsto: diff: ",
        ),
        (("nosuch",), "lexcsto: "),
        (("show", "cst/art_4", "--lang", "fr"), "lexcsto: show: "),
    ],
)
def test_usage_errors_are_one_line_and_exit_1(args: tuple[str, ...], start: str) -> None:
    code, out, err = run(*args)
    assert code == 1
    assert err.startswith(start), err
    assert err.count("\n") == 1, err
    assert "╭" not in err
    assert out == ""


DATA_COMMANDS = [
    ("list",),
    ("show", "cst/art_4"),
    ("versions", "cst/art_4"),
    ("refs", "cst/art_4"),
    ("provenance",),
    ("diff", "cst/art_4", "--from", "1992-05-15", "--to", "2012-12-19"),
    ("translations", "cst/art_4"),
    ("anchors",),
]


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=lambda a: a[0])
def test_format_json_and_its_shorthand(args: tuple[str, ...]) -> None:
    code, long_form, err = run(*args, "--format", "json")
    assert code == 0, err
    code, short_form, err = run(*args, "--json")
    assert code == 0, err
    assert json.loads(long_form) == json.loads(short_form)


def _keys(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=lambda a: a[0])
def test_json_keys_are_snake_case(args: tuple[str, ...]) -> None:
    _, out, _ = run(*args, "--json")
    keys = _keys(json.loads(out))
    assert keys
    assert all(k == k.lower() for k in keys if not k.startswith("lx:")), keys


@pytest.mark.parametrize("lang", ["eng", "en", "EN"])
@pytest.mark.parametrize(
    "args",
    [
        ("show", "cst/art_4"),
        ("diff", "cst/art_4", "--from", "1992-05-15", "--to", "2012-12-19"),
        ("translations", "cst/art_4"),
    ],
    ids=lambda a: a[0],
)
def test_lang_everywhere(args: tuple[str, ...], lang: str) -> None:
    code, _, err = run(*args, "--lang", lang, "--json")
    assert code == 0, err


def test_help_shows_no_python_types_or_rst() -> None:
    for args in (("--help",), ("show", "--help"), ("diff", "--help"), ("validate", "--help")):
        code, out, _ = run(*args)
        assert code == 0
        for python_or_rst in ("<str>", "<path>", "list[", "``"):
            assert python_or_rst not in out, out


def test_list_keeps_whole_uris_when_piped() -> None:
    _, out, _ = run("list")
    longest = max((w.uri for w in lexcsto.load().works), key=len)
    assert longest in out
    assert all("…" not in line for line in out.splitlines())


# ----------------------------------------------------------------------------------- the Python API


def test_api_takes_iso_strings_and_dates() -> None:
    c = lexcsto.load()
    by_string = c.provision("cst", "art_4", as_at="2011-06-01")
    by_date = c.provision("cst", "art_4", as_at=date(2011, 6, 1))
    assert by_string.expression == by_date.expression
    a = lexcsto.diff(c, "cst", "art_4", old=date(1992, 5, 15), new="2012-12-19")
    b = lexcsto.diff(c, "cst", "art_4", old="1992-05-15", new=date(2012, 12, 19))
    assert a.counts() == b.counts()
    assert lexcsto.translations(c, "cst", "art_4", version="1992-05-15").version == date(1992, 5, 15)


@pytest.mark.parametrize("bad", ["15 May 1992", 1992, None])
def test_api_raises_its_own_error_for_a_bad_date(bad: object) -> None:
    c = lexcsto.load()
    with pytest.raises(QueryError):
        c.expression_at("cst", bad)  # type: ignore[arg-type]
    if bad is not None:
        with pytest.raises(QueryError):
            lexcsto.diff(c, "cst", "art_4", old=bad, new="2012-12-19")  # type: ignore[arg-type]


def test_annotate_detects_russian_without_lang() -> None:
    text = "В соответствии со статьей 4 Договора о коллективной безопасности государства-участники обязуются"
    result = runner.invoke(app, ["tag", "-", "--json"], input=text)
    assert result.exit_code == 0, result.stderr
    refs = [f for f in json.loads(result.stdout) if f["label"] == "REF"]
    assert refs
    assert refs[0]["href"].endswith("cst/!main~art_4")


def test_annotations_export_json_is_jsonld() -> None:
    _, jsonld, _ = run("annotations", "export")
    _, short, _ = run("annotations", "export", "--json")
    assert json.loads(jsonld) == json.loads(short)
