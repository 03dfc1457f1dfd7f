"""A fullscreen window in front is seen on X11 (openbox sets the EWMH hints, as every desktop does)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from ui.quiet import fullscreen_window_active

WINDOW = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.{show}()
print("shown", flush=True)
app.exec()
"""


@pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("Xvfb", "openbox")), reason="needs Xvfb and openbox"
)
@pytest.mark.parametrize("show", ["showFullScreen", "show"])
def test_a_fullscreen_window_is_seen(show: str) -> None:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = ":" + pipe.readline().strip()
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    window = None
    try:
        time.sleep(0.5)
        assert not fullscreen_window_active(display)
        window = subprocess.Popen(
            [sys.executable, "-c", WINDOW.format(show=show)], env=env, stdout=subprocess.PIPE, text=True
        )
        assert window.stdout is not None and window.stdout.readline().strip() == "shown"
        deadline = time.monotonic() + 3
        while fullscreen_window_active(display) != (show == "showFullScreen") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fullscreen_window_active(display) == (show == "showFullScreen")
        window.kill()
        window.wait(5)
        time.sleep(0.3)
        assert not fullscreen_window_active(display)  # the window it named is gone: no error, no exit
    finally:
        for process in (window, wm, xvfb):
            if process is not None:
                process.kill()
                process.wait(5)
                if process.stdout is not None:
                    process.stdout.close()
