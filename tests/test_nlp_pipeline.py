"""The spaCy components, the pipelines, the labelled set and the commands."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy
import yaml
from spacy.matcher import Matcher
from typer.testing import CliRunner

import lexcsto
from lexcsto.cli import app
from lexcsto.nlp import evaluation
from lexcsto.nlp import pipeline as nlp
from lexcsto.nlp.entity_patterns import entity_patterns
from lexcsto.nlp.instruments import instruments
from lexcsto.nlp.references import find_references
from lexcsto.nlp.word_flags import FlagMatcher

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
GOLD = {lang: DATA / f"nlp_gold_{lang}.jsonl" for lang in ("eng", "rus")}
HELDOUT = DATA / "nlp_heldout_eng.jsonl"


def test_factories_work_in_a_fresh_blank_pipeline() -> None:
    """A new interpreter that never imports lexcsto finds the factories through their entry points."""
    code = (
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "for name in ('lexcsto_entities', 'lexcsto_refs', 'lexcsto_terms', 'lexcsto_modality'):\n"
        "    nlp.add_pipe(name)\n"
        "doc = nlp('Under Article 51 of the UN Charter the Council of Foreign Ministers (CFM) shall act.')\n"
        "print([s._.href for s in doc.spans['lexcsto_refs']], [e.label_ for e in doc.ents],\n"
        "      [s.text for s in doc.spans['lexcsto_terms']], [s.label_ for s in doc.spans['lexcsto_modality']])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "/akn/un/act/charter/1945-06-26/un-charter/!main~art_51" in out
    assert "'BODY'" in out
    assert "'INSTRUMENT'" in out
    assert "['CFM']" in out
    assert "'OBLIGATION'" in out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_initialize_keeps_the_entity_patterns(lang: str) -> None:
    """spaCy's EntityRuler.initialize() clears its patterns; ours reloads them (toolchain-probe §5.1)."""
    pipe = spacy.blank(lang)
    ruler = pipe.add_pipe("lexcsto_entities")
    assert isinstance(ruler, nlp.EntityComponent)
    before = len(ruler.patterns)
    pipe.initialize()
    assert before > 100
    assert len(ruler.patterns) == before
    text = "Republic of Armenia" if lang == "en" else "Республика Армения"
    assert [e.label_ for e in pipe(text).ents] == ["STATE"]


@pytest.mark.parametrize("lang", ["eng", "rus"])
def test_flag_matcher_matches_what_spacys_matcher_matches(lang: str) -> None:
    """The entity patterns' word tests read from lexeme flags (word_flags.py) find what spaCy's Matcher
    finds with the tests, match for match and in its order, on every sentence of the labelled set."""
    pipe = nlp.pipeline(lang)
    plain, flagged = Matcher(pipe.vocab), FlagMatcher(pipe.vocab)
    for p in entity_patterns(lang):
        if isinstance(p["pattern"], list):
            key = f"{p['label']}||{p.get('id', '')}"
            plain.add(key, [p["pattern"]])
            flagged.add(key, [p["pattern"]])
    texts = [
        json.loads(line)["text"]
        for line in GOLD[lang].read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert texts
    for doc in pipe.tokenizer.pipe(texts):
        assert flagged(doc) == plain(doc), doc.text


def test_refs_component_takes_its_context_from_config() -> None:
    pipe = spacy.blank("en")
    pipe.add_pipe("lexcsto_refs", config={"context": "cst"})
    doc = pipe("Art. 4")
    assert [s._.href for s in doc.spans["lexcsto_refs"]] == [
        "/akn/aa-csto/act/treaty/1992-05-15/cst/!main~art_4"
    ]


def test_russian_sentence() -> None:
    found = nlp.tag(
        "Государства-члены Совета коллективной безопасности (СКБ) обязуются соблюдать статью 51 Устава ООН.",
        "rus",
    )
    labels = {(f.label, f.text) for f in found}
    assert ("PARTIES", "Государства-члены") in labels
    assert ("BODY", "Совета коллективной безопасности") in labels
    assert ("TERM", "СКБ") in labels
    assert ("OBLIGATION", "обязуются") in labels
    assert ("REF", "статью 51 Устава ООН") in labels


@pytest.mark.parametrize("dash", ["-", "–", "—"])
def test_short_names_with_any_dash(dash: str) -> None:
    found = nlp.tag(
        f"Council of Defence Ministers (Further {dash} CDM) and the Council (hereafter {dash} the Council)"
    )
    assert [f.text for f in found if f.label == "TERM"] == ["CDM", "Council"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States shall not use force.", [("PROHIBITION", "shall not")]),
        ("States shall consult.", [("OBLIGATION", "shall")]),
        ("A state may withdraw.", [("PERMISSION", "may")]),
        ("It was signed in May 2001.", []),
        ("Государства не вправе", [("PROHIBITION", "не вправе")]),
    ],
)
def test_modality(text: str, expected: list[tuple[str, str]]) -> None:
    lang = "rus" if re.search("[а-я]", text) else "eng"
    found = [(f.label, f.text) for f in nlp.tag(text, lang) if f.label in nlp.MODALITY_LABELS]
    assert found == expected


@pytest.mark.parametrize("lang", ["eng", "rus"])
def test_references_reach_090_precision_and_recall(lang: str) -> None:
    result = evaluation.evaluate(evaluation.read_gold(GOLD[lang]))
    ref = result.score("REF")
    assert ref.tp >= 20
    assert ref.precision >= 0.9, result.errors
    assert ref.recall >= 0.9, result.errors


def test_english_examples_come_from_their_seed_lines() -> None:
    if not SEEDS.exists():
        pytest.skip("the seed files are not beside this checkout")
    for ex in evaluation.read_gold(GOLD["eng"]):
        seed = next(SEEDS.glob(f"{ex.source.removeprefix('seed-')}_*.txt"))
        first, last = (int(n) for n in ex.lines.split("-"))
        lines = seed.read_text(encoding="utf-8").split("\n")[first - 1 : last]
        squash = re.sub(r"[\s\-]", "", "".join(lines))
        assert re.sub(r"[\s\-]", "", ex.text) in squash, ex.id


def test_russian_examples_are_marked_team_written() -> None:
    rows = [json.loads(line) for line in GOLD["rus"].read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows
    assert all(r["source"] == "team" and "not treaty text" in r["note"] for r in rows)


def test_gold_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "x", "lang": "eng", "text": "abc", "spans": [{"label": "REF", "text": "zzz"}]}\n')
    with pytest.raises(lexcsto.NlpError, match=r"gold.jsonl:1: span 'zzz' not in the text"):
        evaluation.read_gold(bad)


def test_every_uri_of_the_instrument_table_is_a_work_of_the_corpus() -> None:
    corpus = lexcsto.load()
    if not corpus.works:
        pytest.skip("the bundled corpus has not landed")
    known = {w.uri for w in corpus.works}
    missing = {row.key: row.uri for row in instruments().values() if row.uri and row.uri not in known}
    assert not missing
    shorts = {w.short for w in corpus.works}
    assert not {row.key for row in instruments().values() if row.uri} - shorts, (
        "keys are the corpus short names"
    )


def test_references_are_checked_against_the_corpus() -> None:
    corpus = lexcsto.load()
    found = find_references("Article 51 of the UN Charter; Article 999 of the UN Charter", corpus=corpus)
    assert [r.found for r in found] == [True, False]


runner = CliRunner()


def test_annotate_json() -> None:
    # "Art. 7" stands in a sentence of its own: a bare citation after "the UN Charter" in the same sentence
    # is in the UN Charter now (issue 18, third round), so the unresolved one must name no instrument before it
    result = runner.invoke(app, ["tag", "-", "--json"], input="Under Article 51 of the UN Charter. Art. 7")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    refs = [r for r in rows if r["label"] == "REF"]
    assert refs[0] == {
        "label": "REF",
        "text": "Article 51 of the UN Charter",
        "start": 6,
        "end": 34,
        "href": "/akn/un/act/charter/1945-06-26/un-charter/!main~art_51",
        "eid": "art_51",
        "instrument": "un-charter",
        "hrefs": ["/akn/un/act/charter/1945-06-26/un-charter/!main~art_51"],
    }
    assert refs[1]["href"] is None
    assert refs[1]["eid"] == "art_7"
    assert all({"label", "text", "start", "end"} <= set(r) for r in rows)


def test_annotate_russian_text_file(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("статья 51 Устава ООН", encoding="utf-8")
    result = runner.invoke(app, ["tag", str(path), "--lang", "rus"])
    assert result.exit_code == 0
    assert (
        "REF\tстатья 51 Устава ООН\t/akn/un/act/charter/1945-06-26/un-charter/!main~art_51" in result.stdout
    )


def test_annotate_bad_language_fails_cleanly() -> None:
    result = runner.invoke(app, ["tag", "-", "--lang", "fra"], input="x")
    assert result.exit_code == 1
    # --lang is checked as a usage error now, with the same message on every command (issue 17)
    assert "'fra' is not a language" in result.output


def test_nlp_eval_json_reports_every_label() -> None:
    result = runner.invoke(app, ["nlp-eval", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    ref = next(s for s in report["all"] if s["label"] == "REF")
    assert {"precision", "recall", "f1", "tp", "fp", "fn"} <= set(ref)
    assert {s["label"] for s in report["all"]} >= set(nlp.LABELS)


def test_held_out_set_stays_above_its_floor() -> None:
    """The held-out set (docs/nlp.md) was labelled by a second annotator and never used to write rules. Its
    figures are reported, not targets: this floor, well under the 0.825 F1 measured when the set was made,
    only catches a change that breaks the rules on unseen text. Do not tune rules to raise it."""
    examples = evaluation.read_gold(HELDOUT)
    assert len(examples) == 60
    overall = next(s for s in evaluation.evaluate(examples).scores if s.label == "ALL")
    assert overall.f1 >= 0.75, overall


FLOORS = yaml.safe_load((DATA / "nlp_floors.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("floor", FLOORS, ids=[f["sets"] for f in FLOORS])
def test_held_out_sets_read_since_stay_above_their_floors(floor: dict[str, Any]) -> None:
    """Held-out sets of issue 18 that have been scored and read are development sets (docs/nlp.md); each
    keeps the F1 it reached (tests/data/nlp_floors.yaml, with why), English and Russian together."""
    examples = [
        ex for lang in ("eng", "rus") for ex in evaluation.read_gold(DATA / f"{floor['sets']}_{lang}.jsonl")
    ]
    assert len(examples) == floor["sentences"]
    scores = {s.label: s for s in evaluation.evaluate(examples).scores}
    assert scores["REF"].f1 >= floor["REF"], scores["REF"]
    assert scores["ALL"].f1 >= floor["ALL"], scores["ALL"]


def test_a_list_citation_is_one_span_with_every_target() -> None:
    # issue 18: "Articles 2 and 4 of the Collective Security Treaty" was two spans; a reader sees one
    result = runner.invoke(
        app, ["tag", "-", "--json"], input="Articles 2 and 4 of the Collective Security Treaty"
    )
    assert result.exit_code == 0, result.output
    refs = [r for r in json.loads(result.stdout) if r["label"] == "REF"]
    cst = "/akn/aa-csto/act/treaty/1992-05-15/cst/!main~"
    assert [(r["text"], r["href"], r["hrefs"]) for r in refs] == [
        ("Articles 2 and 4 of the Collective Security Treaty", cst + "art_2", [cst + "art_2", cst + "art_4"])
    ]


def test_a_ref_counts_only_with_every_target(tmp_path: Path) -> None:
    from lexcsto.nlp import evaluation

    cst = "/akn/aa-csto/act/treaty/1992-05-15/cst/!main~"
    text = "Articles 3 to 5 of the Collective Security Treaty apply."
    span = {
        "label": "REF",
        "text": "Articles 3 to 5 of the Collective Security Treaty",
        "href": cst + "art_3",
    }
    rows = [
        {
            "id": "full",
            "lang": "eng",
            "text": text,
            "spans": [
                {**span, "hrefs": [cst + "art_3", cst + "art_4", cst + "art_5"], "form": "range"},
                {"label": "INSTRUMENT", "text": "Collective Security Treaty"},
            ],
        },
        {
            "id": "short",
            "lang": "eng",
            "text": text,
            "spans": [
                {**span, "form": "range"},
                {"label": "INSTRUMENT", "text": "Collective Security Treaty"},
            ],
        },
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = evaluation.evaluate(evaluation.read_gold(path))
    ref = result.score("REF")
    assert (ref.tp, ref.fp, ref.fn) == (1, 1, 1)  # the gold that gives only the first target is missed
    assert [(f.label, f.tp, f.fn) for f in result.forms] == [("range", 1, 1)]


def test_a_text_longer_than_spacys_max_length_is_tagged(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy's make_doc refuses a text over nlp.max_length (1,000,000 characters) with a ValueError, a guard
    for the parser's memory that this pipeline has no use for: lexcsto.tag of a 1.2 MB text raised it
    (issue 19, finding 10). The limit is lowered here so that the test stays fast."""
    from lexcsto.nlp.pipeline import pipeline, tag

    monkeypatch.setattr(pipeline("eng"), "max_length", 1000)
    text = "Article 4 of the Charter applies. " * 100
    found = [f for f in tag(text) if f.label == "REF"]
    assert len(found) == 100
    assert all(text[f.start : f.end] == f.text for f in found)


def test_the_errors_of_an_evaluation_are_listed_in_text_order_whatever_the_hash_seed() -> None:
    # a set difference iterates in an order PYTHONHASHSEED changes: `nlp-eval --errors` differed run to run
    script = (
        "from lexcsto.nlp import evaluation; import sys; "
        f"print('\\n'.join(evaluation.evaluate(evaluation.read_gold({str(HELDOUT)!r})).errors))"
    )
    listings = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(listings) == 1
    assert listings.pop().count("\n") > 10
