"""What the importer writes into ``meta``: the FRBR identity from the command-line options, and the
work-level facts (title, events, date claims, relations, status) from an optional YAML file.

>>> m = WorkMeta.build("/akn/aa-csto/act/decision/2003-04-28/provisions-bodies", "eng", "2003-04-28",
...                    "seed-003")
>>> (m.short, m.subtype, m.expression_uri, m.file_name)
('provisions-bodies', 'decision', '/akn/aa-csto/act/decision/2003-04-28/provisions-bodies/eng@2003-04-28', 'eng@2003-04-28.seed-003.xml')
>>> [(e.kind, e.date.isoformat()) for e in m.events]
[('adoption', '2003-04-28')]

The meta file (``--meta FILE``), every key optional::

    title: Decision "On the provisions on the bodies of the CSTO"
    short: provisions-bodies
    status: in force
    default_expression: true
    events:
      - {kind: adoption, date: 2003-04-28}
    date_claims:
      - {kind: adoption, value: 2003-04-28, source: seed-003, lines: 1525-1527, chosen: true, note: "..."}
    relations:
      - {kind: implements, href: /akn/aa-csto/act/charter/2002-10-07/charter, source: seed-003, lines: 1525-1527}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from lexcsto.corpus.files import read_text
from lexcsto.corpus.model import DateClaim, Event, Lines, Relation
from lexcsto.corpus.vocabulary import LANGUAGES
from lexcsto.corpus.yamlfiles import load_yaml
from lexcsto.errors import LoadError, TextImportError

# The work URI: /akn/<place>/<doctype>/[<subtype>/]<date>/<number> (docs/data-model.md).
WORK_URI = re.compile(
    r"^/akn/(?P<place>[a-z]{2}(?:-[a-z0-9]+)?)"  # country code, with the body as locality: aa-csto
    r"/(?P<doctype>act|doc|bill|statement)"  # AKN document type
    r"(?:/(?P<subtype>[a-z][a-z0-9-]*))?"  # treaty, charter, decision, regulation, ...
    r"/(?P<date>\d{4}-\d{2}-\d{2})"  # the work date: signature or adoption
    r"/(?P<number>[a-z0-9][a-z0-9-]*)\Z"  # the number: here a short name (\Z: $ allows a newline)
)
# Subtypes whose own first event is an adoption, not a signature.
ADOPTED = frozenset(
    {"decision", "regulation", "regulations", "resolution", "provision", "provisions", "rules"}
)
EVENT_KINDS = frozenset(
    {
        "signature",
        "adoption",
        "entryIntoForce",
        "registration",
        "accession",
        "amendment",
        "extension",
        "replacement",
        "suspension",
    }
)
_PLAIN_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What XML 1.0 cannot hold (see lexcsto.importer.clean.control_characters).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
META_KEYS = frozenset(
    {"title", "short", "status", "default_expression", "events", "date_claims", "relations", "omitted"}
)


@dataclass(frozen=True)
class OmittedUnit:
    """A provision the sources cite but the imported text does not give (``omitted:`` in a meta file): it is
    written in its place among its siblings, number and ``<omissis/>`` only (issue 14)."""

    parent: str  # the eId of the unit it belongs in ("" for the body)
    kind: str  # article, point, ...
    num: str  # as the text would print it: "2.", "4.6.", "Art. 5."
    note: str = ""  # which source cites it


@dataclass(frozen=True)
class WorkMeta:
    """The identity and the work-level facts of one imported expression."""

    work: str
    language: str
    version: date
    source: str
    short: str
    subtype: str
    doctype: str
    place: str
    work_date: date
    title: str = ""
    source_label: str = ""
    events: tuple[Event, ...] = ()
    claims: tuple[DateClaim, ...] = ()
    relations: tuple[Relation, ...] = ()
    status: str = ""
    default_expression: bool = False
    omitted: tuple[OmittedUnit, ...] = ()

    @classmethod
    def build(
        cls,
        work: str,
        language: str,
        version: str,
        source: str,
        *,
        short: str | None = None,
        title: str | None = None,
    ) -> WorkMeta:
        """Check and combine the command-line options."""
        m = WORK_URI.match(work)
        if not m:
            raise TextImportError(
                None,
                None,
                f"--work {work!r} is not a work URI",
                expected="/akn/<place>/act/<subtype>/<YYYY-MM-DD>/<name>, e.g. /akn/aa-csto/act/treaty/1992-05-15/cst",
            )
        if language not in LANGUAGES:
            raise TextImportError(None, None, f"--lang {language!r} is not supported", expected="eng or rus")
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", source):
            raise TextImportError(
                None,
                None,
                f"--source {source!r} is not a source id",
                expected="lowercase letters, digits, . _ -",
            )
        if title:
            _printable(title, "--title")
        if short is not None:
            short = plain_name(short, "--short")
        subtype = m["subtype"] or m["doctype"]
        work_date = _date(m["date"], "the date in --work")
        first_event = "adoption" if subtype in ADOPTED else "signature"
        return cls(
            work=work,
            language=language,
            version=_date(version, "--date"),
            source=source,
            short=short or m["number"],
            subtype=subtype,
            doctype=m["doctype"],
            place=m["place"],
            work_date=work_date,
            title=title or "",
            events=(Event(work_date, first_event),),
        )

    @property
    def expression_uri(self) -> str:
        return f"{self.work}/{self.language}@{self.version.isoformat()}"

    @property
    def file_name(self) -> str:
        """The corpus file name: ``<lang>@<version>.<source>.xml``."""
        return f"{self.language}@{self.version.isoformat()}.{self.source}.xml"

    def with_file(self, path: str | Path) -> WorkMeta:
        """Merge the facts of a meta YAML file (see the module docstring)."""
        p = Path(path)
        try:
            text = read_text(p)
        except LoadError as err:
            raise TextImportError(
                err.path, err.line, f"cannot read meta file: {err.message}", expected=err.expected
            ) from None
        data = load_yaml(text, str(p), error=TextImportError)
        if not isinstance(data, dict):
            raise TextImportError(
                p, 1, "meta file is not a mapping", expected="keys " + ", ".join(sorted(META_KEYS))
            )
        unknown = sorted(set(data) - META_KEYS)
        if unknown:
            raise TextImportError(
                p, None, f"unknown meta keys {unknown}", expected=", ".join(sorted(META_KEYS))
            )
        meta = self
        if "title" in data:
            meta = replace(meta, title=_printable(str(data["title"]), "title", p))
        if "short" in data:
            meta = replace(meta, short=plain_name(str(data["short"]), "short", p))
        if "status" in data:
            meta = replace(meta, status=_printable(str(data["status"]), "status", p))
        if "default_expression" in data:
            meta = replace(meta, default_expression=bool(data["default_expression"]))
        if "events" in data:
            meta = replace(meta, events=tuple(_event(e, p) for e in _items(data["events"], p, "events")))
        if "date_claims" in data:
            meta = replace(
                meta, claims=tuple(_claim(c, p) for c in _items(data["date_claims"], p, "date_claims"))
            )
        if "relations" in data:
            meta = replace(
                meta, relations=tuple(_relation(r, p) for r in _items(data["relations"], p, "relations"))
            )
        if "omitted" in data:
            meta = replace(
                meta,
                omitted=tuple(
                    OmittedUnit(
                        str(o.get("parent", "")),
                        str(o.get("kind", "")),
                        str(o.get("num", "")),
                        str(o.get("note", "")),
                    )
                    for o in _items(data["omitted"], p, "omitted")
                ),
            )
        return meta


def plain_name(value: str, what: str, path: Path | None = None) -> str:
    """A short name is one folder of the corpus: a plain lowercase name, never a path.

    >>> plain_name("cst", "--short")
    'cst'
    >>> plain_name("../../escape", "--short")
    Traceback (most recent call last):
    ...
    lexcsto.errors.TextImportError: --short '../../escape' is not a plain name (expected lowercase letters, digits and -, e.g. cst or provisions-bodies)
    """
    if not _PLAIN_NAME.fullmatch(value):
        raise TextImportError(
            path,
            None,
            f"{what} {value!r} is not a plain name",
            expected="lowercase letters, digits and -, e.g. cst or provisions-bodies",
        )
    return value


def _printable(value: str, what: str, path: Path | None = None) -> str:
    found = _NOT_XML.findall(value)
    if found:
        shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
        raise TextImportError(
            path, None, f"{what} holds characters XML cannot hold ({shown})", expected="printable text"
        )
    return value


def _date(value: object, what: str, path: Path | None = None) -> date:
    if isinstance(value, date):
        return value
    text = str(value)
    # date.fromisoformat also reads 20100101 and 2010-W01-1; the edition writes dates one way only.
    if not _ISO_DATE.fullmatch(text):
        raise TextImportError(path, None, f"{what} {value!r} is not a date", expected="YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TextImportError(path, None, f"{what} {value!r} is not a date", expected="YYYY-MM-DD") from None


def _items(value: Any, path: Path, key: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TextImportError(path, None, f"{key} is not a list of mappings", expected="- {kind: ..., ...}")
    return value


def _event(item: dict[str, Any], path: Path) -> Event:
    kind = str(item.get("kind", ""))
    if kind not in EVENT_KINDS:
        raise TextImportError(
            path, None, f"unknown event kind {kind!r}", expected=", ".join(sorted(EVENT_KINDS))
        )
    return Event(_date(item.get("date"), f"{kind} date", path), kind, str(item.get("instrument", "")))


def _lines(value: Any, path: Path) -> Lines | None:
    if value in (None, ""):
        return None
    try:
        return Lines.parse(str(value))
    except ValueError as err:
        raise TextImportError(path, None, str(err), expected="lines: START-END") from None


def _claim(item: dict[str, Any], path: Path) -> DateClaim:
    return DateClaim(
        kind=str(item.get("kind", "")),
        value=str(item.get("value", "")),
        source=str(item.get("source", "")),
        lines=_lines(item.get("lines"), path),
        chosen=bool(item.get("chosen", False)),
        note=str(item.get("note", "")),
    )


def _relation(item: dict[str, Any], path: Path) -> Relation:
    return Relation(
        kind=str(item.get("kind", "")),
        target=str(item.get("href", "")),
        note=str(item.get("note", "")),
        source=str(item.get("source", "")),
        lines=_lines(item.get("lines"), path),
    )
