"""The citation and name forms of tests/data/nlp_forms.yaml, one test per row (issue 18): Russian case
forms of units, instruments, bodies and states, ё and е, Cyrillic point letters, epistemic "may"/«может»,
"the Charter" by the instrument named last, and instruments named by the corpus's own titles and aliases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from lexcsto.corpus.uri import FrbrUri
from lexcsto.nlp import pipeline as nlp
from lexcsto.nlp.instruments import instruments

CASES = yaml.safe_load((Path(__file__).parent / "data" / "nlp_forms.yaml").read_text(encoding="utf-8"))[
    "cases"
]


def _href(work: str, eid: str) -> str:
    if eid.startswith("/akn/"):
        return eid
    uri = instruments()[work].uri
    assert uri is not None, f"{work} is not a work of the corpus"
    return str(FrbrUri.parse(uri).with_eid(eid))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}: {c['form']}" for c in CASES])
def test_form(case: dict[str, Any]) -> None:
    found = nlp.tag(case["text"], case["lang"], case.get("context"))
    refs = {f.text: set(f.hrefs) for f in found if f.label == "REF"}
    for ref in case.get("refs") or []:
        assert ref["text"] in refs, (ref["text"], refs)
        assert refs[ref["text"]] == {_href(ref["work"], e) for e in ref["eids"]}, ref["text"]
    spans = {(f.label, f.text): f for f in found}
    for label, text, *key in case.get("ents") or []:
        assert (label, text) in spans, ((label, text), sorted(spans))
        if key:
            assert spans[(label, text)].kb_id == key[0]
    for label, text in case.get("absent") or []:
        assert (label, text) not in spans, (label, text)


def test_the_instrument_table_adds_to_the_registry_without_repeating_it() -> None:
    """instruments.yaml names only what the corpus registry does not: its `works:` keys are short names of
    the corpus, none of its names is a title or FRBRalias the registry already gives, and an instrument
    listed `outside:` is no work of the corpus (so a text's new alias reaches the NLP without an edit)."""
    from lexcsto.corpus.queries import load_corpus
    from lexcsto.nlp.tables import fold, read_table

    works = {w.short: w for w in load_corpus().works}
    if not works:
        pytest.skip("the bundled corpus has not landed")
    table = read_table("instruments.yaml")
    assert set(table["works"]) <= set(works)
    assert not set(table["outside"]) & set(works)
    for key, row in table["works"].items():
        given = {fold(n) for n in (works[key].title, *works[key].aliases)}
        extra = [
            n
            for lang in ("eng", "rus")
            for part in ("names", "abbr")
            for n in (row.get(lang) or {}).get(part) or []
        ]
        assert not given & {fold(n) for n in extra}, key


def test_every_work_of_the_corpus_is_an_instrument_named_by_its_title() -> None:
    from lexcsto.corpus.queries import load_corpus

    table = instruments()
    for work in load_corpus().works:
        assert table[work.short].uri == work.uri
        assert work.title in table[work.short].names["eng"] or work.title in table[work.short].abbrs["eng"]
