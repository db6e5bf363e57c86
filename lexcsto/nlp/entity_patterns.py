"""The ``lexcsto_entities`` component and its EntityRuler patterns: names of states, bodies, organisations, parties and
instruments (``entities.yaml``, the instrument registry of :mod:`lexcsto.nlp.instruments`) and date shapes
(``dates.yaml``), as spaCy token patterns; then the titles, the names that run on and the bodies named like
titles of :mod:`lexcsto.nlp.titles`, which replace the entities inside them. spaCy is used here only for its tokenizer, so that a pattern
splits a name the way the pipeline splits the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import spacy
from spacy.attrs import NORM  # type: ignore[import-not-found]  # a Cython module without type stubs
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from lexcsto.corpus.vocabulary import language
from lexcsto.nlp.instruments import Mention, instruments
from lexcsto.nlp.tables import fold, read_table, word_forms
from lexcsto.nlp.titles import named_units, with_titles
from lexcsto.nlp.word_flags import FlagMatcher

__all__ = ["MATCH_ATTR", "SPACY_LANG", "EntityComponent", "doc_text", "entity_patterns", "fold_norms"]

SPACY_LANG = {"eng": "en", "rus": "ru"}
_TEXT_KEY = "lexcsto.text"  # in doc.user_data: the text, joined once per document


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins it from the tokens on every access, which
    costs the components more than their own matching."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):  # a Doc's text never changes (retokenizing keeps it), so once is enough
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


# The token attribute names are matched on. Russian prints ё or е as the writer pleases, so a Russian
# pipeline's NORM is the word folded (lower-cased, ё as е: see _fold_norms) and names match on it; English
# keeps LOWER (its NORM has spaCy's own spellings, "Jan." read as "january").
MATCH_ATTR = {"eng": "LOWER", "rus": "NORM"}


def fold_norms(nlp: Language) -> None:
    """Make the NORM of each new word of ``nlp``'s vocabulary its :func:`fold` (ё read as е)."""
    vocab: Any = nlp.vocab  # spaCy's Vocab stubs do not declare lex_attr_getters
    vocab.lex_attr_getters[NORM] = fold


def _token_pattern(
    phrase: str,
    tokenizer: Callable[[str], Doc],
    exact: bool,
    attr: str = "LOWER",
    forms: Mapping[str, tuple[str, ...]] | None = None,
) -> list[dict[str, Any]]:
    """A name as a token pattern: ``word*`` matches any ending, a word of the lemma table ``forms``
    (forms.yaml) any of its forms; ``exact`` keeps the case; ``attr`` is LOWER, or NORM for a pipeline
    whose norms are folded (ё as е)."""
    forms = forms or {}
    tokens: list[dict[str, Any]] = []
    for word in phrase.split():
        if word.endswith("*") and len(word) > 1:
            stem = word[:-1]
            if "-" in stem or any(not c.isalnum() for c in stem):
                # "государств*-член*": the tokenizer may split at the hyphen; match each piece
                for piece in re.split(r"(-)", word):
                    if piece:
                        tokens.extend(_token_pattern(piece, tokenizer, exact, attr, forms))
                continue
            tokens.append({attr: {"REGEX": rf"^{re.escape(fold(stem))}\w*$"}})
        elif not exact and fold(word) in forms:  # a lemma of forms.yaml: any of its forms
            tokens.append({attr: {"IN": list(forms[fold(word)])}})
        else:
            for tok in tokenizer(word):
                tokens.append({"ORTH": tok.text} if exact else {attr: fold(tok.text)})
    return tokens


def _name_patterns(
    label: str,
    ident: str,
    names: Iterable[str],
    abbrs: Iterable[str],
    tokenizer: Callable[[str], Doc],
    attr: str = "LOWER",
    forms: Mapping[str, tuple[str, ...]] | None = None,
) -> list[dict[str, Any]]:
    forms = forms or {}
    out: list[dict[str, Any]] = []
    for name in names:
        declined = "*" in name or any(fold(w) in forms for w in name.split())
        pattern: str | list[dict[str, Any]] = (
            _token_pattern(name, tokenizer, False, attr, forms) if declined else name
        )
        out.append({"label": label, "pattern": pattern, "id": ident})
    for abbr in abbrs:
        out.append({"label": label, "pattern": _token_pattern(abbr, tokenizer, True), "id": ident})
    return out


def _date_patterns(lang: str) -> list[dict[str, Any]]:
    data = read_table("dates.yaml")
    day = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])$"}}
    year = {"TEXT": {"REGEX": r"^(1[89]|20)\d\d$"}}
    numeric = {"TEXT": {"REGEX": r"^(\d{1,2}[./]\d{1,2}[./](1[89]|20)\d\d|(1[89]|20)\d\d-\d\d(-\d\d)?)$"}}
    years = {"TEXT": {"REGEX": r"^(1[89]|20)\d\d[-–—](1[89]|20)?\d\d$"}}
    words = [w for group in data["months"][lang] for w in group]
    stems = [re.escape(w[:-1].lower()) + r"\w*" for w in words if w.endswith("*")]
    exact = [re.escape(w.lower()) for w in words if not w.endswith("*")]
    month = {"LOWER": {"REGEX": "^(" + "|".join(stems + exact) + ")$"}}
    dot = {"ORTH": ".", "OP": "?"}
    dash = {"ORTH": {"IN": ["-", "–", "—"]}}
    range_words = data.get("range_words") or {}
    opens = [w.lower() for w in (range_words.get("open") or {}).get(lang) or []]
    closes = [w.lower() for w in (range_words.get("close") or {}).get(lang) or []]
    to = {"LOWER": {"IN": [w for w in opens + closes if w not in ("between", "and")]}}
    days = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])[-–—](0?[1-9]|[12]\d|3[01])$"}}  # "18–23" as one token
    # ranges: "October 1-5", "May 18 - 23, 2018", "October 30 - November 2", "18–23 May 2018",
    # "from October 1 to November 2, 2018"; a year, when there is one, with the comma or dot before it
    ranges: list[list[dict[str, Any]]] = [
        [month, dot, day, dash, day],
        [month, dot, day, dash, month, dot, day],
        [to, month, dot, day, to, month, dot, day],
    ]
    day_first: list[list[dict[str, Any]]] = [
        [day, dash, day, month],
        [days, month],
        [day, month, dash, day, month],
        [to, day, month, to, day, month],
        [to, day, to, day, month],
    ]
    shapes: list[list[dict[str, Any]]] = [
        *ranges,
        *([*r, {"ORTH": ","}, year] for r in ranges),
        *day_first,
        *([*r, dot, year] for r in day_first),
        [day, month, dot, year],
        [month, dot, day, {"ORTH": ",", "OP": "?"}, year],
        [month, dot, year],
        [day, month],
        [year],
        [numeric],
        [years],
    ]
    # "between August and October 2009", "From May 17, 2012 to October 2016", «с 2017 по 2018 год»: an
    # opener, a date, a closer, a date
    comma = {"ORTH": ",", "OP": "?"}
    ends: list[list[dict[str, Any]]] = [
        [year],
        [month, year],
        [month],
        [month, dot, day, comma, year],
        [day, month, dot, year],
    ]
    tail = (data.get("year_words") or {}).get(lang)
    if tail:  # «с марта 2015 года по май 2016 года»
        after = {"LOWER": {"IN": [w.lower() for w in tail]}}
        ends += [[year, after], [month, year, after], [day, month, year, after]]
    if opens and closes:
        opener, closer = {"LOWER": {"IN": opens}}, {"LOWER": {"IN": closes}}
        shapes += [[opener, *a, closer, *b] for a in ends for b in ends if b != [month] or a == [month]]
    if tail:
        after = {"LOWER": {"IN": [w.lower() for w in tail]}}
        shapes += [[day, month, year, after], [month, year, after], [year, after]]
        shapes += [
            [days, month, year, after],
            [day, dash, day, month, year, after],
            [to, day, to, day, month, year, after],
        ]

    alone = (data.get("month_alone") or {}).get(lang) or []
    if alone:  # "in June", «в ноябре»
        shapes.append([{"TEXT": {"IN": alone}} if lang == "eng" else {"LOWER": {"IN": alone}}])
        if (
            lang == "eng"
        ):  # "the events of September 11": a day with no year, after a full month name (not "May")
            shapes.append([{"TEXT": {"IN": alone}}, day])
    # "1996-2005", which the tokenizer splits at the hyphen (the opener stays outside, as "from 2001–05"),
    # and "2000-01", its second year in two digits
    shapes.append([year, dash, year])
    shapes.append([year, dash, {"TEXT": {"REGEX": r"^\d\d$"}}])
    listed = (data.get("year_lists") or {}).get(lang) or {}
    if listed.get("joiners") and listed.get("words"):  # «2021 и 2022 годов»
        joined = {"LOWER": {"IN": [str(w).lower() for w in listed["joiners"]]}}
        plural = {"LOWER": {"IN": [str(w).lower() for w in listed["words"]]}}
        shapes.append([year, joined, year, plural])
    decade = {"TEXT": {"REGEX": r"^(1[89]|20)\d0(s|-е)$"}}
    decade_words = (data.get("decade_words") or {}).get(lang)
    shapes.append([decade, {"LOWER": {"IN": decade_words}}] if decade_words else [decade])
    return [{"label": "DATE", "pattern": shape} for shape in shapes]


@functools.cache
def entity_patterns(lang: str) -> tuple[dict[str, Any], ...]:
    """Every EntityRuler pattern of ``lexcsto_entities`` for a language, built from the data files.

    >>> sum(1 for p in entity_patterns("eng") if p["label"] == "INSTRUMENT") > 50
    True
    """
    lang = language(lang)
    tokenizer = spacy.blank(SPACY_LANG[lang]).tokenizer
    data = read_table("entities.yaml")
    affixes = data.get("affixes") or {}
    forms = word_forms(lang)
    patterns: list[dict[str, Any]] = []
    for label in ("STATE", "BODY", "ORG", "PARTIES"):
        for row in data.get(label) or []:
            names = list((row.get(lang) or {}).get("names") or [])
            abbrs = list((row.get(lang) or {}).get("abbr") or [])
            aff = (affixes.get(label) or {}).get(lang) or {}
            for word in aff.get("before") or []:
                names += [f"{word} {n}" for n in names]
                abbrs += [f"{word} {a}" for a in abbrs]
            for word in aff.get("after") or []:
                names += [f"{n} {word}" for n in names]
                abbrs += [f"{a} {word}" for a in abbrs]
            patterns += _name_patterns(
                label,
                row["id"],
                dict.fromkeys(names),
                dict.fromkeys(abbrs),
                tokenizer,
                MATCH_ATTR[lang],
                forms,
            )
    for row in instruments().values():
        patterns += _name_patterns(
            "INSTRUMENT", row.key, row.names[lang], row.abbrs[lang], tokenizer, MATCH_ATTR[lang], forms
        )
    patterns += _date_patterns(lang)
    return tuple(patterns)


@functools.cache
def _org_rules(
    lang: str,
) -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(ids that own nothing, what may follow an owner, what may precede one, a head noun, a head that
    composes only before "of"): entities.yaml ``composed_orgs``."""
    data = read_table("entities.yaml").get("composed_orgs") or {}

    def alternatives(words: list[str]) -> str:
        return (
            "|".join(
                re.escape(h[:-1]) + r"\w*" if h.endswith("*") else re.escape(h)
                for h in sorted(words, key=len, reverse=True)
            )
            or "(?!)"
        )

    own = list((data.get("heads") or {}).get(lang) or [])
    weak = list((data.get("before_only") or {}).get(lang) or [])
    heads, all_heads = alternatives(own), alternatives(own + weak)
    if lang == "eng":
        after = rf"\s+(?:(?:[A-Z][\w-]*\s+){{1,4}}(?:{heads})|[A-Z]{{3,}})(?![\w-])"
        words = r"(?:\s+(?:of|for|on|and|[A-Z][\w-]*))"
        before = rf"(?<![\w-])((?:{all_heads}|[A-Z][\w-]*){words}{{1,8}})\s+of\s+(?:the\s+)?$"
    else:
        after = r"(?!)"
        before = rf"(?<![\w-])((?:[А-ЯЁ][\w-]*\s+)?(?i:{all_heads}))\s+$"  # the head right before its owner
    head = re.compile(
        rf"(?<![\w-])(?i:{all_heads})(?![\w-])" if lang == "rus" else rf"(?<![\w-])(?:{all_heads})(?![\w-])"
    )
    return (
        frozenset(data.get("not_owners") or ()),
        re.compile(after),
        re.compile(before),
        head,
        re.compile(rf"(?:{alternatives(weak)})(?![\w-])"),
    )


_ACRONYM_BEFORE = re.compile(r"(?<![\w-])[A-Z]{2,}\s+$")


def _composed_orgs(doc: Doc, lang: str) -> Doc:
    """ORG entities joined with the head noun that names a body of theirs (``composed_orgs``)."""
    not_owners, after, before, head, weak = _org_rules(lang)
    owners = [e for e in doc.ents if e.label_ == "ORG" and e.ent_id_ not in not_owners]
    if not owners:
        return doc
    text = doc_text(doc)
    spans = []
    for e in owners:
        start, end = e.start_char, e.end_char
        right = after.match(text, end)
        # "IPA ISAF", "CICA CIS CPF": in a list of acronyms the word after an owner is no body of its (it is
        # an entity itself, or the owner follows another acronym)
        if (
            right is not None
            and not any(end <= o.start_char < right.end() for o in doc.ents)
            and not _ACRONYM_BEFORE.search(text, max(0, start - 12), start)
        ):
            end = right.end()
        # "UN Department of Peacekeeping Operations": an ORG named by a head right after its owner
        nxt = next((o for o in doc.ents if o.label_ == "ORG" and o.start_char > end), None)
        if nxt is not None and text[end : nxt.start_char].isspace() and head.match(nxt.text):
            end = nxt.end_char
        left = before.search(text, max(0, start - 120), start)
        if (
            left is not None
            and head.search(left.group(1))
            # "Council of the Inter-Parliamentary Assembly of the CIS": a weak head does not compose with an
            # owner that is a body already
            and not (weak.match(left.group(1)) and head.search(e.text))
        ):
            start = left.start(1)
            if text.startswith("The ", start):  # a sentence's article, not the name
                start += 4
        if (start, end) == (e.start_char, e.end_char):
            continue
        span = doc.char_span(start, end)
        if span is None:
            continue  # not at token edges ("Council.16"): no sure name
        inside = [o for o in doc.ents if span.start <= o.start and o.end <= span.end]
        crossing = [o for o in doc.ents if o.start < span.end and span.start < o.end and o not in inside]
        if all(o.label_ == "ORG" for o in inside) and not crossing:
            spans.append(Span(doc, span.start, span.end, label="ORG", span_id=e.ent_id_))
    if not spans:
        return doc
    spans = filter_spans(spans)
    kept = [e for e in doc.ents if not any(s.start < e.end and e.start < s.end for s in spans)]
    doc.ents = sorted(kept + spans, key=lambda e: e.start)
    return doc


_OPENING_QUOTES = frozenset('«"“„')
_CLOSING_QUOTES = frozenset('»"”“')


def _unquoted_parties(doc: Doc) -> Doc:
    """The parties named in quotes are a name being defined («именуемые в дальнейшем «Стороны»»: a TERM), not
    the parties as a class."""
    ents = doc.ents
    drop = [
        e
        for e in ents
        if e.label_ == "PARTIES"
        and e.start > 0
        and e.end < len(doc)
        and doc[e.start - 1].text in _OPENING_QUOTES
        and doc[e.end].text in _CLOSING_QUOTES
    ]
    if drop:
        doc.ents = [e for e in ents if e not in drop]
    return doc


@functools.cache
def _quoted_title_openers(lang: str) -> tuple[str, ...]:
    return tuple(str(w) for w in (read_table("titles.yaml").get("quoted_titles") or {}).get(lang) or [])


@functools.cache
def _quoted_title_re(lang: str) -> re.Pattern[str] | None:
    openers = _quoted_title_openers(lang)
    if not openers:
        return None
    words = "|".join(re.escape(w) for w in openers)
    opening, closing = (re.escape("".join(sorted(q))) for q in (_OPENING_QUOTES, _CLOSING_QUOTES))
    return re.compile(rf"[{opening}](?P<title>(?:{words})\s+[a-zа-яё][^{closing}\n]{{5,300}}?),?[{closing}]")


def _quoted_titles(doc: Doc, lang: str) -> Doc:
    """titles.yaml ``quoted_titles``: a quoted title opened by "On" is one INSTRUMENT, over what is inside."""
    pattern = _quoted_title_re(lang)
    text = doc.text
    if pattern is None or not any(f"{w} " in text for w in _quoted_title_openers(lang)):
        return doc  # no opener and a space in the text (the common case): the pattern is not run
    spans = []
    for m in pattern.finditer(text):
        span = doc.char_span(m.start("title"), m.end("title"), label="INSTRUMENT", alignment_mode="contract")
        if span is not None and len(span):
            spans.append(span)
    if spans:
        kept = [e for e in doc.ents if not any(s.start < e.end and e.start < s.end for s in spans)]
        doc.ents = sorted(kept + spans, key=lambda e: e.start)
    return doc


class EntityComponent(EntityRuler):
    """An EntityRuler that loads its own patterns and keeps them through ``nlp.initialize()``.

    spaCy's ``EntityRuler.initialize`` clears the patterns and adds only those passed to it, so a
    pipeline initialised after its patterns were added would find nothing (toolchain-probe §5.1).
    """

    def __init__(self, nlp: Language, name: str, lang: str) -> None:
        if MATCH_ATTR[lang] == "NORM":
            fold_norms(nlp)  # before any pattern is read, so that the patterns' words are folded too
        super().__init__(nlp, name, phrase_matcher_attr=MATCH_ATTR[lang], overwrite_ents=False)
        self.matcher = self._flag_matcher()
        self.lang = lang
        self.add_patterns(list(entity_patterns(lang)))

    def _flag_matcher(self) -> FlagMatcher:
        # the token patterns' tests of a word's own text read from flags set once per word (word_flags.py):
        # the same matches, without a Python call per token and test, which was most of the time here
        return FlagMatcher(self.nlp.vocab, validate=self._validate, fuzzy_compare=self.matcher_fuzzy_compare)

    def clear(self) -> None:
        super().clear()
        self.matcher = self._flag_matcher()

    def __call__(self, doc: Doc) -> Doc:
        return _quoted_titles(
            _unquoted_parties(_composed_orgs(self._titled(super().__call__(doc)), self.lang)), self.lang
        )

    def _titled(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        instruments_found = [
            Mention(e.text, e.start_char, e.end_char, e.ent_id_, None)
            for e in ents
            if e.label_ == "INSTRUMENT"
        ]
        text = doc_text(doc)
        named = with_titles(text, instruments_found, self.lang)
        units = named_units(text, self.lang)
        if not units and [(m.start, m.end) for m in named] == [(m.start, m.end) for m in instruments_found]:
            return doc
        # titles, names run on and bodies named like titles (titles.py) replace the entities inside them
        spans = []
        for m in named:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:  # the key is the entity's id (ent_id_), as the EntityRuler sets it
                for token in span:  # a span without an id takes its tokens' ("SCO" in "SCO Charter")
                    token.ent_id_ = m.instrument
                spans.append(Span(doc, span.start, span.end, label="INSTRUMENT", span_id=m.instrument))
        for start, end, label in units:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and not any(s.start <= span.start and span.end <= s.end for s in spans):
                spans = [s for s in spans if not (span.start <= s.start and s.end <= span.end)]
                spans.append(Span(doc, span.start, span.end, label=label))
        # a title inside a longer name of another kind is part of that name («Организация Договора о
        # коллективной безопасности» is the organisation, not the treaty)
        others = [e for e in ents if e.label_ != "INSTRUMENT"]
        spans = [
            s
            for s in filter_spans(spans)
            if not any(e.start <= s.start and s.end <= e.end and len(e) > len(s) for e in others)
        ]
        kept = [
            e
            for e in ents
            if e.label_ != "INSTRUMENT" and not any(s.start < e.end and e.start < s.end for s in spans)
        ]
        doc.ents = sorted(kept + spans, key=lambda e: e.start)
        return doc

    # Plain Any: spaCy validates this signature with pydantic, which cannot see this module's imports.
    def initialize(self, get_examples: Any, *, nlp: Any = None, patterns: Any = None) -> None:
        super().initialize(get_examples, nlp=nlp, patterns=list(patterns or entity_patterns(self.lang)))
