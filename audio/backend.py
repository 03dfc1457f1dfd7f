"""The audio backend contract: channel names, the ``Sound`` value, ``AudioBackend`` and ``AudioError``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

ChannelName = Literal["voice", "bell", "tone", "ambient"]

#: Every channel, in a fixed order (the pygame backend maps them to mixer channels 0..3).
CHANNELS: tuple[ChannelName, ...] = ("voice", "bell", "tone", "ambient")

#: What the UI says, once, when there is no sound device to be had.
NOTICE_NO_DEVICE = "No sound device was found, so Kindly will guide you with visual cues and captions."

#: Bytes per frame of raw PCM: signed 16-bit samples, two channels (left, right interleaved).
FRAME_BYTES = 4


class AudioError(Exception):
    """Sound cannot be made. ``short`` is one friendly sentence for the UI; ``detail`` is for logs."""

    def __init__(self, short: str, detail: str = "") -> None:
        super().__init__(short)
        self.short = short
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.short} ({self.detail})" if self.detail else self.short


class SoundFileError(AudioError):
    """A sound file the backend cannot decode. The device itself is fine, so playback carries on."""


@dataclass(frozen=True)
class Sound:
    """Something to play: raw PCM (s16 stereo at ``rate_hz``) or an audio file on disk.

    ``key`` names the content (``"bell:bowl@44100"``, a file path): backends cache what they decode
    under it, so two sounds with the same key must hold the same audio.
    """

    key: str
    duration_s: float
    pcm: bytes = field(default=b"", repr=False)
    rate_hz: int = 0
    path: Path | None = None
    start_s: float = 0.0
    """A file sound only: where in the file to begin (a seek), in seconds."""

    def __post_init__(self) -> None:
        if not math.isfinite(self.duration_s) or self.duration_s < 0:
            raise ValueError(f"sound {self.key!r}: duration_s must be a finite number >= 0")
        if not (math.isfinite(self.start_s) and 0.0 <= self.start_s <= self.duration_s):
            raise ValueError(f"sound {self.key!r}: start_s must be within the sound")
        if self.start_s and self.path is None:
            raise ValueError(f"sound {self.key!r}: only a file sound can start part-way")
        if self.path is None:
            if self.rate_hz <= 0:
                raise ValueError(f"sound {self.key!r}: PCM needs a positive rate_hz")
            if len(self.pcm) % FRAME_BYTES:
                raise ValueError(f"sound {self.key!r}: PCM must be whole s16 stereo frames")
        elif self.pcm:
            raise ValueError(f"sound {self.key!r}: give PCM or a path, not both")

    @classmethod
    def from_pcm(cls, key: str, pcm: bytes, rate_hz: int) -> Sound:
        """A sound from raw s16 stereo PCM; its duration follows from the byte count."""
        frames = len(pcm) // FRAME_BYTES
        return cls(key=key, duration_s=frames / rate_hz if rate_hz > 0 else 0.0, pcm=pcm, rate_hz=rate_hz)

    @classmethod
    def from_file(cls, path: Path, duration_s: float, start_s: float = 0.0) -> Sound:
        """A sound decoded from ``path`` by the backend; ``duration_s`` is its known length.

        ``start_s`` begins it part-way (clamped to the file): pygame's music stream seeks to it.
        """
        start = min(max(0.0, start_s), duration_s) if math.isfinite(start_s) else 0.0
        return cls(key=f"file:{path}", duration_s=duration_s, path=path, start_s=start)


class AudioBackend(Protocol):
    """Plays sounds on four named channels. Each channel plays one sound at a time.

    Promises every backend keeps (``tests/audio/test_backend_contract.py`` checks them):

    - Nothing calls back: a backend never runs code of ours from its own threads, so it is safe to
      drive from the Qt main thread alone.
    - Volumes are per channel, 0..1, remembered as given (clamped), and survive plays and fades.
    - After ``pause()`` nothing is heard until ``resume()``, including sounds started meanwhile.
    - After ``close()`` every call is ignored and nothing is busy; ``close()`` may be called twice.
    """

    @property
    def rate_hz(self) -> int:
        """The sample rate PCM sounds must be made at."""
        ...

    @property
    def start_delay_s(self) -> float:
        """How long after ``play`` a sound is heard, on average: the mixer starts it on its next buffer.

        Whoever knows a sound's due time ahead calls ``play`` this much earlier, so it starts on time
        on average rather than half a buffer late.
        """
        ...

    def prepare(self, channel: ChannelName, sound: Sound) -> None:
        """Convert ``sound`` now so a later ``play`` of it on ``channel`` is quick. Optional work."""
        ...

    def play(self, channel: ChannelName, sound: Sound, *, loops: int = 0, fade_in_ms: int = 0) -> None:
        """Start ``sound`` on ``channel`` at once, replacing what it played.

        ``loops`` is how many extra times to repeat it (-1: until stopped); ``fade_in_ms`` ramps it up
        from silence. A file sound may only be played on the voice channel; one the backend cannot
        decode raises ``SoundFileError``.
        """
        ...

    def stop(self, channel: ChannelName) -> None:
        """Silence ``channel`` at once. Stopping an idle channel does nothing."""
        ...

    def fade_out(self, channel: ChannelName, fade_ms: int) -> None:
        """Fade what ``channel`` plays to silence over ``fade_ms``, then stop it; volume is unchanged."""
        ...

    def set_volume(self, channel: ChannelName, volume: float) -> None:
        """Set ``channel``'s volume, 0..1 (clamped), for what plays now and later."""
        ...

    def volume(self, channel: ChannelName) -> float:
        """The volume last set on ``channel`` (1.0 if never set)."""
        ...

    def is_busy(self, channel: ChannelName) -> bool:
        """True while ``channel`` has a sound that has not finished, paused or not."""
        ...

    def pause(self) -> None:
        """Hold every channel where it is. Pausing twice is the same as once."""
        ...

    def resume(self) -> None:
        """Carry on from where ``pause()`` held. Resuming when not paused does nothing."""
        ...

    def close(self) -> None:
        """Release the device. Every later call is ignored."""
        ...


def clamp_volume(volume: float) -> float:
    """``volume`` limited to 0..1; NaN is a caller's bug, so it is refused rather than guessed."""
    if math.isnan(volume):
        raise ValueError("volume must be a number between 0 and 1, not NaN")
    return min(1.0, max(0.0, volume))
