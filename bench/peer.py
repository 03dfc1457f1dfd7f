"""The peer, side by side: mindfulness-at-the-computer (a PySide6 tray breathing app) in its own venv.

How it is driven, so its figures are comparable with Kindly's:
- installed by this script into ``bench/out/peer-venv`` from PyPI, with PySide6 pinned below 6.12
  (6.12.0 aborts it as it does us);
- started with a throwaway HOME (it writes settings, autostart and desktop files on first run) and
  with no network (``unshare -n``: its update check would otherwise block at start);
- its breathing window is opened at start (as its tray's default action does) and, since it paces
  nothing itself, Shift is held through each breath in and released through each breath out of the
  pattern measured (xdotool), as a person breathing with it would; it animates with QTimeLine at 25
  frames a second.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/x.py`

import os
import shutil
import subprocess
import tempfile
import threading
import time
import venv

from bench.common import ROOT
from bench.proc import peak_rss_mb

PEER = "mindfulness-at-the-computer==1.0.0b1"
PEER_QT = "PySide6-Essentials==6.11.3"
VENV = ROOT / "bench" / "out" / "peer-venv"
SETTLE_S = 3.0

#: Runs inside the peer's venv: its own main(), with the breathing window opened at start. It says
#: "peer-ready" as Kindly says "kindly-ready" (ui/cli.py): once the window has been shown, after one
#: more turn of the event loop and the events waiting then (the window's first paint) have been
#: handled. Said straight after showing it, as until 2026-12-07, the peer was timed before its paint
#: and Kindly after its own: about 19 ms in the peer's favour (229 against 248 ms, 7 runs each).
DRIVER = """
import sys
from PySide6 import QtCore, QtWidgets
import matc.main_object, matc.__main__
original = matc.main_object.MainObject.__init__
def ready():
    QtWidgets.QApplication.processEvents()
    print("peer-ready", flush=True)
def init(self, first_time):
    original(self, False)  # no first-run intro dialog
    def open_window():
        self.open_br_dlg()
        QtCore.QTimer.singleShot(0, ready)
    QtCore.QTimer.singleShot(0, open_window)
matc.main_object.MainObject.__init__ = init
sys.argv = ["mindfulness-at-the-computer"]
matc.__main__.main()
"""


def python() -> Path:
    return VENV / "bin" / "python"


def ensure_installed() -> None:
    if python().exists():
        return
    VENV.parent.mkdir(parents=True, exist_ok=True)
    venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(python()), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    # The peer asks for the full PySide6; only its Essentials part is needed to run it.
    subprocess.run([*pip, "--no-deps", PEER], check=True)
    subprocess.run([*pip, PEER_QT], check=True)


def _command() -> list[str]:
    base = [str(python()), "-c", DRIVER]
    return ["unshare", "-n", *base] if shutil.which("unshare") else base


def launch(env: dict[str, str], home: str) -> subprocess.Popen[str]:
    child = dict(env, HOME=home, XDG_CONFIG_HOME=f"{home}/.config", XDG_DATA_HOME=f"{home}/.local/share")
    return subprocess.Popen(
        _command(), env=child, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )


def launch_time(env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning the peer to its breathing window being up, and its peak RSS (MB)."""
    with tempfile.TemporaryDirectory() as home:
        start = time.monotonic()
        proc = launch(env, home)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("peer-ready"):
                break
        ready = time.monotonic() - start
        time.sleep(0.5)
        rss = peak_rss_mb(_app_pid(proc))
        proc.terminate()
        proc.wait(timeout=10)
    return ready, rss


def _app_pid(proc: subprocess.Popen[str]) -> int:
    """The Python process itself (``unshare`` execs it, so it is the same pid)."""
    return proc.pid


def _breathe(env: dict[str, str], stop: threading.Event, schedule: list[tuple[bool, float]]) -> None:
    """Hold and release Shift as ``schedule`` says ((held?, seconds) in turn), until told to stop.

    Each change is due at a time counted from the start, so xdotool's own time does not add up.
    """
    start, due = time.monotonic(), 0.0
    while not stop.is_set():
        for held, seconds in schedule:
            subprocess.run(["xdotool", "keydown" if held else "keyup", "shift"], env=env, check=False)
            due += seconds
            if stop.wait(max(0.0, start + due - time.monotonic())):
                break
    subprocess.run(["xdotool", "keyup", "shift"], env=env, check=False)


def breathing_cpu(
    env: dict[str, str], seconds: float, x_server: int | None = None, *, pattern: str = "4-6"
) -> dict[str, float]:
    """CPU of the peer's breathing window while someone breathes ``pattern`` with it (Shift held
    through each breath in, see ``pacer_cpu.shift_schedule``; figures as ``pacer_cpu.window_cpu``)."""
    from bench.pacer_cpu import shift_schedule, window_cpu

    with tempfile.TemporaryDirectory() as home:
        proc = launch(env, home)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("peer-ready"):
                break
        time.sleep(1.0)  # its window takes keyboard focus as it opens (no window manager here)
        stop = threading.Event()
        driver = threading.Thread(target=_breathe, args=(env, stop, shift_schedule(pattern)), daemon=True)
        driver.start()
        time.sleep(SETTLE_S)
        try:
            return window_cpu(proc.pid, seconds, x_server)
        finally:
            stop.set()
            driver.join()
            proc.terminate()
            proc.wait(timeout=10)


def main() -> None:
    from tools import xsession

    ensure_installed()
    with xsession.virtual_display(tray=True) as env:
        ready, rss = launch_time(env)
        print(f"peer: launch to breathing window {ready * 1000:.0f} ms, peak RSS {rss:.1f} MB")
        print(f"peer: breathing window {breathing_cpu(env, 20)['cpu_pct']:.2f} % of one core")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
