"""``NullBackend``: makes no sound but keeps honest state, for machines without a sound device and tests."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from audio.backend import CHANNELS, ChannelName, Sound, clamp_volume
from sessions.clock import Clock, MonotonicClock


@dataclass(frozen=True)
class NullEvent:
    """One call the backend received, kept so tests can assert what was played, in order."""

    action: str
    channel: ChannelName
    key: str = ""


class NullBackend:
    """A silent ``AudioBackend``: a sound is busy for its real duration on the injected clock.

    While paused the backend's own time stands still, so sounds resume with the time they had left.
    """

    def __init__(self, clock: Clock | None = None, rate_hz: int = 44100) -> None:
        self._clock = clock if clock is not None else MonotonicClock()
        self._rate_hz = rate_hz
        self._volumes: dict[ChannelName, float] = dict.fromkeys(CHANNELS, 1.0)
        # When each channel's sound ends, on this backend's own (pause-free) time line.
        self._ends_at: dict[ChannelName, float] = {}
        self._sounds: dict[ChannelName, Sound] = {}
        self._paused_at: float | None = None
        # Total time spent paused: the backend's time line is the clock minus this.
        self._paused_total_s = 0.0
        self._closed = False
        #: The last calls received, newest last; bounded so a long silent session cannot grow it.
        self.events: deque[NullEvent] = deque(maxlen=512)

    @property
    def rate_hz(self) -> int:
        return self._rate_hz

    @property
    def start_delay_s(self) -> float:
        return 0.0  # a silent sound "starts" the moment it is played

    def _now(self) -> float:
        moment = self._paused_at if self._paused_at is not None else self._clock.now()
        return moment - self._paused_total_s

    def _record(self, action: str, channel: ChannelName, key: str = "") -> None:
        self.events.append(NullEvent(action, channel, key))

    def prepare(self, channel: ChannelName, sound: Sound) -> None:
        """Nothing to decode: the null backend only needs the sound's duration."""

    def play(self, channel: ChannelName, sound: Sound, *, loops: int = 0, fade_in_ms: int = 0) -> None:
        if self._closed:
            return
        if sound.path is not None and channel != "voice":
            raise ValueError("file sounds play on the voice channel only")
        length_s = math.inf if loops < 0 else sound.duration_s * (loops + 1) - sound.start_s
        self._ends_at[channel] = self._now() + length_s
        self._sounds[channel] = sound
        self._record("play", channel, sound.key)

    def stop(self, channel: ChannelName) -> None:
        if self._closed:
            return
        self._ends_at.pop(channel, None)
        self._sounds.pop(channel, None)
        self._record("stop", channel)

    def fade_out(self, channel: ChannelName, fade_ms: int) -> None:
        if self._closed:
            return
        if fade_ms <= 0:
            self.stop(channel)
            return
        if channel in self._ends_at:
            self._ends_at[channel] = min(self._ends_at[channel], self._now() + fade_ms / 1000)
        self._record("fade_out", channel)

    def set_volume(self, channel: ChannelName, volume: float) -> None:
        if not self._closed:
            self._volumes[channel] = clamp_volume(volume)

    def volume(self, channel: ChannelName) -> float:
        return self._volumes[channel]

    def is_busy(self, channel: ChannelName) -> bool:
        if self._closed:
            return False
        return self._ends_at.get(channel, -math.inf) > self._now()

    def now_playing(self, channel: ChannelName) -> Sound | None:
        """The sound ``channel`` is playing, or None when it is idle."""
        return self._sounds.get(channel) if self.is_busy(channel) else None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if not self._closed and self._paused_at is None:
            self._paused_at = self._clock.now()

    def resume(self) -> None:
        if not self._closed and self._paused_at is not None:
            self._paused_total_s += self._clock.now() - self._paused_at
            self._paused_at = None

    def close(self) -> None:
        self._closed = True
        self._ends_at.clear()
        self._sounds.clear()
