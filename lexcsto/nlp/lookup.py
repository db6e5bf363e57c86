"""What the corpus says about a resolved citation: the work's URI in it, whether it holds the provision,
and where a number cited in a part of a work (``parts.yaml``) is among that part's own numbers.

Resolution (:mod:`lexcsto.nlp.resolution`) works from the tables alone; with a corpus, these lookups
check each reference against the texts, never guessing: a number the corpus does not hold, or holds
twice, keeps the part as a whole.
"""

from __future__ import annotations

from typing import Protocol

from lexcsto.corpus.model import Expression, Provision, Work
from lexcsto.errors import QueryError
from lexcsto.nlp.instruments import Part
from lexcsto.nlp.targets import Target

__all__ = ["ResolvingCorpus", "corpus_uri", "holds_provision", "in_part"]


class ResolvingCorpus(Protocol):
    """What resolution needs from a corpus (``lexcsto.corpus.queries.Corpus`` has it)."""

    def work(self, key: str) -> Work: ...

    def provisions_index(self, expression: Expression) -> dict[str, Provision]: ...


def _num_key(num: str) -> str:
    """A <num> as the citations write it: "5.1.2." -> "5.1.2", "Article 4" -> "4", "(a)" -> "a"."""
    words = num.split()
    return words[-1].strip("().:").lower() if words else ""


def in_part(part: Part, target: Target, corpus: ResolvingCorpus | None) -> str:
    """The eId of a cited provision inside a part, found by its numbers among the part's own <num>s; the
    part's eId when the corpus is not given, the part's numbers are not the cited ones, or the part has no
    such provision or more than one (never a guess)."""
    if corpus is None or not part.pinpoint:
        return part.eid
    try:
        work = corpus.work(part.work)
    except QueryError:  # the corpus does not hold that work; any other failure is a bug and propagates
        return part.eid
    found: set[str] = set()
    for expression in work.expressions:
        scope = corpus.provisions_index(expression).get(part.eid)
        for step in target.eid.split("__"):
            if scope is None:
                break
            unit, _, number = step.partition("_")
            below = [p for p in scope.walk() if p is not scope]
            if number:
                matches = [p for p in below if _num_key(p.num) == number.lower()]
            else:  # a numberless unit ("preamble") is named after itself
                matches = [p for p in below if p.eid.rpartition("__")[2] == unit]
            scope = matches[0] if len(matches) == 1 else None
        if scope is not None:
            found.add(scope.eid)
    return found.pop() if len(found) == 1 else part.eid


def corpus_uri(corpus: ResolvingCorpus, key: str, fallback: str | None) -> str | None:
    for candidate in (key, fallback):
        if candidate:
            try:
                return corpus.work(candidate).uri
            except (
                QueryError
            ):  # the corpus does not hold that work; any other failure is a bug and propagates
                continue
    return fallback


def holds_provision(corpus: ResolvingCorpus, work_uri: str | None, eid: str) -> bool:
    """Whether the corpus holds the provision ``eid`` of the work, in any expression."""
    if work_uri is None:
        return False
    try:
        work = corpus.work(work_uri)
    except QueryError:  # the corpus does not hold that work; any other failure is a bug and propagates
        return False
    return any(eid in corpus.provisions_index(e) for e in work.expressions)
