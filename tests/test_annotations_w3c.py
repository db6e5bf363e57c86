"""Issue 22 (and the annotation points of issue 17): the export keeps every MUST of the W3C Web Annotation
Data Model, read strictly; annotations made elsewhere (Hypothesis, any W3C client) come in and are placed
with the exact-then-fuzzy anchoring, with a report; an export re-imports into an empty store unchanged.

The test annotations are written here; their quotes are taken from the corpus at run time (no treaty text
is typed into this file)."""

from __future__ import annotations

import copy
import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import lexcsto
from lexcsto.annotations.conformance import is_absolute_iri, must_problems, should_notes
from lexcsto.annotations.jsonld import akn_iri, to_jsonld, to_jsonlines
from lexcsto.annotations.store import read_annotations
from lexcsto.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def export() -> dict[str, Any]:
    data: dict[str, Any] = to_jsonld(lexcsto.load_annotations())
    return data


def test_the_export_keeps_every_must(export: dict[str, Any]) -> None:
    assert export["total"] == len(export["first"]["items"]) > 100
    assert must_problems(export) == []
    lines = [json.loads(line) for line in to_jsonlines(lexcsto.load_annotations()).splitlines()]
    assert must_problems(lines) == []
    assert all(line["@context"][0] == "http://www.w3.org/ns/anno.jsonld" for line in lines)


def test_every_iri_is_absolute_and_nothing_is_empty(export: dict[str, Any]) -> None:
    page = export["first"]
    assert is_absolute_iri(export["id"])
    assert (page["partOf"], export["last"]) == (export["id"], page["id"])
    for item in page["items"]:
        assert is_absolute_iri(item["id"])
        source = item["target"]["source"]
        assert is_absolute_iri(source["id"])
        assert source["format"] == "application/akn+xml"
        assert source["language"] in ("en", "ru")
    assert [n for n in should_notes(export) if "empty" in n] == []


def _item(export: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = copy.deepcopy(export["first"]["items"][0])
    return {"@context": export["@context"], **item}


# Each MUST, broken once: the check must see it (a check that cannot fail proves nothing).
BREAKS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("context", lambda a: a.pop("@context"), "no @context"),
    ("context-value", lambda a: a.update({"@context": "http://example.org/ctx"}), "anno.jsonld missing"),
    ("id-relative", lambda a: a.update({"id": "/annotations/x"}), "not an absolute IRI (§3.1 id)"),
    ("id-two", lambda a: a.update({"id": ["urn:a:1", "urn:a:2"]}), "exactly one id"),
    ("type", lambda a: a.update({"type": "Note"}), "Annotation is not among the types"),
    ("target", lambda a: a.pop("target"), "no target"),
    ("body-value", lambda a: a.update({"bodyValue": "x"}), "bodyValue together with body"),
    ("textual-value", lambda a: a["body"][0].pop("value"), "exactly one string value"),
    ("motivation", lambda a: a.update({"motivation": "gossiping"}), "neither a Motivation"),
    ("created", lambda a: a.update({"created": "2020-01-01"}), "not an xsd:dateTime"),
    ("source-relative", lambda a: a["target"]["source"].update({"id": "/akn/x/eng@2000-01-01"}), "§4 source"),
    ("source-two", lambda a: a["target"].update({"source": ["urn:a:1", "urn:a:2"]}), "exactly one source"),
    ("quote-exact", lambda a: a["target"]["selector"].pop("exact"), "exactly one exact"),
    ("position", lambda a: a["target"].update({"selector": {"type": "TextPositionSelector", "start": -1, "end": 3}}),
     "non-negative integer start"),
    ("range", lambda a: a["target"].update({"selector": {"type": "RangeSelector", "startSelector": {"type": "XPathSelector", "value": "/p"}}}),
     "exactly one endSelector"),
    ("fragment-value", lambda a: a["body"][2]["selector"].pop("value"), "exactly one value"),
    ("time-state", lambda a: a["target"]["state"].update({"sourceDate": "1992-05-15"}), "in UTC"),
    ("purpose", lambda a: a["body"][1].update({"purpose": "gossiping"}), "is not a Motivation"),
    ("email", lambda a: a.update({"creator": {"type": "Person", "name": "A", "email": "a@example.org"}}), "mailto"),
    ("direction", lambda a: a["body"][0].update({"textDirection": "up"}), "ltr, rtl or auto"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "breaks", "message"), BREAKS, ids=[b[0] for b in BREAKS])
def test_each_must_is_checked(export: dict[str, Any], name: str, breaks: Callable[[dict[str, Any]], None],
                              message: str) -> None:  # fmt: skip
    item = _item(export)
    assert must_problems(item) == []
    breaks(item)
    assert any(message in p for p in must_problems(item)), must_problems(item)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["first"].update({"id": "page-1"}), "$.first.id"),
        (lambda c: c["first"].update({"items": []}), "one or more items"),
        (lambda c: c.pop("first"), "has a first page"),
        (lambda c: c.update({"id": "annotations/"}), "§5.1 collection id"),
    ],
)
def test_page_and_collection_musts(export: dict[str, Any], change: Callable[[dict[str, Any]], None],
                                   message: str) -> None:  # fmt: skip
    doc = copy.deepcopy(export)
    change(doc)
    assert any(message in p for p in must_problems(doc))


def test_the_base_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run("annotations", "export", "--base", "https://csto.example.org/edition/")
    assert code == 0
    assert json.loads(out)["first"]["items"][0]["id"].startswith(
        "https://csto.example.org/edition/annotations/"
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://site.example.net/\n", encoding="utf-8"
    )
    code, out, _ = run("annotations", "export", "--format", "jsonl")
    first = json.loads(out.splitlines()[0])
    assert first["id"].startswith("https://site.example.net/annotations/")
    assert first["target"]["source"]["id"].startswith("https://site.example.net/akn/")


def test_the_export_reimports_into_an_empty_store_unchanged(tmp_path: Path) -> None:
    for fmt in ("jsonld", "jsonl"):
        out = tmp_path / f"all.{fmt}"
        assert run("annotations", "export", "--format", fmt, "-o", str(out))[0] == 0
        store = tmp_path / f"store-{fmt}"
        store.mkdir()
        code, _, err = run("annotations", "import", str(out), "--annotations", str(store))
        assert code == 0, err
        again = read_annotations(store, lexcsto.load())
        assert sorted(again, key=lambda a: a.id) == sorted(lexcsto.load_annotations(), key=lambda a: a.id)


# ------------------------------------------------------------------------------------- made elsewhere


def _words(eid: str = "art_4__para_1") -> tuple[str, str]:
    """A quote of 40 characters from the middle of a provision's text, and the expression it is from."""
    located = lexcsto.load().provision("cst", eid)
    text = located.provision.text
    middle = len(text) // 3
    return text[middle : middle + 40], located.expression.uri


def _hypothesis_row(
    ident: str, selectors: list[dict[str, Any]], text: str = "A note made in Hypothesis."
) -> dict[str, Any]:
    url = "https://lexcsto.example/cst/art_4.html"
    return {
        "id": ident, "created": "2026-11-30T10:00:00.000000+00:00", "updated": "2026-11-30T11:00:00.000000+00:00",
        "user": "acct:reader@hypothes.is", "uri": url, "text": text, "tags": ["Collective Defence"],
        "group": "__world__", "user_info": {"display_name": "A Reader"},
        "links": {"html": f"https://hypothes.is/a/{ident}"},
        "target": [{"source": url, "selector": selectors}],
    }  # fmt: skip


def test_hypothesis_notes_are_placed_with_a_report(tmp_path: Path) -> None:
    quote, _ = _words()
    misspelt = quote[:10] + ("x" if quote[10] != "x" else "y") + quote[11:]
    position = {"type": "TextPositionSelector", "start": 120, "end": 160}
    dom = {"type": "RangeSelector", "startContainer": "/main[1]/article[1]/p[2]", "startOffset": 0,
           "endContainer": "/main[1]/article[1]/p[2]", "endOffset": 40}  # fmt: skip
    rows = [
        _hypothesis_row("ExAct01", [dom, position, {"type": "TextQuoteSelector", "exact": quote}]),
        _hypothesis_row("FuZzy02", [{"type": "TextQuoteSelector", "exact": misspelt}]),
        _hypothesis_row("NoWhere3", [{"type": "TextQuoteSelector", "exact": "words that no treaty of the corpus holds"}]),
        _hypothesis_row("PosOnly4", [position]),
    ]  # fmt: skip
    file = tmp_path / "hypothesis.json"
    file.write_text(json.dumps({"total": 4, "rows": rows}), encoding="utf-8")
    store = tmp_path / "notes"
    code, _, err = run("annotations", "import", str(file), "--annotations", str(store))
    assert code == 1
    assert "2 of 4 annotations could not be placed" in err
    assert not (store / "hypothesis.yaml").exists()
    code, out, err = run(
        "annotations", "import", str(file), "--annotations", str(store), "--partial", "--json"
    )
    assert code == 0, err
    report = {p["id"]: p for p in json.loads(out)["placements"]}
    exact, fuzzy = report["https://hypothes.is/a/ExAct01"], report["https://hypothes.is/a/FuZzy02"]
    assert (exact["status"], exact["where"], exact["score"]) == ("anchored", "cst/art_4__para_1", 100.0)
    assert fuzzy["status"] == "fuzzy"
    assert fuzzy["where"] == "cst/art_4__para_1"
    assert report["https://hypothes.is/a/NoWhere3"]["status"] == "not-placed"
    assert "no TextQuoteSelector" in report["https://hypothes.is/a/PosOnly4"]["reason"]
    written = {a.id: a for a in read_annotations(store / "hypothesis.yaml", lexcsto.load())}
    note = written["https://hypothes.is/a/ExAct01"]
    assert (note.target.eid, note.target.quote.exact, note.creator, note.tags) == (
        "art_4__para_1",
        quote,
        "A Reader",
        ("collective-defence",),
    )
    assert note.created.startswith("2026-11-30T10:00")
    assert written["https://hypothes.is/a/FuZzy02"].target.quote.exact == quote  # the corpus's own words


def test_a_plain_w3c_annotation_is_imported(tmp_path: Path) -> None:
    quote, expression = _words("art_4__para_2")
    plain = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://annotations.example.org/anno/17",
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "Written in another client.", "format": "text/plain"},
        "target": {"source": akn_iri(expression), "selector": {"type": "TextQuoteSelector", "exact": quote}},
    }
    file = tmp_path / "plain.jsonld"
    file.write_text(json.dumps(plain), encoding="utf-8")
    store = tmp_path / "notes"
    store.mkdir()
    code, _, err = run("annotations", "import", str(file), "--annotations", str(store))
    assert code == 0, err
    (note,) = read_annotations(store / "plain.yaml", lexcsto.load())
    assert (note.id, note.kind, note.target.eid) == ("https://annotations.example.org/anno/17", "commentary",
                                                     "art_4__para_2")  # fmt: skip
    assert note.target.source  # the translation the words are in, chosen by the import
    assert note.sources == ()


def _export_one(tmp_path: Path) -> Path:
    out = tmp_path / "one.jsonld"
    assert run("annotations", "export", "-o", str(out))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["first"]["items"] = data["first"]["items"][:2]
    data["total"] = 2
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def test_duplicates_skip_or_merge(tmp_path: Path) -> None:
    out = _export_one(tmp_path)
    store = tmp_path / "store"
    store.mkdir()
    assert run("annotations", "import", str(out), "--annotations", str(store))[0] == 0
    code, _, err = run(
        "annotations", "import", str(out), "--annotations", str(store), "-o", str(store / "b.yaml")
    )
    assert code == 1
    assert "already used" in err
    code, _, err = run("annotations", "import", str(out), "--annotations", str(store), "-o", str(store / "b.yaml"),
                       "--duplicates", "skip")  # fmt: skip
    assert code == 0, err
    assert "2 already there, skipped" in err
    code, _, err = run(
        "annotations", "import", str(out), "--annotations", str(store), "--duplicates", "merge"
    )
    assert code == 0, err
    assert len(read_annotations(store / "one.yaml")) == 2


def test_import_writes_into_the_current_folder_and_keeps_modes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _export_one(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, _, err = run("annotations", "import", str(out))
    assert code == 0, err
    written = work / "annotations" / "one.yaml"
    assert written.is_file()
    assert not (Path(lexcsto.__file__).parent / "annotations" / "one.yaml").exists()
    written.chmod(0o640)
    assert run("annotations", "import", str(out), "--force")[0] == 0
    assert stat.S_IMODE(written.stat().st_mode) == 0o640


def test_annotations_list_shows_the_notes_on_a_provision() -> None:
    code, out, _ = run("annotations", "list", "CST art. 4", "--json")
    assert code == 0
    notes = json.loads(out)
    assert notes
    assert all(n["eid"] == "art_4" or n["eid"].startswith("art_4__") for n in notes)
    code, text, _ = run("annotations", "list", "cst/art_4")
    assert notes[0]["id"] in text
    assert notes[0]["body"].splitlines()[0] in text
