"""When "may" or «может» grants a permission, and when it only says what is possible.

"A member state may withdraw" grants a right; "such a development may complicate the situation" grants
nothing. A list of epistemic phrases ("this may", «может привести», in ``modality.yaml``) catches the
common ones but not the next verb a writer chooses, so the word itself is weighed (issue 18): "may" and
«может» are a permission when

* an action is permitted in the passive ("may be expelled", «может быть исключён»: ``deontic_passive``), or
* someone is there to hold the permission: a state, body, organisation or the parties (the entities
  found before it in the sentence), or a word for an agent (``agents``: "Party", «сторона», "they").

Otherwise ("it may be noted", «эта угроза может быть преувеличена») it is epistemic and no marker. The
words are data (``modality.yaml``: ``agent_modals``, ``agents``, ``deontic_passive``, ``adverbs``); this
module has no spaCy, so that it reads plain offsets.

>>> grants_permission("Any member state may withdraw.", 17, 20, "eng", [(4, 16)])
True
>>> grants_permission("Such a development may complicate matters.", 19, 22, "eng", [])
False
>>> grants_permission("Член может быть исключён из Организации.", 5, 10, "rus", [])
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lexcsto.nlp.tables import fold, phrase_regex, read_table

__all__ = ["grants_permission", "weighed_modals"]

# Where a sentence (or a clause of a list) ends: a full stop before a capital, ";", "!" or "?". "art. 19"
# does not end one.
_BOUNDARY = re.compile(r"[.!?](?=\s+[A-ZА-ЯЁ«\"“(])|[;!?]")


@dataclass(frozen=True)
class _Rules:
    modals: frozenset[str]
    agent: re.Pattern[str] | None
    passive: re.Pattern[str] | None


def _alternatives(words: list[str]) -> str:
    return "|".join(phrase_regex(fold(w)) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _rules(lang: str) -> _Rules:
    table = read_table("modality.yaml")

    def words(key: str) -> list[str]:
        return list((table.get(key) or {}).get(lang) or [])

    agents, passives, adverbs, be = words("agents"), words("deontic_passive"), words("adverbs"), words("be")
    adverb = rf"(?:(?:{_alternatives(adverbs)})\s+)*" if adverbs else ""
    return _Rules(
        modals=frozenset(fold(w) for w in words("agent_modals")),
        agent=re.compile(rf"(?<!\w)(?:{_alternatives(agents)})(?!\w)") if agents else None,
        passive=(
            re.compile(rf"\s+{adverb}(?:{_alternatives(be)})\s+{adverb}(?:{_alternatives(passives)})(?!\w)")
            if passives and be
            else None
        ),
    )


def weighed_modals(lang: str) -> frozenset[str]:
    """The permission markers this module weighs (``agent_modals``), folded; other markers ("is entitled
    to", «вправе») are permissions whatever surrounds them.

    >>> sorted(weighed_modals("rus"))
    ['могут', 'может']
    """
    return _rules(lang).modals


def grants_permission(text: str, start: int, end: int, lang: str, agents: Sequence[tuple[int, int]]) -> bool:
    """Whether the marker ``text[start:end]`` (a word of :func:`weighed_modals`) grants a permission.

    ``agents`` are the (start, end) of the entities that can hold one (states, bodies, organisations, the
    parties), found in the text by the caller.
    """
    rules = _rules(lang)
    folded = fold(text)
    if rules.passive is not None and rules.passive.match(folded, end):
        return True
    boundaries = [m.end() for m in _BOUNDARY.finditer(text, 0, start)]
    sentence = boundaries[-1] if boundaries else 0
    if any(sentence <= s and e <= start for s, e in agents):
        return True
    return rules.agent is not None and rules.agent.search(folded, sentence, start) is not None
