"""The bundled annotations: valid against the bundled corpus, anchored everywhere (no orphan), citing
lines that exist, quoting their sources verbatim, and surviving the JSON-LD and YAML round trips."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

import lexcsto
from lexcsto.annotate import Annotation, anchor, dump_annotations, load_annotations, parse_annotations
from lexcsto.load import bundled_folder
from lexcsto.webannotation import from_jsonld, to_jsonld

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@cache
def bundled() -> tuple[Annotation, ...]:
    return load_annotations(bundled_folder("annotations"), lexcsto.load())


def test_the_bundled_annotations_load_and_check_against_the_corpus() -> None:
    assert len(bundled()) > 100


def test_no_annotation_is_orphaned_in_any_expression() -> None:
    results = anchor(lexcsto.load(), bundled())
    orphans = [f"{r.annotation.path}:{r.annotation.line}: {r.annotation.id} in {a.expression}"
               for r in results for a in r.orphaned]  # fmt: skip
    assert orphans == []
    assert all(r.anchors for r in results)


def test_each_annotation_is_anchored_where_it_was_written() -> None:
    for r in anchor(lexcsto.load(), bundled()):
        t = r.annotation.target
        home = next(a for a in r.anchors if a.expression == (f"{t.expression}[{t.source}]" if t.source else t.expression))
        assert (home.status, home.score) == ("anchored", 100.0), r.annotation.id


@cache
def _seed_lines(source: str) -> list[str]:
    sources = {s.id: s for s in lexcsto.load().sources}
    return (SEEDS / sources[source].filename).read_text(encoding="utf-8").split("\n")


def _flat(text: str) -> str:
    """The seeds' line breaks, hyphenation across lines and NBSPs folded away, as the corpus does."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds live in ../shared/seeds beside a checkout")
def test_citations_point_at_existing_lines_and_quote_them_verbatim() -> None:
    problems = []
    for ann in bundled():
        for c in ann.sources:
            lines = _seed_lines(c.source)
            if c.lines.end > len(lines):
                problems.append(f"{ann.id}: {c.source} has {len(lines)} lines, not {c.lines}")
                continue
            cited = "\n".join(lines[c.lines.start - 1 : c.lines.end])
            if c.quotation and _flat(c.quotation) not in _flat(cited) and c.quotation not in cited:
                problems.append(f"{ann.id}: {c.quotation!r} is not in {c.source} lines {c.lines}")
    assert problems == []


def test_quotations_in_bodies_are_marked() -> None:
    # A body may quote a source only between curly quotes; straight double quotes would hide a quotation.
    assert [a.id for a in bundled() if '"' in a.body] == []


def test_bundled_set_round_trips_through_jsonld_and_yaml() -> None:
    anns = bundled()
    assert from_jsonld(json.loads(json.dumps(to_jsonld(anns), ensure_ascii=False))) == anns
    assert parse_annotations(dump_annotations(anns)) == anns
