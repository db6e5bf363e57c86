"""Reading the corpus from the command line: list, show, versions, refs, validate, provenance."""

import datetime
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

import lexcsto
from lexcsto.cli import (
    CorpusOption,
    JsonOption,
    TextJsonFormat,
    TextLangOption,
    app,
    chosen_format,
    corpus_folder,
    fail,
    open_corpus,
    parse_date_option,
    path_value,
    print_json,
    provision_address,
)
from lexcsto.cli.output import Part, console, table, write
from lexcsto.errors import LexcstoError

if TYPE_CHECKING:
    from lexcsto.corpus.model import Work
    from lexcsto.corpus.queries import Corpus, CrossReference, Listed

__all__ = ["console"]  # lexcsto.cli.membership prints through the same terminal


AddressArgument = Annotated[
    str,
    typer.Argument(
        help="A provision: WORK/EID (cst/art_4, cst/4) or a citation ('CST art. 4', 'ст. 4 ДКБ')."
    ),
]


def _work_row(w: "Listed") -> dict[str, Any]:
    return {
        "short": w.short,
        "uri": w.uri,
        "work": w.uri,
        "doctype": w.doctype,
        "title": w.title,
        "type": w.subtype,
        "signed": w.signed.isoformat() if w.signed else None,
        "in_force": w.in_force.isoformat() if w.in_force else None,
        "status": w.status_label,
        "editorial": list(w.editorial),
        "expressions": w.expressions,
        "external": w.external,
    }


@app.command("list")
def list_works(
    fmt: TextJsonFormat = "text", json_out: JsonOption = False, corpus: CorpusOption = None
) -> None:
    """List the instruments of the corpus: short name, work URI, title, dates, status."""
    fmt = chosen_format(fmt, json_out)
    c = open_corpus(corpus)
    rows = [_work_row(w) for w in c.listing()]
    if fmt == "json":
        print_json(rows)
        return
    header = ("short", "title", "signed", "in force", "status", "work URI")
    cells = [
        (r["short"], r["title"], r["signed"] or "", r["in_force"] or "", r["status"], r["work"]) for r in rows
    ]
    if not sys.stdout.isatty():  # piped: whole values, tab-separated, for the next tool
        for line in (header, *cells):
            sys.stdout.write("\t".join(line) + "\n")
        return
    table(header, cells)


def _force_note(w: "Work", in_force: bool | None, day: datetime.date) -> str:
    """What the header says of the work's force on ``day`` (nothing when it was in force)."""
    if in_force is None:
        return " (no entry into force recorded)"
    if in_force:
        return ""
    if w.ended is not None and day >= w.ended:
        return f" (no longer in force: {w.status or 'ended'} {w.ended.isoformat()})"
    if w.in_force is not None and day >= w.in_force:
        return f" (no longer in force: {w.status})"
    return " (signed, not yet in force)"


@app.command()
def show(
    target: AddressArgument,
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="The date (YYYY-MM-DD): the version in force that day.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Which translation/source, e.g. seed-004.")
    ] = None,
    language: TextLangOption = None,
    state: Annotated[
        str | None,
        typer.Option("--state", help="A state (code or name): was it bound on --as-at, by which version?"),
    ] = None,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
) -> None:
    """Show a provision as at a date (default: its latest version), in English or the work's language;
    with --state, whether that state was bound by it that day, and by which version."""
    # Imported here: lexcsto.cli.membership builds on this module's console and options.
    from lexcsto.cli.membership import binding_row, binding_text

    fmt = chosen_format(fmt, json_out)
    when = parse_date_option(as_at, "--as-at")
    c = open_corpus(corpus, parties=state is not None)
    work, eid = provision_address(c, target)
    loc = c.provision(work, eid, as_at=when, language=language, source=source)
    binding = c.binding(work, state, when or date.today()) if state else None
    text = loc.provision.full_text
    filled = [
        {"eid": p.eid, "source": p.witness, "lines": str(f.lines) if f else None}
        for p, f in ((p, loc.expression.fragment(p.eid)) for p in loc.provision.walk() if p.witness)
    ]
    # An amending provision's own words may be unquoted while the new text it inserts is quoted: show both.
    quoted = [
        {"kind": m.kind, "destination": m.destination, "text": m.new_provision.full_text}
        for m in c.quoted_in(work, eid)
        if m.new_provision is not None
    ]
    if fmt == "json":
        print_json(
            {
                **({"state": binding_row(binding)} if binding else {}),
                "work": loc.work.uri,
                "expression": loc.expression.uri,
                "expression_key": loc.expression.key,
                "eid": loc.provision.eid,
                "as_at": when.isoformat() if when else None,
                "version": loc.expression.date.isoformat(),
                "in_force": loc.in_force,
                "language": loc.expression.language,
                "source": loc.expression.source,
                "translation": loc.expression.translation,
                "witnesses": filled,
                "num": loc.provision.num,
                "heading": loc.provision.heading,
                "omitted": loc.provision.is_fully_omitted,
                "text": text,
                "quoted": quoted,
            }
        )
        return
    from lexcsto.corpus.vocabulary import OMITTED_MARK, provision_label, versioned

    status = _force_note(loc.work, loc.in_force, when or datetime.date.today())
    # The provision and its version as a reader names it (the URI and source ids are in --json).
    name = (
        f" {loc.provision.num} {loc.provision.heading}".rstrip() or f", {provision_label(loc.provision.eid)}"
    )
    e = loc.expression
    version = versioned(e.date, e.language, _source_name(c, e.source)) + status
    lines: list[list[Part]] = [
        [(loc.work.title, "bold"), (name, "")],
        [(version + (f" · as at {when}" if when else "") + f"\n{e.translation}", "dim")],
    ]
    if binding is not None:
        lines.append([(binding_text(c, binding), "")])
    lines.append([])
    labels = {
        f["eid"]: f"  [from {_source_name(c, f['source'] or '')}"
        + (f", lines {f['lines']}]" if f["lines"] else "]")
        for f in filled
    }
    body: list[Part] = []
    blocks = [(p, OMITTED_MARK if p.omitted else p.text) for p in loc.provision.walk() if p.omitted or p.text]
    for i, (p, block) in enumerate(blocks):
        if i:
            body.append(("\n\n", ""))
        body.append((block, "italic dim" if block == OMITTED_MARK else ""))
        if p.eid in labels:
            body.append((labels[p.eid], "dim"))
    lines.append(body)
    if filled:
        lines.append(
            [
                (
                    f"\nBase text from {_source_name(c, loc.expression.source)}; gaps filled from the other "
                    "renderings of this version as labelled (--source SOURCE reads one rendering alone; "
                    "`lexcsto versions` lists them).",
                    "dim",
                )
            ]
        )
    for q in quoted:
        found = c.resolve(q["destination"])
        where = f"{found[0].title}, {provision_label(found[1])}" if found and found[1] else q["destination"]
        lines.append([(f"\n{q['kind']} of {where}, the new text as quoted:", "dim")])
        lines.append([(q["text"], "")])
    write(*lines)


@app.command()
def toc(
    work: Annotated[str, typer.Argument(help="A work: short name or work URI, e.g. cst")],
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="The date (YYYY-MM-DD): the version in force that day.")
    ] = None,
    language: TextLangOption = None,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
) -> None:
    """A work's provisions in document order: eId, kind, number, heading."""
    fmt = chosen_format(fmt, json_out)
    when = parse_date_option(as_at, "--as-at")
    c = open_corpus(corpus)
    expression, units = c.contents(work, as_at=when, language=language)
    rows = [
        {
            "eid": p.eid,
            "kind": p.kind,
            "num": p.num,
            "heading": p.heading,
            "depth": depth,
            "derived": p.derived,
        }
        for depth, p in units
    ]
    if fmt == "json":
        print_json({"work": expression.work, "expression": expression.uri, "units": rows})
        return
    lines: list[list[Part]] = [[(f"{expression.uri} · version of {expression.date}", "dim")]]
    for depth, p in units:
        label = " ".join(x for x in (p.num, p.heading) if x) or p.kind
        lines.append(
            [(f"{'  ' * depth}{p.eid}  {label}", ""), *([(" (eId derived)", "dim")] if p.derived else [])]
        )
    write(*lines)


@app.command()
def versions(
    target: AddressArgument,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
) -> None:
    """The timeline of a provision: every version, the event and instrument that made it."""
    fmt = chosen_format(fmt, json_out)
    c = open_corpus(corpus)
    work, eid = provision_address(c, target)
    entries = c.timeline(work, eid)
    rows = [
        {
            "version": t.expression.date.isoformat(),
            "expression": t.expression.uri,
            "source": t.expression.source,
            "translation": t.expression.translation,
            "event": t.event.kind if t.event else None,
            "instrument": t.instrument or None,
            "amended": t.amended,
            "work_event": t.work_event.kind if t.work_event else None,
            "reading": t.base,
            "witnesses": list(t.expression.witnesses) if t.base else [],
            "present": t.provision is not None,
            "quoted": bool(t.provision and not t.provision.is_fully_omitted),
        }
        for t in entries
    ]
    if fmt == "json":
        print_json(rows)
        return
    cells = []
    for t in entries:
        state = (
            "absent"
            if t.provision is None
            else "not in sources"
            if t.provision.is_fully_omitted
            else "quoted"
        )
        if t.amended is False:
            event, by = "not amended", f"({t.work_event.kind} of other provisions)" if t.work_event else ""
        else:
            event = (t.event.kind if t.event else "") + (" (scope not known)" if t.amended is None else "")
            by = t.instrument or "(original)"
        source = t.expression.source + "".join(f"+{w}" for w in t.expression.witnesses if t.base)
        cells.append((t.expression.date.isoformat(), event, by, source, state))
    table(("version", "event", "instrument", "source", "text"), cells)


@app.command()
def refs(
    target: AddressArgument,
    incoming: Annotated[
        bool, typer.Option("--incoming", help="References to this provision instead.")
    ] = False,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
) -> None:
    """Outgoing references of a provision, or with --incoming the provisions that cite it."""
    fmt = chosen_format(fmt, json_out)
    c = open_corpus(corpus)
    work, eid = provision_address(c, target)
    found = c.incoming(work, eid, amendments=True) if incoming else c.refs(work, eid, amendments=True)
    rows = [asdict(r) for r in found]
    if fmt == "json":
        print_json(rows)
        return
    write(*([(reference_line(c, r), "")] for r in found))


def _source_name(c: "Corpus", source_id: str) -> str:
    """A source by its title, kind and date from sources.yaml (its id when the corpus lists none)."""
    found = c.source(source_id) if source_id else None
    return found.label if found else source_id


def reference_line(c: "Corpus", r: "CrossReference") -> str:
    """A reference as a reader names it: the citing and the cited provision by title and number, the
    words that cite, and the version they are in (ids and URIs are in --json)."""
    from lexcsto.corpus.vocabulary import provision_label, versioned

    def named(work: str, eid: str | None) -> str:
        title = c.work(work).title
        return f"{title}, {provision_label(eid)}" if eid else title

    to = named(r.target_work, r.target_eid) if r.target_work else f"(not in the corpus: {r.href})"
    if r.expression:
        e = c.expression(r.expression)
        origin = "in " + versioned(e.date, e.language, _source_name(c, e.source))
    else:
        source_id, _, lines = r.stated_by.partition(" ")
        origin = f"stated by {_source_name(c, source_id)} {lines}".rstrip() + ", text not quoted"
    if r.kind == "destination":  # its text is "substitution of art_4": the kind of change is what it says
        return f"{named(r.source_work, r.source_eid)} amends {to} ({r.text.split(' of ')[0]}) {origin}"
    words = "quotes a reference to" if r.kind == "quoted" else "cites"
    return f"{named(r.source_work, r.source_eid)} {words} {to}: {r.text!r} {origin}"


@app.command("validate")
def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            parser=path_value,
            help="Files or folders (default: the --corpus folder, else the bundled corpus).",
        ),
    ] = None,
    profile: Annotated[
        Literal["akn", "edition"] | None,
        typer.Option(
            "--profile",
            help="akn: the OASIS schema and the standard's integrity rules, for any producer; edition: "
            "also the CSTO edition's rules. Default: edition for files with the edition's lx: metadata, "
            "akn for any other.",
            show_default=False,
        ),
    ] = None,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
) -> None:
    """Validate AKN files; one line per problem (path:line: [profile] message); exit 1 on any error.

    Warnings (a two-letter language, derived eIds, naming-convention deviations) are printed and never fail.
    """
    fmt = chosen_format(fmt, json_out)
    folder = corpus_folder()
    chosen = paths or ([folder] if folder is not None else None)
    problems = lexcsto.validate(chosen, profile=profile)
    if fmt == "json":
        print_json([asdict(p) for p in problems])
    else:
        for p in problems:
            sys.stdout.write(f"{p}\n")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        sys.stderr.write(f"{errors} errors, {warnings} warnings\n")
        raise typer.Exit(1)
    sys.stderr.write(f"valid ({warnings} warnings)\n" if warnings else "valid\n")


@app.command()
def provenance(
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
    check_against: Annotated[
        Path | None,
        typer.Option(
            "--check",
            help="A folder of the source files: check every fragment against its lines; exit 1 on a mismatch.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Every text fragment of the corpus with its source file and lines (or, with --check, the mismatches)."""
    fmt = chosen_format(fmt, json_out)
    c = open_corpus(corpus)
    if check_against is not None:
        if not check_against.is_dir():
            fail(
                LexcstoError(
                    check_against, None, "no such folder of source files", expected="e.g. ../shared/seeds"
                )
            )
        from lexcsto.corpus.provenance import check as check_provenance

        problems = check_provenance(c, check_against)
        for p in problems:
            sys.stdout.write(f"{p}\n")
        if problems:
            raise typer.Exit(1)
        sys.stderr.write(f"{sum(1 for _ in c.fragments())} fragments found in their sources\n")
        return
    rows = []
    for e, f in c.fragments():
        src = c.source(f.source)
        rows.append(
            {
                "expression": e.uri,
                "expression_key": e.key,
                "eid": f.eid,
                "source": src.filename if src else f.source,
                "source_id": f.source,
                "lines": str(f.lines),
                "at": f.at or None,
                "text": f.text,
            }
        )
    if fmt == "json":
        print_json(rows)
        return
    lines = []
    for r in rows:
        at = f" ({r['at']})" if r["at"] else ""
        lines.append([(f"{r['expression_key']} {r['eid']}  <- {r['source']}:{r['lines']}{at}", "")])
    write(*lines)
