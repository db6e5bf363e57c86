"""State parties and membership over time: the bundled data, its sources, the queries and the command line.

The cases of issue 15's "Done when" are a table in ``tests/data/parties_cases.yaml``. Every claim's
``quote`` is found in the seed lines it cites (skipped, with the reason, when ../shared/seeds is absent).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import lexcsto
from lexcsto.cli import app
from lexcsto.corpus.parties import Claim, Membership, StateRecord
from lexcsto.corpus.provenance import found, pieces, read_lines, source_text
from lexcsto.corpus.queries import Corpus

CORPUS: Corpus = lexcsto.load()
CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "parties_cases.yaml").read_text()
)
SEEDS = Path(__file__).parents[1].parent / "shared" / "seeds"
ENTITIES = Path(lexcsto.__file__).parent / "data" / "nlp" / "entities.yaml"
runner = CliRunner()


def memberships() -> list[Membership]:
    return [m for m in (CORPUS.membership(w.uri) for w in CORPUS.works) if m is not None]


def all_claims() -> list[tuple[Membership, StateRecord, str, Claim]]:
    return [(m, r, e.kind, c) for m in memberships() for r in m.states for e in r.events for c in e.claims]


# --------------------------------------------------------------------------------------------- the cases


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['work']}@{c['as_at']}")
def test_status_on_a_date(case: dict[str, Any]) -> None:
    statuses = lexcsto.parties(CORPUS, case["work"], case["as_at"])
    assert sorted(s.state for s in statuses if s.bound) == sorted(case["bound"])
    assert {s.state: s.status for s in statuses if not s.bound} == case["others"]
    work = CORPUS.work(case["work"])
    assert work.in_force is not None
    assert (case["as_at"] >= work.in_force) == case["in_force"]
    by_state = {s.state: s for s in statuses}
    for state, cited in case["cite"].items():
        chosen = by_state[state].event.chosen
        assert chosen is not None
        assert f"{chosen.source} {chosen.lines}" == cited


def test_the_status_says_since_when_and_its_history() -> None:
    (uzb,) = [s for s in lexcsto.parties(CORPUS, "charter", "2014-01-01") if s.state == "UZB"]
    assert (uzb.status, uzb.since, uzb.bound) == ("suspended", date(2012, 12, 19), False)
    assert [e.kind for e in uzb.history] == ["admission", "protocol", "notification", "suspension"]
    assert "19 December 2012" in (uzb.event.act or "")


def test_party_to_the_treaty_and_member_of_the_organisation_are_kept_apart() -> None:
    """003 (2013) still lists Uzbekistan among the CST's parties while its CSTO membership is suspended."""
    on = date(2013, 6, 1)
    treaty = {s.state: s.status for s in CORPUS.parties("cst", on)}
    organisation = {s.state: s.status for s in CORPUS.parties("charter", on)}
    assert (treaty["UZB"], organisation["UZB"]) == ("party", "suspended")
    assert CORPUS.membership("cst").bond == "party"  # type: ignore[union-attr]
    assert CORPUS.membership("charter").bond == "member"  # type: ignore[union-attr]


def test_disagreeing_sources_are_kept_with_the_choice_and_reason() -> None:
    """seeds-facts C4: 004 L6 puts Georgia's and Belarus's accessions in September 1993."""
    record = CORPUS.membership("cst").state("GEO")  # type: ignore[union-attr]
    assert record is not None
    (accession,) = [e for e in record.events if e.kind == "accession"]
    rejected = [c for c in accession.claims if c.source == "seed-004"]
    assert [(c.value, c.chosen) for c in rejected] == [("1993-09", False)]
    assert "C4" in rejected[0].note
    assert accession.chosen is not None
    assert accession.chosen.value == "1993-12-09"


def test_a_day_no_source_gives_is_reckoned_and_says_so() -> None:
    for m in memberships():
        for r in m.states:
            for e in r.events:
                chosen = e.chosen
                assert chosen is not None
                if len(chosen.value) < 10 and not e.is_step:
                    assert e.reckoned, f"{m.path}: {r.state} {e.kind}"


def test_the_parties_data_agrees_with_the_date_claims_of_the_work() -> None:
    """The CST's own date claims (scripts/corpus.yaml) name the 1993 accessions too: the same days."""
    claimed = {
        c.kind.split(":")[1]: c.value for c in CORPUS.work("cst").date_claims if c.chosen and ":" in c.kind
    }
    membership = CORPUS.membership("cst")
    assert membership is not None
    recorded = {r.name: e.when for r in membership.states for e in r.events if e.kind == "accession"}
    assert claimed == recorded


# --------------------------------------------------------------------------------------------- sources


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed files (../shared/seeds) are not beside the checkout")
@pytest.mark.parametrize(
    ("path", "state", "kind", "claim"),
    [(m.path, r.state, kind, c) for m, r, kind, c in all_claims() if c.source != "outside"],
    ids=lambda v: v if isinstance(v, str) and not v.startswith("/") else "",
)
def test_every_claim_is_in_the_lines_it_cites(path: str, state: str, kind: str, claim: Claim) -> None:
    source = CORPUS.source(claim.source)
    assert source is not None
    assert claim.lines is not None
    assert claim.quote, f"{path}:{claim.line}: {state} {kind}: a claim without the source's words"
    text = source_text(read_lines(SEEDS / source.filename), claim.lines)
    for piece in pieces(claim.quote):
        assert found(piece, text), f"{path}:{claim.line}: {piece!r} not in {claim.source} L{claim.lines}"
    year = claim.value[:4]
    assert year in text, f"{path}:{claim.line}: the year {year} is not in {claim.source} L{claim.lines}"


def test_states_carry_the_codes_of_the_nlp_tables() -> None:
    """Annotations, parties and the site agree on identity: ISO 3166-1 alpha-3, as the STATE table."""
    table = yaml.safe_load(ENTITIES.read_text(encoding="utf-8"))["STATE"]
    names = {row["id"]: row["eng"]["names"] for row in table}
    for m in memberships():
        for r in m.states:
            assert r.state in names, f"{m.path}: {r.state} is not in the NLP STATE table"
            assert r.name in names[r.state], f"{m.path}: {r.name!r} is not a name of {r.state}"


def test_the_bundled_corpus_validates_with_its_parties_files() -> None:
    assert lexcsto.validate() == []


# --------------------------------------------------------------------------------------------- bound by


@pytest.mark.parametrize(
    ("work", "state", "as_at", "bound", "version", "last_bound"),
    [
        ("cst", "Uzbekistan", "2013-01-01", True, "2012-12-19", "2013-01-01"),
        ("cst", "GEO", "2000-01-01", False, "1992-05-15", "1999-04-19"),
        ("cst", "Belarus", "1993-12-31", False, None, None),
        ("charter", "UZB", "2014-01-01", False, "2002-10-07", "2012-12-18"),
        ("charter", "Armenia", "2014-01-01", True, "2012-12-19", "2014-01-01"),
    ],
)
def test_binding(
    work: str, state: str, as_at: str, bound: bool, version: str | None, last_bound: str | None
) -> None:
    b = CORPUS.binding(work, state, date.fromisoformat(as_at))
    assert b.bound == bound
    assert (b.version.date.isoformat() if b.version else None) == version
    assert (b.last_bound.isoformat() if b.last_bound else None) == last_bound


def test_binding_names_the_amending_instrument_and_what_is_not_known() -> None:
    b = CORPUS.binding("cst", "UZB", date(2013, 1, 1))
    assert b.instrument == CORPUS.work("cst-protocol-2010").uri
    assert b.instrument_known is False  # no source says who ratified the 2010 Protocol


# --------------------------------------------------------------------------------------------- command line


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_parties_json() -> None:
    code, out, _ = run("parties", "cst", "--as-at", "1993-01-01", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["bond"], data["in_force"], data["counts"]) == ("party", False, {"signatory": 6})
    (arm,) = [s for s in data["states"] if s["state"] == "ARM"]
    assert arm["event"]["claims"][0]["source"] == "seed-003"
    assert arm["event"]["claims"][0]["lines"] == "271-273"


def test_cli_parties_text() -> None:
    code, out, _ = run("parties", "charter", "--as-at", "2014-01-01")
    assert code == 0
    assert "member: 6, suspended: 1" in out
    assert "Uzbekistan" in out
    assert "seed-003 L899-900" in out


def test_cli_parties_errors() -> None:
    code, _, err = run("parties", "un-charter", "--as-at", "2014-01-01")
    assert code == 1
    assert "has no parties data" in err
    code, _, err = run("parties", "cst", "--as-at", "1 May 2014")
    assert code == 1  # a usage error, like every other error (issue 17)
    assert "--as-at" in err


def test_cli_show_state() -> None:
    code, out, _ = run("show", "cst/art_4", "--as-at", "2000-01-01", "--state", "Georgia")
    assert code == 0
    assert "Georgia on 2000-01-01: not bound, withdrawn since 1999-04-20" in out
    assert "last bound on 1999-04-19, by the version of 1992-05-15" in out
    code, out, _ = run("show", "cst/art_4", "--as-at", "2013-01-01", "--state", "UZB", "--json")
    state = json.loads(out)["state"]
    assert (state["bound"], state["version"], state["party_to_amending_instrument"]) == (
        True,
        "2012-12-19",
        None,
    )
    code, _, err = run("show", "cst/art_4", "--as-at", "2013-01-01", "--state", "Moldova")
    assert code == 1
    assert "has no path through cst" in err


# --------------------------------------------------------------------------------------------- a user's corpus


def test_a_users_corpus_reads_and_validates_its_parties_file(tmp_path: Path) -> None:
    bundled = Path(CORPUS.path)
    shutil.copytree(bundled / "cst", tmp_path / "cst")
    shutil.copy(bundled / "sources.yaml", tmp_path / "sources.yaml")
    mine = lexcsto.load(tmp_path)
    assert len([s for s in lexcsto.parties(mine, "cst", "1995-01-01") if s.bound]) == 9
    assert lexcsto.validate([tmp_path]) == []


# --------------------------------------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site_pages() -> dict[str, Any]:
    from lexcsto.site.context import SiteContext
    from lexcsto.site.pages import Builder
    from lexcsto.site.plan import outline_site

    ctx = SiteContext.build(CORPUS, (), today=date(2026, 12, 1), directory_urls=False)
    wanted = {"cst/index.md", "charter/index.md", "states/index.md", "states/uzb.md", "states/geo.md"}
    builder = Builder(ctx)
    outline = outline_site(ctx)
    pages = {p.path: p.make(builder) for p in outline.pages if p.path in wanted}
    return {"pages": pages, "nav": outline.nav, "paths": [p.path for p in outline.pages]}


def test_site_has_a_page_per_state(site_pages: dict[str, Any]) -> None:
    states = [p for p in site_pages["paths"] if p.startswith("states/")]
    assert len(states) == 10  # the index and nine states
    (nav,) = [item["States"] for item in site_pages["nav"] if "States" in item]
    assert {"Uzbekistan": "states/uzb.md"} in nav


def test_instrument_page_has_a_status_table_with_sources(site_pages: dict[str, Any]) -> None:
    md = site_pages["pages"]["cst/index.md"].markdown
    assert "## States parties" in md
    (georgia,) = [line for line in md.splitlines() if line.startswith("| [Georgia]")]
    # Each date's source by name, linked to the quoted lines on its Sources page; the id is the tooltip
    # (issue 16: ids only in URLs and tooltips).
    assert (
        '1993-12-09 a <small>(<a class="lx-cite" href="../sources/seed-003.html#lines-274-275" '
        'title="seed-003">DCAF 2013, lines 274–275</a>)</small>'
    ) in georgia
    assert "1999-04-20†" in georgia
    assert (
        "Introduction to the CSTO, 2024, line 6 says 1993&#45;09" in georgia
    )  # the rejected claim, in the notes
    assert "seed-00" not in re.sub(r"<[^>]+>", "", georgia)  # as text, the sources are named, not numbered
    assert "## Member states" in site_pages["pages"]["charter/index.md"].markdown


def test_membership_timeline_is_accessible(site_pages: dict[str, Any]) -> None:
    page = site_pages["pages"]["cst/index.md"]
    (svg,) = [b for b in page.blocks if "lx-membership" in b]
    assert 'role="group"' in svg  # a group with its links inside, as the registry's timeline (issue 16, axe)
    assert "<desc>" in svg
    assert "<script" not in svg
    assert "Georgia: acceded from 1993-12-09 to 1994-04-20; party from 1994-04-20 to 1999-04-20" in svg
    assert '<text class="lx-mb-status"' in svg  # statuses as words on the bars, not only colour
    assert ">withdrawn</text>" in svg


def test_a_state_date_opens_its_quoted_lines_on_the_sources_page() -> None:
    """The lines a party date cites are an excerpt on the source's page, with the source's words and a link
    back to the state's page."""
    from lexcsto.site.context import SiteContext
    from lexcsto.site.pages import Builder

    ctx = SiteContext.build(CORPUS, (), today=date(2026, 12, 1), directory_urls=False)
    page = Builder(ctx).source_page("seed-003").inline()
    excerpt = page[page.index('id="lines-274-275"') :]
    excerpt = excerpt[: excerpt.index("</div>")]
    assert "<blockquote><p>Georgia (9 December 1993)</p></blockquote>" in excerpt
    assert (
        '<a href="../states/geo.html">Collective Security Treaty: Georgia, accession (1993-12-09)</a>'
        in excerpt
    )


def test_state_page_shows_its_path_through_each_instrument(site_pages: dict[str, Any]) -> None:
    md = site_pages["pages"]["states/uzb.md"].markdown
    assert "[Collective Security Treaty](../cst/index.md)" in md
    assert "[Charter of the Collective Security Treaty Organization](../charter/index.md)" in md
    assert "**suspended** since 2012&#45;12&#45;19" in md
    assert "**party** since 2006&#45;08&#45;16" in md
