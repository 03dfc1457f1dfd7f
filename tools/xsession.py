"""A private virtual X display (Xvfb) with a system-tray host (trayer), for tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator

SCREEN = "1280x800x24"


def available() -> bool:
    """True when Xvfb and trayer are installed (``.ci/run`` installs both)."""
    return all(shutil.which(tool) for tool in ("Xvfb", "trayer", "xdotool"))


@contextlib.contextmanager
def virtual_display(*, tray: bool = True, timeout_s: float = 15.0) -> Iterator[dict[str, str]]:
    """Start Xvfb (and trayer as the tray host); yield the environment that points at it.

    Xvfb picks a free display itself (``-displayfd``), so parallel runs never collide.
    """
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN, "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    procs: list[subprocess.Popen[bytes]] = [xvfb]
    try:
        with os.fdopen(read_fd, "rb") as pipe:
            number = pipe.readline().decode().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        env = dict(os.environ, DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb")
        env.pop("WAYLAND_DISPLAY", None)
        if tray:
            procs.append(
                subprocess.Popen(
                    [
                        "trayer",
                        "--edge",
                        "top",
                        "--align",
                        "right",
                        "--widthtype",
                        "request",
                        "--height",
                        "28",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                found = subprocess.run(
                    ["xdotool", "search", "--classname", "trayer"],
                    env=env,
                    capture_output=True,
                    check=False,
                )
                if found.returncode == 0 and found.stdout.strip():
                    break
                time.sleep(0.05)  # Polling an external process at start-up, not test timing.
            else:
                raise RuntimeError("trayer did not start on the virtual display")
            env["KINDLY_TRAY_HOST"] = "trayer"
        yield env
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
