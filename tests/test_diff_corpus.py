"""Redlines on the bundled corpus: versions by date or expression, attribution, translations, replay."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import lexcsto
from lexcsto.compare.operations import apply_ops
from lexcsto.compare.redline import Redline, diff, diff_expressions
from lexcsto.compare.translations import translations
from lexcsto.corpus.model import Expression
from lexcsto.corpus.queries import Corpus
from lexcsto.errors import QueryError

CASES: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "golden" / "diff" / "article4.yaml").read_text(encoding="utf-8")
)
CST = "/akn/aa-csto/act/treaty/1992-05-15/cst"
PROTOCOL = "/akn/aa-csto/act/protocol/2010-12-10/cst-amendment"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return lexcsto.load()


@pytest.fixture(scope="module")
def art4(corpus: Corpus) -> Redline:
    return diff(corpus, "cst", "art_4", old="1992-05-15", new="2012-12-19")


def test_versions_by_date_are_the_ones_in_force(art4: Redline) -> None:
    assert (art4.from_uri, art4.to_uri) == (f"{CST}/eng@1992-05-15", f"{CST}/eng@2012-12-19")
    assert (art4.from_source, art4.to_source) == ("seed-004", "seed-002")
    assert not art4.translation
    assert art4.classified


def test_the_substantive_changes_are_the_amendment(art4: Redline) -> None:
    paras = {"art_4__para_1": 0, "art_4__para_2": 1}
    found = [[paras[o.eid], o.op, o.text.strip()] for o in art4.ops if o.kind == "substantive"]
    assert found == CASES["amendment"]["substantive"]


def test_substantive_changes_point_to_the_protocol_item(art4: Redline) -> None:
    for o in art4.ops:
        if o.kind == "substantive":
            assert o.attribution is not None
            assert o.attribution.instrument == PROTOCOL
            assert o.attribution.item == f"{PROTOCOL}/!main~para_1__point_c"
            assert (o.attribution.modification, o.attribution.kind) == ("amod_3", "substitution")
            assert o.attribution.date == date(2012, 12, 19)
        else:
            assert o.attribution is None
    assert [a.instrument for a in art4.instruments] == [PROTOCOL]


def test_paragraph_3_is_read_from_witness_003_and_differs_in_wording_only(art4: Redline) -> None:
    # Issue 14: seed 004 (the base text of 1992) does not quote para. 3; seed 003 does. The default
    # reading fills the gap from that witness, so the redline has no unknown change left and para. 3
    # differs from the 2010 text in wording only (it used to be two "unknown" changes).
    para3 = next(c for c in art4.provisions if c.eid == "art_4__para_3")
    assert para3.status == "changed"
    assert para3.old_witness == "seed-003"
    assert para3.new_witness == ""
    assert {o.kind for o in para3.ops if o.op != "equal"} == {"wording"}
    assert art4.counts()["unknown"] == 0
    assert art4.from_witnesses == ("seed-003",)


def test_one_rendering_alone_still_leaves_paragraph_3_out(corpus: Corpus) -> None:
    r = diff(corpus, "cst", "art_4", old="1992-05-15", new="2012-12-19", old_source="seed-004")
    para3 = next(c for c in r.provisions if c.eid == "art_4__para_3")
    assert para3.status == "unknown"
    assert {o.kind for o in para3.ops} == {"unknown"}
    assert r.from_witnesses == ()


def test_replay_gives_the_amended_article(corpus: Corpus, art4: Redline) -> None:
    old = corpus.provision("cst", "art_4", as_at=date(1992, 5, 15)).provision
    new = corpus.provision("cst", "art_4", as_at=date(2013, 1, 1)).provision
    assert apply_ops(old.full_text, art4.ops) == new.full_text


def test_versions_by_expression_key_and_source(corpus: Corpus) -> None:
    r = diff(corpus, "cst", "art_4", old="eng@1992-05-15[seed-000]", new=f"{CST}/eng@2012-12-19")
    assert (r.from_source, r.to_source) == ("seed-000", "seed-002")
    r2 = diff(corpus, "cst", "art_4", old="1992-05-15", new="2012-12-19", old_source="seed-001")
    assert r2.from_source == "seed-001"
    r3 = diff(corpus, "cst", "art_4", old="eng@1992-05-15", new="2013-01-01", old_source="seed-003")
    assert r3.from_source == "seed-003"


def test_two_translations_of_one_version_have_no_attribution(corpus: Corpus) -> None:
    r = diff(corpus, "cst", "art_4", old="eng@1992-05-15[seed-000]", new="eng@1992-05-15[seed-004]")
    assert r.translation
    assert r.instruments == ()
    assert all(o.attribution is None for o in r.ops)
    assert r.counts()["substantive"] == 0
    assert r.counts()["wording"] > 0


def test_one_translation_against_itself_is_not_classified(corpus: Corpus) -> None:
    e = corpus.expression_at("cst", date(1992, 5, 15), source="seed-004")
    r = diff_expressions(e, e, "art_4", corpus=corpus)
    assert not r.classified
    assert all(o.op == "equal" for o in r.ops)


def test_a_date_before_signature_is_refused(corpus: Corpus) -> None:
    with pytest.raises(QueryError, match="not signed until"):
        diff(corpus, "cst", "art_4", old="1990-01-01", new="2012-12-19")
    with pytest.raises(QueryError):
        diff(corpus, "cst", "art_99", old="1992-05-15", new="2012-12-19")


def _pairs(corpus: Corpus) -> list[tuple[Expression, Expression]]:
    out = []
    for w in corpus.works:
        for a, b in itertools.permutations(w.expressions, 2):
            if a.language == b.language:
                out.append((a, b))
    return out


def test_every_version_pair_of_the_corpus_replays(corpus: Corpus) -> None:
    pairs = _pairs(corpus)
    assert len(pairs) >= 20
    for a, b in pairs:
        r = diff_expressions(a, b, corpus=corpus)
        old = "\n\n".join(
            t
            for p in a.walk()
            if (t := ("[text not in the sources of this edition]" if p.omitted else p.text))
        )
        new = "\n\n".join(
            t
            for p in b.walk()
            if (t := ("[text not in the sources of this edition]" if p.omitted else p.text))
        )
        assert apply_ops(old, r.ops) == new, (a.key, b.key)
        assert not any(o.kind == "substantive" and "not in the sources" in o.text for o in r.ops)


def test_translation_view_of_article_4(corpus: Corpus) -> None:
    view = translations(corpus, "cst", "art_4")
    assert view.version == date(1992, 5, 15)
    assert view.base == "seed-004"
    assert [r.source for r in view.renderings] == ["seed-004", "seed-000", "seed-001", "seed-003"]
    assert view.eids == ("art_4__para_1", "art_4__para_2", "art_4__para_3")
    for r in view.renderings:
        assert r.redline.counts()["substantive"] == 0, r.source
        assert r.redline.translation
    seed003 = view.renderings[3].change("art_4__para_1")
    assert seed003 is not None
    assert seed003.status == "unknown"
