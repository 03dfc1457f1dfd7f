"""Kindly names itself ``io.github.kindly.Kindly`` to the desktop on X11 and Wayland, so docks and
task switchers match its windows to its launcher and icon; each window's title is set once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.github.kindly.Kindly"


def kindly_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "KINDLY_HOME": str(tmp_path / "home"), "SDL_AUDIODRIVER": "dummy", **extra}


@pytest.mark.skipif(
    not os.environ.get("DISPLAY") or shutil.which("xprop") is None or shutil.which("xdotool") is None,
    reason="needs an X display, xprop and xdotool",
)
def test_x11_names_the_launcher(tmp_path: Path) -> None:
    env = kindly_env(tmp_path, QT_QPA_PLATFORM="xcb")
    kindly = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "pacer", "--minutes", "1"], env=env)
    try:
        window = ""
        deadline = time.monotonic() + 20
        while not window:
            assert time.monotonic() < deadline, "the pacer never appeared"
            found = subprocess.run(
                ["xdotool", "search", "--pid", str(kindly.pid), "--name", "Breathing — Kindly"],
                capture_output=True,
                text=True,
                check=False,
            )
            window = found.stdout.split()[0] if found.stdout.split() else ""
            time.sleep(0.1)
        props = subprocess.run(
            ["xprop", "-id", window, "WM_CLASS", "_GTK_APPLICATION_ID", "_KDE_NET_WM_DESKTOP_FILE"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert 'WM_CLASS(STRING) = "kindly", "Kindly"' in props
        assert f'_GTK_APPLICATION_ID(UTF8_STRING) = "{APP_ID}"' in props
        assert f'_KDE_NET_WM_DESKTOP_FILE(UTF8_STRING) = "{APP_ID}"' in props
    finally:
        kindly.terminate()
        kindly.wait(10)


@pytest.fixture
def weston(tmp_path: Path) -> Iterator[dict[str, str]]:
    if shutil.which("weston") is None:
        pytest.skip("needs weston")
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    server = subprocess.Popen(
        ["weston", "--backend=headless-backend.so", "--use-pixman", "--socket=wl-kindly", "--idle-time=0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not (runtime / "wl-kindly").exists():
            assert time.monotonic() < deadline and server.poll() is None, "weston did not start"
            time.sleep(0.05)
        yield {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": "wl-kindly"}
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.parametrize(("command", "title"), [(["pacer", "--minutes", "1"], "Breathing — Kindly")])
def test_wayland_app_id_and_one_title(
    weston: dict[str, str], tmp_path: Path, command: list[str], title: str
) -> None:
    env = kindly_env(tmp_path, QT_QPA_PLATFORM="wayland", WAYLAND_DEBUG="client", **weston)
    env.pop("DISPLAY", None)
    kindly = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(4)  # the window is up, and a few seconds of breathing have been painted
    finally:
        kindly.terminate()
        _out, debug = kindly.communicate(timeout=10)
    app_ids = [line for line in debug.splitlines() if "set_app_id" in line]
    titles = [line for line in debug.splitlines() if "set_title" in line]
    assert app_ids and all(f'set_app_id("{APP_ID}")' in line for line in app_ids)
    assert len(titles) == 1 and f'set_title("{title}")' in titles[0]
