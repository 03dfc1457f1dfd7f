"""The running app's place on the desktop: the theme it follows, starting at login, a tray that
comes late, and notices said by the desktop when nobody looks at Kindly's own window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sessions.settings import Settings
from ui import theme as themes

if TYPE_CHECKING:
    from ui.app import KindlyApp


def wire_desktop(app: KindlyApp) -> None:
    """Connect the app's desktop services to the settings store and the notices."""
    desktop_palette = app.qapp.palette()

    def repaint(theme: themes.Theme) -> None:
        """The colours changed (the setting, or the desktop switched live): every window follows."""
        app.qapp.setPalette(themes.palette(theme, desktop_palette))
        app.qapp.setStyleSheet(themes.stylesheet(theme))

    app.look.changed.connect(repaint)
    if app.look.theme.dark:
        app.qapp.setPalette(themes.palette(app.look.theme, desktop_palette))
    app.store.watch(("start_at_login",), lambda settings: autostart_changed(app, settings))
    app.notices.posted.connect(lambda text: tell_desktop(app, text))


def tell_desktop(app: KindlyApp, text: str) -> None:
    """Nobody looks at the main window: the desktop's notification says it (the tray's balloon
    does when there is no notification daemon; ui/tray_presenter.py)."""
    if not app.windows.is_visible("main") and app.notifier.available:
        app.notifier.show("notice", "Kindly", text, (), 8000)


def autostart_changed(app: KindlyApp, settings: Settings) -> None:
    from ui.desktop import request_background, sandboxed, set_autostart

    if sandboxed() and app.bus is not None:
        # A Flatpak can't write ~/.config/autostart; the Background portal does it for us.
        request_background(app.bus, settings.start_at_login, failed=app.notices.say)
        return
    try:
        set_autostart(settings.start_at_login)
    except OSError as exc:
        app.notices.say(f"Starting at login could not be changed ({exc.strerror or exc}).")


def people_names(app: KindlyApp) -> list[str]:
    """The names of the person's people, for the gentle care note (none if their file is damaged)."""
    from sessions.private_file import PrivateDataError

    try:
        return [p.name for p in app.writing.people.all()]
    except PrivateDataError:
        return []


__all__ = ["people_names", "wire_desktop"]
