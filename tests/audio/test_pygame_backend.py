"""``PygameBackend`` specifics: starting (or not) the mixer, and the mistakes it refuses."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from audio.backend import NOTICE_NO_DEVICE, AudioError, Sound, SoundFileError
from audio.pygame_backend import PygameBackend
from tests.audio.analysis import sine_pcm
from tests.audio.capture import ROOT


@pytest.fixture
def backend() -> Iterator[PygameBackend]:
    opened = PygameBackend(frequency=32000)
    opened.open()
    yield opened
    opened.close()


def test_no_driver_means_an_audio_error_with_a_friendly_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "nonexistent-driver")
    with pytest.raises(AudioError) as raised:
        PygameBackend().open()
    assert raised.value.short == NOTICE_NO_DEVICE
    assert "nonexistent-driver" in raised.value.detail  # the log says what SDL said
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    working = PygameBackend()  # the failed attempt left nothing half-open behind
    working.open()
    working.close()


def test_only_one_backend_owns_the_mixer(backend: PygameBackend) -> None:
    with pytest.raises(AudioError, match="already in use"):
        PygameBackend().open()


def test_using_it_before_open_is_a_bug_said_plainly() -> None:
    with pytest.raises(RuntimeError, match=r"open\(\)"):
        PygameBackend().is_busy("bell")


def test_pcm_at_another_rate_is_refused(backend: PygameBackend) -> None:
    with pytest.raises(ValueError, match="44100 Hz"):
        backend.play("bell", Sound.from_pcm("beep", sine_pcm(440, 0.1, 44100), 44100))


def test_a_file_it_cannot_decode_is_a_sound_file_error(backend: PygameBackend, tmp_path: Path) -> None:
    fake = tmp_path / "fake.ogg"
    fake.write_text("not audio at all")
    with pytest.raises(SoundFileError, match=r"fake\.ogg"):
        backend.play("voice", Sound.from_file(fake, duration_s=1.0))
    assert not backend.is_busy("voice")


def test_importing_the_audio_package_loads_neither_pygame_nor_qt_nor_mutagen() -> None:
    code = (
        "import sys, audio.engine, audio.pygame_backend, audio.recordings; "
        "print(sorted(m for m in ('pygame', 'PySide6', 'mutagen') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_start_delay_is_half_a_mixer_buffer_and_the_engine_reports_it_once_sound_is_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from audio.engine import AudioEngine

    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    assert PygameBackend(frequency=32000, buffer=512).start_delay_s == pytest.approx(0.008)
    assert PygameBackend().start_delay_s == pytest.approx(1024 / 44100 / 2)  # what the app opens
    engine = AudioEngine()
    assert engine.start_delay_s == 0.0  # no device opened yet, and nothing to wait for
    engine.preload()
    assert engine.start_delay_s == pytest.approx(1024 / 44100 / 2)
    engine.close()
    assert engine.start_delay_s == 0.0


def test_voice_files_stream_one_at_a_time_and_are_never_kept(backend: PygameBackend, tmp_path: Path) -> None:
    """With ~400 clips in the library, memory holds at most the one voice that is speaking."""
    from tests.audio.analysis import write_wav

    clips = [write_wav(tmp_path / f"clip{i}.wav", 0.3, rate_hz=32000) for i in range(3)]
    for clip in clips:
        sound = Sound.from_file(clip, 0.3)
        backend.prepare("voice", sound)  # nothing to prepare: a file is streamed when it plays
        backend.play("voice", sound)
        assert not any(key.startswith("file:") for _, key in backend._cache)
        assert "voice" not in backend._playing
