"""What a reader sees for things the corpus names by id: provisions, sources, versions, dates; and the
library's redlines with those names.

Ids (``art_4__para_1``, ``seed-004``, file names) stay in URLs and tooltips; the page says "Article 4",
"DCAF 2013", "1992 · English, DCAF 2013".

>>> provision_label("article", "Article 4", "")
'Article 4'
>>> provision_label("article", "4.", "Collective Security Council")
'Article 4 – Collective Security Council'
>>> provision_label("hcontainer", "", "")
'Text'
>>> long_date(date(2010, 12, 10))
'10 December 2010'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from lexcsto.compare.translations import translations
from lexcsto.corpus.model import Expression, Source, Work
from lexcsto.corpus.queries import Corpus
from lexcsto.render.html import provision_redline, translations_html
from lexcsto.corpus.vocabulary import LANGUAGE_NAMES

KIND_NAMES = {
    "article": "Article",
    "paragraph": "Paragraph",
    "point": "Point",
    "section": "Section",
    "chapter": "Chapter",
    "part": "Part",
    "preamble": "Preamble",
    "preface": "Preface",
    "conclusions": "Final words",
    "hcontainer": "Text",
    "subparagraph": "Subparagraph",
}

# A number as the text prints it with nothing before it ("4.", "IV", "4.1."): the kind is said before it.
_BARE_NUM = re.compile(r"^\(?[0-9IVXLCivxlc]+(?:\.[0-9]+)*[.)]?$")


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def provision_label(kind: str, num: str, heading: str) -> str:
    """A provision as a reader names it: its number as printed (with its kind when the number is bare),
    then its heading; a provision with neither is named by its kind."""
    kind_name = KIND_NAMES.get(kind, kind.replace("_", " ").capitalize() or "Provision")
    label = num.strip()
    if label and _BARE_NUM.match(label):
        label = (
            f"{kind_name} {label.rstrip('.')}" if kind in ("article", "section", "chapter", "part") else label
        )
    if label and heading:
        return f"{label} – {heading}"
    return label or heading or kind_name


def paragraph_number(num: str, eid: str) -> tuple[str, bool]:
    """The number printed before a paragraph: its own, or (``supplied`` True) the edition's from the
    last step of its eId (``art_4__para_2`` → ``2.``), since a reader cites paragraphs by number.

    >>> paragraph_number("", "art_4__para_2")
    ('2.', True)
    >>> paragraph_number("4.1.", "sec_1__art_4__para_1")
    ('4.1.', False)
    """
    if num:
        return num, False
    last = eid.rpartition("__")[2]
    kind, _, n = last.rpartition("_")
    if kind in ("para", "point", "subpara", "item") and n.isdigit():
        return f"{n}.", True
    return "", False


def provision_names(expressions: Iterable[Expression], eid: str) -> dict[str, str]:
    """Reader labels of ``eid`` and everything below it in any of the expressions, for the redlines:
    a paragraph by its number ("Paragraph 2"), anything else by :func:`provision_label`."""
    names: dict[str, str] = {}
    for e in expressions:
        top = e.find(eid)
        if top is None:
            continue
        for p in top.walk():
            if p.eid in names:
                continue
            num, _ = paragraph_number(p.num, p.eid)
            if p is not top and p.kind in ("paragraph", "point", "subparagraph") and num:
                names[p.eid] = f"{p.kind.capitalize()} {num.rstrip('.')}"
            else:
                names[p.eid] = provision_label(p.kind, p.num, p.heading)
    return names


def redline_html(corpus: Corpus, eid: str, old: Expression, new: Expression) -> str:
    """The library's redline (``lexcsto diff --format html``) with the provisions named for readers."""
    return provision_redline(corpus, eid, old, new, provision_names((new, old), eid))


def translation_view_html(corpus: Corpus, work: Work, eid: str, version: date, language: str) -> str:
    """The renderings of one version side by side, each compared with the edition's default one, with
    the provisions and the sources named for readers."""
    view = translations(corpus, work.uri, eid, version=version, language=language)
    same = [e for e in work.expressions if e.date == version and e.language == language]
    names = {e.source: source_name(corpus.source(e.source), e.source) for e in same if e.source}
    return translations_html(view, labels=provision_names(same, eid), names=names)


def source_name(source: Source | None, fallback: str = "") -> str:
    """A source by its short bibliographic name ("DCAF 2013"), else its title."""
    if source is None:
        return fallback
    return source.short or source.title


def version_label(expression: Expression, source: Source | None, *, full_date: bool) -> str:
    """A version as a reader picks it: "1992 · English, DCAF 2013" (the full date when a year is
    ambiguous among the work's versions)."""
    day = long_date(expression.date) if full_date else str(expression.date.year)
    language = LANGUAGE_NAMES.get(expression.language, expression.language)
    name = source_name(source)
    return f"{day} · {language}, {name}" if name else f"{day} · {language}"


# The edition's notes in texts/ name sources by number ("003 L506", "source 004"), by file name, and cite
# the research notes ("seeds-facts C17", "seeds-facts §2.1.2 (a3)"): written for the editors. The site
# names the sources and leaves the research notes out.
_RESEARCH = re.compile(r"\s*[(;,]?\s*(?:see\s+)?seeds-facts\s+(?:§\s*)?[\w.]+(?:\s*\([a-z0-9]+\))?\)?")
_FILE = re.compile(r"\b(\d{3})_[0-9a-f]{16}\.txt\b")
_SOURCE_LINES = re.compile(r"\b(?:source\s+)?(00\d)\s+L(\d+)(?:\s*[-–]\s*L?(\d+))?")
_SOURCE = re.compile(r"\bsource\s+(00\d)\b")
_LINES = re.compile(r"\bL(\d+)(?:\s*[-–]\s*L?(\d+))?\b")


def reader_text(text: str, name_of: Callable[[str], str]) -> str:
    """Editorial text with sources named, not numbered. ``name_of`` maps a source id ("seed-003") to
    its name.

    >>> names = {"seed-003": "DCAF 2013"}.get
    >>> reader_text("Called so at 003 L506 (seeds-facts C45).", lambda s: names(s, s))
    'Called so at DCAF 2013, line 506.'
    >>> reader_text("As in source 004, L3-4; see 003_0a75eb2eb7119d81.txt", lambda s: names(s, s))
    'As in seed-004, lines 3–4; see DCAF 2013'
    """

    def lines(a: str, b: str | None) -> str:
        return f"lines {a}–{b}" if b and b != a else f"line {a}"

    text = _RESEARCH.sub("", text)
    text = _FILE.sub(lambda m: name_of(f"seed-{m.group(1)}"), text)
    text = _SOURCE_LINES.sub(
        lambda m: f"{name_of('seed-' + m.group(1))}, {lines(m.group(2), m.group(3))}", text
    )
    text = _SOURCE.sub(lambda m: name_of("seed-" + m.group(1)), text)
    text = _LINES.sub(lambda m: lines(m.group(1), m.group(2)), text)
    return text.replace(" .", ".").replace("..", ".")


__all__ = [
    "KIND_NAMES",
    "long_date",
    "paragraph_number",
    "provision_label",
    "provision_names",
    "redline_html",
    "translation_view_html",
    "reader_text",
    "source_name",
    "version_label",
]
