"""Reading any AKN corpus (issue 12): one document per producer convention in tests/data/akn/, each
loading with all its units, its type, language and versions; one bad file blocks nothing."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import lexcsto
from lexcsto.errors import LoadError

DATA = Path(__file__).parent / "data"
FOREIGN = DATA / "akn"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "akn_cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus() -> lexcsto.Corpus:
    return lexcsto.load(FOREIGN)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_each_producer_loads_with_all_its_units(corpus: lexcsto.Corpus, case: dict[str, Any]) -> None:
    work = corpus.work(case["work"])
    assert work.doctype == case["doctype"]
    assert [e.date.isoformat() for e in work.expressions] == case["versions"]
    latest = work.expressions[-1]
    assert latest.language == case["language"]
    units = list(latest.walk())
    assert [p.eid for p in units] == case["units"]
    # Every unit with text keeps it: nothing of the body is silently dropped.
    assert any(p.text for p in units)
    derived = {p.eid for p in units if p.derived and p.kind not in ("preface", "preamble")}
    assert bool(derived) == case.get("derived", False)
    # Each unit is reachable by its eId, as the command line asks for it.
    for p in units:
        assert corpus.provision(work.uri, p.eid, language=None).provision.eid == p.eid


def test_identity_comes_from_the_metadata_not_the_file_names(tmp_path: Path) -> None:
    target = tmp_path / "any" / "nesting" / "here"
    target.mkdir(parents=True)
    shutil.copy(FOREIGN / "laws-africa" / "water-tanks-act.xml", target / "x.xml")
    shutil.copy(FOREIGN / "laws-africa" / "point-in-time-2025.xml", tmp_path / "y.xml")
    c = lexcsto.load(tmp_path)
    assert [w.uri for w in c.works] == ["/akn/za/act/2024/30"]
    assert len(c.works[0].expressions) == 2
    assert c.problems == ()


def test_no_sources_yaml_and_no_lx_provenance_are_needed(corpus: lexcsto.Corpus) -> None:
    assert corpus.sources == ()
    assert not [p for p in corpus.problems if p.severity == "error"]
    assert all(not e.fragments for w in corpus.works for e in w.expressions)


def test_an_organisation_as_author_is_not_an_edition_source(corpus: lexcsto.Corpus) -> None:
    guideline = corpus.work("/akn/ke/doc/guideline/2023/boreholes").expressions[0]
    assert guideline.source == ""
    assert guideline.translation == ""


def test_year_only_dates_and_unnamed_aliases_load(tmp_path: Path) -> None:
    text = (FOREIGN / "laws-africa" / "water-tanks-act.xml").read_text(encoding="utf-8")
    text = text.replace(
        '<FRBRdate date="2024-03-15" name="Generation"/>', '<FRBRdate date="2024" name="Generation"/>', 1
    )
    text = text.replace('name="title"/>', "/>", 1)
    (tmp_path / "act.xml").write_text(text, encoding="utf-8")
    work = lexcsto.load(tmp_path).work("/akn/za/act/2024/30")
    assert work.date == date(2024, 1, 1)
    assert work.date_as_written == "2024"
    assert work.title == "Synthetic Water Tanks Act, 2024"


def test_two_letter_language_is_a_warning_and_show_picks_it(corpus: lexcsto.Corpus) -> None:
    warned = [p for p in corpus.problems if "two-letter" in p.message]
    assert len(warned) == 1
    assert warned[0].severity == "warning"
    assert warned[0].path is not None
    assert warned[0].path.endswith("sesion.xml")
    located = corpus.provision("/akn/cl/debate/camara/2019-04-02/31", "dbsect_1__speech_1", language=None)
    assert located.expression.language == "es"
    assert located.provision.heading == "La señora PÉREZ"


def test_derived_eids_are_reported(corpus: lexcsto.Corpus) -> None:
    derived = [p for p in corpus.problems if "derived by the naming convention" in p.message]
    assert sorted(Path(p.path or "").name for p in derived) == ["directive.xml", "regulation.xml"]
    assert all(p.severity == "warning" for p in derived)


def test_one_bad_file_blocks_nothing(tmp_path: Path) -> None:
    shutil.copytree(FOREIGN, tmp_path / "akn")
    bad = tmp_path / "akn" / "it-senato" / "it-senato-csd03.xml"
    shutil.copy(DATA / "akn-broken" / "it-senato-csd03.xml", bad)
    (tmp_path / "akn" / "broken.xml").write_text("<akomaNtoso><act>", encoding="utf-8")
    c = lexcsto.load(tmp_path / "akn")
    assert len(c.works) == len({case["work"] for case in CASES})
    errors = [p for p in c.problems if p.severity == "error"]
    assert [Path(p.path or "").name for p in errors] == ["broken.xml", "it-senato-csd03.xml"]
    assert "draft namespace http://docs.oasis-open.org/legaldocml/ns/akn/3.0/CSD03" in errors[1].message
    assert str(errors[1]).startswith(f"{bad}:4: ")
    with pytest.raises(LoadError, match="malformed XML"):
        lexcsto.load(tmp_path / "akn", strict=True)


def test_two_files_of_one_expression_are_an_error_naming_both(tmp_path: Path) -> None:
    first = tmp_path / "a.xml"
    second = tmp_path / "b.xml"
    shutil.copy(FOREIGN / "laws-africa" / "water-tanks-act.xml", first)
    text = first.read_text(encoding="utf-8").replace("thirty days", "forty days")
    second.write_text(text, encoding="utf-8")
    c = lexcsto.load(tmp_path)
    (problem,) = c.problems
    assert problem.path == str(second)
    assert str(first) in problem.message
    # The first file is kept, whole; the second never silently replaces it.
    (expression,) = c.work("/akn/za/act/2024/30").expressions
    assert expression.path == str(first)


def test_repeated_eids_across_components_are_scoped(tmp_path: Path) -> None:
    text = (FOREIGN / "eu-collection" / "package.xml").read_text(encoding="utf-8")
    (tmp_path / "p.xml").write_text(text.replace('eId="art_1__para_1"', 'eId="para_1"'), encoding="utf-8")
    expression = lexcsto.load(tmp_path).works[0].expressions[0]
    assert [p.eid for p in expression.walk()] == [
        "preface",
        "cmp_1",
        "cmp_1__para_1",
        "cmp_2",
        "cmp_2__art_1",
        "cmp_2__para_1",
    ]


def test_references_in_legislation_gov_uk_form_resolve(corpus: lexcsto.Corpus) -> None:
    work = "http://www.legislation.gov.uk/id/ukpga/2020/99"
    found = corpus.refs(work, "section-1-2")  # one reference in each of the two versions
    assert {(ref.target_work, ref.target_eid) for ref in found} == {(work, "section-2")}
    assert [r.source_eid for r in corpus.incoming(work, "section-2")] == ["section-1-2", "section-1-2"]
