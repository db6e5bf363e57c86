"""Every test keeps the corpus indexes it makes in a folder of its session, not in the user's cache."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def _index_cache() -> Iterator[None]:
    before = os.environ.get("LEXCSTO_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="lexcsto-test-cache-") as folder:
        os.environ["LEXCSTO_CACHE_DIR"] = folder
        yield
    if before is None:
        os.environ.pop("LEXCSTO_CACHE_DIR", None)
    else:
        os.environ["LEXCSTO_CACHE_DIR"] = before
