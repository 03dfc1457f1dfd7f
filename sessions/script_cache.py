"""The built-in scripts as last built and checked, kept in the cache folder so a launch need not
parse and check them again (13 scripts: about 50 ms, most of a launch's own work before its window).

The cache holds one folder's :class:`~sessions.scripts.FolderScripts`, stored with a key made of
everything the result depends on: each script file's name, size and modification time, the folder
and the voice folder (a voice file added or removed changes its time), the Python version and the
code that builds scripts. Any difference, or a cache that cannot be read, and the folder is built
afresh and the cache written again (atomically). Only built-in scripts are cached: a person's own
scripts are checked at every launch, and nothing of theirs is ever written here.
"""

from __future__ import annotations

import contextlib
import pickle
import sys
from pathlib import Path

from sessions.paths import code_stamp, file_stamp, sha256_hex
from sessions.script_folders import FolderScripts

#: Raised whenever the stored form changes, so an older cache is never read as a newer one.
CACHE_FORMAT = 1
#: The modules whose code decides what a script file builds into.
BUILDER_MODULES = (
    "sessions.patterns",
    "sessions.script_cache",
    "sessions.script_check",
    "sessions.script_fields",
    "sessions.script_folders",
    "sessions.script_lines",
    "sessions.script_model",
    "sessions.scripts",
)


def cache_key(folder: Path, voice_dir: Path) -> tuple[object, ...]:
    """Everything a built folder depends on; ``OSError`` if the folder cannot be listed."""
    files = sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
    voice = file_stamp(voice_dir) if voice_dir.is_dir() else (str(voice_dir), 0, 0)
    return (
        CACHE_FORMAT,
        sys.version,
        tuple(code_stamp(name) for name in BUILDER_MODULES),
        file_stamp(folder),
        voice,
        tuple(file_stamp(p) for p in files),
    )


def cache_file(cache_dir: Path, folder: Path) -> Path:
    """One file per scripts folder, so a checkout and an installed Kindly do not take turns."""
    return cache_dir / f"scripts-{sha256_hex(str(folder).encode())[:16]}.pickle"


def _read(path: Path, key: tuple[object, ...]) -> FolderScripts | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        stored = pickle.loads(data)
    # A damaged or foreign file can make unpickling raise almost anything (EOFError,
    # UnpicklingError, AttributeError, ImportError, ValueError…): any of them means "build afresh".
    except Exception:
        return None
    if (
        isinstance(stored, tuple)
        and len(stored) == 2
        and stored[0] == key
        and isinstance(stored[1], FolderScripts)
    ):
        return stored[1]
    return None


def read_folder(folder: Path, *, builtin: bool, voice_dir: Path) -> FolderScripts:
    """:func:`sessions.scripts.read_folder`, imported only when the cache cannot answer."""
    from sessions.scripts import read_folder as build

    return build(folder, builtin=builtin, voice_dir=voice_dir)


def cached_folder(folder: Path, *, voice_dir: Path, cache_dir: Path) -> FolderScripts:
    """The built-in ``folder`` as :func:`~sessions.scripts.read_folder` builds it, from the cache
    when nothing it depends on has changed; otherwise built, and the cache written for next time."""
    try:
        key = cache_key(folder, voice_dir)
    except OSError:
        return read_folder(folder, builtin=True, voice_dir=voice_dir)
    path = cache_file(cache_dir, folder)
    found = _read(path, key)
    if found is not None:
        return found
    built = read_folder(folder, builtin=True, voice_dir=voice_dir)
    from sessions.atomic import write_atomic

    # No cache this time if it cannot be written (a read-only home, a full disk): built anyway.
    with contextlib.suppress(OSError):
        write_atomic(path, pickle.dumps((key, built), protocol=pickle.HIGHEST_PROTOCOL))
    return built


__all__ = ["CACHE_FORMAT", "cache_file", "cache_key", "cached_folder"]
