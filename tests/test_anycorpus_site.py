"""The site from any corpus folder (issue 12): every work outside /akn/aa-csto/ gets its pages, and every
unit with text is on one of them."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

import lexcsto
from lexcsto.site import urls
from lexcsto.site.context import SiteContext
from lexcsto.site.plan import SitePlan, plan_site

FOREIGN = Path(__file__).parent / "data" / "akn"
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def corpus() -> lexcsto.Corpus:
    return lexcsto.load(FOREIGN)


@pytest.fixture(scope="module")
def plan(corpus: lexcsto.Corpus) -> SitePlan:
    return plan_site(SiteContext.build(corpus, [], today=date(2026, 1, 1)))


def test_every_foreign_work_has_its_overview_page(corpus: lexcsto.Corpus, plan: SitePlan) -> None:
    paths = {p.path for p in plan.pages}
    assert all(not w.uri.startswith("/akn/aa-csto/") for w in corpus.works)
    for w in corpus.works:
        assert urls.work_path(w.short) in paths, w.uri
    registry = next(p for p in plan.pages if p.path == "registry.md").inline()
    for w in corpus.works:
        assert w.title in html.unescape(registry), w.title


def test_no_unit_with_text_is_lost(corpus: lexcsto.Corpus, plan: SitePlan) -> None:
    pages = " ".join(" ".join(html.unescape(TAG.sub("", p.inline())).split()) for p in plan.pages)
    for w in corpus.works:
        for e in w.expressions:
            # The preface, preamble and conclusions too: they have no page of their own (as for the edition's
            # works) but are part of the whole text on the instrument's page.
            for unit in (u for top in e.provisions for u in top.walk()):
                if unit.text:
                    assert unit.text[:40] in pages, f"{w.short}/{unit.eid}"


def test_the_whole_text_shows_the_preface_and_preamble(corpus: lexcsto.Corpus, plan: SitePlan) -> None:
    """Other producers' AKN has a <preface> (long title, number) and a <preamble> (citations, recitals): both
    are read end to end on the instrument's page, in the whole text of each version, before the body, in
    the work's own language when it has no English text (the Senate's bill is Italian)."""

    def bare(text: str) -> str:  # the words without spaces: inline markup adds or drops none of them
        return "".join(html.unescape(TAG.sub("", text)).split())

    pages = {p.path: p.inline() for p in plan.pages}
    checked = 0
    for w in corpus.works:
        page = pages[urls.work_path(w.short)]
        assert 'id="lx-whole"' in page, w.short
        whole = bare(page[page.index('id="lx-whole"') :])
        for e in w.expressions:
            front = [top for top in e.provisions if top.kind in ("preface", "preamble")]
            body = next(
                (bare(u.text)[:40] for top in e.provisions if top.kind not in ("preface", "preamble")
                 for u in top.walk() if u.text),
                "",
            )  # fmt: skip
            for unit in (u for top in front for u in top.walk() if u.text):
                words = bare(unit.text)[:40]
                assert words in whole, f"{w.short}/{unit.eid}"
                if body:
                    assert whole.index(words) < whole.index(body), f"{w.short}/{unit.eid}"
                checked += 1
            if len(w.expressions) == 1:  # and the body end to end (a leaf section is text, not a heading)
                for unit in (u for top in e.provisions for u in top.walk() if u.text):
                    assert bare(unit.text)[:40] in whole, f"{w.short}/{unit.eid}"
    assert checked >= 10
    italian = pages[urls.work_path("it-bill-ddl-senato-2023-05-10-9999")]
    assert "Disposizioni sintetiche in materia di biblioteche" in html.unescape(
        italian[italian.index('id="lx-whole"') :]
    )


def test_site_build_from_a_foreign_folder(tmp_path: Path) -> None:
    """``lexcsto --corpus DIR site build``: the plugin reads the folder given on the command line."""
    import site_fixture as sf
    from typer.testing import CliRunner

    from lexcsto.cli import app

    config = sf.write_project(tmp_path)
    text = config.read_text(encoding="utf-8").replace(
        "      texts: texts\n      annotations: annotations\n", ""
    )
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["--corpus", str(FOREIGN), "site", "build", "-q", "-f", str(config), "-d", str(tmp_path / "site")],
    )
    assert result.exit_code == 0, result.output
    for w in lexcsto.load(FOREIGN).works:
        assert (tmp_path / "site" / urls.slug(w.short) / "index.html").is_file(), w.uri
    assert (tmp_path / "site" / "ukpga-2020-99" / "section-1.html").is_file()
