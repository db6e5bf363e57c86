"""FRBR URIs and eIds of Akoma Ntoso, as lexcsto uses them.

Work URIs follow the AKN naming convention with the user-assigned code ``aa`` and the CSTO as locality
(``/akn/aa-csto/act/treaty/1992-05-15/cst``); a portion is appended after ``~``
(``.../eng@2012-12-19/!main~art_4``). cobalt's ``FrbrUri`` parses these too, but it reads a manifestation
suffix such as ``.akn`` into the expression date and needs a full URI; hrefs inside a document may be
internal (``#art_2``), so this module splits them itself.
"""

from __future__ import annotations


def split_href(href: str) -> tuple[str, str | None]:
    """Split an AKN href into (work URI, eId or None); internal refs give ('', eId).

    >>> split_href("/akn/un/act/charter/1945-06-26/un-charter/!main~art_51")
    ('/akn/un/act/charter/1945-06-26/un-charter', 'art_51')
    >>> split_href("/akn/aa-csto/act/treaty/1992-05-15/cst/eng@2012-12-19/!main~art_4__para_2")
    ('/akn/aa-csto/act/treaty/1992-05-15/cst', 'art_4__para_2')
    >>> split_href("#art_2")
    ('', 'art_2')
    >>> split_href("/akn/aa-csto/act/protocol/2010-12-10/cst-amendment")
    ('/akn/aa-csto/act/protocol/2010-12-10/cst-amendment', None)
    """
    if href.startswith("#"):
        return "", href[1:]
    path, _, portion = href.partition("~")
    segments = path.split("/!", 1)[0].rstrip("/").split("/")
    cut = next((i for i, s in enumerate(segments) if "@" in s), len(segments))
    return "/".join(segments[:cut]), (portion or None)
