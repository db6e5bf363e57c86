"""The heading and numbering patterns of ``lexcsto/data/import_patterns.yaml``, compiled, and the
classification of one line of text.

A line is classified on its own (what it looks like); whether it really starts a unit is decided by the
recogniser, which knows the context (does the previous line end a sentence, is the number the next one).

>>> pats = patterns_for("eng")
>>> pats.classify("Article 4").kind, pats.classify("Art. 3. The Parliamentary Assembly:").num
('article', 'Art. 3.')
>>> pats.classify("Article 12 of the Charter shall apply.").kind
'text'
>>> t = pats.classify("5.1.2. providing assistance")
>>> (t.kind, t.num, t.ident, t.style, t.rest)
('item', '5.1.2.', '5.1.2', 'dec3', 'providing assistance')
>>> pats.classify("b) Examines issues").style, patterns_for("rus").classify("б) рассматривает").style
('latin', 'cyrillic')
>>> patterns_for("rus").classify("Статья 5 Устава ООН").kind
'text'
>>> pats.heading_like("Council of Foreign Ministers"), pats.heading_like("Foreign Ministers.")
(True, False)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from lexcsto.corpus.yamlfiles import load_yaml
from lexcsto.errors import TextImportError

KEYWORD_KINDS = ("part", "chapter", "section", "article")
# Latin letters that look like Cyrillic ones, as typed in Russian lists.
_HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у", "x": "х"}
_SENTENCE_END = re.compile(r"[.;:!?…](?:[\"'”’»)\]]*)\s*$")


@dataclass(frozen=True)
class Token:
    """What a line looks like.

    ``kind`` is ``text``, a keyword kind (``part``, ``chapter``, ``section``, ``article``), ``item``
    (a numbered, lettered or bulleted item), ``final`` (a closing formula such as "Done at") or ``signature``.
    ``num`` is the number as printed; ``ident`` the bare number ("4.1", "a", "II"); ``style`` the kind of
    marker (``dec2`` for "4.1.", ``latin``, ``cyrillic``, ``digit``, ``roman``, ``LATIN``, ``bullet``);
    ``rest`` the text after the number.
    """

    kind: str
    num: str = ""
    ident: str = ""
    style: str = ""
    rest: str = ""


TEXT = Token("text")


def _alternatives(items: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{i})" for i in items) + ")"


class Patterns:
    """Compiled patterns for one language."""

    def __init__(self, data: dict[str, Any], language: str) -> None:
        lang = data["languages"][language]
        numbers = data["numbers"]
        number = f"(?:{numbers['roman']}|{numbers['arabic']})"
        self.language = language
        self.keywords: list[tuple[str, re.Pattern[str]]] = []
        for kind in KEYWORD_KINDS:
            rx = re.compile(
                rf"^(?P<num>{_alternatives(lang[kind])}\s*(?P<n>{number})(?P<dot>\.(?!\d))?)"
                rf"(?:\s*[-–—:]\s*|\s+|$)(?P<rest>.*)$"
            )
            self.keywords.append((kind, rx))
        items = data["items"]
        self.decimal = re.compile(rf"^(?P<num>{items['decimal_dot']})(?:\s+|$)(?P<rest>.*)$")
        self.decimal_bare = re.compile(rf"^(?P<num>{items['decimal_bare']})\s+(?P<rest>.*)$")
        self.paren = re.compile(rf"^(?P<num>{items['paren']})(?:\s+|$)(?P<rest>.*)$")
        self.bullet = re.compile(rf"^(?P<num>{items['bullet']})\s*(?P<rest>.*)$")
        self.citation = frozenset(lang["citation"])
        self.preamble_formula = re.compile(_alternatives(lang["preamble_formula"]), re.IGNORECASE)
        self.final_formula = re.compile("^" + _alternatives(lang["final_formula"]))
        self.signature = re.compile("^" + _alternatives(lang["signature"]))
        self.max_words = int(data["heading"]["max_words"])
        self.max_chars = int(data["heading"]["max_chars"])
        self._seen: dict[str, Token] = {}

    def classify(self, line: str) -> Token:
        """What ``line`` looks like, on its own (cached: the recogniser and the cleaning steps both ask)."""
        token = self._seen.get(line)
        if token is None:
            token = self._seen[line] = self._classify(line)
        return token

    def _classify(self, line: str) -> Token:
        text = " ".join(line.split())
        if not text:
            return TEXT
        for kind, rx in self.keywords:
            m = rx.match(text)
            if m:
                rest = m.group("rest")
                if self._is_citation(rest):
                    return TEXT
                return Token(kind, m.group("num"), m.group("n"), kind, rest)
        m = self.decimal.match(text)
        if m:
            ident = m.group("n")
            return Token("item", m.group("num"), ident, f"dec{ident.count('.') + 1}", m.group("rest"))
        m = self.decimal_bare.match(text)
        if m:
            ident = m.group("n")
            return Token("item", m.group("num"), ident, f"dec{ident.count('.') + 1}", m.group("rest"))
        m = self.paren.match(text)
        if m and m.group("rest"):
            ident = m.group("n")
            if self.language == "rus" and ident in _HOMOGLYPHS:
                # A Latin letter typed for its Cyrillic twin ("a)" among "б)", "в)"): same list, same level.
                return Token("item", m.group("num"), _HOMOGLYPHS[ident], "cyrillic", m.group("rest"))
            return Token("item", m.group("num"), ident, _paren_style(ident), m.group("rest"))
        m = self.bullet.match(text)
        if m and m.group("rest"):
            return Token("item", m.group("num"), "", "bullet", m.group("rest"))
        if self.final_formula.match(text):
            return Token("final", rest=text)
        if self.signature.match(text):
            return Token("signature", rest=text)
        return TEXT

    def _is_citation(self, rest: str) -> bool:
        """Does the text after "Article 12" read as prose ("of the Charter"), not as a heading?"""
        if not rest:
            return False
        first = rest.split()[0]
        if first[0].islower() or first[0] in "(,;[" or first[0].isdigit():
            return True
        return first.rstrip(",.;:") in self.citation

    def is_structural(self, line: str) -> bool:
        """Does ``line`` look like the start of a unit (a heading keyword or an item number)?"""
        return self.classify(line).kind in (*KEYWORD_KINDS, "item")

    def heading_like(self, text: str) -> bool:
        """A short line that starts with a capital letter and does not end a sentence."""
        text = " ".join(text.split())
        if not text or len(text) > self.max_chars or len(text.split()) > self.max_words:
            return False
        if _SENTENCE_END.search(text) or text.endswith((",", "-", "–", "—")):
            return False
        first = text.lstrip("\"'“«(")[:1]
        return first.isupper() and not self.is_structural(text)


def ends_sentence(text: str) -> bool:
    """Does a line end with sentence punctuation (``.`` ``;`` ``:`` ``!`` ``?``, maybe before a quote)?

    >>> ends_sentence("of the Council."), ends_sentence("of the Council"), ends_sentence('"as follows:"')
    (True, False, True)
    """
    return bool(_SENTENCE_END.search(text))


def _paren_style(ident: str) -> str:
    if ident.isdigit():
        return "digit"
    if re.fullmatch(r"[ivx]{2,5}", ident):
        return "roman"
    if re.fullmatch(r"[а-яё]", ident):
        return "cyrillic"
    if ident.isupper():
        return "LATIN"
    return "latin"


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("lexcsto").joinpath("data/import_patterns.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = load_yaml(text, "lexcsto/data/import_patterns.yaml", allow_tags=True)
    return data


@functools.cache
def patterns_for(language: str) -> Patterns:
    """The compiled patterns for ``eng`` or ``rus``."""
    data = _data()
    if language not in data["languages"]:
        raise TextImportError(
            None,
            None,
            f"no import patterns for language {language!r}",
            expected=" or ".join(data["languages"]),
        )
    return Patterns(data, language)
