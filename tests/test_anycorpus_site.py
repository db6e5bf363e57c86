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
            # The site shows the body's units; the preface and preamble are not pages of their own (as for
            # the edition's works).
            body = [top for top in e.provisions if top.kind not in ("preface", "preamble", "conclusions")]
            for unit in (u for top in body for u in top.walk()):
                if unit.text:
                    assert unit.text[:40] in pages, f"{w.short}/{unit.eid}"


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
