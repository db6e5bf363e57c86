"""Annotations as W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/), both ways.

One annotation becomes::

    {"id": "<base>annotations/<id>", "type": "Annotation", "motivation": "commenting",
     "lx:kind": "commentary", "creator": {"type": "Person", "name": "..."}, "created": "...",
     "body": [{"type": "TextualBody", "value": "<markdown>", "format": "text/markdown", "language": "en"},
              {"type": "TextualBody", "purpose": "tagging", "value": "aggression"},
              {"type": "SpecificResource", "purpose": "linking", "source": "<base>sources/seed-003",
               "selector": {"type": "FragmentSelector", "value": "line=290,298",
                            "conformsTo": "http://tools.ietf.org/rfc/rfc5147",
                            "refinedBy": {"type": "TextQuoteSelector", "exact": "<quotation>"}}}],
     "target": {"type": "SpecificResource",
                "source": {"id": "<base>akn/.../eng@1992-05-15/!main~art_4", "type": "Text",
                           "format": "application/akn+xml", "language": "en"},
                "lx:work": "cst", "lx:translation": "seed-004",
                "selector": {"type": "TextQuoteSelector", "prefix": "...", "exact": "...", "suffix": "..."},
                "state": {"type": "TimeState", "sourceDate": "1992-05-15T00:00:00Z"}}}

- Every id is an absolute IRI against a base (the edition's site, or :data:`DEFAULT_BASE`): the AKN URIs of
  ``texts/`` are made absolute only here (docs/annotations.md). No value is empty: what is not known is left out.
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
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lexcsto.annotations.annotation import KINDS, Annotation, AnnotationKind, Citation, Quote, Target
from lexcsto.corpus.files import read_text
from lexcsto.corpus.model import Lines
from lexcsto.corpus.uri import FrbrUri
from lexcsto.errors import AnnotationError, LoadError

CONTEXT: list[Any] = ["http://www.w3.org/ns/anno.jsonld", {"lx": "urn:lexcsto:1#"}]
RFC5147 = "http://tools.ietf.org/rfc/rfc5147"
# The base every exported IRI is made absolute against (annotation ids, target sources, pages): the
# edition's own site when it is configured (mkdocs.yml site_url, or --base), else this stable default in
# a reserved domain (RFC 2606), so that an export is the same wherever it is made.
DEFAULT_BASE = "https://lexcsto.example/"
AKN_FORMAT = "application/akn+xml"
BCP47 = {"eng": "en", "rus": "ru"}
LEGACY_ANNOTATION_IRI = "urn:lexcsto:annotation:"  # exports before issue 22; still read
LEGACY_SOURCE_IRI = "urn:lexcsto:source:"
MOTIVATION = {
    "commentary": "commenting",
    "amendment-note": "describing",
    "editorial-note": "editing",
    "translation-note": "describing",
    "discrepancy": "questioning",
}
# For annotations made elsewhere (no lx:kind): the kind a motivation most likely means.
KIND_OF = {"commenting": "commentary", "editing": "editorial-note", "questioning": "discrepancy",
           "describing": "commentary", "assessing": "commentary", "highlighting": "commentary",
           "replying": "commentary", "tagging": "commentary", "classifying": "commentary",
           "identifying": "commentary", "linking": "commentary", "bookmarking": "commentary"}  # fmt: skip
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _base(base: str) -> str:
    return base if base.endswith("/") else base + "/"


def annotation_iri(ident: str, base: str = DEFAULT_BASE) -> str:
    """An annotation's id: the IRI it came with, or its short name under ``<base>annotations/``.

    >>> annotation_iri("cst-art-4"), annotation_iri("https://hypothes.is/a/Xy1")
    ('https://lexcsto.example/annotations/cst-art-4', 'https://hypothes.is/a/Xy1')
    """
    return ident if _SCHEME.match(ident) else f"{_base(base)}annotations/{ident}"


def akn_iri(uri: str, base: str = DEFAULT_BASE) -> str:
    """An AKN URI (``/akn/...``, as written in texts/) made absolute against the base."""
    return _base(base) + uri.lstrip("/")


def _creator(value: str) -> dict[str, str]:
    return {"id": value, "type": "Person"} if _SCHEME.match(value) else {"type": "Person", "name": value}


def _when(value: str) -> str:
    """An ISO date as the xsd:dateTime the model asks for (a bare date is that day's midnight, UTC)."""
    return f"{value}T00:00:00Z" if len(value) == 10 else value


def annotation_to_jsonld(ann: Annotation, base: str = DEFAULT_BASE, language: str = "") -> dict[str, Any]:
    """One annotation as a Web Annotation object (without ``@context``); ``language`` is the target
    text's (``eng``/``rus``), when known."""
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
                "source": f"{_base(base)}sources/{c.source}",
                "selector": selector,
            }
        )
    lang = language or FrbrUri.parse(t.expression).language or ""
    source: dict[str, Any] = {
        "id": akn_iri(str(FrbrUri.parse(t.expression).with_eid(t.eid or None)), base),
        "type": "Text",
        "format": AKN_FORMAT,
    }
    if lang in BCP47:
        source["language"] = BCP47[lang]
    target: dict[str, Any] = {"type": "SpecificResource", "source": source, "lx:work": t.work}
    if t.source:
        target["lx:translation"] = t.source
    if t.quote.exact:
        quote = {"type": "TextQuoteSelector", "prefix": t.quote.prefix, "exact": t.quote.exact,
                 "suffix": t.quote.suffix}  # fmt: skip
        target["selector"] = {k: v for k, v in quote.items() if v}
    target["state"] = {"type": "TimeState", "sourceDate": f"{t.date}T00:00:00Z"}
    out: dict[str, Any] = {
        "id": annotation_iri(ann.id, base),
        "type": "Annotation",
        "motivation": MOTIVATION[ann.kind],
        "lx:kind": ann.kind,
    }
    if ann.creator:
        out["creator"] = _creator(ann.creator)
    if ann.created:
        out["created"] = _when(ann.created)
    if ann.modified:
        out["modified"] = _when(ann.modified)
    out["body"] = body
    out["target"] = target
    return out


def standalone(ann: Annotation, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """One annotation as a document of its own, with its ``@context`` (one per file or per line)."""
    return {"@context": CONTEXT, **annotation_to_jsonld(ann, base)}


def to_jsonld(
    annotations: Iterable[Annotation], label: str = "lexcsto annotations", base: str = DEFAULT_BASE
) -> dict[str, Any]:
    """An ``AnnotationCollection`` whose one ``AnnotationPage`` is embedded as ``first`` and named as
    ``last``; every id absolute against ``base``."""
    items = [annotation_to_jsonld(a, base) for a in annotations]
    collection = f"{_base(base)}annotations/"
    page = f"{collection}page-1"
    return {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {
            "id": page,
            "type": "AnnotationPage",
            "partOf": collection,
            "startIndex": 0,
            "items": items,
        },
        "last": page,
    }


def to_jsonlines(annotations: Iterable[Annotation], base: str = DEFAULT_BASE) -> str:
    """One standalone annotation per line (JSON Lines), each with its ``@context``."""
    return "".join(json.dumps(standalone(a, base), ensure_ascii=False) + "\n" for a in annotations)


class _Reader:
    """Walks a JSON-LD document, naming the JSON path of anything wrong."""

    def __init__(self, path: str | None, base: str = DEFAULT_BASE) -> None:
        self.path = path
        self.base = _base(base)

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

    def ident(self, iri: str) -> str:
        """A short name back from ``<base>annotations/<name>`` (or the legacy URN); any other IRI as it is."""
        for prefix in (f"{self.base}annotations/", LEGACY_ANNOTATION_IRI):
            if iri.startswith(prefix) and _SHORT.match(iri[len(prefix) :]):
                return iri[len(prefix) :]
        return iri

    def kind(self, data: Mapping[str, Any], where: str) -> AnnotationKind:
        if "lx:kind" in data:
            kind = data["lx:kind"]
        else:  # made elsewhere: the kind its motivation most likely means; commentary when it has none
            motivations = [m for m in self.listed(data.get("motivation")) if isinstance(m, str)]
            kind = next((KIND_OF[m] for m in motivations if m in KIND_OF), "commentary")
        for known in KINDS:
            if kind == known:
                return known
        raise self.fail(f"{where}.lx:kind", f"unknown kind {kind!r}", f"one of {', '.join(KINDS)}")

    def tag(self, value: str, where: str) -> str:
        """A tag as the annotation files write one: lower case, words joined by ``-`` ("Collective
        Defence" from another client becomes ``collective-defence``)."""
        if re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            return value  # already spelt as the files spell tags
        slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        if not slug:
            raise self.fail(
                f"{where}.value", f"tag {value!r} has no Latin letter or digit", "a tag such as aggression"
            )
        return slug

    def creator(self, value: Any) -> str:
        first = self.listed(value)[0] if value else None
        if isinstance(first, str):
            return first
        if isinstance(first, Mapping):
            for key in ("name", "nickname", "id"):
                if isinstance(first.get(key), str) and first[key]:
                    return str(first[key])
        return ""

    def when(self, value: Any) -> str:
        return value.removesuffix("T00:00:00Z") if isinstance(value, str) else ""

    def annotation(self, value: Any, where: str) -> Annotation:
        data = self.obj(value, where)
        if "Annotation" not in self.listed(data.get("type")):
            raise self.fail(f"{where}.type", f"{data.get('type')!r} is not an Annotation")
        ident = self.ident(self.text(data, "id", where))
        kind = self.kind(data, where)
        text: str | None = data["bodyValue"] if isinstance(data.get("bodyValue"), str) else None
        tags: list[str] = []
        cites: list[Citation] = []
        links: list[str] = []
        for i, raw in enumerate(self.listed(data.get("body", []))):
            at = f"{where}.body[{i}]"
            if isinstance(raw, str):  # a body that is a resource of its own: kept as a link in the text
                links.append(raw)
                continue
            b = self.obj(raw, at)
            types = self.listed(b.get("type"))
            if b.get("purpose") == "tagging" and isinstance(b.get("value"), str):
                tags.append(self.tag(self.text(b, "value", at), at))
            elif "TextualBody" in types or ("value" in b and "source" not in b):
                if text is not None:
                    raise self.fail(at, "a second text body", "one TextualBody that is not a tag")
                text = self.text(b, "value", at)
            elif "SpecificResource" in types and self._is_citation(b):
                cites.append(self.citation(b, at))
            elif isinstance(b.get("id") or b.get("source"), str):
                links.append(str(b.get("id") or b.get("source")))
            else:
                raise self.fail(at, f"body of type {b.get('type')!r}", "TextualBody or SpecificResource")
        if links:
            text = ((text or "").rstrip() + "\n\n" + "\n".join(f"<{link}>" for link in links)).strip()
        if text is None:
            raise self.fail(f"{where}.body", "no text body", "a TextualBody with the Markdown text")
        return Annotation(ident, kind, self.target(data.get("target"), f"{where}.target"), text,
                          tuple(cites), tuple(tags), self.path, None, self.creator(data.get("creator")),
                          self.when(data.get("created")), self.when(data.get("modified")))  # fmt: skip

    def _is_citation(self, b: Mapping[str, Any]) -> bool:
        source = b.get("source")
        return isinstance(source, str) and source.startswith((f"{self.base}sources/", LEGACY_SOURCE_IRI))

    def citation(self, b: Mapping[str, Any], at: str) -> Citation:
        source = self.text(b, "source", at)
        for prefix in (f"{self.base}sources/", LEGACY_SOURCE_IRI):
            source = source.removeprefix(prefix)
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

    def quote(self, selectors: list[Any], where: str) -> tuple[Quote, list[str]]:
        """The TextQuoteSelector among a target's selectors (or inside a RangeSelector or refinedBy), and
        the types of the selectors seen."""
        seen: list[str] = []
        todo = list(selectors)
        while todo:
            sel = self.obj(todo.pop(0), where)
            kind = str(sel.get("type"))
            seen.append(kind)
            if kind == "TextQuoteSelector":
                return Quote(self.text(sel, "exact", where), str(sel.get("prefix", "")),
                             str(sel.get("suffix", ""))), seen  # fmt: skip
            todo += [
                sel[k]
                for k in ("refinedBy", "startSelector", "endSelector")
                if isinstance(sel.get(k), Mapping)
            ]
        return Quote(), seen

    def target(self, raw: Any, where: str) -> Target:
        first = self.listed(raw)[0] if raw else raw
        t: Mapping[str, Any] = {"source": first} if isinstance(first, str) else self.obj(first, where)
        src = t.get("source", t.get("id"))
        if isinstance(src, Mapping):
            src = src.get("id")
        if not isinstance(src, str):
            raise self.fail(f"{where}.source", "missing or not a string")
        akn = _akn_path(src)
        quote, seen = (
            self.quote(self.listed(t["selector"]), f"{where}.selector") if "selector" in t else (Quote(), [])
        )
        if akn is None:  # a document elsewhere (a page of the site, say): placed by its quote on import
            return Target(str(t.get("lx:work") or ""), src, str(t.get("lx:translation") or ""), "", quote)
        if seen and not quote.exact:  # on a text of the corpus, the words are what a selector must give
            raise self.fail(
                f"{where}.selector", f"selector {', '.join(map(repr, seen))}", "TextQuoteSelector"
            )
        uri = FrbrUri.parse(akn)
        expression, eid = str(uri.expression()), uri.eid or ""
        if not uri.is_expression:
            raise self.fail(f"{where}.source", f"{src!r} is not an expression URI", "<work>/<lang>@<date>")
        state = t.get("state")
        if isinstance(state, Mapping) and "sourceDate" in state:
            date = self.text(state, "sourceDate", f"{where}.state")
            if date[:10] != uri.date:
                raise self.fail(f"{where}.state.sourceDate", f"{date} is not the date of {expression}")
        work = str(t.get("lx:work") or uri.work)
        return Target(work, expression, str(t.get("lx:translation") or ""), eid, quote)


_SHORT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _akn_path(iri: str) -> str | None:
    """The AKN URI inside an IRI (``/akn/...`` as it is, or the path of ``https://host/akn/...``)."""
    if iri.startswith("/akn/"):
        return iri
    if _SCHEME.match(iri):
        path = urlsplit(iri).path
        at = path.find("/akn/")
        return path[at:] if at >= 0 else None
    return None


def from_jsonld(data: Any, path: str | None = None, base: str = DEFAULT_BASE) -> tuple[Annotation, ...]:
    """Annotations from a Web Annotation document: one Annotation, a list, an AnnotationPage, or an
    AnnotationCollection whose first page is embedded. Errors name the JSON path of the problem.

    A target on a document that is not an AKN URI (a page of the site, a copy elsewhere) is read with that
    document as its ``expression`` and no translation: :mod:`lexcsto.annotations.placing` finds the
    provision by its quote.
    """
    reader = _Reader(path, base)
    if isinstance(data, list):
        return tuple(reader.annotation(a, f"[{i}]") for i, a in enumerate(data))
    top = reader.obj(data, "$")
    kinds = reader.listed(top.get("type"))
    if "Annotation" in kinds:
        return (reader.annotation(top, "$"),)
    page, where = top, "$"
    if "AnnotationCollection" in kinds:
        page, where = reader.obj(top.get("first"), "$.first"), "$.first"
    if "AnnotationPage" not in reader.listed(page.get("type")):
        raise reader.fail(
            f"{where}.type", f"{page.get('type')!r}", "Annotation, AnnotationPage or Collection"
        )
    items = page.get("items", [])
    if not isinstance(items, list):
        raise reader.fail(f"{where}.items", "not a list")
    return tuple(reader.annotation(a, f"{where}.items[{i}]") for i, a in enumerate(items))


def read_jsonld(path: str | Path, base: str = DEFAULT_BASE) -> tuple[Annotation, ...]:
    """Read a JSON-LD file of annotations, or JSON Lines of standalone annotations (errors name the file,
    and the line for bad JSON)."""
    file = Path(path)
    try:
        text = read_text(file)
    except LoadError as err:
        raise AnnotationError(
            err.path, err.line, f"cannot read: {err.message}", expected=err.expected
        ) from None
    return from_jsonld(parse_json(text, file), str(file), base)


def parse_json(text: str, file: str | Path | None = None) -> Any:
    """One JSON document, or JSON Lines (one document a line) as a list."""
    try:
        return json.loads(text)
    except RecursionError:  # JSON nested a thousand deep: no annotation needs more than a few levels
        raise AnnotationError(file, None, "JSON nested too deep", expected="JSON-LD annotations") from None
    except json.JSONDecodeError as err:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and lines[0].lstrip().startswith("{") and lines[0].rstrip().endswith("}"):
            out = []
            for n, line in enumerate(text.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as bad:
                    raise AnnotationError(
                        file, n, f"not valid JSON: {bad.msg}", expected="JSON Lines"
                    ) from bad
                except RecursionError:
                    raise AnnotationError(
                        file, n, "JSON nested too deep", expected="JSON-LD annotations"
                    ) from None
            return out
        raise AnnotationError(file, err.lineno, f"not valid JSON: {err.msg}", expected="JSON-LD") from err
