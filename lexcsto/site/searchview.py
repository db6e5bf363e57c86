"""What the search index reads of a generated page: its headings, and the plain text under each.

Search plugins (MkDocs' own and Material's) split ``page.content`` into sections at its headings with
Python's ``html.parser``, at about a tenth of a millisecond per tag. An article page is mostly markup (a row,
a label and a source line per paragraph, ``<ins>``/``<del>`` per changed word), so that parse was a fifth of a
1,000-article build. The plugin hands them this view instead, for the time of the index only: the same
headings, and the same words under each, in one paragraph.

>>> search_view('<h2 id="text">Text</h2><div class="lx-row"><p>In case of <mark>aggression</mark>,</p>'
...             '<p class="lx-provenance">Source seed-004, lines 3–4</p></div>')
'<h2 id="text">Text</h2>\\n<p>In case of aggression, Source seed-004, lines 3–4</p>'
>>> search_view('<p>a<del>b</del> <ins>c</ins></p><script>x()</script>')
'<p>ab c</p>'

Elements marked ``data-search-exclude`` (Material's own marker: boilerplate, legends, the pairs of the
chooser) are left out, so that results show the text itself:

>>> search_view('<div data-search-exclude><div>tab help</div></div><p>the text</p>')
'<p>the text</p>'
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"(<h[1-6]\b[^>]*>.*?</h[1-6]>)", re.S | re.I)
# Never text: what search plugins skip too.
_SKIPPED = re.compile(r"<(script|style|object)\b.*?</\1\s*>", re.S | re.I)
# Elements that end a run of words: their tags become a space. Inline ones (a, mark, ins, del, dfn, span, ...)
# vanish, so that a word split by markup stays one word.
_BREAK = re.compile(
    r"</?(?:p|div|li|ul|ol|dl|dt|dd|table|thead|tbody|tr|td|th|br|hr|aside|section|article|blockquote|pre"
    r"|label|select|option|input|nav|details|summary|figure|figcaption|h[1-6])\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
# An element that is a section of its own for search, though the page shows no heading for it (a version's
# tab, the notes in the margin): the view gives it one, so that its words are found and shown on their own.
_SECTION = re.compile(r"<[a-z]+\b[^>]*\bdata-search-section=\"([^\"]*)\"[^>]*>", re.I)
_ID = re.compile(r'\bid="([^"]*)"')
_EXCLUDED = re.compile(r"<(p|div|span|aside|ul|table)\b[^>]*\bdata-search-exclude\b[^>]*>", re.I)


def _sectioned(html: str) -> str:
    """``html`` with a heading before each element marked ``data-search-section`` (and an id).

    >>> _sectioned('<div id="v1" data-search-section="1992 text"><p>words</p></div>')
    '<h3 id="v1">1992 text</h3><div id="v1" data-search-section="1992 text"><p>words</p></div>'
    """

    def heading(m: re.Match[str]) -> str:
        ident = _ID.search(m.group(0))
        return f'<h3 id="{ident.group(1)}">{m.group(1)}</h3>{m.group(0)}' if ident else m.group(0)

    return _SECTION.sub(heading, html)


def _without_excluded(html: str) -> str:
    """``html`` without the elements marked ``data-search-exclude`` (and all inside them)."""
    out: list[str] = []
    at = 0
    while (m := _EXCLUDED.search(html, at)) is not None:
        out.append(html[at : m.start()])
        tag = m.group(1).lower()
        opening = re.compile(rf"<(/?){tag}\b[^>]*>", re.I)
        depth, pos = 1, m.end()
        while depth and (t := opening.search(html, pos)) is not None:
            depth += -1 if t.group(1) else 1
            pos = t.end()
        at = pos if not depth else len(html)
    out.append(html[at:])
    return "".join(out)


def search_view(html: str) -> str:
    """The headings of ``html`` as they are, and between them one paragraph of its text.

    Text stays escaped as it was (every ``<`` of the text is ``&lt;``), so the view is safe HTML; tags are
    found by ``<...>``, which escaped attribute values cannot contain."""
    out: list[str] = []
    for i, part in enumerate(_HEADING.split(_sectioned(_without_excluded(_SKIPPED.sub(" ", html))))):
        if i % 2:
            out.append(part)
            continue
        words = " ".join(_TAG.sub("", _BREAK.sub(" ", part)).split())
        if words:
            out.append(f"<p>{words}</p>")
    return "\n".join(out)
