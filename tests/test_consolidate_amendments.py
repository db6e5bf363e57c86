"""``lexcsto consolidate BASE --by PROTOCOL --date D``: the protocol's modifications, read from its text
(tests/test_import_amendments.py), applied to the text in force the day before; the new version is a
corpus file like any other (versions, diff, provenance), its redline attributed to each item."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import lexcsto
from lexcsto.cli import app
from lexcsto.compare.consolidation import consolidate
from lexcsto.compare.redline import diff_expressions
from lexcsto.corpus.model import Expression, Modification, Provision
from lexcsto.corpus.provenance import check as check_provenance
from lexcsto.corpus.uri import split_href
from lexcsto.corpus.validation import validate
from lexcsto.importer.consolidated import consolidate_work
from tests.amend_support import AMEND, BASE, LANGS, make_base_corpus, with_protocol


@pytest.fixture(scope="module", params=list(LANGS))
def amended(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    short = str(request.param)
    base = make_base_corpus(tmp_path_factory.mktemp(f"base-{short}"))
    folder = with_protocol(base, short, tmp_path_factory.mktemp(f"amended-{short}"))
    result = CliRunner().invoke(
        app,
        ["consolidate", "syn", "--by", "syn-amend", "--date", "2005-06-01", "--lang", LANGS[short],
         "--corpus", str(folder), "-o", str(folder)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return short, folder


def test_the_new_version_is_a_valid_corpus_file(amended: tuple[str, Path]) -> None:
    short, folder = amended
    lang = LANGS[short]
    written = folder / "syn" / f"{lang}@2005-06-01.syn-base-{short}.xml"
    assert written.exists()
    assert validate([folder]) == []
    corpus = lexcsto.load(folder)
    assert corpus.version_dates("syn", lang) == [date(2001, 1, 1), date(2005, 6, 1)]
    # every word traceable: untouched provisions to the base file, restated ones to the protocol's
    # quotation, changed words through lx:clean records naming the item
    assert check_provenance(corpus, AMEND) == []
    work = corpus.work("syn")
    assert any(ev.kind == "amendment" and ev.instrument.endswith("syn-amend") for ev in work.events)


def test_the_redline_is_attributed_item_by_item(amended: tuple[str, Path]) -> None:
    short, folder = amended
    lang = LANGS[short]
    corpus = lexcsto.load(folder)
    old = corpus.expression_at("syn", date(2001, 1, 1), language=lang)
    new = corpus.expression_at("syn", date(2005, 6, 1), language=lang)
    items = {}
    for eid in ("art_1", "art_2", "art_3", "art_4"):
        redline = diff_expressions(old, new, eid, corpus=corpus)
        changed = [o for o in redline.ops if o.op != "equal"]
        items[eid] = sorted(
            {split_href(o.attribution.item)[1] for o in changed if o.attribution and o.attribution.item}
        )
    assert items == {
        "art_1": ["art_1__point_b"],
        "art_2": ["art_1__point_d", "art_1__point_e"],
        "art_3": ["art_1__point_c"],
        "art_4": ["art_1__point_a"],
    }
    # the second paragraph of Article 1 is not touched: shown as not amended
    redline = diff_expressions(old, new, "art_1__para_2", corpus=corpus)
    assert all(o.op == "equal" for o in redline.ops)


def test_consolidate_refuses_an_instrument_that_amends_nothing(amended: tuple[str, Path]) -> None:
    _, folder = amended
    corpus = lexcsto.load(folder)
    with pytest.raises(lexcsto.LexcstoError, match="makes no modification"):
        consolidate_work(corpus, "syn-amend", "syn", date(2005, 6, 1))


# --------------------------------------------------------------------------------------- property

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"])


@st.composite
def edits(draw: st.DrawFn) -> tuple[Expression, list[Modification], dict[str, str]]:
    """A base text of distinct words per paragraph and word-level instructions on some paragraphs."""
    paragraphs: list[Provision] = []
    mods: list[Modification] = []
    expected: dict[str, str] = {}
    n = draw(st.integers(1, 4))
    for k in range(1, n + 1):
        words = [f"{w}{k}{i}" for i, w in enumerate(draw(st.lists(WORDS, min_size=3, max_size=7)))]
        eid = f"art_1__para_{k}"
        paragraphs.append(Provision(eid, "paragraph", num=f"{k}.", text=" ".join(words)))
        action = draw(st.sampled_from(["none", "substitution", "repeal", "insertion"]))
        at = draw(st.integers(0, len(words) - 1))
        dest = f"{BASE}/!main~{eid}"
        src = f"/akn/x/act/protocol/2005-06-01/p/!main~para_1__point_{chr(96 + k)}"
        if action == "substitution":
            mods.append(Modification(f"amod_{k}", action, src, dest, old=words[at], new=f"new{k}"))
            words[at] = f"new{k}"
        elif action == "repeal" and len(words) > 1:
            mods.append(Modification(f"amod_{k}", action, src, dest, old=words[at]))
            del words[at]
        elif action == "insertion":
            mods.append(Modification(f"amod_{k}", action, src, dest, old=words[at], new=f"added{k}"))
            words.insert(at + 1, f"added{k}")
        expected[eid] = " ".join(words)
    art = Provision("art_1", "article", num="Article 1", children=tuple(paragraphs))
    base = Expression(BASE, f"{BASE}/eng@2001-01-01", "eng", date(2001, 1, 1), "", "", (art,))
    return base, mods, expected


@settings(max_examples=60, deadline=None, derandomize=True)
@given(edits())
def test_consolidating_then_diffing_gives_back_the_instructions(
    case: tuple[Expression, list[Modification], dict[str, str]],
) -> None:
    """Each paragraph's redline changes exactly the words its instruction names, and nothing else."""
    base, mods, expected = case
    new = consolidate(base, mods, version=date(2005, 6, 1))
    by_eid = {split_href(m.destination)[1]: m for m in mods}
    for para in base.walk():
        if para.kind != "paragraph":
            continue
        got = new.find(para.eid)
        assert got is not None
        assert got.text == expected[para.eid]
        redline = diff_expressions(base, new, para.eid)
        removed = " ".join(o.text for o in redline.ops if o.op == "delete")
        added = " ".join(o.text for o in redline.ops if o.op == "insert")
        m = by_eid.get(para.eid)
        if m is None:
            assert (removed, added) == ("", "")
        elif m.kind == "substitution":
            assert (removed.split(), added.split()) == ([m.old], [m.new])
        elif m.kind == "repeal":
            assert (removed.split(), added.split()) == ([m.old], [])
        else:
            assert (removed.split(), added.split()) == ([], [m.new])


def test_show_and_versions_work_on_the_new_version(amended: tuple[str, Path]) -> None:
    short, folder = amended
    runner = CliRunner()
    versions = runner.invoke(app, ["versions", "syn/art_3", "--corpus", str(folder)])
    assert versions.exit_code == 0, versions.output
    rows = [line.split() for line in versions.output.splitlines() if line.startswith("2005-06-01")]
    assert rows
    assert rows[0][1] == "amendment"
    assert rows[0][-1] == "absent"
    shown = runner.invoke(app, ["show", "syn/art_4", "--corpus", str(folder), "--lang", LANGS[short]])
    assert shown.exit_code == 0, shown.output
    assert (
        "The Parties shall meet once a year." if short == "en" else "Стороны встречаются один раз в год."
    ) in shown.output
