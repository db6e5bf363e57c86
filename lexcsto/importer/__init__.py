"""Import official texts: plain text or HTML treaties into Akoma Ntoso, in the form of ``texts/``.

The pipeline, one module per step::

    detect     read the file: refuse binary and oversized input, find the encoding and format, slice lines
    markup     HTML (p, b, h*, br) to lines of text with their real line numbers
    clean      PDF debris: named steps, each reported and each switchable (--no-clean STEP)
    structure  title, preamble, parts, chapters, sections, articles, paragraphs, items, final clauses
    akn_writer AKN 3.0 with FRBR metadata, lifecycle, provenance (input lines, lx:clean records) and eIds
    akn_meta   the <meta> blocks as written (also by scripts/build_texts.py, the edition's generator)
    akn_reader AKN back to the structure, and render: the structure as plain text (the round trip)

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "t.txt").write_text("Article 1\\nPurposes\\nThe Parties shall consult.\\n", encoding="utf-8")
>>> result = import_file(folder / "t.txt", ImportOptions("/akn/aa-csto/act/treaty/2001-01-01/demo", "eng",
...                                                      "2001-01-01", "demo", refs=False))
>>> result.summary()["counts"]["articles"], result.document.body[0].heading.text
(1, 'Purposes')

Why not bluebell
----------------
Laws.Africa's ``bluebell`` parses its own indented markup ("ARTICLE 1 - Purposes" followed by an indented
body) into AKN; it does not read a treaty as printed. Building on it would mean writing a converter that
already recognises every heading, number and level, which is the hard part, and then losing what
lexcsto needs most: bluebell's parse tree has no notion of input line numbers, so every element would have
to be aligned back to the original lines for the provenance block, and the PDF cleaning (each fix named,
reported and recorded as ``lx:clean`` against the lines it touched) has to happen, and be traced, before
any markup exists. Its metadata (today's date, empty authors, ``#cobalt``) would all be replaced, and it
parses at about 1 MB/s. So the importer recognises the printed structure itself, keeps the lines through
every step, and writes AKN with lxml; it shares bluebell's conventions (eIds from ``num`` by the AKN
naming convention, canonicalised golden files) but none of its code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from lexcsto.corpus import documents
from lexcsto.corpus.akn import AKN_NS, LX_NS, schema_errors, write_atomic
from lexcsto.corpus.bundled import bundled_folder
from lexcsto.corpus.model import Source
from lexcsto.corpus.queries import Corpus, load_corpus
from lexcsto.corpus.reader import load_sources
from lexcsto.errors import LoadError, TextImportError
from lexcsto.importer import akn_writer, clean, detect, docsource, htmlsource, structure
from lexcsto.importer.meta import WorkMeta
from lexcsto.importer.tree import Document, Fix

__all__ = ["ImportOptions", "ImportResult", "import_bilingual", "import_file", "write"]


@dataclass(frozen=True)
class ImportOptions:
    """What ``lexcsto import`` takes: the work URI, language, version date and source id, and the rest."""

    work: str
    language: str
    version: str
    source: str
    lines: tuple[int, int] | None = None
    encoding: str | None = None
    format: str = "auto"
    disabled: frozenset[str] = frozenset()
    meta_file: str | None = None
    title: str | None = None
    short: str | None = None
    refs: bool = True
    generated: date | None = None
    amends: str | None = None  # the work an amending instrument amends: its instructions are read
    corpus: str | None = None  # the corpus that holds it (default: the bundled one)
    bilingual: bool = False  # the file holds two languages: import only the lines in ``language``


@dataclass(frozen=True)
class ImportResult:
    """An import that succeeded: the structure, the AKN tree, what was cleaned, and the warnings."""

    path: str
    source: detect.SourceText
    meta: WorkMeta
    document: Document
    root: etree._Element
    fixes: tuple[Fix, ...]
    disabled: frozenset[str]
    warnings: tuple[str, ...] = field(default=())

    @property
    def xml(self) -> bytes:
        data: bytes = etree.tostring(
            self.root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        return data

    def summary(self) -> dict[str, Any]:
        """What ``--json`` prints: counts of units, the cleaning steps applied, fragments and warnings."""
        counts = self.document.counts()
        by_step: dict[str, list[int]] = {}
        for fix in self.fixes:
            by_step.setdefault(fix.step, []).append(fix.line)
        steps = [
            {"step": name, "applied": len(by_step.get(name, [])), "lines": by_step.get(name, [])}
            for name in (clean.CONTROL_STEP, *clean.STEP_NAMES)
            if name not in self.disabled
        ]
        if self.source.format == "pdf":
            steps.extend(
                {"step": name, "applied": len(by_step.get(name, [])), "lines": by_step.get(name, [])}
                for name in docsource.PDF_STEPS
                if name not in self.disabled
            )
        if self.source.format == "html" and "footnote-markers" not in self.disabled:
            lines = by_step.get("footnote-markers", [])
            steps.append({"step": "footnote-markers", "applied": len(lines), "lines": lines})
        frags = self.root.findall(f".//{{{LX_NS}}}fragment")
        refs = self.root.findall(f".//{{{AKN_NS}}}ref")
        return {
            "file": self.path,
            "lines": f"{self.source.first}-{self.source.last}",
            "format": self.source.format,
            "encoding": self.source.encoding,
            "work": self.meta.work,
            "expression": self.meta.expression_uri,
            "language": self.meta.language,
            "source": self.meta.source,
            "counts": {
                "chapters": counts["chapters"],
                "articles": counts["articles"],
                "paragraphs": counts["paragraphs"],
                "items": counts["items"],
                "parts": counts["parts"],
                "sections": counts["sections"],
                "signatures": counts["signatures"],
            },
            "title": [b.text for b in self.document.title],
            "preamble_blocks": len(self.document.preamble),
            "conclusion_blocks": len(self.document.conclusions),
            "cleaning": steps,
            "cleaning_disabled": sorted(self.disabled),
            "fragments": len(frags),
            "cleans": sum(len(f) for f in frags),
            "refs": len(refs),
            "warnings": list(self.warnings),
        }


def import_file(path: str | Path, options: ImportOptions) -> ImportResult:
    """Read, clean, recognise and convert ``path``; nothing is written (see :func:`write`)."""
    meta = WorkMeta.build(
        options.work,
        options.language,
        options.version,
        options.source,
        short=options.short,
        title=options.title,
    )
    if options.meta_file:
        meta = meta.with_file(options.meta_file)
    pdf_steps = frozenset(options.disabled) & frozenset(docsource.PDF_STEPS)
    disabled = clean.check_steps(frozenset(options.disabled) - pdf_steps) | pdf_steps
    published = _published(path)
    line_text: Callable[[int], str]
    if published is not None:
        source = detect.SourceText(
            published.path, published.kind, "binary", tuple(d.text for d in published.lines), 1
        )
        lines, fixes = docsource.document_lines(published, disabled)
        line_text = lambda n: source.lines[n - 1]  # noqa: E731
    else:
        source = detect.read_source(path, lines=options.lines, encoding=options.encoding, fmt=options.format)
        source, fixes = clean.control_characters(source, disabled)
        if source.format == "html":
            lines, html_fixes = htmlsource.html_lines(source, disabled)
            fixes.extend(html_fixes)
            by_line: dict[int, str] = {}
            for line in lines:
                by_line[line.no] = f"{by_line[line.no]} {line.text}" if line.no in by_line else line.text
            line_text = lambda n: by_line.get(n, "")  # noqa: E731
        else:
            lines = detect.text_lines(source)
            line_text = lambda n: source.lines[n - source.first]  # noqa: E731
    bilingual_notes: tuple[str, ...] = ()
    if options.bilingual:
        lines, counts = docsource.one_language(lines, meta.language)
        if not lines:
            raise TextImportError(
                source.path, None, f"no line of the file is in {meta.language} (lines by language: {counts})"
            )
        bilingual_notes = (
            "bilingual file: "
            + ", ".join(f"{n} lines in {lang}" for lang, n in sorted(counts.items()))
            + f"; the {meta.language} lines imported",
        )
    cleaned, found = clean.run(lines, disabled, language=meta.language)
    fixes.extend(found)
    document = structure.recognise(cleaned, meta.language, source.path, quotes=bool(options.amends))
    if not meta.title and document.title:
        meta = replace(meta, title=document.title[0].text)
    meta = replace(meta, source_label=_source_label(meta.source))
    # An amending text's quotations become mod elements: its references are left as plain text.
    finder = ref_finder(meta.work, meta.language) if options.refs and not options.amends else None
    root, warnings = akn_writer.build(
        document,
        meta,
        line_text,
        fixes=fixes,
        find_refs=finder,
        generated=options.generated,
        path=source.path,
    )
    if options.amends:
        _amend(root, document, cleaned, meta, options, source.path, line_text)
    if published is not None:
        _document_terms(root, published)
    problems = schema_errors(root)
    if problems:
        where, message = problems[0]
        raise TextImportError(
            source.path,
            None,
            f"the AKN written is not valid ({message}, output line {where})",
            expected="a document valid against akomantoso30.xsd",
        )
    notes = (*(published.notes if published is not None else ()), *bilingual_notes)
    return ImportResult(
        source.path,
        source,
        meta,
        document,
        root,
        tuple(fixes),
        disabled,
        (*notes, *document.warnings, *warnings),
    )


def import_bilingual(
    path: str | Path, options: ImportOptions, languages: Sequence[str]
) -> list[ImportResult]:
    """A file that holds the text in several languages (side by side or one after the other), split by
    language: one expression per language, each with the provenance of its own lines."""
    return [import_file(path, replace(options, language=lang, bilingual=True)) for lang in languages]


def write(result: ImportResult, out: str | Path) -> Path:
    """Write the AKN file: to ``out`` if it names an ``.xml`` file (its folder must exist), else into the
    existing corpus folder ``out`` as ``out/<short>/<lang>@<date>.<source>.xml`` (only the work's own
    folder is made). Nothing else is created: a mistyped path is an error, not a new tree of folders. The
    source must be one the corpus's ``sources.yaml`` lists. The file appears whole or not at all
    (temporary file, then rename)."""
    target = Path(out)
    if target.suffix.lower() == ".xml" and not target.is_dir():
        if not target.parent.is_dir():
            raise TextImportError(
                target.parent, None, "cannot write: no such folder", expected="-o into an existing folder"
            )
    elif not target.is_dir():
        raise TextImportError(
            target, None, "cannot write: no such corpus folder", expected="an existing folder, or -o FILE.xml"
        )
    else:
        target = target / result.meta.short / result.meta.file_name
    check_source(result.meta.source, target)
    write_atomic(result.root, target)
    return target


def _published(path: str | Path) -> documents.PublishedText | None:
    """A PDF or DOCX read as numbered lines (lexcsto.corpus.documents); None for a text or HTML file."""
    if Path(path).suffix.lower() not in (".pdf", ".docx", ".odt"):
        return None
    try:
        return documents.read_published(path)
    except LoadError as err:
        raise TextImportError(err.path, err.line, err.message, expected=err.expected) from None
    except OSError as err:
        raise TextImportError(str(path), None, f"cannot read the file: {err.strerror}") from None


def _document_terms(root: etree._Element, published: documents.PublishedText) -> None:
    """Each fragment's lines also in the document's own terms: ``at="p. 3, l. 12-18"`` or ``para. 12``."""
    for frag in root.iter(f"{{{LX_NS}}}fragment"):
        first, _, last = str(frag.get("lines")).partition("-")
        frag.set("at", documents.where(published.lines, int(first), int(last or first)))


def check_source(source: str, target: Path | None = None) -> None:
    """Refuse a source id the corpus does not list: the ``sources.yaml`` of the corpus ``target`` is in
    (the nearest one above it), or the bundled corpus's when writing nowhere in particular."""
    candidates = [p / "sources.yaml" for p in (target.parents if target is not None else ())][:3]
    listed = next((c for c in candidates if c.is_file()), None)
    if listed is None and target is None:
        listed = bundled_folder("texts") / "sources.yaml"
    if listed is None or not listed.is_file():
        return  # a corpus without a sources file: nothing to check against
    known = [s.id for s in load_sources(listed)]
    if source not in known:
        raise TextImportError(listed, None, f"--source {source!r} is not in the sources of this corpus",
                              expected=f"one of {', '.join(known)} (add it to {listed.name} first)")  # fmt: skip


def _amend(
    root: etree._Element,
    document: Document,
    cleaned: Sequence[detect.Line],
    meta: WorkMeta,
    options: ImportOptions,
    path: str,
    line_text: Callable[[int], str],
) -> None:
    """Read the amending instructions and write them as activeModifications (lexcsto.importer.amendments)."""
    from lexcsto.errors import QueryError
    from lexcsto.importer import amendments
    from lexcsto.importer.tree import KINDS

    assert options.amends is not None
    try:
        corpus = load_corpus(options.corpus) if options.corpus else load_corpus()
        base_work = corpus.work(options.amends)
        try:
            base = corpus.expression_at(base_work.uri, meta.version, meta.language)
        except QueryError:  # signed before the text it amends has a version: its latest text
            dates = corpus.version_dates(base_work.uri, meta.language)
            if not dates:
                raise
            base = corpus.expression_at(base_work.uri, dates[-1], meta.language)
    except (LoadError, QueryError) as err:
        raise TextImportError(path, None, f"--amends {options.amends}: {err}") from None
    body = root.find(f"{{{AKN_NS}}}act/{{{AKN_NS}}}body")
    assert body is not None
    carriers = [
        str(el.get("eId"))
        for el in body.iter()
        if isinstance(el.tag, str) and etree.QName(el).localname in KINDS and el.get("eId")
    ]
    found = amendments.read_amendments(document, cleaned, carriers, meta.language, meta.work, base, path)
    amendments.write_amendments(root, found, base, meta.source, line_text, path)


ORGANISATION = re.compile(r"\s+(?:Organi[sz]ation|Организаци)")


def ref_finder(work: str, language: str) -> akn_writer.RefFinder:
    """Cross-references found by :func:`lexcsto.nlp.references.find_references` (the annotation issue's NLP),
    resolved against the bundled corpus; bare references ("Art. 4") point into the work itself.

    An instrument named without a provision ("the 2002 Charter of the ...", "the Rules of procedure of the
    bodies", "the Treaty") is a reference to that work when the corpus holds it (issue 14): by the name
    table's URI, else by the work whose short name is the table's key; "the Treaty" and "the Charter"
    alone by the table's generic default.
    """
    from lexcsto.nlp import instruments as names
    from lexcsto.nlp import references as refs

    corpus = _corpus()
    generic = {word: key for word, key in names.generic_names(language).items() if key}
    generic_re = re.compile(r"(?<=\bthe )(" + "|".join(map(re.escape, generic)) + r")\b(?! of\b| on\b)")

    # Work URIs by URI and by short name, looked up without raising (a failed Corpus.work builds its
    # suggestions, which costs more than the import of a small text).
    known = {k: w.uri for w in (corpus.works if corpus else ()) for k in (w.uri, w.short)}

    def work_uri(key: str | None, uri: str | None) -> str | None:
        return known.get(uri or "") or known.get(key or "")

    def find(text: str) -> Sequence[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        for r in refs.find_references(text, language, context=work, corpus=corpus):
            href = r.href_from(work)
            internal = href is not None and href.startswith("#")
            if href and (internal or r.found):
                out.append((r.start, r.end, href))
        taken = [(start, end) for start, end, _ in out]

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for a, b in taken)

        for m in names.find_instruments(text, language):
            if ORGANISATION.match(text, m.end):
                continue  # "the Collective Security Treaty Organisation" names the body, not the Treaty
            uri = work_uri(m.instrument, m.work)
            if uri and uri != work and free(m.start, m.end):
                out.append((m.start, m.end, uri))
                taken.append((m.start, m.end))
        for g in generic_re.finditer(text) if generic else ():
            uri = work_uri(generic[g.group(1)], None)
            if uri and uri != work and free(g.start(), g.end()):
                out.append((g.start(), g.end(), uri))
                taken.append((g.start(), g.end()))
        return sorted(out)

    return find


@functools.cache
def _corpus() -> Corpus | None:
    try:
        return load_corpus()
    except LoadError:  # no readable bundled corpus: references to other works are left as plain text
        return None


def _source_label(source: str) -> str:
    """``file: title`` of a source of the bundled corpus, for the ``TLCReference``; else the id."""
    path = bundled_folder("texts") / "sources.yaml"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return source
    s = _bundled_sources(path, stamp).get(source)
    return f"{s.filename}: {s.title}" if s else source


@functools.lru_cache(maxsize=4)
def _bundled_sources(path: Path, stamp: int) -> dict[str, Source]:  # noqa: ARG001 (the cache key)
    """The bundled sources.yaml read once per version of the file, not once per import (parsing it was
    a sixth of what a 30-page PDF's import costs beyond reading the PDF)."""
    try:
        return {s.id: s for s in load_sources(path)}
    except LoadError:
        return {}
