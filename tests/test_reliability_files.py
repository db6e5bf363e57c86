"""Issue 19, findings 5 and 11: bounded reads of regular files only, and one atomic writer that a kill
cannot break (old file or new, never a part; leftovers of a killed writer removed; file and folder fsynced).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lexcsto.corpus import files
from lexcsto.errors import LexcstoError, LoadError

ROOT = Path(__file__).resolve().parents[1]


def test_read_refuses_folders_devices_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not a regular file \\(a folder\\)"):
        files.read_bytes(tmp_path)
    with pytest.raises(LoadError, match="a character device"):
        files.read_text("/dev/zero")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 101)
    with pytest.raises(LoadError, match="at most 100 bytes"):
        files.read_bytes(big, limit=100)
    with pytest.raises(LoadError, match="empty file name"):
        files.read_bytes("")
    with pytest.raises(LoadError, match="cannot read file"):
        files.read_bytes(tmp_path / "missing")


def test_read_text_names_the_line_of_a_bad_byte_and_splits_cr_only_lines(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(b"one\rtwo\r\nthree\n\xff")
    with pytest.raises(LoadError) as info:
        files.read_text(f)
    assert info.value.line == 3
    f.write_bytes(b"one\rtwo\r\nthree")
    assert files.read_text(f).splitlines() == ["one", "two", "three"]


@pytest.mark.parametrize("encoding", ["rot13", "base64", "punycode", "no-such-codec"])
def test_non_text_encodings_are_refused(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(b"Article 1")
    with pytest.raises(LoadError, match="non-text encoding"):
        files.read_text(f, encoding=encoding)


def test_utf16_without_a_bom_on_odd_bytes_is_a_load_error(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(b"A\x00r\x00t")
    with pytest.raises(LoadError):
        files.read_text(f, encoding="utf-16")


def test_write_errors_are_lexcsto_errors(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(LexcstoError, match="cannot write"):
        files.write_atomic(a_file / "through" / "out.xml", "x")  # NotADirectoryError
    with pytest.raises(LexcstoError, match="is a folder"):
        files.write_atomic(tmp_path, "x")
    with pytest.raises(LexcstoError, match="empty output path"):
        files.write_atomic("", "x")
    if os.geteuid() != 0:  # root writes into read-only folders
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        with pytest.raises(LexcstoError, match="cannot write"):
            files.write_atomic(ro / "out.xml", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"] + (["ro"] if os.geteuid() != 0 else [])


def test_write_fsyncs_the_file_and_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real = os.fsync

    def record(fd: int) -> None:
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}") if Path("/proc/self/fd").exists() else False)
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    files.write_atomic(tmp_path / "a.txt", "x")
    assert synced == [False, True]  # the file, then its folder
    synced.clear()
    files.write_atomic(tmp_path / "b.txt", "y", durable=False)  # renamed into place, not synced
    assert synced == []
    assert (tmp_path / "b.txt").read_text() == "y"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_leftovers_of_a_dead_writer_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    for name in (f".out.xml.tmp-{dead_pid}", f".out.xml.tmp-{dead_pid}-0badcafe"):
        (tmp_path / name).write_text("partial")
    live = tmp_path / f".out.xml.tmp-{os.getppid()}-12345678"
    live.write_text("someone else is writing")
    other = tmp_path / f".other.xml.tmp-{dead_pid}"
    other.write_text("not beside this target")
    files.write_atomic(target, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "out.xml"])


_WRITER = """
import sys
from lexcsto.corpus.files import write_atomic
target, size = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    n += 1
    write_atomic(target, (str(n % 10) * size).encode())
"""


def test_a_killed_write_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    """SIGKILL a process that rewrites a 2 MB file in a loop, at seeded random moments, 12 times."""
    target = tmp_path / "out.txt"
    size = 2_000_000
    target.write_bytes(b"0" * size)
    rng = random.Random(19)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(target), str(size)], stdout=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        data = target.read_bytes()
        assert len(data) == size, "a part of a file"
        assert data == data[:1] * size, "a mix of two files"
    files.write_atomic(target, b"done")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"], "leftovers stayed"


def test_a_folder_is_rid_of_every_dead_writers_leftovers_at_once(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    left = [f".a.html.tmp-{dead_pid}", f".b.html.tmp-{dead_pid}-0badcafe", ".c.html.abcd1234.tmp"]
    for name in left:
        (tmp_path / name).write_text("partial")
    os.utime(tmp_path / left[2], (0, 0))  # mkstemp's form carries no process: stale by its age
    kept = [f".d.html.tmp-{os.getppid()}-12345678", ".hidden", "e.html"]
    for name in kept:
        (tmp_path / name).write_text("not a dead writer's")
    removed = files.remove_stale_temporaries_in(tmp_path)
    assert sorted(p.name for p in removed) == sorted(left)
    files.write_atomic(tmp_path / "f.html", "new", durable=False, tidy=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "f.html"])
