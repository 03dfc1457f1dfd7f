"""What a person can start: session scripts and imported recordings, read on first use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from sessions.patterns import PRESET_BLURBS, PRESETS
from sessions.timeline import mmss

if TYPE_CHECKING:
    from audio.recordings import Recording
    from sessions.paths import DataPaths
    from sessions.scripts import Library
    from ui.main_window import Playable

#: How long the scripts folder must be still before it is read again (an editor saves in steps).
SETTLE_MS = 300
#: Scripts watched one by one (for edits in place); the folder itself is always watched.
MAX_WATCHED = 200
#: The first practices a new person sees, in this order; the rest follow by title.
FIRST = ("self-compassion-break", "loving-kindness", "body-scan", "breathing")


class LibraryModel(QObject):
    """Built-in and user scripts and the person's recordings; the one place that reads them.

    Signals:
        changed(): scripts or recordings were read again (a recording added, a folder changed).
    """

    changed = Signal()

    def __init__(
        self, paths: DataPaths, notify: Callable[[str], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._notify = notify
        self._library: Library | None = None
        self._recordings: list[Recording] | None = None
        # The user scripts folder is watched (inotify: no wake-ups while nothing changes), so a
        # script saved or removed while Kindly runs shows at once, not after a restart (issue 14
        # #12). An editor saves in several steps: changes are gathered for a moment, then read once.
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._folder_changed)
        self._watcher.directoryChanged.connect(lambda _path: self._settle.start())
        self._watcher.fileChanged.connect(lambda _path: self._settle.start())
        self._watch()

    @property
    def library(self) -> Library:
        """Built-in and user scripts, read on first use (not at start-up)."""
        if self._library is None:
            from sessions.library import load_builtin_library

            self._library = load_builtin_library(self._paths.user_sessions)
        return self._library

    @property
    def recordings(self) -> list[Recording]:
        """The person's imported recordings, read on first use."""
        if self._recordings is None:
            from audio.recordings import LibraryError, list_recordings

            try:
                self._recordings = list_recordings(self._paths.recordings)
            except LibraryError as exc:
                self._notify(str(exc))
                self._recordings = []
        return self._recordings

    def recording(self, recording_id: str) -> Recording | None:
        return next((r for r in self.recordings if r.id == recording_id), None)

    def resolve(self, session_id: str) -> str | None:
        """The id to start for ``session_id`` as a person typed it: a script id, ``breathing``, or a
        recording as ``recording:ID`` (named that way or by its bare id); ``None`` if nothing has it."""
        from ui.practices import RECORDING_PREFIX

        if session_id == "breathing" or self.library.get(session_id) is not None:
            return session_id
        bare = session_id.removeprefix(RECORDING_PREFIX)
        if self.recording(bare) is not None:
            return f"{RECORDING_PREFIX}{bare}"
        return None

    def _watch(self) -> None:
        """Watch the scripts folder and its scripts (or, until it exists, the folder it will be made in)."""
        folder = self._paths.user_sessions
        # The folder itself, or (until it is made) the nearest folder above it that exists.
        nearest = next((p for p in (folder, *folder.parents) if p.is_dir()), None)
        wanted = [str(p) for p in (folder.parent, nearest) if p is not None and p.is_dir()]
        if folder.is_dir():
            wanted += [str(p) for p in sorted(folder.glob("*.toml"))[:MAX_WATCHED]]
        watched = set(self._watcher.directories()) | set(self._watcher.files())
        stale = [p for p in watched if p not in wanted]  # a folder far above, once ours exists
        if stale:
            self._watcher.removePaths(stale)
        missing = [p for p in wanted if p not in watched]
        if missing:
            self._watcher.addPaths(missing)

    def _folder_changed(self) -> None:
        """The scripts folder settled after a change: read the scripts again and tell the views."""
        self._watch()
        if self._library is not None:  # never read yet: they will be read fresh on first use
            self._library = None
            self.changed.emit()

    def reload(self) -> None:
        """Read scripts and recordings again on next use, and tell the views."""
        self._library = None
        self._recordings = None
        self.changed.emit()

    def add_recordings(self, files: list[str]) -> int:
        """Import audio files; says what was added and what was refused, and why."""
        from audio.recordings import LibraryError, import_recordings

        try:
            report = import_recordings([Path(f) for f in files], self._paths.recordings)
        except LibraryError as exc:
            self._notify(str(exc))
            return 0
        for track in report.imported:
            self._notify(f"Added “{track.title}” ({mmss(track.duration_s)}).")
        for failure in report.failed:
            self._notify(f"Not added: {failure}")
        if report.imported:
            self._recordings = None
            self.changed.emit()
        return len(report.imported)

    def tray_sessions(self) -> list[tuple[str, str, float]]:
        """``(id, title, minutes)`` for the tray's "All sessions" menu."""
        sessions = [(s.id, s.title, s.lengths_min[0]) for s in self.library.scripts]
        sessions += [(f"recording:{r.id}", r.title, r.duration_s / 60) for r in self.recordings]
        return sessions

    def playables(self, breathing_minutes: float) -> list[Playable]:
        """Every line of the main window's library, in the order a new person meets them."""
        from ui.main_window import Playable
        from ui.pacer import LENGTHS

        items: list[Playable] = []
        scripts = sorted(
            self.library.scripts,
            key=lambda sc: (FIRST.index(sc.id) if sc.id in FIRST else len(FIRST), sc.title.lower()),
        )
        for script in scripts:
            items.append(
                Playable(
                    key=script.id,
                    kind="guided",
                    title=script.title,
                    blurb=script.description,
                    lengths_min=script.lengths_min,
                    default_min=script.lengths_min[0],
                )
            )
        for recording in self.recordings:
            length = mmss(recording.duration_s)
            by = f"{recording.artist} · " if recording.artist else ""
            items.append(
                Playable(
                    key=recording.id,
                    kind="recording",
                    title=recording.title,
                    blurb=f"{by}your recording, {length}",
                    lengths_min=(recording.duration_s / 60,),
                    default_min=recording.duration_s / 60,
                    length_label=f"Full length, {length}",
                )
            )
        for broken in self.library.broken:
            first = broken.problems[0] if broken.problems else None
            items.append(
                Playable(
                    key=str(broken.path),
                    kind="broken",
                    title=broken.path.name,
                    blurb="",
                    lengths_min=(),
                    default_min=None,
                    problem=first.message if first else "it could not be read",
                )
            )
        for pattern_id, pattern in PRESETS.items():
            items.append(
                Playable(
                    key=pattern_id,
                    kind="breathing",
                    title=f"Breathing · {pattern.title}",
                    blurb=PRESET_BLURBS[pattern_id],
                    lengths_min=LENGTHS,
                    default_min=breathing_minutes,
                )
            )
        return items


__all__ = ["LibraryModel"]
