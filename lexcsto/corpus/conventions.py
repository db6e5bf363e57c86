"""What any Akoma Ntoso 3.0 document holds, whoever wrote it: its type, its bodies, its units, its eIds.

The edition writes acts with an eId on every unit. Other producers write judgments (``judgmentBody``),
debates (``debateBody``, ``speech``), document collections (``collectionBody/component``), and bills whose
units carry a ``GUID`` (AKN4EU) or an ``xml:id`` (LEOS) but no eId. This module knows those shapes; the
table of names lives in ``lexcsto/data/akn_units.yaml``.

When a unit has no eId, :class:`Naming` derives one by the AKN naming convention (prefix, ``_``, the
number as written, ``__`` between levels; ``nn_N`` for an unnumbered unit) and the provision says it was
derived:

>>> naming = Naming(derive_all=True)
>>> naming.derive("", "article", "Article 3", None)
'art_3'
>>> naming.derive("art_3", "paragraph", "(1)", None)
'art_3__para_1'
>>> naming.derive("art_3", "paragraph", "", None)
'art_3__para_nn_1'
>>> naming.derive("", "hcontainer", "", "schedule")
'schedule_nn_1'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from lexcsto.corpus.yamlfiles import load_yaml

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True)
class UnitTable:
    """The naming convention's prefixes and the document shapes lexcsto reads."""

    prefixes: dict[str, str]
    document_types: frozenset[str]
    bodies: tuple[str, ...]
    units: frozenset[str]
    two_letter: dict[str, str]


@functools.cache
def unit_table() -> UnitTable:
    """The table of ``lexcsto/data/akn_units.yaml``, read once."""
    text = resources.files("lexcsto").joinpath("data/akn_units.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = load_yaml(text, "lexcsto/data/akn_units.yaml")
    return UnitTable(
        prefixes={str(k): str(v) for k, v in data["eid_prefixes"].items()},
        document_types=frozenset(data["document_types"]),
        bodies=tuple(data["bodies"]),
        units=frozenset(u for group in data["units"].values() for u in group),
        two_letter={str(k): str(v) for k, v in data["two_letter_languages"].items()},
    )


_NUM_WORD = re.compile(r"[^\w.-]+", re.UNICODE)


def num_token(num: str) -> str:
    """The number of a unit as the naming convention writes it in an eId: the last word, no brackets.

    >>> num_token("Article 12"), num_token("(b)"), num_token("3."), num_token("Kwanza")
    ('12', 'b', '3', 'Kwanza')
    """
    words = num.split()
    last = words[-1] if words else ""
    return _NUM_WORD.sub("", last).strip(".-")


@dataclass
class Naming:
    """Derives eIds for the units of one document (or one component) that have none.

    ``scope`` is the eId of the component the units belong to: eIds are unique per component, so the
    corpus addresses a component's units as ``<component>__<eId>``.
    """

    derive_all: bool = False  # the document carries no eIds at all: derive one for every unit
    scope: str = ""
    used: set[str] = field(default_factory=set)
    unnumbered: dict[tuple[str, str], int] = field(default_factory=dict)
    derived: int = 0

    def wants(self, kind: str, has_id: bool) -> bool:
        """Whether a unit without an eId gets a derived one (else its children are read through it)."""
        return self.derive_all or has_id or kind in unit_table().units

    def scoped(self, eid: str) -> str:
        """An eId as written, placed in this naming's component."""
        if not self.scope or eid == self.scope or eid.startswith(self.scope + "__"):
            return eid
        return f"{self.scope}__{eid}"

    def derive(self, parent: str, kind: str, num: str, name: str | None) -> str:
        prefix = name if kind == "hcontainer" and name else unit_table().prefixes.get(kind, kind)
        token = num_token(num)
        if not token:
            n = self.unnumbered.get((parent, prefix), 0) + 1
            self.unnumbered[(parent, prefix)] = n
            token = f"nn_{n}"
        base = f"{parent}__{prefix}_{token}" if parent else f"{prefix}_{token}"
        base = self.scoped(base) if not parent else base
        eid, k = base, 1
        while eid in self.used:
            k += 1
            eid = f"{base}_{k}"
        self.used.add(eid)
        self.derived += 1
        return eid
