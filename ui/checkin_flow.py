"""The optional check-ins around a practice, and the gentle care note they may lead to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from sessions.records import HistoryError, Record
from ui import theme as themes
from ui.practices import now

if TYPE_CHECKING:
    from ui.checkin import CheckIn, CheckInDialog
    from ui.practice_log import PracticeLog
    from ui.settings_store import SettingsStore
    from ui.windows import WindowRegistry


class CheckIns(QObject):
    """ "How are you, right now?" before and after, when the person wants it (a setting).

    ``allowed`` is False in tests and ``--once`` runs: then no check-in is ever asked.
    """

    def __init__(
        self,
        store: SettingsStore,
        log: PracticeLog,
        windows: WindowRegistry,
        notify: Callable[[str], None],
        *,
        allowed: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._log = log
        self._windows = windows
        self._notify = notify
        self.allowed = allowed
        #: Check-ins on screen, and whether each is the one before a practice (it starts one).
        self._open: dict[CheckInDialog, bool] = {}

    @property
    def wanted(self) -> bool:
        return self.allowed and self._store.value.mood_checkins

    def ask_before(self, then: Callable[[int | None], object]) -> None:
        """The optional one-tap check-in, then ``then(mood)`` (at once, with None, when off)."""
        from ui.checkin import CheckInDialog

        if not self.wanted:
            then(None)
            return
        dialog = CheckInDialog(self._theme(), parent=self._windows.peek("main"))

        def answered(result: CheckIn) -> None:
            then(result.mood)

        dialog.checked_in.connect(answered)
        self._show(dialog, before=True)

    def after(self, record: Record) -> None:
        """After a kept practice: the check-in and reflection, if wanted."""
        if self.wanted:
            self.ask_after(record.id)

    def ask_after(self, record_id: str) -> CheckInDialog:
        """The check-in and reflection after a session; what is given is saved on that record."""
        from sessions.journal import prompt_for_date
        from sessions.stats import practice_day
        from ui.checkin import CheckInDialog

        prompt = prompt_for_date(practice_day(now()))
        parent = self._session_window()
        dialog = CheckInDialog(self._theme(), after=True, prompt=prompt, parent=parent)
        if parent is not None and parent.windowFlags() & Qt.WindowType.WindowStaysOnTopHint:
            # The practice was in a "Keep on top" pacer: the check-in that follows goes above it,
            # not under it (issue 14, defect 6).
            dialog.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)

        def answered(result: CheckIn) -> None:
            if result.skipped:
                return
            try:
                self._log.log.update(record_id, mood_after=result.mood, note=result.note)
            except HistoryError as exc:
                self._notify(f"Your check-in could not be saved: {exc}")
                return
            self.refresh_care()

        dialog.checked_in.connect(answered)
        self._show(dialog, before=False)
        return dialog

    def _show(self, dialog: CheckInDialog, *, before: bool) -> None:
        self._open[dialog] = before
        dialog.finished.connect(lambda _result: self._open.pop(dialog, None))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _session_window(self) -> QWidget | None:
        """The window the practice was shown in (the pacer, else the main window), if on screen."""
        for name in ("pacer", "main"):
            if self._windows.is_visible(name):
                return self._windows.peek(name)
        return None

    def session_started(self) -> None:
        """A practice began: a check-in still open must not float over it (issue 14, defect 6).

        One left open after the last practice keeps what was given (a mood or words are saved, an
        empty one is skipped); one before a practice that began another way is simply closed.
        """
        for dialog, before in list(self._open.items()):
            if before:
                dialog.checked_in.disconnect()  # it must not start its practice now
                dialog.reject()
            else:
                dialog.put_aside()

    def refresh_care(self) -> None:
        """Show the gentle note after several low check-ins; never again within a week of a dismissal."""
        from ui.care import recent_moods, should_suggest
        from ui.main_window import MainWindow

        window = self._windows.peek("main")
        if not isinstance(window, MainWindow):
            return
        moods = recent_moods(self._log.records(), now())
        dismissed = self._store.value.care_dismissed_at
        when = datetime.fromisoformat(dismissed) if dismissed else None
        window.care.setVisible(should_suggest(moods, when, now()))

    def care_dismissed(self) -> None:
        self._store.update(care_dismissed_at=now().isoformat())

    def _theme(self) -> themes.Theme:
        return themes.current(self._store.value.theme)


__all__ = ["CheckIns"]
