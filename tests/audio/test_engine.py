"""``AudioEngine``: cues by name, volumes, ducking and pausing through ``update()``, and graceful silence."""

from __future__ import annotations

import statistics
import time
from itertools import pairwise
from pathlib import Path

import pytest

from audio.backend import (
    CHANNELS,
    NOTICE_NO_DEVICE,
    AudioBackend,
    AudioError,
    ChannelName,
    Sound,
    SoundFileError,
)
from audio.engine import NOTICE_LOST_DEVICE, AudioEngine
from audio.null_backend import NullBackend, NullEvent
from audio.pygame_backend import PygameBackend
from sessions.clock import FakeClock
from tests.audio.analysis import write_wav


class BrokenDevice(NullBackend):
    """A backend whose device can vanish mid-session: then every call fails, as pygame's would."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.broken = False
        self.closed = False

    def play(self, channel: ChannelName, sound: Sound, *, loops: int = 0, fade_in_ms: int = 0) -> None:
        if self.broken:
            raise OSError("device vanished")
        super().play(channel, sound, loops=loops, fade_in_ms=fade_in_ms)

    def close(self) -> None:
        self.closed = True
        super().close()


class Rig:
    """An engine on a null backend and a fake clock, with a frame tick that moves both."""

    def __init__(self, settings: dict[str, float] | None = None) -> None:
        self.clock = FakeClock(start=0.0)
        self.device = BrokenDevice(self.clock)
        self.engine = AudioEngine.open(settings, lambda: self.device, lambda: NullBackend(self.clock))

    @property
    def backend(self) -> NullBackend:
        backend = self.engine._backend
        assert isinstance(backend, NullBackend)
        return backend

    def paused(self) -> bool:
        """Whether the backend holds its sounds (a method, so each call asks afresh)."""
        return self.backend.paused

    def frames(self, seconds: float, frame_s: float = 0.05) -> list[float]:
        """Tick the engine for ``seconds``; the ambient volume after each tick."""
        levels = []
        for _ in range(round(seconds / frame_s)):
            self.clock.advance(frame_s)
            self.engine.update(self.clock.now())
            levels.append(self.backend.volume("ambient"))
        return levels


@pytest.fixture
def voice(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "voice.wav", 2.0)


def no_device() -> AudioBackend:
    raise AudioError(NOTICE_NO_DEVICE, "no card")


def play_everything(engine: AudioEngine, voice: Path) -> None:
    engine.preload(tone_durations_s=[4.0], ambient=["rain"], voices=[voice])
    engine.play_bell()
    engine.play_tone("in", 4.0)
    engine.play_tone("out", 6.0)
    engine.play_tone("hold", 4.0)
    assert engine.play_voice(voice)
    engine.start_ambient("drone")
    engine.set_volume("ambient", 0.3)
    engine.update(1.0)
    engine.pause()
    engine.update(2.0)
    engine.resume()
    engine.update(3.0)
    engine.stop_ambient()
    engine.stop_all()
    engine.close()


def test_without_a_device_everything_still_works_silently(voice: Path) -> None:
    clock = FakeClock()
    engine = AudioEngine.open(backend_factory=no_device, null_factory=lambda: NullBackend(clock))
    assert engine.available is False
    assert engine.notice == NOTICE_NO_DEVICE
    engine.play_voice(voice)
    assert engine.is_busy("voice"), "the null backend keeps honest time"
    clock.advance(2.01)
    assert not engine.is_busy("voice")
    play_everything(engine, voice)


def test_a_missing_sdl_driver_falls_back_with_the_notice(
    monkeypatch: pytest.MonkeyPatch, voice: Path
) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "nonexistent-driver")
    engine = AudioEngine.open()
    assert engine.available is False
    assert (
        engine.notice == "No sound device was found, so Kindly will guide you with visual cues and captions."
    )
    play_everything(engine, voice)


def test_any_failure_to_start_means_silence_not_a_crash() -> None:
    def broken() -> AudioBackend:
        raise OSError("libSDL2 missing")

    engine = AudioEngine.open(backend_factory=broken)
    assert not engine.available
    assert engine.notice == NOTICE_NO_DEVICE
    engine.play_bell()


def test_with_a_device_there_is_no_notice() -> None:
    rig = Rig()
    assert rig.engine.available
    assert rig.engine.notice is None


def test_the_device_starts_on_first_use_not_before() -> None:
    calls: list[str] = []

    def factory() -> AudioBackend:
        calls.append("opened")
        return NullBackend(FakeClock())

    engine = AudioEngine(backend_factory=factory)
    engine.update(1.0)
    assert calls == []
    engine.play_bell()
    assert engine.available
    assert calls == ["opened"]


def test_a_device_lost_mid_session_goes_silent_without_raising(voice: Path) -> None:
    rig = Rig()
    rig.engine.play_bell()
    rig.device.broken = True
    rig.engine.play_tone("in", 4.0)
    assert rig.engine.available is False
    assert rig.engine.notice == NOTICE_LOST_DEVICE
    assert rig.device.closed
    assert rig.backend is not rig.device
    tone = rig.backend.now_playing("tone")
    assert tone is not None and tone.key.startswith("tone:in:4.00"), "the cue carries on, silently"
    play_everything(rig.engine, voice)


def test_settings_volumes_are_applied_clamped_and_junk_ignored() -> None:
    rig = Rig({"bell": 0.3, "ambient": 7.0, "voice": float("nan"), "bogus": 0.1})
    assert rig.backend.volume("bell") == 0.3
    assert rig.backend.volume("ambient") == 1.0
    assert rig.engine.volume("voice") == 1.0
    rig.engine.set_volume("tone", 0.45)
    assert rig.backend.volume("tone") == 0.45


def test_a_bell_volume_scales_the_bell_channel() -> None:
    rig = Rig({"bell": 0.5})
    rig.engine.play_bell("deep-bowl", volume=0.5)
    assert rig.backend.volume("bell") == 0.25
    bell = rig.backend.now_playing("bell")
    assert bell is not None and bell.key.startswith("bell:deep-bowl@")
    rig.engine.play_bell("no-such-bell")
    assert rig.backend.now_playing("bell") == bell, "an unknown name plays nothing and breaks nothing"


def test_tones_are_shaped_to_the_phase_and_hold_is_a_tick() -> None:
    rig = Rig()
    rig.engine.play_tone("out", 7.0)
    tone = rig.backend.now_playing("tone")
    assert tone is not None and tone.key == "tone:out:7.00@44100"
    assert tone.duration_s == pytest.approx(7.0)
    rig.engine.play_tone("hold", 4.0)
    tick = rig.backend.now_playing("tone")
    assert tick is not None and tick.key.startswith("tick@") and tick.duration_s < 0.1


def test_a_voice_file_that_cannot_be_read_is_skipped(tmp_path: Path) -> None:
    rig = Rig()
    broken = tmp_path / "broken.ogg"
    broken.write_text("not audio")
    assert rig.engine.play_voice(broken) is False
    assert rig.engine.play_voice(tmp_path / "missing.ogg") is False
    assert rig.engine.available, "a bad file is not a lost device"


def test_a_voice_the_backend_cannot_decode_is_skipped(voice: Path) -> None:
    class Picky(NullBackend):
        def play(self, channel: ChannelName, sound: Sound, *, loops: int = 0, fade_in_ms: int = 0) -> None:
            raise SoundFileError("Kindly could not play voice.wav.", "unsupported codec")

    engine = AudioEngine.open(backend_factory=Picky)
    assert engine.play_voice(voice) is False
    assert engine.available


def test_ambient_ducks_under_a_voice_then_comes_back(voice: Path) -> None:
    rig = Rig({"ambient": 0.5})
    rig.engine.start_ambient("rain")
    rig.engine.update(rig.clock.now())
    assert rig.engine.play_voice(voice)
    assert rig.engine.needs_update()
    speaking = rig.frames(1.9)
    assert all(b <= a for a, b in pairwise(speaking))
    assert speaking[-1] == pytest.approx(0.5 * 0.35), "down to 35 % of its own level"
    assert speaking.index(speaking[-1]) <= 6, "ducked within about a quarter of a second"
    after = rig.frames(1.2)
    assert all(b >= a for a, b in pairwise(after))
    assert after[-1] == 0.5
    assert not rig.engine.needs_update(), "idle again: the UI may stop ticking"


def test_pause_fades_out_then_holds_and_resume_restores_cleanly(voice: Path) -> None:
    rig = Rig({"voice": 0.8, "ambient": 0.4})
    rig.engine.start_ambient("drone")
    rig.engine.play_voice(voice)
    rig.engine.update(rig.clock.now())
    rig.frames(0.3)
    before = {c: rig.backend.volume(c) for c in CHANNELS}
    rig.engine.pause(fade_ms=400)
    rig.frames(0.2)
    assert not rig.paused(), "still fading"
    assert rig.backend.volume("voice") == pytest.approx(0.4)
    rig.frames(0.2)
    assert rig.paused() and rig.engine.paused
    assert not rig.engine.needs_update(), "held: the UI may stop ticking"
    assert [rig.backend.volume(c) for c in CHANNELS] == [0.0] * 4
    rig.frames(30)
    assert rig.engine.is_busy("voice"), "the voice waits, mid-sentence"
    rig.engine.resume(fade_ms=250)
    assert not rig.paused()
    rig.frames(0.25 + 0.05)  # the fade runs from the first update after resume: one frame on
    assert {c: rig.backend.volume(c) for c in CHANNELS} == pytest.approx(before)
    actions = [event.action for event in rig.backend.events if event.action in ("play", "stop", "fade_out")]
    assert actions == ["play", "play"], "nothing was stopped or restarted by the pause"


def test_a_resume_fades_in_even_when_nothing_updated_the_engine_while_paused(voice: Path) -> None:
    # The UI stops ticking while paused; the minutes it spent paused must not count as fading in.
    rig = Rig({"voice": 0.8})
    rig.engine.play_voice(voice)
    rig.frames(0.2)
    rig.engine.pause(fade_ms=200)
    rig.frames(0.3)
    assert rig.paused() and not rig.engine.needs_update()
    rig.clock.advance(600.0)  # ten minutes without a single update
    rig.engine.resume(fade_ms=500)
    levels = [rig.backend.volume("voice")]
    for _ in range(10):
        rig.clock.advance(0.05)
        rig.engine.update(rig.clock.now())
        levels.append(rig.backend.volume("voice"))
    assert levels[1] < 0.1, "no jump to full volume on the first frame"
    assert levels == sorted(levels) and levels[-1] == pytest.approx(0.8 * 0.9)
    rig.frames(0.1)
    assert rig.backend.volume("voice") == pytest.approx(0.8)


def test_pause_without_a_fade_holds_at_once() -> None:
    rig = Rig()
    rig.engine.pause(fade_ms=0)
    assert rig.paused()
    rig.engine.resume(fade_ms=0)
    assert not rig.paused()
    assert rig.backend.volume("bell") == 0.8


def test_stop_all_fades_every_channel_or_stops_at_once_when_paused(voice: Path) -> None:
    rig = Rig()
    rig.engine.play_voice(voice)
    rig.engine.stop_all(fade_ms=300)
    assert [e for e in rig.backend.events if e.action == "fade_out"] == [
        NullEvent("fade_out", c) for c in CHANNELS
    ]
    rig.engine.play_voice(voice)
    rig.engine.pause(fade_ms=0)
    rig.engine.stop_all()
    assert not rig.engine.is_busy("voice")
    assert not rig.engine.paused
    assert rig.backend.volume("voice") == 1.0, "ready to play again at full level"


def test_after_close_every_call_is_ignored(voice: Path) -> None:
    rig = Rig()
    rig.engine.close()
    assert rig.device.closed
    rig.engine.play_bell()
    rig.engine.play_voice(voice)
    rig.engine.update(5.0)
    assert not rig.engine.is_busy("voice")
    assert not rig.engine.needs_update()


def test_each_cue_starts_within_two_milliseconds_after_preload() -> None:
    backend = PygameBackend(frequency=44100)
    backend.open()
    engine = AudioEngine.open(backend_factory=lambda: backend)
    try:
        engine.preload(tone_durations_s=[4.0], ambient=["rain"])
        timings: dict[str, list[float]] = {"bell": [], "tone": [], "ambient": []}
        for _ in range(15):
            for cue, play in (
                ("bell", engine.play_bell),
                ("tone", lambda: engine.play_tone("in", 4.0)),
                ("ambient", lambda: engine.start_ambient("rain")),
            ):
                start = time.perf_counter()
                play()
                timings[cue].append(time.perf_counter() - start)
        medians_ms = {cue: 1000 * statistics.median(values) for cue, values in timings.items()}
        assert all(ms < 2.0 for ms in medians_ms.values()), medians_ms
    finally:
        engine.close()


def test_preload_reads_only_the_given_voices_and_decodes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session preloads its own clips' lengths (a tag read each), never the library's audio."""
    from audio.tags import duration_s

    clips = [write_wav(tmp_path / f"clip{i}.wav", 0.5) for i in range(4)]
    read: list[Path] = []

    def spy(path: Path | str) -> float:
        read.append(Path(path))
        return duration_s(path)

    monkeypatch.setattr("audio.engine.duration_s", spy)
    rig = Rig()
    rig.engine.preload(voices=clips[:2])
    assert read == clips[:2]
    assert not [e for e in rig.backend.events if e.channel == "voice"]  # nothing decoded ahead
    assert rig.engine.play_voice(clips[0])
    playing = rig.backend.now_playing("voice")
    assert playing is not None and playing.path == clips[0] and playing.pcm == b""
    assert read == clips[:2]  # its length was read once, when the session was prepared
