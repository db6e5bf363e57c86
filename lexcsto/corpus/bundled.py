"""Where the bundled corpus lives: its own module, so that finding it imports nothing (a warm command that
reads the bundled corpus from its index never imports the reader, lxml or PyYAML)."""

from __future__ import annotations

from pathlib import Path


def bundled_folder(name: str) -> Path:
    """Where the bundled ``texts``/``annotations`` live: inside an installed wheel, or in the checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_bundled" / name
    return packaged if packaged.is_dir() else here.parent / name
