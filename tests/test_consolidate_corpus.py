"""On the corpus: the 2010 Protocol's recorded modification of Article 4 reproduces the amended Article 4."""

from __future__ import annotations

from datetime import date

import pytest

import lexcsto
from lexcsto.compare.consolidation import consolidate
from lexcsto.compare.redline import diff_expressions
from lexcsto.corpus.model import Provision
from lexcsto.corpus.queries import Corpus
from lexcsto.corpus.uri import split_href


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return lexcsto.load()


def shape(p: Provision) -> list[tuple[str, str, bool]]:
    return [(q.eid, q.text, q.omitted) for q in p.walk()]


def test_the_2010_protocol_reproduces_amended_article_4(corpus: Corpus) -> None:
    protocol = corpus.work("cst-protocol-2010")
    on_art_4 = [m for m in protocol.modifications if split_href(m.destination)[1] == "art_4"]
    assert [m.kind for m in on_art_4] == ["substitution"]
    assert on_art_4[0].new_provision is not None, "the Protocol's restated Art. 4 is not loaded"
    amended = corpus.expression_at("cst", date(2013, 1, 1), source="seed-002")
    for source in ("seed-000", "seed-001", "seed-003", "seed-004"):
        base = corpus.expression_at("cst", date(1992, 5, 15), source=source)
        result = consolidate(base, on_art_4, version=amended.date, source=amended.source)
        assert result.uri == amended.uri
        art_4 = result.find("art_4")
        stored = amended.find("art_4")
        assert art_4 is not None
        assert stored is not None
        assert shape(art_4) == shape(stored)
        # and a redline between the two says so: nothing left to show in Art. 4
        redline = diff_expressions(result, amended, "art_4", corpus=corpus)
        assert all(o.op == "equal" for o in redline.ops), source


def test_every_recorded_modification_of_the_cst_applies(corpus: Corpus) -> None:
    """Substitutions and repeals whose words no source gives leave their destination unknown, never deleted:
    item 1(b) repeals words of Art. 3 that no source quotes, so Art. 3 stays, its text unknown."""
    base = corpus.expression_at("cst", date(1992, 5, 15), source="seed-004")
    mods = [m for _, m in corpus.modifications_to("cst")]
    assert {m.kind for m in mods} == {"substitution", "repeal"}
    result = consolidate(base, mods, version=date(2012, 12, 19))
    for m in mods:
        eid = split_href(m.destination)[1]
        assert eid
        assert result.find(eid) is not None
        if m.new_provision is None and not m.new:
            assert result.find(eid).omitted  # type: ignore[union-attr]
    assert len(result.provisions) == 11
