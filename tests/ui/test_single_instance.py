"""One Kindly per data folder: real sockets, a fuzzed protocol, and two real processes handing over."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from ui import single_instance
from ui.single_instance import (
    MAX_LINE,
    HandOffError,
    ProtocolError,
    SingleInstance,
    encode_request,
    parse_request,
    send_request,
    socket_path,
)

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


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b'{"command": "window"}', {"command": "window", "args": {}}),
        (
            b'{"command": "start", "args": {"session_id": "body-scan", "minutes": 10}}',
            {"command": "start", "args": {"session_id": "body-scan", "minutes": 10.0}},
        ),
        (
            b'{"command": "pacer", "args": {"pattern": "4-2-6", "minutes": null}}',
            {"command": "pacer", "args": {"pattern": "4-2-6", "minutes": None}},
        ),
        (b'{"command": "settings", "args": {}}', {"command": "settings", "args": {}}),
    ],
)
def test_good_requests(line: bytes, expected: dict[str, Any]) -> None:
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
        (b'{"command": "start", "args": {"session_id": "../../etc"}}', "short id"),
        (b'{"command": "start", "args": {"open_ended": "yes"}}', "true or false"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(line: bytes, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        parse_request(line)


def test_a_sender_finds_its_own_mistakes() -> None:
    assert encode_request("pacer", {"minutes": 3}) == b'{"command":"pacer","args":{"minutes":3}}\n'
    with pytest.raises(ProtocolError):
        encode_request("start", {"minutes": -1})


# -- a real socket in this process ---------------------------------------------------------------
def test_nobody_listening_means_run_yourself(tmp_path: Path) -> None:
    assert send_request(socket_path(NAME, tmp_path / "nobody"), "window") is False


def test_a_command_arrives(qtbot: QtBot, primary: SingleInstance) -> None:
    with qtbot.waitSignal(primary.command_received) as blocker:
        assert in_thread(qtbot, lambda: send_request(primary.path, "pacer", {"pattern": "box", "minutes": 3}))
    assert blocker.args == [{"command": "pacer", "args": {"pattern": "box", "minutes": 3.0}}]


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
            send_request(path, "window", timeout_s=0.2)


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
    assert instance.server is not None and instance.server.isListening()
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
    received: list[dict[str, Any]] = []
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
        assert in_thread(qtbot, lambda: send_request(primary.path, "window"))
    finally:
        primary.command_received.disconnect(received.append)


# -- two real processes ----------------------------------------------------------------------------
CHILD = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {root!r})
    from ui.single_instance import SingleInstance, hand_off

    data_dir, request = sys.argv[1], json.loads(sys.argv[2])
    if hand_off({name!r}, data_dir, request["command"], request.get("args")):
        print("handed-off", flush=True)
        raise SystemExit(0)
    from PySide6.QtCore import QCoreApplication, QTimer
    app = QCoreApplication([])
    instance = SingleInstance({name!r}, data_dir)
    assert instance.try_become_primary() and instance.server is not None, instance.error
    def received(command):
        print(json.dumps(command), flush=True)
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
