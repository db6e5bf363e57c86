"""Rule-based NLP for CSTO legal text: blank spaCy pipelines (``en``, ``ru``) and four components.

==================== =============================================================================
component            what it marks
==================== =============================================================================
``lexcsto_entities`` ``doc.ents``: STATE, BODY, ORG, PARTIES, INSTRUMENT, DATE (an EntityRuler whose
                     patterns come from ``lexcsto/data/nlp/{entities,instruments,dates}.yaml``)
``lexcsto_refs``     ``doc.spans["lexcsto_refs"]``: REF, one span per citation, with ``span._.hrefs``
                     (every provision cited), ``_.href`` (the first), ``_.eid``, ``_.upto``,
                     ``_.instrument``, ``_.cited`` (see :mod:`lexcsto.nlp.references`), checked against a
                     corpus (config ``corpus``: ``bundled``, a corpus folder, or ``""`` for none)
``lexcsto_terms``    ``doc.spans["lexcsto_terms"]``: TERM, the words a text defines, ``span._.kind``
                     ``short`` / ``definition`` / ``abbreviation`` (``terms.yaml``)
``lexcsto_modality`` ``doc.spans["lexcsto_modality"]``: OBLIGATION, PERMISSION, PROHIBITION markers
                     (``modality.yaml``)
==================== =============================================================================

Each is a spaCy factory, declared as an entry point, so any pipeline can take it:

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("lexcsto_refs")
>>> doc = nlp("Article 51 of the UN Charter")
>>> [(s.text, s._.href) for s in doc.spans["lexcsto_refs"]]
[('Article 51 of the UN Charter', '/akn/un/act/charter/1945-06-26/un-charter/!main~art_51')]

:func:`tag` runs the whole pipeline and returns plain values:

>>> [(a.label, a.text) for a in tag("The Collective Security Council (hereafter – CSC) shall meet.")]
[('BODY', 'Collective Security Council'), ('BODY', 'CSC'), ('TERM', 'CSC'), ('OBLIGATION', 'shall')]
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import asdict, dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_suffix_regex, filter_spans

from lexcsto.corpus.queries import Corpus, load_corpus
from lexcsto.corpus.vocabulary import language
from lexcsto.errors import LoadError
from lexcsto.nlp import modality
from lexcsto.nlp import references as refs
from lexcsto.nlp.entity_patterns import SPACY_LANG, EntityComponent, doc_text
from lexcsto.nlp.instruments import mention_href
from lexcsto.nlp.tables import fold, read_table
from lexcsto.nlp.terms import find_terms

ENTITY_LABELS = ("STATE", "BODY", "ORG", "PARTIES", "INSTRUMENT", "DATE")
MODALITY_LABELS = ("OBLIGATION", "PERMISSION", "PROHIBITION")
LABELS = (*ENTITY_LABELS, "REF", "TERM", *MODALITY_LABELS)
COMPONENTS = ("lexcsto_entities", "lexcsto_refs", "lexcsto_terms", "lexcsto_modality")
REFS_KEY = "lexcsto_refs"
TERMS_KEY = "lexcsto_terms"
MODALITY_KEY = "lexcsto_modality"

for _attr in ("href", "hrefs", "eid", "upto", "instrument", "via", "kind", "cited"):
    if not Span.has_extension(_attr):
        Span.set_extension(_attr, default=None)
if not Doc.has_extension("lexcsto_context"):
    # the instrument a text belongs to, for bare references ("Art. 51"); see refs.find_references
    Doc.set_extension("lexcsto_context", default=None)


def _pipeline_lang(nlp: Language, configured: str) -> str:
    """The pattern language of a component: as configured, else the pipeline's own (``en`` -> ``eng``),
    else English, so that the components work in a pipeline of any language."""
    if configured:
        return language(configured)
    return {"en": "eng", "ru": "rus"}.get(nlp.lang or "", "eng")


# ----------------------------------------------------------------------------------- components


@functools.cache
def reference_corpus(where: str = "bundled") -> Corpus | None:
    """The corpus references are resolved against: ``bundled`` (the corpus that comes with lexcsto),
    a corpus folder, or ``""`` for none. Read once per process; a bundled corpus that cannot be read
    means none (references are then resolved from the pattern tables alone)."""
    if not where:
        return None
    if where == "bundled":
        try:
            return load_corpus()
        except LoadError:
            return None
    return load_corpus(where)


class RefsComponent:
    """Marks provision references (REF) with their resolved href and eId.

    With a corpus, a reference into a part of a work (the 2003 Provisions on each body) resolves to the
    cited item when the corpus has it, else to the part; without one, to the part.
    """

    def __init__(self, lang: str, context: str | None, corpus: str = "bundled") -> None:
        self.lang = lang
        self.context = context
        self.corpus = corpus

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.lexcsto_context or self.context
        spans = []
        found = refs.find_citations(doc_text(doc), self.lang, context, reference_corpus(self.corpus))
        for citation in found:
            # one span per citation: "Articles 2 and 4 of the Treaty" is one REF with two targets
            span = doc.char_span(citation.start, citation.end, label="REF", alignment_mode="expand")
            if span is None:
                continue
            ref = citation.first
            ext = span._  # one accessor object, not one per attribute
            ext.href, ext.eid, ext.upto = ref.href, ref.eid, ref.upto
            ext.hrefs = list(citation.hrefs)
            ext.instrument, ext.via, ext.cited = ref.instrument, ref.via, ref.cited
            spans.append(span)
        doc.spans[REFS_KEY] = spans
        return doc


class TermsComponent:
    """Marks defined terms (TERM), with ``span._.kind``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for start, end, kind in find_terms(doc_text(doc), self.lang):
            span = doc.char_span(start, end, label="TERM", alignment_mode="expand")
            if span is not None:
                span._.kind = kind
                spans.append(span)
        doc.spans[TERMS_KEY] = spans
        return doc


# Entities that can hold a permission: "may" after one of them is deontic (lexcsto.nlp.modality).
_AGENT_LABELS = ("STATE", "BODY", "ORG", "PARTIES")


class ModalityComponent:
    """Marks obligation, permission and prohibition markers; the longest marker wins where two overlap;
    "may"/«может» is a permission only where :mod:`lexcsto.nlp.modality` says it grants one."""

    def __init__(self, nlp: Language, lang: str) -> None:
        self.lang = lang
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        table = read_table("modality.yaml")
        for label in (*MODALITY_LABELS, "EPISTEMIC"):
            phrases = (table.get(label) or {}).get(lang) or []
            self.matcher.add(label, [nlp.make_doc(p) for p in phrases])

    def __call__(self, doc: Doc) -> Doc:
        dates = [e for e in doc.ents if e.label_ == "DATE"]
        spans = [
            Span(doc, start, end, label=label)
            for label, start, end in self.matcher(doc)
            if not any(d.start < end and start < d.end for d in dates)
        ]
        # an epistemic phrase ("this may") outranks the marker inside it, then goes: it is no marker
        kept = [s for s in filter_spans(spans) if s.label_ != "EPISTEMIC"]
        weighed = modality.weighed_modals(self.lang)
        if any(s.label_ == "PERMISSION" and fold(s.text) in weighed for s in kept):
            text = doc_text(doc)
            agents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _AGENT_LABELS]
            kept = [
                s
                for s in kept
                if s.label_ != "PERMISSION"
                or fold(s.text) not in weighed
                or modality.grants_permission(text, s.start_char, s.end_char, self.lang, agents)
            ]
        doc.spans[MODALITY_KEY] = kept
        return doc


@Language.factory("lexcsto_entities", default_config={"lang": ""})
def make_entity_component(nlp: Language, name: str, lang: str) -> EntityComponent:
    """STATE, BODY, ORG, PARTIES, INSTRUMENT and DATE entities from the pattern files."""
    return EntityComponent(nlp, name, _pipeline_lang(nlp, lang))


@Language.factory("lexcsto_refs", default_config={"lang": "", "context": None, "corpus": "bundled"})
def make_refs_component(
    nlp: Language,
    name: str,  # noqa: ARG001 (spaCy's factory signature)
    lang: str,
    context: str | None,
    corpus: str,
) -> RefsComponent:
    """References to provisions, resolved to AKN hrefs; ``context`` is the instrument in hand, ``corpus``
    what they are checked against (``bundled``, a corpus folder, or ``""``)."""
    return RefsComponent(_pipeline_lang(nlp, lang), context, corpus)


@Language.factory("lexcsto_terms", default_config={"lang": ""})
def make_terms_component(nlp: Language, name: str, lang: str) -> TermsComponent:  # noqa: ARG001 (spaCy's)
    """Defined terms: "(hereafter – CSSC)", "“aggression” means", "Treaty on Collective Security (TCS)"."""
    return TermsComponent(_pipeline_lang(nlp, lang))


@Language.factory("lexcsto_modality", default_config={"lang": ""})
def make_modality_component(nlp: Language, name: str, lang: str) -> ModalityComponent:  # noqa: ARG001 (spaCy's)
    """Obligation, permission and prohibition markers."""
    return ModalityComponent(nlp, _pipeline_lang(nlp, lang))


# ----------------------------------------------------------------------------------- the pipeline


def _tune_tokenizer(nlp: Language) -> None:
    """Split what PDF-extracted legal text glues together: brackets ("1b).47", "(CSC)<b>"), a year and
    the footnote number after it ("2003.89"), and a dash glued to a word ("Council (CMFA)- a body")."""
    tokenizer: Any = nlp.tokenizer  # a spacy.tokenizer.Tokenizer (a Cython class without type stubs)
    infixes = [*(nlp.Defaults.infixes or ()), r"[()\[\]<>]", r"(?<=\d{4})\.(?=\d)"]
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[\w)])-"]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


@functools.cache
def pipeline(lang: str = "eng") -> Language:
    """The blank spaCy pipeline with the four lexcsto components, built once per language.

    >>> pipeline("rus").pipe_names
    ['lexcsto_entities', 'lexcsto_refs', 'lexcsto_terms', 'lexcsto_modality']
    """
    nlp = spacy.blank(SPACY_LANG[language(lang)])
    _tune_tokenizer(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


# spaCy strips prefixes and suffixes from a whitespace-free chunk one at a time, searching the whole rest
# of the chunk each time: quadratic in the chunk's length ("(" * 8000 took 46 s). No word of a treaty is
# this long; a chunk that is is cut here into its punctuation marks and pieces of at most this many word
# characters, so that the time grows linearly with the text (issue 19).
LONG_CHUNK = 200
_LONG = re.compile(rf"\S{{{LONG_CHUNK + 1},}}")
_PIECES = re.compile(rf"\w{{1,{LONG_CHUNK}}}|\W", re.UNICODE)


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, except that whitespace-free chunks over :data:`LONG_CHUNK` characters are
    split linearly instead of by spaCy's affix rules; the Doc's text is ``text`` exactly.

    >>> doc = make_doc(pipeline("eng"), "(" * 300 + "Article 4" + ")" * 300 + " and Article 5.")
    >>> doc.text == "(" * 300 + "Article 4" + ")" * 300 + " and Article 5.", len(doc)
    (True, 606)
    """
    if _LONG.search(text) is None:
        # The tokenizer itself, not nlp.make_doc: that refuses a text over nlp.max_length (1,000,000
        # characters) with a ValueError, a guard for the parser's and NER's memory, neither of which this
        # pipeline has; every lexcsto component grows linearly with the tokens (benchmarks/bench_nlp_growth.py).
        doc: Doc = nlp.tokenizer(text)
        return doc
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for long in _LONG.finditer(text):
        _spacy_tokens(nlp, text[pos : long.start()], words, spaces)
        for piece in _PIECES.finditer(long.group()):
            words.append(piece.group())
            spaces.append(False)
        pos = long.end()
    _spacy_tokens(nlp, text[pos:], words, spaces)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _spacy_tokens(nlp: Language, region: str, words: list[str], spaces: list[bool]) -> None:
    if not region:
        return
    if words and not spaces[-1] and region.startswith(" "):
        # the space right after a long chunk belongs to its last piece, as spaCy would attach it
        spaces[-1] = True
        region = region[1:]
        if not region:
            return
    for token in nlp.tokenizer(region):
        words.append(token.text)
        spaces.append(bool(token.whitespace_))


def process(text: str, lang: str = "eng", context: str | None = None) -> Doc:
    """Run the pipeline on ``text``; ``context`` names the instrument bare references point into."""
    nlp = pipeline(language(lang))
    doc = make_doc(nlp, text)
    doc._.lexcsto_context = context
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


@dataclass(frozen=True)
class Found:
    """One thing the pipeline found: a label and a character span, plus what the label carries.

    ``href``/``eid``/``upto``/``instrument`` are set for REF (``href`` also for INSTRUMENT when the
    instrument is a work of the corpus or a part of one); ``cited`` is the provision as a REF into a part
    of a work numbers it (see :class:`lexcsto.nlp.references.Reference`); ``kb_id`` is the entity's id (state code,
    body, instrument key); ``kind`` the way a TERM is defined.
    """

    label: str
    text: str
    start: int
    end: int
    href: str | None = None
    eid: str | None = None
    upto: str | None = None
    instrument: str | None = None
    kb_id: str = ""
    kind: str = ""
    cited: str | None = None
    hrefs: tuple[str, ...] = ()  # REF: every provision cited, ranges expanded; ``href`` is the first

    def to_json(self) -> dict[str, Any]:
        """The JSON object ``lexcsto tag --json`` prints: empty fields left out, except ``href``
        (and ``eid``) of a REF, which are always there, null when unresolved."""
        out = {k: v for k, v in asdict(self).items() if v not in (None, "", ())}
        if "hrefs" in out:
            out["hrefs"] = list(self.hrefs)
        if self.label == "REF":
            out.setdefault("href", None)
            out.setdefault("eid", None)
        return out


def found_in(doc: Doc) -> list[Found]:
    """Everything the lexcsto components marked in ``doc``, in text order."""
    out: list[Found] = []
    text = doc_text(doc)
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        href = (
            mention_href(ent.ent_id_, text, ent.start_char, ent.end_char)
            if ent.label_ == "INSTRUMENT" and ent.ent_id_  # "": a title outside the registry
            else None
        )
        out.append(Found(ent.label_, ent.text, ent.start_char, ent.end_char, href=href, kb_id=ent.ent_id_))
    for span in doc.spans.get(REFS_KEY, []):
        out.append(
            Found(
                "REF",
                span.text,
                span.start_char,
                span.end_char,
                span._.href,
                span._.eid,
                span._.upto,
                span._.instrument,
                cited=span._.cited,
                hrefs=tuple(span._.hrefs or ()),
            )
        )
    for span in doc.spans.get(TERMS_KEY, []):
        out.append(Found("TERM", span.text, span.start_char, span.end_char, kind=span._.kind or ""))
    for span in doc.spans.get(MODALITY_KEY, []):
        out.append(Found(span.label_, span.text, span.start_char, span.end_char))
    out.sort(key=lambda f: (f.start, -f.end, LABELS.index(f.label)))
    return out


def tag(text: str, lang: str = "eng", context: str | None = None) -> list[Found]:
    """Run the pipeline and return what it found, in text order.

    >>> [(a.label, a.text, a.href) for a in tag("статья 51 Устава ООН", "rus") if a.label == "REF"]
    [('REF', 'статья 51 Устава ООН', '/akn/un/act/charter/1945-06-26/un-charter/!main~art_51')]
    """
    return found_in(process(text, lang, context))


def __getattr__(name: str) -> Any:
    # One release of grace for the old verb: "annotate" now means only what the annotations package does.
    if name == "annotate":
        warnings.warn("lexcsto.nlp.pipeline.annotate is now tag", DeprecationWarning, stacklevel=2)
        return tag
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
