"""JSON redline: ``from``, ``to`` (expression URIs), ``from_source``, ``to_source`` and ``ops``.

Each op is ``{"op": "equal"|"insert"|"delete", "text", "kind": "substantive"|"wording"|"unknown"|null,
"eid", "attribution": {...}|null}``; applying them to the old text gives the new text.
"""

from __future__ import annotations

import json

from lexcsto.compare.operations import Op
from lexcsto.compare.redline import Redline
from lexcsto.compare.translations import TranslationView


def redline_json(redline: Redline, *, wording: str = "show") -> str:
    data = redline.as_dict()
    if wording == "hide":
        data["ops"] = [o.as_dict() for o in _hide_wording(redline.ops)]
        data["wording"] = "hidden: wording changes are folded into equal text (not replayable)"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _hide_wording(ops: tuple[Op, ...]) -> list[Op]:
    return [
        Op("equal", o.text, None, o.eid) if o.kind == "wording" else o
        for o in ops
        if not (o.kind == "wording" and o.op == "delete")
    ]


def translations_json(view: TranslationView, *, wording: str = "show") -> str:  # noqa: ARG001 (every renderer takes wording; JSON keeps every change)
    return json.dumps(view.as_dict(), ensure_ascii=False, indent=2) + "\n"
