"""Annotations from the command line: ``anchors``, ``annotations export`` and ``annotations import``."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import lexcsto
from lexcsto.annotations import STATUSES
from lexcsto.cli import JsonOption, TextJsonFormat, app, chosen_format, fail, open_corpus, path_value
from lexcsto.errors import AnnotationError, LexcstoError

if TYPE_CHECKING:
    from lexcsto.annotations.anchoring import AnchorResult
    from lexcsto.annotations.annotation import Annotation
    from lexcsto.corpus.queries import Corpus

CorpusOption = Annotated[
    Path | None,
    typer.Option("--corpus", help="A corpus folder instead of the bundled one.", show_default=False),
]
AnnotationsOption = Annotated[
    Path | None,
    typer.Option("--annotations", help="An annotation folder (or file) instead of the bundled one.",
                 show_default=False),
]  # fmt: skip

annotations_app = typer.Typer(
    no_args_is_help=True, help="Export and import annotations (W3C Web Annotation)."
)
app.add_typer(annotations_app, name="annotations")


def _load(corpus: Path | None, annotations: Path | None) -> tuple[Corpus, tuple[Annotation, ...]]:
    from lexcsto.annotations.store import read_annotations
    from lexcsto.corpus.reader import bundled_folder

    c = open_corpus(corpus)
    return c, read_annotations(annotations or bundled_folder("annotations"), c)


def _write(path: Path, text: str) -> None:
    """Write through the one atomic writer: never a half-written file, nothing left after a kill."""
    from lexcsto.corpus.files import write_atomic

    write_atomic(path, text)


def _target(r: AnchorResult) -> str:
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


@annotations_app.command("export")
def export_cmd(
    fmt: Annotated[
        str, typer.Option("--format", help="jsonld (W3C Web Annotation; json is the same) or yaml.")
    ] = "jsonld",
    json_out: Annotated[bool, typer.Option("--json", help="Shorthand for --format jsonld.")] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", parser=path_value, help="Write to this file.")
    ] = None,
    corpus: CorpusOption = None,
    annotations: AnnotationsOption = None,
) -> None:
    """Export every annotation as one W3C Web Annotation collection (JSON-LD)."""
    from lexcsto.annotations.jsonld import to_jsonld
    from lexcsto.annotations.store import dump_annotations

    fmt = chosen_format("jsonld" if json_out else fmt, False, ("jsonld", "json", "yaml"))
    try:
        _, anns = _load(corpus, annotations)
    except LexcstoError as err:
        fail(err)
    import json

    text = (
        json.dumps(to_jsonld(anns), ensure_ascii=False, indent=2) + "\n"
        if fmt in ("jsonld", "json")
        else dump_annotations(anns)
    )
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)
        sys.stderr.write(f"{len(anns)} annotations written to {output}\n")


@annotations_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A JSON-LD file of Web Annotations.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            parser=path_value,
            help="The annotation file to write (default: annotations/<name>.yaml).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    corpus: CorpusOption = None,
    annotations: AnnotationsOption = None,
) -> None:
    """Import Web Annotations: check them against the corpus and the existing annotations, then write
    them as a human-editable annotation file."""
    from lexcsto.annotations.jsonld import read_jsonld
    from lexcsto.annotations.store import dump_annotations
    from lexcsto.corpus.reader import bundled_folder

    folder = annotations or bundled_folder("annotations")
    target = output or (folder if folder.is_dir() else folder.parent) / f"{file.stem}.yaml"
    try:
        if target.exists() and not force:
            raise AnnotationError(target, None, "output file exists", expected="another -o FILE, or --force")
        c, existing = _load(corpus, annotations)
        new = read_jsonld(file)
        taken = {a.id: a for a in existing if Path(a.path or "").resolve() != target.resolve()}
        for a in new:
            if a.id in taken:
                old = taken[a.id]
                raise AnnotationError(
                    file, None, f"annotation id {a.id!r} already used at {old.path}:{old.line}"
                )
        text = dump_annotations(new)
        _check_before_writing(text, target, c)
    except LexcstoError as err:
        fail(err)
    _write(target, text)
    sys.stderr.write(f"{len(new)} annotations written to {target}\n")


def _check_before_writing(text: str, target: Path, c: Corpus) -> None:
    """Check what is about to be written exactly as it will be read back (the error names the annotation
    by id: the file it would be in does not exist yet)."""
    from lexcsto.annotations.store import check_annotations, parse_annotations

    problems = check_annotations(parse_annotations(text, str(target)), c)
    if problems:
        p = problems[0]
        raise AnnotationError(None, None, p.message, expected=p.expected)
