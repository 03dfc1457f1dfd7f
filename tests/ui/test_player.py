"""The guided player in the main window, on a fake clock: captions, skip, pause, stop, the log."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.commands import Command
from tests.conftest import activate, advance, main_window
from ui.app import KindlyApp
from ui.practices import Practice


def test_a_guided_session_shows_its_words_and_logs_itself(
    qtbot: QtBot, kindly: KindlyApp, clock: FakeClock
) -> None:
    kindly.run_command(Command(name="start", session_id="self-compassion-break", minutes=3))
    window = main_window(kindly)
    player = window.player
    assert window.isVisible() and window.pages.currentWidget() is player
    activate(qtbot, window)  # the keys are window shortcuts: they reach the active window
    assert player.caption.text().startswith("Welcome. You might find a comfortable position")
    assert player.title.text() == "SELF-COMPASSION BREAK"
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.total_s == 180.0
    second = runner.timeline.steps[1]
    advance(kindly.controller, clock, second.start_s + 1, step=0.5)
    assert player.caption.text() == second.caption
    assert player.time_left.text().endswith(" left")
    # Right arrow: on to the next part.
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert player.caption.text() == runner.timeline.steps[2].caption
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert kindly.controller.is_paused and player.pause_button.text() == "Continue"
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert kindly.controller.is_running
    advance(kindly.controller, clock, 200, step=0.5)
    assert not kindly.controller.is_active
    assert player.caption.text() == "Thank you for giving yourself this time."
    assert player.back_button.isVisible()
    (record,) = kindly.history.records()
    assert record.session_id == "self-compassion-break" and record.kind == "self-compassion-break"
    assert record.completed and record.planned_seconds == 180.0
    qtbot.mouseClick(player.back_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == 0


def test_esc_stops_and_a_short_session_is_not_logged(
    qtbot: QtBot, kindly: KindlyApp, clock: FakeClock
) -> None:
    kindly.run_command(Command(name="start", session_id="loving-kindness", minutes=5))
    activate(qtbot, main_window(kindly))
    advance(kindly.controller, clock, 20, step=0.5)
    qtbot.keyClick(main_window(kindly), Qt.Key.Key_Escape)
    assert not kindly.controller.is_active
    assert kindly.history.records() == []
    qtbot.keyClick(main_window(kindly), Qt.Key.Key_Escape)  # Esc again: back to the library
    assert main_window(kindly).pages.currentIndex() == 0


def test_breathing_of_three_minutes_or_more_is_guided(kindly: KindlyApp) -> None:
    kindly.run_command(Command(name="start", session_id="breathing", pattern="box", minutes=3))
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.session_id == "breathing"
    assert runner.timeline.steps[0].voice is not None
    assert runner.timeline.pattern_id == "box"
    assert main_window(kindly).pages.currentWidget() is main_window(kindly).player


def test_a_broken_user_script_is_listed_and_cannot_start(qtbot: QtBot, kindly: KindlyApp) -> None:
    folder = kindly.paths.user_sessions
    folder.mkdir(parents=True)
    (folder / "oops.toml").write_text('id = "oops"\ntitle = "Oops"\nkind = "nap"\nlengths = [3]\n')
    kindly.run_command(Command())
    window = main_window(kindly)
    (broken,) = [p for p in window.playables() if p.problem]
    assert broken.title == "oops.toml" and "nap" in broken.problem
    window.select(broken.key)
    assert not window.begin_button.isEnabled()
    qtbot.keyClick(window.library, Qt.Key.Key_Return)
    assert not kindly.controller.is_active


def test_a_user_script_plays(qtbot: QtBot, kindly: KindlyApp, clock: FakeClock, tmp_path: Path) -> None:
    folder = kindly.paths.user_sessions
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        'id = "mine"\ntitle = "My pause"\nkind = "custom"\nlengths = [1]\n'
        '[[steps]]\ntext = "Here you are."\nvoice = false\nsilence = 5\npattern = "4-6"\n'
    )
    kindly.run_command(Command())
    window = main_window(kindly)
    window.select("mine")
    qtbot.mouseClick(window.begin_button, Qt.MouseButton.LeftButton)
    assert window.player.caption.text() == "Here you are."
    advance(kindly.controller, clock, 61, step=0.5)
    (record,) = kindly.history.records()
    assert record.title == "My pause" and record.pattern == "4-6"


def test_an_impossible_length_is_a_notice_not_a_crash(kindly: KindlyApp) -> None:
    kindly.run_command(Command(name="start", session_id="body-scan", minutes=0.5))
    assert not kindly.controller.is_active
    assert any("can't be played" in n for n in kindly.notices.texts)


@pytest.mark.parametrize("session_id", ["self-compassion-break", "loving-kindness", "body-scan", "breathing"])
def test_every_builtin_starts(kindly: KindlyApp, session_id: str) -> None:
    assert kindly.practices.start(Practice("guided", session_id, 5))
    assert kindly.controller.is_running


def test_the_voice_volume_applies_at_once_and_is_remembered(qtbot: QtBot, kindly: KindlyApp) -> None:
    kindly.run_command(Command(name="start", session_id="self-compassion-break", minutes=3))
    player = main_window(kindly).player
    assert player.volume.value() == 100
    player.volume.setFocus()
    for _ in range(3):
        qtbot.keyClick(player.volume, Qt.Key.Key_PageDown)
    assert kindly.practices.sound is not None
    assert kindly.practices.sound.engine.volume("voice") == pytest.approx(0.7)
    assert kindly.settings.voice_volume == pytest.approx(0.7)
    assert '"voice_volume": 0.7' in kindly.paths.settings.read_text()


def test_a_practice_s_care_note_shows_while_it_plays_and_kindness_stings_is_one_click_away(
    qtbot: QtBot, kindly: KindlyApp
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.care import KINDNESS_STINGS_TEXT

    folder = kindly.paths.user_sessions
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "noted.toml").write_text(
        'id = "noted"\ntitle = "Noted"\nkind = "custom"\ndescription = "A test."\nlengths = [1]\n'
        'care_note = "If this brings up distress, you can open your eyes or stop."\n'
        '[[steps]]\ntext = "Hello, and welcome."\nvoice = false\nsilence = 5\nstretch = 1\n'
    )
    kindly.library.reload()
    assert kindly.practices.start(Practice("guided", "noted", 1))
    player = main_window(kindly).player
    assert player.care_note.isVisibleTo(main_window(kindly))
    assert player.care_note.text().startswith("If this brings up distress")
    box = player.show_kindness_stings()
    assert isinstance(box, QMessageBox) and box.text() == KINDNESS_STINGS_TEXT and box.isVisible()
    box.close()
    kindly.controller.stop()
    assert kindly.practices.start(Practice("guided", "self-compassion-break", 3))
    assert (player.care_note.text() == "") != player.care_note.isVisibleTo(main_window(kindly))


def _long_recording(tmp_path: Path, minutes: int = 10) -> Path:
    """A real (silent) WAV of ``minutes`` with an .lrc of three timed captions beside it."""
    import wave

    audio = tmp_path / "evening.wav"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(2000)
        out.writeframes(b"\0\0" * 2000 * 60 * minutes)
    (tmp_path / "evening.lrc").write_text("[00:00.00] Arriving\n[01:00.00] Resting\n[05:00.00] Returning\n")
    return audio


def _start_recording(kindly: KindlyApp, tmp_path: Path) -> str:
    kindly.run_command(Command())
    library = kindly.library
    assert library.add_recordings([str(_long_recording(tmp_path))]) == 1
    (recording,) = library.recordings
    assert kindly.practices.start(Practice("recording", recording.id))
    return recording.id


def test_seek_buttons_and_keys_move_a_recording_and_its_captions_follow(
    qtbot: QtBot, kindly: KindlyApp, clock: FakeClock, tmp_path: Path
) -> None:
    _start_recording(kindly, tmp_path)
    window = main_window(kindly)
    player = window.player
    activate(qtbot, window)
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.total_s == 600.0
    assert player.seek_back_button.isVisible() and player.seek_forward_button.isVisible()
    assert player.position.isVisible() and player.position.maximum() == 600
    assert player.length_label.text() == "10:00"
    advance(kindly.controller, clock, 50.2, step=0.5)
    qtbot.mouseClick(player.seek_forward_button, Qt.MouseButton.LeftButton)
    assert runner.elapsed() == pytest.approx(65.0)  # 50.2 + 15, in whole seconds
    assert player.caption.text() == "Resting"  # the caption at the new place, at once
    assert player.position.value() == 65 and player.position_label.text() == "1:05"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert runner.elapsed() == pytest.approx(50.0) and player.caption.text() == "Arriving"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert runner.elapsed() == pytest.approx(65.0)
    # The slider: moved by keys, it seeks at once; the caption and time left follow.
    player.position.setValue(301)
    assert runner.elapsed() == pytest.approx(301.0) and player.caption.text() == "Returning"
    assert player.time_left.text() == "4:59 left"
    # Paused, a seek moves the place and the caption, and the session stays paused.
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert kindly.controller.is_paused and runner.elapsed() == pytest.approx(286.0)
    assert player.caption.text() == "Resting"
    clock.advance(1000)  # a long pause is not practice and moves nothing
    qtbot.keyClick(window, Qt.Key.Key_Space)
    advance(kindly.controller, clock, 20, step=0.5)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    (record,) = kindly.history.records()
    # Played: 50.2 s, then 0:50→1:05 again (15 s), then 20 s: what was heard, never what was jumped.
    assert record.practiced_seconds == pytest.approx(50.2 + 20.0, abs=0.01)
    assert not record.completed


def test_seeking_a_recording_to_its_end_finishes_it_with_only_the_time_heard(
    qtbot: QtBot, kindly: KindlyApp, clock: FakeClock, tmp_path: Path
) -> None:
    _start_recording(kindly, tmp_path)
    player = main_window(kindly).player
    advance(kindly.controller, clock, 90, step=0.5)
    player.position.setValue(600)
    assert not kindly.controller.is_active
    (record,) = kindly.history.records()
    assert record.completed and record.practiced_seconds == pytest.approx(90.0, abs=0.01)


def test_a_guided_practice_seeks_and_the_words_pick_up_where_it_lands(
    qtbot: QtBot, kindly: KindlyApp, clock: FakeClock
) -> None:
    kindly.run_command(Command(name="start", session_id="self-compassion-break", minutes=3))
    window = main_window(kindly)
    player = window.player
    activate(qtbot, window)
    assert player.seek_forward_button.isVisible() and not player.position.isVisible()
    runner = kindly.controller.runner
    assert runner is not None
    second = runner.timeline.steps[1]
    assert second.voice is not None
    advance(kindly.controller, clock, second.voice_start_s - 10.0, step=0.5)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    at = runner.elapsed()
    assert at == pytest.approx(round(second.voice_start_s + 5.0))
    assert player.caption.text() == second.caption
    sound = kindly.practices.sound
    assert sound is not None
    playing = sound.engine._backend.now_playing("voice")  # type: ignore[union-attr]
    assert playing is not None and playing.path == Path(second.voice)
    assert playing.start_s == pytest.approx(at - second.voice_start_s, abs=0.05)


def test_the_pacer_and_the_timer_do_not_seek(qtbot: QtBot, kindly: KindlyApp, clock: FakeClock) -> None:
    kindly.run_command(Command(name="start", session_id="timer", minutes=3))
    window = main_window(kindly)
    activate(qtbot, window)
    advance(kindly.controller, clock, 20, step=0.5)
    assert not window.player.seek_forward_button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    runner = kindly.controller.runner
    assert runner is not None and runner.elapsed() == pytest.approx(20.0)
