"""An OpenDocument text (.odt) as numbered paragraphs, read with odfdo (a maintained reader of the format;
odfpy, the other one on PyPI, has had no release since 2020).

One line per paragraph or heading of the body, in document order, numbered as the document's paragraphs
(``para. 12``, as for a DOCX); paragraphs in tables are body text. Footnotes and endnotes (``text:note``)
are their own text, never in a line. Tracked changes are read as accepted: an insertion is already in the
body's text, and a deletion lives only in ``text:tracked-changes``, which is not read. List numbering that
the application computes is not rendered (the text a list item holds is read as it is).
"""

from __future__ import annotations

from pathlib import Path

from lexcsto.errors import LoadError

__all__ = ["odt_paragraphs"]

# The body's paragraphs and headings, not those inside a note or in the record of tracked changes.
_PARAGRAPHS = (
    "descendant::*[self::text:p or self::text:h][not(ancestor::text:note)]"
    "[not(ancestor::text:tracked-changes)][not(ancestor::text:p)][not(ancestor::text:h)]"
)


def odt_paragraphs(path: Path) -> tuple[list[str], tuple[str, ...]]:
    """The texts of an .odt file's body paragraphs (whitespace runs made one space), and what reading them
    found ("tracked changes read as accepted (...)"). Raises LoadError for a file odfdo cannot open as text."""
    import zipfile

    from odfdo import Document

    try:
        document = Document(str(path))
        if document.get_type() != "text":
            raise LoadError(
                str(path), None, f"an OpenDocument {document.get_type()}, not a text",
                expected="an OpenDocument text (.odt)",
            )  # fmt: skip
        body = document.body
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as err:
        raise LoadError(
            str(path), None, f"not a readable ODT ({err})", expected="an OpenDocument .odt file"
        ) from None
    texts: list[str] = []
    # An XPath per paragraph costs more than reading its text: asked only of a document that has notes.
    has_notes = bool(body.get_elements("descendant::text:note"))
    for element in body.get_elements(_PARAGRAPHS):
        if has_notes and element.get_elements("descendant::text:note"):
            element = element.clone
            for note in element.get_elements("descendant::text:note"):
                note.delete()  # its tail (the text after the citation) stays
        texts.append(" ".join(str(element.text_recursive).split()))
    inserted = len(body.get_elements("descendant::text:changed-region/text:insertion"))
    deleted = len(body.get_elements("descendant::text:changed-region/text:deletion"))
    notes: tuple[str, ...] = ()
    if inserted or deleted:
        notes = (
            f"tracked changes read as accepted ({inserted} insertions kept, {deleted} deletions dropped)",
        )
    return texts, notes
