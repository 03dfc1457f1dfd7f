"""A tray host that comes up after Kindly (a panel at login) still gets Kindly's icon: a
StatusNotifierWatcher appearing on the bus, or an XEmbed tray (trayer) appearing on X11."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.dbus_standins import private_bus, read_log

ROOT = Path(__file__).resolve().parents[2]
LATE_S = 5.0


@pytest.fixture
def bare_x() -> Iterator[str]:
    """An X display with no tray and no window manager; yields its name."""
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb")
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = ":" + pipe.readline().strip()
    yield display
    xvfb.terminate()
    xvfb.wait(10)


def wait_for(condition: object, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")
def test_a_status_notifier_host_started_5_s_later_gets_the_icon(tmp_path: Path, bare_x: str) -> None:
    log = tmp_path / "watcher.jsonl"
    with private_bus() as address:
        env = {
            **os.environ,
            "DBUS_SESSION_BUS_ADDRESS": address,
            "DISPLAY": bare_x,
            "QT_QPA_PLATFORM": "xcb",
            "SDL_AUDIODRIVER": "dummy",
            "KINDLY_HOME": str(tmp_path / "home"),
        }
        kindly = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--background"], env=env)
        watcher = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.dbus_standins", "watcher", str(log), "--delay", str(LATE_S)],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        try:
            assert wait_for(lambda: any(e["event"] == "watcher-up" for e in read_log(log)), LATE_S + 10)
            assert kindly.poll() is None  # still running, waiting in the background
            assert wait_for(lambda: any(e["event"] == "register" for e in read_log(log)), 5)
            up = next(e["t"] for e in read_log(log) if e["event"] == "watcher-up")
            registered = next(e["t"] for e in read_log(log) if e["event"] == "register")
            assert registered - up < 2.0
        finally:
            kindly.terminate()
            kindly.wait(10)
            watcher.kill()
            watcher.wait(5)
            assert watcher.stdin is not None
            watcher.stdin.close()


@pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("trayer", "xdotool")), reason="needs trayer and xdotool"
)
def test_an_xembed_tray_started_5_s_later_gets_the_icon(tmp_path: Path, bare_x: str) -> None:
    display = bare_x
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "SDL_AUDIODRIVER": "dummy",
        "KINDLY_HOME": str(tmp_path / "home"),
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    kindly = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env)
    trayer = None

    def docked() -> bool:
        # The icon Qt docks into the tray is a small window of ours, 22-ish pixels high.
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--classname", "kindly"],
            env=env, capture_output=True, text=True, check=False,
        ).stdout.split()  # fmt: skip
        for window in found:
            geometry = subprocess.run(
                ["xdotool", "getwindowgeometry", window], env=env, capture_output=True, text=True, check=False
            ).stdout
            size = geometry.rsplit("Geometry:", 1)[-1].strip()
            if size and int(size.split("x")[1]) < 64:
                return True
        return False

    try:
        # No tray: Kindly opens its window (and no icon is docked anywhere).
        window = ["xdotool", "search", "--onlyvisible", "--name", "^Kindly$"]
        shown = lambda: subprocess.run(window, env=env, capture_output=True, check=False).returncode == 0  # noqa: E731
        assert wait_for(shown, 20)
        assert not docked()
        time.sleep(LATE_S)
        trayer = subprocess.Popen(["trayer", "--expand", "true"], env=env, stderr=subprocess.DEVNULL)
        assert wait_for(docked, 10)  # generous: a loaded CI machine
        assert kindly.poll() is None
    finally:
        for process in (kindly, trayer):
            if process is not None:
                process.terminate()
                process.wait(10)
