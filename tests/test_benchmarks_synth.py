"""The synthetic benchmark corpus follows docs/data-model.md, is valid AKN, seeded, and marked synthetic."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from lxml import etree

import lexcsto
from benchmarks import synth
from lexcsto.corpus.akn import strict_schema

SPEC = synth.Spec(instruments=6, articles=4, versions=3, seed=7)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> synth.SynthCorpus:
    return synth.generate(tmp_path_factory.mktemp("synth") / "corpus", SPEC)


@pytest.fixture(scope="module")
def loaded(generated: synth.SynthCorpus) -> lexcsto.Corpus:
    return lexcsto.load(generated.texts)


def test_every_file_is_valid_against_the_strict_schema(generated: synth.SynthCorpus) -> None:
    schema = strict_schema()
    invalid = {}
    for path in generated.files:
        if not schema.validate(etree.parse(str(path))):
            invalid[path.name] = str(schema.error_log)
    assert invalid == {}


def test_lexcsto_validate_finds_no_problem(generated: synth.SynthCorpus) -> None:
    assert [str(p) for p in lexcsto.validate([generated.texts])] == []


def test_shape_is_instruments_x_versions_x_languages(generated: synth.SynthCorpus) -> None:
    assert len(generated.works) == SPEC.instruments
    assert len(generated.files) == SPEC.instruments * SPEC.versions * len(SPEC.languages)
    for path in generated.files:
        lang, _, rest = path.name.partition("@")
        assert lang in SPEC.languages
        assert rest.endswith(f".{synth.SOURCE_ID}.xml")
        assert path.parent.parent == generated.texts


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    small = synth.Spec(instruments=3, articles=2, versions=2, seed=1)
    a = synth.generate(tmp_path / "a", small)
    b = synth.generate(tmp_path / "b", small)
    c = synth.generate(tmp_path / "c", synth.Spec(instruments=3, articles=2, versions=2, seed=2))

    def read(corpus: synth.SynthCorpus) -> dict[Path, bytes]:
        return {p.relative_to(corpus.root): p.read_bytes() for p in corpus.files}

    assert read(a) == read(b)
    assert read(a) != read(c)


def test_it_says_it_is_synthetic(generated: synth.SynthCorpus, loaded: lexcsto.Corpus) -> None:
    sources = yaml.safe_load((generated.texts / "sources.yaml").read_text(encoding="utf-8"))
    assert [(s["id"], s["kind"]) for s in sources] == [(synth.SOURCE_ID, "synthetic")]
    for work in loaded.works:
        assert "synthetic" in work.title
        assert "synthetic benchmark text, not a treaty" in work.aliases
    rus = next(p for p in generated.files if p.name.startswith("rus@"))
    assert "синтетический" in rus.read_text(encoding="utf-8")


def _own_text(el: etree._Element) -> str:
    """What a fragment covers (docs/data-model.md): the element's heading, content, intro or direct <p>s."""
    parts = []
    for child in el:
        name = etree.QName(child).localname
        if name in ("heading", "content", "intro", "p"):
            parts.append(" ".join("".join(str(t) for t in child.itertext()).split()))
    return " ".join(parts)


def test_provenance_lines_hold_the_text_of_their_element(generated: synth.SynthCorpus) -> None:
    lines = (generated.root / synth.SOURCE_FILE).read_text(encoding="utf-8").split("\n")
    ns = {"a": synth.AKN_NS, "lx": synth.LX_NS}
    checked = 0
    for path in generated.files:
        doc = etree.parse(str(path))
        for frag in doc.iterfind(".//lx:fragment", ns):
            start, _, end = frag.get("lines", "").partition("-")
            quoted = " ".join(lines[int(start) - 1 : int(end)])
            found = doc.xpath("//a:*[@eId=$eid]", namespaces=ns, eid=frag.get("eId", ""))
            assert isinstance(found, list)
            assert len(found) == 1
            element = found[0]
            assert isinstance(element, etree._Element)
            assert _own_text(element) == quoted, (path.name, frag.get("eId"))
            checked += 1
    assert checked > 100


def test_russian_is_a_parallel_text(loaded: lexcsto.Corpus) -> None:
    for work in loaded.works:
        for version in sorted({e.date for e in work.expressions}):
            eng, rus = (
                next(e for e in work.expressions if e.date == version and e.language == lang)
                for lang in ("eng", "rus")
            )
            assert [p.eid for p in eng.walk()] == [p.eid for p in rus.walk()]
            assert any("Стат" in p.num for p in rus.walk())


def test_versions_change_only_what_their_amendment_records(loaded: lexcsto.Corpus) -> None:
    plans = synth.plan(SPEC)
    changed_somewhere = 0
    for plan in plans:
        work = loaded.work(plan.short)
        eng = [e for e in work.expressions if e.language == "eng"]
        for k in range(1, SPEC.versions):
            before = {p.eid: p.text for p in eng[k - 1].walk()}
            after = {p.eid: p.text for p in eng[k].walk()}
            differ = {eid for eid in after if before.get(eid) != after[eid]}
            recorded = {eid for eid, _ in plan.versions[k].changes}
            assert differ <= recorded, (plan.short, k)
            changed_somewhere += len(differ)
            amender = loaded.work(plans[plan.versions[k].amender].short)
            assert (amender.signed or amender.date) <= plan.versions[k].date
    assert changed_somewhere > 0


def test_as_at_picks_each_version_in_turn(generated: synth.SynthCorpus, loaded: lexcsto.Corpus) -> None:
    for work in generated.works:
        for k, version in enumerate(work.versions):
            assert isinstance(version, date)
            assert loaded.expression_at(work.short, version).date == version
            if k:
                day_before = version - timedelta(days=1)
                assert loaded.expression_at(work.short, day_before).date == work.versions[k - 1]


def test_references_resolve_inside_and_across_instruments(loaded: lexcsto.Corpus) -> None:
    kinds = set()
    for work in loaded.works:
        for expression in work.expressions:
            for provision in expression.walk():
                for ref in provision.refs:
                    kinds.add("internal" if ref.target.startswith("#") else "external")
                    assert loaded.resolve(ref.target, work.uri) is not None, ref.target
    assert kinds == {"internal", "external"}


def test_plain_text_helpers_are_seeded_prose() -> None:
    text = synth.words("rus", 200, seed=3)
    assert len(text.split()) >= 200
    assert text == synth.words("rus", 200, seed=3)
    assert text != synth.words("rus", 200, seed=4)
    treaty = synth.plain_treaty("eng", 5, seed=1)
    assert "\nArticle 5\n" in treaty
    assert "SYNTHETIC" in treaty.splitlines()[0]


def test_a_non_empty_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        synth.generate(tmp_path / "x", synth.Spec(instruments=1))
