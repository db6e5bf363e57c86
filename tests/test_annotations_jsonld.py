"""W3C Web Annotation JSON-LD: the shape (golden file), import errors, and lossless round trips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_annotations_store import GOOD

from lexcsto.annotations.annotation import KINDS, Annotation, Citation, Quote, Target
from lexcsto.annotations.jsonld import from_jsonld, read_jsonld, to_jsonld
from lexcsto.annotations.store import dump_annotations, parse_annotations
from lexcsto.corpus.model import Lines
from lexcsto.errors import AnnotationError

GOLDEN = Path(__file__).parent / "golden" / "annotations" / "art4-aggression.jsonld"


def test_export_matches_the_golden_file() -> None:
    got = to_jsonld(parse_annotations(GOOD, "cst.yaml"))
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_the_golden_shape_is_a_web_annotation() -> None:
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    (item,) = data["first"]["items"]
    assert item["type"] == "Annotation"
    assert item["motivation"] == "commenting"
    assert item["target"]["selector"]["type"] == "TextQuoteSelector"
    assert item["target"]["state"] == {"type": "TimeState", "sourceDate": "1992-05-15T00:00:00Z"}
    # issue 22: the target's source is an absolute IRI with the format and language of the text
    assert item["target"]["source"]["id"] == (
        "https://lexcsto.example/akn/aa-csto/act/treaty/1992-05-15/cst/eng@1992-05-15/!main~art_4"
    )
    assert (item["target"]["source"]["format"], item["target"]["source"]["language"]) == (
        "application/akn+xml",
        "en",
    )
    text_body = item["body"][0]
    assert (text_body["type"], text_body["format"]) == ("TextualBody", "text/markdown")
    # RFC 5147 counts line boundaries from 0: line 3 of the seed is line=2,3
    assert item["body"][2]["selector"]["value"] == "line=2,3"


def test_import_reads_a_file_and_a_bare_annotation(tmp_path: Path) -> None:
    anns = parse_annotations(GOOD)
    file = tmp_path / "x.jsonld"
    file.write_text(json.dumps(to_jsonld(anns)), encoding="utf-8")
    assert read_jsonld(file) == anns
    bare = to_jsonld(anns)["first"]["items"][0]
    assert from_jsonld(bare) == anns
    assert from_jsonld([bare]) == anns


def _item() -> dict[str, Any]:
    item: dict[str, Any] = to_jsonld(parse_annotations(GOOD))["first"]["items"][0]
    return item


def _broken(change: str) -> dict[str, Any]:
    item = _item()
    if change == "kind":
        item["lx:kind"] = "gossip"
    elif change == "lines":
        item["body"][2]["selector"]["value"] = "line=5,5"
    elif change == "selector":
        item["target"]["selector"] = {"type": "XPathSelector", "value": "/p[1]"}
    elif change == "date":
        item["target"]["state"]["sourceDate"] = "2012-12-19T00:00:00Z"
    elif change == "no-text":
        item["body"] = item["body"][1:]
    elif change == "source":
        item["target"]["source"] = "https://lexcsto.example/akn/aa-csto/act/treaty/1992-05-15/cst"
    return item


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("kind", r"\$\.lx:kind: unknown kind 'gossip'"),
        ("lines", r"\$\.body\[2\]\.selector\.value: empty line range"),
        ("selector", r"\$\.target\.selector: selector 'XPathSelector'"),
        ("date", r"\$\.target\.state\.sourceDate: 2012-12-19T00:00:00Z is not the date"),
        ("no-text", r"\$\.body: no text body"),
        ("source", r"\$\.target\.source: .* is not an expression URI"),
    ],
)
def test_import_errors_name_the_json_path(change: str, message: str) -> None:
    with pytest.raises(AnnotationError, match=r"^in\.jsonld: " + message):
        from_jsonld(_broken(change), "in.jsonld")


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    file = tmp_path / "bad.jsonld"
    file.write_text('{\n  "type": "Annotation",\n  oops\n}', encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"bad\.jsonld:3: not valid JSON"):
        read_jsonld(file)


# ------------------------------------------------------------------------------------------ round trip

_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40)
_line = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60
)
_body = st.lists(_line, min_size=1, max_size=4).map("\n".join).map(str.strip).filter(bool)
_short = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
_work_uri = st.builds(lambda n: f"/akn/aa-csto/act/treaty/1992-05-15/{n}", _short)
_eid = st.one_of(st.just(""), st.from_regex(r"art_[1-9][0-9]?(__para_[1-9])?", fullmatch=True))
_date = st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10)


@st.composite
def one_annotation(draw: st.DrawFn) -> Annotation:
    work_uri = draw(_work_uri)
    exact = draw(st.one_of(st.just(""), _line))
    quote = Quote(exact, draw(_words), draw(_words)) if exact else Quote()
    target = Target(
        draw(st.one_of(st.just(work_uri.rsplit("/", 1)[-1]), st.just(work_uri))),
        f"{work_uri}/eng@{draw(_date)}",
        draw(st.from_regex(r"seed-00[0-4]", fullmatch=True)),
        draw(_eid),
        quote,
    )
    cites = draw(
        st.lists(
            st.builds(
                lambda s, a, n, q: Citation(s, Lines(a, a + n), q),
                st.from_regex(r"seed-00[0-4]", fullmatch=True),
                st.integers(1, 3000),
                st.integers(0, 40),
                st.one_of(st.just(""), _line),
            ),
            min_size=1,
            max_size=3,
        )
    )
    return Annotation(
        draw(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,30}", fullmatch=True)),
        draw(st.sampled_from(KINDS)),
        target,
        draw(_body),
        tuple(cites),
        tuple(draw(st.lists(st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True), max_size=3))),
    )


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.lists(one_annotation(), max_size=4))
def test_jsonld_round_trip_is_lossless(anns: list[Annotation]) -> None:
    data = json.loads(json.dumps(to_jsonld(anns), ensure_ascii=False))
    assert from_jsonld(data) == tuple(anns)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.lists(one_annotation(), max_size=4))
def test_yaml_round_trip_is_lossless(anns: list[Annotation]) -> None:
    assert parse_annotations(dump_annotations(anns)) == tuple(anns)
