"""Token-pattern tests of a word's own text, read from flags set once per word instead of run at every token.

spaCy's Matcher runs a ``REGEX`` or ``IN`` test (``{"LOWER": {"REGEX": "^treat\\w*$"}}``) as a Python call at
every token of every text, once per distinct test: on English prose most of the entity component's time went
there (issue 18), not into the matching itself. A test of ``LOWER`` or ``ORTH`` (``TEXT``) depends on the word
alone, never on where it stands, so it can be a lexeme flag of the vocabulary (``Vocab.add_flag``): worked out
once, when the vocabulary first sees a word, then read by the Matcher in C. :class:`FlagMatcher` is a Matcher
that turns such tests into flags as patterns are added; what it matches, and in what order, is what the
Matcher with the tests would match. ``NORM`` is left as it is: a token may carry a norm of its own (the
tokenizer's exceptions), so it is not the word's alone.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> matcher = FlagMatcher(nlp.vocab)
>>> matcher.add("TREATY", [[{"LOWER": {"REGEX": r"^treat\\w*$"}}, {"TEXT": {"IN": ["on", "of"]}}]])
>>> matcher.get("TREATY")[1]
[[{'FLAG19': True}, {'FLAG20': True}]]
>>> [(s, e) for _, s, e in matcher(nlp("The Treaty on Collective Security; treaties of 1992"))]
[(1, 3), (6, 8)]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import LOWER  # type: ignore[import-not-found]  # a Cython module without type stubs
from spacy.errors import MatchPatternError
from spacy.matcher import Matcher
from spacy.schemas import validate_token_pattern

__all__ = ["FlagMatcher", "WordTest", "flag_pattern"]

# A vocabulary is typed Any here: spaCy's Vocab stubs declare neither lex_attr_getters nor add_flag.

# The flag bits spaCy leaves free and names (FLAG19 .. FLAG63); bits 1-18 are its own IS_* flags.
_FREE_BITS = range(19, 64)


@dataclass(frozen=True)
class WordTest:
    """One ``REGEX`` or ``IN`` test of a word's ``LOWER`` or ``ORTH``, as a lexeme flag getter: called with
    the word's text, as the vocabulary calls its getters. Equal tests are one flag."""

    attr: str  # "LOWER" or "ORTH"
    op: str  # "REGEX" or "IN"
    regex: str = ""
    values: frozenset[str] = frozenset()
    lower: Callable[[str], str] | None = None  # the vocabulary's own LOWER getter, for attr LOWER
    _compiled: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.op == "REGEX":
            object.__setattr__(self, "_compiled", re.compile(self.regex))

    def __call__(self, orth: str) -> bool:
        text = self.lower(orth) if self.lower is not None else orth
        if self._compiled is not None:
            return self._compiled.search(text) is not None  # as spaCy's REGEX: a search, not a full match
        return text in self.values


def _word_test(key: str, value: Any, vocab: Any) -> WordTest | None:
    """The test ``{key: value}`` of one token's spec as a :class:`WordTest`, or None when it is not one
    (another attribute, another operator, several operators, values that are not strings)."""
    attr = "ORTH" if key.upper() == "TEXT" else key.upper()
    if attr not in ("LOWER", "ORTH") or not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    op = str(op).upper()
    getters: dict[int, Any] = vocab.lex_attr_getters
    lower = getters.get(LOWER) if attr == "LOWER" else None
    if attr == "LOWER" and lower is None:
        return None  # no getter: the words' LOWER is not worked out from their text here
    if op == "REGEX" and isinstance(arg, str):
        test = WordTest(attr, op, regex=arg, lower=lower)
    elif op == "IN" and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
        test = WordTest(attr, op, values=frozenset(arg), lower=lower)
    else:
        return None
    # a flag is never set on the empty word (spaCy's EMPTY_LEXEME): a test that passes it stays a test
    return None if test("") else test


def _bit(vocab: Any, test: WordTest) -> int | None:
    """The flag bit of ``test`` in ``vocab``: the one already holding it, else a free one, else None."""
    getters: dict[int, Any] = vocab.lex_attr_getters
    for bit in _FREE_BITS:
        if getters.get(bit) == test:
            return bit
    for bit in _FREE_BITS:
        if bit not in getters:
            flag: int = vocab.add_flag(test, bit)  # sets it on every word seen so far, and on each new one
            return flag
    return None  # every bit taken: the test stays a Python test


def flag_pattern(vocab: Any, pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``pattern`` with every test of a word's own text replaced by its flag in ``vocab``; the rest
    (native attributes, ``OP``, other tests) as it was, in the same order."""
    out: list[dict[str, Any]] = []
    for spec in pattern:
        new: dict[str, Any] = {}
        for key, value in spec.items():
            test = _word_test(key, value, vocab) if isinstance(key, str) else None
            bit = _bit(vocab, test) if test is not None else None
            if bit is None:
                new[key] = value
            else:
                new[f"FLAG{bit}"] = True
        out.append(new)
    return out


class FlagMatcher(Matcher):
    """A Matcher whose patterns' tests of a word's own text are lexeme flags (see the module)."""

    def add(self, key: Any, patterns: Any, *, on_match: Any = None, greedy: Any = None) -> None:
        this: Any = self  # its Cython attributes (vocab, validate) are not in spaCy's stubs
        validate = bool(this.validate)
        if validate and isinstance(patterns, list):
            # spaCy's schema knows no FLAG19: the patterns are checked as written, then added unchecked
            errors = {i: validate_token_pattern(p) for i, p in enumerate(patterns) if isinstance(p, list)}
            if any(errors.values()):
                raise MatchPatternError(key, errors)  # type: ignore[no-untyped-call]
        flagged = [flag_pattern(this.vocab, p) if isinstance(p, list) else p for p in patterns]
        this.validate = False
        try:
            super().add(key, flagged, on_match=on_match, greedy=greedy)
        finally:
            this.validate = validate
