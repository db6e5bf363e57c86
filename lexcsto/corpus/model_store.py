"""A work's decoded model, kept in the index once it has been read, so that a later command skips the reader.

The index does not hold the model when it is built: reading every file with the reader costs several times
the parse (the build reads its rows in one pass instead, :mod:`lexcsto.corpus.records`). The first command
that asks for a work reads its files with the reader, as before, and keeps what it read here; the next one
unpickles it (about a fifth of the reader's time for a synthetic work of four files). What is kept is
tied to what it was read from, so that it is never stale:

- the files: the path and SHA-256 of each of the work's files, as the index holds them. A model is kept
  only when every file it was read from still has the size and modification time the index hashed (and
  was not modified within :data:`~lexcsto.corpus.index.RACY_NS` of that), so the bytes read are the bytes
  of that digest; it is used only while the index holds the same digests;
- the code: the size and modification time of every module of :mod:`lexcsto.corpus` and of the data
  tables beside them (a reader that changed reads the same bytes into another model).

pickle is the standard library's way to store a tree of frozen dataclasses and read it back at C speed.
The unpickler loads only the model's own classes and ``datetime.date``, so an index file that someone else
wrote cannot run code; one it cannot load is read again by the reader. A blob carries its own checksum,
checked before it is unpickled: SQLite does not check the bytes of a blob, and a damaged pickle can make
the unpickler ask for gigabytes or fail with errors no intact one raises (a fuzz run of changed bytes:
``MemoryError`` under a 3 GB limit, ``OverflowError``).
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
from pathlib import Path

from lexcsto.corpus import model
from lexcsto.corpus.model import Work

PROTOCOL = 5
_ALLOWED = {
    ("datetime", "date"),
    *(("lexcsto.corpus.model", n) for n, v in vars(model).items() if isinstance(v, type)),
}
# What a blob that is not a kept model raises when loaded (truncated, another class, garbage).
UNLOADABLE = (
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
    OverflowError,  # a length out of range in a pickle that passed its checksum: not written by dumps
)


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"not a class of the model: {module}.{name}")
        found: type = super().find_class(module, name)
        return found


@functools.cache
def code_stamp() -> str:
    """The size and modification time of the modules that read a model and of their data tables."""
    package = Path(__file__).resolve().parent
    paths = sorted([*package.glob("*.py"), *(package.parent / "data").glob("*.yaml")])
    stamps = [f"{p.name}:{(st := os.stat(p)).st_size}:{st.st_mtime_ns}" for p in paths]
    return hashlib.sha256("\n".join(stamps).encode("utf-8")).hexdigest()


def key_of(files: list[tuple[str, str]]) -> str:
    """What a kept model is valid for: the work's files (relative path, SHA-256) and the code."""
    text = "\n".join(f"{rel}\t{digest}" for rel, digest in sorted(files))
    return hashlib.sha256(f"{code_stamp()}\n{text}".encode()).hexdigest()


def dumps(work: Work) -> bytes:
    """The work as a blob: its checksum, then its pickle."""
    pickled = pickle.dumps(work, protocol=PROTOCOL)
    return _checksum(pickled) + pickled


def loads(blob: bytes) -> Work | None:
    """The work kept in ``blob``, or None for a blob that is not one (damaged, of another version)."""
    pickled = memoryview(blob)[_CHECKSUM_BYTES:]
    if _checksum(pickled) != blob[:_CHECKSUM_BYTES]:
        return None
    try:
        found = _ModelUnpickler(io.BytesIO(pickled)).load()
    except UNLOADABLE:
        return None
    return found if isinstance(found, Work) else None


_CHECKSUM_BYTES = 16


def _checksum(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=_CHECKSUM_BYTES).digest()
