"""Validation profiles: every problem in a set of AKN files, each as ``path:line: message``.

Validation never stops at the first problem: it collects them all, so that a user fixes a file in one go.
Two profiles, each message saying which one its rule belongs to:

``akn`` (any producer): the strict OASIS schema, the standard's integrity rules
(:mod:`lexcsto.corpus.integrity`: eIds unique per component, internal ``#`` hrefs resolve, naming-convention
warnings), what the reader warns about (two-letter languages, derived eIds), and one file per expression.

``edition`` (the CSTO edition) adds:

- a file sits where its metadata says: ``<short>/<lang>@<version>[.<source>].xml``;
- every ``ref`` to an AKN URI names a work of the corpus (and its eId a provision of some expression of
  that work);
- every amending instrument named by an event or a modification exists in the corpus;
- entry into force is not before signature;
- every text fragment has a source: each provision with text is named by an ``lx:fragment`` whose source
  is in ``sources.yaml``, and each ``lx:fragment`` names an element that exists;
- at most one date claim of each kind is chosen, and relations point at works of the corpus;
- every parties file (``<short>/parties.yaml``) names a work of the corpus, gives each event exactly one
  chosen claim with its source and lines, and puts each state's events in a possible order, within the
  instrument's life (:func:`lexcsto.corpus.parties.check`).
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

from lxml import etree

from lexcsto.corpus.akn import (
    AKN_NS,
    LX_NS,
    MAX_FILE_BYTES,
    Meta,
    children_at,
    line_of,
    local_name,
    parse_bytes,
    parse_file,
    proxies,
    strict_schema,
)
from lexcsto.corpus.bundled import bundled_folder
from lexcsto.corpus.files import read_bytes
from lexcsto.corpus.integrity import check as check_integrity
from lexcsto.corpus.integrity import schema_problems
from lexcsto.corpus.model import Event, Expression, Source
from lexcsto.corpus.parties import Life
from lexcsto.corpus.parties import check as check_parties
from lexcsto.corpus.parties_reader import PARTIES_FILE, parties_files, read_parties
from lexcsto.corpus.reader import (
    HIERARCHY,
    SOURCE_FILE_RE,
    CorpusFiles,
    Kept,
    WorkFacts,
    duplicate_of,
    element_text,
    expression_files,
    folder_sources,
    lazy_files,
    load_sources,
    read_skeleton,
    read_skeleton_of,
    require_folder,
)
from lexcsto.corpus.uri import split_href
from lexcsto.corpus.workers import ordered_map
from lexcsto.errors import LoadError, Problem

Profile = Literal["akn", "edition"]


def collect_files(paths: Iterable[str | Path], listed: dict[Path, list[Path]] | None = None) -> list[Path]:
    """The expression files of the files and folders given (``listed``: folders already walked)."""
    files: list[Path] = []
    known = listed or {}
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(known[p] if p in known else expression_files(p))
        elif p.name != PARTIES_FILE:
            files.append(p)
    return files


def collect_parties_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(parties_files(p) if p.is_dir() else [p] if p.name == PARTIES_FILE else [])
    return files


def validate(paths: Iterable[str | Path] | None = None, profile: Profile | None = None) -> list[Problem]:
    """Validate files and folders (default: the bundled corpus); return every problem found, errors and
    warnings (``Problem.severity``), each message naming the profile of its rule.

    ``profile="akn"`` checks what the standard asks of any producer: the strict OASIS schema and the
    integrity rules of :mod:`lexcsto.corpus.integrity`. ``profile="edition"`` adds the edition's rules
    (file names, provenance, sources, references across the corpus). By default a file that carries the
    edition's ``lx:`` metadata (as the bundled corpus does) is checked under ``edition``, any other under
    ``akn``. References and amending instruments resolve against the files given plus the bundled
    corpus, so that a single imported file can cite the UN Charter.

    >>> validate()
    []
    """
    return _validate(paths, profile, keep=False)[0]


def load_and_validate(
    folder: Path | None, profile: Profile | None = None
) -> tuple[CorpusFiles, list[Problem]]:
    """A corpus folder (default: the bundled corpus) read into memory as ``load_corpus(folder,
    index=False)`` reads it (:class:`~lexcsto.corpus.reader.LazyWorks`: each work built on first use)
    and validated as ``validate([folder], profile)`` (``validate(None, profile)`` for the bundled corpus)
    validates it, in one pass: each file is read, parsed, checked against the schema and walked once
    (issue 13: "validation that does not build the model twice"). Both come out as the two calls give
    them: the same works, defaults, sources and load problems, and the same validation problems in the
    same order."""
    target = bundled_folder("texts") if folder is None else folder
    require_folder(target)
    read: dict[Path, tuple[Source, ...] | Problem] = {}
    problems, files, kept = _validate(None if folder is None else [folder], profile, keep=True, read=read)
    found: list[Problem] = []
    # The folder's sources file as validation read it (read once: its YAML is a good part of loading a
    # small corpus), or as folder_sources reads it where validation did not.
    known = read.get(target.resolve()) if (target / "sources.yaml").exists() else None
    if known is None:
        sources = folder_sources(target, found)
    elif isinstance(known, Problem):
        sources = ()
        found.append(known)
    else:
        sources = known
    return lazy_files(files, (kept[f] for f in files), sources, found), problems


def _validate(
    paths: Iterable[str | Path] | None,
    profile: Profile | None,
    keep: bool,
    read: dict[Path, tuple[Source, ...] | Problem] | None = None,
) -> tuple[list[Problem], list[Path], dict[Path, Kept | Problem]]:
    """:func:`validate`; with ``keep``, also the files checked (in the order :func:`collect_files` gives
    them) and what a lazy load keeps of each (or the problem that left it out of the load); ``read``
    gets the sources files read (:func:`_sources_for`)."""
    problems: list[Problem] = []
    listed: dict[Path, list[Path]] = {}  # each folder given, walked once: its expression files
    if paths is not None:
        paths = list(paths)
        # Checking nothing is not "valid": an empty path, or a folder without expression files, is named.
        for p in paths:
            if str(p) == "":
                problems.append(Problem(None, None, "an empty path", expected="a file or folder name"))
            elif Path(p).is_dir() and not listed.setdefault(Path(p), expression_files(Path(p))):
                problems.append(
                    Problem(
                        str(p),
                        None,
                        "no Akoma Ntoso files here",
                        expected="a folder of Akoma Ntoso .xml files",
                    )
                )
        paths = [p for p in paths if str(p) != ""]
    given = collect_files(paths, listed) if paths is not None else expression_files(bundled_folder("texts"))
    sources = _sources_for(paths, problems, read)
    edition: list[Problem] = []
    eids_by_work: dict[str, set[str]] = {}
    facts_of: dict[Path, WorkFacts] = {}
    known: set[str] = set()
    pending: list[_Pending] = []
    first_file: dict[str, str] = {}
    lives: dict[str, tuple[date, list[Event]]] = {}  # work URI -> its date and events, for the parties
    # Each file is checked alone (_check_file: one parse, the tree dropped after), by worker processes when
    # there are many; the results come back in order. Checks that need other files are kept as pending
    # and resolved at the end.
    resolved = _resolve_all(given)
    strict_schema()  # compiled before the workers are forked, so that they share it
    check = functools.partial(
        _check_file, profile=profile, default_edition=paths is None, sources=sources, keep=keep
    )
    kept: dict[Path, Kept | Problem] = {}
    for c in ordered_map(check, sorted(given, key=resolved.__getitem__)):
        if c.kept is not None:
            kept[c.path] = c.kept
        if c.error is not None:
            problems.append(c.error)
            continue
        facts = c.facts
        assert facts is not None  # a file read without error has its facts
        known.add(facts.uri)
        lives.setdefault(facts.uri, (facts.date, []))[1].extend(facts.events)
        eids_by_work.setdefault(facts.uri, set()).update(c.eids)
        problems.extend(c.problems)
        first = first_file.setdefault(c.key, str(c.path))
        if first != str(c.path):
            dup = duplicate_of(*c.expression, first)
            problems.append(replace(dup, message=f"[akn] {dup.message}"))
        if c.edition:
            facts_of[resolved[c.path]] = facts
            edition.extend(c.rules)
            pending.extend(c.later)
    if facts_of:
        given_facts = [(fa.path, fa) for fa in facts_of.values()]
        unresolved = _resolve(pending, eids_by_work)
        if (
            paths is not None
            and (unresolved or any(r.target not in known for _, fa in given_facts for r in fa.relations))
            and bundled_folder("texts").resolve() not in _folders(paths)
        ):
            # The bundled corpus is the context references resolve against, unless it was given whole
            # (by default, or as a folder): then every one of its files was checked already. It is read
            # only when something does not resolve without it: it only adds works and eIds, so where
            # everything resolves among the files given it changes nothing (and reading it cost as much
            # as checking 62 files, issue 13).
            _read_context(set(resolved.values()), eids_by_work, known)
            unresolved = _resolve(pending, eids_by_work)
        edition.extend(unresolved)
        edition.extend(_work_rules(given_facts, known))
    parties = collect_parties_files(paths) if paths is not None else parties_files(bundled_folder("texts"))
    if parties:
        edition.extend(_parties_rules(parties, lives, sources))
    problems.extend(replace(p, message=f"[edition] {p.message}") for p in edition)
    return problems, given, kept


@dataclass(frozen=True)
class _Checked:
    """What checking one file alone found, and what the corpus-wide checks need of it."""

    path: Path
    error: Problem | None = None  # the file could not be read: nothing else is known
    facts: WorkFacts | None = None
    key: str = ""  # the expression's key, and its file, URI and source (for a second file of it)
    expression: tuple[str | None, str, str] = (None, "", "")
    eids: tuple[str, ...] = ()  # of its provisions
    problems: tuple[Problem, ...] = ()  # the reader's warnings, the schema's and the integrity rules'
    edition: bool = False  # checked under the edition's profile
    rules: tuple[Problem, ...] = ()  # the edition's rules that need no other file
    later: tuple[_Pending, ...] = ()  # the checks that do
    kept: Kept | Problem | None = None  # what a lazy load keeps of it, or why it leaves it out (``keep``)


def _check_file(
    path: Path, profile: Profile | None, default_edition: bool, sources: set[str] | None, keep: bool = False
) -> _Checked:
    """One file: parsed once, read as a skeleton (the facts and the provisions' eIds, no provision built
    and no text: the rules read the tree itself, so validation builds none of the model), checked, and
    dropped, so that memory does not grow with the corpus (issue 13). Run in worker processes for a large
    set of files (:mod:`lexcsto.corpus.workers`). With ``keep``, what a lazy load keeps of the file
    (:class:`~lexcsto.corpus.reader.Kept`: the load reads a file exactly so) comes back with it."""
    try:
        data = read_bytes(path, limit=MAX_FILE_BYTES)
        root = parse_bytes(data, path)
        held = proxies(root, len(data))  # noqa: F841  # kept until the file is checked: see proxies
        facts, expression, skeleton = read_skeleton_of(path, root)
    except LoadError as err:
        error = replace(err.problem, message=f"[akn] {err.message}")
        return _Checked(path, error=error, kept=err.problem if keep else None)
    found, eids = check_integrity(path, root)
    any_meta, akn_meta = _metas(root, skeleton.meta)
    edition = (profile or ("edition" if default_edition or _is_edition(any_meta) else "akn")) == "edition"
    rules, later = (
        _file_rules(path, root, facts, expression, sources, eids, akn_meta) if edition else ([], [])
    )
    return _Checked(
        path,
        facts=facts,
        key=expression.key,
        expression=(expression.path, expression.uri, expression.source),
        eids=tuple(skeleton.eids),
        problems=(*facts.warnings, *schema_problems(path, root), *found),
        edition=edition,
        rules=tuple(rules),
        later=tuple(later),
        kept=Kept.of(facts, expression, data) if keep else None,
    )


def _parties_rules(
    files: list[Path], lives: dict[str, tuple[date, list[Event]]], sources: set[str] | None
) -> list[Problem]:
    """The problems of the parties files; a work not among the files given is looked up in the bundled
    corpus (a user's parties file for the CST, say)."""
    out: list[Problem] = []
    seen: dict[str, Path] = {}
    bundled: dict[str, tuple[date, list[Event]]] | None = None
    for path in files:
        try:
            membership = read_parties(path)
        except LoadError as err:
            out.append(err.problem)
            continue
        if membership.work in seen:
            out.append(
                Problem(
                    str(path),
                    1,
                    f"a second parties file for {membership.work} (the first is {seen[membership.work]})",
                    "one parties file per work",
                )
            )
        seen.setdefault(membership.work, path)
        known = lives.get(membership.work)
        if known is None:
            bundled = _bundled_lives() if bundled is None else bundled
            known = bundled.get(membership.work)
        life = Life.of(known[0], known[1]) if known else None
        out.extend(check_parties(membership, life, sources))
    return out


def _bundled_lives() -> dict[str, tuple[date, list[Event]]]:
    out: dict[str, tuple[date, list[Event]]] = {}
    for f in expression_files(bundled_folder("texts")):
        try:
            facts, _, _ = read_skeleton(f)
        except LoadError:
            continue  # the bundled corpus is validated on its own
        out.setdefault(facts.uri, (facts.date, []))[1].extend(facts.events)
    return out


def _is_edition(meta: Meta) -> bool:
    """Whether ``/*/*/a:meta/a:proprietary/lx:*`` selects anything (``meta``: of every element child of
    the root): the file carries the edition's metadata."""
    return bool(meta.at(_PROPRIETARY, f"{{{LX_NS}}}*"))


def _metas(root: etree._Element, read: Meta | None) -> tuple[Meta, Meta]:
    """The meta children of every element child of ``root`` (``/*/*/a:meta/...``), and of its AKN
    children (``/*/a:*/a:meta/...``), which the rules ask about. ``read``: the reader's, of the root's
    first element child; both are that one in a file with one document, in AKN's namespace (every
    file the schema accepts)."""
    docs = [c for c in root if isinstance(c.tag, str)]
    if read is not None and len(docs) == 1:
        return read, read if docs[0].tag.startswith(_A) else Meta()
    return Meta(*docs), Meta(*(d for d in docs if d.tag.startswith(_A)))


def _resolve_all(files: list[Path]) -> dict[Path, Path]:
    """``{f: f.resolve()}`` for every file, each folder resolved once: a resolve stats every folder on
    the way, and a corpus has a few files per folder. A file that is a symbolic link is resolved alone
    (where it points is its own); any other resolves to its resolved folder and its name."""
    folders: dict[Path, Path] = {}
    out: dict[Path, Path] = {}
    for f in files:
        if f in out:
            continue
        name = f.name
        if name in ("", ".", "..") or os.path.islink(f):
            out[f] = f.resolve()
            continue
        parent = f.parent
        real = folders.get(parent)
        if real is None:
            real = folders[parent] = parent.resolve()
        out[f] = real / name
    return out


def _folders(paths: Iterable[str | Path]) -> set[Path]:
    return {Path(p).resolve() for p in paths if Path(p).is_dir()}


def _read_context(given: set[Path], eids_by_work: dict[str, set[str]], known: set[str]) -> None:
    """The bundled corpus's works and eIds, for references from the files given to works they cite."""
    for f in expression_files(bundled_folder("texts")):
        if f.resolve() in given:
            continue
        try:
            root = parse_file(f)
            held = proxies(root, 0)  # noqa: F841  # kept while it is read (see proxies); the files are small
            facts, _, eids = read_skeleton(f, root)
        except LoadError:
            continue  # the bundled corpus is validated on its own
        known.add(facts.uri)
        eids_by_work.setdefault(facts.uri, set()).update(eids)


@dataclass(frozen=True)
class _Pending:
    """A check that needs the whole corpus: does ``href`` name a work (and its eId) the corpus holds?"""

    path: str
    line: int | None
    href: str
    what: str  # "reference" | "amending instrument" | "modification source" | "modification destination"


def _resolve(pending: Iterable[_Pending], eids_by_work: dict[str, set[str]]) -> list[Problem]:
    out: list[Problem] = []
    for item in pending:
        work, eid = split_href(item.href)
        if work not in eids_by_work:
            if item.what == "reference":
                out.append(
                    Problem(
                        item.path,
                        item.line,
                        f"reference {item.href!r} points at no work of the corpus",
                        "a known work URI",
                    )
                )
            else:
                out.append(
                    Problem(
                        item.path,
                        item.line,
                        f"{item.what} {item.href!r} is not in the corpus",
                        "a work of the corpus",
                    )
                )
        elif item.what == "reference" and eid and eid not in eids_by_work[work]:
            out.append(
                Problem(
                    item.path,
                    item.line,
                    f"reference {item.href!r}: {work} has no provision {eid!r}",
                    "an existing eId",
                )
            )
    return out


def _sources_for(
    paths: Iterable[str | Path] | None,
    problems: list[Problem],
    loaded_by: dict[Path, tuple[Source, ...] | Problem] | None = None,
) -> set[str] | None:
    """Source ids from the sources.yaml of each folder given (or of the bundled corpus); ``loaded_by``
    gets each folder's (by its resolved path) sources, or the problem that gave none."""
    folders = [Path(p) for p in paths if Path(p).is_dir()] if paths is not None else [bundled_folder("texts")]
    folders.append(bundled_folder("texts"))
    ids: set[str] = set()
    found = False
    read: set[Path] = set()
    for folder in folders:
        # Each folder once: with no folder given, the bundled corpus is both the folder and the fallback.
        if folder.resolve() in read:
            continue
        read.add(folder.resolve())
        path = folder / "sources.yaml"
        if path.exists():
            found = True
            try:
                loaded: tuple[Source, ...] = load_sources(path)
            except LoadError as err:
                problems.append(err.problem)
                if loaded_by is not None:
                    loaded_by[folder.resolve()] = err.problem
                continue
            if loaded_by is not None:
                loaded_by[folder.resolve()] = loaded
            ids.update(s.id for s in loaded)
    return ids if found else None


def _file_rules(
    path: Path,
    root: etree._Element,
    facts: WorkFacts,
    expression: Expression,
    sources: set[str] | None,
    seen: set[str],
    meta: Meta,
) -> tuple[list[Problem], list[_Pending]]:
    """The rules one file can answer alone, and the checks that must wait for the whole corpus; ``seen``
    is every eId of the file's AKN elements; ``meta``: the meta children of the root's AKN children
    (:func:`_metas`)."""
    out: list[Problem] = []
    later: list[_Pending] = []
    p = str(path)
    # The elements the rules below read, found in one scan of the tree in C (four scans before): the
    # references, the textual modifications, the provenance fragments, and every element named
    # provenance, whose namespace is checked.
    refs: list[etree._Element] = []
    mods: list[etree._Element] = []
    fragments: list[etree._Element] = []
    for el in root.iter(_REF, _TEXTUAL_MOD, _FRAGMENT, "{*}provenance"):
        tag = el.tag
        if tag == _REF:
            refs.append(el)
        elif tag == _TEXTUAL_MOD:
            mods.append(el)
        elif tag == _FRAGMENT:
            fragments.append(el)
        elif _is_foreign_provenance(el):
            # A provenance block in another namespace would be read as no fragments at all: say so
            # (issue 19).
            out.append(
                Problem(
                    p,
                    line_of(el),
                    f"provenance in namespace {etree.QName(el).namespace or '(none)'!r} is not read",
                    f"lx:provenance in {LX_NS}",
                )
            )
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
    # References to other works resolve (internal ones are the akn profile's: see integrity).
    for ref in refs:
        href = ref.get("href", "")
        if split_href(href)[0]:
            later.append(_Pending(p, line_of(ref), href, "reference"))
    # Amending instruments exist.
    references = {el.get("eId"): el for el in meta.at(_A + "references", None)}
    for ev in meta.at(_A + "lifecycle", _A + "eventRef"):
        instrument = references.get((ev.get("source") or "").lstrip("#"))
        if instrument is None:
            out.append(
                Problem(
                    p,
                    line_of(ev),
                    f"event source {ev.get('source')!r} is not in references",
                    "an eId of references",
                )
            )
        elif local_name(instrument) in ("passiveRef", "activeRef"):
            later.append(_Pending(p, line_of(ev), instrument.get("href", ""), "amending instrument"))
    for mod in mods:
        for end in ("source", "destination"):
            for target in children_at(mod, _A + end):  # a:{end}/@href
                value = target.get("href")
                if value is not None and not value.startswith("#"):
                    later.append(_Pending(p, line_of(mod), value, f"modification {end}"))
    # Every text fragment has a source.
    named = {}
    for frag in fragments:
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
    for el in _text_units(root):
        if el.get("eId") in named:
            continue  # a provision's own text is read only when no fragment names it
        if element_text(el) and not _inside_quoted_structure(el, named):
            out.append(
                Problem(
                    p,
                    line_of(el),
                    f"text of {el.get('eId')!r} has no source",
                    "an lx:fragment naming it",
                )
            )
    return out, later


_A = f"{{{AKN_NS}}}"
_REF = f"{{{AKN_NS}}}ref"
_TEXTUAL_MOD = f"{{{AKN_NS}}}textualMod"
_FRAGMENT = f"{{{LX_NS}}}fragment"
_PROPRIETARY = f"{{{AKN_NS}}}proprietary"
_META = f"{{{AKN_NS}}}meta"
_TEXT_HOLDERS = (f"{{{AKN_NS}}}body", f"{{{AKN_NS}}}preamble", f"{{{AKN_NS}}}preface")


def _text_units(root: etree._Element) -> list[etree._Element]:
    """What ``(//a:body | //a:preamble | //a:preface)/descendant::*[@eId]`` selects, in document order,
    less the elements not of the hierarchy: the provisions whose text needs a source. Each holder not
    inside another (whose walk covers it) walked once, its elements' proxies held (see
    :func:`~lexcsto.corpus.akn.proxies`): cheaper than the XPath's union, and than lxml's iterator
    filtered by the hierarchy's forty tags."""
    out: list[etree._Element] = []
    for holder in root.iter(*_TEXT_HOLDERS):
        if next(holder.iterancestors(*_TEXT_HOLDERS), None) is not None:
            continue  # inside a holder already walked
        for el in holder.iterdescendants():
            if el.get("eId") is not None and local_name(el) in HIERARCHY:
                out.append(el)
    return out


def _is_foreign_provenance(el: etree._Element) -> bool:
    """What ``.//a:meta/a:proprietary/*[local-name()='provenance' and namespace-uri()!=$lx]`` selects,
    for an element named provenance."""
    if etree.QName(el).namespace == LX_NS:
        return False
    parent = el.getparent()
    if parent is None or parent.tag != _PROPRIETARY:
        return False
    above = parent.getparent()
    return above is not None and above.tag == _META


def _inside_quoted_structure(el: etree._Element, named: dict[str, etree._Element]) -> bool:
    """Text quoted inside an amending instrument is covered by the fragment of its quotedStructure."""
    for anc in el.iterancestors():
        if local_name(anc) in ("quotedStructure", "mod") and anc.get("eId") in named:
            return True
    return False


def _work_rules(given: list[tuple[Path, WorkFacts]], known: set[str]) -> list[Problem]:
    out: list[Problem] = []
    by_work: dict[str, list[tuple[Path, WorkFacts]]] = {}
    for file, facts in given:
        by_work.setdefault(facts.uri, []).append((file, facts))
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
