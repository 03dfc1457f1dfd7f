"""The optional check-ins around a practice, and the gentle care note they may lead to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

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
        people: Callable[[], list[str]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``people`` names the person's own people, offered in the care note beside professional help."""
        super().__init__(parent)
        self._people = people
        self._store = store
        self._log = log
        self._windows = windows
        self._notify = notify
        self.allowed = allowed

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
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

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
        dialog = CheckInDialog(self._theme(), after=True, prompt=prompt, parent=self._windows.peek("main"))

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
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

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
        suggest = should_suggest(moods, when, now())
        if suggest and self._people is not None:
            window.care.set_people(self._people())
        window.care.setVisible(suggest)

    def care_dismissed(self) -> None:
        self._store.update(care_dismissed_at=now().isoformat())

    def _theme(self) -> themes.Theme:
        return themes.current(self._store.value.theme)


__all__ = ["CheckIns"]
