"""The site build: ``lexcsto`` plugin against a plain ``mkdocs build`` of the same generated Markdown.

Two measurements, each a separate ``mkdocs build`` process (same theme, extensions, nav, search):

1. **The bundled corpus**: with the plugin (pages generated from ``texts/`` and ``annotations/`` at build
   time) against plain MkDocs building the very Markdown the plugin generates, written to a docs folder
   beforehand. Target (issue 6): at most 1.3x.
2. **A synthetic corpus of 1,000 articles** (``benchmarks/synth.py``: 10 instruments x 100 articles x 2
   versions, English): the plugin build must take under 10 s on this 2-core machine; the plain build of
   the same Markdown is reported beside it. A flat nav of 1,000 pages would be quadratic (DESIGN.md §7):
   the plugin nests the nav, the config turns on ``navigation.prune``, and an instrument of more than
   ``NAV_ARTICLES`` articles lists them on its own page rather than in the nav (both builds).

Both builds use the theme, features and Markdown extensions of the site's own ``mkdocs.yml``.

    python -m benchmarks.bench_site [--quick] [--smoke]
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from benchmarks import row, synth, timed

SMOKE_ARGS = {"instruments": 2, "articles": 3, "repeat": 1}
QUICK_ARGS = {"instruments": 10, "articles": 100, "repeat": 1}
TODAY = "2026-01-01"

SITE_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"


def _base_config() -> dict[str, Any]:
    """The site's own theme, features and Markdown extensions (``mkdocs.yml``), without its docs, hooks
    and API plugin: the generated pages are built exactly as the published site builds them."""
    site = yaml.safe_load(SITE_CONFIG.read_text(encoding="utf-8"))
    theme = site["theme"]
    return {
        "site_name": "lexcsto benchmark",
        "docs_dir": "docs",
        "use_directory_urls": site.get("use_directory_urls", True),
        "theme": {"name": theme["name"], "font": theme.get("font", False), "features": theme["features"]},
        "markdown_extensions": site["markdown_extensions"],
    }


BASE_CONFIG: dict[str, Any] = _base_config()


def _mkdocs(folder: Path, config: dict[str, Any]) -> tuple[float, float]:
    """Build ``folder`` with ``config`` in a fresh process: (wall seconds, CPU seconds of the process).

    CPU time (the process and its children: the plugin renders pages in a forked second process) is
    reported beside wall time, because other work on a shared 2-core machine stretches the wall clock."""
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(path), "-d", str(folder / "site")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, done = timed(
        lambda: subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            check=False,
            cwd=folder,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        ),
        repeat=1,
    )
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build failed in {folder}:\n{done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def _plugin_config(texts: Path | None, annotations: Path | None) -> dict[str, Any]:
    options: dict[str, Any] = {"today": TODAY, "progress": "never"}
    if texts is not None:
        options["texts"] = str(texts)
        options["annotations"] = str(annotations) if annotations is not None else "none"
    return {**BASE_CONFIG, "plugins": ["search", {"lexcsto": options}]}


def _plain_project(folder: Path, texts: Path | None, annotations: Path | None) -> dict[str, Any]:
    """Write the Markdown the plugin would generate (and its assets) as ordinary docs; return the config."""
    from importlib import resources

    import lexcsto
    from lexcsto.annotations.anchoring import anchor
    from lexcsto.annotations.store import read_annotations
    from lexcsto.corpus.bundled import bundled_folder
    from lexcsto.site.context import SiteContext
    from lexcsto.site.plan import plan_site
    from lexcsto.site.plugin import ASSET_DIR, ASSETS

    corpus = lexcsto.load(texts) if texts is not None else lexcsto.load()
    notes_folder = annotations if texts is not None else bundled_folder("annotations")
    results = []
    if notes_folder is not None and any(notes_folder.glob("*.yaml")):
        results = anchor(corpus, read_annotations(notes_folder, corpus))
    plan = plan_site(SiteContext.build(corpus, results, today=date.fromisoformat(TODAY)))
    docs = folder / "docs"
    for page in plan.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.inline(), encoding="utf-8")
    package = resources.files("lexcsto.site") / "assets"
    (docs / ASSET_DIR).mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        (docs / ASSET_DIR / name).write_bytes((package / name).read_bytes())
    return {
        **BASE_CONFIG,
        "plugins": ["search"],
        "nav": plan.nav,
        # The articles of large instruments are pages outside the nav, as the plugin tells MkDocs.
        "not_in_nav": "\n".join(f"/{path}" for path in plan.unlisted),
        "extra_css": [f"{ASSET_DIR}/lexcsto.css"],
        "extra_javascript": [f"{ASSET_DIR}/lexcsto.js"],
    }


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _compare(
    work: Path, label: str, texts: Path | None, annotations: Path | None, repeat: int
) -> dict[str, float]:
    plugin, plain = [], []
    for i in range(max(1, repeat)):
        plugin_dir = work / f"{label}-plugin-{i}"
        plugin_dir.mkdir(parents=True)
        plugin.append(_mkdocs(plugin_dir, _plugin_config(texts, annotations)))
        plain_dir = work / f"{label}-plain-{i}"
        plain_dir.mkdir(parents=True)
        plain.append(_mkdocs(plain_dir, _plain_project(plain_dir, texts, annotations)))
    # Pages are files (use_directory_urls: false), so every .html counts, not index.html; the downloads
    # (redlines as pages of their own) and the 404 page are not pages of the site's nav.
    built = work / f"{label}-plugin-0" / "site"
    pages = sum(1 for f in built.rglob("*.html") if "downloads" not in f.relative_to(built).parts)
    pages -= (built / "404.html").exists()
    return {
        "plugin": _median([w for w, _ in plugin]),
        "plain": _median([w for w, _ in plain]),
        "plugin_cpu": _median([c for _, c in plugin]),
        "plain_cpu": _median([c for _, c in plain]),
        "pages": pages,
    }


def run(
    instruments: int = 10,
    articles: int = 100,
    repeat: int = 3,
    workdir: Path | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        work = Path(tmp)
        bundled = _compare(work, "bundled", None, None, repeat)
        synthetic = synth.generate(
            work / "synth",
            synth.Spec(instruments=instruments, articles=articles, versions=2, languages=("eng",), seed=seed),
        )
        big = _compare(work, "synthetic", synthetic.texts, None, repeat)
    count = instruments * articles
    rows = [
        row(
            "site build, bundled corpus: plugin vs plain mkdocs of the same Markdown",
            lexcsto=bundled["plugin"],
            baseline=bundled["plain"],
            unit="s",
            target="<= 1.3",
            note=f"{bundled['pages']} pages; CPU {bundled['plugin_cpu']:.1f} s vs {bundled['plain_cpu']:.1f} s",
        ),
        row(
            f"site build, synthetic corpus of {count} articles (absolute)",
            lexcsto=big["plugin"],
            baseline=big["plain"],
            unit="s",
            target="< 10",
            target_of="lexcsto",
            note=f"{big['pages']} pages; CPU {big['plugin_cpu']:.1f} s; baseline: plain mkdocs of the same Markdown",
        ),
        row(
            f"site build, synthetic corpus of {count} articles: plugin vs plain mkdocs",
            lexcsto=big["plugin"],
            baseline=big["plain"],
            unit="s",
            note=f"{big['pages']} pages; CPU {big['plugin_cpu']:.1f} s vs {big['plain_cpu']:.1f} s",
        ),
    ]
    return {"rows": rows, "figures": {"bundled": bundled, "synthetic": big, "articles": count}}


if __name__ == "__main__":
    args = dict(SMOKE_ARGS if "--smoke" in sys.argv else QUICK_ARGS if "--quick" in sys.argv else {})
    print(json.dumps(run(**args), indent=2))  # type: ignore[arg-type]
