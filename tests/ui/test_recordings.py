"""Imported recordings in the app: dropped in, listed with their length, played, logged — or missing."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.commands import Command
from tests.conftest import main_window
from ui.app import KindlyApp
from ui.main_window import MainWindow

DATA = Path(__file__).resolve().parents[1] / "audio" / "data"


def _drop(window: MainWindow, files: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # the window says it takes files
    # Qt delivers a drop only inside a real drag-and-drop loop, so hand the drop to the window.
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys))


def _with_chapters(tmp_path: Path) -> Path:
    """A real recording with an .lrc beside it: two timed captions."""
    audio = tmp_path / "evening.ogg"
    shutil.copy(DATA / "tone.ogg", audio)
    (tmp_path / "evening.lrc").write_text("[00:00.00] Arriving\n[00:00.20] Resting\n")
    return audio


def test_dropped_recordings_are_listed_played_and_logged(
    qtbot: QtBot, kindly: KindlyApp, clock: FakeClock, tmp_path: Path
) -> None:
    kindly.run_command(Command())
    window = main_window(kindly)
    junk = tmp_path / "junk.mp3"
    junk.write_text("not audio")
    _drop(window, [_with_chapters(tmp_path), junk])
    assert any(n.startswith("Added “evening”") for n in kindly.notices.texts)
    assert any(n.startswith("Not added:") and "junk.mp3" in n for n in kindly.notices.texts)
    (playable,) = [p for p in window.playables() if p.kind == "recording"]
    assert playable.title == "evening" and "your recording" in playable.blurb
    window.select(playable.key)
    assert window.length_box.count() == 1 and window.length_box.currentText().startswith("Full length")
    qtbot.mouseClick(window.begin_button, Qt.MouseButton.LeftButton)
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.kind == "recording"
    assert [s.caption for s in runner.timeline.steps] == ["Arriving", "Resting"]
    assert not window.player.skip_button.isEnabled()  # a recording plays straight through
    assert window.player.caption.text() == "Arriving"
    while kindly.controller.is_active:
        clock.advance(0.05)
        kindly.controller.tick()
    (record,) = kindly.history.records()
    assert record.session_id.startswith("recording:") and record.title == "evening" and record.completed


def test_a_recording_whose_file_went_missing_says_so_and_logs_nothing(
    qtbot: QtBot, kindly: KindlyApp, tmp_path: Path
) -> None:
    assert kindly.library.add_recordings([str(_with_chapters(tmp_path))]) == 1
    (recording,) = kindly.library.recordings
    recording.path.unlink()
    kindly.run_command(Command())
    window = main_window(kindly)
    window.select(recording.id)
    qtbot.mouseClick(window.begin_button, Qt.MouseButton.LeftButton)
    assert not kindly.controller.is_active
    assert any("no longer in your library folder" in n for n in kindly.notices.texts)
    assert "no longer in your library folder" in window.notice.text()
    assert kindly.history.records() == []


def test_a_damaged_recordings_index_is_reported_and_kept(kindly: KindlyApp) -> None:
    folder = kindly.paths.recordings
    folder.mkdir(parents=True)
    (folder / "index.json").write_text("{broken")
    kindly.run_command(Command())
    assert [p for p in main_window(kindly).playables() if p.kind == "recording"] == []
    assert any("index.json" in n for n in kindly.notices.texts)
    assert (folder / "index.json").read_text() == "{broken"
