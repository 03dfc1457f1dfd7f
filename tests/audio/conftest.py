"""Fixtures for the audio tests: silent SDL by default, tiny real recordings, backends to contract-test."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from audio.backend import AudioBackend, Sound
from audio.null_backend import NullBackend
from audio.pygame_backend import PygameBackend
from sessions.clock import FakeClock
from tests.audio.analysis import sine_pcm

DATA = Path(__file__).parent / "data"
FORMATS = ("mp3", "ogg", "flac", "wav", "opus")
RATE_HZ = 32000


@pytest.fixture(autouse=True)
def silent_sdl(monkeypatch: pytest.MonkeyPatch) -> None:
    """SDL's dummy driver unless a test says otherwise: the real mixer runs, nothing is heard."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")


@pytest.fixture
def recording(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """A private copy of each tiny real recording (``tone.mp3`` …), free to tag, cut or break."""
    copies = {}
    for fmt in FORMATS:
        copies[fmt] = tmp_path / f"tone.{fmt}"
        shutil.copyfile(DATA / f"tone.{fmt}", copies[fmt])
    yield copies


@dataclass
class Harness:
    """A backend under contract test and a way to let time pass for it."""

    backend: AudioBackend
    clock: FakeClock | None

    def wait(self, seconds: float) -> None:
        """Let ``seconds`` pass: on the fake clock at once, or for real for the real mixer."""
        if self.clock is not None:
            self.clock.advance(seconds)
        else:
            time.sleep(seconds)

    def sound(self, duration_s: float, name: str = "beep") -> Sound:
        rate = self.backend.rate_hz
        return Sound.from_pcm(f"{name}:{duration_s}", sine_pcm(660, duration_s, rate, 0.3), rate)


@pytest.fixture(params=["null", "pygame"])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """Each backend in turn: the contract suite runs unchanged against both (STYLE 3)."""
    if request.param == "null":
        clock = FakeClock()
        yield Harness(NullBackend(clock, rate_hz=RATE_HZ), clock)
        return
    backend = PygameBackend(frequency=RATE_HZ)
    backend.open()
    try:
        yield Harness(backend, None)
    finally:
        backend.close()
