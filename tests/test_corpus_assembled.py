"""``model.assembled`` builds a frozen model value without its dataclass ``__init__`` (the reader's hot
path, issue 13): the value must be the one the constructor gives, whatever the fields hold."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lexcsto.corpus.model import Fragment, Inline, Lines, Provision, assembled

ASSEMBLED = (Provision, Fragment)  # every class the reader builds with assembled()

_text = st.text(max_size=12)
_inline = st.builds(Inline, kind=st.sampled_from(["ref", "term", "def"]), start=st.integers(0, 99),
                    end=st.integers(0, 99), text=_text, target=_text)  # fmt: skip
_lines = st.builds(Lines, start=st.integers(1, 500), end=st.integers(1, 500))


def _provision_values(
    children: st.SearchStrategy[tuple[Provision, ...]],
) -> st.SearchStrategy[dict[str, Any]]:
    """The required fields, and any subset of the others (a field left out takes its default)."""
    return st.fixed_dictionaries(
        {"eid": _text, "kind": _text},
        optional={
            "num": _text,
            "heading": _text,
            "text": _text,
            "omitted": st.booleans(),
            "wid": _text,
            "children": children,
            "inlines": st.tuples(_inline) | st.just(()),
            "line": st.none() | st.integers(1, 10_000),
            "witness": _text,
            "derived": st.booleans(),
        },
    )


_leaf = _provision_values(st.just(())).map(lambda v: Provision(**v))
_provisions = _provision_values(st.lists(_leaf, max_size=3).map(tuple))
_fragments = st.fixed_dictionaries(
    {"eid": _text, "source": _text, "lines": _lines, "text": _text},
    optional={"cleans": st.lists(st.tuples(_text, _text), max_size=2).map(tuple), "note": _text, "at": _text},
)


def _same(made: object, built: object) -> None:
    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert list(vars(made).items()) == list(vars(built).items())  # the fields, in declaration order
    assert pickle.loads(pickle.dumps(made)) == built
    assert dataclasses.replace(made, eid="x") == dataclasses.replace(built, eid="x")  # type: ignore[type-var]


@settings(max_examples=300, derandomize=True)
@given(_provisions)
def test_an_assembled_provision_is_the_constructed_one(values: dict[str, Any]) -> None:
    _same(assembled(Provision, **values), Provision(**values))


@settings(max_examples=200, derandomize=True)
@given(_fragments)
def test_an_assembled_fragment_is_the_constructed_one(values: dict[str, Any]) -> None:
    _same(assembled(Fragment, **values), Fragment(**values))


def test_assembled_classes_have_nothing_their_init_would_run() -> None:
    for cls in ASSEMBLED:
        assert not hasattr(cls, "__post_init__"), cls
        for f in dataclasses.fields(cls):
            assert f.default_factory is dataclasses.MISSING, (cls, f.name)
        with_frozen = assembled(cls, **{f.name: "" for f in dataclasses.fields(cls)})
        try:
            with_frozen.eid = "changed"  # type: ignore[misc]
        except dataclasses.FrozenInstanceError:
            pass
        else:
            raise AssertionError(f"{cls.__name__} built by assembled() is not frozen")
