"""Files in and out: bounded reads of regular files only, and one atomic writer.

Every file lexcsto reads from a user goes through :func:`read_bytes` (or :func:`read_text`): a FIFO, a
device such as ``/dev/zero`` or a folder is refused before a byte is read, and no read goes past a cap,
so a hostile path cannot make a command read until memory runs out.

Every file lexcsto writes goes through :func:`write_atomic`: the bytes go to a temporary file beside the
target (``.NAME.tmp-PID-TOKEN``), are flushed to disk (``fsync``), renamed over the target, and the folder
is flushed too, so that a crash or a kill at any moment leaves the old file or the new one, never a part.
Temporary files that a killed writer left behind (their process is gone) are removed on the next write
to the same target.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.txt", "first\\n")
>>> read_text(folder / "a.txt")
'first\\n'
>>> read_bytes("/dev/zero")
Traceback (most recent call last):
...
lexcsto.errors.LoadError: /dev/zero: not a regular file (a character device) (expected a regular file)
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from pathlib import Path

from lexcsto.errors import LexcstoError, LoadError

# 64 MiB: far above any treaty or annotation file, far below what would hurt the machine.
MAX_READ_BYTES = 64 * 1024 * 1024

# A temporary file this old whose writer cannot be identified is abandoned whatever its process id says
# (process ids are reused).
_STALE_SECONDS = 24 * 3600

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes(path: str | Path, *, limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is a :class:`LoadError`.

    The file is opened without blocking (a FIFO would wait for a writer), checked with ``fstat`` on the
    open descriptor (no race between the check and the read), and read to at most ``limit + 1`` bytes.
    """
    p = Path(path)
    if str(path) == "":
        raise LoadError(None, None, "empty file name", expected="a path to a file")
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise _read_error(p, err) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(p, None, f"not a regular file ({_kind(info.st_mode)})", expected="a regular file")
        if info.st_size > limit:
            raise LoadError(p, None, f"file is {info.st_size} bytes", expected=f"at most {limit} bytes")
        data = _read_at_most(fd, info.st_size, limit + 1)
    except OSError as err:
        raise _read_error(p, err) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # the file grew while we read it
        raise LoadError(p, None, f"file is over {limit} bytes", expected=f"at most {limit} bytes")
    return data


def _read_at_most(fd: int, size: int, most: int) -> bytes:
    # The size fstat gave (plus one byte, to see growth), then chunks: never a buffer of ``most`` bytes for
    # a small file, and files that report no size (/proc) are still read whole. On the descriptor itself:
    # a buffered file object around it cost twice the read of a corpus file (about 20 us a file).
    want = min(size, most - 1) + 1
    chunks: list[bytes] = []
    total = 0
    while total < want:  # a read may return less than asked: go on to the end of the file
        chunk = os.read(fd, want - total)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total <= size or total >= most:
        return b"".join(chunks)
    while total < most:
        chunk = os.read(fd, min(1 << 20, most - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_text(path: str | Path, *, encoding: str = "utf-8", limit: int = MAX_READ_BYTES) -> str:
    """The text of a regular file (see :func:`read_bytes`), decoded; a bad encoding is a :class:`LoadError`.

    ``\\r\\n`` and a lone ``\\r`` both become ``\\n``, as in every text mode of Python, so that a file with
    old Mac line endings has its lines.
    """
    data = read_bytes(path, limit=limit)
    return decode(data, path, encoding=encoding)


def decode(data: bytes, path: str | Path | None, *, encoding: str = "utf-8") -> str:
    """Decode bytes read from ``path`` as text with universal newlines; every failure is a LoadError.

    >>> decode(b"a\\rb\\r\\nc", "x.txt")
    'a\\nb\\nc'
    >>> decode(b"\\xff", "x.txt")
    Traceback (most recent call last):
    ...
    lexcsto.errors.LoadError: x.txt:1: byte 0xff at offset 0 is not utf-8 (expected a text file in utf-8)
    >>> decode(b"x", "x.txt", encoding="rot13")
    Traceback (most recent call last):
    ...
    lexcsto.errors.LoadError: x.txt: unknown or non-text encoding 'rot13' (expected a text encoding such as utf-8, cp1251 or utf-16)
    """
    check_encoding(encoding, path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise LoadError(
            path,
            line,
            f"byte 0x{data[err.start]:02x} at offset {err.start} is not {encoding}",
            expected=f"a text file in {encoding}",
        ) from None
    except UnicodeError as err:  # e.g. utf-16 without a BOM on an odd number of bytes
        raise LoadError(path, None, f"cannot decode as {encoding}: {err}", expected="a text file") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_encoding(encoding: str, path: str | Path | None = None) -> None:
    """Refuse an encoding Python does not know or that is not a text encoding (base64, rot13, punycode).

    >>> check_encoding("cp1251")
    >>> check_encoding("base64")
    Traceback (most recent call last):
    ...
    lexcsto.errors.LoadError: unknown or non-text encoding 'base64' (expected a text encoding such as utf-8, cp1251 or utf-16)
    """
    import codecs

    try:
        info = codecs.lookup(encoding)
    except LookupError:
        info = None
    # Text encodings are the ones the str.encode/bytes.decode pair accepts; punycode and idna are text
    # codecs in Python's sense but encode host names, not documents.
    usable = (
        info is not None
        and getattr(info, "_is_text_encoding", True)
        and info.name not in ("punycode", "idna")
    )
    if not usable:
        raise LoadError(
            path,
            None,
            f"unknown or non-text encoding {encoding!r}",
            expected="a text encoding such as utf-8, cp1251 or utf-16",
        )


def _read_error(p: Path, err: OSError) -> LoadError:
    return LoadError(p, None, f"cannot read file: {err.strerror or err}", expected="a readable file")


def _temporary_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")


# Ours: .NAME.tmp-PID-TOKEN, and the two older forms (.NAME.tmp-PID and mkstemp's .NAME.XXXXXXXX.tmp).
_LEFTOVER_TAIL = r"\.(?:tmp-(?P<pid>\d+)(?:-[0-9a-f]+)?|[A-Za-z0-9_]{8}\.tmp)"
_ANY_LEFTOVER = re.compile(rf"\..+{_LEFTOVER_TAIL}")


def _leftovers(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}{_LEFTOVER_TAIL}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OverflowError:
        return False
    return True


def remove_stale_temporaries(target: str | Path) -> list[Path]:
    """Remove the temporary files a killed writer left beside ``target``; return what was removed.

    A leftover is ours by its name; it is stale when its process is gone or it is older than a day.
    """
    t = Path(target)
    try:
        # Only a name that begins as ours can be one: the pattern (one per target, so that re's cache does
        # not keep it) is compiled only then, not for each write (that was half the cost of a thousand writes).
        prefix = f".{t.name}."
        candidates = [c for c in t.parent.iterdir() if c.name.startswith(prefix)]
    except OSError:
        return []
    return _remove_stale(candidates, _leftovers(t)) if candidates else []


def remove_stale_temporaries_in(folder: str | Path) -> list[Path]:
    """Remove the temporary files killed writers left in ``folder``, beside any file; return what was
    removed. A writer of many files into one folder tidies it once with this and writes each file with
    ``write_atomic(..., tidy=False)``: a listing of the folder for each file grows with the square of them."""
    try:
        candidates = [c for c in Path(folder).iterdir() if c.name.startswith(".")]
    except OSError:
        return []
    return _remove_stale(candidates, _ANY_LEFTOVER)


def _remove_stale(candidates: list[Path], pattern: re.Pattern[str]) -> list[Path]:
    removed: list[Path] = []
    now = time.time()
    for candidate in candidates:
        match = pattern.fullmatch(candidate.name)
        if match is None:
            continue
        pid = match.group("pid")
        try:
            old = now - candidate.lstat().st_mtime > _STALE_SECONDS
            if old or (pid is not None and int(pid) != os.getpid() and not _alive(int(pid))):
                candidate.unlink()
                removed.append(candidate)
        except OSError:  # gone already, or not ours to remove: the next write tries again
            continue
    return removed


def write_atomic(
    path: str | Path,
    content: str | bytes,
    *,
    encoding: str = "utf-8",
    durable: bool = True,
    tidy: bool = True,
) -> None:
    """Write ``content`` to ``path`` so that a kill at any moment leaves the old file or the new one.

    ``durable``: the file and its folder are synced to disk before this returns, so that a crash of the
    system too leaves one or the other; without it (output that is made again, not recovered: the site's
    pages) only a kill of the writer does, at a fraction of the cost.

    ``tidy``: the leftovers of killed writers beside ``path`` are removed first
    (:func:`remove_stale_temporaries`); False where the writer tidied the folder itself
    (:func:`remove_stale_temporaries_in`).

    The folder is created if needed; every failure (read-only folder, a file where a folder should be, a
    full disk) is a :class:`LexcstoError` naming the path, and no temporary file stays behind.
    """
    target = Path(path)
    if str(path) == "":
        raise LexcstoError(None, None, "empty output path", expected="a path to write to")
    data = content.encode(encoding) if isinstance(content, str) else content
    tmp = _temporary_name(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if tidy:
            remove_stale_temporaries(target)
        if target.is_dir():
            raise LexcstoError(target, None, "is a folder", expected="a file path to write to")
        # A new file gets the mode any program's new file gets (0o666 less the umask); a replaced one keeps
        # its own, as editors do: an import must not make a group-writable file private, or the reverse.
        mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else None
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            with os.fdopen(fd, "wb", closefd=False) as out:
                out.write(data)
                out.flush()
                if durable:
                    os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        if durable:
            _fsync_folder(target.parent)
    except OSError as err:
        raise LexcstoError(
            target, None, f"cannot write: {err.strerror or err}", expected="a writable path"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk; some systems cannot open a folder.
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
