"""The Web Annotation Data Model's requirements, checked offline over a JSON-LD document.

The W3C Recommendation (https://www.w3.org/TR/annotation-model/, 23 February 2017) states what an
annotation MUST and SHOULD be. This module is the project's own reading of those statements, section by
section (§3 annotations, bodies, targets, agents, lifecycle; §4 specific resources, selectors, states;
§5 collections and pages), written from the Recommendation's text; it copies nothing from the working
group's test harness. IRIs are read strictly, as RFC 3986 *absolute* URIs: a relative reference such as
``/akn/...`` is not an IRI that identifies anything by itself.

:func:`must_problems` lists every MUST broken (the export must have none); :func:`should_notes` the
SHOULDs not met, which ``docs/annotations.md`` reports.

>>> must_problems({"@context": "http://www.w3.org/ns/anno.jsonld", "id": "/a/1", "type": "Annotation",
...                "target": "http://example.org/page"})
["$.id: '/a/1' is not an absolute IRI (§3.1 id)"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["ANNO_CONTEXT", "MOTIVATIONS", "is_absolute_iri", "must_problems", "should_notes"]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = frozenset({"assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
                         "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
                         "tagging"})  # fmt: skip
DIRECTIONS = frozenset({"ltr", "rtl", "auto"})

# RFC 3986 §3 and Appendix A: scheme ":" hier-part [ "?" query ] [ "#" fragment ], in the characters the
# grammar allows (unreserved, sub-delims, ":", "@", "/", "?", "#", "[", "]" and %HH escapes).
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})+$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def is_absolute_iri(value: object) -> bool:
    """Whether ``value`` is an absolute URI by RFC 3986 (the JSON Schema ``uri`` format).

    >>> is_absolute_iri("https://lexcsto.example/akn/aa-csto/act/treaty/1992-05-15/cst/eng@1992-05-15/!main~art_4")
    True
    >>> is_absolute_iri("/akn/aa-csto/act/treaty/1992-05-15/cst"), is_absolute_iri("urn:x:a b")
    (False, False)
    """
    return isinstance(value, str) and bool(_ABSOLUTE.match(value))


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [] if value is None else [value]


def _types(node: Mapping[str, Any]) -> list[Any]:
    return _listed(node.get("type"))


class _Checker:
    def __init__(self) -> None:
        self.musts: list[str] = []
        self.shoulds: list[str] = []

    def must(self, ok: bool, where: str, message: str) -> None:
        if not ok:
            self.musts.append(f"{where}: {message}")

    def should(self, ok: bool, where: str, message: str) -> None:
        if not ok:
            self.shoulds.append(f"{where}: {message}")

    def iri(self, value: Any, where: str, rule: str) -> None:
        self.must(is_absolute_iri(value), where, f"{value!r} is not an absolute IRI ({rule})")

    def context(self, node: Mapping[str, Any], where: str) -> None:
        ctx = node.get("@context")
        self.must(ctx is not None, where, "no @context (§3.1)")
        values = _listed(ctx)
        self.must(
            ctx is None or ANNO_CONTEXT in values, f"{where}.@context", f"{ANNO_CONTEXT} missing (§3.1)"
        )
        if len(values) > 1:
            self.should(values[0] == ANNO_CONTEXT, f"{where}.@context", "the anno context should come first")

    # ------------------------------------------------------------------------------------------ §3

    def annotation(self, node: Any, where: str, *, standalone: bool) -> None:
        if not isinstance(node, Mapping):
            self.must(False, where, "an annotation is not a JSON object")
            return
        if standalone:
            self.context(node, where)
        ids = _listed(node.get("id"))
        self.must(len(ids) == 1, where, "an Annotation has exactly one id (§3.1 id)")
        for i in ids:
            self.iri(i, f"{where}.id", "§3.1 id")
        self.must(
            "Annotation" in _types(node), f"{where}.type", "Annotation is not among the types (§3.1 type)"
        )
        self.must(bool(_listed(node.get("target"))), where, "no target (§3.1 target)")
        has_body = "body" in node and bool(_listed(node.get("body")))
        self.should(has_body or "bodyValue" in node, where, "no body (§3.1 body)")
        if "bodyValue" in node:
            self.must(
                isinstance(node["bodyValue"], str), f"{where}.bodyValue", "not a single string (§3.2.5)"
            )
            self.must(not has_body, where, "bodyValue together with body (§3.2.5)")
        for m in _listed(node.get("motivation")):
            self.must(m in MOTIVATIONS or is_absolute_iri(m), f"{where}.motivation",
                      f"{m!r} is neither a Motivation of §3.3.5 nor an IRI")  # fmt: skip
        for key in ("created", "modified", "generated"):
            if key in node:
                self.must(isinstance(node[key], str) and bool(_DATETIME.match(node[key])), f"{where}.{key}",
                          f"{node[key]!r} is not an xsd:dateTime with a timezone (§3.3.1)")  # fmt: skip
        self.should("creator" in node, where, "no creator (§3.3.1)")
        self.should("created" in node, where, "no created (§3.3.1)")
        for key in ("creator", "generator"):
            for i, agent in enumerate(_listed(node.get(key))):
                self.agent(agent, f"{where}.{key}[{i}]")
        for key in ("canonical", "via", "rights"):
            for value in _listed(node.get(key)):
                self.iri(value, f"{where}.{key}", "§3.3.6")
        self.must(len(_listed(node.get("canonical"))) <= 1, where, "more than one canonical (§3.3.6)")
        for i, body in enumerate(_listed(node.get("body"))):
            self.resource(body, f"{where}.body[{i}]", role="body")
        for i, target in enumerate(_listed(node.get("target"))):
            self.resource(target, f"{where}.target[{i}]", role="target")

    def agent(self, agent: Any, where: str) -> None:
        if isinstance(agent, str):
            self.iri(agent, where, "§3.3.2 agents")
            return
        if not isinstance(agent, Mapping):
            self.must(False, where, "an agent is not an IRI or an object (§3.3.2)")
            return
        if "id" in agent:
            self.iri(agent["id"], f"{where}.id", "§3.3.2 agents")
        for email in _listed(agent.get("email")):
            self.must(isinstance(email, str) and email.startswith("mailto:"), f"{where}.email",
                      "not a mailto: IRI (§3.3.2)")  # fmt: skip
        for home in _listed(agent.get("homepage")):
            self.iri(home, f"{where}.homepage", "§3.3.2 agents")
        self.should(len(_listed(agent.get("name"))) == 1, where, "an agent should have one name (§3.3.2)")

    def resource(self, node: Any, where: str, *, role: str) -> None:
        if isinstance(node, str):
            self.iri(node, where, f"§3.2 {role}")
            return
        if not isinstance(node, Mapping):
            self.must(False, where, f"a {role} is not an IRI or an object (§3.2)")
            return
        types = _types(node)
        if "TextualBody" in types:
            self.must(isinstance(node.get("value"), str), f"{where}.value",
                      "a TextualBody has exactly one string value (§3.2.4)")  # fmt: skip
            if "id" in node:
                self.iri(node["id"], f"{where}.id", "§3.2.4")
        elif "SpecificResource" in types or "source" in node:
            self.specific(node, where)
        else:
            self.must("id" in node, where, f"an external {role} has an id (§3.2.1)")
            if "id" in node:
                self.iri(node["id"], f"{where}.id", "§3.2.1")
        self.described(node, where)
        for p in _listed(node.get("purpose")):
            self.must(p in MOTIVATIONS, f"{where}.purpose", f"{p!r} is not a Motivation (§3.3.5)")

    def described(self, node: Mapping[str, Any], where: str) -> None:
        for lang in _listed(node.get("language")):
            self.should(isinstance(lang, str) and bool(_BCP47.match(lang)), f"{where}.language",
                        f"{lang!r} is not a BCP 47 tag (§3.2.3)")  # fmt: skip
        if "textDirection" in node:
            self.must(
                node["textDirection"] in DIRECTIONS, f"{where}.textDirection", "not ltr, rtl or auto (§3.2.3)"
            )
        for key in ("format", "language", "processingLanguage"):
            for value in _listed(node.get(key)):
                self.must(
                    isinstance(value, str) and value != "",
                    f"{where}.{key}",
                    "not a non-empty string (§3.2.3)",
                )

    # ------------------------------------------------------------------------------------------ §4

    def specific(self, node: Mapping[str, Any], where: str) -> None:
        sources = _listed(node.get("source"))
        self.must(len(sources) == 1, where, "a SpecificResource has exactly one source (§4)")
        for src in sources:
            if isinstance(src, Mapping):
                self.iri(src.get("id"), f"{where}.source.id", "§4 source")
                self.described(src, f"{where}.source")
                self.should("format" in src, f"{where}.source", "no format (§3.2.3)")
                self.should("language" in src, f"{where}.source", "no language (§3.2.3)")
            else:
                self.iri(src, f"{where}.source", "§4 source")
                self.should(False, f"{where}.source", "no format or language for the source (§3.2.3)")
        for i, sel in enumerate(_listed(node.get("selector"))):
            self.selector(sel, f"{where}.selector[{i}]")
        for i, state in enumerate(_listed(node.get("state"))):
            self.state(state, f"{where}.state[{i}]")
        for key in ("scope", "styleClass", "renderedVia"):
            if key == "scope":
                for value in _listed(node.get(key)):
                    self.iri(value, f"{where}.scope", "§4.4")

    def selector(self, sel: Any, where: str) -> None:
        if isinstance(sel, str):
            self.iri(sel, where, "§4.2 selectors")
            return
        if not isinstance(sel, Mapping):
            self.must(False, where, "a selector is not an IRI or an object (§4.2)")
            return
        kind = sel.get("type")
        self.must(isinstance(kind, str), f"{where}.type", "a selector has one type (§4.2)")
        if kind in ("FragmentSelector", "CssSelector", "XPathSelector"):
            self.must(
                isinstance(sel.get("value"), str), f"{where}.value", f"a {kind} has exactly one value (§4.2)"
            )
            if kind == "FragmentSelector":
                self.should("conformsTo" in sel, where, "a FragmentSelector should say what it conforms to")
                if "conformsTo" in sel:
                    self.iri(sel["conformsTo"], f"{where}.conformsTo", "§4.2.1")
        elif kind == "TextQuoteSelector":
            self.must(isinstance(sel.get("exact"), str), f"{where}.exact", "exactly one exact (§4.2.4)")
            for key in ("prefix", "suffix"):
                if key in sel:
                    self.must(
                        isinstance(sel[key], str), f"{where}.{key}", f"at most one {key} string (§4.2.4)"
                    )
        elif kind == "TextPositionSelector":
            for key in ("start", "end"):
                value = sel.get(key)
                self.must(isinstance(value, int) and not isinstance(value, bool) and value >= 0,
                          f"{where}.{key}", f"exactly one non-negative integer {key} (§4.2.5)")  # fmt: skip
        elif kind == "DataPositionSelector":
            for key in ("start", "end"):
                self.must(
                    isinstance(sel.get(key), int), f"{where}.{key}", f"exactly one integer {key} (§4.2.6)"
                )
        elif kind == "SvgSelector":
            self.must(
                ("value" in sel) != ("id" in sel), where, "an SvgSelector has a value or an id (§4.2.7)"
            )
        elif kind == "RangeSelector":
            for key in ("startSelector", "endSelector"):
                self.must(isinstance(sel.get(key), Mapping), f"{where}.{key}", f"exactly one {key} (§4.2.9)")
                if isinstance(sel.get(key), Mapping):
                    self.selector(sel[key], f"{where}.{key}")
        if "refinedBy" in sel:
            for i, inner in enumerate(_listed(sel["refinedBy"])):
                self.selector(inner, f"{where}.refinedBy[{i}]")

    def state(self, state: Any, where: str) -> None:
        if isinstance(state, str):
            self.iri(state, where, "§4.3 states")
            return
        if not isinstance(state, Mapping):
            self.must(False, where, "a state is not an IRI or an object (§4.3)")
            return
        if state.get("type") == "TimeState":
            single = "sourceDate" in state
            pair = "sourceDateStart" in state and "sourceDateEnd" in state
            self.must(single != pair, where, "a TimeState has a sourceDate, or a start and an end (§4.3.1)")
            for key in ("sourceDate", "sourceDateStart", "sourceDateEnd"):
                if key in state:
                    value = state[key]
                    self.must(isinstance(value, str) and bool(_DATETIME.match(value)) and value.endswith("Z"),
                              f"{where}.{key}", f"{value!r} is not an xsd:dateTime in UTC, Z (§4.3.1)")  # fmt: skip
            if "cached" in state:
                for value in _listed(state["cached"]):
                    self.iri(value, f"{where}.cached", "§4.3.1")
        elif state.get("type") == "HttpRequestState":
            self.must(isinstance(state.get("value"), str), f"{where}.value", "exactly one value (§4.3.2)")

    # ------------------------------------------------------------------------------------------ §5

    def page(self, page: Any, where: str, collection: str | None) -> None:
        if not isinstance(page, Mapping):
            self.must(False, where, "a page is not a JSON object")
            return
        self.iri(page.get("id"), f"{where}.id", "§5.2 page id")
        self.must(
            "AnnotationPage" in _types(page), f"{where}.type", "AnnotationPage is not among the types (§5.2)"
        )
        items = page.get("items")
        self.must(
            isinstance(items, list) and bool(items), f"{where}.items", "a page has one or more items (§5.2)"
        )
        for key in ("next", "prev"):
            if key in page:
                self.iri(page[key], f"{where}.{key}", "§5.2")
        if "partOf" in page:
            part = page["partOf"]
            self.iri(part.get("id") if isinstance(part, Mapping) else part, f"{where}.partOf", "§5.2 partOf")
        else:
            self.should(collection is None, where, "no partOf (§5.2)")
        self.should("startIndex" in page, where, "no startIndex (§5.2)")
        if "startIndex" in page:
            value = page["startIndex"]
            self.must(
                isinstance(value, int) and value >= 0,
                f"{where}.startIndex",
                "not a non-negative integer (§5.2)",
            )
        for i, item in enumerate(items if isinstance(items, list) else []):
            self.annotation(item, f"{where}.items[{i}]", standalone=False)

    def document(self, doc: Any) -> None:
        if isinstance(doc, list):  # JSON Lines: standalone annotations
            for i, item in enumerate(doc):
                self.annotation(item, f"[{i}]", standalone=True)
            return
        if not isinstance(doc, Mapping):
            self.must(False, "$", "not a JSON object")
            return
        types = _types(doc)
        if "Annotation" in types or "target" in doc:
            self.annotation(doc, "$", standalone=True)
            return
        self.context(doc, "$")
        if "AnnotationPage" in types:
            self.page(doc, "$", None)
            return
        self.must(
            "AnnotationCollection" in types, "$.type", "not an Annotation, AnnotationPage or Collection"
        )
        self.iri(doc.get("id"), "$.id", "§5.1 collection id")
        self.should("label" in doc, "$", "no label (§5.1)")
        total = doc.get("total")
        if total is not None:
            self.must(isinstance(total, int) and total >= 0, "$.total", "not a non-negative integer (§5.1)")
        if total:
            self.must("first" in doc, "$", "a collection with annotations has a first page (§5.1)")
        self.should("last" in doc or not total, "$", "no last page (§5.1)")
        first = doc.get("first")
        if isinstance(first, Mapping):
            self.page(first, "$.first", str(doc.get("id")))
        elif first is not None:
            self.iri(first, "$.first", "§5.1 first")
        if "last" in doc:
            last = doc["last"]
            self.iri(last.get("id") if isinstance(last, Mapping) else last, "$.last", "§5.1 last")


def _empty_values(node: Any, where: str) -> Iterator[str]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if value in ("", [], {}, None):
                yield f"{where}.{key}: empty value"
            else:
                yield from _empty_values(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _empty_values(value, f"{where}[{i}]")


def must_problems(document: Any) -> list[str]:
    """Every MUST of the Data Model that ``document`` breaks (a collection, a page, an annotation, or a
    list of standalone annotations), each as ``json-path: what (§ of the Recommendation)``."""
    checker = _Checker()
    checker.document(document)
    return checker.musts


def should_notes(document: Any) -> list[str]:
    """The SHOULDs not met, and values left empty (the model never needs an empty string or list)."""
    checker = _Checker()
    checker.document(document)
    return checker.shoulds + list(_empty_values(document, "$"))
