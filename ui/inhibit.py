"""Keeping the screen awake while a practice runs: the desktop's idle inhibit, held and let go.

Three ways, tried in order on each hold: the XDG desktop portal's ``Inhibit`` (idle), which every
sandbox and GNOME answer; ``org.freedesktop.ScreenSaver.Inhibit`` (KDE, Xfce, LXQt and most
others); and on bare X11 ``XResetScreenSaver`` every 30 s while held. ``NullInhibitor`` holds
nothing (tests, no bus, the setting off).

Whatever is held is also let go if Kindly dies: the portal and the screensaver service drop the
inhibits of a connection that leaves the bus.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer

from sessions.install import APP_ID
from ui.dbus import Remote

if TYPE_CHECKING:
    import ctypes

    from ui.controller import SessionController
    from ui.dbus import Bus
    from ui.settings_store import SettingsStore

log = logging.getLogger(__name__)

PORTAL = Remote(
    "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Inhibit"
)
PORTAL_REQUEST = "org.freedesktop.portal.Request"
#: The portal's flag for "don't let the session go idle" (1 logout, 2 switch user, 4 suspend, 8 idle).
PORTAL_IDLE = 8
SCREENSAVER = Remote(
    "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"
)
#: What the desktop may show beside Kindly's name in its list of inhibitors.
REASON = "A practice is running"
X11_RESET_MS = 30_000


class Inhibitor(Protocol):
    """Holds the desktop's idle inhibit; ``hold`` and ``release`` may be called any number of times."""

    @property
    def held(self) -> bool: ...
    @property
    def via(self) -> str: ...
    def hold(self) -> None: ...
    def release(self) -> None: ...


class NullInhibitor:
    """Holds nothing; remembers whether it was asked to (so tests can follow the wiring)."""

    via = "none"

    def __init__(self) -> None:
        self.held = False

    def hold(self) -> None:
        self.held = True

    def release(self) -> None:
        self.held = False


class DesktopInhibitor(QObject):
    """The portal, else ``org.freedesktop.ScreenSaver``, else X11's screensaver reset.

    A hold answered after it was released is let go at once, so a quick start-and-stop never
    leaves the screen held.
    """

    def __init__(self, bus: Bus | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self._wanted = False
        self._handle = ""  # the portal's request object while held
        self._cookie: int | None = None  # the screensaver's cookie while held
        self._x11: _X11Reset | None = None
        self.via = "none"
        self._generation = 0

    @property
    def held(self) -> bool:
        return self._wanted

    def hold(self) -> None:
        if self._wanted:
            return
        self._wanted = True
        self._generation += 1
        generation = self._generation
        if self._bus is None or not self._bus.connected:
            self._hold_x11()
            return
        token = f"kindly{os.getpid()}x{generation}"
        self._bus.call(
            PORTAL, "Inhibit", "sua{sv}",
            ("", PORTAL_IDLE, {"reason": ("s", REASON), "handle_token": ("s", token)}),
            reply=lambda body: self._portal_held(generation, str(body[0])),
            failed=lambda _error: self._hold_screensaver(generation),
        )  # fmt: skip

    def release(self) -> None:
        if not self._wanted:
            return
        self._wanted = False
        self._let_go()

    # -- the three ways ------------------------------------------------------------------------------
    def _portal_held(self, generation: int, handle: str) -> None:
        self._handle, self.via = handle, "portal"
        if not self._wanted or generation != self._generation:
            self._let_go()

    def _hold_screensaver(self, generation: int) -> None:
        if generation != self._generation or not self._wanted or self._bus is None:
            return
        self._bus.call(
            SCREENSAVER, "Inhibit", "ss", (APP_ID, REASON),
            reply=lambda body: self._screensaver_held(generation, int(body[0])),
            failed=lambda _error: self._no_screensaver(generation),
        )  # fmt: skip

    def _no_screensaver(self, generation: int) -> None:
        if generation == self._generation and self._wanted:
            self._hold_x11()

    def _screensaver_held(self, generation: int, cookie: int) -> None:
        self._cookie, self.via = cookie, "screensaver"
        if not self._wanted or generation != self._generation:
            self._let_go()

    def _hold_x11(self) -> None:
        if self._x11 is None:
            self._x11 = _X11Reset.open(self)
        if self._x11 is not None:
            self.via = "x11"
            self._x11.start()

    def _let_go(self) -> None:
        bus = self._bus
        if self._handle and bus is not None:
            bus.call(Remote(PORTAL.service, self._handle, PORTAL_REQUEST), "Close")
        if self._cookie is not None and bus is not None:
            # The cookie is a uint32 on the wire ("u"): exactly what QtDBus could not send (DESIGN §8).
            bus.call(SCREENSAVER, "UnInhibit", "u", (self._cookie,))
        if self._x11 is not None:
            self._x11.stop()
        self._handle, self._cookie = "", None


class _X11Reset(QObject):
    """X11 without a screensaver service: ``XResetScreenSaver`` now and every 30 s while held."""

    def __init__(self, xlib: ctypes.CDLL, display: int, parent: QObject | None) -> None:
        super().__init__(parent)
        self._xlib, self._display = xlib, display
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._reset)

    @classmethod
    def open(cls, parent: QObject | None) -> _X11Reset | None:
        import ctypes  # here, not at the top: only a held inhibit without a screensaver needs it
        import ctypes.util

        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.platformName() != "xcb" or not os.environ.get("DISPLAY"):
            return None
        name = ctypes.util.find_library("X11")
        if name is None:
            return None
        try:
            xlib = ctypes.CDLL(name)
            xlib.XOpenDisplay.restype = ctypes.c_void_p
            xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
            xlib.XResetScreenSaver.argtypes = [ctypes.c_void_p]
            xlib.XFlush.argtypes = [ctypes.c_void_p]
            xlib.XGetScreenSaver.argtypes = [ctypes.c_void_p, *([ctypes.POINTER(ctypes.c_int)] * 4)]
            display = xlib.XOpenDisplay(None)
        except (OSError, AttributeError):
            return None
        return cls(xlib, display, parent) if display else None

    def start(self) -> None:
        self._reset()
        self._timer.start(self._interval_ms())

    def _interval_ms(self) -> int:
        """Every 30 s, or twice per screensaver timeout if that is shorter (``xset s 20``)."""
        import ctypes

        timeout, interval, blanking, exposures = (ctypes.c_int() for _ in range(4))
        self._xlib.XGetScreenSaver(
            self._display, ctypes.byref(timeout), ctypes.byref(interval), ctypes.byref(blanking),
            ctypes.byref(exposures),
        )  # fmt: skip
        if timeout.value <= 0:
            return X11_RESET_MS
        return max(1000, min(X11_RESET_MS, timeout.value * 1000 // 2))

    def stop(self) -> None:
        self._timer.stop()

    def _reset(self) -> None:
        self._xlib.XResetScreenSaver(self._display)
        self._xlib.XFlush(self._display)


class KeepAwake(QObject):
    """Holds the inhibit exactly while a practice is running (not paused) and the setting is on."""

    def __init__(
        self,
        controller: SessionController,
        store: SettingsStore,
        inhibitor: Inhibitor,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._store = store
        self.inhibitor = inhibitor
        controller.state_changed.connect(self.sync)
        store.watch(("keep_awake",), lambda _settings: self.sync())

    def sync(self) -> None:
        wanted = self._store.value.keep_awake and self._controller.is_running
        if wanted:
            self.inhibitor.hold()
        else:
            self.inhibitor.release()

    def close(self) -> None:
        self.inhibitor.release()


def make_inhibitor(bus: Bus | None, parent: QObject | None = None) -> Inhibitor:
    return DesktopInhibitor(bus, parent)


__all__ = ["DesktopInhibitor", "Inhibitor", "KeepAwake", "NullInhibitor", "make_inhibitor"]
