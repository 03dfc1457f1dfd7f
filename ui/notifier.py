"""Kindly's own desktop notifications: ``org.freedesktop.Notifications`` with actions, when a
notification daemon exists (with a tray or without one); ``NullNotifier`` when none does.

Each notification has a key ("daily", "bell", "notice"): showing a key again replaces the one on
screen rather than stacking another; ``withdraw`` takes it away (the person answered in the app).
Every notification names Kindly's launcher (the ``desktop-entry`` hint) so the desktop shows our
icon and groups them under Kindly. The daemon's ``Inhibited`` property (Do Not Disturb, where the
daemon has it) is followed live.

Signals:
    action_invoked(str, str): the notification ``key`` and the action the person chose.
    failed(str): the notification ``key`` could not be shown (the daemon refused, or could not start).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from sessions.install import APP_ID
from ui.dbus import BUS, PROPERTIES, DBusError, Remote

if TYPE_CHECKING:
    from ui.dbus import Body, Bus

log = logging.getLogger(__name__)

NOTIFICATIONS = Remote(
    "org.freedesktop.Notifications", "/org/freedesktop/Notifications", "org.freedesktop.Notifications"
)
PORTAL_SETTINGS = Remote(
    "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings"
)
SHOW_BANNERS = ("org.gnome.desktop.notifications", "show-banners")
#: The action a daemon sends when the notification itself (not a button) is clicked.
DEFAULT_ACTION = "default"


class Notifier(Protocol):
    """Desktop notifications with actions."""

    action_invoked: Any
    failed: Any

    @property
    def available(self) -> bool: ...
    @property
    def do_not_disturb(self) -> bool: ...
    def show(
        self,
        key: str,
        summary: str,
        body: str,
        actions: tuple[tuple[str, str], ...] = (),
        timeout_ms: int = -1,
    ) -> None: ...
    def withdraw(self, key: str) -> None: ...


class NullNotifier(QObject):
    """No notification daemon: nothing is shown (the caller uses its own prompt)."""

    action_invoked = Signal(str, str)
    failed = Signal(str)
    available = False
    do_not_disturb = False

    def show(
        self,
        key: str,
        summary: str,
        body: str,
        actions: tuple[tuple[str, str], ...] = (),
        timeout_ms: int = -1,
    ) -> None:
        pass

    def withdraw(self, key: str) -> None:
        pass


class DesktopNotifier(QObject):
    """Notifications through the desktop's daemon on ``bus``."""

    action_invoked = Signal(str, str)
    failed = Signal(str)

    def __init__(self, bus: Bus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self._ids: dict[str, int] = {}  # key -> the daemon's id of what is on screen
        #: Keys whose Notify awaits its reply, with what to show next (None: nothing yet).
        self._in_flight: dict[str, tuple[str, str, tuple[tuple[str, str], ...], int] | None] = {}
        self._owner = ""
        self._inhibited = False  # the daemon's Inhibited property (KDE, dunst…)
        self._banners_off = False  # GNOME's Do Not Disturb: show-banners off, read through the portal
        self._activatable: bool | None = None  # asked when first needed, not at start-up
        # Asked without waiting (start-up stays quick); the answer arrives with the first events.
        bus.call(
            BUS, "GetNameOwner", "s", (NOTIFICATIONS.service,),
            reply=lambda body: self._owner_changed(str(body[0])), failed=lambda _error: None,
        )  # fmt: skip
        bus.watch_name(NOTIFICATIONS.service, self._owner_changed)
        bus.subscribe(self._invoked, interface=NOTIFICATIONS.interface, member="ActionInvoked")
        bus.subscribe(self._closed, interface=NOTIFICATIONS.interface, member="NotificationClosed")
        bus.subscribe(
            self._properties_changed,
            interface=PROPERTIES,
            member="PropertiesChanged",
            path=NOTIFICATIONS.path,
        )
        # GNOME's daemon has no Inhibited property; its Do Not Disturb is this setting.
        bus.subscribe(
            lambda body: self._banners(body[2]),
            interface=PORTAL_SETTINGS.interface, member="SettingChanged",
            arg0=SHOW_BANNERS[0], arg1=SHOW_BANNERS[1],
        )  # fmt: skip
        bus.call(
            PORTAL_SETTINGS, "ReadOne", "ss", SHOW_BANNERS,
            reply=lambda body: self._banners(body[0]), failed=lambda _error: None,
        )  # fmt: skip

    @property
    def available(self) -> bool:
        """A daemon runs now, or the bus would start one."""
        if not self._bus.connected:
            return False
        if self._owner:
            return True
        if self._activatable is None:
            if not self._bus.name_owner(NOTIFICATIONS.service):
                try:
                    names = self._bus.call_sync(BUS, "ListActivatableNames")[0]
                    self._activatable = NOTIFICATIONS.service in names
                except DBusError:  # only means "not activatable"
                    self._activatable = False
            else:
                return True
        return self._activatable

    def show(
        self,
        key: str,
        summary: str,
        body: str,
        actions: tuple[tuple[str, str], ...] = (),
        timeout_ms: int = -1,
    ) -> None:
        if key in self._in_flight:  # replace it once the daemon has told us its id, never stack
            self._in_flight[key] = (summary, body, actions, timeout_ms)
            return
        self._in_flight[key] = None
        flat = [part for action in actions for part in action]
        hints = {"desktop-entry": ("s", APP_ID), "urgency": ("y", 1)}
        self._bus.call(
            NOTIFICATIONS, "Notify", "susssasa{sv}i",
            ("Kindly", self._ids.get(key, 0), APP_ID, summary, body, flat, hints, timeout_ms),
            reply=lambda reply: self._shown(key, int(reply[0])),
            failed=lambda error: self._not_shown(key, error),
        )  # fmt: skip

    def _shown(self, key: str, nid: int) -> None:
        self._ids[key] = nid
        later = self._in_flight.pop(key, None)
        if later is not None:
            self.show(key, *later)

    def _not_shown(self, key: str, error: str) -> None:
        log.info("notification not shown: %s", error)
        self._in_flight.pop(key, None)
        self.failed.emit(key)

    def withdraw(self, key: str) -> None:
        nid = self._ids.pop(key, None)
        if nid is not None:
            self._bus.call(NOTIFICATIONS, "CloseNotification", "u", (nid,))

    # -- what the daemon says ------------------------------------------------------------------------
    def _key(self, nid: int) -> str | None:
        return next((key for key, value in self._ids.items() if value == nid), None)

    def _invoked(self, body: Body) -> None:
        key = self._key(int(body[0]))
        if key is not None:
            self.action_invoked.emit(key, str(body[1]))

    def _closed(self, body: Body) -> None:
        key = self._key(int(body[0]))
        if key is not None:
            del self._ids[key]

    def _owner_changed(self, owner: str) -> None:
        self._owner = owner
        self._ids.clear()  # a new daemon knows nothing of the old one's notifications
        if owner:
            self._read_do_not_disturb()

    def _read_do_not_disturb(self) -> None:
        if self._owner:
            self._bus.get_property(NOTIFICATIONS, "Inhibited", self._set_do_not_disturb, lambda _error: None)

    @property
    def do_not_disturb(self) -> bool:
        return self._inhibited or self._banners_off

    def _set_do_not_disturb(self, value: Any) -> None:
        self._inhibited = bool(value)

    def _banners(self, value: Any) -> None:
        while isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
            value = value[1]  # a variant (older portals wrap it twice)
        self._banners_off = value is False

    def _properties_changed(self, body: Body) -> None:
        if body[0] == NOTIFICATIONS.interface and "Inhibited" in body[1]:
            self._inhibited = bool(body[1]["Inhibited"][1])


def make_notifier(bus: Bus | None, parent: QObject | None = None) -> DesktopNotifier | NullNotifier:
    return NullNotifier(parent) if bus is None else DesktopNotifier(bus, parent)


__all__ = ["DEFAULT_ACTION", "DesktopNotifier", "Notifier", "NullNotifier", "make_notifier"]
