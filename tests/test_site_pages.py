"""Page generation on the fixture corpus: golden Markdown, escaping, nav, stable paths.

Regenerate the golden files with ``LEXCSTO_REGEN_GOLDEN=1 pytest tests/test_site_pages.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import site_fixture as sf

import lexcsto
from lexcsto.annotations.anchoring import anchor
from lexcsto.annotations.store import read_annotations
from lexcsto.errors import SiteError
from lexcsto.site.context import SiteContext
from lexcsto.site.plan import SitePlan, plan_site

GOLDEN = Path(__file__).parent / "golden" / "site"
GOLDEN_PAGES = [
    "index.md",
    "registry.md",
    "tst/index.md",
    "tst/art_2.md",
    "tst/art_3.md",
    "terms/aggression.md",
    "changes/2010.md",
]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> SiteContext:
    texts, notes = sf.write(tmp_path_factory.mktemp("site-corpus"))
    corpus = lexcsto.load(texts)
    results = anchor(corpus, read_annotations(notes, corpus))
    return SiteContext.build(corpus, results, today=date.fromisoformat(sf.TODAY))


@pytest.fixture(scope="module")
def plan(ctx: SiteContext) -> SitePlan:
    return plan_site(ctx)


def _page(plan: SitePlan, path: str) -> str:
    return next(p.inline() for p in plan.pages if p.path == path)


# The redline renderer (lexcsto.render.html) has golden files of its own: here its output is cut out, so that
# these files pin the page around it.
_REDLINE = re.compile(
    r'<div class="lx-redline" data-work="([^"]*)" data-eid="([^"]*)"[^>]*>\n.*?\n</div>', re.S
)
_TRANSLATIONS = re.compile(
    r'<div class="lx-translations" data-work="([^"]*)" data-eid="([^"]*)".*?</table></div>', re.S
)


def _normalise(markdown: str) -> str:
    markdown = _REDLINE.sub(r"[redline of \1 \2]", markdown)
    markdown = _TRANSLATIONS.sub(r"[translation view of \1 \2]", markdown)
    return "\n".join(line.rstrip() for line in markdown.splitlines()).strip() + "\n"


@pytest.mark.parametrize("path", GOLDEN_PAGES)
def test_page_matches_golden(plan: SitePlan, path: str) -> None:
    got = _normalise(_page(plan, path))
    golden = GOLDEN / path
    if os.environ.get("LEXCSTO_REGEN_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_every_unit_has_a_stable_path_from_its_eid(plan: SitePlan) -> None:
    paths = {p.path for p in plan.pages}
    assert {"tst/art_1.md", "tst/art_2.md", "tst/art_3.md", "tst/index.md", "ext-charter/art_9.md"} <= paths


def test_no_page_contains_a_raw_script_tag(plan: SitePlan) -> None:
    offenders = [
        p.path
        for p in plan.pages
        if re.search(r"<script|<img|href=\"\s*javascript:", p.inline(), re.IGNORECASE)
    ]
    assert offenders == []


def test_hostile_heading_and_note_are_shown_as_text(plan: SitePlan) -> None:
    art3 = _page(plan, "tst/art_3.md")
    art2 = _page(plan, "tst/art_2.md")
    title = next(line for line in art3.splitlines() if line.startswith("# "))  # after the front matter
    assert "&lt;script&gt;alert" in title
    assert "A hostile note &lt;script&gt;alert" in art2


def test_nav_titles_cannot_carry_markup(plan: SitePlan) -> None:
    titles: list[str] = []

    def walk(items: object) -> None:
        if isinstance(items, list):
            for item in items:
                walk(item)
        elif isinstance(items, dict):
            for key, value in items.items():
                titles.append(key)
                walk(value)

    walk(plan.nav)
    assert [t for t in titles if "<" in t or ">" in t] == []
    assert any("‹script›" in t for t in titles)


def test_nav_is_nested_by_instrument(plan: SitePlan) -> None:
    top = [next(iter(item)) for item in plan.nav]
    assert top == ["Home", "Registry", "Instruments", "Cited instruments", "Terms", "What changed", "Sources"]
    instruments = plan.nav[2]["Instruments"]
    treaty = next(item["Synthetic Treaty"] for item in instruments if "Synthetic Treaty" in item)
    # The instrument's page opens its section (navigation.indexes): no "Overview" among the articles.
    assert treaty[0] == "tst/index.md"
    assert {"Article 2": "tst/art_2.md"} in treaty


def _tabs(page: str) -> list[str]:
    """The tab labels of an article page, in order."""
    return re.findall(r'<label for="__tabbed_1_\d+"[^>]*>([^<]*)</label>', page)


def test_in_force_version_is_the_first_tab(plan: SitePlan) -> None:
    page = _page(plan, "tst/art_2.md")
    tabs = _tabs(page)
    assert len(tabs) == 3
    assert tabs[0] == "In force today · 2012 · English, Synthetic source C"
    assert page.count('class="tabbed-block"') == 3
    assert re.search(r'<input checked="checked" id="__tabbed_1_1"', page)


def test_version_before_the_amendment_takes_effect_is_in_force(ctx: SiteContext) -> None:
    early = SiteContext.build(ctx.corpus, ctx.annotations, today=date(2011, 6, 1))
    page = next(p for p in plan_site(early).pages if p.path == "tst/art_2.md").inline()
    assert _tabs(page)[0] == "In force today · 1992 · English, Synthetic source A"


def test_article_headings_have_ids_permalinks_and_a_table_of_contents(plan: SitePlan) -> None:
    page = next(p for p in plan.pages if p.path == "tst/art_2.md")
    assert [(x.level, x.id) for x in page.headings] == [
        (2, "text"),
        (2, "changes-between-versions"),
        (3, "1992-english-synthetic-source-a-to-2012-english-synthetic-source-c"),
        (2, "compare-any-two-versions"),
        (2, "translations"),
        (3, "version-of-15-may-1992-english-synthetic-source-a-synthetic-source-b"),
        (2, "references"),
        (3, "cites"),
        (2, "history"),
        (2, "downloads"),
    ]
    assert '<h2 id="text">Text<a class="headerlink" href="#text" title="Permanent link">&para;</a></h2>' in (
        page.inline()
    )
    [title] = page.toc_tokens("synthetic-treaty-article-2")
    assert (title["level"], title["id"], title["name"]) == (
        1,
        "synthetic-treaty-article-2",
        "Synthetic Treaty, Article 2",
    )
    changes = title["children"][1]
    assert changes["id"] == "changes-between-versions"
    assert [c["id"] for c in changes["children"]] == [
        "1992-english-synthetic-source-a-to-2012-english-synthetic-source-c"
    ]


def test_headings_without_permalinks_when_the_toc_has_none(ctx: SiteContext) -> None:
    page = next(p for p in plan_site(ctx, permalink="").pages if p.path == "tst/art_2.md")
    assert '<h2 id="text">Text</h2>' in page.inline()
    assert "headerlink" not in page.inline()


def test_article_markdown_is_only_its_title_and_one_block(plan: SitePlan) -> None:
    """Markdown has nothing to parse on an article page (it was most of a large build's Markdown time)."""
    page = next(p for p in plan.pages if p.path == "tst/art_2.md")
    # Front matter raising articles in search results, the title, the block.
    assert (
        page.markdown == "---\nsearch:\n  boost: 3\n---\n# Synthetic Treaty, Article 2\n\nLX-BLOCK-000000\n"
    )
    assert len(page.blocks) == 1


def test_omitted_text_is_said_to_be_omitted(plan: SitePlan) -> None:
    assert "text not in the sources of this edition" in _page(plan, "tst/art_1.md")


def test_redlines_show_insertions_for_the_amendment(plan: SitePlan) -> None:
    page = _page(plan, "tst/art_2.md")
    changes = page.split('id="changes-between-versions"', 1)[1].split('id="compare-any-two-versions"', 1)[0]
    assert "<ins" in changes
    assert "immediately" in changes


def test_chooser_offers_every_pair_of_texts(plan: SitePlan) -> None:
    page = _page(plan, "tst/art_2.md")
    assert page.count('<div class="lx-pair"') == 3
    assert page.count("data-default") == 1


def test_definition_is_on_hover_of_the_term(plan: SitePlan) -> None:
    art3 = _page(plan, "tst/art_3.md")
    # The definition only (the term and its gloss, or the sentence), not the whole paragraph.
    [title] = re.findall(r'<abbr title="([^"]*)">aggression</abbr>', art3)
    assert title.endswith("(Synthetic Treaty, 1992)")
    assert "aggression" in title


def test_incoming_reference_is_listed_as_cited_by(plan: SitePlan) -> None:
    art9 = _page(plan, "ext-charter/art_9.md")
    assert '<h3 id="cited-by">Cited by' in art9
    assert "../../tst/art_2/" in art9


def test_a_work_named_like_a_site_page_is_refused(ctx: SiteContext) -> None:
    from dataclasses import replace

    works = tuple(replace(w, short="registry") if w.short == "tst" else w for w in ctx.corpus.works)
    clash = lexcsto.Corpus(works, ctx.corpus.sources)
    with pytest.raises(SiteError, match="clashes"):
        SiteContext.build(clash)


def test_progress_sees_every_page_and_knows_the_total(ctx: SiteContext) -> None:
    from lexcsto.site.plan import page_count

    seen: list[str] = []
    made = plan_site(ctx, progress=seen.append)
    assert seen == [p.path for p in made.pages]
    assert page_count(ctx) == len(seen)


def test_blocks_are_spliced_back_where_markdown_left_them(plan: SitePlan) -> None:
    page = next(p for p in plan.pages if p.path == "tst/art_2.md")
    assert page.blocks
    assert "LX-BLOCK-000000" in page.markdown
    html = "<p>LX-BLOCK-000000</p>"
    assert page.splice(html) == page.blocks[0]
    assert "LX-BLOCK-" not in page.inline()


def _markdown_of_the_site() -> Any:
    """Python-Markdown with the extensions and settings of the site's ``mkdocs.yml``."""
    import markdown
    import yaml

    config = yaml.safe_load((Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        names.append(name)
        if isinstance(item, dict):
            settings[name] = item[name]
    return markdown.Markdown(extensions=names, extension_configs=settings)


@pytest.mark.parametrize("permalink", ["&para;", ""])
def test_html_handed_to_mkdocs_is_what_markdown_makes_of_the_page(ctx: SiteContext, permalink: str) -> None:
    """An article's HTML is handed to MkDocs without Markdown (lexcsto.site.plugin.GeneratedPage): it must
    be what Markdown, with the site's extensions, makes of its Markdown, blocks put back."""
    from markdown.extensions.toc import slugify
    from mkdocs.utils.meta import get_data

    convert = _markdown_of_the_site()
    convert.treeprocessors["toc"].use_permalinks = permalink or False  # as the toc option would set it
    whole = [p for p in plan_site(ctx, permalink=permalink).pages if p.html]
    assert len(whole) >= 3
    for page in whole:
        body, _ = get_data(page.markdown)
        assert page.html == page.splice(convert.reset().convert(body)), page.path
        assert f'id="{slugify(page.title, "-")}"' in page.html.split("\n", 1)[0]
        assert page.search_html
        assert "<script" not in page.search_html


def test_markdown_known_before_rendering_is_the_rendered_pages(ctx: SiteContext) -> None:
    """MkDocs reads an article's Markdown from the outline, before the page is rendered
    (lexcsto.site.plugin.GeneratedPage): it is the Markdown the rendered page has."""
    from lexcsto.site.pages import Builder
    from lexcsto.site.plan import outline_site

    builder = Builder(ctx)
    known = [p for p in outline_site(ctx).pages if p.markdown]
    assert len(known) >= 3
    for planned in known:
        rendered = planned.make(builder)
        assert planned.markdown == rendered.markdown
        assert rendered.html
