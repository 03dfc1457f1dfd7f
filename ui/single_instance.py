"""One Kindly per data folder: a second launch hands its command to the first over a local socket."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

#: What a second launch may ask of the first (DESIGN §7), and which arguments each takes.
COMMANDS: dict[str, frozenset[str]] = {
    "start": frozenset({"session_id", "pattern", "minutes", "open_ended"}),
    "pacer": frozenset({"pattern", "minutes"}),
    "history": frozenset(),
    "settings": frozenset(),
    "window": frozenset(),
}
#: One request is one line; anything longer is not ours and is refused before it is parsed.
MAX_LINE = 64 * 1024
#: A connection that says nothing for this long is closed (a stuck or hostile client).
CONNECTION_TIMEOUT_MS = 2000
CONNECT_TIMEOUT_S = 1.0
REPLY_TIMEOUT_S = 3.0
MAX_MINUTES = 180.0
_TEXT_ARG = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class ProtocolError(ValueError):
    """A request the primary will not carry out, with the reason sent back to the sender."""


class HandOffError(RuntimeError):
    """Kindly is running but did not take the command (it refused it, or did not answer)."""


def socket_path(name: str, data_dir: str | os.PathLike[str], *, runtime_dir: str | None = None) -> str:
    """The socket's path, unique per user and data folder, so two data folders run side by side.

    In ``$XDG_RUNTIME_DIR`` (private to the user) when there is one, else the temp folder with the
    user id in the name. A full path rather than a bare name, so a client needs no Qt to find it.
    """
    folder = str(Path(data_dir).expanduser().absolute())
    digest = hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    base = runtime_dir if runtime_dir is not None else os.environ.get("XDG_RUNTIME_DIR", "")
    if not base or not Path(base).is_dir():
        base = tempfile.gettempdir()
    return str(Path(base) / f"{name}-{uid}-{digest}.sock")


def parse_request(line: bytes) -> dict[str, Any]:
    """The request in one line, checked and normalised to ``{"command": str, "args": dict}``."""
    if len(line) > MAX_LINE:
        raise ProtocolError("request too long")
    try:
        data = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProtocolError("request is not UTF-8") from None
    except (ValueError, RecursionError):
        # RecursionError: a line of 60 000 "[" nests deeper than Python's parser will go.
        raise ProtocolError("request is not JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("request is not a JSON object")
    command = data.get("command")
    if not isinstance(command, str) or command not in COMMANDS:
        raise ProtocolError(f"unknown command {str(command)[:40]!r}")
    extra = set(data) - {"command", "args"}
    if extra:
        raise ProtocolError(f"unknown field {sorted(extra)[0][:40]!r}")
    args = data.get("args", {})
    if not isinstance(args, dict):
        raise ProtocolError("args must be an object")
    clean: dict[str, Any] = {}
    for key, value in args.items():
        if key not in COMMANDS[command]:
            raise ProtocolError(f"unknown argument {key[:40]!r} for {command}")
        clean[key] = _check_arg(key, value)
    return {"command": command, "args": clean}


def _check_arg(key: str, value: object) -> object:
    if key in ("session_id", "pattern"):
        if value is None or (isinstance(value, str) and _TEXT_ARG.match(value)):
            return value
        raise ProtocolError(f"{key} must be a short id like 'box' or '4-2-6'")
    if key == "minutes":
        if value is None:
            return None
        # Compared before any float(): an integer too big for a float (10**400) raises OverflowError.
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= MAX_MINUTES:
            return float(value)
        raise ProtocolError(f"minutes must be more than 0 and at most {MAX_MINUTES:g}")
    if isinstance(value, bool):  # open_ended
        return value
    raise ProtocolError(f"{key} must be true or false")


def encode_request(command: str, args: Mapping[str, Any] | None = None) -> bytes:
    """One request line; checked here too, so a sender finds its own mistakes."""
    line = json.dumps({"command": command, "args": dict(args or {})}, separators=(",", ":")).encode()
    parse_request(line)
    return line + b"\n"


def send_request(
    path: str, command: str, args: Mapping[str, Any] | None = None, *, timeout_s: float = REPLY_TIMEOUT_S
) -> bool:
    """Give ``command`` to the Kindly listening at ``path``: True once it said yes, False if none runs.

    Plain sockets, no Qt: a second launch can hand over and leave before any Qt work. Raises
    :class:`HandOffError` when a Kindly is there but refuses the command or does not answer.
    """
    line = encode_request(command, args)
    if not hasattr(socket, "AF_UNIX"):
        return False  # Windows: no hand-off; each launch runs on its own
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(path)
        except (FileNotFoundError, ConnectionRefusedError):
            return False  # nobody there, or a socket file left by a crash
        except OSError:
            return False
        sock.settimeout(timeout_s)
        try:
            sock.sendall(line)
            reply = _read_line(sock)
        except OSError as exc:
            raise HandOffError("Kindly is already running but did not answer in time.") from exc
    try:
        answer = json.loads(reply)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise HandOffError("Kindly is already running but did not answer in time.")
    if answer.get("ok") is not True:
        raise HandOffError(f"Kindly is already running and could not do that: {answer.get('error', '?')}")
    return True


def hand_off(
    name: str, data_dir: str | os.PathLike[str], command: str, args: Mapping[str, Any] | None = None
) -> bool:
    """:func:`send_request` to the Kindly that owns ``data_dir``, if one runs."""
    return send_request(socket_path(name, data_dir), command, args)


def _read_line(sock: socket.socket) -> bytes:
    data = b""
    while b"\n" not in data and len(data) <= MAX_LINE:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\n", 1)[0]


def _someone_listens(path: str) -> bool:
    if not hasattr(socket, "AF_UNIX"):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(path)
        except OSError:
            return False
    return True


class SingleInstance(QObject):
    """The primary Kindly's listening end.

    Signals:
        command_received(dict): ``{"command": str, "args": dict}`` from a second launch, checked.
    """

    command_received = Signal(dict)

    def __init__(self, name: str, data_dir: str | os.PathLike[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = socket_path(name, data_dir)
        self.server: QLocalServer | None = None
        self.error = ""
        """Why this process could not listen (it still runs; later launches then run on their own)."""
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def try_become_primary(self) -> bool:
        """True if this process should run Kindly; False if another already does (hand off to it).

        A lock file serialises two launches racing each other, so only one removes a stale socket
        and listens. QLockFile notices a lock whose owner died and takes it over.
        """
        lock = QLockFile(self.path + ".lock")
        if not lock.tryLock(int(CONNECT_TIMEOUT_S * 2000)):
            # A live process has held the lock for seconds: odd, so don't fight it. Defer to it if it
            # listens; otherwise run, without taking commands from later launches.
            if _someone_listens(self.path):
                return False
            self.error = "another Kindly was starting at the same moment"
            return True
        try:
            if _someone_listens(self.path):
                return False
            # A socket file with nobody behind it is left by a crash: remove it, then listen.
            QLocalServer.removeServer(self.path)
            server = QLocalServer(self)
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            if not server.listen(self.path):
                self.error = server.errorString()
                server.deleteLater()
                return True
            server.newConnection.connect(self._on_new_connection)
            self.server = server
            return True
        finally:
            lock.unlock()

    def close(self) -> None:
        """Stop listening and remove the socket file (on quit)."""
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()
            self.server = None
        for sock in list(self._buffers):
            sock.abort()
        self._buffers.clear()

    def _on_new_connection(self) -> None:
        assert self.server is not None
        while (sock := self.server.nextPendingConnection()) is not None:
            self._buffers[sock] = bytearray()
            # The timer lives only while the connection does: no wake-ups while idle.
            timer = QTimer(sock)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda s=sock: self._drop(s))
            timer.start(CONNECTION_TIMEOUT_MS)
            sock.readyRead.connect(lambda s=sock: self._on_ready_read(s))
            sock.disconnected.connect(lambda s=sock: self._forget(s))
            if sock.bytesAvailable():
                self._on_ready_read(sock)

    def _on_ready_read(self, sock: QLocalSocket) -> None:
        buffer = self._buffers.get(sock)
        if buffer is None:
            return
        buffer += sock.read(MAX_LINE + 1 - len(buffer)).data()
        end = buffer.find(b"\n")
        if end < 0:
            if len(buffer) > MAX_LINE:
                self._reply(sock, {"ok": False, "error": "request too long"})
            return
        try:
            request = parse_request(bytes(buffer[:end]))
        except ProtocolError as exc:
            self._reply(sock, {"ok": False, "error": str(exc)})
            return
        self._reply(sock, {"ok": True})
        self.command_received.emit(request)

    def _reply(self, sock: QLocalSocket, answer: dict[str, Any]) -> None:
        self._buffers.pop(sock, None)
        sock.write(json.dumps(answer).encode() + b"\n")
        sock.flush()
        sock.disconnectFromServer()  # waits for the reply to be written, then closes

    def _drop(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.abort()
        sock.deleteLater()

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()


__all__ = [
    "COMMANDS",
    "MAX_LINE",
    "HandOffError",
    "ProtocolError",
    "SingleInstance",
    "encode_request",
    "hand_off",
    "parse_request",
    "send_request",
    "socket_path",
]
