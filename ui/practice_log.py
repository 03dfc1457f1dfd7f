"""The practice log as the app sees it: opened once, on first use, and announcing every change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from sessions.records import HistoryError, Record

if TYPE_CHECKING:
    from sessions.history import HistoryLog


class PracticeLog(QObject):
    """Holds the one :class:`HistoryLog`; views listen to :attr:`changed` and keep no copy.

    Signals:
        changed(): a record was added, edited, deleted or restored, from any window.
    """

    changed = Signal()

    def __init__(self, path: Path, notify: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._notify = notify
        self._log: HistoryLog | None = None

    @property
    def log(self) -> HistoryLog:
        """The log, opened on first use; a damaged file is set aside and reported."""
        if self._log is None:
            from sessions.history import HistoryLog

            self._log = HistoryLog(self._path)
            self._log.subscribe(self.changed.emit)
            if self._log.notice:
                self._notify(self._log.notice)
        return self._log

    @property
    def is_open(self) -> bool:
        return self._log is not None

    def records(self) -> list[Record]:
        """Every record, or none when the log cannot be read right now (already reported)."""
        try:
            return self.log.records()
        except HistoryError:
            return []

    def append(self, record: Record) -> bool:
        """Add a finished practice; a failure is said once and returns False."""
        try:
            self.log.append(record)
        except HistoryError as exc:
            self._notify(f"This session could not be saved to your log: {exc}")
            return False
        return True

    def close(self) -> None:
        """Release the log (at exit or before erasing); it opens afresh on next use."""
        if self._log is not None:
            self._log.close()
            self._log = None


__all__ = ["PracticeLog"]
