"""What the bundled corpus says: the facts of issue 2 and of the sources, as a table of cases.

Each case is a fact a reader of the edition relies on (a date, a version, a relation, a recorded
contradiction). A wrong date, a lost expression or a merged translation makes one of them fail.
"""

from __future__ import annotations

from datetime import date

import pytest

import lexcsto
from lexcsto.corpus.model import DateClaim, Work
from lexcsto.corpus.queries import Corpus
from lexcsto.errors import QueryError
from lexcsto.nlp.references import find_references

CORPUS: Corpus = lexcsto.load()
ART51 = "/akn/un/act/charter/1945-06-26/un-charter/!main~art_51"
CST = "/akn/aa-csto/act/treaty/1992-05-15/cst"
CHARTER = "/akn/aa-csto/act/charter/2002-10-07/charter"
PARENTHETICAL = "(an armed attack threatening security, stability, territorial integrity and sovereignty)"


def claims(work: str, kind: str) -> list[DateClaim]:
    return [c for c in CORPUS.work(work).date_claims if c.kind == kind]


def chosen(work: str, kind: str) -> DateClaim:
    (claim,) = [c for c in claims(work, kind) if c.chosen]
    return claim


def event_dates(work: Work, kind: str) -> list[date]:
    return [e.date for e in work.events if e.kind == kind]


# --------------------------------------------------------------------------------------------- the CST


def test_cst_has_one_expression_per_rendering() -> None:
    keys = {e.key for e in CORPUS.expressions("cst")}
    assert keys == {
        f"{CST}/eng@1992-05-15[seed-000]",
        f"{CST}/eng@1992-05-15[seed-001]",
        f"{CST}/eng@1992-05-15[seed-003]",
        f"{CST}/eng@1992-05-15[seed-004]",
        f"{CST}/eng@2012-12-19[seed-002]",
    }


@pytest.mark.parametrize("expression", CORPUS.expressions("cst"), ids=lambda e: e.key)
def test_cst_has_eleven_articles_in_every_expression(expression: lexcsto.corpus.model.Expression) -> None:
    assert [p.eid for p in expression.provisions] == [f"art_{n}" for n in range(1, 12)]
    art4 = expression.find("art_4")
    assert art4 is not None
    assert [c.eid for c in art4.children] == ["art_4__para_1", "art_4__para_2", "art_4__para_3"]


# (source, paragraph, text given?)  Which paragraphs of Art. 4 each rendering quotes.
QUOTED = [
    ("seed-000", "art_4__para_1", True),
    ("seed-000", "art_4__para_2", True),
    ("seed-000", "art_4__para_3", False),
    ("seed-001", "art_4__para_1", True),
    ("seed-001", "art_4__para_2", True),
    ("seed-001", "art_4__para_3", False),
    ("seed-003", "art_4__para_1", False),  # 003 paraphrases paragraph 1: not text
    ("seed-003", "art_4__para_2", True),
    ("seed-003", "art_4__para_3", True),
    ("seed-004", "art_4__para_1", True),
    ("seed-004", "art_4__para_2", True),
    ("seed-004", "art_4__para_3", False),
]


@pytest.mark.parametrize(("source", "eid", "given"), QUOTED)
def test_original_article_4_quoted_paragraphs(source: str, eid: str, given: bool) -> None:
    loc = CORPUS.provision("cst", eid, as_at=date(2011, 6, 1), source=source)
    assert loc.expression.date == date(1992, 5, 15)
    assert loc.provision.omitted is (not given)
    if given:
        assert loc.provision.text
        assert "armed attack" not in loc.provision.text  # the 2010 definition is not in the original


@pytest.mark.parametrize(
    ("as_at", "version", "source"),
    [
        (date(1992, 5, 15), date(1992, 5, 15), "seed-004"),
        (date(2011, 6, 1), date(1992, 5, 15), "seed-004"),  # the 2010 Protocol is signed, not in force
        (date(2012, 12, 18), date(1992, 5, 15), "seed-004"),
        (date(2012, 12, 19), date(2012, 12, 19), "seed-002"),
        (date(2013, 1, 1), date(2012, 12, 19), "seed-002"),
    ],
)
def test_cst_article_4_as_at(as_at: date, version: date, source: str) -> None:
    loc = CORPUS.provision("cst", "art_4", as_at=as_at)
    assert (loc.expression.date, loc.expression.source) == (version, source)
    assert (PARENTHETICAL in loc.provision.full_text) is (version.year == 2012)


def test_cst_before_signature_is_an_error() -> None:
    with pytest.raises(QueryError):
        CORPUS.provision("cst", "art_4", as_at=date(1992, 5, 14))


def test_amended_article_4_is_the_text_of_source_002() -> None:
    loc = CORPUS.provision("cst", "art_4", as_at=date(2013, 1, 1))
    para1, para2, para3 = loc.provision.children
    assert para1.text.startswith("If one of the states - participants is the target of aggression")
    assert "at the request of that participating state, will immediately provide" in para2.text
    assert para2.text.endswith("in accordance with the Article 51 of the UN Charter.")
    assert para3.text.endswith("the relevant provisions of the UN Charter.")  # no stray ” or space


def test_amended_article_4_marks_the_definition_of_aggression() -> None:
    loc = CORPUS.provision("cst", "art_4__para_1", as_at=date(2013, 1, 1))
    kinds = [(i.kind, i.text, i.target) for i in loc.provision.inlines]
    assert kinds[0] == ("def", "aggression", "#aggression")
    assert ("term", "aggression", "#aggression") in kinds


@pytest.mark.parametrize("expression", CORPUS.expressions("cst"), ids=lambda e: e.key)
def test_article_4_para_2_cites_un_charter_article_51(expression: lexcsto.corpus.model.Expression) -> None:
    para2 = expression.find("art_4__para_2")
    assert para2 is not None
    if para2.omitted:
        pytest.skip("paragraph 2 not quoted in this rendering")
    refs = [i for i in para2.inlines if i.kind == "ref"]
    assert [r.target for r in refs] == [ART51]
    assert refs[0].text.endswith("51 of the UN Charter") or refs[0].text.endswith(
        "Charter of the United Nations"
    )
    assert CORPUS.resolve(ART51) is not None


def test_cst_article_1_paragraph_3_is_a_partial_quotation() -> None:
    loc = CORPUS.provision("cst", "art_1__para_3", as_at=date(2000, 1, 1), source="seed-003")
    assert loc.provision.text == "[…]to establish [a] regional system of collective security[…]"


def test_the_default_1992_rendering_is_source_004() -> None:
    assert CORPUS.provision("cst", "art_4", as_at=date(2000, 1, 1)).expression.source == "seed-004"


# --------------------------------------------------------------------------------------------- dates

# (work, event kind, date)
DATES = [
    ("cst", "signature", date(1992, 5, 15)),
    ("cst", "entry_into_force", date(1994, 4, 20)),
    ("cst", "registration", date(1995, 11, 1)),
    ("cst", "amendment", date(2012, 12, 19)),
    ("cst", "extension", date(2000, 3, 22)),
    ("cst-protocol-1999", "signature", date(1999, 4, 2)),
    ("cst-protocol-1999", "entry_into_force", date(2000, 3, 22)),
    ("cst-protocol-2010", "signature", date(2010, 12, 10)),
    ("cst-protocol-2010", "entry_into_force", date(2012, 12, 19)),
    ("charter", "signature", date(2002, 10, 7)),
    ("charter", "entry_into_force", date(2003, 9, 18)),
    ("charter", "amendment", date(2012, 12, 19)),
    ("charter-protocol-2010", "signature", date(2010, 12, 10)),
    ("charter-protocol-2010", "entry_into_force", date(2012, 12, 19)),
    ("charter-protocol-2018-second", "signature", date(2018, 11, 8)),
    ("charter-protocol-2018-third", "signature", date(2018, 11, 8)),
    ("legal-status-agreement", "entry_into_force", date(2003, 9, 18)),
    ("csto-establishment-decision", "adoption", date(2002, 5, 14)),
    ("peacekeeping-agreement", "entry_into_force", date(2009, 1, 16)),
    ("military-infrastructure-protocol", "entry_into_force", date(2012, 11, 20)),
    ("status-of-forces-2000", "signature", date(2000, 10, 11)),
    ("order-of-formation-agreement", "signature", date(2010, 12, 10)),
    ("consultations-provision-1997", "adoption", date(1997, 5, 28)),
    ("collective-security-concept-1995", "adoption", date(1995, 2, 10)),
    ("provisions-bodies", "adoption", date(2003, 4, 28)),
]


@pytest.mark.parametrize(("work", "kind", "when"), DATES, ids=[f"{w}-{k}" for w, k, _ in DATES])
def test_dates(work: str, kind: str, when: date) -> None:
    assert event_dates(CORPUS.work(work), kind) == [when]


def test_cst_accessions() -> None:
    assert event_dates(CORPUS.work("cst"), "accession") == [
        date(1993, 9, 24),
        date(1993, 12, 9),
        date(1993, 12, 31),
    ]


@pytest.mark.parametrize(
    ("work", "kind"),
    [
        ("cst-protocol-1999", "entry_into_force"),
        ("cst-protocol-2010", "entry_into_force"),
        ("charter-protocol-2010", "entry_into_force"),
    ],
)
def test_dates_from_outside_the_sources_say_so(work: str, kind: str) -> None:
    claim = chosen(work, kind)
    assert claim.source == "outside"
    assert claim.lines is None
    assert claim.note.startswith("Outside the sources")


@pytest.mark.parametrize("short", ["charter-protocol-2018-second", "charter-protocol-2018-third"])
def test_the_2018_protocols_are_not_in_force(short: str) -> None:
    # Issue 14: two instruments (the Second and the Third Protocol), no longer one "statutory-protocols-2018".
    w = CORPUS.work(short)
    assert w.status == "not yet in force"
    assert w.status_label == "not yet in force, as of 2019 (000 L240)"
    assert w.in_force is None
    assert [(r.kind, r.target) for r in w.relations] == [("amends", CHARTER)]


@pytest.mark.parametrize("work", CORPUS.works, ids=lambda w: w.short)
def test_entry_into_force_is_not_before_signature(work: Work) -> None:
    if work.signed and work.in_force:
        assert work.in_force >= work.signed


@pytest.mark.parametrize("work", CORPUS.works, ids=lambda w: w.short)
def test_every_work_has_a_title_a_date_and_exactly_one_chosen_claim_per_kind(work: Work) -> None:
    assert work.title
    assert work.signed is not None
    for kind in {c.kind for c in work.date_claims}:
        assert sum(c.chosen for c in work.date_claims if c.kind == kind) == 1, kind


# --------------------------------------------------------------------------------------------- contradictions


def test_c17_status_of_forces_date_and_direction_recorded_both_ways() -> None:
    dates = {(c.value, c.chosen) for c in claims("status-of-forces-2000", "signature")}
    assert ("2000-10-11", True) in dates
    assert ("2000-11-10", False) in dates
    rejected = [c for c in claims("status-of-forces-2000", "signature") if c.value == "2000-11-10"]
    assert str(rejected[0].lines) == "1292-1293"
    direction = claims("status-of-forces-2000", "replacement")
    assert {(c.value, c.chosen) for c in direction} == {
        ("2010-12-10", True),
        ("superseded by the Agreement of 10 November 2000", False),
    }
    # The chosen direction is the one the relations carry: the 2010 Agreement replaces the 2000 one.
    new = CORPUS.work("status-of-forces-2010")
    old = CORPUS.work("status-of-forces-2000")
    assert [(r.kind, r.target) for r in new.relations] == [("replaces", old.uri)]
    assert not [r for r in old.relations if r.kind == "replaces"]


@pytest.mark.parametrize(
    ("work", "kind", "chosen_value", "rejected_value", "ref"),
    [
        ("order-of-formation-agreement", "signature", "2010-12-10", "2012-12-10", "C18"),
        ("consultations-provision-1997", "adoption", "1997-05-28", "1997-03-28", "C14"),
        ("collective-security-concept-1995", "adoption", "1995-02-10", "1995-12-10", "C15"),
        ("military-cooperation-directions-1995", "adoption", "1995-02-10", "1995-12-10", "C15"),
        ("provisions-bodies", "adoption", "2003-04-28", "2003-04-24", "C16"),
        ("csto-establishment-decision", "adoption", "2002-05-14", "2012", "C5"),
        ("status-of-forces-2010", "signature", "2010-12-10", "10 December, October 2010", "C48"),
        ("cst", "accession:Belarus", "1993-12-31", "1993-09", "C4"),
        ("cst", "accession:Georgia", "1993-12-09", "1993-09", "C4"),
    ],
)
def test_contradictions_are_recorded_with_a_choice(
    work: str, kind: str, chosen_value: str, rejected_value: str, ref: str
) -> None:
    assert chosen(work, kind).value == chosen_value
    rejected = [c for c in claims(work, kind) if c.value == rejected_value]
    assert rejected
    assert not any(c.chosen for c in rejected)
    for claim in claims(work, kind):
        assert claim.note, f"{work} {kind} {claim.value}: every claim says why"
        assert claim.source.startswith("seed-")
        assert claim.lines is not None


def test_the_para_1b_pinpoint_discrepancy_is_recorded() -> None:
    notes = CORPUS.work("cst-protocol-2010").notes
    assert any('"(Protocol, para. 1b)"' in n and "1(c)" in n for n in notes)


# --------------------------------------------------------------------------------------------- protocols


def test_the_2010_protocol_modifications() -> None:
    mods = CORPUS.work("cst-protocol-2010").modifications
    assert [(m.kind, m.source.rsplit("~", 1)[1], m.destination) for m in mods] == [
        ("substitution", "para_1__point_a", f"{CST}/!main~art_2__para_2"),
        ("repeal", "para_1__point_b", f"{CST}/!main~art_3"),
        ("substitution", "para_1__point_c", f"{CST}/!main~art_4"),
    ]


def test_applying_item_1c_reproduces_the_amended_article_4() -> None:
    (mod,) = [m for m in CORPUS.work("cst-protocol-2010").modifications if m.destination.endswith("~art_4")]
    assert mod.new_provision is not None
    amended = CORPUS.provision("cst", "art_4", as_at=date(2013, 1, 1)).provision
    restated = mod.new_provision
    assert [p.eid for p in restated.walk()] == [p.eid for p in amended.walk()]
    assert [p.text for p in restated.walk()] == [p.text for p in amended.walk()]


@pytest.mark.parametrize(
    ("work", "kind", "target"),
    [
        ("cst-protocol-1999", "extends", "cst"),
        ("cst-protocol-2010", "amends", "cst"),
        ("cst-accession-protocol-2003", "implements", "cst"),
        ("charter-protocol-2010", "amends", "charter"),
        ("charter-protocol-2018-second", "amends", "charter"),
        ("charter-protocol-2018-third", "amends", "charter"),
        ("mtc-control-protocol-2004", "amends", "mtc-control-protocol-2002"),
        ("railroads-protocol-2006", "amends", "railroads-agreement"),
        ("secret-information-protocol-2012", "amends", "secret-information-agreement"),
        ("preferential-terms-protocol-2010", "amends", "preferential-terms-agreement"),
        ("mtc-protocol-2003", "amends", "mtc-agreement"),
        ("order-of-formation-agreement", "replaces", "forces-procedures-2001"),
        ("status-of-forces-2010", "replaces", "status-of-forces-2000"),
        ("provisions-bodies", "implements", "charter"),
    ],
)
def test_relations(work: str, kind: str, target: str) -> None:
    assert (kind, CORPUS.work(target).uri) in {(r.kind, r.target) for r in CORPUS.work(work).relations}


# --------------------------------------------------------------------------------------------- the Charter


def test_charter_articles_and_quotations() -> None:
    (original, amended) = CORPUS.expressions("charter")
    assert original.source == "seed-003"
    assert amended.source == ""
    articles = [f"art_{n}" for n in range(1, 28)]
    assert [p.eid for p in original.provisions] == ["preamble", *articles]
    assert [p.eid for p in amended.provisions] == ["preamble", *articles]
    quoted = {p.eid for p in original.walk() if not p.omitted}
    assert quoted == {"art_3", "art_19"}
    art19 = original.find("art_19")
    assert art19 is not None
    assert "can become a member of the Organisation." in art19.text


def test_the_amended_charter_quotes_nothing() -> None:
    loc = CORPUS.provision("charter", "art_19", as_at=date(2013, 1, 1))
    assert loc.expression.date == date(2012, 12, 19)
    assert loc.provision.omitted
    assert all(p.omitted for p in loc.expression.walk())


# --------------------------------------------------------------------------------------------- preambles

# (work, the source's citation of its preamble, where)  Only a work whose preamble a source cites has one;
# no source quotes a preamble, so each is omitted in every expression.
PREAMBLES = [
    ("charter", "Preamble and article 5 of the CSTO Charter", "003 fn 9 (L811)"),
    (
        "command-and-control-agreement",
        "Agreement on the Establishment of the System of Management of the Forces and Means of the CSTO "
        "Collective Security System, 6 October 2007, preamble, article 3",
        "003 fn 20 (L901-902)",
    ),
    (
        "order-of-formation-agreement",
        "Agreement on the Order of Formation and Functioning of Forces, preamble",
        "003 fn 20 (L902-903)",
    ),
]


def test_only_works_whose_preamble_a_source_cites_have_one() -> None:
    with_preamble = {
        w.short for w in CORPUS.works for e in w.expressions if any(p.eid == "preamble" for p in e.provisions)
    }
    assert with_preamble == {work for work, _, _ in PREAMBLES}


@pytest.mark.parametrize(("work", "citation", "where"), PREAMBLES, ids=[w for w, _, _ in PREAMBLES])
def test_a_cited_preamble_is_there_omitted_before_the_articles(work: str, citation: str, where: str) -> None:
    for expression in CORPUS.work(work).expressions:
        first = expression.provisions[0]
        assert (first.eid, first.omitted) == ("preamble", True)
        assert expression.provisions[1].eid == "art_1"
    assert any(where in note for note in CORPUS.work(work).notes)


@pytest.mark.parametrize(("work", "citation", "where"), PREAMBLES, ids=[w for w, _, _ in PREAMBLES])
def test_the_citation_of_a_preamble_resolves_to_a_provision_of_the_corpus(
    work: str, citation: str, where: str
) -> None:
    (preamble,) = [r for r in find_references(citation, "eng", None, CORPUS) if r.eid == "preamble"]
    assert (preamble.instrument, preamble.href, preamble.found) == (
        work,
        f"{CORPUS.work(work).uri}/!main~preamble",
        True,
    )


# --------------------------------------------------------------------------------------------- the registry

# 003 Annex II (L2810-2891), in its order: (short, date of the entry)
ANNEX_II = [
    ("cst", date(1992, 5, 15)),
    ("cst-protocol-1999", date(1999, 4, 2)),
    ("mtc-agreement", date(2000, 6, 20)),
    ("mtc-control-protocol-2002", date(2002, 10, 7)),
    ("charter", date(2002, 10, 7)),
    ("legal-status-agreement", date(2002, 10, 7)),
    ("railroads-agreement", date(2003, 4, 28)),
    ("mtc-control-protocol-2004", date(2004, 11, 22)),
    ("secret-information-agreement", date(2004, 6, 18)),
    ("operational-preparedness-agreement", date(2004, 6, 18)),
    ("military-training-agreement", date(2005, 6, 23)),
    ("railroads-protocol-2006", date(2006, 6, 23)),
    ("crdf-agreement", date(2006, 6, 23)),
    ("peacekeeping-agreement", date(2007, 10, 6)),
    ("command-and-control-agreement", date(2007, 10, 6)),
    ("military-technical-assistance-protocol", date(2007, 10, 6)),
    ("preferential-terms-agreement", date(2007, 10, 6)),
    ("crrf-agreement", date(2009, 6, 14)),
    ("status-of-forces-2010", date(2010, 12, 10)),
    ("order-of-formation-agreement", date(2010, 12, 10)),
    ("specialization-agreement", date(2010, 12, 10)),
    ("military-goods-agreement", date(2010, 12, 10)),
    ("production-entities-agreement", date(2010, 12, 10)),
    ("compatibility-protocol-2010", date(2010, 12, 10)),
    ("military-infrastructure-protocol", date(2011, 12, 20)),
    ("peacekeeping-contingents-protocol", date(2012, 12, 19)),
]


def test_annex_ii_has_26_entries() -> None:
    assert len(ANNEX_II) == len({s for s, _ in ANNEX_II}) == 26


@pytest.mark.parametrize(("short", "when"), ANNEX_II, ids=[s for s, _ in ANNEX_II])
def test_annex_ii_instrument_is_a_work(short: str, when: date) -> None:
    work = CORPUS.work(short)
    assert work.date == when
    assert work.signed == when
    assert work.expressions


@pytest.mark.parametrize(
    "short",
    [
        "cst-accession-protocol-2003",
        "cst-protocol-2010",
        "charter-protocol-2010",
        "charter-protocol-2018-second",
        "charter-protocol-2018-third",
        "csto-establishment-decision",
        "cst-efficiency-memorandum-2000",
    ],
)
def test_other_core_instruments_are_works(short: str) -> None:
    assert CORPUS.work(short).signed is not None


def test_external_works_resolve() -> None:
    un = CORPUS.work("un-charter")
    assert un.external
    original = CORPUS.expressions("un-charter")[0]
    # Issue 14: the articles 003 cites (17(2), 24(1), 25, 53(1)) are kept besides 51, 52, 54 and 102.
    assert [p.eid for p in original.walk()] == [
        "art_17",
        "art_17__para_1",
        "art_17__para_2",
        "art_24",
        "art_24__para_1",
        "art_25",
        "art_51",
        "art_52",
        "art_52__para_1",
        "art_52__para_2",
        "art_53",
        "art_53__para_1",
        "art_54",
        "art_102",
    ]
    art102 = original.find("art_102")
    assert art102 is not None
    assert art102.omitted
    assert CORPUS.resolve("/akn/aa-nato/act/treaty/1949-04-04/north-atlantic-treaty/!main~art_5") is not None


def test_every_reference_in_the_corpus_resolves() -> None:
    for work in CORPUS.works:
        for expression in work.expressions:
            for provision in expression.walk():
                for ref in provision.refs:
                    if ref.target.startswith("#"):
                        assert expression.find(ref.target[1:]) is not None, ref
                    else:
                        assert CORPUS.resolve(ref.target) is not None, ref
