"""``NullBackend`` specifics: exact timing on the injected clock, and the record of what it was asked."""

from __future__ import annotations

from audio.backend import Sound
from audio.null_backend import NullBackend, NullEvent
from sessions.clock import FakeClock


def beep(duration_s: float, rate_hz: int = 1000) -> Sound:
    return Sound.from_pcm(f"beep:{duration_s}", bytes(4 * round(duration_s * rate_hz)), rate_hz)


def test_busy_exactly_for_the_duration_on_the_injected_clock() -> None:
    clock = FakeClock()
    backend = NullBackend(clock)
    backend.play("bell", beep(2.0))
    clock.advance(1.999)
    assert backend.is_busy("bell")
    clock.advance(0.002)
    assert not backend.is_busy("bell")


def test_time_paused_does_not_count() -> None:
    clock = FakeClock()
    backend = NullBackend(clock)
    backend.play("voice", beep(1.0))
    clock.advance(0.4)
    backend.pause()
    clock.advance(60)
    backend.resume()
    clock.advance(0.59)
    assert backend.is_busy("voice")
    clock.advance(0.02)
    assert not backend.is_busy("voice")


def test_a_fade_out_shortens_a_sound_to_the_fade() -> None:
    clock = FakeClock()
    backend = NullBackend(clock)
    backend.play("ambient", beep(1.0), loops=-1)
    backend.fade_out("ambient", 250)
    clock.advance(0.249)
    assert backend.now_playing("ambient") == beep(1.0)
    clock.advance(0.002)
    assert backend.now_playing("ambient") is None


def test_every_call_is_recorded_in_order() -> None:
    backend = NullBackend(FakeClock())
    backend.play("bell", beep(1.0))
    backend.fade_out("bell", 100)
    backend.stop("tone")
    assert list(backend.events) == [
        NullEvent("play", "bell", "beep:1.0"),
        NullEvent("fade_out", "bell"),
        NullEvent("stop", "tone"),
    ]
