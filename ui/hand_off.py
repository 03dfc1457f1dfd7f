"""A second launch's half of "one Kindly per data folder": find the running Kindly's socket and
hand it the command line, with plain sockets and no Qt.

A launch imports this before any Qt (ui/cli.py), so a second launch hands over and leaves in a
few milliseconds instead of first loading Qt (about 80 ms). The running Kindly's listening end is
:class:`ui.single_instance.SingleInstance`.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from sessions.commands import Command, CommandError
from sessions.paths import sha256_hex

#: One request is one line; anything longer is not ours and is refused before it is parsed.
MAX_LINE = 64 * 1024
CONNECT_TIMEOUT_S = 1.0
REPLY_TIMEOUT_S = 3.0


class ProtocolError(ValueError):
    """A request the primary will not carry out, with the reason sent back to the sender."""


class HandOffError(RuntimeError):
    """Kindly is running but did not take the command (it refused it, or did not answer)."""


#: sun_path holds 108 bytes on Linux and 104 on macOS and the BSDs, the closing NUL included.
MAX_SOCKET_PATH = 103
HAS_UNIX = hasattr(socket, "AF_UNIX")


def socket_path(name: str, data_dir: str | os.PathLike[str], *, runtime_dir: str | None = None) -> str:
    """The socket's path, unique per user and data folder, so two data folders run side by side.

    In ``$XDG_RUNTIME_DIR`` (private to the user) when there is one, else the temp folder with the
    user id in the name. A full path rather than a bare name, so a client needs no Qt to find it.
    """
    folder = str(Path(data_dir).expanduser().absolute())
    uid = os.getuid() if hasattr(os, "getuid") else 0
    file_name = f"{name}-{uid}-{sha256_hex(folder.encode('utf-8', 'surrogateescape'))[:16]}.sock"
    base = runtime_dir if runtime_dir is not None else os.environ.get("XDG_RUNTIME_DIR", "")
    for candidate in (base, *_temp_dirs()):
        if candidate and Path(candidate).is_dir():
            path = str(Path(candidate) / file_name)
            if len(os.fsencode(path)) <= MAX_SOCKET_PATH:
                return path
    return str(Path("/tmp") / file_name)  # the user id and digest are in the name


def _temp_dirs() -> tuple[str, ...]:
    """Where :func:`tempfile.gettempdir` would look, without importing it (no probe file written).

    A long ``$TMPDIR`` (macOS: ``/var/folders/…/T/``) may not fit in sun_path: then ``/tmp``.
    """
    env = tuple(os.environ.get(key, "") for key in ("TMPDIR", "TEMP", "TMP"))
    return (*env, "/tmp", "/var/tmp")  # as tempfile does


def parse_request(line: bytes) -> Command:
    """The request in one line, checked by the same rules as the command line (sessions/commands.py)."""
    if len(line) > MAX_LINE:
        raise ProtocolError("request too long")
    try:
        data = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProtocolError("request is not UTF-8") from None
    except (ValueError, RecursionError):
        # RecursionError: a line of 60 000 "[" nests deeper than Python's parser will go.
        raise ProtocolError("request is not JSON") from None
    try:
        return Command.from_wire(data)
    except CommandError as exc:
        raise ProtocolError(str(exc)) from None


def encode_request(command: Command) -> bytes:
    """One request line; checked here too, so a sender finds its own mistakes."""
    line = json.dumps(command.to_wire(), separators=(",", ":")).encode()
    parse_request(line)
    return line + b"\n"


def send_request(path: str, command: Command, *, timeout_s: float = REPLY_TIMEOUT_S) -> bool:
    """Give ``command`` to the Kindly listening at ``path``: True once it said yes, False if none runs.

    Plain sockets, no Qt: a second launch can hand over and leave before any Qt work. Raises
    :class:`HandOffError` when a Kindly is there but refuses the command or does not answer.
    """
    line = encode_request(command)
    if not HAS_UNIX:
        return False  # Windows: no hand-off; each launch runs on its own
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(path)
        except OSError:
            return False  # nobody there, a socket file left by a crash, or one we may not reach
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


def hand_off(name: str, data_dir: str | os.PathLike[str], command: Command) -> bool:
    """:func:`send_request` to the Kindly that owns ``data_dir``, if one runs."""
    return send_request(socket_path(name, data_dir), command)


def _read_line(sock: socket.socket) -> bytes:
    data = b""
    while b"\n" not in data and len(data) <= MAX_LINE:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\n", 1)[0]
