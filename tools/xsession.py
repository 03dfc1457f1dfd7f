"""A private virtual X display (Xvfb) with a system-tray host (trayer) and, if asked, a window manager.

Tests and benchmarks use the bare display with a tray; the journey tests (``tests/journeys/``) also
ask for openbox, so focus, stacking and decorations behave as on a person's desktop.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator

SCREEN = "1280x800x24"
#: The small laptop screen issue 14's person used (journeys): 1366×768.
LAPTOP_SCREEN = "1366x768x24"


def available(*, window_manager: bool = False) -> bool:
    """True when Xvfb and trayer are installed (``.ci/run`` installs both, and openbox)."""
    tools = ("Xvfb", "trayer", "xdotool", *(("openbox", "xprop") if window_manager else ()))
    return all(shutil.which(tool) for tool in tools)


def _wait_for(env: dict[str, str], command: list[str], what: str, timeout_s: float) -> None:
    """Poll ``command`` until it succeeds with output (an external process starting up)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = subprocess.run(command, env=env, capture_output=True, check=False)
        if found.returncode == 0 and found.stdout.strip():
            return
        time.sleep(0.05)  # Polling an external process at start-up, not test timing.
    raise RuntimeError(f"{what} did not start on the virtual display")


@contextlib.contextmanager
def virtual_display(
    *, tray: bool = True, window_manager: bool = False, screen: str = SCREEN, timeout_s: float = 15.0
) -> Iterator[dict[str, str]]:
    """Start Xvfb (and trayer as the tray host, and openbox); yield the environment that points at it.

    Xvfb picks a free display itself (``-displayfd``), so parallel runs never collide. The window
    manager starts before the tray host, as on a desktop, so trayer is managed like any panel.
    """
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp", "-noreset"],
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
        if window_manager:
            procs.append(
                subprocess.Popen(
                    ["openbox", "--sm-disable"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            )
            # openbox announces itself on the root window once it manages the screen.
            # openbox announces itself on the root window once it manages the screen (xprop says
            # "not found" until then, and succeeds either way: look for the window id).
            check = "xprop -root _NET_SUPPORTING_WM_CHECK | grep 'window id'"
            _wait_for(env, ["sh", "-c", check], "openbox", timeout_s)
            env["KINDLY_WINDOW_MANAGER"] = "openbox"
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
            _wait_for(env, ["xdotool", "search", "--classname", "trayer"], "trayer", timeout_s)
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
