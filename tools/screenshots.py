"""Render the README's screenshots from the real windows on a virtual display.

    .venv/bin/python tools/screenshots.py      (writes docs/screenshots/*.png, and *-dark.png)

Every window in the light theme and in the dark one. A fake clock puts each session at a chosen
moment, and a seeded sample log fills the history, so the pictures are much the same on every run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from sessions.clock import FakeClock
    from ui.app import KindlyApp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


THEMES = ("light", "dark")


def sample_log(path: Path) -> None:
    """A few months of practice, moods and notes, ending today, so the history window has a story."""
    import random
    from datetime import datetime, timedelta

    from sessions.history import HistoryLog, Record

    rng = random.Random(14)  # the same pictures on every run
    kinds = (
        ("self-compassion-break", "Self-compassion break", 5),
        ("breathing", "Resonance breathing", 5),
        ("loving-kindness", "Loving-kindness", 10),
        ("body-scan", "Body scan", 20),
    )
    notes = ("Softer towards myself after the meeting.", "", "On the train, eyes open.", "", "Slept better.")
    log = HistoryLog(path)
    now = datetime.now().astimezone().replace(hour=7, minute=30, second=0, microsecond=0)
    records = []
    for days_ago in range(150, -1, -1):
        if rng.random() < (0.35 if days_ago > 40 else 0.7):
            session_id, title, minutes = kinds[rng.randrange(len(kinds))]
            start = now - timedelta(days=days_ago, minutes=rng.randrange(0, 600))
            before = rng.choice((None, 2, 2, 3, 3))
            record = Record.new(
                started_at=start, ended_at=start + timedelta(minutes=minutes), session_id=session_id,
                title=title, kind=session_id, pattern="resonance" if session_id == "breathing" else None,
                planned_seconds=minutes * 60, practiced_seconds=minutes * 60, completed=True,
                mood_before=before,
                mood_after=None if before is None else min(5, before + rng.choice((0, 1, 1, 2))),
                note=rng.choice(notes),
            )  # fmt: skip
            records.append(record)
    log.merge(records)
    log.close()


def render() -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    from sessions.clock import FakeClock
    from sessions.commands import Command
    from sessions.paths import DataPaths
    from ui.app import KindlyApp
    from ui.checkin import CheckInDialog

    qapp = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    for theme in THEMES:
        suffix = "" if theme == "light" else "-dark"

        def save(widget: object, name: str, suffix: str = suffix) -> None:
            qapp.processEvents()
            widget.grab().save(str(OUT / f"{name}{suffix}.png"))  # type: ignore[attr-defined]

        with tempfile.TemporaryDirectory() as tmp:
            data = DataPaths(Path(tmp))
            data.root.mkdir(parents=True, exist_ok=True)
            sample_log(data.history)
            clock = FakeClock()
            app = KindlyApp(qapp, data, clock=clock, silent=True)
            app.store.update(theme=theme)
            app.run_command(Command(name="pacer", pattern="resonance", minutes=5))
            _until_pacing(qapp, app)  # the session starts once the pacer is on screen
            # Two and a half breaths in, half-way through an inhale.
            for _ in range(int(24.75 * 60)):
                clock.advance(1 / 60)
                app.controller.tick()
            save(app.windows.get("pacer"), "pacer")
            app.controller.stop()
            app.windows.get("pacer").hide()
            app.run_command(Command())
            save(app.windows.get("main"), "main-window")
            # A guided session, in the quiet after the words about common humanity.
            app.run_command(Command(name="start", session_id="self-compassion-break", minutes=5))
            runner = app.controller.runner
            assert runner is not None
            target = runner.timeline.steps[3].start_s + 15
            while runner.elapsed() < target:
                clock.advance(1 / 30)
                app.controller.tick()
            save(app.windows.get("main"), "player")
            app.controller.stop()
            if theme == "light":
                _issue_18(app, clock, save, Path(tmp))
            if app.tray is not None:
                # The tray menu during a session, as it pops up from the panel.
                app.run_command(Command(name="pacer", pattern="resonance", minutes=5))
                _until_pacing(qapp, app)
                app.tray.menu.popup(QPoint(980, 30))
                save(app.tray.menu, "tray-menu")
                app.tray.menu.hide()
                app.controller.stop()
            app.windows.get("pacer").hide()
            app.windows.get("main").hide()
            history = app.windows.get("history")
            app.windows.open("history")
            save(history, "history")
            # Importing another app's table: the preview before anything is added.
            table = Path(tmp) / "from-another-app.csv"
            table.write_text(
                "Date,Duration (minutes),Session name,Notes\n"
                "2026-03-02 07:15,12,Morning body scan,felt my feet again\n"
                "03/03/2026,0:20:00,Loving kindness,\n"
                "14.03.2026 21:05,7 min,Evening sit,\n"
                "2026-02-30,10,A day that never was,\n"
            )
            preview = history.import_from(table)  # type: ignore[attr-defined]
            save(preview, "import-preview")
            preview.reject()
            history.hide()
            settings = app.windows.get("settings")
            settings.show_section("Display")  # type: ignore[attr-defined]
            app.windows.open("settings")
            save(settings, "settings")
            settings.hide()
            app.windows.open("care")
            save(app.windows.get("care"), "care")
            app.windows.get("care").hide()
            checkin = CheckInDialog(app.theme, after=True, prompt="One thing you did today with care?")
            checkin.show()
            checkin.choose(4)
            save(checkin, "check-in")
            checkin.close()
            app.history.close()
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('*.png')))} to {OUT}")


def _issue_18(app: KindlyApp, clock: FakeClock, save: Callable[[object, str], None], tmp: Path) -> None:
    """Silent sitting, a recording in the player, and "Resume from" in the library."""
    from sessions.commands import Command
    from ui.practices import Practice

    # Silent sitting, a few minutes in, between bells.
    app.run_command(Command(name="start", session_id="timer", minutes=20))
    for _ in range(200 * 10):
        clock.advance(0.1)
        app.controller.tick()
    save(app.windows.get("main"), "timer")
    app.controller.stop()
    # A recording of one's own, five minutes in: its slider, and back and forward 15 s.
    app.library.add_recordings([str(_recording(tmp))])
    app.practices.start(Practice("recording", app.library.recordings[0].id))
    app.controller.seek_to(300)
    for _ in range(30):
        clock.advance(0.1)
        app.controller.tick()
    save(app.windows.get("main"), "player-recording")
    app.controller.stop()
    # Back in the library, the recording offers to carry on where it was left.
    main = app.windows.get("main")
    main.show_library()  # type: ignore[attr-defined]
    main.select(app.library.recordings[0].id)  # type: ignore[attr-defined]
    save(main, "resume")


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


def _until_pacing(qapp: QApplication, app: KindlyApp) -> None:
    """Let the event loop run until the pacer asked for from the command has begun (at most 2 s)."""
    deadline = time.monotonic() + 2.0
    while not app.controller.is_active and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.005)


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
