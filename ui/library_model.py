"""What a person can start: session scripts and imported recordings, read on first use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from sessions.clock import mmss
from sessions.patterns import LENGTHS_MIN as BREATHING_LENGTHS
from sessions.patterns import PRESET_BLURBS, PRESETS
from sessions.script_model import GROUPS, Script
from sessions.timer import LENGTHS_MIN as TIMER_LENGTHS_MIN
from sessions.timer import TIMER_ID
from sessions.timer import TITLE as TIMER_TITLE

if TYPE_CHECKING:
    from audio.recordings import Recording
    from sessions.paths import DataPaths
    from sessions.scripts import Library
    from ui.main_window import Playable

#: How long the scripts folder must be still before it is read again (an editor saves in steps).
SETTLE_MS = 300
#: Scripts watched one by one (for edits in place); the folder itself is always watched.
MAX_WATCHED = 200
#: Within its group, these come first, in this order; the rest follow by title.
FIRST = ("self-compassion-break", "hand-on-heart", "loving-kindness", "body-scan", "breathing")
#: The library's headings: what a person needs, in the order a new person meets them.
GROUP_HEADINGS = {
    "hard-moment": "For a hard moment",
    "settle": "To settle",
    "kindness": "Kindness",
    "body": "The body",
    "breathing": "Breathing",
}
FAVOURITES = "Your favourites"
YOUR_SCRIPTS = "Your scripts"
YOUR_RECORDINGS = "Your recordings"
CANNOT_BE_USED = "Can't be used yet"
#: Silent sitting's lengths in the library (``None``: until I stop).
TIMER_LENGTHS: tuple[float | None, ...] = (*TIMER_LENGTHS_MIN, None)
HEADING_ORDER = (FAVOURITES, *GROUP_HEADINGS.values(), YOUR_SCRIPTS, YOUR_RECORDINGS, CANNOT_BE_USED)


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
            from sessions.paths import cache_dir

            # The built-ins from the cache while unchanged: the main window waits for this list.
            self._library = load_builtin_library(self._paths.user_sessions, cache_dir=cache_dir())
        return self._library

    @property
    def recordings(self) -> list[Recording]:
        """The person's imported recordings, read on first use."""
        if self._recordings is None and not self._paths.recordings.is_dir():
            return []  # none imported yet (and the audio side need not load to say so)
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

    def tray_sessions(self) -> list[tuple[str, str, tuple[float, ...]]]:
        """``(id, title, lengths)`` for the tray's "All practices": scripts by group, then recordings."""
        sessions: list[tuple[str, str, tuple[float, ...]]] = [
            (s.id, s.title, s.lengths_min) for s in self._scripts_in_order()
        ]
        sessions.append((TIMER_ID, TIMER_TITLE, (5.0, 10.0, 20.0, 30.0)))
        sessions += [(f"recording:{r.id}", r.title, (r.duration_s / 60,)) for r in self.recordings]
        return sessions

    def title_of(self, key: str) -> str | None:
        """The title of a favourite or recent practice by its key, if it still exists."""
        if key.startswith("pattern:"):
            pattern = PRESETS.get(key.removeprefix("pattern:"))
            return pattern.title if pattern else None
        if key.startswith("recording:"):
            recording = self.recording(key.removeprefix("recording:"))
            return recording.title if recording else None
        if key == TIMER_ID:
            return TIMER_TITLE
        script = self.library.get(key)
        return script.title if script else None

    def _scripts_in_order(self) -> list[Script]:
        """Built-in practices by what a person needs, then by :data:`FIRST`, then by title."""

        def order(script: Script) -> tuple[int, int, int, str]:
            first = FIRST.index(script.id) if script.id in FIRST else len(FIRST)
            group = GROUPS.index(script.group) if script.group in GROUPS else len(GROUPS)
            return (0 if script.builtin else 1, group, first, script.title.lower())

        return sorted(self.library.scripts, key=order)

    def playables(self, breathing_minutes: float, favourites: Sequence[str] = ()) -> list[Playable]:
        """Every line of the main window's library, grouped by what a person needs.

        Favourites come first, under their own heading, and stay in their group too.
        """
        from ui.main_window import Playable

        items: list[Playable] = []
        for script in self._scripts_in_order():
            lengths = _lengths_text(script.lengths_min)
            items.append(
                Playable(
                    key=script.id,
                    kind="guided",
                    title=script.title,
                    blurb=f"{script.description} · {lengths}" if script.description else lengths,
                    lengths_min=script.lengths_min,
                    default_min=script.lengths_min[0],
                    group=GROUP_HEADINGS[script.group] if script.builtin else YOUR_SCRIPTS,
                )
            )
        items.append(
            Playable(
                key=TIMER_ID,
                kind="timer",
                title=TIMER_TITLE,
                blurb="Quiet time with a bell to begin, one to end, and between if you like · any length",
                lengths_min=TIMER_LENGTHS,
                default_min=10.0,
                group=GROUP_HEADINGS["settle"],
            )
        )
        for pattern_id, pattern in PRESETS.items():
            items.append(
                Playable(
                    key=pattern_id,
                    kind="breathing",
                    title=f"Breathing · {pattern.title}",
                    blurb=PRESET_BLURBS[pattern_id],
                    lengths_min=BREATHING_LENGTHS,
                    default_min=breathing_minutes,
                    group=GROUP_HEADINGS["breathing"],
                )
            )
        items.sort(key=lambda p: HEADING_ORDER.index(p.group))  # stable: the order above within each
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
                    group=YOUR_RECORDINGS,
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
                    group=CANNOT_BE_USED,
                )
            )
        starred = set(favourites)
        items = [replace(p, favourite=p.favourite_key in starred) for p in items]
        by_key = {p.favourite_key: p for p in items if p.kind != "broken"}
        top = [replace(by_key[k], group=FAVOURITES) for k in favourites if k in by_key]
        return top + items


def _lengths_text(lengths: Sequence[float]) -> str:
    """ "3 or 5 min", "5, 10 or 20 min"."""
    shown = [f"{m:g}" for m in lengths]
    if len(shown) == 1:
        return f"{shown[0]} min"
    return f"{', '.join(shown[:-1])} or {shown[-1]} min"


__all__ = ["LibraryModel"]
