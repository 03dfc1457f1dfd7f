"""Synthesised sounds (bells, breath tones, beds) kept in the cache folder, so a session begins at once.

Synthesis is pure Python: the three bells and a resonance breath's two tones took about 0.4 s,
which a person felt as a pause between pressing Begin and the first breath. Each sound is made
once and stored as raw PCM behind a short header, in a file named by a digest of everything the
sound depends on: its name and parameters, the sample rate, and the synthesiser's code as it is on
disk (:func:`sessions.paths.code_stamp` of ``audio.synth``). A file that is missing, short or whose
checksum does not match is made again and written atomically; the folder is kept under
:data:`MAX_BYTES`, the least recently used sounds leaving first. Only sounds Kindly makes itself
are here, nothing of the person's: deleting the folder at any time loses nothing.
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from sessions.atomic import write_atomic
from sessions.paths import code_stamp, sha256_hex

#: Raised whenever the stored form changes, so an older file is never read as a newer one.
MAGIC = b"KINDLY-PCM-1\n"
_HEADER = struct.Struct("<QI")  # the PCM's length in bytes, and its CRC-32
#: The folder's largest size: the bells and about a dozen patterns' breath tones (a 5.5-second
#: breath's two tones are about 2 MB at 44.1 kHz).
MAX_BYTES = 32 * 2**20
SUFFIX = ".pcm"


class SoundCache:
    """Synthesised PCM by key, in ``folder``; see the module's notes."""

    def __init__(self, folder: Path, *, max_bytes: int = MAX_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self._stamp: str | None = None

    def path(self, key: str) -> Path:
        """The file that holds the sound ``key`` (made by the current synthesiser)."""
        if self._stamp is None:
            try:
                self._stamp = repr(code_stamp("audio.synth"))
            except OSError:
                self._stamp = "unknown"
        digest = sha256_hex(f"{self._stamp}\n{sys.version}\n{key}".encode())[:32]
        return self.folder / f"{digest}{SUFFIX}"

    def pcm(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The sound ``key``: read from its file, else ``make()`` it and keep it.

        Whatever ``make`` raises is raised, and nothing is written. A folder that cannot be read or
        written costs only the time to make the sound each time.
        """
        path = self.path(key)
        stored = read_pcm(path)
        if stored is not None:
            _mark_used(path)
            return stored
        data = make()
        with contextlib.suppress(OSError):
            write_atomic(path, MAGIC + _HEADER.pack(len(data), zlib.crc32(data)) + data)
            _mark_used(path)
            self._trim(keep=path)
        return data

    def _trim(self, keep: Path) -> None:
        """Remove the least recently used sounds until the folder is under :attr:`max_bytes`."""
        files: list[tuple[int, int, Path]] = []
        for item in self.folder.glob(f"*{SUFFIX}"):
            with contextlib.suppress(OSError):
                info = item.stat()
                files.append((info.st_mtime_ns, info.st_size, item))
        total = sum(size for _, size, _ in files)
        for _, size, item in sorted(files):
            if total <= self.max_bytes:
                break
            if item == keep:
                continue
            with contextlib.suppress(OSError):
                item.unlink()
                total -= size


def _mark_used(path: Path) -> None:
    """Stamp ``path`` as used now, to the nanosecond (the kernel's own "now" is coarser, and two
    sounds made in the same few milliseconds must still leave in the order they were used)."""
    now = time.time_ns()
    with contextlib.suppress(OSError):
        os.utime(path, ns=(now, now))


def read_pcm(path: Path) -> bytes | None:
    """The PCM stored at ``path``, or None when it is missing, short, foreign or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(MAGIC) + _HEADER.size
    if len(data) < start or not data.startswith(MAGIC):
        return None
    length, crc = _HEADER.unpack_from(data, len(MAGIC))
    pcm = data[start:]
    if len(pcm) != length or zlib.crc32(pcm) != crc:
        return None
    return pcm
