"""Annotations as W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/), both ways.

One annotation becomes::

    {"id": "urn:lexcsto:annotation:<id>", "type": "Annotation", "motivation": "commenting",
     "lx:kind": "commentary",
     "body": [{"type": "TextualBody", "value": "<markdown>", "format": "text/markdown", "language": "en"},
              {"type": "TextualBody", "purpose": "tagging", "value": "aggression"},
              {"type": "SpecificResource", "purpose": "linking", "source": "urn:lexcsto:source:seed-003",
               "selector": {"type": "FragmentSelector", "value": "line=290,298",
                            "conformsTo": "http://tools.ietf.org/rfc/rfc5147",
                            "refinedBy": {"type": "TextQuoteSelector", "exact": "<quotation>"}}}],
     "target": {"type": "SpecificResource", "source": "<expression URI>/!main~art_4",
                "lx:work": "cst", "lx:translation": "seed-004",
                "selector": {"type": "TextQuoteSelector", "prefix": "...", "exact": "...", "suffix": "..."},
                "state": {"type": "TimeState", "sourceDate": "1992-05-15T00:00:00Z"}}}

- The target's ``source`` is the provision in the expression the annotation was written against (the
  expression URI alone for a note on the whole work); ``TimeState.sourceDate`` is that version's date.
  Several translations share one expression URI, so ``lx:translation`` names the source it follows.
- A cited source is a ``SpecificResource`` on the seed file with an RFC 5147 line selector: ``line=A,B``
  counts line *boundaries* from 0, so 1-based lines 291-298 are ``line=290,298``. A short quotation from
  it refines the selector as a ``TextQuoteSelector``.
- ``motivation`` is the nearest W3C motivation; the exact kind travels in ``lx:kind`` (prefix ``lx`` =
  ``urn:lexcsto:1#`` in the ``@context``), so the round trip is lossless.

>>> from lexcsto.annotations.annotation import Annotation, Citation, Quote, Target
>>> from lexcsto.corpus.model import Lines
>>> ann = Annotation("a1", "discrepancy",
...     Target("cst", "/akn/aa-csto/act/treaty/1992-05-15/cst/eng@1992-05-15", "seed-004", "art_4",
...            Quote("aggression")), "The sources differ.", (Citation("seed-003", Lines(291, 298)),))
>>> data = to_jsonld([ann])
>>> data["first"]["items"][0]["body"][1]["selector"]["value"]
'line=290,298'
>>> from_jsonld(data) == (ann,)
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lexcsto.annotations.annotation import KINDS, Annotation, Citation, Quote, Target
from lexcsto.corpus.files import read_text
from lexcsto.corpus.model import Lines
from lexcsto.corpus.uri import FrbrUri
from lexcsto.errors import AnnotationError, LoadError

CONTEXT: list[Any] = ["http://www.w3.org/ns/anno.jsonld", {"lx": "urn:lexcsto:1#"}]
RFC5147 = "http://tools.ietf.org/rfc/rfc5147"
ANNOTATION_IRI = "urn:lexcsto:annotation:"
SOURCE_IRI = "urn:lexcsto:source:"
MOTIVATION = {
    "commentary": "commenting",
    "amendment-note": "describing",
    "editorial-note": "editing",
    "translation-note": "describing",
    "discrepancy": "questioning",
}
# For annotations made elsewhere (no lx:kind): the kind a motivation most likely means.
KIND_OF = {"commenting": "commentary", "editing": "editorial-note", "questioning": "discrepancy",
           "describing": "commentary", "assessing": "commentary"}  # fmt: skip


def annotation_to_jsonld(ann: Annotation) -> dict[str, Any]:
    """One annotation as a Web Annotation object (without ``@context``)."""
    t = ann.target
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "value": ann.body, "format": "text/markdown", "language": "en"}
    ]
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in ann.tags]
    for c in ann.sources:
        selector: dict[str, Any] = {
            "type": "FragmentSelector",
            "conformsTo": RFC5147,
            "value": f"line={c.lines.start - 1},{c.lines.end}",
        }
        if c.quotation:
            selector["refinedBy"] = {"type": "TextQuoteSelector", "exact": c.quotation}
        body.append(
            {
                "type": "SpecificResource",
                "purpose": "linking",
                "source": SOURCE_IRI + c.source,
                "selector": selector,
            }
        )
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": str(FrbrUri.parse(t.expression).with_eid(t.eid or None)),
        "lx:work": t.work,
        "lx:translation": t.source,
    }
    if t.quote.exact:
        quote = {"type": "TextQuoteSelector", "prefix": t.quote.prefix, "exact": t.quote.exact,
                 "suffix": t.quote.suffix}  # fmt: skip
        target["selector"] = {k: v for k, v in quote.items() if v}
    target["state"] = {"type": "TimeState", "sourceDate": f"{t.date}T00:00:00Z"}
    return {
        "id": ANNOTATION_IRI + ann.id,
        "type": "Annotation",
        "motivation": MOTIVATION[ann.kind],
        "lx:kind": ann.kind,
        "body": body,
        "target": target,
    }


def to_jsonld(annotations: Iterable[Annotation], label: str = "lexcsto annotations") -> dict[str, Any]:
    """An ``AnnotationCollection`` holding every annotation in one embedded ``AnnotationPage``."""
    items = [annotation_to_jsonld(a) for a in annotations]
    return {
        "@context": CONTEXT,
        "id": "urn:lexcsto:annotations",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


class _Reader:
    """Walks a JSON-LD document, naming the JSON path of anything wrong."""

    def __init__(self, path: str | None) -> None:
        self.path = path

    def fail(self, where: str, message: str, expected: str | None = None) -> AnnotationError:
        return AnnotationError(self.path, None, f"{where}: {message}", expected=expected)

    def obj(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, "not a JSON object")
        return value

    def text(self, value: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
        got = value.get(key, default)
        if not isinstance(got, str):
            raise self.fail(f"{where}.{key}", "missing or not a string")
        return got

    def listed(self, value: Any) -> list[Any]:
        return list(value) if isinstance(value, list) else [value]

    def annotation(self, value: Any, where: str) -> Annotation:
        data = self.obj(value, where)
        if data.get("type") != "Annotation":
            raise self.fail(f"{where}.type", f"{data.get('type')!r} is not an Annotation")
        iri = self.text(data, "id", where)
        ident = iri.removeprefix(ANNOTATION_IRI)
        kind = data.get("lx:kind") or KIND_OF.get(str(data.get("motivation")), "")
        if kind not in KINDS:
            raise self.fail(f"{where}.lx:kind", f"unknown kind {kind!r}", f"one of {', '.join(KINDS)}")
        text: str | None = None
        tags: list[str] = []
        cites: list[Citation] = []
        for i, raw in enumerate(self.listed(data.get("body", []))):
            at = f"{where}.body[{i}]"
            b = self.obj(raw, at)
            if b.get("type") == "TextualBody" and b.get("purpose") == "tagging":
                tags.append(self.text(b, "value", at))
            elif b.get("type") == "TextualBody":
                if text is not None:
                    raise self.fail(at, "a second text body", "one TextualBody that is not a tag")
                text = self.text(b, "value", at)
            elif b.get("type") == "SpecificResource":
                cites.append(self.citation(b, at))
            else:
                raise self.fail(at, f"body of type {b.get('type')!r}", "TextualBody or SpecificResource")
        if text is None:
            raise self.fail(f"{where}.body", "no text body", "a TextualBody with the Markdown text")
        return Annotation(ident, kind, self.target(data.get("target"), f"{where}.target"), text,
                          tuple(cites), tuple(tags), self.path)  # fmt: skip

    def citation(self, b: Mapping[str, Any], at: str) -> Citation:
        source = self.text(b, "source", at).removeprefix(SOURCE_IRI)
        sel = self.obj(b.get("selector"), f"{at}.selector")
        value = self.text(sel, "value", f"{at}.selector")
        start, sep, end = value.removeprefix("line=").partition(",")
        if not value.startswith("line=") or not sep or not start.isdigit() or not end.isdigit():
            raise self.fail(f"{at}.selector.value", f"bad line selector {value!r}", "RFC 5147 line=A,B")
        if int(end) <= int(start):
            raise self.fail(f"{at}.selector.value", f"empty line range {value!r}", "line=A,B with A < B")
        quotation = ""
        if "refinedBy" in sel:
            quotation = self.text(self.obj(sel["refinedBy"], f"{at}.selector.refinedBy"), "exact", at)
        return Citation(source, Lines(int(start) + 1, int(end)), quotation)

    def target(self, raw: Any, where: str) -> Target:
        t = self.obj(self.listed(raw)[0] if raw else raw, where)
        source = self.text(t, "source", where)
        uri = FrbrUri.parse(source)
        expression, eid = str(uri.expression()), uri.eid or ""
        if not uri.is_expression:
            raise self.fail(f"{where}.source", f"{source!r} is not an expression URI", "<work>/<lang>@<date>")
        quote = Quote()
        if "selector" in t:
            sel = self.obj(t["selector"], f"{where}.selector")
            if sel.get("type") != "TextQuoteSelector":
                raise self.fail(f"{where}.selector", f"selector {sel.get('type')!r}", "TextQuoteSelector")
            quote = Quote(self.text(sel, "exact", f"{where}.selector"), str(sel.get("prefix", "")),
                          str(sel.get("suffix", "")))  # fmt: skip
        state = t.get("state")
        if state is not None:
            date = self.text(self.obj(state, f"{where}.state"), "sourceDate", f"{where}.state")
            if date[:10] != uri.date:
                raise self.fail(f"{where}.state.sourceDate", f"{date} is not the date of {expression}")
        work = str(t.get("lx:work") or uri.work)
        return Target(work, expression, self.text(t, "lx:translation", where), eid, quote)


def from_jsonld(data: Any, path: str | None = None) -> tuple[Annotation, ...]:
    """Annotations from a Web Annotation document: one Annotation, a list, an AnnotationPage, or an
    AnnotationCollection whose first page is embedded. Errors name the JSON path of the problem."""
    reader = _Reader(path)
    if isinstance(data, list):
        return tuple(reader.annotation(a, f"[{i}]") for i, a in enumerate(data))
    top = reader.obj(data, "$")
    kind = top.get("type")
    if kind == "Annotation":
        return (reader.annotation(top, "$"),)
    page, where = top, "$"
    if kind == "AnnotationCollection":
        page, where = reader.obj(top.get("first"), "$.first"), "$.first"
    if page.get("type") != "AnnotationPage":
        raise reader.fail(
            f"{where}.type", f"{page.get('type')!r}", "Annotation, AnnotationPage or Collection"
        )
    items = page.get("items", [])
    if not isinstance(items, list):
        raise reader.fail(f"{where}.items", "not a list")
    return tuple(reader.annotation(a, f"{where}.items[{i}]") for i, a in enumerate(items))


def read_jsonld(path: str | Path) -> tuple[Annotation, ...]:
    """Read a JSON-LD file of annotations (errors name the file, and the line for bad JSON)."""
    file = Path(path)
    try:
        text = read_text(file)
    except LoadError as err:
        raise AnnotationError(
            err.path, err.line, f"cannot read: {err.message}", expected=err.expected
        ) from None
    try:
        data = json.loads(text)
        return from_jsonld(data, str(file))
    except json.JSONDecodeError as err:
        raise AnnotationError(file, err.lineno, f"not valid JSON: {err.msg}", expected="JSON-LD") from err
    except RecursionError:  # JSON nested a thousand deep: no annotation needs more than a few levels
        raise AnnotationError(file, None, "JSON nested too deep", expected="JSON-LD annotations") from None
