"""The recordings library: importing audio files into a private folder with a small JSON index."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from audio.captions import Caption
from audio.tags import AudioFileError, TrackInfo, read_track

INDEX_NAME = "index.json"
SCHEMA = 1
_CHUNK = 1 << 20
_MAX_NAME_CHARS = 120


class LibraryError(Exception):
    """The library folder or its index cannot be used; the message says which file and what to do."""


@dataclass(frozen=True)
class Recording:
    """One imported recording, as the index lists it."""

    id: str
    path: Path
    title: str
    artist: str
    duration_s: float
    kind: str | None
    captions: tuple[Caption, ...]
    sha256: str
    added_at: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did: the recordings now in the library, and each file that was refused and why."""

    imported: list[TrackInfo] = field(default_factory=list)
    failed: list[AudioFileError] = field(default_factory=list)


def list_recordings(dest_dir: Path) -> list[Recording]:
    """The recordings in ``dest_dir``'s index (none if there is no index yet).

    A damaged index raises ``LibraryError`` and is left exactly as it is, never overwritten.
    """
    return [_recording(dest_dir, entry) for entry in _read_index(dest_dir)]


def import_recordings(paths: Iterable[Path | str], dest_dir: Path, kind: str | None = None) -> ImportReport:
    """Check each file with ``read_track`` and copy the good ones (and their ``.lrc``) into ``dest_dir``.

    Every copy is atomic, and the index is written once at the end; if that fails, this run's copies
    are removed again, so nothing is ever half imported. Files are 0600 and the folder 0700.
    """
    _make_private_dir(dest_dir)
    entries = _read_index(dest_dir)
    report = ImportReport()
    known = {str(entry["sha256"]): str(entry["title"]) for entry in entries}
    taken = {Path(str(entry["file"])).stem.lower() for entry in entries}  # a recording owns its stem
    added: list[Path] = []
    for source in map(Path, paths):
        try:
            info = read_track(source)
            copied, digest = _copy_recording(source, dest_dir, taken, known)
        except AudioFileError as error:
            report.failed.append(error)
            continue
        added += copied
        target = copied[0]
        known[digest] = info.title
        taken.add(target.stem.lower())
        report.imported.append(replace(info, path=target))
        entries.append(_entry(info, target, digest, kind))
    if report.imported:
        try:
            _write_index(dest_dir, entries)
        except OSError as error:
            for path in added:
                path.unlink(missing_ok=True)
            raise LibraryError(
                f"{dest_dir / INDEX_NAME}: could not be saved ({error.strerror}); nothing was imported"
            ) from None
    return report


def _copy_recording(
    source: Path, dest_dir: Path, taken: set[str], known: dict[str, str]
) -> tuple[list[Path], str]:
    """Copy ``source`` (and its ``.lrc``, if any) under a free name: the copies, audio first, and its hash.

    ``known`` maps the hashes already in the library to their titles; a file among them is refused.
    """
    target = _free_name(dest_dir, source.name, taken)
    copied: list[Path] = []
    try:
        digest = _atomic_copy(source, target, refuse=known)
        copied.append(target)
        sidecar = source.with_suffix(".lrc")
        if sidecar.is_file():
            _atomic_copy(sidecar, target.with_suffix(".lrc"))
            copied.append(target.with_suffix(".lrc"))
    except _DuplicateError as duplicate:
        raise AudioFileError(source, f"already in the library as “{duplicate.title}”") from None
    except OSError as error:
        for path in copied:
            path.unlink(missing_ok=True)
        raise AudioFileError(source, f"could not be copied ({error.strerror or error})") from None
    return copied, digest


class _DuplicateError(Exception):
    """Internal: the file is already in the library under ``title``."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title


def _atomic_copy(source: Path, target: Path, refuse: dict[str, str] | None = None) -> str:
    """Copy to a temporary file beside ``target``, fsync, then rename over it; returns the SHA-256.

    If the content's hash is in ``refuse``, the temporary copy is dropped and ``_DuplicateError`` raised.
    """
    import hashlib  # here: importing recordings is on the start-up path, copying one is not

    digest = hashlib.sha256()
    with _temporary_beside(target) as (handle, temporary), source.open("rb") as reader:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
        if refuse is not None and digest.hexdigest() in refuse:
            raise _DuplicateError(refuse[digest.hexdigest()])
        os.replace(temporary, target)
    return digest.hexdigest()


@contextlib.contextmanager
def _temporary_beside(target: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """A new 0600 file in ``target``'s folder, removed again unless renamed away before the end."""
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".part")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle, temporary
    finally:
        temporary.unlink(missing_ok=True)


def _free_name(dest_dir: Path, name: str, taken: set[str]) -> Path:
    """A safe file name like ``name`` whose stem no recording uses yet, so its ``.lrc`` is its own."""
    suffix = Path(name).suffix.lower()
    stem = re.sub(r"[^\w .,()+-]+", "_", Path(name).stem).strip(" .") or "recording"
    stem = stem[:_MAX_NAME_CHARS]
    candidate, number = stem, 1
    while (
        candidate.lower() in taken
        or (dest_dir / f"{candidate}{suffix}").exists()
        or (dest_dir / f"{candidate}.lrc").exists()
        or f"{candidate}{suffix}".lower() == INDEX_NAME
    ):
        number += 1
        candidate = f"{stem}-{number}"
    return dest_dir / f"{candidate}{suffix}"


def _make_private_dir(dest_dir: Path) -> None:
    try:
        dest_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        dest_dir.chmod(0o700)  # mkdir's mode is ignored for a folder that already existed
    except OSError as error:
        raise LibraryError(f"{dest_dir}: cannot be used for recordings ({error.strerror or error})") from None


def _entry(info: TrackInfo, target: Path, digest: str, kind: str | None) -> dict[str, Any]:
    return {
        "id": digest[:16],
        "file": target.name,
        "title": info.title,
        "artist": info.artist,
        "duration_s": info.duration_s,
        "kind": (kind.strip() or None) if kind else None,
        "captions": [[caption.start_s, caption.text] for caption in info.captions],
        "sha256": digest,
        "added_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _write_index(dest_dir: Path, entries: list[dict[str, Any]]) -> None:
    text = json.dumps({"schema": SCHEMA, "recordings": entries}, ensure_ascii=False, indent=1)
    target = dest_dir / INDEX_NAME
    with _temporary_beside(target) as (handle, temporary):
        handle.write(text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
        os.replace(temporary, target)
    # The rename itself lives in the folder: sync it too, or a power cut can undo it. The index is
    # already in place by now, so a folder that cannot be synced must not undo the import.
    with contextlib.suppress(OSError):
        folder = os.open(dest_dir, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _read_index(dest_dir: Path) -> list[dict[str, Any]]:
    """The index's entries, checked; raises ``LibraryError`` naming the file and the first problem."""
    path = dest_dir / INDEX_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise LibraryError(f"{path}: cannot be read ({error}); it was left as it is") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _damaged(path, f"line {error.lineno}: {error.msg}") from None
    except ValueError:  # an integer of more than 4300 digits (CPython's int-from-text limit)
        raise _damaged(path, "a number has far too many digits") from None
    except RecursionError:
        raise _damaged(path, "lists nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("recordings"), list):
        raise _damaged(path, "it is not a recordings index")
    if data.get("schema") != SCHEMA:
        raise _damaged(
            path, f"schema {data.get('schema')!r} is not {SCHEMA}; a newer Kindly may have written it"
        )
    entries: list[dict[str, Any]] = data["recordings"]
    for number, entry in enumerate(entries):
        problem = _entry_problem(entry)
        if problem:
            raise _damaged(path, f"recordings[{number}]: {problem}")
    return entries


_TEXT_FIELDS = ("id", "file", "title", "artist", "sha256", "added_at")


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return "not an object"
    for name in _TEXT_FIELDS:
        if not isinstance(entry.get(name), str):
            return f"{name} should be text"
    file = entry["file"]
    if Path(file).name != file or file in ("", ".", ".."):
        return "file should be a plain file name"
    if not _is_seconds(entry.get("duration_s")):
        return "duration_s should be a number of seconds"
    if entry.get("kind") is not None and not isinstance(entry.get("kind"), str):
        return "kind should be text or null"
    captions = entry.get("captions")
    if not isinstance(captions, list) or not all(_is_caption(c) for c in captions):
        return "captions should be a list of [start_s, text] pairs"
    return None


def _is_seconds(value: object) -> bool:
    """A finite, non-negative number that fits a float (NaN, Infinity and 10**400 are not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value) and value >= 0
    except OverflowError:
        return False


def _is_caption(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and _is_seconds(value[0]) and isinstance(value[1], str)


def _damaged(path: Path, problem: str) -> LibraryError:
    return LibraryError(
        f"{path}: the recordings index is damaged ({problem}); it was left as it is — "
        "move it aside to start a fresh library"
    )


def _recording(dest_dir: Path, entry: dict[str, Any]) -> Recording:
    return Recording(
        id=entry["id"],
        path=dest_dir / entry["file"],
        title=entry["title"],
        artist=entry["artist"],
        duration_s=float(entry["duration_s"]),
        kind=entry.get("kind"),
        captions=tuple(Caption(float(start), text) for start, text in entry["captions"]),
        sha256=entry["sha256"],
        added_at=entry["added_at"],
    )
