"""One Kindly per data folder: a second launch hands its command to the first over a local socket."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
from pathlib import Path
from typing import Any

# Plain sockets and QSocketNotifier rather than QtNetwork's QLocalServer: this runs on every
# start-up, and QtNetwork (with hashlib's libcrypto for the path) cost ~20 ms and ~9 MB of RSS.
from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from sessions.file_lock import LockBusyError, file_lock

# The client half (finding the socket, the request format, handing over) is ui/hand_off.py, which
# a second launch uses without Qt; this is the listening half.
from ui.hand_off import CONNECT_TIMEOUT_S, HAS_UNIX, MAX_LINE, ProtocolError, parse_request, socket_path

#: A connection that says nothing for this long is closed (a stuck or hostile client).
CONNECTION_TIMEOUT_MS = 2000
#: How long a launch waits for another one that is busy becoming the primary (as QLockFile did).
LOCK_TIMEOUT_S = 2 * CONNECT_TIMEOUT_S


def _someone_listens(path: str) -> bool:
    if not HAS_UNIX:
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(path)
        except OSError:
            return False
    return True


def _remove_lock_file(path: str) -> None:
    """Remove the launch lock at exit, if no launch holds it right now (never waits).

    ``file_lock(remove=True)`` deletes it while still holding it, and a launch that opened the old
    file meanwhile sees its inode is gone and locks the new one, so no two holders ever overlap.
    """
    with contextlib.suppress(LockBusyError, OSError), file_lock(Path(path), 0.0, remove=True):
        pass


def _remove_stale_socket(path: str) -> None:
    """Remove the socket file a crash left behind (the caller checked that nobody listens on it)."""
    try:
        if stat.S_ISSOCK(Path(path).lstat().st_mode):
            Path(path).unlink()
    except OSError:
        pass  # nothing there; or something we may not remove, which bind() reports


def _send_some(sock: socket.socket, data: bytes) -> int:
    """How many bytes of ``data`` the non-blocking ``sock`` took now (0 when its buffer is full)."""
    try:
        return sock.send(data)
    except (BlockingIOError, InterruptedError):
        return 0


class _Connection:
    """One client of the primary: what it sent so far, and the reply it is still owed."""

    def __init__(self, sock: socket.socket, notifier: QSocketNotifier, timer: QTimer) -> None:
        self.sock = sock
        self.notifier = notifier
        self.timer = timer
        self.received = bytearray()
        self.reply = b""


class SingleInstance(QObject):
    """The primary Kindly's listening end: a Unix socket only this user may use.

    Event-driven, on the Qt event loop: a QSocketNotifier wakes it when a client connects or writes,
    and a client's deadline timer exists only while that client does, so nothing runs while idle.

    Signals:
        command_received(object): the :class:`Command` a second launch handed over, checked.
    """

    command_received = Signal(object)

    def __init__(self, name: str, data_dir: str | os.PathLike[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = socket_path(name, data_dir)
        self.server: socket.socket | None = None
        """The listening socket while this process is the primary and listens."""
        self.error = ""
        """Why this process could not listen (it still runs; later launches then run on their own)."""
        self._accepting: QSocketNotifier | None = None
        self._bound_file: tuple[int, int] | None = None
        self._connections: set[_Connection] = set()

    @property
    def listening(self) -> bool:
        """True while later launches can hand their commands to this one."""
        return self.server is not None

    def try_become_primary(self) -> bool:
        """True if this process should run Kindly; False if another already does (hand off to it).

        A lock file serialises two launches racing each other, so only one removes a stale socket
        and listens.
        """
        if not HAS_UNIX:
            self.error = "this system has no Unix sockets: each launch runs on its own"
            return True
        # The Kindly that listened removes the lock file when it leaves (close), so none is left behind.
        lock = contextlib.ExitStack()
        try:
            lock.enter_context(file_lock(Path(self.path + ".lock"), LOCK_TIMEOUT_S))
        except LockBusyError:
            why = "another Kindly was starting at the same moment"
        except OSError as exc:
            why = f"cannot lock {self.path}.lock: {exc.strerror or exc}"
        else:
            with lock:  # released on leaving, and by the kernel if this launch dies
                if _someone_listens(self.path):
                    return False
                _remove_stale_socket(self.path)  # a socket file with nobody behind it is left by a crash
                self._listen()
                return True
        # Held for seconds by a live launch, or unusable: odd, so don't fight. Defer to a Kindly
        # that listens; otherwise run, without taking commands from later launches.
        if _someone_listens(self.path):
            return False
        self.error = why
        return True

    def close(self) -> None:
        """Stop listening and remove the socket file and the launch lock (on quit)."""
        if self._accepting is not None:
            self._accepting.setEnabled(False)
            self._accepting.deleteLater()
            self._accepting = None
        if self.server is not None:
            self.server.close()
            self.server = None
            try:
                # Only our own file: a Kindly started after a user deleted ours may own the path now.
                found = Path(self.path).lstat()
                if (found.st_dev, found.st_ino) == self._bound_file:
                    Path(self.path).unlink()
            except OSError:
                pass
            self._bound_file = None
            # Left behind, every data folder ever used kept a .sock.lock (issue 14, defect 15).
            _remove_lock_file(self.path + ".lock")
        for connection in list(self._connections):
            self._hang_up(connection)

    def _listen(self) -> None:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            # Created 0600, never wider even for a moment: only this user may hand us commands. The
            # umask is process-wide, but this is one bind() at start-up; it is put back at once.
            old_umask = os.umask(0o177)
            try:
                server.bind(self.path)
            finally:
                os.umask(old_umask)
            found = Path(self.path).lstat()
            self._bound_file = (found.st_dev, found.st_ino)
            server.listen(16)
            server.setblocking(False)
        except OSError as exc:
            server.close()
            if self._bound_file is not None:
                Path(self.path).unlink(missing_ok=True)
                self._bound_file = None
            self.error = f"cannot listen on {self.path}: {exc.strerror or exc}"
            return
        self._accepting = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read, self)
        self._accepting.activated.connect(self._on_new_connection)
        self.server = server

    def _on_new_connection(self) -> None:
        while self.server is not None:
            try:
                sock, _ = self.server.accept()
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                return  # none left (or the client gave up while queued)
            except OSError:
                # Out of file descriptors or memory: the notifier would fire again at once, so pause
                # it, rather than spin, and retry shortly (a timer only in this rare state).
                self._pause_accepting()
                return
            sock.setblocking(False)
            notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
            timer = QTimer(self)
            timer.setSingleShot(True)
            connection = _Connection(sock, notifier, timer)
            notifier.activated.connect(lambda *_, c=connection: self._on_readable(c))
            timer.timeout.connect(lambda c=connection: self._hang_up(c))
            timer.start(CONNECTION_TIMEOUT_MS)  # a stuck or hostile client: drop it, unanswered
            self._connections.add(connection)

    def _pause_accepting(self) -> None:
        accepting = self._accepting
        if accepting is None:
            return
        accepting.setEnabled(False)
        QTimer.singleShot(100, accepting, lambda: accepting.setEnabled(self._accepting is accepting))

    def _on_readable(self, connection: _Connection) -> None:
        received = connection.received
        try:
            chunk = connection.sock.recv(MAX_LINE + 1 - len(received))
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._hang_up(connection)
            return
        if not chunk:
            self._hang_up(connection)  # it left before sending a whole line: nobody to answer
            return
        start = len(received)
        received += chunk
        end = received.find(b"\n", start)
        if end < 0:
            if len(received) > MAX_LINE:
                self._reply(connection, {"ok": False, "error": "request too long"})
            return
        try:
            request = parse_request(bytes(received[:end]))
        except ProtocolError as exc:
            self._reply(connection, {"ok": False, "error": str(exc)})
            return
        self._reply(connection, {"ok": True})
        self.command_received.emit(request)

    def _reply(self, connection: _Connection, answer: dict[str, Any]) -> None:
        """Send the answer, then hang up; anything more the client sends is not read."""
        connection.reply = json.dumps(answer).encode() + b"\n"
        connection.notifier.setEnabled(False)  # a client that sends on must not wake us for nothing
        if self._send_reply(connection):
            return
        # Its buffer is full (it sends but never reads): go on when it has room, until its deadline.
        connection.notifier.deleteLater()
        connection.notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Write, self)
        connection.notifier.activated.connect(lambda *_, c=connection: self._send_reply(c))

    def _send_reply(self, connection: _Connection) -> bool:
        """Send what is left of the reply; True once it is all sent and the client hung up on."""
        try:
            sent = _send_some(connection.sock, connection.reply)
        except OSError:
            sent = len(connection.reply)  # it left without waiting for the answer
        connection.reply = connection.reply[sent:]
        if connection.reply:
            return False
        self._hang_up(connection)
        return True

    def _hang_up(self, connection: _Connection) -> None:
        if connection not in self._connections:
            return
        self._connections.discard(connection)
        connection.timer.stop()
        connection.timer.deleteLater()
        # Disabled before the descriptor is closed, so Qt never watches a closed (or reused) one.
        connection.notifier.setEnabled(False)
        connection.notifier.deleteLater()
        connection.sock.close()


__all__ = ["SingleInstance"]
