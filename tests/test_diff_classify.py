"""Amendment versus translation: the classification of CST Article 4 changes, driven by a case table."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

from lexcsto.compare.classification import Glossary, classify_texts, load_glossary, units
from lexcsto.compare.operations import diff_text
from lexcsto.compare.tokens import tokenize
from lexcsto.errors import DiffError
from lexcsto.render.segments import segments

CASES: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "golden" / "diff" / "article4.yaml").read_text(encoding="utf-8")
)
RENDERINGS = CASES["renderings"]
AMENDMENT = CASES["amendment"]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def _para(rendering: str, i: int) -> str | None:
    paras: list[str | None] = RENDERINGS[rendering]["paras"]
    return paras[i]


def _substantive(old: str, new: str, g: Glossary | None) -> list[tuple[str, str]]:
    return [(op, text.strip()) for kind, op, text in classify_texts(old, new, g) if kind == "substantive"]


def test_amendment_is_exactly_the_substantive_change(glossary: Glossary) -> None:
    found = []
    for i in range(3):
        old, new = _para(AMENDMENT["from"], i), _para(AMENDMENT["to"], i)
        if old and new:
            found += [[i, op, text] for op, text in _substantive(old, new, glossary)]
    assert found == AMENDMENT["substantive"]


def test_every_rendering_difference_is_wording(glossary: Glossary) -> None:
    found = []
    for i in range(3):
        old, new = _para(AMENDMENT["from"], i), _para(AMENDMENT["to"], i)
        if old and new:
            ops = diff_text(old, new, glossary=glossary)
            found += [[i, s.old.strip(), s.new.strip()] for s in segments(ops) if s.kind == "wording"]
    assert found == AMENDMENT["wording"]


@pytest.mark.parametrize("pair", CASES["translation_pairs"], ids=lambda p: "-".join(map(str, p)))
def test_translations_of_one_text_differ_in_wording_only(pair: list[Any], glossary: Glossary) -> None:
    a, b, *only = pair
    compared = 0
    for i in only or range(3):
        old, new = _para(a, i), _para(b, i)
        if old and new:
            compared += 1
            assert _substantive(old, new, glossary) == [], (a, b, i)
            assert any(k == "wording" for k, _, _ in classify_texts(old, new, glossary))
    assert compared


def test_without_the_glossary_every_change_is_substantive() -> None:
    old, new = _para("D", 0), _para("C", 0)
    assert old
    assert new
    kinds = {k for k, _, _ in classify_texts(old, new, None)}
    assert kinds == {"substantive"}


def test_the_glossary_file_drives_the_classification(glossary: Glossary) -> None:
    """Drop the class of party names and "States Parties" -> "participating states" becomes substantive."""
    old, new = "all other States Parties will provide", "all other participating states will provide"
    assert _substantive(old, new, glossary) == []
    without = dataclasses.replace(glossary, terms=tuple(t for t in glossary.terms if t.id != "parties"))
    assert _substantive(old, new, without) == [("insert", "participating"), ("delete", "Parties")]


def test_longest_rendering_wins_left_to_right(glossary: Glossary) -> None:
    keys = [
        u.key
        for u in units(tokenize("all States Parties to this Treaty, in accordance with Art. 51"), glossary)
    ]
    assert keys == ["all", "§parties", "to", "§this-treaty", "§in-accordance-with-article", "51"]


def test_case_quotes_and_dashes_are_folded(glossary: Glossary) -> None:
    a = [u.key for u in units(tokenize("“States – participants”"), glossary)]
    b = [u.key for u in units(tokenize('"states - participants"'), glossary)]
    assert a == b == ["§parties"]


def test_punctuation_alone_is_wording(glossary: Glossary) -> None:
    assert list(classify_texts("the Treaty", "the Treaty.", glossary)) == [("wording", "insert", ".")]


def test_weak_words_do_not_anchor_an_alignment(glossary: Glossary) -> None:
    """ "by" in "by any State" must not pair with "by" in "by the participating states"."""
    old = "aggression by any State or group of States, this shall be regarded as aggression"
    new = "aggression (an armed attack), it will be considered by the participating states as aggression"
    subs = _substantive(old, new, glossary)
    assert ("insert", "by the participating states") in subs
    assert ("delete", "by any State or group of States") in subs
    assert all("considered" not in t and "regarded" not in t for _, t in subs)


def test_omission_marks_make_changes_unknown(glossary: Glossary) -> None:
    out = list(
        classify_texts("The Parties […] shall consult.", "The Parties of the Treaty shall consult.", glossary)
    )
    assert out
    assert {k for k, _, _ in out} == {"unknown"}


def test_every_variant_is_read_as_its_class(glossary: Glossary) -> None:
    for term in glossary.terms:
        assert len(term.variants) >= 2, term.id
        for variant in term.variants:
            assert [u.key for u in units(tokenize(variant), glossary)] == [f"§{term.id}"], variant


def test_no_rendering_belongs_to_two_classes(glossary: Glossary) -> None:
    seen: dict[tuple[str, ...], str] = {}
    for term in glossary.terms:
        for variant in term.variants:
            toks = tuple(glossary.normalize(t) for t in tokenize(variant) if not t.isspace())
            assert seen.setdefault(toks, term.id) == term.id, variant


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("classes: [\n  {id: a, variants: [x, y]},\n  {id: a, variants: [z, w]}]\n", "appears twice"),
        ("classes: {}\n", "no list of classes"),
        ("classes:\n  - id: a\n    variants: [x, y\n", "not valid YAML"),
        ("fold: {ab: c}\nclasses: []\n", "single characters"),
    ],
)
def test_bad_glossary_files_are_reported_with_their_path(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DiffError, match=message) as err:
        load_glossary(path)
    assert str(path) in str(err.value)


def test_all_pairs_of_1992_renderings_share_units_after_the_glossary(glossary: Glossary) -> None:
    """The glossary's reading makes the 1992 renderings of para 2 identical, unit for unit."""
    streams = {r: [u.key for u in units(tokenize(_para(r, 1) or ""), glossary)] for r in "ABDE"}
    for a, b in itertools.combinations("ABDE", 2):
        assert streams[a] == streams[b], (a, b)
