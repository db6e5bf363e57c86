"""A small synthetic corpus for the site tests: a treaty in two versions (the first in two translations), its
amending protocol, an external charter, and annotations, one of them hostile.

The wording is synthetic ("Synthetic ..."): no treaty text is written outside texts/. The hostile parts
(a heading and an annotation body with ``<script>``, an image pointing at a remote host, a ``javascript:``
link) check that every piece of corpus and annotation text is escaped.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from fixture_corpus import (
    AMENDMENT_EVENT,
    CHARTER,
    PROTOCOL,
    TREATY,
    TREATY_EVENTS,
    akn_document,
    charter_fields,
    omitted_article,
    protocol_fields,
)

HOSTILE = '<script>alert("xss")</script>'
# Link targets whose scheme is hidden from a naive check (issue 19): tests/data/xss_links.txt, one a line.
XSS_LINKS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_links.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
XSS_BODY = "\n".join(
    [f"- [inline {i}]({t})" for i, t in enumerate(XSS_LINKS)]
    + [f"- [reference {i}][r{i}]" for i in range(len(XSS_LINKS))]
    + [""]
    + [f"[r{i}]: {t}" for i, t in enumerate(XSS_LINKS)]
)
XSS_BODY_YAML = "".join(f"      {line}\n" if line else "\n" for line in XSS_BODY.splitlines())

SOURCES = """\
- id: syn-a
  file: synthetic-a.txt
  title: Synthetic source A
  kind: test fixture
  date: "2026"
  description: Synthetic wording for the site tests.
- id: syn-b
  file: synthetic-b.txt
  title: Synthetic source B
  kind: test fixture
  date: "2026"
  description: Synthetic wording for the site tests.
- id: syn-c
  file: synthetic-c.txt
  title: Synthetic source C
  kind: test fixture
  date: "2026"
  description: Synthetic wording for the site tests.
"""


SOURCE_REFERENCES = "\n".join(
    f'        <TLCReference eId="{s}" href="/lexcsto/source/{s}" showAs="synthetic source {s[-1].upper()}" '
    'name="source"/>'
    for s in ("syn-a", "syn-b", "syn-c")
)
CONCEPT = '        <TLCConcept eId="aggression" href="/lexcsto/concept/aggression" showAs="aggression"/>'


def _doc(*, references: str = "", **fields: str) -> str:
    """A fixture document (the foundation tests' template) that names the three sources and the concept."""
    return akn_document(
        references="\n".join(r for r in (SOURCE_REFERENCES, references, CONCEPT) if r), **fields
    )


def _art2(para1: str, para2: str | None) -> str:
    second = (
        f'<paragraph eId="art_2__para_2"><content><p>{para2}</p></content></paragraph>'
        if para2
        else '<paragraph eId="art_2__para_2"><content><p><omissis/></p></content></paragraph>'
    )
    return f"""      <article eId="art_2"><num>Article 2</num>
        <paragraph eId="art_2__para_1"><content><p>{para1}</p></content></paragraph>
        {second}
      </article>"""


ART3 = """      <article eId="art_3"><num>Article 3</num><heading>&lt;script&gt;alert("xss")&lt;/script&gt;</heading>
        <content><p>Synthetic article three names <term refersTo="#aggression" eId="art_3__term_1">aggression</term> once and keeps *stars* and [brackets](javascript:x) as text.</p></content>
      </article>"""

REF_PARA = (
    'Synthetic consultations under <ref eId="art_2__para_2__ref_1" href="#art_1">Article 1</ref> and '
    f'<ref eId="art_2__para_2__ref_2" href="{CHARTER}/!main~art_9">Article 9 of the External Charter</ref>.'
)


def files() -> dict[str, str]:
    """Relative path -> text: the ``texts`` folder (under ``texts/``) and ``annotations`` folder."""
    treaty_refs = f'        <passiveRef eId="amending" href="{PROTOCOL}" showAs="Synthetic Protocol"/>'
    return {
        "texts/sources.yaml": SOURCES,
        "texts/tst/eng@1992-05-15.syn-a.xml": _doc(
            work=TREATY,
            short="tst",
            title="Synthetic Treaty",
            work_date="1992-05-15",
            version="1992-05-15",
            source="syn-a",
            subtype="treaty",
            lifecycle=TREATY_EVENTS,
            references=treaty_refs,
            body="\n".join(
                [
                    omitted_article("art_1", "Article 1"),
                    _art2(
                        'In case of <def refersTo="#aggression" eId="art_2__para_1__def_1">aggression</def> '
                        "against a party, the parties hold synthetic consultations.",
                        REF_PARA,
                    ),
                    ART3,
                ]
            ),
            fragments="""          <lx:fragment eId="art_2__para_1" source="#syn-a" lines="3-3"/>
          <lx:fragment eId="art_2__para_2" source="#syn-a" lines="4-5"/>
          <lx:fragment eId="art_3" source="#syn-a" lines="6-6"/>""",
            lx_work='<lx:expression default="true"/>',
        ),
        "texts/tst/eng@1992-05-15.syn-b.xml": _doc(
            work=TREATY,
            short="tst",
            title="Synthetic Treaty",
            work_date="1992-05-15",
            version="1992-05-15",
            source="syn-b",
            subtype="treaty",
            lifecycle=TREATY_EVENTS,
            references=treaty_refs,
            body="\n".join(
                [
                    omitted_article("art_1", "Article 1"),
                    _art2(
                        'In case of <def refersTo="#aggression" eId="art_2__para_1__def_1">aggression</def> '
                        "against a participating state, the states hold synthetic consultations.",
                        None,
                    ),
                    omitted_article("art_3", "Article 3"),
                ]
            ),
            fragments='          <lx:fragment eId="art_2__para_1" source="#syn-b" lines="9-9"/>',
        ),
        "texts/tst/eng@2012-12-19.syn-c.xml": _doc(
            work=TREATY,
            short="tst",
            title="Synthetic Treaty",
            work_date="1992-05-15",
            version="2012-12-19",
            source="syn-c",
            subtype="treaty",
            lifecycle=TREATY_EVENTS + AMENDMENT_EVENT,
            references=treaty_refs,
            body="\n".join(
                [
                    omitted_article("art_1", "Article 1"),
                    _art2(
                        'In case of <def refersTo="#aggression" eId="art_2__para_1__def_1">aggression</def> '
                        "(a synthetic armed attack) against a party, the parties immediately hold synthetic "
                        "consultations.",
                        REF_PARA,
                    ),
                    omitted_article("art_3", "Article 3"),
                ]
            ),
            fragments="""          <lx:fragment eId="art_2__para_1" source="#syn-c" lines="2-2"/>
          <lx:fragment eId="art_2__para_2" source="#syn-c" lines="3-3"/>""",
        ),
        # The site's protocol also records the words it replaces, for the "What changed" page.
        "texts/tst-protocol/eng@2010-12-10.xml": _doc(
            **protocol_fields(
                """
            <old>against a party</old>
            <new>(a synthetic armed attack) against a party</new>"""
            )
        ),
        "texts/ext-charter/eng@1945-06-26.xml": _doc(**charter_fields()),
        "annotations/tst.yaml": ANNOTATIONS,
    }


ANNOTATIONS = f"""\
annotations:
  - id: tst-art-2-consultations
    kind: commentary
    target:
      work: tst
      eid: art_2
      expression: {TREATY}/eng@1992-05-15
      source: syn-a
      quote: {{exact: synthetic consultations, prefix: "the parties hold "}}
    body: Source A reads the consultations as a duty of the **parties**, triggered by aggression.
    sources: [{{source: syn-a, lines: 3-3}}]
    tags: [aggression]
  - id: tst-art-2-armed-attack
    kind: amendment-note
    target:
      work: tst
      eid: art_2__para_1
      expression: {TREATY}/eng@2012-12-19
      source: syn-c
      quote: {{exact: a synthetic armed attack}}
    body: The amendment defines aggression as an armed attack.
    sources: [{{source: syn-c, lines: 2-2}}]
    tags: [aggression]
  - id: tst-art-2-hostile
    kind: editorial-note
    target:
      work: tst
      eid: art_2
      expression: {TREATY}/eng@1992-05-15
      source: syn-a
    body: |-
      A hostile note {HOSTILE} with an image ![pixel](http://example.invalid/p.png) and a
      [bad link](javascript:alert(1)).
    sources: [{{source: syn-b, lines: 9-9, quotation: "{HOSTILE.replace('"', "'")}"}}]
  - id: tst-art-2-hostile-links
    kind: editorial-note
    target:
      work: tst
      eid: art_2
      expression: {TREATY}/eng@1992-05-15
      source: syn-a
    body: |-
{XSS_BODY_YAML}    sources: [{{source: syn-b, lines: 9-9}}]
"""


def write(folder: Path) -> tuple[Path, Path]:
    """Write the fixture into ``folder``; return (texts folder, annotations folder)."""
    for rel, text in files().items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder / "texts", folder / "annotations"


TODAY = "2026-01-01"
MKDOCS_YML = """\
site_name: lexcsto fixture site
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  font: false
  features: [navigation.prune, navigation.indexes, content.tooltips]
plugins:
  - search
  - lexcsto:
      texts: texts
      annotations: annotations
      today: "{today}"
      progress: never
markdown_extensions:
  - abbr
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.blocks.tab:
      alternate_style: true
  - pymdownx.superfences
extra:
  polyfills:
    - assets/javascripts/iframe-worker-shim.js
"""


def write_project(folder: Path) -> Path:
    """A complete MkDocs project around the fixture corpus; return its mkdocs.yml."""
    write(folder)
    shim = Path(__file__).parent.parent / "docs" / "assets" / "javascripts" / "iframe-worker-shim.js"
    target = folder / "docs" / "assets" / "javascripts" / shim.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(shim.read_text(encoding="utf-8"), encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(today=TODAY), encoding="utf-8")
    return config


def synthetic_project(folder: Path, instruments: int, articles: int) -> tuple[Path, Any]:
    """A MkDocs project around a synthetic corpus (``benchmarks/synth.py``: English, two versions, no
    annotations) in ``folder``; return its mkdocs.yml and the corpus."""
    from benchmarks import synth

    corpus = synth.generate(
        folder / "c", synth.Spec(instruments=instruments, articles=articles, versions=2, languages=("eng",))
    )
    config = folder / "mkdocs.yml"
    config.write_text(
        MKDOCS_YML.format(today=TODAY)
        .replace("texts: texts", f"texts: {corpus.texts}")
        .replace("annotations: annotations", "annotations: none"),
        encoding="utf-8",
    )
    (folder / "docs").mkdir()
    return config, corpus


# ------------------------------------------------------------------------------------------------ builds
# Built once per test session and shared by the build and browser tests (a module cache rather than a
# conftest fixture, so that the site tests stay in files of their own).

ROOT = Path(__file__).parent.parent
_BUILT: dict[str, tuple[Path, subprocess.CompletedProcess[str]]] = {}


def build_env() -> dict[str, str]:
    """The environment of a test's site build: its day fixed (SOURCE_DATE_EPOCH, which MkDocs and the
    plugin's default ``today`` read), so that two builds on either side of midnight UTC are the same."""
    epoch = str(int(datetime.fromisoformat(f"{TODAY}T00:00:00+00:00").timestamp()))
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}


def strict_build(config: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``config`` into ``folder/site``, run in ``folder``; the finished process."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    return subprocess.run(
        [str(mkdocs), "build", "--strict", "-f", str(config), "-d", str(folder / "site")],
        capture_output=True,
        text=True,
        env=build_env(),
        cwd=folder,
        check=False,
    )


def fixture_site() -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The fixture corpus built with ``mkdocs build --strict``: (site folder, the finished process)."""
    if "fixture" not in _BUILT:
        folder = Path(tempfile.mkdtemp(prefix="lexcsto-site-fixture-"))
        atexit.register(shutil.rmtree, folder, True)
        done = strict_build(write_project(folder), folder)
        _BUILT["fixture"] = (folder / "site", done)
    return _BUILT["fixture"]


def corpus_site() -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The bundled corpus built by ``lexcsto site build -d DIR`` from the checkout's mkdocs.yml."""
    if "corpus" not in _BUILT:
        folder = Path(tempfile.mkdtemp(prefix="lexcsto-site-"))
        atexit.register(shutil.rmtree, folder, True)
        lexcsto_cmd = Path(sys.executable).parent / "lexcsto"
        done = subprocess.run(
            [str(lexcsto_cmd), "site", "build", "-q", "-d", str(folder / "site")],
            capture_output=True,
            text=True,
            env=build_env(),
            cwd=ROOT,
            check=False,
        )
        _BUILT["corpus"] = (folder / "site", done)
    return _BUILT["corpus"]
