""" "Delete all my data": every file Kindly keeps for a person, and only those, removed for good.

What goes (DESIGN §6): the practice log ``history.json`` with every mood and note, its lock, temp files
and any damaged copies set aside (``history.corrupt-*.json``); ``settings.json`` (and its damaged
copies); ``resume.json`` (where recordings and long practices were left); the recordings library (the
copied audio, caption sidecars and ``index.json``); the person's own session scripts in ``sessions/``;
then the data folder itself, once empty.

Only names Kindly makes are touched, so a data folder pointed somewhere shared (``--data-dir ~``)
never loses anything else; files Kindly does not know are left and listed by :func:`remaining`. Links
are removed as links: nothing outside the data folder is ever followed or deleted.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from sessions.paths import DataPaths

#: In the data folder itself: exact names, and patterns Kindly's atomic writes and set-asides use.
ROOT_NAMES = ("history.json", "history.lock", "settings.json", "resume.json")
ROOT_PATTERNS = (
    "history.corrupt-*.json",
    "settings.corrupt-*.json",
    ".history.json.*.tmp",
    ".settings.json.*.tmp",
    ".resume.json.*.tmp",
)
#: In ``recordings/``: what an import copies (audio and ``.lrc``), its index, and its temp files.
RECORDING_SUFFIXES = frozenset({".mp3", ".ogg", ".oga", ".flac", ".wav", ".opus", ".lrc"})
RECORDING_NAMES = ("index.json",)
RECORDING_PATTERNS = (".import-*.part",)
#: In ``sessions/``: the person's own scripts.
SCRIPT_PATTERNS = ("*.toml",)


class EraseError(OSError):
    """Some of the data could not be removed; ``removed`` lists what was, ``failed`` what was not."""

    def __init__(self, message: str, removed: list[Path], failed: list[Path]) -> None:
        super().__init__(message)
        self.removed = removed
        self.failed = failed


def _is_dir(path: Path) -> bool:
    """A real folder, not a link to one (a link is removed as a link, never followed)."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _exists(path: Path) -> bool:
    try:
        path.lstat()
    except OSError:
        return False
    return True


def _root_is_dir(paths: DataPaths) -> bool:
    """The data folder itself may be a link the person made (``KINDLY_HOME`` → elsewhere): follow that one."""
    return paths.root.is_dir()


def _entries(
    folder: Path, names: tuple[str, ...], patterns: tuple[str, ...], *, follow: bool = False
) -> Iterator[Path]:
    """The entries of ``folder`` (not below it) with one of ``names`` or matching one of ``patterns``."""
    if not (folder.is_dir() if follow else _is_dir(folder)):
        return
    seen: set[Path] = set()
    for name in names:
        path = folder / name
        if _exists(path) and path not in seen:
            seen.add(path)
            yield path
    for pattern in patterns:
        for path in sorted(folder.glob(pattern)):
            if path.parent == folder and path not in seen:
                seen.add(path)
                yield path


def _recordings(folder: Path) -> Iterator[Path]:
    yield from _entries(folder, RECORDING_NAMES, RECORDING_PATTERNS)
    if _is_dir(folder):
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in RECORDING_SUFFIXES and not _is_dir(path):
                yield path


def planned(paths: DataPaths) -> list[Path]:
    """What :func:`erase_all` would remove now, files first and each folder after its files.

    The settings window uses this to show, before asking, exactly what will go.
    """
    if not _root_is_dir(paths):
        return []
    out: list[Path] = [
        p for p in _entries(paths.root, ROOT_NAMES, ROOT_PATTERNS, follow=True) if not _is_dir(p)
    ]
    # A damaged log set aside may be a folder (a folder where the log should be): Kindly made that
    # name, so it goes too, with what is in it.
    out += [p for p in _entries(paths.root, (), ("history.corrupt-*.json",), follow=True) if _is_dir(p)]
    for folder, files in (
        (paths.recordings, list(dict.fromkeys(_recordings(paths.recordings)))),
        (paths.user_sessions, list(_entries(paths.user_sessions, (), SCRIPT_PATTERNS))),
    ):
        out += [p for p in files if not _is_dir(p)]
        if _is_dir(folder):
            out.append(folder)
    if not paths.root.is_symlink():
        out.append(paths.root)
    return out


def _remove_tree(path: Path, removed: list[Path]) -> None:
    """A folder Kindly made under a name it owns (a set-aside ``history.corrupt-*.json``); links unlinked."""
    with os.scandir(path) as entries:
        for entry in entries:
            child = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                _remove_tree(child, removed)
            else:
                child.unlink()
                removed.append(child)
    path.rmdir()
    removed.append(path)


def erase_all(paths: DataPaths) -> list[Path]:
    """Delete every file Kindly keeps under ``paths`` and return what was removed.

    Folders (``recordings/``, ``sessions/`` and the data folder) are removed only once empty: a file
    Kindly did not make keeps its folder, and :func:`remaining` lists it. Raises :class:`EraseError`
    (after removing everything it could) when something could not be removed.
    """
    removed: list[Path] = []
    failed: list[Path] = []
    for path in planned(paths):
        try:
            if _is_dir(path):
                if path in (paths.root, paths.recordings, paths.user_sessions):
                    with contextlib.suppress(OSError):  # not empty: something of the person's own is in it
                        path.rmdir()
                        removed.append(path)
                    continue
                _remove_tree(path, removed)
            else:
                path.unlink()  # a link is removed as a link
                removed.append(path)
        except FileNotFoundError:
            continue  # gone already (another Kindly, or the person, was quicker)
        except OSError:
            failed.append(path)
    if failed:
        names = ", ".join(str(p) for p in failed[:3]) + (" …" if len(failed) > 3 else "")
        raise EraseError(f"Some of your data could not be deleted: {names}", removed, failed)
    return removed


def remaining(paths: DataPaths) -> list[Path]:
    """Whatever is still in the data folder after :func:`erase_all`: files Kindly did not make."""
    if not _root_is_dir(paths):
        return []
    folders = [folder for folder in (paths.recordings, paths.user_sessions) if _is_dir(folder)]
    out = [p for p in sorted(paths.root.iterdir()) if p not in folders]
    for folder in folders:
        out += sorted(folder.iterdir())
    return out


__all__ = ["EraseError", "erase_all", "planned", "remaining"]
