"""Privacy, proven: nothing leaves the machine, every file is the person's alone, no secret in any log.

One child process does everything a person does — a whole session, the history window, exports, an
import, a practice logged with a note, a hand-off from a second launch — with every socket family but
AF_UNIX blocked by a ``sitecustomize`` guard, and the test fails on any attempt. Qt may open sockets
from C++, where Python cannot see them: ``.ci/privacy-check`` covers that with strace.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sessions.trace import TraceWriter

ROOT = Path(__file__).resolve().parents[2]
SECRET_NOTE = "SECRET-NOTE-7f3a: I cried at work today"
SECRET_REFLECTION = "SECRET-REFLECTION-91c2: lighter now"

# Loaded before anything else in the child (PYTHONPATH puts it first). Every way Python code can
# reach the network is wrapped: making a non-unix socket, connecting or sending one, and name lookups.
GUARD = textwrap.dedent(
    """
    import json, os, socket, traceback

    LOG = os.environ["KINDLY_NET_LOG"]
    ALLOWED = {socket.AF_UNIX}

    def _blocked(what, detail):
        with open(LOG, "a") as log:
            log.write(json.dumps({"what": what, "detail": str(detail),
                                  "stack": traceback.format_stack(limit=8)}) + "\\n")
        raise PermissionError(13, f"network blocked by the privacy test: {what}")

    _init = socket.socket.__init__
    def _guarded_init(self, family=-1, type=-1, proto=-1, fileno=None):
        fam = socket.AF_INET if family == -1 and fileno is None else family
        if fileno is None and fam not in ALLOWED:
            _blocked("socket", f"family={fam!r}")
        _init(self, family, type, proto, fileno)
    socket.socket.__init__ = _guarded_init

    for _name in ("connect", "connect_ex", "sendto", "bind"):
        _real = getattr(socket.socket, _name)
        def _make(real, name):
            def guarded(self, address, *args):
                if self.family not in ALLOWED:
                    _blocked(name, address)
                return real(self, address, *args)
            return guarded
        setattr(socket.socket, _name, _make(_real, _name))

    def _no_lookup(*args, **kwargs):
        _blocked("lookup", args[:2])
    for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "create_connection"):
        setattr(socket, _name, _no_lookup)

    with open(LOG, "a") as log:
        log.write(json.dumps({"what": "armed"}) + "\\n")
    """
)

CHILD = textwrap.dedent(
    """
    import json, logging, os, sys, threading, wave
    from pathlib import Path

    root, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    sys.path.insert(0, root)
    os.umask(0)  # the harshest umask: every private mode must be set on purpose, not inherited
    # Every log record of every library, at every level, goes to a file the test reads.
    logging.basicConfig(level=logging.DEBUG, filename=str(out / "logging.txt"), force=True)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import main
    from sessions.history import HistoryLog
    from sessions.settings import Settings, save_settings
    from sessions.commands import Command
    from ui.hand_off import hand_off, socket_path

    report = {}
    qapp = QApplication([])

    def second_launch():
        # What `main.py history` does while this Kindly runs: hand the command over, and leave.
        path = socket_path("kindly", data)
        report["socket_mode"] = oct(os.stat(path).st_mode & 0o777)
        report["handed_off"] = hand_off("kindly", data, Command(name="history"))

    def windows():
        report["windows"] = sorted(w.windowTitle() for w in qapp.topLevelWidgets() if w.isVisible())

    logged_at = []

    def leave_once_logged():
        # --once quits by itself when the closing bell has rung out; but the hand-off above asked for
        # a window, which may keep Kindly open. The session is what matters: leave once it is logged.
        if not (data / "history.json").exists():
            return
        peek = HistoryLog(data / "history.json")
        if peek.count():
            logged_at.append(1)
        peek.close()
        if len(logged_at) > 6:
            qapp.quit()

    poll = QTimer()
    poll.timeout.connect(leave_once_logged)
    poll.start(250)
    QTimer.singleShot(1000, lambda: threading.Thread(target=second_launch).start())
    QTimer.singleShot(3500, windows)  # the session (6 s) is still running
    once = ["--data-dir", str(data), "start", "breathing", "--minutes", "0.1", "--once"]
    report["session"] = main.main(once)
    poll.stop()

    # A practice logged with a note, a reflection and moods added, a recording imported.
    report["log"] = main.main(["--data-dir", str(data), "log", "breathing", "--minutes", "3",
                               "--note", sys.argv[4]])
    log = HistoryLog(data / "history.json")
    first = log.records()[0]
    log.update(first.id, mood_before=2, mood_after=4, note=sys.argv[5])
    log.close()
    with wave.open(str(out / "calm.wav"), "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000); w.writeframes(b"\\0\\0" * 4000)
    report["add_audio"] = main.main(["--data-dir", str(data), "add-audio", str(out / "calm.wav")])
    save_settings(data / "settings.json", Settings(crisis_line="116 123"))

    for name in ("practice.csv", "practice.json"):
        report["export " + name] = main.main(["--data-dir", str(data), "export", str(out / name)])
    report["import"] = main.main(["--data-dir", str(data), "import", str(out / "practice.json")])
    report["stats"] = main.main(["--data-dir", str(data), "stats", "--json"])
    report["stats_text"] = main.main(["--data-dir", str(data), "stats"])
    print("REPORT " + json.dumps(report), flush=True)
    """
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The whole day of use, once, in one guarded process; what it left behind is checked below."""
    base = tmp_path_factory.mktemp("privacy")
    guard_dir, out, data = base / "guard", base / "out", base / "data"
    for folder in (guard_dir, out):
        folder.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD)
    net_log = base / "network.jsonl"
    env = dict(
        os.environ,
        PYTHONPATH=f"{guard_dir}{os.pathsep}{ROOT}",
        KINDLY_NET_LOG=str(net_log),
        SDL_AUDIODRIVER="dummy",
        XDG_RUNTIME_DIR=str(base),  # the single-instance socket lives here, private to this test
    )
    env.pop("KINDLY_HOME", None)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(data), str(out), SECRET_NOTE, SECRET_REFLECTION],
        capture_output=True, text=True, timeout=120, env=env, cwd=base, check=False,
    )  # fmt: skip
    lines = [line for line in child.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, f"the child did not finish:\n{child.stdout}\n{child.stderr}"
    return {
        "report": json.loads(lines[-1].removeprefix("REPORT ")),
        "stdout": child.stdout,
        "stderr": child.stderr,
        "logging": (out / "logging.txt").read_text() if (out / "logging.txt").exists() else "",
        "network": [json.loads(line) for line in net_log.read_text().splitlines()],
        "data": data,
        "out": out,
    }


@pytest.mark.slow
def test_nothing_but_local_sockets_is_ever_opened(run: dict[str, object]) -> None:
    network = run["network"]
    assert isinstance(network, list)
    assert network[:1] == [{"what": "armed"}], "the guard was loaded before Kindly"
    attempts = [entry for entry in network if entry["what"] != "armed"]
    assert attempts == [], "".join(f"{a['what']} {a['detail']}\n{''.join(a['stack'])}" for a in attempts)
    report = run["report"]
    assert isinstance(report, dict)
    assert {k: v for k, v in report.items() if k not in ("socket_mode", "windows")} == {
        "session": 0, "handed_off": True, "log": 0, "add_audio": 0, "export practice.csv": 0,
        "export practice.json": 0, "import": 0, "stats": 0, "stats_text": 0,
    }, run["stderr"]  # fmt: skip
    assert "Your practice" in report["windows"], "the hand-off really opened the history window"
    assert "Breathing" in report["windows"]
    assert report["socket_mode"] == "0o600", "only this user may talk to the running Kindly"


@pytest.mark.slow
def test_every_file_and_folder_is_private(run: dict[str, object]) -> None:
    data, out = run["data"], run["out"]
    assert isinstance(data, Path) and isinstance(out, Path)
    seen = []
    for path in [data, *sorted(data.rglob("*"))]:
        want = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == want, (
            f"{path.relative_to(data.parent)} is {oct(path.stat().st_mode)}"
        )
        seen.append(path.relative_to(data).as_posix())
    assert {
        "history.json",
        "settings.json",
        "recordings",
        "recordings/index.json",
        "recordings/calm.wav",
    } <= set(seen)
    assert not [name for name in seen if name.endswith((".tmp", ".part", ".lock"))], (
        "nothing left half-written"
    )
    for export in ("practice.csv", "practice.json"):
        assert stat.S_IMODE((out / export).stat().st_mode) == 0o600, export


@pytest.mark.slow
def test_no_note_or_mood_ever_reaches_a_log(run: dict[str, object]) -> None:
    text = "\n".join(str(run[key]) for key in ("stdout", "stderr", "logging"))
    for secret in (SECRET_NOTE, SECRET_REFLECTION, "SECRET-", "mood_before", "mood_after", "Record("):
        assert secret not in text, f"{secret!r} leaked into the output or a log"
    stdout = str(run["stdout"])
    out = run["out"]
    assert isinstance(out, Path)
    # Export says how many, and where — never what.
    assert f"exported 2 sessions to {out / 'practice.csv'}" in stdout
    assert "That file holds" in stdout or "already in your log" in stdout
    # The exports themselves hold the notes: that is what an export is for, and it is 0600.
    assert SECRET_REFLECTION in (out / "practice.json").read_text()


def test_a_trace_file_is_private_too(tmp_path: Path) -> None:
    # A trace holds only cue times, but it sits wherever the person pointed it: keep it theirs alone.
    old = os.umask(0)
    try:
        trace = TraceWriter(tmp_path / "t.jsonl")
        trace.write("phase", "inhale", 0.0, 0.001)
        trace.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "t.jsonl").stat().st_mode) == 0o600
    assert json.loads((tmp_path / "t.jsonl").read_text()) == {
        "cue": "phase",
        "name": "inhale",
        "due": 0.0,
        "at": 0.001,
    }


def test_the_guard_really_blocks_and_reports(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "net.jsonl"
    probe = (
        "import socket\n"
        "for attempt in (lambda: socket.create_connection(('192.0.2.1', 80), 1),\n"
        "                lambda: socket.socket(socket.AF_INET6),\n"
        "                lambda: socket.getaddrinfo('example.org', 443)):\n"
        "    try:\n"
        "        attempt()\n"
        "    except PermissionError:\n"
        "        print('blocked')\n"
        "a, b = socket.socketpair()\n"
        "print('unix ok')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(tmp_path), KINDLY_NET_LOG=str(log))
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert result.stdout.split() == ["blocked", "blocked", "blocked", "unix", "ok"], result.stderr
    assert [json.loads(line)["what"] for line in log.read_text().splitlines()] == [
        "armed", "lookup", "socket", "lookup",
    ]  # fmt: skip
