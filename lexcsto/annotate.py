"""The annotation store: commentary, notes and discrepancies attached to provisions, and their anchoring.

Annotations live in ``annotations/*.yaml``, files a person edits by hand. Each annotation points at a
provision (work + eId) of the expression it was written against, optionally narrowed by a quote selector
(prefix / exact / suffix, as in the W3C Web Annotation ``TextQuoteSelector``), and carries a Markdown body,
a kind, the sources it cites (source id + lines, with an optional short quotation) and tags. A file is a
mapping with ``annotations:`` (the list) and, optionally, ``shared:``, a place for YAML anchors that the
annotations merge (``target: {<<: *cst1992, eid: art_4}``), so that a long expression URI is written once.

>>> ann = Annotation(
...     id="cst-art-4-example",
...     kind="commentary",
...     target=Target(work="cst", eid="art_4",
...                   expression="/akn/aa-csto/act/treaty/1992-05-15/cst/eng@1992-05-15",
...                   source="seed-004", quote=Quote(exact="aggression")),
...     body="Source 003 reads the article as a mutual-defence clause.",
...     sources=(Citation("seed-003", Lines(291, 293)),),
... )
>>> ann.target.work_uri
'/akn/aa-csto/act/treaty/1992-05-15/cst'

**Anchoring.** :func:`anchor` resolves every annotation in every expression of its work (every version
and every translation), and gives each pair one status:

``anchored``
    the quoted words are in the annotated provision (or its sub-provisions); an annotation without a
    quote (a *provision-level* annotation: about a provision, not about words of it) is ``anchored`` in
    every expression that has the provision, whether or not its text is quoted there. ``level`` says which.
``fuzzy``
    no exact occurrence, but an approximate one in the annotated provision (``score`` >= 80).
``moved``
    found (exactly or approximately) in another provision of the same expression; ``eid`` says where.
``not-in-source``
    this expression holds no source text where the annotation points: the provision, or the paragraph
    the quote lies in, is ``<omissis/>`` (no source quotes it) or absent. The edition cannot know whether
    the words are there, so this is *not* an orphan: it says "unknown", as the corpus does.
``orphaned``
    the text is there but the quote is not found in it. The bundled corpus must have none.

Nothing is dropped: every (annotation, expression) pair gets exactly one :class:`Anchor`.

``score`` (0-100) says how well the selector fits at the place found, with the weights Hypothesis uses
for its quote anchoring: 50 for the quote, 20 each for prefix and suffix (an empty prefix or suffix is no
constraint and leaves the weighting). An exact quote in its written context scores 100.

**Why rapidfuzz and not diff-match-patch for the fuzzy step.** ``benchmarks/bench_anchor.py`` searches
quotes of 40 characters, each with three edits (a substitution, a deletion, an insertion), in a text of
21,535 characters, on this 2-core machine, all in one run:

============================================  ===========  ============
matcher                                        found         ms / quote
============================================  ===========  ============
dmp ``match_main``, defaults                   0 of 16       2.2
dmp ``match_main``, ``Match_Distance=100000``  8 of 16       29
``rapidfuzz.fuzz.partial_ratio_alignment``     13 of 16      0.07
============================================  ===========  ============

dmp's score adds ``distance / Match_Distance`` to the error rate, so with its defaults it finds nothing
far from the expected location (the toolchain probe saw it miss even an exact quote). With a large
``Match_Distance`` it runs bitap over the whole text for every quote, is two to three orders of magnitude
slower (450x and 1,200x in two runs), still finds fewer, and gives only a location, where rapidfuzz also
gives a 0-100 similarity that can be thresholded and reported. The exact step is ``str.find``. So: ``str.find`` first, then rapidfuzz; dmp stays only as the measured baseline.
In the same benchmark anchoring resolves 24,000-53,000 annotations a second when every quote survives a
version change exactly and 15,000-32,000 when every quote was edited (each annotation resolved in two
expressions; the spread is the machine's load between runs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml
from rapidfuzz import fuzz

from lexcsto.errors import AnnotationError, Problem, QueryError
from lexcsto.model import Expression, Lines, Provision, Source, Work

KINDS = ("commentary", "amendment-note", "editorial-note", "translation-note", "discrepancy")
STATUSES = ("anchored", "fuzzy", "moved", "not-in-source", "orphaned")
FUZZY_THRESHOLD = 80.0
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_EID = re.compile(r"^[a-z][A-Za-z0-9_.-]*$")
_LINES = re.compile(r"^\d+(-\d+)?$")
_TAG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Quote:
    """A W3C ``TextQuoteSelector``: the exact words, with a little text before and after to place them.

    An empty ``exact`` means "the whole provision".
    """

    exact: str = ""
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Target:
    """What an annotation is about: a provision of a work, as worded in one expression.

    ``work`` is a short name (``cst``) or a work URI; ``eid`` is empty for a note on the whole work.
    ``expression`` and ``source`` name the expression the annotation was written against (its URI and the
    source whose translation it follows); the quote is exact in that expression.
    """

    work: str
    expression: str
    source: str
    eid: str = ""
    quote: Quote = field(default_factory=Quote)

    @property
    def work_uri(self) -> str:
        """The work URI, taken from the expression URI (``<work>/<lang>@<date>``)."""
        return self.expression.rsplit("/", 1)[0]

    @property
    def date(self) -> str:
        """The version date of the expression it was written against (``YYYY-MM-DD``)."""
        return self.expression.rsplit("@", 1)[-1]


@dataclass(frozen=True)
class Citation:
    """A source an annotation relies on: source id, inclusive line range, optional short quotation."""

    source: str
    lines: Lines
    quotation: str = ""


@dataclass(frozen=True)
class Annotation:
    """One annotation. ``path`` and ``line`` say where it was read from (not part of its identity)."""

    id: str
    kind: str
    target: Target
    body: str
    sources: tuple[Citation, ...]
    tags: tuple[str, ...] = ()
    path: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Anchor:
    """Where one annotation lands in one expression."""

    expression: str  # Expression.key
    status: str  # one of STATUSES
    score: float | None = None  # 0-100 selector fit; None when nothing was found
    eid: str = ""  # the provision it landed in (differs from the target when moved)
    start: int | None = None  # offsets of the matched words in that provision's text
    end: int | None = None
    level: str = "quote"  # "quote", "provision" (no quote) or "work" (no eId, no quote)
    text: str = ""  # the matched words


@dataclass(frozen=True)
class AnchorResult:
    """An annotation and its anchor in every expression of its work."""

    annotation: Annotation
    anchors: tuple[Anchor, ...]

    @property
    def orphaned(self) -> tuple[Anchor, ...]:
        return tuple(a for a in self.anchors if a.status == "orphaned")

    def as_dict(self) -> dict[str, object]:
        t = self.annotation.target
        return {
            "id": self.annotation.id,
            "kind": self.annotation.kind,
            "target": {
                "work": t.work,
                "eid": t.eid,
                "expression": t.expression,
                "source": t.source,
                "exact": t.quote.exact,
            },
            "anchors": [
                {
                    "expression": a.expression,
                    "status": a.status,
                    "score": None if a.score is None else round(a.score, 1),
                    "eid": a.eid,
                    "level": a.level,
                    "start": a.start,
                    "end": a.end,
                    "text": a.text,
                }
                for a in self.anchors
            ],
        }


class CorpusLike(Protocol):
    """What anchoring and validation need from :class:`lexcsto.corpus.Corpus`."""

    @property
    def sources(self) -> tuple[Source, ...]: ...

    def work(self, name: str) -> Work: ...

    def expressions(self, name: str) -> tuple[Expression, ...]: ...


# --------------------------------------------------------------------------------------------- loading


class _Node:
    """A YAML node with its 1-based line, for error messages that point at the place."""

    def __init__(self, node: yaml.Node, path: str) -> None:
        self.node = node
        self.path = path
        self.line = node.start_mark.line + 1

    def fail(self, message: str, expected: str | None = None) -> AnnotationError:
        return AnnotationError(self.path, self.line, message, expected=expected)

    def mapping(self, what: str, required: Sequence[str], optional: Sequence[str]) -> dict[str, _Node]:
        if not isinstance(self.node, yaml.MappingNode):
            raise self.fail(f"{what} must be a mapping", expected="key: value lines")
        out: dict[str, _Node] = {}
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in self.node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                # "<<: *anchor" shares a block (e.g. a target) between annotations; explicit keys win.
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    if not isinstance(source, yaml.MappingNode):
                        raise _Node(source, self.path).fail(f"{what}: '<<' must merge a mapping")
                    merged.extend(source.value)
                continue
            key = _Node(key_node, self.path)
            if not isinstance(key_node, yaml.ScalarNode):
                raise key.fail(f"{what}: keys must be plain words")
            name = str(key_node.value)
            if name in out:
                raise key.fail(f"{what}: duplicate key {name!r}")
            if name not in required and name not in optional:
                allowed = ", ".join([*required, *optional])
                raise key.fail(f"{what}: unknown key {name!r}", expected=f"one of {allowed}")
            out[name] = _Node(value_node, self.path)
        for key_node, value_node in merged:
            name = str(key_node.value)
            if name not in required and name not in optional:
                allowed = ", ".join([*required, *optional])
                raise _Node(key_node, self.path).fail(
                    f"{what}: unknown key {name!r}", expected=f"one of {allowed}"
                )
            out.setdefault(name, _Node(value_node, self.path))
        for name in required:
            if name not in out:
                raise self.fail(f"{what}: missing {name!r}", expected=f"keys {', '.join(required)}")
        return out

    def sequence(self, what: str) -> list[_Node]:
        if _is_null(self.node):
            return []
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.fail(f"{what} must be a list", expected="'- item' lines or [a, b]")
        return [_Node(n, self.path) for n in self.node.value]

    def text(self, what: str) -> str:
        # Raw scalar text, never YAML's implicit typing: "yes", "2010" and "291-298" stay strings.
        if _is_null(self.node):
            return ""
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.fail(f"{what} must be text")
        return str(self.node.value)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _opt(fields: dict[str, _Node], name: str, what: str) -> str:
    return fields[name].text(what) if name in fields else ""


def _parse_lines(node: _Node) -> Lines:
    value = node.text("lines").strip()
    if not _LINES.match(value):
        raise node.fail(f"bad line range {value!r}", expected="START-END, e.g. 291-298")
    try:
        return Lines.parse(value)
    except ValueError as err:
        raise node.fail(f"bad line range {value!r}", expected="1 <= START <= END") from err


def _parse_annotation(node: _Node) -> Annotation:
    f = node.mapping("annotation", ("id", "kind", "target", "body", "sources"), ("tags",))
    ident = f["id"].text("id")
    if not _ID.match(ident):
        raise f["id"].fail(f"bad annotation id {ident!r}", expected="lowercase letters, digits, . _ -")
    kind = f["kind"].text("kind")
    if kind not in KINDS:
        raise f["kind"].fail(f"unknown kind {kind!r}", expected=f"one of {', '.join(KINDS)}")
    t = f["target"].mapping("target", ("work", "expression", "source"), ("eid", "quote"))
    quote = Quote()
    if "quote" in t:
        q = t["quote"].mapping("quote", ("exact",), ("prefix", "suffix"))
        quote = Quote(q["exact"].text("exact"), _opt(q, "prefix", "prefix"), _opt(q, "suffix", "suffix"))
        if not quote.exact:
            raise q["exact"].fail("empty quote", expected="the quoted words, or no 'quote' key at all")
    eid = _opt(t, "eid", "eid")
    if eid and not _EID.match(eid):
        raise t["eid"].fail(f"bad eId {eid!r}", expected="an AKN eId such as art_4__para_2")
    expression = t["expression"].text("expression")
    if "@" not in expression or not expression.startswith("/akn/"):
        raise t["expression"].fail(f"bad expression URI {expression!r}", expected="/akn/.../<lang>@<date>")
    target = Target(t["work"].text("work"), expression, t["source"].text("source"), eid, quote)
    body = f["body"].text("body").strip()
    if not body:
        raise f["body"].fail("empty body", expected="Markdown text")
    citations = []
    for c in f["sources"].sequence("sources"):
        cf = c.mapping("source citation", ("source", "lines"), ("quotation",))
        citations.append(
            Citation(
                cf["source"].text("source"), _parse_lines(cf["lines"]), _opt(cf, "quotation", "quotation")
            )
        )
    if not citations:
        raise f["sources"].fail("no source cited", expected="at least one '- source: ..., lines: ...'")
    tags = []
    for tnode in f["tags"].sequence("tags") if "tags" in f else []:
        tag = tnode.text("tag")
        if not _TAG.match(tag):
            raise tnode.fail(f"bad tag {tag!r}", expected="lowercase words joined by '-'")
        tags.append(tag)
    return Annotation(ident, kind, target, body, tuple(citations), tuple(tags), node.path, node.line)


def parse_annotations(text: str, path: str = "<string>") -> tuple[Annotation, ...]:
    """Read one annotation file's text.

    >>> anns = parse_annotations('''
    ... annotations:
    ...   - id: demo
    ...     kind: commentary
    ...     target: {work: cst, eid: art_2, source: seed-002,
    ...              expression: /akn/aa-csto/act/treaty/1992-05-15/cst/eng@2012-12-19}
    ...     body: Joint consultations.
    ...     sources: [{source: seed-002, lines: 12-12}]
    ... ''', "demo.yaml")
    >>> anns[0].target.eid, anns[0].line
    ('art_2', 3)
    >>> parse_annotations("annotations: [{id: x, kind: gossip}]", "bad.yaml")
    Traceback (most recent call last):
    ...
    lexcsto.errors.AnnotationError: bad.yaml:1: annotation: missing 'target' (expected keys id, kind, target, body, sources)
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise AnnotationError(path, line, f"not valid YAML: {err.problem}", expected="YAML") from err
    if root is None:
        return ()
    top = _Node(root, path).mapping("annotation file", ("annotations",), ("shared",))
    return tuple(_parse_annotation(n) for n in top["annotations"].sequence("annotations"))


def load_annotations(path: str | Path, corpus: CorpusLike | None = None) -> tuple[Annotation, ...]:
    """Read every ``*.yaml`` file in a folder (or one file); with a corpus, also check them against it.

    Raises :class:`AnnotationError` naming the file and line of the first problem.
    """
    root = Path(path)
    files = sorted(root.glob("*.yaml")) if root.is_dir() else [root]
    out: list[Annotation] = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise AnnotationError(file, None, f"cannot read annotation file: {err}") from err
        out.extend(parse_annotations(text, str(file)))
    problems = check_annotations(out, corpus)
    if problems:
        first = problems[0]
        raise AnnotationError(first.path, first.line, first.message, expected=first.expected)
    return tuple(out)


# ------------------------------------------------------------------------------------------ validation


class _View:
    """An expression indexed for anchoring: eId lookups, ancestry, and the provisions that carry text."""

    def __init__(self, expression: Expression) -> None:
        self.expression = expression
        self.key = expression.key
        self.by_eid: dict[str, Provision] = {}
        self.parent: dict[str, str] = {}
        for top in expression.provisions:
            for p in top.walk():
                self.by_eid.setdefault(p.eid, p)
                for c in p.children:
                    self.parent[c.eid] = p.eid
        self.texts = tuple(p for p in self.by_eid.values() if p.text and not p.omitted)
        self._scopes: dict[str, tuple[Provision, ...]] = {"": self.texts}

    def scope(self, eid: str) -> tuple[Provision, ...]:
        """The provisions an annotation on ``eid`` may anchor in: its subtree (everything for ``""``)."""
        if eid not in self._scopes:
            found = self.by_eid.get(eid)
            self._scopes[eid] = tuple(p for p in found.walk() if p.text and not p.omitted) if found else ()
        return self._scopes[eid]

    def unknown(self, eid: str) -> bool:
        """True when there is no source text at ``eid``: absent, or omitted there or above."""
        if not eid:
            return not self.texts
        if eid not in self.by_eid:
            return True
        node: str | None = eid
        while node is not None:
            if self.by_eid[node].omitted:
                return True
            node = self.parent.get(node)
        return not self.scope(eid)


def _expression_of(corpus: CorpusLike, target: Target) -> Expression | None:
    matches = (
        e for e in corpus.expressions(target.work) if (e.uri, e.source) == (target.expression, target.source)
    )
    return next(matches, None)


def check_annotations(annotations: Iterable[Annotation], corpus: CorpusLike | None = None) -> list[Problem]:
    """Every problem with a set of annotations: duplicate ids and, given a corpus, unknown works,
    expressions, eIds and sources, and quotes that are not exact in the expression they were written
    against (prefix + exact + suffix contiguous in one provision's text)."""
    problems: list[Problem] = []
    seen: dict[str, Annotation] = {}
    for ann in annotations:
        if ann.id in seen:
            first = seen[ann.id]
            problems.append(
                Problem(
                    ann.path,
                    ann.line,
                    f"duplicate annotation id {ann.id!r}",
                    f"ids unique across files (first at {first.path}:{first.line})",
                )
            )
        seen.setdefault(ann.id, ann)
        if corpus is not None:
            problems.extend(_check_against(ann, corpus))
    return problems


def _check_against(ann: Annotation, corpus: CorpusLike) -> list[Problem]:
    def problem(message: str, expected: str | None = None) -> list[Problem]:
        return [Problem(ann.path, ann.line, f"annotation {ann.id}: {message}", expected)]

    out: list[Problem] = []
    known = {s.id for s in corpus.sources}
    for c in ann.sources:
        if c.source not in known:
            out += problem(f"unknown source {c.source!r}", f"one of {', '.join(sorted(known))}")
    t = ann.target
    try:
        work = corpus.work(t.work)
    except QueryError as err:
        return out + problem(f"unknown work {t.work!r}: {err}", "a work short name or URI of the corpus")
    if work.uri != t.work_uri:
        return out + problem(f"expression {t.expression} is not an expression of {work.uri}")
    expression = _expression_of(corpus, t)
    if expression is None:
        keys = ", ".join(e.key for e in corpus.expressions(t.work))
        return out + problem(f"unknown expression {t.expression}[{t.source}]", f"one of {keys}")
    view = _View(expression)
    if t.eid and t.eid not in view.by_eid:
        return out + problem(f"unknown eId {t.eid!r} in {expression.key}", "an eId of that expression")
    q = t.quote
    if q.exact and not any(q.prefix + q.exact + q.suffix in p.text for p in view.scope(t.eid)):
        out += problem(
            f"quote {q.exact!r} (with its prefix and suffix) is not in {t.eid or 'the text'} of {expression.key}",
            "prefix + exact + suffix copied from one provision's text",
        )
    return out


# ------------------------------------------------------------------------------------------- anchoring


def _context_score(text: str, start: int, end: int, quote: Quote, exact_score: float) -> float:
    parts = [(50.0, exact_score)]
    if quote.prefix:
        before = text[max(0, start - len(quote.prefix)) : start]
        parts.append((20.0, 100.0 if before == quote.prefix else fuzz.ratio(quote.prefix, before)))
    if quote.suffix:
        after = text[end : end + len(quote.suffix)]
        parts.append((20.0, 100.0 if after == quote.suffix else fuzz.ratio(quote.suffix, after)))
    return sum(w * s for w, s in parts) / sum(w for w, _ in parts)


def _exact(provisions: Sequence[Provision], quote: Quote) -> tuple[float, Provision, int] | None:
    """The best exact occurrence of the quote (by context) among the provisions."""
    best: tuple[float, Provision, int] | None = None
    for p in provisions:
        at = p.text.find(quote.exact)
        while at >= 0:
            score = _context_score(p.text, at, at + len(quote.exact), quote, 100.0)
            if best is None or score > best[0]:
                best = (score, p, at)
            at = p.text.find(quote.exact, at + 1)
    return best


def _fuzzy(provisions: Sequence[Provision], quote: Quote) -> tuple[float, Provision, int, int] | None:
    """The best approximate occurrence scoring at least FUZZY_THRESHOLD, by rapidfuzz."""
    best: tuple[float, Provision, int, int] | None = None
    for p in provisions:
        hit = fuzz.partial_ratio_alignment(quote.exact, p.text, score_cutoff=FUZZY_THRESHOLD)
        if hit is None:
            continue
        # partial_ratio forgives a text shorter than the quote; the plain ratio of the span does not.
        quote_score = fuzz.ratio(quote.exact, p.text[hit.dest_start : hit.dest_end])
        if quote_score < FUZZY_THRESHOLD:
            continue
        score = _context_score(p.text, hit.dest_start, hit.dest_end, quote, quote_score)
        if best is None or score > best[0]:
            best = (score, p, hit.dest_start, hit.dest_end)
    return best


def _home(annotation: Annotation, views: dict[str, _View]) -> str:
    """The eId of the provision whose own text holds the quote in the expression it was written against."""
    t = annotation.target
    view = views.get(f"{t.expression}[{t.source}]" if t.source else t.expression)
    if view is None or not t.quote.exact:
        return t.eid
    hit = _exact(view.scope(t.eid), t.quote)
    return hit[1].eid if hit else t.eid


def anchor_one(annotation: Annotation, expression: Expression, home: str | None = None) -> Anchor:
    """Resolve one annotation in one expression (see the module docstring for the statuses).

    ``home`` is the eId whose text holds the quote in the expression the annotation was written against
    (default: the target eId); it decides ``not-in-source`` when a paragraph is omitted here.
    """
    return _anchor_in(annotation, _View(expression), home or annotation.target.eid)


def _anchor_in(annotation: Annotation, view: _View, home: str) -> Anchor:
    t = annotation.target
    key = view.key
    if not t.quote.exact:
        if not t.eid:
            return Anchor(key, "anchored", 100.0, "", level="work")
        if t.eid in view.by_eid:
            return Anchor(key, "anchored", 100.0, t.eid, level="provision")
        return Anchor(key, "not-in-source", None, t.eid, level="provision")
    scope = view.scope(t.eid)
    hit = _exact(scope, t.quote)
    if hit:
        score, p, at = hit
        return Anchor(key, "anchored", score, p.eid, at, at + len(t.quote.exact), text=t.quote.exact)
    fz = _fuzzy(scope, t.quote)
    if fz:
        score, p, start, end = fz
        return Anchor(key, "fuzzy", score, p.eid, start, end, text=p.text[start:end])
    if t.eid and home in view.by_eid and view.unknown(home):
        return Anchor(key, "not-in-source", None, home)
    if t.eid:
        inside = {p.eid for p in scope}
        elsewhere = [p for p in view.texts if p.eid not in inside]
        moved = _exact(elsewhere, t.quote)
        if moved:
            score, p, at = moved
            return Anchor(key, "moved", score, p.eid, at, at + len(t.quote.exact), text=t.quote.exact)
        fz = _fuzzy(elsewhere, t.quote)
        if fz:
            score, p, start, end = fz
            return Anchor(key, "moved", score, p.eid, start, end, text=p.text[start:end])
    if view.unknown(home):
        return Anchor(key, "not-in-source", None, home)
    return Anchor(key, "orphaned", None, home)


def anchor(corpus: CorpusLike, annotations: Iterable[Annotation]) -> list[AnchorResult]:
    """Resolve every annotation in every expression of its work, in corpus order.

    Annotations whose work is unknown raise :class:`AnnotationError` at their file and line: run
    :func:`check_annotations` first to collect all such problems at once.
    """
    results: list[AnchorResult] = []
    views: dict[str, _View] = {}
    for ann in annotations:
        try:
            expressions = corpus.expressions(ann.target.work)
        except QueryError as err:
            raise AnnotationError(
                ann.path,
                ann.line,
                f"annotation {ann.id}: unknown work {ann.target.work!r}",
                expected="a work of the corpus",
            ) from err
        for e in expressions:
            if e.key not in views:
                views[e.key] = _View(e)
        home = _home(ann, views)
        results.append(AnchorResult(ann, tuple(_anchor_in(ann, views[e.key], home) for e in expressions)))
    return results


# ----------------------------------------------------------------------------------------------- writing


def _literal(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(str, _literal)


def _as_plain(ann: Annotation) -> dict[str, object]:
    t = ann.target
    target: dict[str, object] = {"work": t.work}
    if t.eid:
        target["eid"] = t.eid
    target["expression"] = t.expression
    target["source"] = t.source
    if t.quote.exact:
        quote = {"prefix": t.quote.prefix, "exact": t.quote.exact, "suffix": t.quote.suffix}
        target["quote"] = {k: v for k, v in quote.items() if v}
    out: dict[str, object] = {"id": ann.id, "kind": ann.kind, "target": target, "body": ann.body + "\n"}
    cites: list[dict[str, str]] = []
    for c in ann.sources:
        cite = {"source": c.source, "lines": str(c.lines)}
        if c.quotation:
            cite["quotation"] = c.quotation
        cites.append(cite)
    out["sources"] = cites
    if ann.tags:
        out["tags"] = list(ann.tags)
    return out


def dump_annotations(annotations: Iterable[Annotation]) -> str:
    """Annotations as the text of an annotation file, which :func:`parse_annotations` reads back.

    >>> ann = Annotation("x", "commentary", Target("cst", "/akn/aa-csto/act/treaty/1992-05-15/cst/eng@1992-05-15",
    ...                  "seed-004", "art_1"), "Line one.\\n\\nLine two.", (Citation("seed-003", Lines(5, 6)),))
    >>> parse_annotations(dump_annotations([ann])) == (ann,)
    True
    """
    data = {"annotations": [_as_plain(a) for a in annotations]}
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
