"""The colours Kindly is painted with right now: the ``theme`` setting, and, when it follows the
system, the desktop's light or dark — followed live, not read once.

Two ways to hear of the desktop switching: Qt's ``QStyleHints.colorSchemeChanged`` (Qt ≥ 6.5, where
the platform theme reports it: KDE, GNOME with Qt's GTK theme) and the XDG desktop portal's
``org.freedesktop.appearance color-scheme`` setting (GNOME and every portal; read at start and on
``SettingChanged``). The portal's answer wins when it gives one (1 dark, 2 light); 0 is "no
preference", and then Qt's palette decides.

Signals:
    changed(object): the :class:`~ui.theme.Theme` every window should now be painted with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from ui import theme as themes
from ui.dbus import Remote

if TYPE_CHECKING:
    from ui.dbus import Body, Bus
    from ui.settings_store import SettingsStore

PORTAL_SETTINGS = Remote(
    "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings"
)
APPEARANCE = ("org.freedesktop.appearance", "color-scheme")
_PORTAL_DARK, _PORTAL_LIGHT = 1, 2


class Look(QObject):
    """Owns the effective theme; the settings store owns the preference it starts from."""

    changed = Signal(object)

    def __init__(self, store: SettingsStore, bus: Bus | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.theme = themes.current(store.value.theme)
        store.watch(("theme",), lambda _settings: self.refresh())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.styleHints().colorSchemeChanged.connect(lambda _scheme: self.refresh())
        if bus is not None:
            bus.subscribe(
                self._portal_changed, interface=PORTAL_SETTINGS.interface, member="SettingChanged",
                arg0=APPEARANCE[0], arg1=APPEARANCE[1],
            )  # fmt: skip
            bus.call(
                PORTAL_SETTINGS, "ReadOne", "ss", APPEARANCE,
                reply=lambda body: self._portal_says(body[0]), failed=lambda _error: None,
            )  # fmt: skip

    def refresh(self) -> None:
        theme = themes.current(self._store.value.theme)
        if theme is not self.theme:
            self.theme = theme
            self.changed.emit(theme)

    def _portal_changed(self, body: Body) -> None:
        self._portal_says(body[2])

    def _portal_says(self, value: Any) -> None:
        while isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
            value = value[1]  # a variant (older portals wrap it twice)
        dark = {_PORTAL_DARK: True, _PORTAL_LIGHT: False}.get(value) if isinstance(value, int) else None
        themes.set_system_dark(dark)
        self.refresh()


__all__ = ["Look"]
