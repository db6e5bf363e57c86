"""Attribution: each substantive change points to the amending instrument and item that made it."""

from __future__ import annotations

from datetime import date

from lexcsto.compare.redline import diff, diff_expressions
from lexcsto.corpus.model import Event, Expression, Modification, Provision, Work
from lexcsto.corpus.queries import Corpus

T = "/akn/aa-csto/act/treaty/2000-01-01/t"
P1 = "/akn/aa-csto/act/protocol/2005-01-01/p1"
P2 = "/akn/aa-csto/act/protocol/2008-01-01/p2"


def expression(day: date, source: str, para1: str, para2: str) -> Expression:
    art = Provision(
        "art_1",
        "article",
        children=(
            Provision("art_1__para_1", "paragraph", text=para1),
            Provision("art_1__para_2", "paragraph", text=para2),
        ),
    )
    return Expression(T, f"{T}/eng@{day.isoformat()}", "eng", day, source, source, (art,))


def corpus() -> Corpus:
    v0 = expression(date(2000, 1, 1), "s1", "The Parties consult.", "The Parties assist.")
    v0b = expression(date(2000, 1, 1), "s2", "The States Parties consult.", "The Parties assist.")
    v1 = expression(date(2006, 1, 1), "s1", "The Parties consult regularly.", "The Parties assist at once.")
    v2 = expression(
        date(2009, 1, 1), "s1", "The Parties consult regularly.", "The Parties assist at once, always."
    )
    treaty = Work(
        T,
        "t",
        "Treaty",
        "act",
        "treaty",
        date(2000, 1, 1),
        events=(Event(date(2000, 1, 1), "signature"), Event(date(2006, 1, 1), "amendment", P1)),
        expressions=(v0, v0b, v1, v2),
    )
    p1 = Work(
        P1,
        "p1",
        "First Protocol",
        "act",
        "protocol",
        date(2005, 1, 1),
        events=(Event(date(2005, 1, 1), "signature"), Event(date(2006, 1, 1), "entry_into_force")),
        modifications=(
            Modification("m1", "substitution", f"{P1}/!main~para_1", f"{T}/!main~art_1"),
            Modification("m2", "substitution", f"{P1}/!main~para_2", f"{T}/!main~art_1__para_2"),
        ),
    )
    # no amendment event recorded on the treaty: found by the protocol's own entry into force
    p2 = Work(
        P2,
        "p2",
        "Second Protocol",
        "act",
        "protocol",
        date(2008, 1, 1),
        events=(Event(date(2008, 1, 1), "signature"), Event(date(2009, 1, 1), "entry_into_force")),
        modifications=(Modification("m1", "insertion", f"{P2}/!main~para_1", f"{T}/!main~art_1__para_2"),),
    )
    return Corpus((treaty, p1, p2))


def substantive(r: object) -> list[tuple[str, str, str, str]]:
    return [
        (o.eid, o.text.strip(), o.attribution.instrument, o.attribution.item.rpartition("~")[2])
        for o in r.ops  # type: ignore[attr-defined]
        if o.kind == "substantive" and o.attribution is not None
    ]


def test_the_deepest_recorded_modification_wins() -> None:
    r = diff(corpus(), "t", "art_1", old="2000-01-01", new="2006-01-01", old_source="s1")
    assert substantive(r) == [
        ("art_1__para_1", "regularly", P1, "para_1"),
        ("art_1__para_2", "at once", P1, "para_2"),
    ]


def test_an_instrument_is_found_by_its_entry_into_force() -> None:
    r = diff(corpus(), "t", "art_1", old="2006-01-01", new="2009-01-01")
    assert substantive(r) == [("art_1__para_2", ", always", P2, "para_1")]
    assert [a.instrument for a in r.instruments] == [P2]


def test_changes_across_two_instruments_name_each() -> None:
    r = diff(corpus(), "t", "art_1", old="2000-01-01", new="2009-01-01", old_source="s1")
    assert {a.instrument for a in r.instruments} == {P1, P2}
    paras = {(eid, who) for eid, _, who, _ in substantive(r)}
    assert ("art_1__para_1", P1) in paras


def test_backwards_comparison_is_attributed_too() -> None:
    r = diff(corpus(), "t", "art_1", old="2006-01-01", new="2000-01-01", new_source="s1")
    assert {who for _, _, who, _ in substantive(r)} == {P1}


def test_translations_have_no_attribution() -> None:
    c = corpus()
    a, b = c.expressions("t")[0], c.expressions("t")[1]
    r = diff_expressions(a, b, corpus=c)
    assert r.translation
    assert r.instruments == ()
    assert all(o.attribution is None for o in r.ops)
