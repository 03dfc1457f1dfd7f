"""Media keys and the desktop's media controls: Kindly as an MPRIS2 player while a practice runs.

``org.mpris.MediaPlayer2.kindly`` is owned only while a practice is under way (guided, recording,
timer, pacer), so the desktop's media widget shows Kindly then and never sits empty otherwise.
Play/Pause/PlayPause/Stop/Next act on the running practice (Next: its next part);
``PlaybackStatus``, ``Metadata`` (the practice's title and length) and ``Position`` describe it.
Modelled on Quod Libet's MPRIS plugin (``quodlibet/ext/events/mpris/``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject

from sessions.install import APP_ID
from sessions.paths import ASSETS_DIR
from ui.dbus import PROPERTIES

if TYPE_CHECKING:
    from ui.controller import SessionController
    from ui.dbus import Body, Bus

NAME = "org.mpris.MediaPlayer2.kindly"
PATH = "/org/mpris/MediaPlayer2"
ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
ART = ASSETS_DIR / "icons" / "png" / "kindly-256.png"
#: MPRIS counts time in microseconds.
US = 1_000_000

INTROSPECTION = f"""<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
 <interface name="{INTROSPECTABLE}">
  <method name="Introspect"><arg direction="out" type="s"/></method>
 </interface>
 <interface name="{PROPERTIES}">
  <method name="Get">
   <arg direction="in" type="s"/><arg direction="in" type="s"/><arg direction="out" type="v"/>
  </method>
  <method name="GetAll"><arg direction="in" type="s"/><arg direction="out" type="a{{sv}}"/></method>
  <method name="Set">
   <arg direction="in" type="s"/><arg direction="in" type="s"/><arg direction="in" type="v"/>
  </method>
  <signal name="PropertiesChanged"><arg type="s"/><arg type="a{{sv}}"/><arg type="as"/></signal>
 </interface>
 <interface name="{ROOT}">
  <method name="Raise"/><method name="Quit"/>
  <property name="CanQuit" type="b" access="read"/><property name="CanRaise" type="b" access="read"/>
  <property name="HasTrackList" type="b" access="read"/><property name="Identity" type="s" access="read"/>
  <property name="DesktopEntry" type="s" access="read"/>
  <property name="SupportedUriSchemes" type="as" access="read"/>
  <property name="SupportedMimeTypes" type="as" access="read"/>
 </interface>
 <interface name="{PLAYER}">
  <method name="Next"/><method name="Previous"/><method name="Pause"/><method name="PlayPause"/>
  <method name="Stop"/><method name="Play"/>
  <method name="Seek"><arg direction="in" type="x"/></method>
  <method name="SetPosition"><arg direction="in" type="o"/><arg direction="in" type="x"/></method>
  <method name="OpenUri"><arg direction="in" type="s"/></method>
  <signal name="Seeked"><arg type="x"/></signal>
  <property name="PlaybackStatus" type="s" access="read"/>
  <property name="Rate" type="d" access="readwrite"/>
  <property name="Metadata" type="a{{sv}}" access="read"/>
  <property name="Volume" type="d" access="readwrite"/>
  <property name="Position" type="x" access="read"/><property name="MinimumRate" type="d" access="read"/>
  <property name="MaximumRate" type="d" access="read"/><property name="CanGoNext" type="b" access="read"/>
  <property name="CanGoPrevious" type="b" access="read"/><property name="CanPlay" type="b" access="read"/>
  <property name="CanPause" type="b" access="read"/><property name="CanSeek" type="b" access="read"/>
  <property name="CanControl" type="b" access="read"/>
 </interface>
</node>
"""


class MediaControls(Protocol):
    """What the desktop's media controls see of Kindly."""

    @property
    def published(self) -> bool: ...
    def close(self) -> None: ...


class NullMediaControls:
    """No media keys (no session bus, tests)."""

    published = False

    def close(self) -> None:
        pass


class MprisPlayer(QObject):
    """The running practice as an MPRIS2 player on ``bus``; ``raise_window`` answers ``Raise``."""

    def __init__(
        self,
        bus: Bus,
        controller: SessionController,
        *,
        raise_window: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus = bus
        self._controller = controller
        self._raise = raise_window
        self._track = 0
        self.published = False
        self._name = NAME
        self._last: dict[str, tuple[str, Any]] = {}
        bus.export(PATH, INTROSPECTABLE, {"Introspect": lambda _body: ("s", (INTROSPECTION,))})
        bus.export(
            PATH, PROPERTIES, {"Get": self._get, "GetAll": self._get_all, "Set": lambda _body: ("", ())}
        )
        bus.export(PATH, ROOT, {"Raise": self._on_raise, "Quit": _nothing})
        bus.export(
            PATH,
            PLAYER,
            {
                "Play": self._command(controller.resume),
                "Pause": self._command(controller.pause),
                "PlayPause": self._command(controller.toggle_pause),
                "Stop": self._command(controller.stop),
                "Next": self._command(controller.skip_step),
                "Previous": _nothing,
                "Seek": _nothing,
                "SetPosition": _nothing,
                "OpenUri": _nothing,
            },
        )
        controller.session_started.connect(self._started)
        controller.state_changed.connect(self._state_changed)

    # -- what the desktop reads ----------------------------------------------------------------------
    def root_properties(self) -> dict[str, tuple[str, Any]]:
        return {
            "CanQuit": ("b", False),
            "CanRaise": ("b", self._raise is not None),
            "HasTrackList": ("b", False),
            "Identity": ("s", "Kindly"),
            "DesktopEntry": ("s", APP_ID),
            "SupportedUriSchemes": ("as", []),
            "SupportedMimeTypes": ("as", []),
        }

    def player_properties(self) -> dict[str, tuple[str, Any]]:
        controller = self._controller
        runner = controller.runner
        skippable = runner is not None and controller.is_running and runner.timeline.skippable
        return {
            "PlaybackStatus": ("s", self.status()),
            "Rate": ("d", 1.0),
            "MinimumRate": ("d", 1.0),
            "MaximumRate": ("d", 1.0),
            "Volume": ("d", 1.0),
            "Metadata": ("a{sv}", self.metadata()),
            "Position": ("x", self.position_us()),
            "CanGoNext": ("b", skippable),
            "CanGoPrevious": ("b", False),
            "CanPlay": ("b", controller.is_active),
            "CanPause": ("b", controller.is_active),
            "CanSeek": ("b", False),
            "CanControl": ("b", True),
        }

    def status(self) -> str:
        if self._controller.is_running:
            return "Playing"
        return "Paused" if self._controller.is_paused else "Stopped"

    def metadata(self) -> dict[str, tuple[str, Any]]:
        runner = self._controller.runner
        if runner is None:
            return {"mpris:trackid": ("o", "/org/mpris/MediaPlayer2/TrackList/NoTrack")}
        timeline = runner.timeline
        data: dict[str, tuple[str, Any]] = {
            "mpris:trackid": ("o", f"/io/github/kindly/Kindly/practice/{self._track}"),
            "xesam:title": ("s", timeline.title),
            "xesam:artist": ("as", ["Kindly"]),
            "xesam:album": ("s", "Kindly"),
        }
        if timeline.total_s is not None:
            data["mpris:length"] = ("x", round(timeline.total_s * US))
        if ART.is_file():
            data["mpris:artUrl"] = ("s", Path(ART).as_uri())
        return data

    def position_us(self) -> int:
        runner = self._controller.runner
        return 0 if runner is None or not runner.is_active else round(runner.elapsed() * US)

    # -- reactions -----------------------------------------------------------------------------------
    def _started(self) -> None:
        self._track += 1
        if not self.published:
            # A second Kindly (another --data-dir) takes the spec's per-instance name instead.
            for name in (NAME, f"{NAME}.instance{os.getpid()}"):
                if self._bus.request_name(name):
                    self.published, self._name = True, name
                    break
        self._last = {}

    def _state_changed(self) -> None:
        if not self.published:
            return
        if not self._controller.is_active:
            # The practice ended: leave the desktop's media controls (they show nothing of ours).
            self._bus.release_name(self._name)
            self.published = False
            return
        properties = self.player_properties()
        del properties["Position"]  # position is read, never signalled (the MPRIS spec)
        changed = {k: v for k, v in properties.items() if self._last.get(k) != v}
        self._last.update(changed)
        if changed:
            self._bus.emit_signal(PATH, PROPERTIES, "PropertiesChanged", "sa{sv}as", (PLAYER, changed, []))

    def _command(self, action: Any) -> Any:
        def handler(_body: Body) -> tuple[str, Body]:
            if self._controller.is_active:
                action()
            return "", ()

        return handler

    def _on_raise(self, _body: Body) -> tuple[str, Body]:
        if self._raise is not None:
            self._raise()
        return "", ()

    def _get(self, body: Body) -> tuple[str, Body]:
        interface, name = str(body[0]), str(body[1])
        value = self._all(interface).get(name)
        if value is None:
            from ui.dbus import DBusError

            raise DBusError(f"no property {interface}.{name}")
        return "v", (value,)

    def _get_all(self, body: Body) -> tuple[str, Body]:
        return "a{sv}", (self._all(str(body[0])),)

    def _all(self, interface: str) -> dict[str, tuple[str, Any]]:
        if interface == ROOT:
            return self.root_properties()
        if interface == PLAYER:
            return self.player_properties()
        return {}

    def close(self) -> None:
        if self.published:
            self._bus.release_name(self._name)
            self.published = False


def _nothing(_body: Body) -> tuple[str, Body]:
    return "", ()


def make_media_controls(
    bus: Bus | None, controller: SessionController, *, raise_window: Any = None, parent: QObject | None = None
) -> MediaControls:
    if bus is None:
        return NullMediaControls()
    return MprisPlayer(bus, controller, raise_window=raise_window, parent=parent)


__all__ = ["NAME", "MediaControls", "MprisPlayer", "NullMediaControls", "make_media_controls"]
