"""Run tests/ui/real_x_child.py on its own Xvfb with openbox as the window manager, as a person's
desktop would: frames, placement, activation and focus all come from a real window manager."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def on_real_x(*args: str, size: str = "1366x768", scale: str = "1") -> str:
    """The child's last line of output; the test is skipped where Xvfb or openbox is missing."""
    if not all(shutil.which(tool) for tool in ("Xvfb", "openbox")):
        pytest.skip("needs Xvfb and openbox")
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        display = f":{pipe.readline().decode().strip()}"
    env = dict(
        os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=scale, PYTHONPATH=str(ROOT)
    )
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        child = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "ui" / "real_x_child.py"), *args],
            env=env, capture_output=True, text=True, timeout=90, check=False,
        )  # fmt: skip
    finally:
        for proc in (wm, xvfb):
            proc.terminate()
            proc.wait(timeout=10)
    assert child.returncode == 0, child.stderr
    return child.stdout.strip().splitlines()[-1]


__all__ = ["on_real_x"]
