"""The main window on screen before the rest of Kindly loads (DESIGN §10, bench/startup.py).

A plain launch is a person waiting for Kindly's window. :func:`show_first_window` builds what that
window needs — the app's name and icon, the settings, the library list and the main window — and
nothing else, so the window is painted before the practices, the desktop's services, the tray and
the log are even imported (about 25 ms of a launch). :class:`~ui.app.KindlyApp` then adopts these
objects: each still has its one owner, and nothing is made twice.

Nothing here may import ``ui.app`` or what only it needs (tests/e2e/test_cli.py checks the modules
loaded by the first paint).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QIcon

from sessions.install import APP_ID
from sessions.paths import ASSETS_DIR
from ui import theme as themes
from ui.library_model import LibraryModel
from ui.notices import Notices
from ui.settings_store import SettingsStore

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from sessions.paths import DataPaths
    from ui.main_window import MainWindow

#: Sizes rendered from the SVGs by tools/render_icons.py (PNGs: no QtSvg needed at start-up).
ICON_SIZES = (16, 22, 24, 32, 44, 48, 64, 128, 256)
#: How long :func:`show_first_window` waits for the window's first paint at most (a display that
#: never shows it, such as a window manager holding it back, only delays the rest by this much).
PAINT_WAIT_S = 0.5


def app_icon(active: bool = False) -> QIcon:
    name = "kindly-active" if active else "kindly"
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(ASSETS_DIR / "icons" / "png" / f"{name}-{size}.png"))
    return icon


def identify(qapp: QApplication) -> None:
    """Kindly's name and icon, before any window exists."""
    qapp.setApplicationName("Kindly")
    # The Wayland app id, _GTK_APPLICATION_ID and _KDE_NET_WM_DESKTOP_FILE all come from this, so
    # docks match windows to the launcher.
    qapp.setDesktopFileName(APP_ID)
    # The one place "Kindly" enters a window's title: Qt adds " — Kindly" to each window's own name
    # ("Breathing — Kindly"), so no window names the app itself (issue 14, defect 10:
    # "Kindly — Breathing — Kindly").
    qapp.setApplicationDisplayName("Kindly")
    qapp.setWindowIcon(app_icon())


def use_stylesheet(qapp: QApplication, theme: themes.Theme) -> None:
    """The app-wide style sheet for ``theme``; setting the same one again would restyle every widget."""
    sheet = themes.stylesheet(theme)
    if qapp.styleSheet() != sheet:
        qapp.setStyleSheet(sheet)


class FirstWindow:
    """What a window-first launch made before :class:`~ui.app.KindlyApp`, for it to adopt."""

    def __init__(
        self, notices: Notices, store: SettingsStore, library: LibraryModel, window: MainWindow
    ) -> None:
        self.notices, self.store, self.library, self.window = notices, store, library, window


def show_first_window(qapp: QApplication, paths: DataPaths) -> FirstWindow:
    """Show the main window with the library, and return once it is painted (or after
    :data:`PAINT_WAIT_S`). Events that arrive meanwhile wait in the queue for the app."""
    from ui.main_window import MainWindow

    identify(qapp)
    notices = Notices()
    store, notice = SettingsStore.load(paths.settings)
    use_stylesheet(qapp, themes.current(store.value.theme))
    if notice:
        notices.say(notice)
    library = LibraryModel(paths, notices.say)
    window = MainWindow()
    window.set_playables(library.playables(store.value.minutes, store.value.favourites))
    window.show_library()
    window.show()
    window.raise_()
    window.activateWindow()
    # Wait for the display to map and expose the window: Qt paints a widget window as it handles
    # the expose. The display's events wake the wait; the timer does when PAINT_WAIT_S is up.
    # (No Python event filter here: each event it saw would cost a conversion to its Python class.)
    handle = window.windowHandle()
    deadline = time.monotonic() + PAINT_WAIT_S
    QTimer.singleShot(round(PAINT_WAIT_S * 1000), lambda: None)
    while handle is not None and not handle.isExposed() and time.monotonic() < deadline:
        qapp.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    qapp.processEvents()  # what the paint left pending, as before any launch says it is ready
    return FirstWindow(notices, store, library, window)


__all__ = ["FirstWindow", "app_icon", "identify", "show_first_window", "use_stylesheet"]
