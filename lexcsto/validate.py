"""Schema and integrity rules: every problem in a set of AKN files, each as ``path:line: message``.

Validation never stops at the first problem: it collects them all, so that a user fixes a file in one go.

Rules, beyond the strict OASIS schema:

- a file sits where its metadata says: ``<short>/<lang>@<version>[.<source>].xml``;
- eIds are unique within a file;
- every ``ref`` resolves: ``#eId`` within the file, an AKN URI to a work of the corpus (and its eId to a
  provision of some expression of that work);
- every amending instrument named by an event or a modification exists in the corpus;
- entry into force is not before signature;
- every text fragment has a source: each provision with text is named by an ``lx:fragment`` whose source
  is in ``sources.yaml``, and each ``lx:fragment`` names an element that exists;
- at most one date claim of each kind is chosen, and relations point at works of the corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from lexcsto.akn import line_of, local_name, parse_file, schema_errors, xpath
from lexcsto.errors import LoadError, Problem
from lexcsto.load import (
    HIERARCHY,
    SOURCE_FILE_RE,
    WorkFacts,
    bundled_folder,
    element_text,
    expression_files,
    load_sources,
    read_expression,
)
from lexcsto.model import Expression, Source
from lexcsto.uri import split_href


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(expression_files(p) if p.is_dir() else [p])
    return files


def validate(paths: Iterable[str | Path] | None = None) -> list[Problem]:
    """Validate files and folders (default: the bundled corpus); return every problem found.

    References and amending instruments resolve against the files given plus the bundled corpus, so that
    a single imported file can cite the UN Charter.

    >>> validate()
    []
    """
    given = collect_files(paths) if paths is not None else expression_files(bundled_folder("texts"))
    problems: list[Problem] = []
    sources = _sources_for(paths, problems)
    context_files = {f.resolve() for f in expression_files(bundled_folder("texts"))} | {
        f.resolve() for f in given
    }
    trees: dict[Path, etree._Element] = {}
    models: dict[Path, tuple[WorkFacts, Expression]] = {}
    for f in sorted(context_files):
        try:
            trees[f] = parse_file(f)
            models[f] = read_expression(f)
        except LoadError as err:
            if f in {g.resolve() for g in given}:
                problems.append(err.problem)
    eids_by_work: dict[str, set[str]] = {}
    for facts, expression in models.values():
        eids_by_work.setdefault(facts.uri, set()).update(p.eid for p in expression.walk())
    for f in given:
        key = f.resolve()
        if key not in trees:
            continue
        root, (facts, expression) = trees[key], models[key]
        problems.extend(
            Problem(str(f), line, msg, "a document valid against akomantoso30.xsd")
            for line, msg in schema_errors(root)
        )
        problems.extend(_file_rules(f, root, facts, expression, eids_by_work, sources))
    problems.extend(_work_rules(given, models))
    return problems


def _sources_for(paths: Iterable[str | Path] | None, problems: list[Problem]) -> set[str] | None:
    """Source ids from the sources.yaml of each folder given (or of the bundled corpus)."""
    folders = [Path(p) for p in paths if Path(p).is_dir()] if paths is not None else [bundled_folder("texts")]
    folders.append(bundled_folder("texts"))
    ids: set[str] = set()
    found = False
    for folder in folders:
        path = folder / "sources.yaml"
        if path.exists():
            found = True
            try:
                loaded: tuple[Source, ...] = load_sources(path)
            except LoadError as err:
                problems.append(err.problem)
                continue
            ids.update(s.id for s in loaded)
    return ids if found else None


def _file_rules(
    path: Path,
    root: etree._Element,
    facts: WorkFacts,
    expression: Expression,
    eids_by_work: dict[str, set[str]],
    sources: set[str] | None,
) -> list[Problem]:
    out: list[Problem] = []
    p = str(path)
    # Where the file sits.
    m = SOURCE_FILE_RE.match(path.name)
    if m is None:
        out.append(
            Problem(
                p,
                None,
                f"file name {path.name!r} does not follow the convention",
                "<lang>@<YYYY-MM-DD>[.<source>].xml",
            )
        )
    else:
        if m["lang"] != expression.language or m["date"] != expression.date.isoformat():
            out.append(
                Problem(
                    p,
                    None,
                    f"file name says {m['lang']}@{m['date']} but the metadata says "
                    f"{expression.language}@{expression.date.isoformat()}",
                    "the file name to match FRBRExpression",
                )
            )
        if (m["source"] or "") != expression.source and m["source"] is not None:
            out.append(
                Problem(
                    p,
                    None,
                    f"file name names source {m['source']!r} but FRBRauthor names {expression.source!r}",
                    "the same source in both",
                )
            )
    if path.parent.name != facts.short:
        out.append(
            Problem(
                p,
                None,
                f"file is in folder {path.parent.name!r} but the work's short name is {facts.short!r}",
                "the folder named after FRBRalias short",
            )
        )
    if not expression.uri.startswith(facts.uri + "/"):
        out.append(
            Problem(
                p,
                None,
                f"expression URI {expression.uri} is not under work URI {facts.uri}",
                "<work>/<lang>@<date>",
            )
        )
    # Unique eIds.
    seen: dict[str, int | None] = {}
    for el in xpath(root, "//a:*[@eId]"):
        eid = el.get("eId")
        if eid in seen:
            out.append(
                Problem(p, line_of(el), f"duplicate eId {eid!r} (first at line {seen[eid]})", "unique eIds")
            )
        else:
            seen[eid] = line_of(el)
    # References resolve.
    for ref in xpath(root, "//a:ref"):
        href = ref.get("href", "")
        work, eid = split_href(href)
        if not work:
            if eid not in seen:
                out.append(
                    Problem(
                        p,
                        line_of(ref),
                        f"reference {href!r} points at no element of this file",
                        "an existing eId",
                    )
                )
        elif work not in eids_by_work:
            out.append(
                Problem(
                    p,
                    line_of(ref),
                    f"reference {href!r} points at no work of the corpus",
                    "a known work URI",
                )
            )
        elif eid and eid not in eids_by_work[work]:
            out.append(
                Problem(
                    p,
                    line_of(ref),
                    f"reference {href!r}: {work} has no provision {eid!r}",
                    "an existing eId",
                )
            )
    # Amending instruments exist.
    references = {el.get("eId"): el for el in xpath(root, "a:*/a:meta/a:references/*")}
    for ev in xpath(root, "a:*/a:meta/a:lifecycle/a:eventRef"):
        src = references.get((ev.get("source") or "").lstrip("#"))
        if src is None:
            out.append(
                Problem(
                    p,
                    line_of(ev),
                    f"event source {ev.get('source')!r} is not in references",
                    "an eId of references",
                )
            )
        elif (
            local_name(src) in ("passiveRef", "activeRef")
            and split_href(src.get("href", ""))[0] not in eids_by_work
        ):
            out.append(
                Problem(
                    p,
                    line_of(ev),
                    f"amending instrument {src.get('href')!r} is not in the corpus",
                    "a work of the corpus",
                )
            )
    for mod in xpath(root, "//a:textualMod"):
        for end in ("source", "destination"):
            for href in xpath(mod, f"a:{end}/@href"):
                if not str(href).startswith("#") and split_href(str(href))[0] not in eids_by_work:
                    out.append(
                        Problem(
                            p,
                            line_of(mod),
                            f"modification {end} {href!r} is not in the corpus",
                            "a work of the corpus",
                        )
                    )
    # Every text fragment has a source.
    named = {}
    for frag in xpath(root, "//lx:fragment"):
        eid = frag.get("eId", "")
        named[eid] = frag
        if eid not in seen:
            out.append(
                Problem(
                    p,
                    line_of(frag),
                    f"provenance names eId {eid!r}, which is not in the text",
                    "an existing eId",
                )
            )
        src = (frag.get("source") or "").lstrip("#")
        if sources is not None and src not in sources:
            out.append(
                Problem(p, line_of(frag), f"provenance source {src!r} is not in sources.yaml", "a source id")
            )
    for el in xpath(root, "//a:body//*[@eId] | //a:preamble//*[@eId] | //a:preface//*[@eId]"):
        unsourced = local_name(el) in HIERARCHY and element_text(el) and el.get("eId") not in named
        if unsourced and not _inside_quoted_structure(el, named):
            out.append(
                Problem(
                    p,
                    line_of(el),
                    f"text of {el.get('eId')!r} has no source",
                    "an lx:fragment naming it",
                )
            )
    return out


def _inside_quoted_structure(el: etree._Element, named: dict[str, etree._Element]) -> bool:
    """Text quoted inside an amending instrument is covered by the fragment of its quotedStructure."""
    for anc in el.iterancestors():
        if local_name(anc) in ("quotedStructure", "mod") and anc.get("eId") in named:
            return True
    return False


def _work_rules(given: list[Path], models: dict[Path, tuple[WorkFacts, Expression]]) -> list[Problem]:
    out: list[Problem] = []
    by_work: dict[str, list[tuple[Path, WorkFacts]]] = {}
    for f in given:
        if f.resolve() in models:
            facts, _ = models[f.resolve()]
            by_work.setdefault(facts.uri, []).append((f, facts))
    known = {facts.uri for facts, _ in models.values()}
    for uri, items in by_work.items():
        path = str(items[0][0])
        statuses = {fa.status for _, fa in items if fa.status}
        if len(statuses) > 1:
            out.append(
                Problem(path, None, f"{uri}: files disagree on status {sorted(statuses)}", "one status")
            )
        titles = {fa.title for _, fa in items if fa.title}
        if len(titles) > 1:
            out.append(
                Problem(path, None, f"{uri}: files disagree on the title {sorted(titles)}", "one title")
            )
        events = [e for _, fa in items for e in fa.events]
        signed = [e.date for e in events if e.kind in ("signature", "adoption")]
        in_force = [e.date for e in events if e.kind == "entry_into_force"]
        if signed and in_force and min(in_force) < min(signed):
            out.append(
                Problem(
                    path,
                    None,
                    f"{uri}: entry into force {min(in_force)} is before signature {min(signed)}",
                    "entry into force on or after signature",
                )
            )
        claims = [c for _, fa in items for c in fa.claims]
        chosen = Counter(c.kind for c in set(claims) if c.chosen)
        for kind, n in chosen.items():
            if n > 1:
                out.append(
                    Problem(
                        path,
                        None,
                        f"{uri}: {n} date claims of kind {kind!r} are chosen",
                        "exactly one chosen",
                    )
                )
        for kind in {c.kind for c in claims} - set(chosen):
            out.append(
                Problem(path, None, f"{uri}: no date claim of kind {kind!r} is chosen", "exactly one chosen")
            )
        for _, fa in items:
            for r in fa.relations:
                if r.target not in known:
                    out.append(
                        Problem(
                            path,
                            None,
                            f"{uri}: relation {r.kind} points at {r.target}, not in the corpus",
                            "a work of the corpus",
                        )
                    )
    return out
