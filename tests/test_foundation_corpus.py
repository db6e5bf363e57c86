"""Queries on a loaded corpus: the as-at rule, source choice, timelines, references, relations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import fixture_corpus as fx
import pytest

import lexcsto
from lexcsto.corpus.queries import Corpus
from lexcsto.errors import QueryError


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return lexcsto.load(fx.write(tmp_path_factory.mktemp("corpus")))


# (as at, the version that applies, in force that day)
AS_AT = [
    (date(1992, 5, 15), date(1992, 5, 15), False),  # signed, not yet in force
    (date(1994, 4, 19), date(1992, 5, 15), False),
    (date(1994, 4, 20), date(1992, 5, 15), True),
    (date(2010, 12, 10), date(1992, 5, 15), True),  # the protocol is signed, not in force: still the original
    (date(2012, 12, 18), date(1992, 5, 15), True),
    (date(2012, 12, 19), date(2012, 12, 19), True),  # the day the amendment takes effect
    (date(2030, 1, 1), date(2012, 12, 19), True),
]


@pytest.mark.parametrize(("as_at", "version", "in_force"), AS_AT, ids=[str(a[0]) for a in AS_AT])
def test_as_at_picks_the_version_in_force(corpus: Corpus, as_at: date, version: date, in_force: bool) -> None:
    loc = corpus.provision("tst", "art_2", as_at=as_at)
    assert loc.expression.date == version
    assert loc.in_force is in_force


def test_as_at_text_changes_with_the_amendment(corpus: Corpus) -> None:
    before = corpus.provision("tst", "art_2__para_1", as_at=date(2011, 6, 1)).provision.text
    after = corpus.provision("tst", "art_2__para_1", as_at=date(2013, 1, 1)).provision.text
    assert "original wording" in before
    assert "amended wording" in after


@pytest.mark.parametrize(
    ("work", "eid", "as_at", "message"),
    [
        ("tst", "art_2", date(1992, 5, 14), "not signed until 1992-05-15"),
        ("tst", "art_99", None, "no provision 'art_99'"),
        ("nope", "art_1", None, "no work 'nope'"),
    ],
)
def test_impossible_questions_are_errors(
    corpus: Corpus, work: str, eid: str, as_at: date | None, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        corpus.provision(work, eid, as_at=as_at)


def test_source_is_chosen_or_refused(corpus: Corpus) -> None:
    assert (
        corpus.provision("tst", "art_2", as_at=date(1995, 1, 1), source="syn-1").expression.source == "syn-1"
    )
    with pytest.raises(QueryError, match="no eng text of 1992-05-15 from syn-2"):
        corpus.provision("tst", "art_2", as_at=date(1995, 1, 1), source="syn-2")


def test_work_by_short_name_uri_or_portion_uri(corpus: Corpus) -> None:
    uri = fx.TREATY
    assert corpus.work("tst") is corpus.work(uri) is corpus.work(uri + "/eng@2012-12-19/!main~art_2")


def test_timeline_names_the_amending_instrument(corpus: Corpus) -> None:
    entries = corpus.timeline("tst", "art_2")
    assert [(t.expression.date, t.instrument) for t in entries] == [
        (date(1992, 5, 15), ""),
        (date(2012, 12, 19), fx.PROTOCOL),
    ]
    assert entries[1].event is not None
    assert entries[1].event.kind == "amendment"


def test_outgoing_and_incoming_references(corpus: Corpus) -> None:
    out = {(r.target_work, r.target_eid) for r in corpus.refs("tst", "art_2")}
    assert out == {(fx.CHARTER, "art_9"), (fx.TREATY, "art_1")}
    incoming = corpus.incoming("ext-charter", "art_9")
    assert [(r.source_work, r.source_eid) for r in incoming] == [(fx.TREATY, "art_2__para_1")]
    assert [r.source_eid for r in corpus.incoming("tst", "art_1")] == ["art_2__para_2"]


def test_relations_are_seen_from_both_ends(corpus: Corpus) -> None:
    assert [(r.kind, r.target) for r in corpus.relations("tst-protocol")] == [("amends", fx.TREATY)]
    assert [(r.kind, r.target) for r in corpus.relations("tst")] == [("amended_by", fx.PROTOCOL)]
    assert [(w.short, m.kind) for w, m in corpus.modifications_to("tst")] == [
        ("tst-protocol", "substitution")
    ]


def test_fragments_carry_the_text_they_cover(corpus: Corpus) -> None:
    frags = {(e.source, f.eid): f for e, f in corpus.fragments()}
    f = frags[("syn-1", "art_2__para_2")]
    assert (f.lines.start, f.lines.end) == (4, 5)
    assert f.text == "Synthetic second paragraph, see Article 1."


def test_omitted_text_is_marked_not_empty(corpus: Corpus) -> None:
    art1 = corpus.provision("tst", "art_1").provision
    assert art1.omitted
    assert art1.is_fully_omitted
    assert art1.full_text == "[text not in the sources of this edition]"


def test_inline_offsets_match_the_text(corpus: Corpus) -> None:
    p = corpus.provision("tst", "art_2__para_1", as_at=date(2000, 1, 1)).provision
    (ref,) = p.inlines
    assert p.text[ref.start : ref.end] == ref.text == "Article 9 of the External Charter"


def test_load_of_another_folder_is_not_cached(tmp_path: Path) -> None:
    a = lexcsto.load(fx.write(tmp_path / "a"))
    b = lexcsto.load(fx.write(tmp_path / "b"))
    assert a is not b
    assert a.path != b.path


def test_preface_preamble_and_final_clauses_are_read_as_provisions(tmp_path: Path) -> None:
    rel = "tst/eng@1992-05-15.syn-1.xml"
    text = (
        fx.files()[rel]
        .replace(
            "<body>",
            '<preface><p eId="preface__p_1" class="title"><docTitle>Synthetic Title</docTitle></p></preface>'
            '<preamble><p eId="preamble__p_1">Synthetic recital one,</p><formula eId="preamble__formula_1" name="enactingFormula">'
            "<p>have agreed as follows:</p></formula></preamble><body>",
        )
        .replace(
            "</body>",
            '</body><conclusions><p eId="conclusions__p_1">Synthetic closing formula.</p></conclusions>',
        )
    )
    c = lexcsto.load(fx.write(tmp_path, {rel: text}))
    e = c.expression_at("tst", date(1995, 1, 1))
    assert [p.eid for p in e.provisions][:2] == ["preface", "preamble"]
    assert e.provisions[-1].eid == "conclusions"
    assert c.provision("tst", "preface", as_at=date(1995, 1, 1)).provision.text == "Synthetic Title"
    preamble = c.provision("tst", "preamble", as_at=date(1995, 1, 1)).provision
    assert preamble.text == "Synthetic recital one,"
    assert [ch.text for ch in preamble.children] == ["have agreed as follows:"]
    assert (
        c.provision("tst", "conclusions", as_at=date(1995, 1, 1)).provision.text
        == "Synthetic closing formula."
    )
