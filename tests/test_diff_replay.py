"""Replay: applying a redline's operations to the old text gives the new text, exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexcsto.compare.alignment import diff_provisions
from lexcsto.compare.classification import load_glossary
from lexcsto.compare.operations import Op, apply_ops, diff_text
from lexcsto.compare.tokens import diff_tokens, tokenize
from lexcsto.corpus.model import Provision
from lexcsto.errors import DiffError

GLOSSARY = load_glossary()

# Words, glossary renderings, punctuation and odd whitespace, so that edits hit every path of the engine.
WORDS = st.sampled_from(
    [
        "States",
        "Parties",
        "participating",
        "states",
        "the",
        "of",
        "aggression",
        "by",
        "any",
        "armed",
        "attack",
        "immediately",
        "UN",
        "Charter",
        "Article",
        "51",
        "Art",
        "then",
        "this",
        "will",
        "be",
        "considered",
        "as",
        "государства",
        "участники",
        "[…]",
        "(",
        ")",
        ",",
        ".",
        "“",
        "”",
        "-",
        "–",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\xa0",
    ]
)
TEXT = st.lists(WORDS, max_size=60).map(lambda ws: " ".join(ws))


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a copy with random insertions, deletions and replacements of tokens."""
    old = draw(TEXT)
    toks = tokenize(old)
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(toks)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert" or not toks:
            toks[at:at] = [draw(WORDS), " "]
        elif action == "delete":
            del toks[min(at, len(toks) - 1)]
        else:
            toks[min(at, len(toks) - 1)] = draw(WORDS)
    return old, "".join(toks)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(edited())
def test_replay_gives_the_new_text(pair: tuple[str, str]) -> None:
    old, new = pair
    for glossary in (None, GLOSSARY):
        ops = diff_text(old, new, glossary=glossary)
        assert apply_ops(old, ops) == new
        assert "".join(o.text for o in ops if o.op != "insert") == old
        assert all(o.kind in ("substantive", "wording", "unknown") for o in ops if o.op != "equal")


@settings(derandomize=True, max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_replay_between_unrelated_texts(old: str, new: str) -> None:
    assert apply_ops(old, diff_text(old, new, glossary=GLOSSARY)) == new


@settings(derandomize=True, max_examples=200, deadline=None)
@given(edited())
def test_word_mode_never_cuts_a_word(pair: tuple[str, str]) -> None:
    old, new = pair
    a, b = tokenize(old), tokenize(new)
    assert "".join(a) == old
    runs = diff_tokens(a, b)
    assert [t for op, ts in runs if op != 1 for t in ts] == a
    assert [t for op, ts in runs if op != -1 for t in ts] == b


PARA = st.builds(
    lambda n, text, omitted: Provision(
        f"art_1__para_{n}", "paragraph", text="" if omitted else text, omitted=omitted
    ),
    st.integers(1, 6),
    TEXT.filter(bool),
    st.booleans(),
)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(
    st.lists(PARA, max_size=5, unique_by=lambda p: p.eid),
    st.lists(PARA, max_size=5, unique_by=lambda p: p.eid),
)
def test_replay_across_provisions(old: list[Provision], new: list[Provision]) -> None:
    """Added, removed, moved and omitted paragraphs: the redline still replays full_text to full_text."""
    a = Provision("art_1", "article", children=tuple(old))
    b = Provision("art_1", "article", children=tuple(new))
    changes, ops = diff_provisions([a], [b], glossary=GLOSSARY)
    assert apply_ops(a.full_text, ops) == b.full_text
    for c in changes:
        for o in c.ops:
            if o.op != "equal" and "[text not in the sources" in o.text:
                assert o.kind == "unknown"


def test_replay_refuses_a_redline_of_another_text() -> None:
    ops = diff_text("will provide", "will immediately provide")
    with pytest.raises(DiffError, match="does not fit"):
        apply_ops("shall provide", ops)
    with pytest.raises(DiffError, match="stops at offset"):
        apply_ops("will provide it", ops)
    with pytest.raises(DiffError, match="unknown operation"):
        apply_ops("x", [Op("keep", "x")])
