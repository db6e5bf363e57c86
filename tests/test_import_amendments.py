"""``lexcsto import PROTOCOL --amends BASE``: amending instructions read from the text, in English and
Russian, resolved against the base text, written as activeModifications; failures reported with lines.

The base treaties and protocols are synthetic texts written for these tests (tests/fixtures/amend/).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

import lexcsto
from lexcsto.compare.consolidation import consolidate
from lexcsto.corpus.akn import xpath
from lexcsto.corpus.model import Provision
from lexcsto.corpus.uri import split_href
from lexcsto.errors import AmendingInstructionError
from lexcsto.importer import ImportOptions, import_file, write
from lexcsto.importer.instructions import read_instructions
from tests.amend_support import AMEND, LANGS, make_base_corpus, protocol_options, with_protocol
from tests.import_support import check_golden, schema_errors, untraceable

CASES = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "amending_instructions.yaml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def base_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base_corpus(tmp_path_factory.mktemp("amend-corpus"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['lang']}:{c['text'][:40]}")
def test_instruction_forms(case: dict[str, Any]) -> None:
    reading = read_instructions([(1, case["text"])], case["lang"])
    got = [
        [i.action, i.target.eid(case["lang"]), i.old.words if i.old else None, i.new.text if i.new else None]
        for i in reading.instructions
    ]
    assert got == case.get("expect", [])
    assert [u.reason for u in reading.unreadable] == case.get("unreadable", [])


@pytest.mark.parametrize("short", LANGS)
def test_protocol_modifications_golden(short: str, base_corpus: Path) -> None:
    result = import_file(AMEND / f"protocol_{short}.txt", protocol_options(LANGS[short], base_corpus))
    assert schema_errors(result.xml) == []
    lines = (AMEND / f"protocol_{short}.txt").read_text(encoding="utf-8").splitlines()
    assert untraceable(result, lines) == []
    check_golden(f"amend/protocol_{short}.xml", result.xml)
    mods = xpath(result.root, "//a:activeModifications/a:textualMod")
    assert [m.get("type") for m in mods] == [
        "substitution", "substitution", "repeal", "insertion", "insertion", "repeal",
    ]  # fmt: skip


@pytest.mark.parametrize("short", LANGS)
def test_consolidating_the_read_modifications(short: str, base_corpus: Path, tmp_path: Path) -> None:
    """The modifications read back from the written protocol give the amended text, item by item."""
    corpus = lexcsto.load(with_protocol(base_corpus, short, tmp_path))
    lang = LANGS[short]
    mods = [m for _, m in corpus.modifications_to("syn")]
    assert [split_href(m.source)[1].rpartition("_")[2] for m in mods] == list("abcdee")
    base = corpus.expression_at("syn", date(2001, 1, 1), language=lang)
    new = consolidate(base, mods, version=date(2005, 6, 1))
    assert new.find("art_3") is None
    assert [p.eid for p in new.provisions if p.kind == "article"] == ["art_1", "art_2", "art_4"]
    para_3 = new.find("art_2__para_3")
    assert para_3 is not None
    assert para_3.num == "3."
    art_4 = new.find("art_4")
    assert art_4 is not None
    assert [c.eid for c in art_4.children] == ["art_4__para_1", "art_4__para_2"]
    expected = {
        "eng": (
            "The Council shall meet every three years.",
            "The Secretary shall inform the Council of Ministers.",
        ),
        "rus": ("Совет собирается один раз в три года.", "Секретарь информирует Совет министров."),
    }[lang]
    assert (new.find("art_1__para_1").text, new.find("art_2__para_2").text) == expected  # type: ignore[union-attr]


@pytest.mark.parametrize("short", LANGS)
def test_failures_are_reported_with_their_lines(short: str, base_corpus: Path, tmp_path: Path) -> None:
    """Old words not found, an article that does not exist, an unreadable instruction, two instructions on
    one paragraph in one item (the second's words are gone after the first), a paragraph that exists
    already, words with no article: each reported on its line; the import fails as a whole."""
    options = protocol_options(LANGS[short], base_corpus)
    with pytest.raises(AmendingInstructionError) as caught:
        import_file(AMEND / f"protocol_bad_{short}.txt", options)
    problems = caught.value.problems
    assert [p.line for p in problems] == [6, 7, 8, 9, 10, 12]
    messages = [p.message for p in problems]
    assert "are not in art_1__para_1" in messages[0]
    assert "(art_9) is not in the base text" in messages[1]
    assert "no instruction form reads this" in messages[2]
    assert "are not in art_2__para_2" in messages[3]
    assert "art_2__para_2 already exists" in messages[4]
    assert "names no article" in messages[5]
    assert str(caught.value).startswith(f"{AMEND / f'protocol_bad_{short}.txt'}:6: ")


def shape(p: Provision | None) -> list[tuple[str, str]]:
    assert p is not None
    return [(q.eid, " ".join(q.text.split())) for q in p.walk()]


def test_reader_gives_the_cst_protocols_hand_made_modifications(tmp_path: Path) -> None:
    """The 2010 Protocol's modifications are made by hand in the edition (scripts/build_texts.py). A text
    in the Protocol's form (item structure from issue 2; the words no source quotes elided as "…", the
    restated Art. 4 as the edition quotes it inside item (c), from source 002 L12-16) read by the
    instruction reader gives the same modifications."""
    corpus = lexcsto.load()
    stored = corpus.work("cst-protocol-2010")
    hand = stored.modifications
    quoted = hand[2].new_provision
    assert quoted is not None
    art_4 = [p.text for p in quoted.children]
    text = "\n".join(
        [
            "PROTOCOL",
            "on Amendment of the Collective Security Treaty",
            "",
            "1. To amend the Treaty as follows:",
            '(a) paragraph 2 of Article 2 shall be worded as follows: "…";',
            '(b) in Article 3 the words "…" shall be deleted;',
            "(c) Article 4 shall be worded as follows:",
            '"Article 4',
            "",
            art_4[0],
            "",
            art_4[1],
            "",
            art_4[2] + '".',
        ]
    )
    path = tmp_path / "cst-protocol.txt"
    path.write_text(text + "\n", encoding="utf-8")
    options = ImportOptions(
        stored.uri, "eng", "2010-12-10", "seed-002", refs=False, generated=date(2026, 1, 1), amends="cst"
    )
    result = import_file(path, options)
    folder = tmp_path / "read"
    folder.mkdir()  # write makes no folders on the way (issue 17)
    write(result, folder / "p.xml")
    root = etree.parse(str(folder / "p.xml")).getroot()
    assert len(xpath(root, "//a:textualMod")) == 3
    from lexcsto.corpus.reader import read_expression

    facts, _ = read_expression(folder / "p.xml")
    read = facts.modifications
    assert [(m.kind, m.source, m.destination, m.old, m.old_unknown, m.new) for m in read] == [
        (m.kind, m.source, m.destination, m.old, m.old_unknown, m.new) for m in hand
    ]
    assert [m.new_provision is None for m in read] == [m.new_provision is None for m in hand]
    assert shape(read[2].new_provision) == shape(hand[2].new_provision)
