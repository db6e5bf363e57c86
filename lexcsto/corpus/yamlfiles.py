"""Every YAML file lexcsto reads goes through one bounded loader.

PyYAML's safe loader runs no code, but three things still get through it: aliases that expand a few
hundred bytes into billions of nodes (an "alias bomb": PyYAML shares the objects, and whoever walks them
afterwards never finishes), nesting deep enough to overflow Python's stack (``RecursionError``), and
explicit tags (``!!str 5``, ``!!binary``) that change what a value means without saying so. This loader
refuses all three:

- aliases may add at most as many nodes as the document has, plus :data:`ALIAS_ALLOWANCE` (shared
  targets in the annotation files are a legitimate use, a bomb adds millions);
- nesting deeper than :data:`MAX_DEPTH` is refused;
- tags are refused (``allow_tags=True`` keeps the standard ones for the edition's own data files).

Every failure, a malformed file included, is the caller's :class:`~lexcsto.errors.LexcstoError` subclass
with the file and line.

>>> load_yaml("a: &x [1, 2]\\nb: *x\\n", "ok.yaml")
{'a': [1, 2], 'b': [1, 2]}
>>> bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
...     f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\\n" for i in range(8))
>>> load_yaml(bomb, "bomb.yaml")
Traceback (most recent call last):
...
lexcsto.errors.LoadError: bomb.yaml:10: aliases expand the document to more than 100058 nodes (expected YAML without an alias bomb)
>>> load_yaml("n: !!str 5", "tag.yaml")
Traceback (most recent call last):
...
lexcsto.errors.LoadError: tag.yaml:1: YAML tag '!!str' is refused (expected plain YAML values without tags)
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, SequenceNode
from yaml.resolver import Resolver

from lexcsto.errors import LexcstoError, LoadError

# How many nodes aliases may add beyond the document's own (twice the document is always allowed).
ALIAS_ALLOWANCE = 100_000
# Far deeper than any file of the edition (annotations nest five levels), far below Python's stack.
MAX_DEPTH = 64


class _Refused(yaml.MarkedYAMLError):
    def __init__(self, problem: str, expected: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.expected = expected


class _Bounds(Composer):
    """The checks, in the composer: every node is looked at before it is composed."""

    allow_tags = False
    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]  # the parser's, beside this class
        tagged = isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag not in (None, "!")
        if tagged and not self.allow_tags:
            raise _Refused(
                f"YAML tag {_short_tag(event.tag)!r} is refused",
                "plain YAML values without tags",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    f"YAML nested more than {MAX_DEPTH} levels deep",
                    f"at most {MAX_DEPTH} levels",
                    event.start_mark,
                )
            node: Node | None = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        return node


class _BoundedLoader(_Bounds, yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0


class _TaggedLoader(_BoundedLoader):
    allow_tags = True


def _c_loader(allow_tags: bool) -> type | None:
    """The same checks over libyaml's C scanner and parser: the pure-Python scanner was most of the time
    of reading a corpus with parties files (issue 13). None for a PyYAML built without libyaml."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None

    class CBounded(_Bounds, CParser, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)
            self._depth = 0

    CBounded.allow_tags = allow_tags
    return CBounded


_C_LOADERS = {flag: _c_loader(flag) for flag in (False, True)}


def _c_composer() -> tuple[type, type] | None:
    """libyaml's parser alone (for a look at the events) and with PyYAML's composer in C; None without
    libyaml."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None
    return CParser, yaml.CSafeLoader


_C_COMPOSER = _c_composer()


def _within_bounds(parser_class: type, text: str, allow_tags: bool) -> bool:
    """Whether :class:`_Bounds` and :func:`_check_expansion` would let ``text`` through: no node deeper
    than :data:`MAX_DEPTH`, no tag unless ``allow_tags``, and aliases that do not expand the document
    beyond its bound. A look at the parser's events in one loop, so that the document can then be
    composed in C (the composer in Python was most of the time of reading a parties file); the C composer
    checks none of this, and it recurses in C, so it never sees a document this refuses. A document it
    cannot parse, or one whose anchors the composer would refuse (an alias before its anchor's end, an
    anchor given twice), is left to the composer as before (False): its errors are the composer's."""
    parser = parser_class(text)
    depth = 0  # open collections: a node's depth in _Bounds is this plus one
    deepest = 0
    own = 0  # the document's nodes, as _check_expansion counts them
    sizes: dict[str, int] = {}  # anchor -> its node's size with aliases expanded (-1 while it is open)
    anchors: list[str | None] = [None]  # each open collection's anchor (the first: the stream's)
    totals: list[int] = [0]  # and its size so far
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                if not allow_tags and event.tag not in (None, "!"):
                    return False
                own += 1
                anchor = event.anchor
                if anchor is not None and anchor in sizes:
                    return False
                if kind is ScalarEvent:
                    deepest = max(deepest, depth + 1)
                    if anchor is not None:
                        sizes[anchor] = 1
                    totals[-1] += 1
                else:
                    depth += 1
                    deepest = max(deepest, depth)
                    if anchor is not None:
                        sizes[anchor] = -1
                    anchors.append(anchor)
                    totals.append(1)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
                anchor, size = anchors.pop(), totals.pop()
                if anchor is not None:
                    sizes[anchor] = size
                totals[-1] += size
            elif kind is AliasEvent:
                deepest = max(deepest, depth + 1)
                size = sizes.get(event.anchor, -1)
                if size < 0:
                    return False
                totals[-1] += size
    except yaml.YAMLError:
        return False
    finally:
        parser.dispose()
    return deepest <= MAX_DEPTH and totals[0] <= 2 * own + ALIAS_ALLOWANCE


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _check_expansion(root: Node) -> None:
    """Count the nodes of the document as a consumer walking it would meet them (aliases expanded)."""
    own: set[int] = set()
    expanded: dict[int, int] = {}

    def size(node: Node) -> int:
        key = id(node)
        if key in expanded:
            return expanded[key]
        own.add(key)
        expanded[key] = 1  # a cycle counts once (safe_load cannot build one)
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        expanded[key] = total
        return total

    total = size(root)
    limit = 2 * len(own) + ALIAS_ALLOWANCE
    if total > limit:
        raise _Refused(
            f"aliases expand the document to more than {limit} nodes",
            "YAML without an alias bomb",
            root.end_mark,
        )


def compose_yaml(
    text: str, path: str | None, *, error: type[LexcstoError] = LoadError, allow_tags: bool = False
) -> Node | None:
    """The node tree of one YAML document (with marks for line numbers), bounded as described above."""
    try:
        root: Node | None = None
        fast = _C_LOADERS[allow_tags]
        composed = checked = False
        if _C_COMPOSER is not None and _within_bounds(_C_COMPOSER[0], text, allow_tags):
            try:
                root = _compose(_C_COMPOSER[1], text)
                composed = checked = True  # the expansion counted with the bounds
            except yaml.YAMLError:
                pass  # composed again below, whose message and line the user has always had
        if fast is not None and not composed:
            try:
                root = _compose(fast, text)
                composed = True
            except _Refused:
                raise
            except yaml.YAMLError:
                pass  # read again by the pure-Python loader, whose message and line the user has always had
        if not composed:
            root = _compose(_TaggedLoader if allow_tags else _BoundedLoader, text)
        if root is not None and not checked and "*" in text:  # no alias: the nodes are the document's own
            _check_expansion(root)
        return root
    except _Refused as err:
        raise error(path, _line(err), err.problem or "refused YAML", expected=err.expected) from None
    except yaml.YAMLError as err:
        raise error(path, _line(err, text), f"not valid YAML: {_problem(err)}", expected="YAML") from None
    except RecursionError:  # a structure the composer's own recursion cannot hold
        raise error(path, None, "YAML nested too deep", expected=f"at most {MAX_DEPTH} levels") from None


def _compose(loader_class: type, text: str) -> Node | None:
    loader = loader_class(text)
    try:
        root: Node | None = loader.get_single_node()
    finally:
        loader.dispose()
    return root


def load_yaml(
    text: str, path: str | None, *, error: type[LexcstoError] = LoadError, allow_tags: bool = False
) -> Any:
    """The Python value of one YAML document, bounded as described above (``None`` for an empty one)."""
    root = compose_yaml(text, path, error=error, allow_tags=allow_tags)
    return construct_yaml(root, text, path, error=error, allow_tags=allow_tags)


def construct_yaml(
    root: Node | None,
    text: str,
    path: str | None,
    *,
    error: type[LexcstoError] = LoadError,
    allow_tags: bool = False,
) -> Any:
    """:func:`load_yaml` of ``text`` from its node tree ``root`` as :func:`compose_yaml` gave it (for a
    reader that wants both, without composing the document twice). Merge keys are flattened in the
    mappings' nodes, as constructing any document does."""
    if root is None:
        return None
    loader = (_TaggedLoader if allow_tags else _BoundedLoader)("")
    try:
        return loader.construct_document(root)
    except yaml.YAMLError as err:
        raise error(path, _line(err, text), f"not valid YAML: {_problem(err)}", expected="YAML") from None
    finally:
        loader.dispose()


def _line(err: yaml.YAMLError, text: str = "") -> int | None:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    position = getattr(err, "position", None)  # a ReaderError: a character YAML does not allow
    if isinstance(position, int) and text:
        return text[:position].count("\n") + 1
    return None


def _problem(err: yaml.YAMLError) -> str:
    if isinstance(err, yaml.reader.ReaderError):
        char = err.character
        code = char if isinstance(char, int) else ord(char) if isinstance(char, str) and char else 0
        return f"character U+{code:04X} is not allowed in YAML"
    problem = getattr(err, "problem", None)
    if problem:
        return str(problem)
    return " ".join(str(err).split())
