"""Private files written atomically, and damaged files set aside instead of overwritten."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Literal, overload

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(OSError):
        # Not fatal: a folder the user made with other modes on purpose still works.
        if path.stat().st_mode & 0o777 != DIR_MODE:
            path.chmod(DIR_MODE)
    return path


@overload
def write_atomic(
    path: Path, data: bytes, *, private_dir: bool = ..., mode: int = ..., keep_open: Literal[False] = ...
) -> None: ...
@overload
def write_atomic(
    path: Path, data: bytes, *, private_dir: bool = ..., mode: int = ..., keep_open: Literal[True]
) -> int: ...
def write_atomic(
    path: Path, data: bytes, *, private_dir: bool = True, mode: int = FILE_MODE, keep_open: bool = False
) -> int | None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    Temp file in the same folder, write, fsync, ``os.replace``, then fsync of the folder so the
    rename itself survives a power cut. The file is created with ``mode`` (0600). With
    ``private_dir`` (Kindly's own folders) the folder is created 0700; an export goes to a folder
    the person chose, which is left exactly as it is. With ``keep_open`` the new file's descriptor
    is returned still open (the practice log holds it so its inode cannot be reused); the caller
    closes it. On any failure the temp file is removed and the error (an ``OSError``) raised.
    """
    if private_dir:
        ensure_private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        os.replace(tmp_name, path)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            Path(tmp_name).unlink()
        raise
    if not keep_open:
        os.close(fd)
    fsync_dir(path.parent)
    return fd if keep_open else None


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: some filesystems cannot)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass  # Some filesystems cannot fsync a folder; the rename is still atomic.
    finally:
        os.close(dir_fd)


def set_aside(path: Path, now: datetime) -> Path | None:
    """Rename a damaged ``name.ext`` to ``name.corrupt-<time>.ext`` and return the new path.

    Returns ``None`` when it cannot be moved (then it is left exactly where it was).
    """
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.corrupt-{stamp}-{n}{path.suffix}")
    try:
        os.rename(path, target)
    except OSError:
        return None
    return target
