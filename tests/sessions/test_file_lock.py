"""The one file lock: exclusive, bounded wait, tidy on request, never through a symlink."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sessions.file_lock import LockBusyError, file_lock

HOLD = (
    "import fcntl, sys; f = open(sys.argv[1], 'w'); fcntl.flock(f, fcntl.LOCK_EX); "
    "print('held', flush=True); sys.stdin.read()"
)


def test_a_held_lock_makes_the_next_holder_wait_then_give_up(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    with file_lock(path, 0):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        started = time.monotonic()
        with pytest.raises(LockBusyError), file_lock(path, 0.05):
            pass
        assert 0.05 <= time.monotonic() - started < 1.0
    with file_lock(path, 0):  # free again
        pass
    assert path.exists()  # kept unless asked: the single instance's lock stays in its folder


def test_remove_leaves_the_folder_tidy(tmp_path: Path) -> None:
    path = tmp_path / "history.lock"
    with file_lock(path, 0, remove=True):
        assert path.exists()
    assert list(tmp_path.iterdir()) == []


def test_another_process_holding_it_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(LockBusyError), file_lock(path, 0.02):
            pass
        holder.kill()  # dies holding it: the kernel lets go
    with file_lock(path, 1.0):
        pass


def test_a_symlink_is_never_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    (tmp_path / "x.lock").symlink_to(target)
    with pytest.raises(OSError), file_lock(tmp_path / "x.lock", 0):
        pass
    assert not target.exists()


def test_a_lock_file_removed_by_its_last_holder_is_never_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race remove=True must survive: we open the file, its holder removes it and lets go, we
    # lock the removed file. The inode check sees that and locks the file now at the path instead.
    path = tmp_path / "x.lock"
    real_open = os.open
    opened: list[int] = []

    def open_then_lose_the_race(file: object, flags: int, *args: object, **kwargs: object) -> int:
        fd = real_open(file, flags, *args, **kwargs)  # type: ignore[arg-type]
        opened.append(fd)
        if len(opened) == 1:
            path.unlink()  # its previous holder tidied it away just after we opened it
        return fd

    monkeypatch.setattr(os, "open", open_then_lose_the_race)
    with file_lock(path, 0):
        assert len(opened) == 2 and path.exists()
        assert os.fstat(opened[1]).st_ino == path.stat().st_ino
