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
        # Silent sitting, a few minutes in, between bells.
        app.run_command(Command(name="start", session_id="timer", minutes=20))
        for _ in range(int(200 * 10)):
            clock.advance(0.1)
            app.controller.tick()
        qapp.processEvents()
        app.windows.get("main").grab().save(str(OUT / "timer.png"))
        app.controller.stop()
        # A recording of one's own, five minutes in: its slider, and back and forward 15 s.
        recording = _recording(Path(tmp))
        app.library.add_recordings([str(recording)])
        from ui.practices import Practice

        app.practices.start(Practice("recording", app.library.recordings[0].id))
        app.controller.seek_to(300)
        for _ in range(30):
            clock.advance(0.1)
            app.controller.tick()
        qapp.processEvents()
        app.windows.get("main").grab().save(str(OUT / "player-recording.png"))
        app.controller.stop()
        # Back in the library, the recording offers to carry on where it was left.
        main = app.windows.get("main")
        main.show_library()
        main.select(app.library.recordings[0].id)
        qapp.processEvents()
        main.grab().save(str(OUT / "resume.png"))
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


def _recording(folder: Path) -> Path:
    """A quiet 12-minute recording with chapters, as a person might add one."""
    import wave

    audio = folder / "Evening wind-down.wav"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(2000)
        out.writeframes(b"\0\0" * 2000 * 60 * 12)
    (folder / "Evening wind-down.lrc").write_text(
        "[00:00.00] Arriving, and letting the day be done\n"
        "[04:30.00] A hand on the heart, and a few slow breaths\n"
        "[09:00.00] Resting, with nowhere to be\n"
    )
    return audio


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
