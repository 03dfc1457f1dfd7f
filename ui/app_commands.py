"""What each command asks of the running app: start a practice, open a window, or stay in the tray."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sessions.commands import Command
from sessions.timer import TIMER_ID
from ui.practices import Practice, practice_for
from ui.windows import when_exposed

if TYPE_CHECKING:
    from ui.app import KindlyApp

NO_TRAY = "Your desktop has no system tray, so Kindly lives in this window. Closing it quits Kindly."


def run(app: KindlyApp, command: Command) -> None:
    """Carry out ``command``; ``ValueError`` for a session that does not exist."""
    settings = app.store.value
    if command.name == "start" and command.session_id == TIMER_ID:
        app.practices.start(Practice("timer", minutes=command.minutes, timer=command.timer))
    elif command.name == "start":
        session_id = app.library.resolve(command.session_id)
        if session_id is None:
            raise ValueError(f"there is no session or recording '{command.session_id}'")
        minutes = command.minutes
        if command.breaths is not None:  # counted breaths: the plain pacer
            app.practices.start(Practice("breathing", command.pattern or "", breaths=command.breaths))
            return
        if session_id == "breathing" and minutes is None:
            minutes = settings.minutes
        app.practices.start(practice_for(session_id, minutes, command.pattern))
    elif command.name == "pacer":
        if (command.minutes or command.once) and app.controller.is_active:
            # Another practice is on: asked about like any start, never silently replaced.
            pattern = command.pattern or settings.pattern
            app.practices.start(Practice("breathing", pattern, command.minutes or settings.minutes))
            return
        from ui.pacer import PacerWindow  # here: a plain launch opens the main window, not the pacer

        pacer = app.windows.typed("pacer", PacerWindow)
        app.windows.open("pacer")
        if command.pattern or command.minutes:
            pacer.select(command.pattern or settings.pattern, command.minutes or settings.minutes)
        # The session begins once the window is on screen, so its first breath is drawn on time.
        if command.breaths is not None:
            practice = Practice("breathing", pacer.pattern_text(), breaths=command.breaths)
            when_exposed(pacer, lambda: app.practices.start(practice))
        elif command.minutes or command.once:
            when_exposed(pacer, pacer.primary_action)  # a length (or --once): a session now, any length
    elif command.name == "reminders":
        app.reminders.pause(command.pause or "")
        return
    elif command.name in ("history", "settings"):
        app.windows.open(command.name)
    elif command.name == "write":
        if command.session_id and app.writing.library.get(command.session_id) is None:
            raise ValueError(f"there is no writing practice '{command.session_id}'")
        if command.session_id:
            app.writing_flow.begin_writing(command.session_id)
        else:
            app.windows.open("write")
    elif command.name != "background" or not app.has_tray:
        app.show_main_window()  # in the background only the tray shows, if there is one
    if not app.has_tray and command.name in ("window", "background"):
        from ui.main_window import MainWindow

        app.windows.typed("main", MainWindow).show_notice(NO_TRAY)  # said here, where it is true


__all__ = ["NO_TRAY", "run"]
