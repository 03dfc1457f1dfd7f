"""Waiting for a tray that wasn't there when Kindly started (a KDE panel or GNOME's AppIndicator
extension coming up a few seconds after login): when one appears, the tray icon is made.

Two kinds of tray: a StatusNotifierItem host (``org.kde.StatusNotifierWatcher`` on the session
bus, KDE, GNOME's extension, most Wayland panels), heard of through the bus; and an XEmbed tray on
X11 (``_NET_SYSTEM_TRAY_S0``), which Qt docks a shown icon into by itself: a dormant icon waits,
and its docking (Qt's ``QSystemTrayIconSys`` window showing) is the sign. Qt decides between the
two when an icon is made, so the real tray icon is made only once a host is there.

Signals:
    arrived(): a tray host is there now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from ui.dbus import Bus

SNI_WATCHER = "org.kde.StatusNotifierWatcher"
#: The window Qt makes for an icon docked into an XEmbed tray.
XEMBED_ICON_WINDOW = "QSystemTrayIconSys"


class TrayArrival(QObject):
    """Says once when a tray host appears; does nothing (and costs nothing) after that."""

    arrived = Signal()

    def __init__(self, bus: Bus | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done = False
        self._probe: QSystemTrayIcon | None = None
        if bus is not None:
            bus.watch_name(SNI_WATCHER, self._watcher_changed)
        app = QGuiApplication.instance()
        if app is not None and QGuiApplication.platformName() == "xcb":
            from PySide6.QtWidgets import QSystemTrayIcon

            from ui.first_window import app_icon

            self._probe = QSystemTrayIcon(app_icon(), self)
            # Only while waiting: the dormant icon's dock window showing is the XEmbed tray's arrival.
            app.installEventFilter(self)
            self._probe.show()

    @property
    def waiting(self) -> bool:
        return not self._done

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and watched.objectName() == XEMBED_ICON_WINDOW:
            QTimer.singleShot(0, self._arrive)
        return False

    def _watcher_changed(self, owner: str) -> None:
        if owner:
            self._arrive()

    def _arrive(self) -> None:
        if self._done:
            return
        self.stop()
        self.arrived.emit()

    def stop(self) -> None:
        """Stop waiting (a tray came, or Kindly is leaving)."""
        self._done = True
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self._probe is not None:
            self._probe.hide()
            self._probe.deleteLater()
            self._probe = None


__all__ = ["TrayArrival"]
