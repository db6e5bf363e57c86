"""Scoring the pipeline against labelled sets: :func:`read_gold` reads a JSON-lines set, :func:`evaluate`
scores :func:`~lexcsto.nlp.pipeline.tag` on it, per label and overall (``lexcsto nlp-eval``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lexcsto.corpus.files import read_text
from lexcsto.corpus.vocabulary import language
from lexcsto.errors import LoadError, NlpError
from lexcsto.nlp.pipeline import LABELS, tag


@dataclass(frozen=True)
class GoldSpan:
    label: str
    start: int
    end: int
    href: str | None = None
    hrefs: tuple[str, ...] = ()  # every target of a REF; when the set gives none, ``(href,)``
    form: str = (
        ""  # a REF's citation form (simple, list, range, pinpoint, anaphora, ...), for per-form figures
    )

    @property
    def targets(self) -> frozenset[str]:
        """The set of provisions a REF cites, which a found REF must equal to count."""
        if self.hrefs:
            return frozenset(self.hrefs)
        return frozenset([self.href]) if self.href else frozenset()


@dataclass(frozen=True)
class GoldExample:
    """One labelled sentence: its text, where it comes from, and the spans a reader marks in it."""

    id: str
    lang: str
    text: str
    spans: tuple[GoldSpan, ...]
    source: str = ""  # a Source.id, or "team" for sentences the team wrote
    lines: str = ""
    context: str | None = None


def read_gold(path: str | Path) -> list[GoldExample]:
    """Read a labelled set (JSON lines). Each span is given by its ``text`` (and ``nth`` occurrence,
    1-based, when the text occurs more than once); offsets are computed here so that the file stays
    readable. Bad lines raise NlpError naming the file and line."""
    examples = []
    path = Path(path)
    try:
        text = read_text(path)
    except LoadError as err:
        raise NlpError(
            err.path, err.line, f"cannot read labelled set: {err.message}", expected=err.expected
        ) from None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"]
            spans = []
            for sp in row["spans"]:
                if sp["label"] not in LABELS:
                    raise NlpError(path, lineno, f"unknown label {sp['label']!r}", expected=", ".join(LABELS))
                # whole words only, so that "CST" is not found inside "CSTO"
                starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(sp['text'])}(?!\w)", text)]
                nth = int(sp.get("nth", 1))
                if len(starts) < nth:
                    raise NlpError(
                        path, lineno, f"span {sp['text']!r} not in the text", expected="a substring"
                    )
                if len(starts) > 1 and "nth" not in sp:
                    raise NlpError(
                        path,
                        lineno,
                        f"span {sp['text']!r} occurs {len(starts)} times",
                        expected="an nth field",
                    )
                start = starts[nth - 1]
                hrefs = sp.get("hrefs") or []
                if not isinstance(hrefs, list) or not all(isinstance(h, str) for h in hrefs):
                    raise NlpError(
                        path, lineno, f"hrefs of {sp['text']!r}: {hrefs!r}", expected="a list of URIs"
                    )
                spans.append(
                    GoldSpan(
                        sp["label"],
                        start,
                        start + len(sp["text"]),
                        sp.get("href"),
                        tuple(hrefs),
                        str(sp.get("form", "")),
                    )
                )
            examples.append(
                GoldExample(
                    row["id"],
                    language(row["lang"]),
                    text,
                    tuple(spans),
                    row.get("source", ""),
                    row.get("lines", ""),
                    row.get("context"),
                )
            )
        except (KeyError, TypeError, ValueError, RecursionError) as err:
            raise NlpError(
                path,
                lineno,
                f"malformed labelled example: {err}",
                expected='{"id", "lang", "text", "spans": [{"label", "text"}]}',
            ) from err
    return examples


@dataclass(frozen=True)
class Score:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Evaluation:
    """Per-label scores over a labelled set, per citation form of the gold REF spans (recall only: a found
    REF has no form), and what was missed or wrongly found."""

    scores: tuple[Score, ...]
    errors: tuple[str, ...] = field(default=())
    forms: tuple[Score, ...] = field(default=())

    def score(self, label: str) -> Score:
        return next(s for s in self.scores if s.label == label)


_Item = tuple[str, int, int, frozenset[str]]  # label, start, end, targets (a REF's only)


def _key(label: str, start: int, end: int, targets: frozenset[str]) -> _Item:
    return (label, start, end, targets if label == "REF" else frozenset())


def _in_text_order(items: set[_Item]) -> list[_Item]:
    # a set of strings iterates in an order that changes with PYTHONHASHSEED; a listing of errors must not
    return sorted(items, key=lambda item: (item[1], item[2], item[0], sorted(item[3])))


def _shown(targets: frozenset[str]) -> str:
    return " ".join(sorted(targets))


def evaluate(examples: Iterable[GoldExample]) -> Evaluation:
    """Exact-match precision and recall per label. A REF counts only with the right span **and** the same
    set of targets (every provision it cites, ranges expanded)."""
    counts: dict[str, list[int]] = {label: [0, 0, 0] for label in LABELS}
    forms: dict[str, list[int]] = {}
    errors: list[str] = []
    for ex in examples:
        found = tag(ex.text, ex.lang, ex.context)
        predicted = {
            _key(f.label, f.start, f.end, frozenset(f.hrefs or ([f.href] if f.href else []))) for f in found
        }
        gold = {_key(s.label, s.start, s.end, s.targets) for s in ex.spans}
        for sp in ex.spans:
            if sp.label == "REF":
                row = forms.setdefault(sp.form or "unmarked", [0, 0, 0])
                row[0 if _key(sp.label, sp.start, sp.end, sp.targets) in predicted else 2] += 1
        for item in predicted & gold:
            counts[item[0]][0] += 1
        for item in _in_text_order(predicted - gold):
            counts[item[0]][1] += 1
            errors.append(
                f"{ex.id}: extra {item[0]} {ex.text[item[1] : item[2]]!r} {_shown(item[3])}".rstrip()
            )
        for item in _in_text_order(gold - predicted):
            counts[item[0]][2] += 1
            errors.append(
                f"{ex.id}: missed {item[0]} {ex.text[item[1] : item[2]]!r} {_shown(item[3])}".rstrip()
            )
    scores = [Score(label, *counts[label]) for label in LABELS]
    total = Score("ALL", *(sum(c[i] for c in counts.values()) for i in range(3)))
    form_scores = tuple(Score(form, *forms[form]) for form in sorted(forms))
    return Evaluation((*scores, total), tuple(errors), form_scores)
