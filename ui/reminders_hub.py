"""Reminders and mindful bells for the running app: the scheduler and its prompt, made on first use."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from sessions.settings import Settings
from ui.practices import Practice, now

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from sessions.paths import DataPaths
    from ui.controller import SessionController
    from ui.notifier import Notifier
    from ui.practices import Practices
    from ui.reminder_scheduler import ReminderPresenter, ReminderScheduler
    from ui.settings_store import SettingsStore


class Reminders(QObject):
    """Arms the saved plan, holds reminders during a session, rings bells and offers the pause."""

    def __init__(
        self,
        store: SettingsStore,
        *,
        practices: Practices,
        controller: SessionController,
        paths: DataPaths,
        tray_icon: QSystemTrayIcon | None,
        notifier: Notifier | None = None,
        fullscreen: Callable[[], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``fullscreen`` says whether a fullscreen window is in front (X11; tests pass their own)."""
        super().__init__(parent)
        self._fullscreen = fullscreen or _fullscreen_window_active
        self._store = store
        self._practices = practices
        self._controller = controller
        self._seed = zlib.crc32(str(paths.root).encode())  # random bells stay where they were
        self._tray_icon = tray_icon
        self._notifier = notifier
        self._scheduler: ReminderScheduler | None = None
        self._presenter: ReminderPresenter | None = None
        store.watch(("reminders",), self._plan_changed)

    @property
    def scheduler(self) -> ReminderScheduler:
        """One single-shot timer, armed with the saved plan (made on first use)."""
        if self._scheduler is None:
            from ui.reminder_scheduler import ReminderPresenter, ReminderScheduler

            scheduler = ReminderScheduler(self, seed=self._seed)
            presenter = ReminderPresenter(self._tray_icon, self, notifier=self._notifier)
            scheduler.reminder_due.connect(self._due)
            presenter.start_requested.connect(lambda: self._practices.start(Practice("breathing", "", 1.0)))
            presenter.snooze_requested.connect(scheduler.snooze)
            self._controller.session_started.connect(lambda: scheduler.set_session_active(True))
            self._controller.session_started.connect(presenter.withdraw)
            self._controller.session_finished.connect(lambda _event: scheduler.set_session_active(False))
            self._scheduler, self._presenter = scheduler, presenter
            scheduler.set_session_active(self._controller.is_active)
            scheduler.set_plan(self._store.value.reminders)
        return self._scheduler

    @property
    def presenter(self) -> ReminderPresenter:
        _ = self.scheduler
        assert self._presenter is not None
        return self._presenter

    def use_tray(self, tray_icon: QSystemTrayIcon) -> None:
        """A tray arrived after start-up: its balloons serve when no notification daemon does."""
        self._tray_icon = tray_icon
        if self._presenter is not None:
            self._presenter.tray_icon = tray_icon

    def _plan_changed(self, settings: Settings) -> None:
        if self._scheduler is not None:
            self._scheduler.set_plan(settings.reminders)

    def pause(self, choice: str) -> None:
        """ "Pause reminders" ("" until resumed, "1h", "tomorrow") or ``"resume"``: one setting."""
        from sessions.reminder_pause import paused_until

        until = "" if choice == "resume" else paused_until(choice, now())
        self._store.update(reminders_paused_until=until)

    def held_by(self) -> str:
        """Why bells and reminders keep quiet right now ("" when they may sound)."""
        from sessions.reminder_pause import is_paused

        if is_paused(self._store.value.reminders_paused_until, now()):
            return "paused"
        if self._notifier is not None and self._notifier.do_not_disturb:
            return "do-not-disturb"
        if self._fullscreen():
            return "fullscreen"
        return ""

    def _due(self, kind: str) -> None:
        if self.held_by():
            # A held bell is dropped, not saved up for later; a daily invitation comes back after
            # a snooze, so the day's reminder isn't lost to a film.
            if kind != "bell" and self.held_by() != "paused":
                self.scheduler.snooze()
            return
        if kind == "bell":
            self._practices.ring_bell()
        self.presenter.present(kind)

    def stop(self) -> None:
        """No more reminders (at quit, or before everything is erased)."""
        if self._scheduler is not None:
            self._scheduler.stop()

    def close(self) -> None:
        self.stop()
        if self._presenter is not None:
            self._presenter.close()


def _fullscreen_window_active() -> bool:
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() != "xcb":
        return False  # Wayland can't be asked; offscreen has no windows in front
    from ui.quiet import fullscreen_window_active

    return fullscreen_window_active()


__all__ = ["Reminders"]
