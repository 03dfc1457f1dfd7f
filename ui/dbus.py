"""The session bus, wrapped once: jeepney's messages read on Qt's event loop (no thread, no polling).

Why jeepney and not QtDBus (DESIGN §8): every call here names its exact D-Bus signature
(``UnInhibit(u)``, ``Notify(susssasa{sv}i)``, MPRIS's ``a{sv}`` of ``x`` and ``as``), which PySide6's
QtDBus gets wrong for Python ints and rejects for ``Notify``; and exporting an object (MPRIS) is a
table of plain Python handlers rather than a QObject adaptor with typed properties. jeepney is pure
Python and small; its socket is watched with a :class:`QSocketNotifier`, so replies and signals
arrive as ordinary Qt callbacks on the main thread.

Everything the desktop services need goes through :class:`Bus`: method calls with a callback
for the reply, signal subscriptions, exported objects, bus names. ``Bus.session()`` is ``None``
when there is no session bus; each service then uses its null version.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    # jeepney itself is imported where a bus is opened or used: a launch without one (or before
    # it connects) does not pay for it.
    from jeepney import DBusAddress, MatchRule, Message
    from jeepney.io.blocking import DBusConnection

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.DBus"
PROPERTIES = "org.freedesktop.DBus.Properties"
#: The body of a reply, and what an exported method returns: (signature, values).
Body = tuple[Any, ...]
Reply = Callable[[Body], None]
Failure = Callable[[str], None]
#: An exported method: gets the call's body, returns ``(signature, body)`` for the reply.
Handler = Callable[[Body], tuple[str, Body]]


@dataclass(frozen=True)
class Remote:
    """One interface of one object of one service: where a call goes."""

    service: str
    path: str
    interface: str


class DBusError(Exception):
    """A call came back with a D-Bus error (its name is the message), or the bus went away."""


class Bus(QObject):
    """One connection to the session bus, read whenever its socket is readable.

    Signals:
        closed(): the bus went away (every service falls back to its null behaviour).
    """

    closed = Signal()

    def __init__(self, connection: DBusConnection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conn: DBusConnection | None = connection
        self.unique_name: str = connection.unique_name
        self._pending: dict[int, tuple[Reply | None, Failure | None]] = {}
        self._subscriptions: list[tuple[MatchRule, Callable[[Body], None]]] = []
        self._objects: dict[tuple[str, str, str], Handler] = {}
        from PySide6.QtCore import QSocketNotifier  # only with a bus: not before the first window

        self._notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)

    @classmethod
    def session(cls, parent: QObject | None = None) -> Bus | None:
        """The session bus, or ``None`` when there is none (no ``DBUS_SESSION_BUS_ADDRESS``, refused)."""
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):  # jeepney's only way to find it
            log.info("no session bus: DBUS_SESSION_BUS_ADDRESS is not set")
            return None
        from jeepney.io.blocking import open_dbus_connection

        try:
            return cls(open_dbus_connection("SESSION", auth_timeout=1.0), parent)
        except (OSError, KeyError, ValueError, TimeoutError, RuntimeError) as exc:
            log.info("no session bus: %s", exc)
            return None

    @property
    def connected(self) -> bool:
        return self._conn is not None

    # -- calling -------------------------------------------------------------------------------------
    def call(
        self,
        remote: Remote,
        member: str,
        signature: str = "",
        body: Body = (),
        *,
        reply: Reply | None = None,
        failed: Failure | None = None,
    ) -> None:
        """Call a method; ``reply(body)`` or ``failed(error_name)`` is called later, on this thread."""
        from jeepney import new_method_call

        self._send(new_method_call(_address(remote), member, signature or None, body), reply, failed)

    def call_sync(
        self, remote: Remote, member: str, signature: str = "", body: Body = (), *, timeout_s: float = 1.0
    ) -> Body:
        """Call and wait (only for short calls where an answer is needed now: a name's owner, a
        property read at start-up). Other messages that arrive meanwhile are handled as usual."""
        from jeepney import HeaderFields, MessageType, new_method_call

        conn = self._require()
        serial = next(conn.outgoing_serial)
        conn.send(new_method_call(_address(remote), member, signature or None, body), serial=serial)
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            try:
                message = conn.receive(timeout=max(remaining, 0.0))
            except TimeoutError:
                raise DBusError("timeout") from None
            except (OSError, ValueError, EOFError) as exc:
                self._lost()
                raise DBusError("disconnected") from exc
            if message.header.fields.get(HeaderFields.reply_serial) == serial:
                if message.header.message_type == MessageType.error:
                    raise DBusError(str(message.header.fields.get(HeaderFields.error_name, "error")))
                return tuple(message.body)
            self._dispatch(message)

    def get_property(self, remote: Remote, name: str, reply: Reply, failed: Failure | None = None) -> None:
        """Read one property; ``reply`` gets its value (the variant unwrapped)."""
        properties = Remote(remote.service, remote.path, PROPERTIES)
        self.call(
            properties,
            "Get",
            "ss",
            (remote.interface, name),
            reply=lambda body: reply(body[0][1]),
            failed=failed,
        )

    def name_owner(self, name: str) -> str:
        """The unique name owning ``name`` now, or ``""``."""
        try:
            return str(self.call_sync(BUS, "GetNameOwner", "s", (name,))[0])
        except DBusError:
            return ""

    # -- listening -----------------------------------------------------------------------------------
    def subscribe(
        self, callback: Callable[[Body], None], *, interface: str, member: str, **match: str
    ) -> None:
        """Call ``callback(body)`` for every such signal (``path``, ``sender``, ``arg0``… narrow it)."""
        from jeepney import MatchRule, message_bus

        args = {k: v for k, v in match.items() if k.startswith("arg")}
        rule = MatchRule(
            type="signal",
            interface=interface,
            member=member,
            **{k: v for k, v in match.items() if k not in args},
        )
        for key, value in args.items():
            rule.add_arg_condition(int(key.removeprefix("arg")), value)
        self._subscriptions.append((rule, callback))
        self._send(message_bus.AddMatch(rule), None, None)

    def watch_name(self, name: str, callback: Callable[[str], None]) -> None:
        """``callback(new_owner)`` whenever ``name`` gets or loses an owner (``""``: gone)."""
        self.subscribe(
            lambda body: callback(str(body[2])),
            interface=BUS_NAME, member="NameOwnerChanged", sender=BUS_NAME, arg0=name,
        )  # fmt: skip

    # -- being a service -----------------------------------------------------------------------------
    def export(self, path: str, interface: str, methods: dict[str, Handler]) -> None:
        """Answer calls of ``interface.member`` at ``path`` with ``methods[member](body)``."""
        for member, handler in methods.items():
            self._objects[(path, interface, member)] = handler

    def request_name(self, name: str) -> bool:
        """Own ``name`` (without queueing behind another owner); False when someone else has it."""
        try:
            result = self.call_sync(BUS, "RequestName", "su", (name, 4))
        except DBusError:
            return False
        return result[0] in (1, 4)  # primary owner, or already the owner

    def release_name(self, name: str) -> None:
        self.call(BUS, "ReleaseName", "s", (name,))

    def emit_signal(self, path: str, interface: str, member: str, signature: str, body: Body) -> None:
        from jeepney import DBusAddress, new_signal

        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(new_signal(DBusAddress(path, interface=interface), member, signature, body))

    def close(self) -> None:
        """Leave the bus: every name we own and every inhibit we hold goes with the connection."""
        conn, self._conn = self._conn, None
        self._notifier.setEnabled(False)
        if conn is not None:
            conn.close()

    # -- internals -----------------------------------------------------------------------------------
    def _require(self) -> DBusConnection:
        if self._conn is None:
            raise DBusError("disconnected")
        return self._conn

    def _send(self, message: Message, reply: Reply | None, failed: Failure | None) -> None:
        conn = self._conn
        if conn is None:
            if failed is not None:
                failed("disconnected")
            return
        serial = next(conn.outgoing_serial)
        if reply is not None or failed is not None:
            self._pending[serial] = (reply, failed)
        try:
            conn.send(message, serial=serial)
        except OSError:
            self._pending.pop(serial, None)
            self._lost()
            if failed is not None:
                failed("disconnected")

    def _readable(self) -> None:
        while self._conn is not None:
            try:
                message = self._conn.receive(timeout=0)
            except TimeoutError:
                return
            except (OSError, ValueError, EOFError):
                self._lost()
                return
            self._dispatch(message)

    def _dispatch(self, message: Message) -> None:
        from jeepney import HeaderFields, MessageType

        header = message.header
        kind = header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            reply, failed = self._pending.pop(header.fields.get(HeaderFields.reply_serial, -1), (None, None))
            if kind == MessageType.error:
                if failed is not None:
                    failed(str(header.fields.get(HeaderFields.error_name, "error")))
            elif reply is not None:
                reply(tuple(message.body))
        elif kind == MessageType.signal:
            for rule, callback in list(self._subscriptions):
                if rule.matches(message):
                    callback(tuple(message.body))
        elif kind == MessageType.method_call:
            self._answer(message)

    def _answer(self, message: Message) -> None:
        from jeepney import HeaderFields, new_error, new_method_return

        fields = message.header.fields
        key = (
            fields.get(HeaderFields.path),
            fields.get(HeaderFields.interface),
            fields.get(HeaderFields.member),
        )
        handler = self._objects.get(key)
        if handler is None and key[1] is None:  # the interface is optional in a call
            handler = next((h for (p, _i, m), h in self._objects.items() if (p, m) == (key[0], key[2])), None)
        if handler is None:
            response = new_error(
                message,
                "org.freedesktop.DBus.Error.UnknownMethod",
                "s",
                (f"no {key[1]}.{key[2]} at {key[0]}",),
            )
        else:
            try:
                signature, body = handler(tuple(message.body))
                response = new_method_return(message, signature or None, body)
            except DBusError as exc:
                response = new_error(message, "org.freedesktop.DBus.Error.Failed", "s", (str(exc),))
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(response)

    def _lost(self) -> None:
        if self._conn is None:
            return
        pending, self._pending = self._pending, {}
        self.close()
        for _reply, failed in pending.values():
            if failed is not None:
                failed("disconnected")
        self.closed.emit()


def _address(remote: Remote) -> DBusAddress:
    from jeepney import DBusAddress

    return DBusAddress(remote.path, bus_name=remote.service, interface=remote.interface)


BUS = Remote(BUS_NAME, "/org/freedesktop/DBus", BUS_NAME)

__all__ = ["Body", "Bus", "DBusError", "Handler", "Remote"]
