"""The one holder and saver of settings: windows ask it for changes and listen; none keeps a copy.

Modelled on qutebrowser's ``config.changed`` with ``change_filter``: a window that shows a setting
connects to :meth:`SettingsStore.watch` for the fields it shows, and asks :meth:`update` for the
fields it changes, never saving a whole :class:`Settings` it may have read minutes ago (that stale
copy is how a crisis line saved on the care page was lost to a later tick in the Settings window).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from sessions.settings import Settings, load_settings, save_settings

FIELD_NAMES = frozenset(f.name for f in fields(Settings))


class SettingsStore(QObject):
    """Holds the person's settings, saves them atomically, and says when they change.

    Signals:
        changed(object, object): ``(old, new)`` :class:`Settings`, after every real change.
        save_failed(str): the file could not be written (the change still applies until quit).
    """

    changed = Signal(object, object)
    save_failed = Signal(str)

    def __init__(self, path: Path, settings: Settings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._value = settings if settings is not None else Settings()
        self._unsaved = False

    @classmethod
    def load(cls, path: Path, parent: QObject | None = None) -> tuple[SettingsStore, str | None]:
        """The store over the settings in ``path``, and a notice if the file could not be used."""
        settings, notice = load_settings(path)
        return cls(path, settings, parent), notice

    @property
    def value(self) -> Settings:
        """The current settings (a frozen value: read it when needed, never keep it to save later)."""
        return self._value

    def update(self, *, save: bool = True, **changes: Any) -> bool:
        """Apply ``changes`` (validated), emit :attr:`changed`, and save; True if anything changed.

        ``save=False`` applies at once but leaves the file for a later :meth:`save` (a volume slider
        while it is dragged). An unknown field name is a programming error (``TypeError``).
        """
        unknown = set(changes) - FIELD_NAMES
        if unknown:
            raise TypeError(f"no setting named {sorted(unknown)[0]!r}")
        old = self._value
        new = replace(old, **changes).validated()
        if new == old:
            if save:
                self.save()  # a drag that ended where it began still owes its earlier steps
            return False
        self._value = new
        self._unsaved = True
        self.changed.emit(old, new)
        if save:
            self.save()
        return True

    def save(self) -> None:
        """Write the settings if a change is not saved yet; a failure is reported, not raised."""
        if not self._unsaved:
            return
        try:
            save_settings(self._path, self._value)
        except OSError as exc:
            self.save_failed.emit(
                f"Your settings could not be saved ({exc.strerror or exc}); they apply until you quit."
            )
            return
        self._unsaved = False

    def watch(
        self, names: Iterable[str], callback: Callable[[Settings], object], *, owner: QObject | None = None
    ) -> None:
        """Call ``callback(new)`` after every change to any of the settings ``names``.

        With ``owner``, the connection ends when that object is destroyed (a closed window).
        """
        wanted = frozenset(names)
        unknown = wanted - FIELD_NAMES
        if unknown:
            raise TypeError(f"no setting named {sorted(unknown)[0]!r}")

        watcher = _Watcher(wanted, callback, owner if owner is not None else self)
        # A QObject receiver: Qt drops the connection by itself when the owner (a window) goes.
        self.changed.connect(watcher.on_changed)


class _Watcher(QObject):
    """One :meth:`SettingsStore.watch`: a child of its owner, so it lives exactly as long."""

    def __init__(self, names: frozenset[str], callback: Callable[[Settings], object], owner: QObject) -> None:
        super().__init__(owner)
        self._names = names
        self._callback = callback

    def on_changed(self, old: Settings, new: Settings) -> None:
        if any(getattr(old, name) != getattr(new, name) for name in self._names):
            self._callback(new)


__all__ = ["SettingsStore"]
