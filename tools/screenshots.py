"""Render the README's screenshots from the real windows on a virtual display.

    .venv/bin/python tools/screenshots.py      (writes docs/screenshots/*.png)

A fake clock puts each window at a chosen moment, so the pictures are the same on every run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def render() -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    from sessions.clock import FakeClock
    from sessions.commands import Command
    from sessions.paths import DataPaths
    from ui.app import KindlyApp

    qapp = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        app = KindlyApp(qapp, DataPaths(Path(tmp)), clock=clock, silent=True)
        app.run_command(Command(name="pacer", pattern="resonance", minutes=5))  # starts pacing
        # Two and a half breaths in, half-way through an inhale.
        for _ in range(int(24.75 * 60)):
            clock.advance(1 / 60)
            app.controller.tick()
        qapp.processEvents()
        app.windows.get("pacer").grab().save(str(OUT / "pacer.png"))
        app.controller.stop()
        app.windows.get("pacer").hide()
        app.run_command(Command())
        qapp.processEvents()
        app.windows.get("main").grab().save(str(OUT / "main-window.png"))
        # A guided session, in the quiet after the words about common humanity.
        app.run_command(Command(name="start", session_id="self-compassion-break", minutes=5))
        runner = app.controller.runner
        assert runner is not None
        target = runner.timeline.steps[3].start_s + 15
        while runner.elapsed() < target:
            clock.advance(1 / 30)
            app.controller.tick()
        qapp.processEvents()
        app.windows.get("main").grab().save(str(OUT / "player.png"))
        app.controller.stop()
        if app.tray is not None:
            # The tray menu during a session, as it pops up from the panel.
            app.run_command(Command(name="pacer", pattern="resonance", minutes=5))
            app.tray.menu.popup(QPoint(980, 30))
            qapp.processEvents()
            app.tray.menu.grab().save(str(OUT / "tray-menu.png"))
            app.tray.menu.hide()
            app.controller.stop()
        app.history.close()
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('*.png')))} to {OUT}")


def main() -> None:
    if os.environ.get("KINDLY_SCREENSHOT_CHILD"):
        render()
        return
    from tools import xsession

    with xsession.virtual_display(tray=True) as env:
        env["KINDLY_SCREENSHOT_CHILD"] = "1"
        subprocess.run([sys.executable, __file__], env=env, check=True)


if __name__ == "__main__":
    main()
