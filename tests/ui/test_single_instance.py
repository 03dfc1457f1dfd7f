"""One Kindly per data folder: real sockets, a fuzzed protocol, and two real processes handing over."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import stat
import struct
import subprocess
import sys
import termios
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSocketNotifier, QTimer
from pytestqt.qtbot import QtBot

from sessions.commands import Command
from ui import single_instance
from ui.hand_off import (
    MAX_LINE,
    MAX_SOCKET_PATH,
    HandOffError,
    ProtocolError,
    encode_request,
    parse_request,
    send_request,
    socket_path,
)
from ui.single_instance import SingleInstance

ROOT = Path(__file__).resolve().parents[2]
NAME = "kindly-test"


@pytest.fixture
def primary(tmp_path: Path) -> Iterator[SingleInstance]:
    instance = SingleInstance(NAME, tmp_path / "data")
    assert instance.try_become_primary()
    assert instance.server is not None, instance.error
    yield instance
    instance.close()


def in_thread(qtbot: QtBot, work: Any) -> Any:
    """Run a blocking client beside the event loop (the server answers from the loop)."""
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(work())
        except BaseException as exc:  # handed back to the test thread below
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def raw_exchange(path: str, payload: bytes) -> bytes:
    """Send ``payload``, close our sending side, and return everything the server says back."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(4)
        sock.connect(path)
        data = b""
        try:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
            while chunk := sock.recv(65536):
                data += chunk
        except OSError:
            pass  # the server may hang up on a too-long line while we are still sending
        return data


# -- the protocol, pure --------------------------------------------------------------------------
def test_socket_path_is_per_user_and_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    a = socket_path("kindly", tmp_path / "a", runtime_dir=str(tmp_path))
    assert a == socket_path("kindly", "a", runtime_dir=str(tmp_path))  # relative names the same folder
    assert a != socket_path("kindly", tmp_path / "b", runtime_dir=str(tmp_path))
    assert Path(a).parent == tmp_path and f"-{__import__('os').getuid()}-" in Path(a).name
    assert len(a.encode()) < 100  # AF_UNIX paths are limited to 108 bytes
    missing = socket_path("kindly", tmp_path / "a", runtime_dir=str(tmp_path / "none"))
    assert Path(missing).parent != tmp_path / "none"
    deep = tmp_path / ("x" * 60) / ("y" * 60)
    deep.mkdir(parents=True)
    too_long = socket_path("kindly", tmp_path / "a", runtime_dir=str(deep))
    assert Path(too_long).parent != deep and len(too_long.encode()) <= MAX_SOCKET_PATH


def test_socket_path_is_stable_across_runs_and_versions(tmp_path: Path) -> None:
    # A launch finds the primary only if both compute the same name: pinned (SHA-256 of the folder,
    # as every earlier Kindly named it), so a change of digest is a deliberate one, and never
    # depends on hash() randomisation.
    path = socket_path("kindly", "/home/someone/.local/share/kindly", runtime_dir=str(tmp_path))
    assert Path(path).name == f"kindly-{os.getuid()}-f675f05f2851aa3a.sock"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b'{"command": "window"}', Command(name="window")),
        (
            b'{"command": "start", "args": {"session_id": "body-scan", "minutes": 10}}',
            Command(name="start", session_id="body-scan", minutes=10.0),
        ),
        (
            b'{"command": "pacer", "args": {"pattern": "4-2-6", "minutes": null}}',
            Command(name="pacer", pattern="4-2-6"),
        ),
        (b'{"command": "settings", "args": {}}', Command(name="settings")),
    ],
)
def test_good_requests(line: bytes, expected: Command) -> None:
    assert parse_request(line) == expected


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"\xff\xfe", "not UTF-8"),
        (b"{oops", "not JSON"),
        (b"[" * 100_000, "too long"),
        (b"[" * 60_000, "not JSON"),
        (b"[1]", "not a JSON object"),
        (b'{"command": "format-disk"}', "unknown command"),
        (b'{"command": ["start"]}', "unknown command"),
        (b'{"command": "window", "extra": 1}', "unknown field"),
        (b'{"command": "window", "args": []}', "args must be an object"),
        (b'{"command": "history", "args": {"minutes": 3}}', "unknown argument"),
        (b'{"command": "start", "args": {"minutes": true}}', "minutes must be"),
        (b'{"command": "start", "args": {"minutes": NaN}}', "minutes must be"),
        (b'{"command": "start", "args": {"minutes": 1e9}}', "minutes must be"),
        (b'{"command": "start", "args": {"session_id": "../../etc"}}', "short name"),
        (b'{"command": "start", "args": {"open_ended": true}}', "unknown argument"),
        (b'{"command": "start", "args": {"pattern": ""}}', "pattern is empty"),
        (b'{"command": "pacer", "args": {"pattern": "9-9-9-9-9"}}', "pattern"),
        (b'{"command": "background"}', "unknown command"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(line: bytes, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        parse_request(line)


def test_a_sender_finds_its_own_mistakes() -> None:
    assert (
        encode_request(Command(name="pacer", minutes=3.0)) == b'{"command":"pacer","args":{"minutes":3.0}}\n'
    )
    with pytest.raises(ProtocolError):
        encode_request(Command(name="start", minutes=-1))


# -- a real socket in this process ---------------------------------------------------------------
def test_nobody_listening_means_run_yourself(tmp_path: Path) -> None:
    assert send_request(socket_path(NAME, tmp_path / "nobody"), Command()) is False


def test_a_command_arrives(qtbot: QtBot, primary: SingleInstance) -> None:
    with qtbot.waitSignal(primary.command_received) as blocker:
        assert in_thread(
            qtbot, lambda: send_request(primary.path, Command(name="pacer", pattern="box", minutes=3))
        )
    assert blocker.args == [Command(name="pacer", pattern="box", minutes=3.0)]


def test_an_unknown_command_gets_an_error_reply(qtbot: QtBot, primary: SingleInstance) -> None:
    received: list[object] = []
    primary.command_received.connect(received.append)
    reply = in_thread(qtbot, lambda: raw_exchange(primary.path, b'{"command": "dance"}\n'))
    assert json.loads(reply) == {"ok": False, "error": "unknown command 'dance'"}
    reply = in_thread(
        qtbot, lambda: raw_exchange(primary.path, b'{"command": "start", "args": {"minutes": 1e9}}\n')
    )
    assert json.loads(reply) == {"ok": False, "error": "minutes must be more than 0 and at most 180"}
    assert received == []


def test_a_primary_that_does_not_answer_is_reported(tmp_path: Path) -> None:
    path = str(tmp_path / "mute.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as mute:
        mute.bind(path)
        mute.listen(1)  # accepts into the backlog, never answers
        with pytest.raises(HandOffError, match="did not answer"):
            send_request(path, Command(), timeout_s=0.2)


def test_one_primary_per_data_folder(qtbot: QtBot, primary: SingleInstance, tmp_path: Path) -> None:
    second = SingleInstance(NAME, tmp_path / "data")
    assert in_thread(qtbot, second.try_become_primary) is False
    other = SingleInstance(NAME, tmp_path / "other-data")
    assert other.try_become_primary()  # a second data folder runs side by side
    assert other.server is not None
    other.close()


def test_a_socket_left_by_a_crash_is_replaced(tmp_path: Path) -> None:
    instance = SingleInstance(NAME, tmp_path / "data")
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(instance.path)
    stale.close()  # the file stays, with nobody behind it
    assert Path(instance.path).exists()
    assert instance.try_become_primary()
    assert instance.listening
    instance.close()


def test_a_silent_client_is_dropped(
    qtbot: QtBot, primary: SingleInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "CONNECTION_TIMEOUT_MS", 50)

    def silent() -> bytes:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(4)
            sock.connect(primary.path)
            return sock.recv(10)  # b"" once the server hangs up

    assert in_thread(qtbot, silent) == b""


def test_a_line_too_long_is_refused(qtbot: QtBot, primary: SingleInstance) -> None:
    reply = in_thread(qtbot, lambda: raw_exchange(primary.path, b"x" * (MAX_LINE + 5000)))
    assert json.loads(reply) == {"ok": False, "error": "request too long"}


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=80),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
requests = st.fixed_dictionaries(
    {"command": st.sampled_from(["start", "pacer", "history", "window", "nope"])},
    optional={
        "args": st.dictionaries(st.sampled_from(["minutes", "pattern", "session_id", "x"]), json_values)
    },
).map(lambda d: json.dumps(d, default=str).encode() + b"\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.one_of(st.binary(max_size=3000), requests, st.binary(max_size=200).map(lambda b: b + b"\n"))
)
def test_garbage_never_crashes_the_primary(qtbot: QtBot, primary: SingleInstance, payload: bytes) -> None:
    received: list[object] = []
    primary.command_received.connect(received.append)
    try:
        reply = in_thread(qtbot, lambda: raw_exchange(primary.path, payload))
        if b"\n" in payload:
            answer = json.loads(reply)
            line = payload.split(b"\n", 1)[0]
            try:
                expected = parse_request(line)
            except ProtocolError as exc:
                assert answer == {"ok": False, "error": str(exc)}
                assert received == []
            else:
                assert answer == {"ok": True}
                qtbot.waitUntil(lambda: bool(received), timeout=2000)
                assert received == [expected]
        # And it still listens and answers afterwards.
        assert in_thread(qtbot, lambda: send_request(primary.path, Command()))
    finally:
        primary.command_received.disconnect(received.append)


# -- the listening end, on plain sockets ---------------------------------------------------------
def hung_up(sock: socket.socket) -> bool:
    """True once the server closed its end (``sock`` is non-blocking)."""
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False


def unread_by_server(sock: socket.socket) -> int:
    """Bytes we sent that the server has not read yet (SIOCOUTQ on a Unix socket: Linux)."""
    return int(struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0" * 4))[0])


def test_the_socket_file_is_for_this_user_only(tmp_path: Path) -> None:
    old = os.umask(0)  # the harshest umask: the mode must be set on purpose, not inherited
    try:
        instance = SingleInstance(NAME, tmp_path / "data")
        assert instance.try_become_primary() and instance.listening, instance.error
        umask_after = os.umask(0)
    finally:
        os.umask(old)
    try:
        mode = Path(instance.path).lstat().st_mode
        assert stat.S_ISSOCK(mode) and oct(stat.S_IMODE(mode)) == "0o600"
        assert oct(stat.S_IMODE(Path(instance.path + ".lock").stat().st_mode)) == "0o600"
        assert umask_after == 0, "the umask is put back at once"
    finally:
        instance.close()
    assert not Path(instance.path).exists()
    assert not Path(instance.path + ".lock").exists()  # issue 14, defect 15: no .sock.lock left behind


@pytest.mark.parametrize("said", [b"", b'{"command": "win'], ids=["nothing", "half a line"])
def test_a_client_that_stops_talking_is_dropped_after_the_timeout(
    qtbot: QtBot, primary: SingleInstance, monkeypatch: pytest.MonkeyPatch, said: bytes
) -> None:
    monkeypatch.setattr(single_instance, "CONNECTION_TIMEOUT_MS", 300)
    assert primary.findChildren(QTimer) == [], "no timer runs while nobody is connected"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(primary.path)
        connected = time.monotonic()
        sock.sendall(said)
        sock.setblocking(False)
        qtbot.waitUntil(lambda: len(primary.findChildren(QTimer)) == 1)  # accepted: its deadline runs
        assert not hung_up(sock)
        qtbot.waitUntil(lambda: hung_up(sock), timeout=3000)
        assert time.monotonic() - connected >= 0.25  # Qt's coarse timers may fire 5 % early
    # Idle again: no timer, and only the listening socket watched.
    qtbot.waitUntil(lambda: primary.findChildren(QTimer) == [])
    assert len(primary.findChildren(QSocketNotifier)) == 1
    assert in_thread(qtbot, lambda: send_request(primary.path, Command()))


@pytest.mark.skipif(sys.platform != "linux", reason="SIOCOUTQ tells when the server has read: Linux")
def test_a_request_split_across_several_writes_is_read(qtbot: QtBot, primary: SingleInstance) -> None:
    line = encode_request(Command(name="start", session_id="body-scan", minutes=10.0))
    parts = [line[:1], line[1:9], line[9:-1], line[-1:]]
    received: list[object] = []
    primary.command_received.connect(received.append)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(primary.path)
        for part in parts[:-1]:
            sock.sendall(part)
            qtbot.waitUntil(lambda: unread_by_server(sock) == 0)  # the server read this part alone
            assert received == []
        with qtbot.waitSignal(primary.command_received):
            sock.sendall(parts[-1])
        sock.settimeout(4)
        assert json.loads(sock.recv(100)) == {"ok": True}
    assert received == [Command(name="start", session_id="body-scan", minutes=10.0)]


def test_a_reply_the_client_cannot_take_at_once_is_sent_in_pieces(
    qtbot: QtBot, primary: SingleInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_send = single_instance._send_some
    calls: list[int] = []

    def trickle(sock: socket.socket, data: bytes) -> int:
        calls.append(len(data))  # first a full buffer (EAGAIN), then a byte at a time
        return 0 if len(calls) == 1 else real_send(sock, data[:1])

    monkeypatch.setattr(single_instance, "_send_some", trickle)
    reply = in_thread(qtbot, lambda: raw_exchange(primary.path, b'{"command": "window"}\n'))
    assert json.loads(reply) == {"ok": True}
    assert len(calls) == len(b'{"ok": true}\n') + 1


def test_close_leaves_a_newer_primary_s_socket_alone(tmp_path: Path) -> None:
    first = SingleInstance(NAME, tmp_path / "data")
    assert first.try_become_primary() and first.listening
    Path(first.path).unlink()  # someone cleaned the folder: the next launch cannot find the first
    second = SingleInstance(NAME, tmp_path / "data")
    assert second.try_become_primary() and second.listening
    first.close()
    assert Path(second.path).exists()
    second.close()
    assert not Path(second.path).exists()


def test_without_unix_sockets_each_launch_runs_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "HAS_UNIX", False)
    instance = SingleInstance(NAME, tmp_path / "data")
    assert instance.try_become_primary()
    assert not instance.listening and "no Unix sockets" in instance.error
    assert not Path(instance.path).exists()
    instance.close()


def test_a_launch_holding_the_lock_too_long_is_not_fought(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "LOCK_TIMEOUT_S", 0.05)
    instance = SingleInstance(NAME, tmp_path / "data")
    with Path(instance.path + ".lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert instance.try_become_primary()  # nobody listens: run, but take no commands
    assert not instance.listening and "same moment" in instance.error


def test_a_lock_left_by_a_crashed_launch_does_not_block(tmp_path: Path) -> None:
    instance = SingleInstance(NAME, tmp_path / "data")
    hold = (
        "import fcntl, sys; f = open(sys.argv[1], 'w'); fcntl.flock(f, fcntl.LOCK_EX); "
        "print('held', flush=True); sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", hold, instance.path + ".lock"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        holder.kill()  # dies holding the lock: the kernel releases it
    started = time.monotonic()
    assert instance.try_become_primary() and instance.listening, instance.error
    assert time.monotonic() - started < single_instance.LOCK_TIMEOUT_S
    instance.close()


def test_the_module_loads_neither_qtnetwork_nor_openssl() -> None:
    # It runs on every start-up: QtNetwork (~3 MB) and hashlib's libcrypto (~4 MB) are not worth it.
    probe = (
        "import json, sys; import PySide6.QtCore; before = set(sys.modules); import ui.single_instance; "
        "print(json.dumps({'loaded': sorted(sys.modules), 'new': sorted(set(sys.modules) - before)}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    modules = json.loads(out.stdout)
    assert not {"PySide6.QtNetwork", "hashlib", "_hashlib"} & set(modules["loaded"])
    # PySide6 itself loads tempfile; the module must not be the one that does.
    assert not {"tempfile", "hashlib", "_hashlib", "PySide6.QtNetwork"} & set(modules["new"])


# -- real processes -------------------------------------------------------------------------------
RACER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QCoreApplication
    from ui.single_instance import SingleInstance

    app = QCoreApplication([])
    instance = SingleInstance({name!r}, sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()  # "go": every racer starts at the same moment
    if not instance.try_become_primary():
        print("secondary", flush=True)
    else:
        print("primary" if instance.listening else "alone: " + instance.error, flush=True)
    sys.stdin.readline()  # stay, listening, until every racer has decided
    instance.close()
    """
)


def test_racing_launches_make_exactly_one_primary(tmp_path: Path) -> None:
    script = tmp_path / "racer.py"
    script.write_text(RACER.format(root=str(ROOT), name=NAME))
    run = [sys.executable, str(script), str(tmp_path / "data")]
    with ExitStack() as stack:  # on the way out: stdin closed (so each racer leaves), then waited for
        racers = [
            stack.enter_context(
                subprocess.Popen(run, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            )
            for _ in range(4)
        ]
        pipes = [(racer.stdin, racer.stdout) for racer in racers]
        for _, stdout in pipes:
            assert stdout is not None and stdout.readline() == "ready\n"
        for stdin, _ in pipes:
            assert stdin is not None
            stdin.write("go\n")
            stdin.flush()
        said = sorted(stdout.readline().strip() for _, stdout in pipes if stdout is not None)
        assert said == ["primary", "secondary", "secondary", "secondary"]
        for stdin, _ in pipes:
            assert stdin is not None
            stdin.close()
        assert [racer.wait(timeout=20) for racer in racers] == [0] * 4


# -- two real processes ----------------------------------------------------------------------------
CHILD = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {root!r})
    from sessions.commands import Command
    from ui.hand_off import hand_off
    from ui.single_instance import SingleInstance

    data_dir, request = sys.argv[1], json.loads(sys.argv[2])
    if hand_off({name!r}, data_dir, Command.from_wire(request)):
        print("handed-off", flush=True)
        raise SystemExit(0)
    from PySide6.QtCore import QCoreApplication, QTimer
    app = QCoreApplication([])
    instance = SingleInstance({name!r}, data_dir)
    assert instance.try_become_primary() and instance.server is not None, instance.error
    def received(command):
        print(json.dumps(command.to_wire()), flush=True)
        app.quit()
    instance.command_received.connect(received)
    QTimer.singleShot(20000, app.quit)  # never outlive a failed test
    print("primary", flush=True)
    app.exec()
    instance.close()
    """
)


def test_a_second_launch_hands_its_command_to_the_first(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(ROOT), name=NAME))
    data = str(tmp_path / "data")
    run = [sys.executable, str(script), data]
    with subprocess.Popen([*run, '{"command": "window"}'], stdout=subprocess.PIPE, text=True) as first:
        try:
            assert first.stdout is not None
            assert first.stdout.readline().strip() == "primary"
            request = {"command": "start", "args": {"session_id": "body-scan", "minutes": 10}}
            second = subprocess.run(
                [*run, json.dumps(request)], check=False, capture_output=True, text=True, timeout=20
            )
            assert (second.returncode, second.stdout.strip()) == (0, "handed-off"), second.stderr
            received = json.loads(first.stdout.readline())
            assert received == {"command": "start", "args": {"session_id": "body-scan", "minutes": 10.0}}
            assert first.wait(timeout=20) == 0
        finally:
            if first.poll() is None:
                first.kill()
    # Once the first has gone, the next launch is the primary itself.
    assert not Path(socket_path(NAME, data)).exists()
