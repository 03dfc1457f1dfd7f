"""Keeps the tray's menu, icon and tooltip true to the session and the log; the tray only shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from sessions.clock import mmss
from ui.practices import now
from ui.today import today_text

if TYPE_CHECKING:
    from sessions.records import Record
    from ui.app import KindlyApp
    from ui.controller import SessionController
    from ui.library_model import LibraryModel
    from ui.practice_log import PracticeLog
    from ui.settings_store import SettingsStore
    from ui.tray import Tray


#: How often the tooltip's time left is refreshed while a session runs (issue 14, defect 8: it
#: changed only on cues, minutes apart in a long body scan). No timer runs while idle or paused.
TOOLTIP_REFRESH_MS = 5000


class TrayPresenter(QObject):
    """Listens to the session controller and the practice log, and updates the tray."""

    def __init__(
        self,
        tray: Tray,
        *,
        controller: SessionController,
        log: PracticeLog,
        library: LibraryModel,
        store: SettingsStore,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._tray = tray
        self._controller = controller
        self._log = log
        self._library = library
        self.tooltip_timer = QTimer(self)
        self.tooltip_timer.setInterval(TOOLTIP_REFRESH_MS)
        self.tooltip_timer.setTimerType(Qt.TimerType.CoarseTimer)  # may share a wake-up with others
        self.tooltip_timer.timeout.connect(self.update_tooltip)
        controller.state_changed.connect(self.sync)
        controller.session_finished.connect(lambda _event: self.sync())
        # Any cue is a moment worth refreshing the time left (no timer of its own).
        controller.cue_fired.connect(lambda _cue: self.update_tooltip())
        log.changed.connect(self.update_tooltip)
        # The library is read when the menu first opens, not at start-up.
        tray.menu.aboutToShow.connect(self.fill_menu)

    def sync(self) -> None:
        self._tray.set_session(active=self._controller.is_active, paused=self._controller.is_paused)
        if self._controller.is_running:
            if not self.tooltip_timer.isActive():
                self.tooltip_timer.start()
        else:
            self.tooltip_timer.stop()  # idle or paused: the tooltip holds still, and so does the app
        self.update_tooltip()

    def update_tooltip(self) -> None:
        """Time left in a running session, or today's practice (the tray's one line)."""
        runner = self._controller.runner
        if runner is not None and runner.is_active:
            state = runner.state_at_now()
            left = "" if state.remaining_s is None else f", {mmss(state.remaining_s)} left"
            paused = " (paused)" if self._controller.is_paused else ""
            self._tray.set_tooltip(f"Kindly — {runner.timeline.title}{left}{paused}")
        else:
            self._tray.set_tooltip(f"Kindly — {today_text(self._log.records(), now())}")

    def fill_menu(self) -> None:
        from sessions.reminder_pause import describe, is_paused

        settings, moment = self._store.value, now()
        until = settings.reminders_paused_until
        paused = is_paused(until, moment)
        offered = not settings.reminders.is_empty
        self._tray.set_reminders_paused(offered=offered, paused=paused, text=describe(until, moment))
        # The person's own named patterns, under "All practices" at the pacer's usual lengths.
        lengths = (1.0, 3.0, 5.0, 10.0, 20.0)
        own = [
            (f"pattern:{spec}", f"Breathing · {name}", lengths) for name, spec in self._store.value.patterns
        ]
        self._tray.set_sessions([*self._library.tray_sessions(), *own])
        self._tray.set_picks(self.picks())

    def picks(self) -> list[tuple[str, str, float]]:
        """Favourites first, in the person's order, then the most recent other practices; each at
        the length last used (or its first length), as ``(id, title, minutes)``."""
        from ui.tray import MAX_PICKS

        last_minutes: dict[str, float] = {}
        recent: list[str] = []
        titles: dict[str, str] = {}
        for record in reversed(self._log.records()):
            key = self._key_of(record)
            if key is None or record.planned_seconds is None:
                continue
            if key not in last_minutes:
                last_minutes[key] = round(record.planned_seconds / 60, 2)
                titles[key] = record.title
                recent.append(key)
        picks: list[tuple[str, str, float]] = []
        for key in [*self._store_favourites(), *recent]:
            if len(picks) == MAX_PICKS or any(p[0] == key for p in picks):
                continue
            title = self._library.title_of(key) or titles.get(key)
            minutes = last_minutes.get(key) or self._first_length(key)
            if title is not None and minutes is not None:
                picks.append((key, title, minutes))
        return picks

    def _key_of(self, record: Record) -> str | None:
        if self._library.recording(record.session_id) is not None:
            return f"recording:{record.session_id}"
        if record.session_id == "breathing" and record.pattern:
            return f"pattern:{record.pattern}"
        if record.session_id == "timer":
            return "timer"
        return record.session_id if self._library.library.get(record.session_id) else None

    def _first_length(self, key: str) -> float | None:
        if key.startswith("pattern:"):
            return self._store.value.minutes
        if key.startswith("recording:"):
            recording = self._library.recording(key.removeprefix("recording:"))
            return recording.duration_s / 60 if recording else None
        if key == "timer":
            return 10.0
        script = self._library.library.get(key)
        return script.lengths_min[0] if script else None

    def _store_favourites(self) -> tuple[str, ...]:
        return self._store.value.favourites


def make_tray(app: KindlyApp) -> Tray:
    """The tray icon, its menu connected to the app, and the presenter that keeps it true."""
    from ui.practices import Practice, practice_for
    from ui.tray import Tray

    tray = Tray(app)
    start = app.practices.start
    tray.breathe_requested.connect(lambda minutes: start(Practice("breathing", "", minutes)))
    tray.session_requested.connect(lambda session_id, minutes: start(practice_for(session_id, minutes)))
    tray.pacer_requested.connect(lambda: app.windows.open("pacer"))
    tray.history_requested.connect(lambda: app.windows.open("history"))
    tray.write_requested.connect(lambda: app.windows.open("write"))
    tray.settings_requested.connect(lambda: app.windows.open("settings"))
    tray.care_requested.connect(lambda: app.windows.open("care"))
    # Through a lambda: the tray is made before the reminders.
    tray.reminders_pause_requested.connect(lambda choice: app.reminders.pause(choice))  # noqa: PLW0108
    tray.window_requested.connect(app.toggle_main_window)
    tray.pause_requested.connect(app.controller.toggle_pause)
    tray.stop_requested.connect(app.controller.stop)
    tray.quit_requested.connect(app.quit)
    tray.lost.connect(app.tray_lost)
    # A notice while nobody looks at the main window (a pacer or tray-only session): say it here.
    # With a notification daemon the desktop's own notification says it (ui/app.py), not Qt's balloon.
    app.notices.posted.connect(
        lambda text: (
            None if app.windows.is_visible("main") or app.notifier.available else tray.show_message(text)
        )
    )
    app.tray_presenter = TrayPresenter(
        tray, controller=app.controller, log=app.log, library=app.library, store=app.store, parent=app
    )
    tray.show()
    return tray


__all__ = ["TrayPresenter", "make_tray"]
