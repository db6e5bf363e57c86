"""Round trip, property-tested: a generated treaty imported from text, written as AKN, read back, rendered
as text and imported again gives the same structure and text, and the same XML.

    doc --render--> text0 --import--> AKN0 --read--> doc0 --render--> text1 --import--> AKN1

The invariants: doc0 has the structure and text of doc (the importer recovers what was printed), text1 is
text0, and AKN1 is AKN0 after canonicalisation. Texts are generated in English and in Russian, in both
layouts the importer knows (articles with keywords; CIS-style sections of numbered items).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from import_support import canonical, run, schema_errors

from lexcsto.importer import akn_reader
from lexcsto.importer.render import to_text
from lexcsto.importer.tree import Block, Document, Unit

WORDS = {
    "eng": [
        "parties",
        "shall",
        "consult",
        "each",
        "other",
        "on",
        "matters",
        "of",
        "collective",
        "security",
        "and",
        "report",
        "the",
        "measures",
        "taken",
        "by",
        "member",
        "states",
        "within",
        "the",
        "framework",
        "of",
        "cooperation",
        "defence",
        "council",
        "secretariat",
    ],
    "rus": [
        "стороны",
        "проводят",
        "консультации",
        "по",
        "вопросам",
        "коллективной",
        "безопасности",
        "и",
        "сообщают",
        "о",
        "мерах",
        "принятых",
        "государствами",
        "членами",
        "в",
        "рамках",
        "сотрудничества",
        "обороны",
        "совета",
        "секретариата",
    ],
}
CAPITALS = {
    "eng": ["The", "Each", "Member", "States", "Council", "Secretariat", "Parties"],
    "rus": ["Стороны", "Каждая", "Государства", "Совет", "Секретариат", "Члены"],
}
KEYWORDS = {"eng": ("Article", "Chapter"), "rus": ("Статья", "Глава")}
LETTERS = {"eng": "abcdefgh", "rus": "абвгдежз"}
FORMULA = {"eng": "have agreed as follows:", "rus": "согласились о нижеследующем:"}
FINAL = {
    "eng": "Done at Testville on 1 January 2001.",
    "rus": "Совершено в городе Проверка 1 января 2001 года.",
}
SIGNATURE = {"eng": "For the Republic of", "rus": "За Республику"}
ROMAN = ["I", "II", "III", "IV", "V"]

_B = Block("", 0, 0)


def block(text: str, kind: str = "p") -> Block:
    return Block(text, 0, 0, kind)


@st.composite
def sentence(draw: st.DrawFn, lang: str, end: str = ".", lower: bool = False) -> str:
    words = draw(st.lists(st.sampled_from(WORDS[lang]), min_size=2, max_size=12))
    first = draw(st.sampled_from(WORDS[lang])) if lower else draw(st.sampled_from(CAPITALS[lang]))
    return " ".join([first, *words]) + end


@st.composite
def heading(draw: st.DrawFn, lang: str) -> str:
    words = draw(st.lists(st.sampled_from(WORDS[lang]), min_size=0, max_size=3))
    return " ".join([draw(st.sampled_from(CAPITALS[lang])), *words])


@st.composite
def lettered(draw: st.DrawFn, lang: str) -> tuple[Unit, ...]:
    n = draw(st.integers(1, 4))
    return tuple(
        Unit(
            "point",
            f"{LETTERS[lang][k]})",
            None,
            (block(draw(sentence(lang, ";" if k < n - 1 else ".", True))),),
        )
        for k in range(n)
    )


@st.composite
def keyword_article(draw: st.DrawFn, lang: str, number: int) -> Unit:
    num = f"{KEYWORDS[lang][0]} {number}"
    head = block(draw(heading(lang))) if draw(st.booleans()) else None
    shape = draw(st.sampled_from(["one", "paragraphs", "numbered", "items"]))
    if shape == "one":
        return Unit("article", num, head, (block(draw(sentence(lang))),))
    if shape == "paragraphs":
        n = draw(st.integers(2, 3))
        paras = [Unit("paragraph", "", None, (block(draw(sentence(lang))),)) for _ in range(n)]
        if draw(st.booleans()):
            last = Unit("paragraph", "", None, (block(draw(sentence(lang, ":"))),), draw(lettered(lang)))
            paras[-1] = last
        return Unit("article", num, head, (), tuple(paras))
    if shape == "numbered":
        n = draw(st.integers(1, 3))
        paras = []
        for k in range(1, n + 1):
            if draw(st.booleans()):
                paras.append(
                    Unit(
                        "paragraph", f"{k}.", None, (block(draw(sentence(lang, ":"))),), draw(lettered(lang))
                    )
                )
            else:
                paras.append(Unit("paragraph", f"{k}.", None, (block(draw(sentence(lang))),)))
        return Unit("article", num, head, (), tuple(paras))
    return Unit("article", num, head, (block(draw(sentence(lang, ":"))),), draw(lettered(lang)))


@st.composite
def decimal_article(draw: st.DrawFn, lang: str, number: int) -> Unit:
    points = []
    for k in range(1, draw(st.integers(1, 4)) + 1):
        num = f"{number}.{k}."
        if draw(st.integers(0, 3)) == 0:
            subs = tuple(
                Unit("point", f"{number}.{k}.{m}.", None, (block(draw(sentence(lang, ";", True))),))
                for m in range(1, draw(st.integers(1, 3)) + 1)
            )
            points.append(Unit("point", num, None, (block(draw(sentence(lang, ":"))),), subs))
        else:
            points.append(Unit("point", num, None, (block(draw(sentence(lang))),)))
    return Unit("article", f"{number}.", None, (block(draw(sentence(lang, ":"))),), tuple(points))


@st.composite
def documents(draw: st.DrawFn, lang: str) -> Document:
    title = (block(draw(heading(lang)).upper()),) if draw(st.booleans()) else ()
    preamble: tuple[Block, ...] = ()
    if draw(st.booleans()):
        preamble = (block(draw(sentence(lang, ","))), block(FORMULA[lang], "formula"))
    if draw(st.booleans()):
        n = draw(st.integers(1, 4))
        articles = [draw(keyword_article(lang, k)) for k in range(1, n + 1)]
        if draw(st.booleans()) and n >= 2:
            split = draw(st.integers(1, n - 1))
            groups = [articles[:split], articles[split:]]
            body = tuple(
                Unit("chapter", f"{KEYWORDS[lang][1]} {ROMAN[k]}", block(draw(heading(lang))), (), tuple(g))
                for k, g in enumerate(groups)
            )
        else:
            body = tuple(articles)
    else:
        sections = []
        for _ in range(draw(st.integers(2, 3))):
            start = draw(st.integers(1, 5))
            arts = tuple(draw(decimal_article(lang, start + k)) for k in range(draw(st.integers(1, 2))))
            sections.append(Unit("section", "", block(draw(heading(lang))), (), arts))
        body = tuple(sections)
    conclusions: tuple[Block, ...] = ()
    if draw(st.booleans()):
        signers = draw(
            st.lists(st.sampled_from(["Alpha", "Beta", "Gamma"]), min_size=0, max_size=2, unique=True)
        )
        conclusions = (block(FINAL[lang]), *(block(f"{SIGNATURE[lang]} {s}", "signature") for s in signers))
    return Document(title, preamble, body, conclusions)


def _import(text: str, lang: str, folder: Path, name: str) -> bytes:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return run(path, lang).xml


def _round_trip(doc: Document, lang: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text0 = to_text(doc)
        akn0 = _import(text0, lang, folder, "text0.txt")
        assert schema_errors(akn0) == []
        doc0 = akn_reader.read_bytes(akn0)
        assert doc0.shape() == doc.shape()
        text1 = to_text(doc0)
        assert text1 == text0
        akn1 = _import(text1, lang, folder, "text1.txt")
        assert canonical(akn1) == canonical(akn0)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(documents("eng"))
def test_round_trip_english(doc: Document) -> None:
    _round_trip(doc, "eng")


@settings(derandomize=True, max_examples=40, deadline=None)
@given(documents("rus"))
def test_round_trip_russian(doc: Document) -> None:
    _round_trip(doc, "rus")
