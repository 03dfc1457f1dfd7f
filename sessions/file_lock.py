"""One advisory file lock (``fcntl.flock``) for every "one at a time" in Kindly.

The practice log takes it around each write (two Kindly processes never interleave their
read-modify-write), and a launch takes it while it decides whether it is the single instance. The
kernel drops the lock when its holder dies, so a crash never blocks the next process.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from sessions.atomic import FILE_MODE

try:  # POSIX only; elsewhere there is nothing to serialise with, and the lock is a no-op.
    import fcntl

    HAVE_FLOCK = True
except ImportError:  # pragma: no cover - Windows
    HAVE_FLOCK = False

#: The first pause between two tries; it doubles up to MAX_PAUSE_S (holders keep it milliseconds).
FIRST_PAUSE_S = 0.002
MAX_PAUSE_S = 0.02


class LockBusyError(Exception):
    """Another process held the lock for the whole wait."""


@contextlib.contextmanager
def file_lock(path: Path, wait_s: float, *, remove: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created 0600, never through a symlink) for the ``with``.

    Waits up to ``wait_s`` for another holder, then raises :class:`LockBusyError`; raises ``OSError``
    when the file cannot be opened or locked. With ``remove`` the file is deleted on release, while
    still locked, so the folder is left tidy: whoever opened it meanwhile sees that its inode is no
    longer the one at ``path`` and tries again, so no two holders ever overlap.
    """
    if not HAVE_FLOCK:  # pragma: no cover - Windows
        yield
        return
    fd = _acquire(path, wait_s)
    try:
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)  # a lock file made by hand or by an older Kindly
        yield
    finally:
        if remove:
            with contextlib.suppress(OSError):
                path.unlink()
        os.close(fd)


def _acquire(path: Path, wait_s: float) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    deadline = time.monotonic() + wait_s
    pause_s = FIRST_PAUSE_S
    while True:
        fd = os.open(path, flags, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            left_s = deadline - time.monotonic()
            if left_s <= 0:
                raise LockBusyError(str(path)) from None
            # One of the core's few waits: bounded, and only while another process holds the lock.
            time.sleep(min(pause_s, left_s))
            pause_s = min(pause_s * 2, MAX_PAUSE_S)
            continue
        except BaseException:
            os.close(fd)
            raise
        try:
            same = path.stat().st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False  # removed by the holder we waited for: lock the next file
        except BaseException:
            os.close(fd)
            raise
        if same:
            return fd
        os.close(fd)


__all__ = ["HAVE_FLOCK", "LockBusyError", "file_lock"]
