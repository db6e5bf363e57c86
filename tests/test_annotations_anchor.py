"""Anchoring across versions and translations: anchored, fuzzy, moved, not-in-source, orphaned."""

from __future__ import annotations

from dataclasses import replace

import pytest
from anno_fixture import CST, E1992, E2012, EXPRESSIONS, WORK, FixtureCorpus

from lexcsto.annotations.anchoring import anchor, anchor_one
from lexcsto.annotations.annotation import Annotation, Citation, Quote, Target
from lexcsto.corpus.model import Lines
from lexcsto.errors import AnnotationError

CITE = (Citation("seed-004", Lines(3, 4)),)


def note(quote: Quote, eid: str = "art_4", expression: str = E1992, source: str = "seed-004") -> Annotation:
    return Annotation("n", "commentary", Target("cst", expression, source, eid, quote), "Body.", CITE)


def statuses(ann: Annotation) -> dict[str, tuple[str, str]]:
    (result,) = anchor(FixtureCorpus(), [ann])
    return {a.expression: (a.status, a.eid) for a in result.anchors}


K000, K004, K002 = (e.key for e in EXPRESSIONS)

# quote, written against -> the status and landing eId in each of the three expressions
CASES = [
    # "the necessary assistance" is in para 2 of every rendering
    (
        Quote("the necessary assistance"),
        E1992,
        "seed-004",
        {
            K000: ("anchored", "art_4__para_2"),
            K004: ("anchored", "art_4__para_2"),
            K002: ("anchored", "art_4__para_2"),
        },
    ),
    # a translation difference small enough to stay within the threshold: "right of" / "right to"
    (
        Quote("the right of collective defense"),
        E1992,
        "seed-004",
        {
            K000: ("fuzzy", "art_4__para_2"),
            K004: ("anchored", "art_4__para_2"),
            K002: ("fuzzy", "art_4__para_2"),
        },
    ),
    # para 3 is quoted only by 002: the 1992 renderings do not have it, so it is unknown there
    (
        Quote("notify the United Nations Security Council"),
        E2012,
        "seed-002",
        {
            K000: ("not-in-source", "art_4__para_3"),
            K004: ("not-in-source", "art_4__para_3"),
            K002: ("anchored", "art_4__para_3"),
        },
    ),
    # words of the 2010 definition: present in 2012, and the 1992 text (which is there) lacks them
    (
        Quote("an armed attack threatening security"),
        E2012,
        "seed-002",
        {
            K000: ("orphaned", "art_4__para_1"),
            K004: ("orphaned", "art_4__para_1"),
            K002: ("anchored", "art_4__para_1"),
        },
    ),
]


@pytest.mark.parametrize(("quote", "expression", "source", "expected"), CASES)
def test_status_in_every_expression(
    quote: Quote, expression: str, source: str, expected: dict[str, tuple[str, str]]
) -> None:
    assert statuses(note(quote, expression=expression, source=source)) == expected


def test_context_picks_the_right_occurrence_and_scores_it() -> None:
    # "aggression" occurs twice in para 1 of 004; the suffix says which one.
    quote = Quote("aggression", prefix="regarded as ", suffix=" against all")
    (result,) = anchor(FixtureCorpus(), [note(quote, eid="art_4__para_1")])
    a004 = next(a for a in result.anchors if a.expression == K004)
    assert a004.status == "anchored"
    assert a004.score == 100.0
    assert a004.start == EXPRESSIONS[1].find("art_4__para_1").text.index("aggression against all")  # type: ignore[union-attr]
    # in 002 the second "aggression" is followed by the definition: same words, weaker context
    a002 = next(a for a in result.anchors if a.expression == K002)
    assert a002.status == "anchored"
    assert a002.score is not None
    assert 50 < a002.score < 100


def test_moved_when_found_in_another_provision() -> None:
    # Written on para 1, but in the fixture the words are in para 2 of every expression.
    ann = note(Quote("including military assistance"), eid="art_4__para_1")
    got = statuses(ann)
    assert got[K004] == ("moved", "art_4__para_2")
    assert got[K002] == ("moved", "art_4__para_2")


def test_provision_level_annotation_anchors_even_where_the_text_is_omitted() -> None:
    (result,) = anchor(FixtureCorpus(), [note(Quote(), eid="art_1")])
    assert {(a.status, a.level, a.eid) for a in result.anchors} == {("anchored", "provision", "art_1")}


def test_provision_level_annotation_on_a_provision_an_expression_lacks() -> None:
    lacking = replace(EXPRESSIONS[0], provisions=EXPRESSIONS[0].provisions[1:])
    anchored = anchor_one(note(Quote(), eid="art_1"), lacking)
    assert (anchored.status, anchored.level) == ("not-in-source", "provision")


def test_work_level_annotation() -> None:
    (result,) = anchor(FixtureCorpus(), [note(Quote(), eid="")])
    assert {(a.status, a.level) for a in result.anchors} == {("anchored", "work")}
    (result,) = anchor(FixtureCorpus(), [note(Quote("at the request of that participating state"), eid="")])
    assert [a.status for a in result.anchors] == ["orphaned", "orphaned", "anchored"]


def test_nothing_is_dropped() -> None:
    anns = [
        replace(note(Quote(q)), id=f"n{i}") for i, q in enumerate(["aggression", "zzzz", "States Parties"])
    ]
    results = anchor(FixtureCorpus(), anns)
    assert [r.annotation.id for r in results] == ["n0", "n1", "n2"]
    assert all(len(r.anchors) == len(WORK.expressions) for r in results)
    assert results[1].orphaned


def test_fuzzy_refuses_a_short_text_inside_a_long_quote() -> None:
    # partial_ratio would score 100 for a text that is a substring of the quote; the span ratio does not.
    short = replace(
        EXPRESSIONS[1],
        provisions=(
            replace(
                EXPRESSIONS[1].provisions[1],
                children=(replace(EXPRESSIONS[1].provisions[1].children[0], text="aggression"),),
            ),
        ),
    )
    got = anchor_one(note(Quote("subjected to aggression by any State or group of States")), short)
    assert got.status == "orphaned"


def test_unknown_work_names_the_annotation_file() -> None:
    ann = replace(note(Quote()), target=replace(note(Quote()).target, work="nato"), path="a.yaml", line=7)
    with pytest.raises(AnnotationError, match=r"^a\.yaml:7: annotation n: unknown work 'nato'"):
        anchor(FixtureCorpus(), [ann])


def test_as_dict_has_id_target_and_per_expression_status() -> None:
    (result,) = anchor(FixtureCorpus(), [note(Quote("aggression"))])
    data = result.as_dict()
    assert data["id"] == "n"
    assert data["target"] == {
        "work": "cst",
        "eid": "art_4",
        "expression": E1992,
        "source": "seed-004",
        "exact": "aggression",
    }
    anchors = data["anchors"]
    assert isinstance(anchors, list)
    assert [(a["expression"], a["status"], a["score"]) for a in anchors] == [
        (K000, "anchored", 100.0),
        (K004, "anchored", 100.0),
        (K002, "anchored", 100.0),
    ]
    assert CST in K000
