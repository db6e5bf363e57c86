"""The files a page comes with (its redlines as HTML), written into the site where the page is rendered.

In a large build that is the second process (:mod:`lexcsto.site.stream`): the build's own process, which
bounds the wall clock, used to receive every redline down the pipe and write it after the build (a
thousand files, 6 MB: a twentieth of its time at 1,000 articles). MkDocs empties the site folder after the
second process has started, so the first write waits until the plugin says the folder is ready
(``ready``, set in ``on_files``).

Each file is written to a temporary name and renamed (:func:`lexcsto.corpus.files.write_atomic`), so a
killed build leaves a whole file or none, but not synced to disk: a site is rebuilt, not recovered, and a
sync per file (two with its folder's) was a tenth of a 1,000-article build. The leftovers of a killed build
(``mkdocs build --dirty`` keeps the site folder) are looked for once in each folder written to, not once a
file: a folder holds an instrument's redlines, and a listing of it for each of them grew with their square.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Protocol

from lexcsto.corpus.files import remove_stale_temporaries_in, write_atomic
from lexcsto.site.pages import Page
from lexcsto.site.stream import Finish


class Ready(Protocol):
    """``threading.Event`` or ``multiprocessing``'s, which a forked process shares."""

    def set(self) -> None: ...

    def wait(self, timeout: float | None = None) -> bool: ...


class DownloadWriter:
    """A :data:`lexcsto.site.stream.Finish`: writes the page's files under ``site`` once ``ready``, and
    gives the page on without them (nothing is left to send down the pipe), to ``then`` if given."""

    def __init__(self, site: Path, ready: Ready, then: Finish | None = None) -> None:
        self._site = site
        self._ready = ready
        self._then = then
        self._tidied: set[Path] = set()  # the folders rid of a killed build's leftovers

    def __call__(self, page: Page) -> Page:
        if page.files:
            self._ready.wait()
            for path, content in page.files:
                target = self._site / path
                if target.parent not in self._tidied:
                    remove_stale_temporaries_in(target.parent)
                    self._tidied.add(target.parent)
                write_atomic(target, content, durable=False, tidy=False)
            page = replace(page, files=())
        return self._then(page) if self._then is not None else page


__all__ = ["DownloadWriter", "Ready"]
