"""The annotation store: files read with line-accurate errors, checked against a corpus, written back."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from anno_fixture import E1992, E2012, FixtureCorpus

from lexcsto.annotations.annotation import Citation, Quote
from lexcsto.annotations.store import dump_annotations, parse_annotations, read_annotations
from lexcsto.corpus.model import Lines
from lexcsto.errors import AnnotationError

GOOD = textwrap.dedent(
    f"""\
    annotations:
      - id: art4-aggression
        kind: commentary
        target:
          work: cst
          eid: art_4
          expression: {E1992}
          source: seed-004
          quote:
            prefix: "is subjected to "
            exact: aggression
            suffix: " by any State"
        body: |
          The 1992 wording names the aggressor: *any State or group of States*.
        sources:
          - source: seed-004
            lines: 3-3
            quotation: aggression by any State or group of States
        tags: [aggression]
    """
)


def test_a_good_file_loads_with_every_field() -> None:
    (ann,) = parse_annotations(GOOD, "cst.yaml")
    assert ann.id == "art4-aggression"
    assert ann.target.quote == Quote("aggression", "is subjected to ", " by any State")
    assert ann.target.work_uri == "/akn/aa-csto/act/treaty/1992-05-15/cst"
    assert ann.sources == (Citation("seed-004", Lines(3, 3), "aggression by any State or group of States"),)
    assert ann.body.startswith("The 1992 wording")
    assert ann.tags == ("aggression",)
    assert (ann.path, ann.line) == ("cst.yaml", 2)


# Each case: the change to GOOD, the line the error must name, and words the message must contain.
BAD = [
    ("kind: commentary", "kind: gossip", 3, "unknown kind 'gossip'"),
    ("    tags: [aggression]\n", "    tags: [aggression]\n    colour: red\n", 20, "unknown key 'colour'"),
    (
        "    body: |\n      The 1992 wording names the aggressor: *any State or group of States*.\n",
        "",
        2,
        "missing 'body'",
    ),
    ("        lines: 3-3", "        lines: 9-3", 17, "bad line range '9-3'"),
    ("        lines: 3-3", "        lines: three", 17, "bad line range 'three'"),
    ("        lines: 3-3", "        lines: 0-3", 17, "bad line range '0-3'"),
    ("      eid: art_4", "      eid: Article 4", 6, "bad eId 'Article 4'"),
    ("      exact: aggression", "      exact: ''", 11, "empty quote"),
    (f"      expression: {E1992}", "      expression: cst 1992", 7, "bad expression URI"),
    ("  - id: art4-aggression", "  - id: Art 4!", 2, "bad annotation id"),
    ("    tags: [aggression]", "    tags: [Aggression Law]", 19, "bad tag"),
    ("    kind: commentary", "    kind: commentary\n    kind: discrepancy", 4, "duplicate key 'kind'"),
    (
        "    sources:\n      - source: seed-004\n        lines: 3-3\n"
        "        quotation: aggression by any State or group of States\n",
        "    sources: []\n",
        15,
        "no source cited",
    ),
    ("        quotation:", "        quotation: [", 19, "not valid YAML"),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), BAD)
def test_bad_input_names_file_and_line(old: str, new: str, line: int, message: str) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new)
    with pytest.raises(AnnotationError) as err:
        parse_annotations(text, "cst.yaml")
    assert err.value.path == "cst.yaml"
    assert err.value.line == line, str(err.value)
    assert message in str(err.value)
    assert str(err.value).startswith(f"cst.yaml:{line}: ")


CORPUS_BAD = [
    ("      work: cst", "      work: nato", "unknown work 'nato'"),
    ("      eid: art_4", "      eid: art_99", "unknown eId 'art_99'"),
    ("      source: seed-004", "      source: seed-003", "unknown expression"),
    (f"      expression: {E1992}", f"      expression: {E2012}", "unknown expression"),
    ("      exact: aggression", "      exact: aggressor", "quote 'aggressor'"),
    ('        suffix: " by any State"', '        suffix: " by any state"', "is not in art_4"),
    ("      - source: seed-004", "      - source: seed-999", "unknown source 'seed-999'"),
]


@pytest.mark.parametrize(("old", "new", "message"), CORPUS_BAD)
def test_checked_against_the_corpus(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    file = tmp_path / "cst.yaml"
    file.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(AnnotationError) as err:
        read_annotations(tmp_path, FixtureCorpus())
    assert message in str(err.value)
    assert str(err.value).startswith(f"{file}:2: ")


def test_good_file_passes_the_corpus_check(tmp_path: Path) -> None:
    (tmp_path / "cst.yaml").write_text(GOOD, encoding="utf-8")
    assert [a.id for a in read_annotations(tmp_path, FixtureCorpus())] == ["art4-aggression"]


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"b\.yaml:2: duplicate annotation id 'art4-aggression'"):
        read_annotations(tmp_path)


def test_scalars_stay_text() -> None:
    text = GOOD.replace("exact: aggression", "exact: yes").replace(
        'prefix: "is subjected to "', "prefix: 2010"
    )
    (ann,) = parse_annotations(text)
    assert (ann.target.quote.exact, ann.target.quote.prefix) == ("yes", "2010")


def test_dump_reads_back_and_keeps_markdown_readable() -> None:
    anns = parse_annotations(GOOD)
    text = dump_annotations(anns)
    assert parse_annotations(text) == anns
    assert "body: |" in text


def test_empty_file_is_no_annotations() -> None:
    assert parse_annotations("", "empty.yaml") == ()


def test_merge_keys_share_a_target() -> None:
    text = textwrap.dedent(
        f"""\
        shared:
          cst1992: &cst1992 {{work: cst, expression: {E1992}, source: seed-004}}
        annotations:
          - id: a
            kind: commentary
            target: {{<<: *cst1992, eid: art_1}}
            body: One.
            sources: [{{source: seed-003, lines: 1-2}}]
          - id: b
            kind: commentary
            target: {{<<: *cst1992, eid: art_4, source: seed-000}}
            body: Two.
            sources: [{{source: seed-003, lines: 1-2}}]
        """
    )
    a, b = parse_annotations(text)
    assert (a.target.eid, a.target.source, a.target.expression) == ("art_1", "seed-004", E1992)
    assert (b.target.eid, b.target.source) == ("art_4", "seed-000")
