"""Where each generated page lives: stable paths built from the AKN URI, and links between pages.

A page is named by its Markdown path under the docs folder (``cst/art_4.md``); the URL follows MkDocs'
rule for that path: ``cst/art_4.html`` with directory URLs off, as the site has them (``/cst/art_4/`` with them on).

>>> provision_path("cst", "art_4")
'cst/art_4.md'
>>> url_of("cst/art_4.md", directory_urls=True)
'cst/art_4/'
>>> url_of("cst/index.md", directory_urls=False)
'cst/index.html'
>>> relative_url("cst/art_4.md", "un-charter/art_51.md", directory_urls=True)
'../../un-charter/art_51/'
>>> relative_url("index.md", "registry.md", directory_urls=False)
'registry.html'
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

# Top-level names the generated site uses itself: a work may not take them as its short name.
RESERVED = frozenset(
    {"registry", "terms", "changes", "library", "assets", "search", "index", "sources", "downloads", "states"}
)

_SAFE = re.compile(r"[^a-z0-9_.-]+")


def slug(text: str) -> str:
    """A lowercase path segment: letters, digits, ``_``, ``.`` and ``-`` only.

    >>> slug("Armed attack (aggression)")
    'armed-attack-aggression'
    """
    return _SAFE.sub("-", text.lower()).strip("-") or "-"


def work_path(short: str) -> str:
    return f"{slug(short)}/index.md"


def provision_path(short: str, eid: str) -> str:
    return f"{slug(short)}/{slug(eid)}.md"


def term_path(concept: str) -> str:
    return f"terms/{slug(concept)}.md"


def changes_path(year: int) -> str:
    return f"changes/{year}.md"


def source_path(source_id: str) -> str:
    return f"sources/{slug(source_id)}.md"


def lines_anchor(start: int, end: int) -> str:
    """The anchor of a cited range of lines on its source's page.

    >>> lines_anchor(61, 63)
    'lines-61-63'
    """
    return f"lines-{start}-{end}"


def akn_download(short: str, xml_path: str) -> str:
    """Where an expression's Akoma Ntoso file is offered for download (a path in the site)."""
    return f"downloads/{slug(short)}/{posixpath.basename(xml_path.replace(chr(92), '/'))}"


def redline_download(short: str, eid: str, old: str, new: str) -> str:
    """Where the redline of ``eid`` between two texts (named by their tab anchors) is offered as a page."""
    return f"downloads/{slug(short)}/redline-{slug(eid)}-{slug(old)}-to-{slug(new)}.html"


def url_of(path: str, *, directory_urls: bool) -> str:
    """The URL MkDocs gives the page at ``path`` (relative to the site root)."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    head, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        base = f"{head}/" if head else ""
        return base if directory_urls else f"{base}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def _folder(url: str) -> str:
    return url[:-1] if url.endswith("/") else posixpath.dirname(url)


def relative_url(from_path: str, to_path: str, *, directory_urls: bool, fragment: str = "") -> str:
    """A link from one page to another that works from any host, and from ``file://``.

    >>> relative_url("index.md", "index.md", directory_urls=True, fragment="top")
    './#top'
    """
    return _page_to_page(from_path, to_path, directory_urls) + (f"#{fragment}" if fragment else "")


# A page links to the same few pages many times, at many fragments (a provision each); relpath is slow.
@lru_cache(maxsize=65536)
def _page_to_page(from_path: str, to_path: str, directory_urls: bool) -> str:
    here = url_of(from_path, directory_urls=directory_urls)
    there = url_of(to_path, directory_urls=directory_urls)
    rel = posixpath.relpath(there or ".", _folder(here) or ".")
    if (there == "" or there.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


def asset_url(from_path: str, asset: str, *, directory_urls: bool) -> str:
    """A link from a page to a static file (``assets/lexcsto/lexcsto.css``)."""
    here = url_of(from_path, directory_urls=directory_urls)
    return posixpath.relpath(asset, _folder(here) or ".")
