"""Pages rendered while MkDocs builds: each page's Markdown is made when MkDocs asks for it, or before.

MkDocs builds on one core. Rendering the corpus pages (redlines, annotations, links) is a tenth of a large
build, so where ``fork`` is safe (Linux, no other thread in the process) a child process renders the outline
in order on the other core and sends each page down a pipe, while MkDocs turns the pages it already has into
HTML. Elsewhere, or when asked, each page is rendered in this process when first asked for. Both give the
same pages (``tests/test_site_build.py`` builds a site both ways and compares them).

>>> from lexcsto.site.plan import Planned, SiteOutline
>>> outline = SiteOutline([Planned("a.md", lambda b: Page("a.md", "A", "# A\\n"))])
>>> with open_pages(outline, builder=None, beside=False) as pages:  # type: ignore[arg-type]
...     pages.get("a.md").markdown
'# A\\n'
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Protocol, Self

from lexcsto.errors import LexcstoError, SiteError
from lexcsto.site.pages import Builder, Page
from lexcsto.site.plan import SiteOutline


class PageSource(Protocol):
    def get(self, path: str) -> Page:
        """The rendered page at ``path`` (a path of the outline)."""
        ...

    def close(self) -> None:
        """Stop rendering; pages not asked for yet are dropped."""
        ...

    def __enter__(self) -> PageSource: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class _ClosedOnExit:
    """``with`` closes it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


# What is done to each page once rendered, where it is rendered (e.g. lexcsto.site.materialsearch.with_sections).
Finish = Callable[[Page], Page]


def _as_made(page: Page) -> Page:
    return page


class RenderedHere(_ClosedOnExit):
    """Each page rendered in this process when first asked for."""

    def __init__(self, outline: SiteOutline, builder: Builder, finish: Finish = _as_made) -> None:
        self._planned = {p.path: p for p in outline.pages}
        self._builder = builder
        self._finish = finish

    def get(self, path: str) -> Page:
        return self._finish(self._planned[path].make(self._builder))

    def close(self) -> None:
        self._planned = {}


@dataclass(frozen=True)
class _Failure:
    path: str
    message: str
    expected: bool  # a LexcstoError (bad data), not a bug


class RenderedBeside(_ClosedOnExit):
    """The outline rendered in order by a forked child process, page after page down a pipe."""

    def __init__(self, outline: SiteOutline, builder: Builder, finish: Finish = _as_made) -> None:
        fork = multiprocessing.get_context("fork")
        self._pipe, child_end = fork.Pipe(duplex=False)
        self._child = fork.Process(
            target=_render_outline,
            args=(outline, builder, child_end, finish),
            name="lexcsto-pages",
            daemon=True,
        )
        self._child.start()
        child_end.close()  # so that the pipe reports the end when the child closes its own end
        self._received: dict[str, Page] = {}
        self._here = RenderedHere(outline, builder, finish)  # if the child is gone before it sent a page

    def get(self, path: str) -> Page:
        while path not in self._received:
            try:
                item = self._pipe.recv()
            except (EOFError, OSError):
                return self._here.get(path)
            if isinstance(item, _Failure):
                self.close()
                if item.expected:
                    raise SiteError(item.path, None, f"cannot be rendered: {item.message}")
                raise RuntimeError(f"lexcsto: rendering {item.path} failed:\n{item.message}")
            self._received[item.path] = item
        return self._received.pop(path)

    def close(self) -> None:
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._pipe.close()


def _render_outline(outline: SiteOutline, builder: Builder, pipe: Connection, finish: Finish) -> None:
    """In the child: every page to the pipe, those whose Markdown MkDocs must wait for first (the pages
    without :attr:`Planned.markdown`: MkDocs reads every page before it lays out any), then the others in
    order; a failure ends the stream with what went wrong."""
    path = ""
    try:
        for planned in sorted(outline.pages, key=lambda p: bool(p.markdown)):
            path = planned.path
            pipe.send(finish(planned.make(builder)))
    except LexcstoError as err:
        pipe.send(_Failure(path, str(err), expected=True))
    except Exception:
        pipe.send(_Failure(path, traceback.format_exc(), expected=False))
    finally:
        pipe.close()


def can_render_beside() -> bool:
    """Whether a forked child can render pages here: Linux (``fork`` is unsafe on macOS and missing on
    Windows), a second core, and no other thread, whose locks a child would inherit held."""
    return (
        sys.platform.startswith("linux")
        and (multiprocessing.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


def open_pages(
    outline: SiteOutline, builder: Builder, *, beside: bool, finish: Finish | None = None
) -> PageSource:
    """The pages of ``outline``, rendered beside (a child process: only where :func:`can_render_beside`)
    or here; ``finish`` is done to each where it is rendered."""
    finish = finish or _as_made
    if beside:
        return RenderedBeside(outline, builder, finish)
    return RenderedHere(outline, builder, finish)


__all__ = ["Finish", "PageSource", "RenderedBeside", "RenderedHere", "can_render_beside", "open_pages"]
