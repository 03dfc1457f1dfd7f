"""The ``AudioBackend`` contract, run unchanged on ``NullBackend`` and ``PygameBackend`` (dummy driver)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from audio.backend import CHANNELS, Sound
from tests.audio.conftest import Harness


def test_volumes_start_full_and_are_remembered_per_channel(harness: Harness) -> None:
    backend = harness.backend
    assert [backend.volume(c) for c in CHANNELS] == [1.0, 1.0, 1.0, 1.0]
    backend.set_volume("ambient", 0.25)
    backend.set_volume("bell", 0.8)
    assert backend.volume("ambient") == 0.25
    assert backend.volume("bell") == 0.8
    assert backend.volume("voice") == 1.0


def test_volumes_are_clamped_and_nan_is_refused(harness: Harness) -> None:
    backend = harness.backend
    backend.set_volume("tone", 1.7)
    assert backend.volume("tone") == 1.0
    backend.set_volume("tone", -0.3)
    assert backend.volume("tone") == 0.0
    with pytest.raises(ValueError, match="NaN"):
        backend.set_volume("tone", math.nan)


def test_a_sound_is_busy_for_its_duration(harness: Harness) -> None:
    harness.backend.play("bell", harness.sound(0.1))
    assert harness.backend.is_busy("bell")
    harness.wait(0.3)
    assert not harness.backend.is_busy("bell")


def test_loops_repeat_the_sound(harness: Harness) -> None:
    harness.backend.play("tone", harness.sound(0.1), loops=2)  # three plays in all
    harness.wait(0.2)
    assert harness.backend.is_busy("tone")
    harness.wait(0.3)
    assert not harness.backend.is_busy("tone")


def test_an_endless_loop_plays_until_stopped(harness: Harness) -> None:
    harness.backend.play("ambient", harness.sound(0.05), loops=-1)
    harness.wait(0.3)
    assert harness.backend.is_busy("ambient")
    harness.backend.stop("ambient")
    assert not harness.backend.is_busy("ambient")


def test_a_new_sound_replaces_the_old_one_on_its_channel(harness: Harness) -> None:
    harness.backend.play("voice", harness.sound(5.0, "long"))
    harness.backend.play("voice", harness.sound(0.1, "short"))
    harness.wait(0.3)
    assert not harness.backend.is_busy("voice")


def test_channels_are_independent(harness: Harness) -> None:
    harness.backend.play("bell", harness.sound(2.0))
    harness.backend.play("tone", harness.sound(2.0))
    harness.backend.stop("bell")
    assert not harness.backend.is_busy("bell")
    assert harness.backend.is_busy("tone")


def test_fade_out_ends_the_sound_after_the_fade_and_keeps_the_volume(harness: Harness) -> None:
    backend = harness.backend
    backend.set_volume("ambient", 0.7)
    backend.play("ambient", harness.sound(0.05), loops=-1, fade_in_ms=50)
    backend.fade_out("ambient", 150)
    assert backend.is_busy("ambient")
    harness.wait(0.4)
    assert not backend.is_busy("ambient")
    assert backend.volume("ambient") == 0.7


def test_fade_out_of_zero_stops_at_once(harness: Harness) -> None:
    harness.backend.play("bell", harness.sound(2.0))
    harness.backend.fade_out("bell", 0)
    assert not harness.backend.is_busy("bell")


def test_stopping_or_fading_an_idle_channel_does_nothing(harness: Harness) -> None:
    harness.backend.stop("voice")
    harness.backend.fade_out("voice", 200)
    assert not any(harness.backend.is_busy(c) for c in CHANNELS)


def test_pause_holds_every_sound_and_resume_carries_on(harness: Harness) -> None:
    backend = harness.backend
    backend.play("bell", harness.sound(0.2))
    backend.pause()
    backend.pause()  # twice is the same as once
    harness.wait(0.5)
    assert backend.is_busy("bell"), "a paused sound is still there, waiting"
    backend.resume()
    assert backend.is_busy("bell")
    harness.wait(0.45)
    assert not backend.is_busy("bell")


def test_a_sound_started_while_paused_waits_for_resume(harness: Harness) -> None:
    backend = harness.backend
    backend.pause()
    backend.play("tone", harness.sound(0.1))
    harness.wait(0.3)
    assert backend.is_busy("tone"), "it must not have played during the pause"
    backend.resume()
    harness.wait(0.3)
    assert not backend.is_busy("tone")


def test_resume_without_pause_does_nothing(harness: Harness) -> None:
    harness.backend.resume()
    harness.backend.play("bell", harness.sound(0.1))
    harness.wait(0.3)
    assert not harness.backend.is_busy("bell")


def test_a_file_plays_on_the_voice_channel_only(harness: Harness, recording: dict[str, Path]) -> None:
    voice = Sound.from_file(recording["ogg"], duration_s=0.5)
    with pytest.raises(ValueError, match="voice channel"):
        harness.backend.play("bell", voice)
    harness.backend.play("voice", voice)
    assert harness.backend.is_busy("voice")
    harness.wait(0.9)
    assert not harness.backend.is_busy("voice")


def test_a_file_voice_pauses_with_everything_else(harness: Harness, recording: dict[str, Path]) -> None:
    backend = harness.backend
    backend.play("voice", Sound.from_file(recording["wav"], duration_s=0.25))
    backend.pause()
    harness.wait(0.5)
    assert backend.is_busy("voice")
    backend.resume()
    harness.wait(0.6)
    assert not backend.is_busy("voice")


def test_a_pcm_sound_on_voice_replaces_a_playing_file(harness: Harness, recording: dict[str, Path]) -> None:
    harness.backend.play("voice", Sound.from_file(recording["ogg"], duration_s=0.5))
    harness.backend.play("voice", harness.sound(0.05))
    harness.wait(0.25)
    assert not harness.backend.is_busy("voice")


def test_close_silences_and_later_calls_are_ignored(harness: Harness) -> None:
    backend = harness.backend
    backend.play("ambient", harness.sound(0.05), loops=-1)
    backend.close()
    assert not backend.is_busy("ambient")
    backend.play("bell", harness.sound(1.0))
    backend.set_volume("bell", 0.5)
    backend.pause()
    backend.resume()
    assert not backend.is_busy("bell")
    backend.close()
