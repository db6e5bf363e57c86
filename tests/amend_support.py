"""Shared by the amendment tests: the synthetic base treaty and protocols of tests/fixtures/amend in a
corpus folder of their own, one source per file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from lexcsto.importer import ImportOptions, import_file, write

HERE = Path(__file__).resolve().parent
AMEND = HERE / "fixtures" / "amend"
BASE = "/akn/aa-csto/act/treaty/2001-01-01/syn"
PROTOCOL = "/akn/aa-csto/act/protocol/2005-06-01/syn-amend"
LANGS = {"en": "eng", "ru": "rus"}
SOURCES = "".join(
    f"""- id: syn-{name}-{short}
  file: {name}_{short}.txt
  title: Synthetic {name} ({short}), tests/fixtures/amend
  kind: test fixture
  date: "2026"
  description: Synthetic wording for the amendment tests.
"""
    for name in ("base", "protocol")
    for short in ("en", "ru")
)


def protocol_options(lang: str, corpus: Path, **kw: Any) -> ImportOptions:
    return ImportOptions(
        PROTOCOL, lang, "2005-06-01", f"syn-protocol-{lang[:2]}", refs=False, generated=date(2026, 1, 1),
        amends="syn", corpus=str(corpus), **kw,
    )  # fmt: skip


def make_base_corpus(folder: Path) -> Path:
    """The base treaty in English and Russian, imported into ``folder`` with its sources.yaml."""
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    for short, lang in LANGS.items():
        options = ImportOptions(
            BASE,
            lang,
            "2001-01-01",
            f"syn-base-{short}",
            refs=False,
            generated=date(2026, 1, 1),
            title="Synthetic Treaty on Consultations",
        )
        write(import_file(AMEND / f"base_{short}.txt", options), folder)
    return folder


def with_protocol(base_corpus: Path, short: str, tmp_path: Path) -> Path:
    """A copy of the base corpus with the protocol in ``short``'s language imported into it."""
    folder = tmp_path / "corpus"
    for path in base_corpus.rglob("*"):
        if path.is_file():
            target = folder / path.relative_to(base_corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    write(import_file(AMEND / f"protocol_{short}.txt", protocol_options(LANGS[short], base_corpus)), folder)
    return folder
