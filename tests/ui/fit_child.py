"""Run in a child process on a real X display: open every window, print its frame geometry as JSON.

Used by test_fit.py to check the windows on a 2732×1536 screen at QT_SCALE_FACTOR=2 (and any other
size) with a real window manager putting frames around them.
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


def main() -> int:
    data = DataPaths(Path(sys.argv[1]))
    qapp = QApplication(sys.argv[:1])
    app = KindlyApp(
        qapp, data, clock=FakeClock(), engine_factory=lambda v: AudioEngine(v, backend_factory=NullBackend)
    )
    app.run_command(Command())
    for name in ("history", "settings", "pacer", "care"):
        app.windows.open(name)
    # Let the window manager map and frame them (a real X server: this is wall-clock waiting).
    end = time.monotonic() + 1.5
    while time.monotonic() < end:
        qapp.processEvents()
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
