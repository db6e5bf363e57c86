"""Issue 19, findings 6, 7 and 9: every YAML the library reads is bounded (alias bombs, deep nesting),
refuses tags, and turns every parser failure into the caller's LexcstoError with file and line."""

from __future__ import annotations

import time

import pytest

from lexcsto.annotations.store import parse_annotations
from lexcsto.corpus.yamlfiles import ALIAS_ALLOWANCE, load_yaml
from lexcsto.errors import AnnotationError, LexcstoError, LoadError


def _bomb(levels: int = 9, width: int = 10) -> str:
    out = "a0: &a0 [" + ", ".join(["lol"] * width) + "]\n"
    for i in range(1, levels):
        out += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]\n"
    return out


HOSTILE = [
    ("alias bomb", _bomb(), "aliases expand the document"),
    ("deep sequence", "[" * 1000 + "]" * 1000, "nested more than"),
    ("deep mapping", "{a: " * 1000 + "1" + "}" * 1000, "nested more than"),
    ("control character", "a: b\x01\n", "character U+0001 is not allowed"),
    ("explicit tag", "a: !!str 5\n", "YAML tag '!!str' is refused"),
    ("local tag", "a: !thing 5\n", "YAML tag '!thing' is refused"),
    ("python tag", "a: !!python/object/apply:os.system [echo]\n", "is refused"),
    ("unclosed", "a: [1, 2\n", "not valid YAML"),
]


@pytest.mark.parametrize(("case", "text", "message"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_yaml_is_refused_fast_with_a_line(case: str, text: str, message: str) -> None:
    start = time.perf_counter()
    with pytest.raises(LoadError) as info:
        load_yaml(text, "x.yaml")
    assert time.perf_counter() - start < 5
    assert message in info.value.message
    assert str(info.value).startswith("x.yaml:")


@pytest.mark.parametrize(("case", "text", "message"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_annotation_files_refuse_the_same(case: str, text: str, message: str) -> None:
    with pytest.raises(AnnotationError):
        parse_annotations(text, "notes.yaml")


def test_legitimate_aliases_still_load() -> None:
    shared = "shared:\n  t: &t {work: cst, eid: art_2}\nitems: [" + ", ".join(["*t"] * 1000) + "]\n"
    data = load_yaml(shared, "ok.yaml")
    assert len(data["items"]) == 1000
    assert data["items"][0] == {"work": "cst", "eid": "art_2"}


def test_the_cap_is_above_twice_the_document() -> None:
    # An alias to a list of ALIAS_ALLOWANCE // 2 items, used twice: 1.5x the document's own nodes + slack.
    n = ALIAS_ALLOWANCE // 2
    text = "a: &a [" + ", ".join(["1"] * n) + "]\nb: *a\nc: *a\n"
    assert len(load_yaml(text, "ok.yaml")["c"]) == n


def test_standard_tags_are_allowed_only_for_the_editions_own_data() -> None:
    assert load_yaml("a: !!str 5\n", "data.yaml", allow_tags=True) == {"a": "5"}
    with pytest.raises(LexcstoError):
        load_yaml("a: !!python/name:os.system\n", "data.yaml", allow_tags=True)
