"""Consolidation on small model fixtures: each kind of textual modification, and the errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lexcsto.compare.alignment import diff_provisions
from lexcsto.compare.consolidation import apply_modification, consolidate
from lexcsto.corpus.model import Expression, Inline, Modification, Provision
from lexcsto.errors import ConsolidationError

WORK = "/akn/aa-csto/act/treaty/2000-01-01/t"
AMENDING = "/akn/aa-csto/act/protocol/2005-01-01/p/!main~para_1"


def treaty() -> tuple[Provision, ...]:
    return (
        Provision(
            "art_1",
            "article",
            num="Article 1",
            children=(
                Provision(
                    "art_1__para_1",
                    "paragraph",
                    text="The Parties shall consult on all matters.",
                    inlines=(
                        Inline("term", 4, 11, "Parties", "#parties"),
                        Inline("term", 33, 40, "matters", "#m"),
                    ),
                ),
                Provision(
                    "art_1__para_2", "paragraph", text="Each Party may request a meeting of the Parties."
                ),
            ),
        ),
        Provision(
            "art_2",
            "article",
            num="Article 2",
            children=(Provision("art_2__para_1", "paragraph", text="This Treaty is open for accession."),),
        ),
        Provision(
            "art_5",
            "article",
            num="Article 5",
            children=(Provision("art_5__para_1", "paragraph", text="Depositary."),),
        ),
    )


def mod(
    kind: str, eid: str, *, old: str = "", new: str = "", provision: Provision | None = None
) -> Modification:
    return Modification(
        "m1", kind, AMENDING, f"{WORK}/!main~{eid}", old=old, new=new, new_provision=provision
    )


def text_of(provisions: tuple[Provision, ...], eid: str) -> str:
    return next(q for p in provisions for q in p.walk() if q.eid == eid).text


def eids(provisions: tuple[Provision, ...]) -> list[str]:
    return [q.eid for p in provisions for q in p.walk()]


def test_word_replacement() -> None:
    out = apply_modification(
        treaty(), mod("substitution", "art_1", old="shall consult", new="shall regularly consult")
    )
    assert text_of(out, "art_1__para_1") == "The Parties shall regularly consult on all matters."
    para = next(q for p in out for q in p.walk() if q.eid == "art_1__para_1")
    assert [(i.start, i.end, para.text[i.start : i.end]) for i in para.inlines] == [
        (4, 11, "Parties"),
        (43, 50, "matters"),
    ]


def test_paragraph_restatement() -> None:
    restated = Provision("art_1__para_2", "paragraph", text="Each Party may request an emergency meeting.")
    out = apply_modification(treaty(), mod("substitution", "art_1__para_2", provision=restated))
    assert text_of(out, "art_1__para_2") == "Each Party may request an emergency meeting."
    out = apply_modification(treaty(), mod("substitution", "art_1__para_2", new="Each Party may convene."))
    assert text_of(out, "art_1__para_2") == "Each Party may convene."


def test_article_insertion_goes_in_order() -> None:
    art3 = Provision(
        "art_3",
        "article",
        num="Article 3",
        children=(Provision("art_3__para_1", "paragraph", text="Forces may be deployed."),),
    )
    out = apply_modification(treaty(), mod("insertion", "art_3", provision=art3))
    assert [p.eid for p in out] == ["art_1", "art_2", "art_3", "art_5"]
    para3 = Provision("art_1__para_3", "paragraph", text="Meetings may be held by video.")
    out = apply_modification(out, mod("insertion", "art_1__para_3", provision=para3))
    assert eids(out)[:4] == ["art_1", "art_1__para_1", "art_1__para_2", "art_1__para_3"]
    art2bis = Provision("art_2bis", "article", num="Article 2 bis")
    assert [p.eid for p in apply_modification(out, mod("insertion", "art_2bis", provision=art2bis))] == [
        "art_1",
        "art_2",
        "art_2bis",
        "art_3",
        "art_5",
    ]


def test_word_insertion() -> None:
    out = apply_modification(treaty(), mod("insertion", "art_1__para_2", old="request", new="in writing"))
    assert text_of(out, "art_1__para_2") == "Each Party may request in writing a meeting of the Parties."


def test_repeal_of_words_and_of_a_provision() -> None:
    out = apply_modification(treaty(), mod("repeal", "art_1__para_1", old="on all matters"))
    assert text_of(out, "art_1__para_1") == "The Parties shall consult."
    out = apply_modification(treaty(), mod("repeal", "art_2"))
    assert "art_2" not in eids(out)
    assert "art_2__para_1" not in eids(out)


def test_repeal_of_unknown_words_leaves_the_provision_with_unknown_text() -> None:
    out = apply_modification(treaty(), replace(mod("repeal", "art_2"), old_unknown=True))
    art_2 = next(q for p in out for q in p.walk() if q.eid == "art_2")
    assert art_2.is_fully_omitted


def test_substitution_with_unknown_words_leaves_the_text_unknown() -> None:
    out = apply_modification(treaty(), mod("substitution", "art_1__para_2"))
    para = next(q for p in out for q in p.walk() if q.eid == "art_1__para_2")
    assert para.omitted
    assert para.text == ""
    changes, _ = diff_provisions(treaty(), out)
    assert next(c for c in changes if c.eid == "art_1__para_2").status == "unknown"


@pytest.mark.parametrize(
    ("modification", "message"),
    [
        (mod("substitution", "art_9", old="x", new="y"), "no provision 'art_9'"),
        (mod("substitution", "art_1", old="Parties", new="States"), "occur 2 times"),
        (mod("substitution", "art_1", old="Part", new="State"), "occur 0 times"),
        (mod("substitution", "art_1", old="absent words", new="y"), "occur 0 times"),
        (
            mod("insertion", "art_1__para_1", provision=Provision("art_1__para_1", "paragraph")),
            "already exists",
        ),
        (
            mod("insertion", "art_7__para_1", provision=Provision("art_7__para_1", "paragraph")),
            "no provision 'art_7'",
        ),
        (mod("renumbering", "art_1"), "cannot apply a modification of type 'renumbering'"),
        (Modification("m1", "repeal", AMENDING, WORK), "names no provision"),
    ],
)
def test_modifications_that_cannot_apply_say_why(modification: Modification, message: str) -> None:
    with pytest.raises(ConsolidationError, match=message):
        apply_modification(treaty(), modification, path="texts/t/eng@2000-01-01.xml")


def test_consolidate_makes_the_next_expression() -> None:
    base = Expression(WORK, f"{WORK}/eng@2000-01-01", "eng", date(2000, 1, 1), "seed-x", "label", treaty())
    other_work = Modification(
        "m2", "repeal", AMENDING, "/akn/aa-csto/act/treaty/1999-01-01/other/!main~art_1"
    )
    new = consolidate(base, [mod("repeal", "art_5"), other_work], version=date(2006, 3, 1))
    assert new.uri == f"{WORK}/eng@2006-03-01"
    assert new.date == date(2006, 3, 1)
    assert [p.eid for p in new.provisions] == ["art_1", "art_2"]
    assert base.find("art_5") is not None  # the old version is untouched
    assert new.fragments == ()
    assert "consolidated" in new.translation
