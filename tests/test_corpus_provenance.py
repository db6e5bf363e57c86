"""Every text fragment of the corpus is found, word for word, in the source file and lines it cites.

The rule of the texts: treaty text comes from a seed file, exactly, with only these normalisations:
whitespace folded; a word hyphenated across a line break joined (either as "X-Y" or as "XY"); PDF debris
dropped (lines that are only a page number or footnote number, running heads); the recorded ``lx:clean``
fixes applied to the source; the quotation marks that open and close a quotation dropped. An
``<omissis/>`` splits a fragment into pieces, each of which must be found. Nothing else may differ.

The seed files are not shipped: they are read from ``../shared/seeds`` beside the checkout, and the
fragment checks are skipped, with the reason, when that folder is absent.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import lexcsto
from lexcsto.corpus.model import Expression, Fragment
from lexcsto.corpus.provenance import (
    check,
    check_fragment,
    found,
    normalise_source,
    pieces,
    read_lines,
    running_heads,
)

SEEDS = Path(__file__).parents[1].parent / "shared" / "seeds"
CORPUS = lexcsto.load()
FRAGMENTS = list(CORPUS.fragments())


def normalise(lines: list[str], cleans: tuple[tuple[str, str], ...] = ()) -> str:
    return normalise_source(lines, cleans, running_heads())


# --------------------------------------------------------------------------------------------- the matcher


@pytest.mark.parametrize(
    ("lines", "piece", "ok"),
    [
        (["If one of the", "States Parties"], "If one of the States Parties", True),
        (["the Collective Se-", "curity Council"], "the Collective Security Council", True),
        (["military-", "political sphere"], "military-political sphere", True),
        (["page one", "17", "page two"], "page one page two", True),
        (["a", "Collective Security Treaty Organisation 2002–2012", "b"], "a b", True),
        (["“If one of the States Parties”"], "If one of the States Parties", True),
        (["If one of the States Parties"], "If one of the State Parties", False),  # one letter
        (["If one of the States Parties"], "If any of the States Parties", False),  # one word
        (["If one of the States Parties"], "If one of the States Parties,", False),  # one comma
        (["military political"], "military-political", False),  # a hyphen no line break explains
        (["the Se-", "curity"], "the Se curity", False),
    ],
)
def test_matcher(lines: list[str], piece: str, ok: bool) -> None:
    assert all(found(p, normalise(lines)) for p in pieces(piece)) is ok


def test_matcher_applies_recorded_cleans() -> None:
    for recorded in ("bod3ies", "bod3 ies"):
        source = normalise(["functions of the bod3", " ies of the Organisation"], ((recorded, "bodies"),))
        assert found("functions of the bodies of the Organisation", source)
    assert not found("functions of the bodies", normalise(["the bod3", "ies"]))
    with pytest.raises(ValueError, match="does not occur"):
        normalise(["the bodies"], (("bod3ies", "bodies"),))


def test_omissis_splits_a_fragment_into_pieces() -> None:
    assert pieces("[…]to establish [a] regional system[…]") == ["to establish [a] regional system"]
    assert pieces("[…]") == []


# --------------------------------------------------------------------------------------------- the corpus


def test_the_corpus_has_fragments_from_every_source() -> None:
    used = {fragment.source for _, fragment in FRAGMENTS}
    assert used >= {"seed-000", "seed-001", "seed-002", "seed-003", "seed-004"}
    assert {s.id for s in CORPUS.sources} >= used


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed files not found at {SEEDS} (they are not shipped)")
@pytest.mark.parametrize(
    ("expression", "fragment"),
    FRAGMENTS,
    ids=[f"{e.key}~{f.eid}" for e, f in FRAGMENTS],
)
def test_fragment_is_in_its_source(expression: Expression, fragment: Fragment) -> None:
    source = CORPUS.source(fragment.source)
    assert source is not None, f"{fragment.source} is not in sources.yaml"
    assert check_fragment(expression, fragment, read_lines(SEEDS / source.filename)) is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed files not found at {SEEDS} (they are not shipped)")
def test_a_changed_word_is_caught() -> None:
    expression, fragment = next(
        (e, f) for e, f in FRAGMENTS if f.eid == "art_4__para_1" and e.source == "seed-004"
    )
    source = SEEDS / CORPUS.source("seed-004").filename  # type: ignore[union-attr]
    forged = replace(fragment, text=fragment.text.replace("aggression", "attack", 1))
    problem = check_fragment(expression, forged, read_lines(source))
    assert problem is not None
    assert "not in the source" in problem.message
    assert problem.path == expression.path


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed files not found at {SEEDS} (they are not shipped)")
def test_the_whole_corpus_checks_clean() -> None:
    assert check(CORPUS, SEEDS) == []
