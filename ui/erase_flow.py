"""Delete all my data: stop everything that could write, erase, and leave (or say what was left)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.app import KindlyApp


def erase_everything(app: KindlyApp) -> None:
    """Delete everything Kindly keeps for this person, then quit; confirmed before this is called."""
    from sessions.erase import EraseError, erase_all, remaining
    from ui.desktop import set_autostart

    app.checkins.allowed = False  # no check-in for a session about to be deleted
    if app.controller.is_active:
        app.controller.stop()  # first: a session logged after the erase would survive it
    app.reminders.stop()
    app.writing_flow.forget()  # nothing half-written is saved again after the erase
    app.close_log()
    try:
        set_autostart(False)  # it would start a Kindly with no settings at the next login
    except OSError as exc:
        app.notices.say(f"Starting at login could not be switched off ({exc.strerror or exc}).")
    try:
        erase_all(app.paths)
    except EraseError as exc:
        app.show_main_window()
        app.notices.say(f"{exc}. Everything else was deleted.")
        return
    kept = f" Files Kindly did not make were left in {app.paths.root}." if remaining(app.paths) else ""
    print(f"kindly: all your Kindly data was deleted.{kept}", file=sys.stderr)
    app.quit()


__all__ = ["erase_everything"]
