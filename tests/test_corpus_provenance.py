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

import functools
import re
from pathlib import Path

import pytest

import lexcsto
from lexcsto.model import Expression, Fragment, Lines

SEEDS = Path(__file__).parents[1].parent / "shared" / "seeds"
OMISSIS = "[…]"
QUOTES = "\"'“”‘’«»„"
# Running heads of the PDF book (seed 003) that land between lines of body text.
RUNNING_HEADS = frozenset(
    {"Collective Security Treaty Organisation 2002–2009", "Collective Security Treaty Organisation 2002–2012"}
)
# A line-break hyphen in the normalised source: "Se-" + "curity" may be "Se-curity" or "Security".
SOFT = "\x01"

CORPUS = lexcsto.load()
FRAGMENTS = list(CORPUS.fragments())


def is_debris(line: str) -> bool:
    stripped = line.strip()
    return stripped.isdigit() or stripped in RUNNING_HEADS


def normalise_source(lines: list[str], cleans: tuple[tuple[str, str], ...] = ()) -> str:
    """Join source lines: debris dropped, whitespace folded, line-break hyphens marked as optional.

    >>> normalise_source(["the Collective Se-", "51", "curity Council"])
    'the Collective Se\\x01curity Council'
    """
    kept = [" ".join(line.split()) for line in lines if not is_debris(line)]
    text = ""
    for line in kept:
        if not line:
            continue
        if text.endswith("-") and line[:1].isalpha() and text[-2:-1].isalpha():
            text = text[:-1] + SOFT + line
        else:
            text = f"{text} {line}" if text else line
    for old, new in cleans:
        fixed = clean_pattern(old).sub(new.replace("\\", "\\\\"), text)
        assert fixed != text, f"lx:clean {old!r} does not occur in the source"
        text = fixed
    return text


def clean_pattern(old: str) -> re.Pattern[str]:
    """A recorded debris fix, found whether or not a line break fell inside it ("bod3ies" = "bod3 ies")."""
    return re.compile(f"[\\s{SOFT}]?".join(re.escape(ch) for ch in old if not ch.isspace()))


def pattern(piece: str) -> re.Pattern[str]:
    """A piece of fragment text as a regex over the normalised source, where each marked line-break hyphen
    may be kept (the piece has "-" there) or dropped (the piece has nothing there)."""
    parts = [("[-" + SOFT + "]") if ch == "-" else re.escape(ch) for ch in piece]
    return re.compile(f"{SOFT}?".join(parts))


def pieces(text: str) -> list[str]:
    """The pieces of a fragment between omissions, with folded whitespace and outer quotation marks dropped."""
    out = []
    for raw in text.split(OMISSIS):
        piece = " ".join(raw.split()).strip(QUOTES + " ")
        if piece:
            out.append(piece)
    return out


def found(piece: str, source: str) -> bool:
    return pattern(piece).search(source) is not None


@functools.cache
def seed_lines(filename: str) -> list[str]:
    return (SEEDS / filename).read_text(encoding="utf-8").split("\n")


def source_text(filename: str, lines: Lines, cleans: tuple[tuple[str, str], ...]) -> str:
    all_lines = seed_lines(filename)
    assert lines.end <= len(all_lines), f"{filename} has {len(all_lines)} lines, not {lines.end}"
    return normalise_source(all_lines[lines.start - 1 : lines.end], cleans)


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
    assert all(found(p, normalise_source(lines)) for p in pieces(piece)) is ok


def test_matcher_applies_recorded_cleans() -> None:
    for recorded in ("bod3ies", "bod3 ies"):
        source = normalise_source(
            ["functions of the bod3", " ies of the Organisation"], ((recorded, "bodies"),)
        )
        assert found("functions of the bodies of the Organisation", source)
    assert not found("functions of the bodies", normalise_source(["the bod3", "ies"]))
    with pytest.raises(AssertionError, match="does not occur"):
        normalise_source(["the bodies"], (("bod3ies", "bodies"),))


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
    text = source_text(source.filename, fragment.lines, fragment.cleans)
    parts = pieces(fragment.text)
    assert parts, f"{fragment.eid}: a fragment with no text"
    missing = [p for p in parts if not found(p, text)]
    assert missing == [], f"{source.filename} lines {fragment.lines}:\n  {text}"
