"""Issue 14, the audit of the edition: each point the audit found has a test here, on the bundled corpus.

The points: (1) one rendering hides another (the default reading fills a gap from the other witnesses of
the version); (3) amended or not (a version where a provision did not change says so); and the others as
they are landed.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

import lexcsto
from lexcsto.cli import app
from lexcsto.compare.redline import diff
from lexcsto.corpus.queries import Corpus
from lexcsto.corpus.witnesses import filled

runner = CliRunner()
PROTOCOL = "/akn/aa-csto/act/protocol/2010-12-10/cst-amendment"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return lexcsto.load()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


# ---- (1) one rendering hides another ---------------------------------------------------------------


def test_art_1_3_of_1992_is_read_from_seed_003(corpus: Corpus) -> None:
    loc = corpus.provision("cst", "art_1", as_at=date(2000, 1, 1))
    para3 = loc.provision.find("art_1__para_3")
    assert para3 is not None
    assert not para3.omitted
    assert "to establish [a] regional system of collective security" in para3.text
    assert para3.witness == "seed-003"
    assert loc.expression.source == "seed-004"
    assert "seed-003" in loc.expression.witnesses
    (_provision, fragment), *_ = filled(loc.expression)
    assert fragment is not None
    assert (fragment.source, str(fragment.lines)) == ("seed-003", "870-871")


def test_show_labels_the_filled_fragment_with_its_source() -> None:
    code, out = run("show", "cst/art_1", "--as-at", "2000-01-01", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["source"] == "seed-004"
    assert data["witnesses"] == [{"eid": "art_1__para_3", "source": "seed-003", "lines": "870-871"}]
    assert "regional system of collective security" in data["text"]
    code, text = run("show", "cst/art_1", "--as-at", "2000-01-01")
    # the human output names the source by its title (issue 17: ids only in --json)
    assert "[from “Collective Security Treaty Organisation 2002-2012 (A.A. Rozanov" in text
    assert "(book, 2013-06), lines 870-871]" in text


def test_source_still_reads_one_rendering_alone(corpus: Corpus) -> None:
    loc = corpus.provision("cst", "art_1", as_at=date(2000, 1, 1), source="seed-004")
    assert loc.provision.is_fully_omitted
    assert loc.expression.witnesses == ()


def test_the_art_4_redline_has_no_unknown_change(corpus: Corpus) -> None:
    r = diff(corpus, "cst", "art_4", old="1992-05-15", new="2012-12-19")
    assert r.counts()["unknown"] == 0
    para3 = next(c for c in r.provisions if c.eid == "art_4__para_3")
    assert {o.kind for o in para3.ops if o.op != "equal"} == {"wording"}


def test_a_reading_never_mixes_two_renderings_in_one_provision(corpus: Corpus) -> None:
    for w in corpus.works:
        for e in w.expressions:
            reading = corpus.reading(e)
            for p in reading.walk():
                own = e.find(p.eid)
                assert own is not None
                if p.witness:
                    assert own.omitted, f"{e.key} {p.eid}: a quoted provision was replaced"
                else:
                    assert (p.text, p.omitted) == (own.text, own.omitted)


def test_versions_show_the_reading_of_each_version() -> None:
    code, out = run("versions", "cst/art_4", "--json")
    assert code == 0
    rows = [r for r in json.loads(out) if r["reading"]]
    assert [(r["version"], r["source"], r["witnesses"]) for r in rows] == [
        ("1992-05-15", "seed-004", ["seed-003"]),
        ("2012-12-19", "seed-002", []),
    ]


# ---- (3) amended or not ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eid", "amended"), [("art_7", False), ("art_1", False), ("art_5", True), ("art_4", True)]
)
def test_a_version_says_whether_the_provision_changed(eid: str, amended: bool) -> None:
    code, out = run("versions", f"cst/{eid}", "--json")
    assert code == 0
    latest = [r for r in json.loads(out) if r["version"] == "2012-12-19"]
    assert latest
    assert all(r["amended"] is amended for r in latest)
    for r in latest:
        assert r["work_event"] == "amendment"
        if amended:
            assert (r["event"], r["instrument"]) == ("amendment", PROTOCOL)
        else:
            assert (r["event"], r["instrument"]) == (None, None)


def test_an_amendment_of_unknown_scope_says_it_is_not_known() -> None:
    code, out = run("versions", "charter/art_26", "--json")
    assert code == 0
    latest = [r for r in json.loads(out) if r["version"] == "2012-12-19"]
    assert latest
    assert all(r["amended"] is None for r in latest)


def test_diff_cst_attributes_art_2_and_3_to_items_1a_and_1b(corpus: Corpus) -> None:
    r = diff(corpus, "cst", old="1992-05-15", new="2012-12-19")
    by_eid = {c.eid: c for c in r.provisions}
    for eid, item, kind in (
        ("art_2__para_2", "para_1__point_a", "substitution"),
        ("art_3", "para_1__point_b", "repeal"),
    ):
        who = by_eid[eid].amended_by
        assert who is not None, eid
        assert (who.item, who.kind) == (f"{PROTOCOL}/!main~{item}", kind)
    assert by_eid["art_7"].amended_by is None


# ---- (4) statuses that are true -------------------------------------------------------------------


def test_a_replaced_agreement_is_never_in_force_today(corpus: Corpus) -> None:
    w = corpus.work("status-of-forces-2000")
    assert w.status == "replaced"
    assert w.ended == date(2010, 12, 10)
    assert w.in_force_on(date(2026, 1, 1)) is False


def test_no_recorded_entry_into_force_is_not_in_force_from_signature(corpus: Corpus) -> None:
    w = corpus.work("status-of-forces-2010")
    assert w.in_force is None
    assert w.in_force_on(date(2026, 1, 1)) is None
    code, out = run("show", "mtc-agreement/art_1", "--json")
    assert code == 0
    assert json.loads(out)["in_force"] is None


def test_the_repealed_words_of_cst_art_3_are_not_the_text_in_force_today(corpus: Corpus) -> None:
    today = corpus.provision("cst", "art_3", as_at=date(2026, 1, 1))
    assert today.expression.date == date(2012, 12, 19)
    assert today.in_force is True


def test_the_un_charter_entered_into_force_in_1945_outside_the_sources(corpus: Corpus) -> None:
    w = corpus.work("un-charter")
    assert w.in_force == date(1945, 10, 24)
    claim = next(c for c in w.date_claims if c.kind == "entry_into_force")
    assert claim.source == "outside"
    assert "art. 110" in claim.note


def test_a_status_given_as_of_a_year_says_so() -> None:
    code, out = run("list", "--json")
    assert code == 0
    rows = {r["short"]: r for r in json.loads(out)}
    assert rows["charter-protocol-2018-second"]["status"] == "not yet in force, as of 2019 (000 L240)"
    assert (
        rows["secret-information-protocol-2012"]["status"] == "not yet in force, as of 2013 (003 L2848-2849)"
    )


# ---- (5) what the edition supplied, flagged as data -------------------------------------------------


@pytest.mark.parametrize(
    ("short", "fields"),
    [
        ("mtc-protocol-2003", ["title"]),
        ("csto-establishment-decision", ["title"]),
        ("charter", ["articles"]),
        ("cst", []),
        ("cst-protocol-2010", ["structure"]),
    ],
)
def test_list_json_names_what_the_edition_supplied(short: str, fields: list[str]) -> None:
    code, out = run("list", "--json")
    assert code == 0
    rows = {r["short"]: r for r in json.loads(out)}
    assert rows[short]["editorial"] == fields


def test_the_2018_protocols_are_two_instruments(corpus: Corpus) -> None:
    titles = [corpus.work(s).title for s in ("charter-protocol-2018-second", "charter-protocol-2018-third")]
    assert titles == [
        "Second Protocol on amendments to the CSTO Charter",
        "Third Protocol on amendments to the CSTO Charter",
    ]
    with pytest.raises(lexcsto.QueryError):
        corpus.work("statutory-protocols-2018")


def test_contradiction_c1_is_recorded(corpus: Corpus) -> None:
    w = corpus.work("unga-resolution-59-50")
    chosen = [c for c in w.date_claims if c.chosen]
    assert [(c.value, c.source) for c in chosen] == [("2004-12-02", "outside")]
    rejected = {
        (c.value, c.source, str(c.lines)) for c in w.date_claims if not c.chosen and c.value == "2004-12-16"
    }
    assert rejected == {("2004-12-16", "seed-003", "823-825"), ("2004-12-16", "seed-003", "2108-2108")}


# ---- (2) quoted passages in the texts; instruments registered ----------------------------------------


@pytest.mark.parametrize(
    ("work", "eid", "as_at", "words", "lines"),
    [
        (
            "crrf-agreement",
            "art_2__para_3",
            None,
            "prevention and repelling of an armed attack including aggression",
            "1061-1062",
        ),
        (
            "crrf-agreement",
            "art_4__para_1",
            None,
            "with the consent of the parties for which the Agreement is in force",
            "1269-1270",
        ),
        (
            "peacekeeping-agreement",
            "art_1",
            None,
            "peaceful means and measures aimed at resolution of disputes",
            "1088-1088",
        ),
        (
            "mtc-agreement",
            "art_10",
            date(2004, 1, 1),
            "regarded by the Collective Security Council as a threat of an act of aggression",
            "1160-1165",
        ),
        (
            "rules-of-procedure",
            "rule_14__para_1",
            None,
            "lack of formal objection from member states",
            "1753-1753",
        ),
    ],
)
def test_a_passage_once_only_in_annotations_is_in_the_text(
    corpus: Corpus, work: str, eid: str, as_at: date | None, words: str, lines: str
) -> None:
    loc = corpus.provision(work, eid, as_at=as_at)
    assert words in loc.provision.text
    fragment = loc.expression.fragment(eid)
    assert fragment is not None
    assert (fragment.source, str(fragment.lines)) == ("seed-003", lines)


def test_the_mtc_agreement_of_2000_is_not_the_amended_text(corpus: Corpus) -> None:
    assert corpus.provision("mtc-agreement", "art_10", as_at=date(2001, 1, 1)).provision.omitted


@pytest.mark.parametrize(
    ("short", "signed"),
    [
        ("rules-of-procedure", date(2004, 6, 18)),
        ("suspension-regulations-2004", date(2004, 6, 18)),
        ("foreign-policy-provision-2003", date(2003, 11, 19)),
        ("peacekeeping-concept-2004", date(2004, 6, 18)),
        ("declaration-1995", date(1995, 2, 10)),
        ("uzbekistan-protocol-2006", date(2006, 8, 16)),
        ("law-enforcement-personnel-agreement-2008", date(2008, 9, 5)),
        ("crrf-decision-2009", date(2009, 2, 4)),
    ],
)
def test_the_instruments_the_sources_name_are_registered(corpus: Corpus, short: str, signed: date) -> None:
    w = corpus.work(short)
    assert w.signed == signed
    assert any(c.chosen and c.source == "seed-003" for c in w.date_claims)


# ---- (6) commentary in the right place ----------------------------------------------------------------


def test_the_note_on_003_l299_303_sits_on_art_6() -> None:
    notes = {a.id: a for a in lexcsto.load_annotations()}
    assert "cst-art-3-use-of-armed-forces" not in notes
    assert "discrepancy-cst-art-3-content" not in notes
    moved = notes["cst-art-6-use-of-armed-forces"]
    assert moved.target.eid == "art_6"
    assert [(c.source, str(c.lines)) for c in moved.sources] == [("seed-003", "299-303")]
    for a in notes.values():
        if a.target.work == "cst" and a.target.eid == "art_3":
            assert all(str(c.lines) != "299-303" for c in a.sources), a.id


def test_the_reference_art_6_to_art_3_sic_is_recorded(corpus: Corpus) -> None:
    (ref,) = [r for r in corpus.refs("cst", "art_6") if r.stated_by]
    assert (ref.target_eid, ref.text, ref.stated_by) == ("art_3", "art. 3", "seed-003 L299-303")
    assert any(r.source_eid == "art_6" for r in corpus.incoming("cst", "art_3"))


@pytest.mark.parametrize(
    ("work", "eid", "text", "target"),
    [
        ("provisions-bodies", "sec_1__art_5__point_5-16", "Organisation’s Charter", "charter"),
        ("provisions-bodies", "sec_6__art_9__point_9-2", "Treaty", "cst"),
        ("provisions-bodies", "sec_6__art_9__point_9-4", "Rules of procedure", "rules-of-procedure"),
        (
            "pa-regulations",
            "art_3__point_e",
            "2002 Charter of the Collective Security Treaty Organisation",
            "charter",
        ),
    ],
)
def test_references_in_quoted_provisions_are_marked_up(
    corpus: Corpus, work: str, eid: str, text: str, target: str
) -> None:
    refs = [r for r in corpus.refs(work, eid) if r.text == text]
    assert refs, f"{work}/{eid}: no <ref> on {text!r}"
    assert refs[0].target_work == corpus.work(target).uri


def test_the_collective_security_treaty_organisation_is_not_a_reference_to_the_treaty(corpus: Corpus) -> None:
    for r in corpus.refs("provisions-bodies", "sec_2"):
        assert r.text != "Collective Security Treaty"


@pytest.mark.parametrize(
    ("work", "heading"),
    [
        ("provisions-bodies", "Annex I. Tasks and Functions of CSTO Bodies"),
        ("pa-regulations", "CSTO Parliamentary Assembly"),
    ],
)
def test_a_book_heading_is_not_the_instruments_title(corpus: Corpus, work: str, heading: str) -> None:
    w = corpus.work(work)
    assert w.title != heading
    for e in w.expressions:
        assert all(p.text != heading for p in e.walk()), e.key


def test_pa_regulations_art_3_c_f_has_its_second_rendering(corpus: Corpus) -> None:
    # seeds-facts test case 7: the body text (003 L1851-1865) and Annex I (L2792-2803) render one provision
    # of one version; comparing them is translation, never amendment.
    r = diff(
        corpus, "pa-regulations", "art_3", old="eng@2007-03-30[seed-003]", new="eng@2007-03-30[seed-003-body]"
    )
    assert r.translation
    assert r.instruments == ()
    assert all(o.attribution is None for o in r.ops)
    body = corpus.expression(
        "/akn/aa-csto/act/regulation/2007-03-30/pa-regulations/eng@2007-03-30[seed-003-body]"
    )
    quoted = [p.eid for p in body.walk() if p.text and not p.omitted]
    assert quoted == ["art_3__point_c", "art_3__point_d", "art_3__point_e", "art_3__point_f"]
    assert {str(f.lines) for f in body.fragments} == {"1853-1854", "1855-1857", "1858-1862", "1863-1865"}


@pytest.mark.parametrize(
    ("work", "eid"),
    [
        ("pa-regulations", "art_2"),
        ("pa-regulations", "art_5"),
        ("pa-regulations", "art_8"),
        ("provisions-bodies", "sec_1__art_2"),
        ("provisions-bodies", "sec_1__art_6"),
        ("provisions-bodies", "sec_2__art_4__point_4-6"),
        ("provisions-bodies", "sec_2__art_4__point_4-8"),
    ],
)
def test_articles_the_sources_cite_are_in_the_structure(corpus: Corpus, work: str, eid: str) -> None:
    base = next(e for e in corpus.work(work).expressions if e.source == "seed-003")
    assert base.find(eid) is not None


def test_cfm_provisions_4_8_is_read_from_the_body_text(corpus: Corpus) -> None:
    loc = corpus.provision("provisions-bodies", "sec_2__art_4__point_4-8")
    assert loc.provision.witness == "seed-003-body"
    assert "come into force upon the approval by the Collective Security Council." in loc.provision.text
    fragment = loc.expression.fragment("sec_2__art_4__point_4-8")
    assert fragment is not None
    assert (fragment.source, str(fragment.lines)) == ("seed-003-body", "1780-1782")


def test_the_site_shows_what_the_edition_supplied(corpus: Corpus) -> None:
    from lexcsto.site.context import SiteContext
    from lexcsto.site.pages import Builder

    builder = Builder(SiteContext.build(corpus, []))
    page = builder.work_page(corpus.work("mtc-protocol-2003")).markdown
    assert "## Supplied by the edition" in page
    assert "- **title**:" in page
    page = builder.work_page(corpus.work("charter-protocol-2018-second")).markdown
    assert "not yet in force, as of 2019 &#40;000 L240&#41;" in page  # Markdown-escaped
