"""Pages rendered beside the build (a forked child) or in it: same pages, errors that name the page."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

import pytest

from lexcsto.errors import QueryError, SiteError
from lexcsto.site.pages import Builder, Page
from lexcsto.site.plan import Planned, SiteOutline
from lexcsto.site.stream import RenderedBeside, RenderedHere, can_render_beside, open_pages

needs_fork = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="pages are rendered beside on Linux only"
)

PATHS = [f"w/art_{i}.md" for i in range(1, 41)]


def _page(path: str) -> Callable[[Builder], Page]:
    return lambda _b: Page(path, path.upper(), f"# {path}\n\nLX-BLOCK-000000\n", (f"<p>{path}</p>",))


def _outline(make: Callable[[str], Callable[[Builder], Page]] = _page) -> SiteOutline:
    return SiteOutline([Planned(p, make(p)) for p in PATHS])


BUILDER = Builder.__new__(Builder)  # the fake pages never use it


@pytest.mark.parametrize("beside", [pytest.param(True, marks=needs_fork), False])
def test_every_page_comes_whatever_the_order_asked(beside: bool) -> None:
    with open_pages(_outline(), BUILDER, beside=beside) as pages:
        asked = PATHS[20:] + PATHS[:20][::-1]
        assert [pages.get(p) for p in asked] == [_page(p)(BUILDER) for p in asked]


@needs_fork
def test_bad_data_in_the_child_is_a_site_error_naming_the_page() -> None:
    def make(path: str) -> Callable[[Builder], Page]:
        if path == "w/art_7.md":

            def fail(_b: Builder) -> Page:
                raise QueryError("texts/w.xml", 12, "no such provision art_99", expected="an eId of w")

            return fail
        return _page(path)

    with RenderedBeside(_outline(make), BUILDER) as pages:
        assert pages.get("w/art_1.md").path == "w/art_1.md"
        with pytest.raises(SiteError) as caught:
            pages.get("w/art_9.md")
    message = str(caught.value)
    assert message.startswith("w/art_7.md: cannot be rendered: texts/w.xml:12: no such provision art_99")


@needs_fork
def test_a_bug_in_the_child_comes_back_with_its_traceback() -> None:
    def make(path: str) -> Callable[[Builder], Page]:
        return (lambda _b: {}["missing"]) if path == "w/art_3.md" else _page(path)  # type: ignore[return-value]

    with RenderedBeside(_outline(make), BUILDER) as pages, pytest.raises(RuntimeError) as caught:
        pages.get("w/art_5.md")
    assert "rendering w/art_3.md failed" in str(caught.value)
    assert "KeyError: 'missing'" in str(caught.value)


@needs_fork
def test_pages_a_dead_child_did_not_send_are_rendered_here() -> None:
    with RenderedBeside(_outline(), BUILDER) as pages:
        assert pages.get("w/art_1.md").path == "w/art_1.md"
        child = pages._child
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert [pages.get(p).path for p in PATHS[1:]] == PATHS[1:]


def test_in_this_process_a_page_is_rendered_when_asked() -> None:
    made: list[str] = []

    def make(path: str) -> Callable[[Builder], Page]:
        def render(b: Builder) -> Page:
            made.append(path)
            return _page(path)(b)

        return render

    with RenderedHere(_outline(make), BUILDER) as pages:
        pages.get("w/art_2.md")
    assert made == ["w/art_2.md"]


def test_no_fork_while_another_thread_runs() -> None:
    import threading

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not can_render_beside()
    finally:
        stop.set()
        worker.join()
