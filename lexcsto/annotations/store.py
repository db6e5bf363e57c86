"""The annotation files: ``annotations/*.yaml`` read with line numbers, checked, and written back.

Annotations live in ``annotations/*.yaml``, files a person edits by hand, so every error names the file
and line to fix. A file is a mapping with ``annotations:`` (the list) and, optionally, ``shared:``, a
place for YAML anchors that the annotations merge (``target: {<<: *cst1992, eid: art_4}``), so that a long
expression URI is written once. The values read are those of :mod:`lexcsto.annotations.annotation`; re-attaching them
to every version is :mod:`lexcsto.annotations.anchoring`'s business, which this module neither needs nor imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from lexcsto.annotations.annotation import (
    KINDS,
    AnchoringCorpus,
    Annotation,
    Citation,
    ExpressionView,
    Quote,
    Target,
)
from lexcsto.corpus.files import read_text
from lexcsto.corpus.model import Expression, Lines
from lexcsto.corpus.yamlfiles import compose_yaml
from lexcsto.errors import AnnotationError, LoadError, Problem, QueryError

__all__ = ["check_annotations", "dump_annotations", "parse_annotations", "read_annotations"]

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")  # an absolute IRI (RFC 3987), kept as an id
_WHEN = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")
_EID = re.compile(r"^[a-z][A-Za-z0-9_.-]*$")
_LINES = re.compile(r"^\d+(-\d+)?$")
_TAG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

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
    f = node.mapping(
        "annotation", ("id", "kind", "target", "body"), ("sources", "tags", "creator", "created", "modified")
    )
    ident = f["id"].text("id")
    if not (_ID.match(ident) or _IRI.match(ident)):
        raise f["id"].fail(
            f"bad annotation id {ident!r}", expected="lowercase letters, digits, . _ -, or an absolute IRI"
        )
    when: dict[str, str] = {}
    for name in ("created", "modified"):
        when[name] = _opt(f, name, name).strip()
        if when[name] and not _WHEN.match(when[name]):
            raise f[name].fail(f"bad {name} {when[name]!r}", expected="YYYY-MM-DD or an ISO 8601 date-time")
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
    for c in f["sources"].sequence("sources") if "sources" in f else []:
        cf = c.mapping("source citation", ("source", "lines"), ("quotation",))
        citations.append(
            Citation(
                cf["source"].text("source"), _parse_lines(cf["lines"]), _opt(cf, "quotation", "quotation")
            )
        )
    if not citations and "sources" in f:
        # An annotation made elsewhere may cite nothing (no 'sources' key); an empty list is a slip.
        raise f["sources"].fail(
            "no source cited", expected="at least one '- source: ..., lines: ...', or no 'sources' key"
        )
    tags = []
    for tnode in f["tags"].sequence("tags") if "tags" in f else []:
        tag = tnode.text("tag")
        if not _TAG.match(tag):
            raise tnode.fail(f"bad tag {tag!r}", expected="lowercase words joined by '-'")
        tags.append(tag)
    return Annotation(ident, kind, target, body, tuple(citations), tuple(tags), node.path, node.line,
                      _opt(f, "creator", "creator").strip(), when["created"], when["modified"])  # fmt: skip


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
    lexcsto.errors.AnnotationError: bad.yaml:1: annotation: missing 'target' (expected keys id, kind, target, body)
    """
    # Bounded: aliases (which these files use for shared targets) cannot expand into a bomb, nesting is
    # capped, and tags are refused (issue 19).
    root = compose_yaml(text, path, error=AnnotationError)
    if root is None:
        return ()
    top = _Node(root, path).mapping("annotation file", ("annotations",), ("shared",))
    return tuple(_parse_annotation(n) for n in top["annotations"].sequence("annotations"))


def read_annotations(path: str | Path, corpus: AnchoringCorpus | None = None) -> tuple[Annotation, ...]:
    """Read every ``*.yaml`` file in a folder (or one file); with a corpus, also check them against it.

    Raises :class:`AnnotationError` naming the file and line of the first problem.
    """
    root = Path(path)
    files = sorted(root.glob("*.yaml")) if root.is_dir() else [root]
    out: list[Annotation] = []
    for file in files:
        try:
            text = read_text(file)
        except LoadError as err:
            raise AnnotationError(
                err.path, err.line, f"cannot read annotation file: {err.message}", expected=err.expected
            ) from None
        out.extend(parse_annotations(text, str(file)))
    problems = check_annotations(out, corpus)
    if problems:
        first = problems[0]
        raise AnnotationError(first.path, first.line, first.message, expected=first.expected)
    return tuple(out)


# ------------------------------------------------------------------------------------------ validation


def _expression_of(corpus: AnchoringCorpus, target: Target) -> Expression | None:
    matches = (
        e for e in corpus.expressions(target.work) if (e.uri, e.source) == (target.expression, target.source)
    )
    return next(matches, None)


def check_annotations(
    annotations: Iterable[Annotation], corpus: AnchoringCorpus | None = None
) -> list[Problem]:
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


def _check_against(ann: Annotation, corpus: AnchoringCorpus) -> list[Problem]:
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
    view = ExpressionView(expression)
    if t.eid and t.eid not in view.by_eid:
        return out + problem(f"unknown eId {t.eid!r} in {expression.key}", "an eId of that expression")
    q = t.quote
    if q.exact and not any(q.prefix + q.exact + q.suffix in p.text for p in view.scope(t.eid)):
        out += problem(
            f"quote {q.exact!r} (with its prefix and suffix) is not in {t.eid or 'the text'} of {expression.key}",
            "prefix + exact + suffix copied from one provision's text",
        )
    return out


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
    if cites:
        out["sources"] = cites
    if ann.tags:
        out["tags"] = list(ann.tags)
    for name, value in (("creator", ann.creator), ("created", ann.created), ("modified", ann.modified)):
        if value:
            out[name] = value
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
