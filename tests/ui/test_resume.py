"""Resume where you left off: a recording paused, Kindly quit and opened again, carries on — one record."""

from __future__ import annotations

import stat
import wave
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from sessions.clock import FakeClock
from sessions.commands import Command
from sessions.erase import planned
from sessions.paths import DataPaths
from sessions.resume_points import ResumePoints
from tests.conftest import advance, dispose, main_window
from ui.app import KindlyApp
from ui.main_window import MainWindow


def _recording(folder: Path, minutes: int = 8) -> Path:
    audio = folder / "evening.wav"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(2000)
        out.writeframes(b"\0\0" * 2000 * 60 * minutes)
    (folder / "evening.lrc").write_text("[00:00.00] Arriving\n[04:00.00] Resting\n[07:00.00] Returning\n")
    return audio


@pytest.fixture
def launch(qapp: QApplication, clock: FakeClock, data: DataPaths) -> Iterator[Callable[[], KindlyApp]]:
    """Opens Kindly on the same data folder as often as a test asks (one at a time)."""
    apps: list[KindlyApp] = []

    def _open() -> KindlyApp:
        app = KindlyApp(
            qapp, data, clock=clock, engine_factory=lambda v: AudioEngine(v, backend_factory=NullBackend)
        )
        apps.append(app)
        app.run_command(Command())
        return app

    yield _open
    for app in apps:
        dispose(app)


def _choose(window: MainWindow, kind: str) -> None:
    (playable,) = [p for p in window.playables() if p.kind == kind]
    window.select(playable.key)


def test_a_recording_paused_at_five_minutes_carries_on_after_a_restart_with_one_honest_record(
    qtbot: QtBot, launch: Callable[[], KindlyApp], clock: FakeClock, data: DataPaths, tmp_path: Path
) -> None:
    first = launch()
    assert first.library.add_recordings([str(_recording(tmp_path))]) == 1
    window = main_window(first)
    _choose(window, "recording")
    assert not window.resume_button.isVisible()
    qtbot.mouseClick(window.begin_button, Qt.MouseButton.LeftButton)
    advance(first.controller, clock, 300.0, step=0.5)
    first.controller.pause()
    clock.advance(120)  # a pause is not practice
    first.quit()  # quitting stops the session: the 5 minutes played are logged
    (record,) = first.history.records()
    assert record.practiced_seconds == pytest.approx(300.0) and not record.completed
    point = ResumePoints(data.resume).get(f"recording:{first.library.recordings[0].id}")
    assert point is not None and point.position_s == 300.0 and point.record_id == record.id
    assert stat.S_IMODE(data.resume.stat().st_mode) == 0o600  # private, like the log
    dispose(first)

    second = launch()
    window = main_window(second)
    window.show()
    _choose(window, "recording")
    assert window.resume_button.isVisible() and window.resume_button.text() == "Resume from 5:00"
    qtbot.mouseClick(window.resume_button, Qt.MouseButton.LeftButton)
    runner = second.controller.runner
    assert runner is not None and runner.elapsed() == pytest.approx(300.0)
    assert window.player.caption.text() == "Resting"  # the caption of 5:00, not of the beginning
    advance(second.controller, clock, 200.0, step=0.5)  # to the end: 3 more minutes
    assert not second.controller.is_active
    (carried,) = second.history.records()  # one record, carried on: 5 + 3 minutes, complete
    assert carried.id == record.id
    assert carried.practiced_seconds == pytest.approx(480.0) and carried.completed
    assert ResumePoints(data.resume).get(point.key) is None  # finished: nothing left to resume
    assert not window.resume_button.isVisible()


def test_a_short_first_sitting_is_not_lost_and_a_changed_file_starts_again(
    qtbot: QtBot, launch: Callable[[], KindlyApp], clock: FakeClock, data: DataPaths, tmp_path: Path
) -> None:
    app = launch()
    app.library.add_recordings([str(_recording(tmp_path))])
    window = main_window(app)
    _choose(window, "recording")
    qtbot.mouseClick(window.begin_button, Qt.MouseButton.LeftButton)
    advance(app.controller, clock, 45.0, step=0.5)
    app.controller.stop()
    assert app.history.records() == []  # 45 s alone is too short to log…
    _choose(window, "recording")
    assert window.resume_button.text() == "Resume from 0:45"
    qtbot.mouseClick(window.resume_button, Qt.MouseButton.LeftButton)
    advance(app.controller, clock, 30.0, step=0.5)
    app.controller.stop()
    (record,) = app.history.records()  # …but with the 30 s after it, 75 s are kept, in one record
    assert record.practiced_seconds == pytest.approx(75.0)
    # The file changes (another length): its place is not offered, and asking for it says why.
    recording = app.library.recordings[0]
    with wave.open(str(recording.path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(2000)
        out.writeframes(b"\0\0" * 2000 * 30)
    window.refresh_resume()
    assert not window.resume_button.isVisible()
    from ui.practices import Practice

    app.practices.start(Practice("recording", recording.id, resume=True))
    assert any("starts from the beginning" in n for n in app.notices.texts)
    runner = app.controller.runner
    assert runner is not None and runner.elapsed() == 0.0


def test_a_place_is_offered_for_a_day_only_and_is_erased_with_everything(
    launch: Callable[[], KindlyApp], clock: FakeClock, data: DataPaths, tmp_path: Path
) -> None:
    app = launch()
    app.library.add_recordings([str(_recording(tmp_path))])
    from ui.practices import Practice, now

    practice = Practice("recording", app.library.recordings[0].id)
    app.practices.start(practice)
    advance(app.controller, clock, 90.0, step=0.5)
    app.controller.stop()
    point = app.practices.resume_offer(practice)
    assert point is not None and point.position_s == 90.0
    points = ResumePoints(data.resume)
    assert points.offer(
        point.key, now() + timedelta(hours=23), length_s=point.length_s, file_size=point.file_size
    )
    assert (
        points.offer(
            point.key, now() + timedelta(hours=25), length_s=point.length_s, file_size=point.file_size
        )
        is None
    )
    assert data.resume in planned(data)  # "Delete all my data" takes it too


def test_a_damaged_resume_file_means_starting_from_the_beginning(data: DataPaths) -> None:
    data.root.mkdir(parents=True)
    data.resume.write_text('[{"key": "recording:x", "position_s": "NaN"}, 3, "junk"]')
    assert ResumePoints(data.resume).get("recording:x") is None
    data.resume.write_text("{not json")
    assert ResumePoints(data.resume).get("recording:x") is None


def test_a_long_guided_practice_carries_on_too_and_a_short_one_is_not_kept(
    launch: Callable[[], KindlyApp], clock: FakeClock, data: DataPaths
) -> None:
    from ui.practices import Practice

    app = launch()
    long = Practice("guided", "body-scan", 10.0)
    assert app.practices.start(long)
    advance(app.controller, clock, 150.0, step=0.5)
    app.controller.stop()
    point = app.practices.resume_offer(long)
    assert point is not None and point.position_s == 150.0 and point.key == "body-scan@10"
    assert app.practices.start(Practice("guided", "body-scan", 10.0, resume=True))
    runner = app.controller.runner
    assert runner is not None and runner.elapsed() == pytest.approx(150.0)
    advance(app.controller, clock, 60.0, step=0.5)
    app.controller.stop()
    (record,) = app.history.records()
    assert record.practiced_seconds == pytest.approx(210.0) and not record.completed
    short = Practice("guided", "body-scan", 5.0)  # five minutes: simply start again next time
    app.practices.start(short)
    advance(app.controller, clock, 100.0, step=0.5)
    app.controller.stop()
    assert app.practices.resume_offer(short) is None


def test_a_pause_keeps_the_place_at_once_so_a_crash_loses_nothing(
    launch: Callable[[], KindlyApp], clock: FakeClock, data: DataPaths, tmp_path: Path
) -> None:
    app = launch()
    app.library.add_recordings([str(_recording(tmp_path))])
    from ui.practices import Practice

    practice = Practice("recording", app.library.recordings[0].id)
    app.practices.start(practice)
    advance(app.controller, clock, 200.0, step=0.5)
    app.controller.pause()
    # The app dies here: nothing more runs, nothing is logged. The place was kept at the pause.
    point = ResumePoints(data.resume).get(f"recording:{practice.key}")
    assert point is not None and point.position_s == 200.0 and point.unlogged_s == pytest.approx(200.0)
    assert point.record_id is None and app.history.records() == []
    # As if the process had gone: the end of that sitting is never recorded.
    app.controller.session_finished.disconnect(app.practices._on_finished)
    app.controller.stop()
    app.controller.session_finished.connect(app.practices._on_finished)
    assert app.history.records() == []
    assert app.practices.start(Practice("recording", practice.key, resume=True))
    advance(app.controller, clock, 100.0, step=0.5)
    app.controller.stop()
    (record,) = app.history.records()  # one record: 200 s before the crash, 100 s after
    assert record.practiced_seconds == pytest.approx(300.0)
