"""The bundled annotations: valid against the bundled corpus, anchored everywhere (no orphan), citing
lines that exist, quoting their sources verbatim, and surviving the JSON-LD and YAML round trips."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

import lexcsto
from lexcsto.annotations.anchoring import anchor
from lexcsto.annotations.annotation import Annotation
from lexcsto.annotations.jsonld import from_jsonld, to_jsonld
from lexcsto.annotations.store import dump_annotations, parse_annotations, read_annotations
from lexcsto.corpus.bundled import bundled_folder

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@cache
def bundled() -> tuple[Annotation, ...]:
    return read_annotations(bundled_folder("annotations"), lexcsto.load())


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
        home = next(
            a
            for a in r.anchors
            if a.expression == (f"{t.expression}[{t.source}]" if t.source else t.expression)
        )
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


# seeds-facts §3.1: every article-level paraphrase that names a provision in the corpus has an annotation
# on that provision citing the paraphrase's line. (row, work, eId, source, line); eId "" = the instrument,
# for instruments the corpus registers without articles. Rows 46-56, 58, 69, 71-72, 74-79 name instruments
# or provisions that are not in the corpus (the 2003 Provisions' Annex I items are not yet imported).
# Row 8 (003 L299-303) paraphrases CST Art. 6, whose 1992 text refers to "Art. 3" (sic), not Art. 3 itself
# (issue 14): its note sits on art_6.
PARAPHRASES = [
    (1, "cst", "art_2", "seed-002", 12), (2, "cst", "art_2", "seed-000", 65), (3, "cst", "art_2", "seed-003", 284),
    (4, "cst", "art_2", "seed-003", 1108), (5, "cst", "art_4__para_1", "seed-003", 291),
    (6, "cst", "art_4", "seed-003", 1050), (7, "cst", "art_4__para_1", "seed-003", 1081),
    (8, "cst", "art_6", "seed-003", 299), (9, "cst", "art_3", "seed-003", 762), (10, "cst", "art_5", "seed-003", 785),
    (11, "cst", "art_1", "seed-003", 313), (12, "cst", "art_1__para_1", "seed-003", 938),
    (13, "cst", "art_1__para_1", "seed-003", 866), (13, "cst", "art_4", "seed-003", 866),
    (14, "cst", "art_1__para_3", "seed-003", 870), (15, "cst", "art_10", "seed-003", 316),
    (16, "cst", "art_9", "seed-003", 1137), (17, "cst", "art_6", "seed-001", 86), (17, "cst", "art_4", "seed-001", 86),
    (18, "cst", "art_4", "seed-003", 304), (18, "north-atlantic-treaty", "art_4", "seed-003", 305),
    (18, "north-atlantic-treaty", "art_5", "seed-003", 305), (19, "cst", "art_6", "seed-003", 1204),
    (20, "forces-procedures-2001", "art_2", "seed-003", 510),
    (21, "charter", "art_1", "seed-003", 789), (22, "charter", "art_3", "seed-002", 22),
    (23, "charter", "art_4", "seed-003", 957), (23, "charter", "art_4", "seed-003", 2044),
    (24, "charter", "art_5", "seed-000", 73), (25, "charter", "art_7", "seed-002", 26),
    (26, "charter", "art_8", "seed-003", 961), (27, "charter", "art_8", "seed-003", 1374),
    (28, "charter", "art_9", "seed-000", 115), (28, "charter", "art_9", "seed-001", 74),
    (29, "charter", "art_10", "seed-003", 1826), (30, "charter", "art_11", "seed-003", 1514),
    (31, "charter", "art_12", "seed-003", 1748), (32, "charter", "art_2", "seed-003", 1802),
    (33, "charter", "art_13", "seed-002", 33), (34, "charter", "art_13", "seed-003", 1531),
    (35, "charter", "art_14", "seed-003", 1567), (36, "charter", "art_15", "seed-003", 1593),
    (37, "charter", "art_16", "seed-003", 1596), (38, "charter", "art_17", "seed-003", 1636),
    (39, "charter", "art_18", "seed-003", 1618), (40, "charter", "art_19", "seed-003", 890),
    (40, "charter", "art_19", "seed-003", 921), (41, "charter", "art_20", "seed-003", 919),
    (41, "charter", "art_20", "seed-003", 1944), (42, "charter", "art_21", "seed-003", 924),
    (43, "charter", "art_24", "seed-003", 814), (44, "charter", "art_25", "seed-003", 1951),
    (45, "charter", "art_27", "seed-003", 1120),
    (57, "collective-security-concept-1995", "", "seed-003", 1066),
    (59, "peacekeeping-agreement", "art_1", "seed-003", 1176), (60, "peacekeeping-agreement", "art_2", "seed-003", 1228),
    (60, "peacekeeping-agreement", "art_5", "seed-003", 1232), (60, "peacekeeping-agreement", "art_7", "seed-003", 1234),
    (61, "peacekeeping-agreement", "art_3", "seed-003", 1239), (61, "peacekeeping-agreement", "art_4", "seed-003", 1196),
    (62, "crrf-agreement", "art_1", "seed-003", 1250), (63, "crrf-agreement", "art_2", "seed-003", 2364),
    (64, "crrf-agreement", "art_4", "seed-003", 1264), (65, "crrf-agreement", "art_7", "seed-003", 1290),
    (66, "status-of-forces-2010", "art_2", "seed-003", 1285), (66, "status-of-forces-2010", "art_3", "seed-003", 1285),
    (66, "status-of-forces-2010", "art_12", "seed-003", 1302), (66, "status-of-forces-2010", "art_13", "seed-003", 1293),
    (66, "status-of-forces-2010", "art_16", "seed-003", 1118),
    (67, "order-of-formation-agreement", "art_1", "seed-003", 1207),
    (67, "order-of-formation-agreement", "art_5", "seed-003", 1254),
    (67, "order-of-formation-agreement", "art_6", "seed-003", 1256),
    (67, "order-of-formation-agreement", "art_12", "seed-003", 1265),
    (67, "order-of-formation-agreement", "art_16", "seed-003", 1144),
    (68, "military-infrastructure-protocol", "", "seed-003", 1509), (70, "mtc-agreement", "art_10", "seed-003", 1375),
    (73, "un-charter", "art_51", "seed-003", 1052), (73, "un-charter", "art_52__para_1", "seed-003", 842),
    (73, "un-charter", "art_52__para_2", "seed-003", 844), (73, "un-charter", "art_54", "seed-003", 847),
    (73, "un-charter", "art_102", "seed-003", 276), (80, "north-atlantic-treaty", "art_5", "seed-003", 1047),
    (81, "status-of-forces-2000", "", "seed-003", 1151),
]  # fmt: skip


@pytest.mark.parametrize(("row", "work", "eid", "source", "line"), PARAPHRASES)
def test_every_paraphrase_of_a_corpus_provision_is_annotated(
    row: int, work: str, eid: str, source: str, line: int
) -> None:
    corpus = lexcsto.load()
    uri = corpus.work(work).uri
    found = [a.id for a in bundled() if corpus.work(a.target.work).uri == uri and a.target.eid == eid
             and any(c.source == source and c.lines.start <= line <= c.lines.end for c in a.sources)]  # fmt: skip
    assert found, f"seeds-facts 3.1 row {row}: no annotation on {work}/{eid} citing {source} L{line}"


def test_the_history_of_aggression_is_told() -> None:
    tagged = {a.id for a in bundled() if "aggression" in a.tags}
    for step in ("aggression-1992-wording", "aggression-2003-csc-item-5-3", "aggression-2003-cdm-item-5-1-2",
                 "aggression-2010-redefinition", "aggression-un-charter-armed-attack"):  # fmt: skip
        assert step in tagged
