"""Annotations from the command line: ``anchors``, ``annotations export`` and ``annotations import``."""

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import lexcsto
from lexcsto.annotations import STATUSES
from lexcsto.cli import (
    CorpusOption,
    JsonOption,
    TextJsonFormat,
    app,
    chosen_format,
    fail,
    open_corpus,
    path_value,
)
from lexcsto.errors import AnnotationError, LexcstoError

if TYPE_CHECKING:
    from lexcsto.annotations.anchoring import AnchorResult
    from lexcsto.annotations.annotation import Annotation
    from lexcsto.corpus.queries import Corpus

AnnotationsOption = Annotated[
    Path | None,
    typer.Option("--annotations", help="An annotation folder (or file) instead of the bundled one.",
                 show_default=False),
]  # fmt: skip

annotations_app = typer.Typer(
    no_args_is_help=True, help="Export and import annotations (W3C Web Annotation)."
)
app.add_typer(annotations_app, name="annotations")


def _load(corpus: Path | None, annotations: Path | None) -> "tuple[Corpus, tuple[Annotation, ...]]":
    from lexcsto.annotations.store import read_annotations
    from lexcsto.corpus.bundled import bundled_folder

    c = open_corpus(corpus)
    return c, read_annotations(annotations or bundled_folder("annotations"), c)


def _write(path: Path, text: str) -> None:
    """Write through the one atomic writer: never a half-written file, nothing left after a kill."""
    from lexcsto.corpus.files import write_atomic

    write_atomic(path, text)


def _target(r: "AnchorResult") -> str:
    t = r.annotation.target
    where = f"{t.work}/{t.eid}" if t.eid else t.work
    return f'{where} "{t.quote.exact}"' if t.quote.exact else where


@app.command()
def anchors(
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    status: Annotated[
        str | None, typer.Option("--status", help=f"Only anchors with this status ({', '.join(STATUSES)}).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any annotation is orphaned.")] = False,
    corpus: CorpusOption = None,
    annotations: AnnotationsOption = None,
) -> None:
    """Resolve every annotation in every expression of its work: status (anchored, fuzzy, moved,
    not-in-source, orphaned) and score, per expression."""
    fmt = chosen_format(fmt, json_out)
    if status is not None and status not in STATUSES:
        raise typer.BadParameter(f"{status!r} (expected one of {', '.join(STATUSES)})", param_hint="--status")
    try:
        c, anns = _load(corpus, annotations)
        results = lexcsto.anchor(c, anns)
    except LexcstoError as err:
        fail(err)
    if status is not None:
        results = [r for r in results if any(a.status == status for a in r.anchors)]
    orphans = sum(len(r.orphaned) for r in results)
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2) + "\n")
    else:
        counts: Counter[str] = Counter()
        for r in results:
            sys.stdout.write(f"{r.annotation.id}  {_target(r)}\n")
            for a in r.anchors:
                counts[a.status] += 1
                if status is not None and a.status != status:
                    continue
                score = "" if a.score is None else f"{a.score:5.1f}"
                moved = f" -> {a.eid}" if a.status == "moved" else ""
                sys.stdout.write(f"  {a.status:<13} {score:>5}  {a.expression}{moved}\n")
        summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
        sys.stdout.write(f"{len(results)} annotations; anchors: {summary}\n")
    if strict and orphans:
        sys.stderr.write(f"lexcsto: {orphans} orphaned anchor(s)\n")
        raise typer.Exit(1)


BaseOption = Annotated[
    str | None,
    typer.Option(
        "--base",
        help="The base IRI of the edition (default: site_url of ./mkdocs.yml, else https://lexcsto.example/).",
        show_default=False,
    ),
]


def _base(base: str | None) -> str:
    """The base the ids are absolute against: the option, the site's URL in ./mkdocs.yml, the default."""
    from lexcsto.annotations.jsonld import DEFAULT_BASE

    if base:
        return base
    config = Path("mkdocs.yml")
    if config.is_file():
        import yaml

        try:
            url = (yaml.load(config.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}).get(
                "site_url"
            )
        except yaml.YAMLError:
            url = None  # an unreadable mkdocs.yml is the site command's to report, not the export's
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            return url
    return DEFAULT_BASE


@annotations_app.command("export")
def export_cmd(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="jsonld (one W3C AnnotationCollection; json is the same), jsonl (one standalone "
            "annotation a line, each with its @context) or yaml.",
        ),
    ] = "jsonld",
    json_out: Annotated[bool, typer.Option("--json", help="Shorthand for --format jsonld.")] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", parser=path_value, help="Write to this file.")
    ] = None,
    base: BaseOption = None,
    corpus: CorpusOption = None,
    annotations: AnnotationsOption = None,
) -> None:
    """Export every annotation as W3C Web Annotations, every id an absolute IRI."""
    from lexcsto.annotations.jsonld import to_jsonld, to_jsonlines
    from lexcsto.annotations.store import dump_annotations

    fmt = chosen_format("jsonld" if json_out else fmt, False, ("jsonld", "json", "jsonl", "yaml"))
    _, anns = _load(corpus, annotations)
    import json

    if fmt in ("jsonld", "json"):
        text = json.dumps(to_jsonld(anns, base=_base(base)), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "jsonl":
        text = to_jsonlines(anns, _base(base))
    else:
        text = dump_annotations(anns)
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)
        sys.stderr.write(f"{len(anns)} annotations written to {output}\n")


DUPLICATES = ("fail", "skip", "merge")


@annotations_app.command("import")
def import_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help="W3C Web Annotations (JSON-LD or JSON Lines) or Hypothesis API JSON (search rows or one)."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            parser=path_value,
            help="The annotation file to write (default: <folder>/<name>.yaml, the folder being "
            "--annotations or ./annotations).",
        ),
    ] = None,
    duplicates: Annotated[
        str,
        typer.Option(
            "--duplicates",
            help="An id already there: fail (the default), skip the imported one, or merge (the same "
            "annotation is skipped, a changed one replaces the one in the output file).",
        ),
    ] = "fail",
    partial: Annotated[
        bool, typer.Option("--partial", help="Write what could be placed even if some could not.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    base: BaseOption = None,
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
    annotations: AnnotationsOption = None,
) -> None:
    """Import annotations made here or elsewhere: place each one on the corpus (a quote is found with
    the exact-then-fuzzy anchoring), check them against the corpus and the annotations already there,
    then write them as a human-editable annotation file. Reports where each one landed."""
    from lexcsto.annotations.jsonld import from_jsonld, parse_json
    from lexcsto.annotations.placing import from_hypothesis, is_hypothesis, place
    from lexcsto.annotations.store import dump_annotations, read_annotations
    from lexcsto.corpus.files import read_text

    fmt = chosen_format(fmt, json_out)
    if duplicates not in DUPLICATES:
        raise typer.BadParameter(
            f"{duplicates!r} (expected {' | '.join(DUPLICATES)})", param_hint="--duplicates"
        )
    folder = annotations or Path("annotations")
    target = (
        output or (folder if folder.is_dir() or not folder.suffix else folder.parent) / f"{file.stem}.yaml"
    )
    if target.exists() and not force and duplicates != "merge":
        raise AnnotationError(
            target, None, "output file exists", expected="another -o FILE, --force or --duplicates merge"
        )
    c = lexcsto.load(corpus)
    existing = read_annotations(folder, c) if folder.exists() else ()
    data = parse_json(read_text(file), file)
    new, report = place(
        c, from_jsonld(from_hypothesis(data) if is_hypothesis(data) else data, str(file), _base(base))
    )
    missing = [p for p in report if p.status == "not-placed"]
    if missing and not partial:
        for p in report:
            sys.stderr.write(f"lexcsto: {file}: {p}\n")
        raise AnnotationError(file, None, f"{len(missing)} of {len(report)} annotations could not be placed",
                              expected="quotes found in the corpus, or --partial")  # fmt: skip
    in_target = {a.id: a for a in existing if Path(a.path or "").resolve() == target.resolve()}
    elsewhere = {a.id: a for a in existing if a.id not in in_target}
    kept: dict[str, Annotation] = dict(in_target) if duplicates == "merge" else {}
    skipped: list[str] = []
    for a in new:
        # --force replaces the output file whole, so what it holds now is no duplicate; merge keeps it
        old = elsewhere.get(a.id) or (in_target.get(a.id) if duplicates != "merge" and not force else None)
        if old is not None and duplicates == "fail":
            raise AnnotationError(file, None, f"annotation id {a.id!r} already used at {old.path}:{old.line}",
                                  expected="new ids, or --duplicates skip|merge")  # fmt: skip
        if old is not None and (duplicates == "skip" or old == a):
            skipped.append(a.id)
            continue
        if old is not None:
            raise AnnotationError(file, None, f"annotation id {a.id!r} differs from the one at {old.path}:{old.line}",
                                  expected="edit it there, or --duplicates skip")  # fmt: skip
        kept[a.id] = a
    text = dump_annotations(kept.values())
    _check_before_writing(text, target, c)
    _write(target, text)
    if fmt == "json":
        from lexcsto.cli import print_json

        print_json({"output": str(target), "written": len(kept), "skipped": skipped,
                    "placements": [p.as_dict() for p in report]})  # fmt: skip
        return
    for p in report:
        sys.stderr.write(f"{p}\n")
    tail = f"; {len(skipped)} already there, skipped" if skipped else ""
    sys.stderr.write(f"{len(kept)} annotations written to {target}{tail}\n")


@annotations_app.command("list")
def list_cmd(
    target: Annotated[
        str, typer.Argument(help="A provision (cst/art_4, 'CST art. 4') or a work: the notes on it.")
    ],
    fmt: TextJsonFormat = "text",
    json_out: JsonOption = False,
    corpus: CorpusOption = None,
    annotations: AnnotationsOption = None,
) -> None:
    """The annotations on one provision (and the provisions inside it), with their text."""
    from lexcsto.cli import address, print_json

    fmt = chosen_format(fmt, json_out)
    c, anns = _load(corpus, annotations)
    work, eid = address(c, target, work_only=True)
    found = [
        a for a in anns
        if c.work(a.target.work).uri == work
        and (eid is None or a.target.eid == eid or a.target.eid.startswith(f"{eid}__"))
    ]  # fmt: skip
    if fmt == "json":
        print_json([
            {"id": a.id, "kind": a.kind, "eid": a.target.eid or None, "expression": a.target.expression,
             "source": a.target.source, "quote": a.target.quote.exact or None, "body": a.body,
             "tags": list(a.tags), "creator": a.creator or None}
            for a in found
        ])  # fmt: skip
        return
    for a in found:
        quote = f' "{a.target.quote.exact}"' if a.target.quote.exact else ""
        sys.stdout.write(f"{a.id} ({a.kind}) {a.target.eid or 'the whole work'}{quote}\n")
        sys.stdout.write("".join(f"    {line}\n" if line else "\n" for line in a.body.splitlines()) + "\n")
    sys.stderr.write(f"{len(found)} annotation{'' if len(found) == 1 else 's'}\n")


def _check_before_writing(text: str, target: Path, c: "Corpus") -> None:
    """Check what is about to be written exactly as it will be read back (the error names the annotation
    by id: the file it would be in does not exist yet)."""
    from lexcsto.annotations.store import check_annotations, parse_annotations

    problems = check_annotations(parse_annotations(text, str(target)), c)
    if problems:
        p = problems[0]
        raise AnnotationError(None, None, p.message, expected=p.expected)
