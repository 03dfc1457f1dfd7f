"""Run in a child process on a real X display with a window manager; print what a person would see.

``fit DATA``: open every window, print each frame's geometry as JSON (test_fit.py: 1366×768, and
2732×1536 at QT_SCALE_FACTOR=2). ``checkin``: show the check-in as the app does, let the window
manager activate it, print which control has focus (test_checkin.py).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from sessions.clock import FakeClock
from sessions.commands import Command
from sessions.paths import DataPaths
from ui.app import KindlyApp


def settle(qapp: QApplication, seconds: float = 1.5) -> None:
    """Let the window manager map, frame and activate the windows (a real X server: wall-clock)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        qapp.processEvents()


def checkin() -> int:
    from ui import theme as themes
    from ui.checkin import CheckInDialog

    qapp = QApplication(sys.argv[:1])
    qapp.setStyleSheet(themes.stylesheet(themes.LIGHT))
    dialog = CheckInDialog(themes.LIGHT, after=sys.argv[2:] == ["after"])
    dialog.open()  # as ui/checkin_flow.py does
    dialog.raise_()
    dialog.activateWindow()  # brought forward over a session window, as the app may
    settle(qapp)
    focus = qapp.focusWidget()
    print(json.dumps({
        "active": dialog.isActiveWindow(),
        "focus": type(focus).__name__ if focus is not None else None,
        "on_answer": focus in dialog.buttons,
    }), flush=True)  # fmt: skip
    return 0


def main() -> int:
    if sys.argv[1] == "checkin":
        return checkin()
    data = DataPaths(Path(sys.argv[2]))
    qapp = QApplication(sys.argv[:1])
    app = KindlyApp(
        qapp, data, clock=FakeClock(), engine_factory=lambda v: AudioEngine(v, backend_factory=NullBackend)
    )
    app.run_command(Command())
    for name in ("history", "settings", "pacer", "care"):
        app.windows.open(name)
    settle(qapp)
    screen = qapp.primaryScreen()
    report: dict[str, object] = {
        "ratio": screen.devicePixelRatio(),
        "screen": [screen.geometry().width(), screen.geometry().height()],
        "available": [screen.availableGeometry().width(), screen.availableGeometry().height()],
        "windows": {},
    }
    windows: dict[str, list[int]] = {}
    for name in ("main", "history", "settings", "pacer", "care"):
        window = app.windows.peek(name)
        assert window is not None
        frame = window.frameGeometry()
        windows[name] = [frame.x(), frame.y(), frame.width(), frame.height()]
    report["windows"] = windows
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
