"""The theme's parts the plugin renders once (``lexcsto.site.theme``: the nav of the pages outside it, the
header, the theme's words) are what Material renders for each page.

Each site is built twice, as the plugin builds it and with Material's templates left as they are (the
plugin's ``share_theme_parts`` replaced by a function that leaves the environment alone), and every HTML
page is compared whole. The one documented difference: the plugin names the sub-nav of a section that holds
only its own page by a label on the section's link (``label_lone_sections``), a label Material does not
write; the pages Material renders are compared with that label added.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import site_fixture as sf

from lexcsto.site.theme import label_lone_sections

# mkdocs, with the plugin told to leave Material's templates as they are.
MATERIAL_AS_IT_IS = (
    "import sys\n"
    "import lexcsto.site.plugin as plugin\n"
    "plugin.share_theme_parts = lambda env, outside_nav: env\n"
    "from mkdocs.__main__ import cli\n"
    "sys.argv[0] = 'mkdocs'\n"
    "cli()\n"
)
PLUGIN_AS_IT_IS = "import sys\nfrom mkdocs.__main__ import cli\nsys.argv[0] = 'mkdocs'\ncli()\n"


def _build(program: str, config: Path, site: Path, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", program, "build", "-q", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=sf.build_env(),
        cwd=cwd,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _html_pages(site: Path) -> dict[str, str]:
    return {str(f.relative_to(site)): f.read_text(encoding="utf-8") for f in sorted(site.rglob("*.html"))}


def _assert_same_pages(config: Path, cwd: Path, out: Path) -> int:
    _build(PLUGIN_AS_IT_IS, config, out / "shared", cwd)
    _build(MATERIAL_AS_IT_IS, config, out / "material", cwd)
    shared, material = _html_pages(out / "shared"), _html_pages(out / "material")
    assert sorted(shared) == sorted(material)
    differ = [path for path, html in shared.items() if html != label_lone_sections(material[path])]
    assert differ == []
    return len(shared)


def test_the_bundled_site_is_what_material_renders(tmp_path: Path) -> None:
    count = _assert_same_pages(sf.ROOT / "mkdocs.yml", sf.ROOT, tmp_path)
    assert count > 100


def test_a_site_with_large_instruments_is_what_material_renders(tmp_path: Path) -> None:
    """Instruments with more articles than the nav lists (lexcsto.site.plan.NAV_ARTICLES): their articles
    share one nav, and their sections hold only the instrument's page."""
    from lexcsto.site.plan import NAV_ARTICLES

    config, _ = sf.synthetic_project(tmp_path, 3, NAV_ARTICLES + 5)
    assert _assert_same_pages(config, tmp_path, tmp_path) > 3 * NAV_ARTICLES


@pytest.mark.slow
def test_the_synthetic_site_of_1000_articles_is_what_material_renders(tmp_path: Path) -> None:
    """The benchmark's synthetic corpus (benchmarks/bench_site.py: 10 instruments of 100 articles)."""
    config, _ = sf.synthetic_project(tmp_path, 10, 100)
    assert _assert_same_pages(config, tmp_path, tmp_path) > 1000
