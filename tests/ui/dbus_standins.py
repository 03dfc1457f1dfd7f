"""Small stand-ins for the desktop's D-Bus services, and a private session bus to run them on.

Run one as a process: ``python -m tests.ui.dbus_standins screensaver LOG``; it owns its name,
answers like the real service, and writes one JSON line per thing it sees (with ``time.monotonic()``,
which is the same clock in every process on the machine), so tests assert on what the bus saw.

- ``screensaver``: ``org.freedesktop.ScreenSaver`` Inhibit/UnInhibit; drops the inhibits of a
  client that leaves the bus (as KDE's and Xfce's do), logged as ``dropped``.
- ``notifications``: ``org.freedesktop.Notifications`` with actions and the ``Inhibited``
  property (``--dnd`` sets it); logs each ``Notify``/``CloseNotification``; a line ``invoke ID KEY``
  on stdin emits ``ActionInvoked`` for it.
- ``watcher``: ``org.kde.StatusNotifierWatcher``, appearing after ``--delay`` seconds; logs each
  ``RegisterStatusNotifierItem``.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from jeepney import DBusAddress, MatchRule, MessageType, message_bus, new_error, new_method_return, new_signal
from jeepney.io.blocking import open_dbus_connection

#: A session bus that starts nothing by itself: only the stand-ins a test runs are on it (the
#: machine's own activatable services, dunst say, would otherwise answer in their place).
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@contextmanager
def private_bus() -> Iterator[str]:
    """A fresh session bus for one test; yields its address (``DBUS_SESSION_BUS_ADDRESS``)."""
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as config:
        config.write(BUS_CONFIG)
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config.name}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        yield address
    finally:
        daemon.terminate()
        daemon.wait(5)
        if daemon.stdout is not None:
            daemon.stdout.close()
        Path(config.name).unlink()


@contextmanager
def standin(kind: str, log: Path, address: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    """Run the stand-in ``kind`` on the bus at ``address`` until the block ends (ready on return)."""
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.dbus_standins", kind, str(log), *args],
        env=env,
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        yield process
    finally:
        process.terminate()
        process.wait(5)
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()


def read_log(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


# -- the services -------------------------------------------------------------------------------------
class _Service:
    def __init__(self, log: Path) -> None:
        self.conn = open_dbus_connection("SESSION")
        self.log_file = log.open("a", encoding="utf-8")
        self.conn.send(
            message_bus.AddMatch(
                MatchRule(type="signal", interface="org.freedesktop.DBus", member="NameOwnerChanged")
            )
        )

    def log(self, event: str, **fields: Any) -> None:
        self.log_file.write(json.dumps({"event": event, "t": time.monotonic(), **fields}) + "\n")
        self.log_file.flush()

    def own(self, name: str) -> None:
        reply = self.conn.send_and_get_reply(message_bus.RequestName(name, 4), timeout=5)
        assert reply.body[0] == 1, reply.body

    def run(self) -> None:
        print("ready", flush=True)
        sock = self.conn.sock
        while True:
            readable, _, _ = select.select([sock, sys.stdin], [], [], 0.05)
            if sys.stdin in readable:
                line = sys.stdin.readline()
                if not line:
                    return
                self.command(line.split())
            while True:
                try:
                    message = self.conn.receive(timeout=0)
                except TimeoutError:
                    break
                except OSError:  # the bus went away (the test is over)
                    return
                fields = message.header.fields
                if message.header.message_type == MessageType.method_call:
                    member = fields.get(3)  # HeaderFields.member
                    self.current_path = str(fields.get(1, ""))  # HeaderFields.path
                    try:
                        signature, body = self.call(str(member), tuple(message.body), str(fields.get(7, "")))
                        self.conn.send(new_method_return(message, signature or None, body))
                    except LookupError as exc:
                        self.conn.send(
                            new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (str(exc),))
                        )
                elif (
                    message.header.message_type == MessageType.signal and fields.get(3) == "NameOwnerChanged"
                ):
                    name, _old, new = message.body
                    if name.startswith(":") and not new:
                        self.gone(name)

    current_path = ""

    def call(self, member: str, body: tuple[Any, ...], sender: str) -> tuple[str, tuple[Any, ...]]:
        raise LookupError(member)

    def gone(self, client: str) -> None:
        pass

    def command(self, words: list[str]) -> None:
        pass

    def emit(self, path: str, interface: str, member: str, signature: str, body: tuple[Any, ...]) -> None:
        self.conn.send(new_signal(DBusAddress(path, interface=interface), member, signature, body))


class ScreenSaver(_Service):
    def __init__(self, log: Path) -> None:
        super().__init__(log)
        self.cookies: dict[int, str] = {}
        self.next_cookie = 41
        self.own("org.freedesktop.ScreenSaver")

    def call(self, member: str, body: tuple[Any, ...], sender: str) -> tuple[str, tuple[Any, ...]]:
        if member == "Inhibit":
            self.next_cookie += 1
            self.cookies[self.next_cookie] = sender
            self.log("inhibit", app=body[0], reason=body[1], cookie=self.next_cookie, sender=sender)
            return "u", (self.next_cookie,)
        if member == "UnInhibit":
            self.log("uninhibit", cookie=body[0], known=self.cookies.pop(body[0], None) is not None)
            return "", ()
        raise LookupError(member)

    def gone(self, client: str) -> None:
        for cookie, sender in list(self.cookies.items()):
            if sender == client:
                del self.cookies[cookie]
                self.log("dropped", cookie=cookie)


class Notifications(_Service):
    def __init__(self, log: Path, dnd: bool) -> None:
        super().__init__(log)
        self.inhibited = dnd
        self.next_id = 0
        self.own("org.freedesktop.Notifications")

    def call(self, member: str, body: tuple[Any, ...], sender: str) -> tuple[str, tuple[Any, ...]]:
        if member == "Notify":
            app, replaces, _icon, summary, text, actions, hints, _timeout = body
            nid = replaces or self.next_id + 1
            self.next_id = max(self.next_id, nid)
            hint_values = {k: v[1] for k, v in hints.items()}
            self.log(
                "notify",
                id=nid,
                app=app,
                replaces=replaces,
                summary=summary,
                body=text,
                actions=list(actions),
                hints=hint_values,
            )
            return "u", (nid,)
        if member == "CloseNotification":
            self.log("close", id=body[0])
            self.emit(
                "/org/freedesktop/Notifications",
                "org.freedesktop.Notifications",
                "NotificationClosed",
                "uu",
                (body[0], 3),
            )
            return "", ()
        if member == "GetCapabilities":
            return "as", (["actions", "body", "persistence"],)
        if member == "GetServerInformation":
            return "ssss", ("stand-in", "kindly-tests", "1", "1.2")
        if member == "Get" and body[1] == "Inhibited":
            return "v", (("b", self.inhibited),)
        raise LookupError(member)

    def command(self, words: list[str]) -> None:
        if words[:1] == ["invoke"]:
            nid, key = int(words[1]), words[2]
            self.log("invoked", id=nid, key=key)
            path, iface = "/org/freedesktop/Notifications", "org.freedesktop.Notifications"
            self.emit(path, iface, "ActionInvoked", "us", (nid, key))
            self.emit(path, iface, "NotificationClosed", "uu", (nid, 2))
        elif words[:1] == ["dnd"]:
            self.inhibited = words[1] == "on"
            changed: tuple[Any, ...] = (
                "org.freedesktop.Notifications",
                {"Inhibited": ("b", self.inhibited)},
                [],
            )
            path, iface = "/org/freedesktop/Notifications", "org.freedesktop.DBus.Properties"
            self.emit(path, iface, "PropertiesChanged", "sa{sv}as", changed)


WATCHER_XML = """<node>
 <interface name="org.kde.StatusNotifierWatcher">
  <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
  <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
  <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
  <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
  <property name="ProtocolVersion" type="i" access="read"/>
  <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
  <signal name="StatusNotifierItemUnregistered"><arg type="s"/></signal>
  <signal name="StatusNotifierHostRegistered"/>
 </interface>
</node>"""


class Watcher(_Service):
    def __init__(self, log: Path) -> None:
        super().__init__(log)
        self.own("org.kde.StatusNotifierWatcher")
        self.log("watcher-up")

    def call(self, member: str, body: tuple[Any, ...], sender: str) -> tuple[str, tuple[Any, ...]]:
        if member == "RegisterStatusNotifierItem":
            self.log("register", item=body[0], sender=sender)
            return "", ()
        if member == "Introspect":
            return "s", (WATCHER_XML,)
        if member == "GetAll":
            return "a{sv}", (
                {
                    "IsStatusNotifierHostRegistered": ("b", True),
                    "ProtocolVersion": ("i", 0),
                    "RegisteredStatusNotifierItems": ("as", []),
                },
            )
        if member == "Get" and body[1] == "IsStatusNotifierHostRegistered":
            return "v", (("b", True),)
        if member == "Get" and body[1] == "ProtocolVersion":
            return "v", (("i", 0),)
        raise LookupError(member)


class Portal(_Service):
    """``org.freedesktop.portal.Desktop``: Inhibit (with its Request object's Close) and Settings
    (``org.freedesktop.appearance color-scheme``; a line ``scheme dark|light|none`` changes it)."""

    SCHEMES: ClassVar[dict[str, int]] = {"none": 0, "dark": 1, "light": 2}

    def __init__(self, log: Path, scheme: str) -> None:
        super().__init__(log)
        self.scheme = self.SCHEMES[scheme]
        self.requests: dict[str, str] = {}
        self.banners = True
        self.own("org.freedesktop.portal.Desktop")

    def call(self, member: str, body: tuple[Any, ...], sender: str) -> tuple[str, tuple[Any, ...]]:
        if member == "Inhibit":
            _window, flags, options = body
            token = options.get("handle_token", ("s", "t"))[1]
            handle = f"/org/freedesktop/portal/desktop/request/{sender[1:].replace('.', '_')}/{token}"
            self.requests[handle] = sender
            self.log("inhibit", flags=flags, reason=options.get("reason", ("s", ""))[1], handle=handle)
            return "o", (handle,)
        if member == "Close":
            handle = self.current_path
            self.log("uninhibit", handle=handle, known=self.requests.pop(handle, None) is not None)
            return "", ()
        if member == "RequestBackground":
            options = {key: value[1] for key, value in body[1].items()}
            self.log("background", options=options)
            return "o", ("/org/freedesktop/portal/desktop/request/1_1/t",)
        if member in ("ReadOne", "Read") and tuple(body) == (
            "org.gnome.desktop.notifications",
            "show-banners",
        ):
            return "v", (("b", self.banners),)
        if member in ("ReadOne", "Read") and tuple(body) == ("org.freedesktop.appearance", "color-scheme"):
            return "v", (("u", self.scheme),)
        if member in ("ReadOne", "Read"):
            raise LookupError("org.freedesktop.portal.Error.NotFound")
        raise LookupError(member)

    def gone(self, client: str) -> None:
        for handle, sender in list(self.requests.items()):
            if sender == client:
                del self.requests[handle]
                self.log("dropped", handle=handle)

    def command(self, words: list[str]) -> None:
        if words[:1] == ["banners"]:
            self.banners = words[1] == "on"
            self.emit(
                "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings", "SettingChanged", "ssv",
                ("org.gnome.desktop.notifications", "show-banners", ("b", self.banners)),
            )  # fmt: skip
        if words[:1] == ["scheme"]:
            self.scheme = self.SCHEMES[words[1]]
            self.log("scheme", value=self.scheme)
            self.emit(
                "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings", "SettingChanged", "ssv",
                ("org.freedesktop.appearance", "color-scheme", ("u", self.scheme)),
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["screensaver", "notifications", "watcher", "portal"])
    parser.add_argument("--scheme", default="none", choices=["none", "dark", "light"])
    parser.add_argument("log", type=Path)
    parser.add_argument("--dnd", action="store_true")
    parser.add_argument("--delay", type=float, default=0.0)
    options = parser.parse_args()
    service: _Service
    if options.kind == "screensaver":
        service = ScreenSaver(options.log)
    elif options.kind == "notifications":
        service = Notifications(options.log, options.dnd)
    elif options.kind == "portal":
        service = Portal(options.log, options.scheme)
    else:
        time.sleep(options.delay)
        service = Watcher(options.log)
    service.run()


if __name__ == "__main__":
    main()
