"""Small signal tools for the audio tests and bench: sines in, levels, pitch and onsets out (no numpy)."""

from __future__ import annotations

import math
import wave
from array import array
from collections.abc import Sequence
from pathlib import Path

BUFFER_FRAMES = 512
CAPTURE_RATE_HZ = 32000


def sine_pcm(freq_hz: float, duration_s: float, rate_hz: int, amplitude: float = 0.5) -> bytes:
    """A plain sine as s16 stereo PCM."""
    count = round(duration_s * rate_hz)
    step = 2 * math.pi * freq_hz / rate_hz
    mono = array("h", (round(amplitude * 32767 * math.sin(step * i)) for i in range(count)))
    frames = array("h", bytes(4 * count))
    frames[0::2] = mono
    frames[1::2] = mono
    return frames.tobytes()


def left_channel(pcm: bytes) -> array[int]:
    """The left samples of s16 stereo PCM."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 4])
    return samples[0::2]


def read_capture(path: Path) -> array[int]:
    """The left channel of a raw s16 stereo capture from SDL's disk driver."""
    return left_channel(path.read_bytes())


def rms(samples: Sequence[int] | Sequence[float]) -> float:
    if not samples:
        return 0.0
    return math.sqrt(math.fsum(float(s) * s for s in samples) / len(samples))


def window_rms(samples: Sequence[int], start: int, stop: int, width: int = BUFFER_FRAMES) -> list[float]:
    """RMS of consecutive ``width``-sample windows from ``start`` (aligned to it) up to ``stop``."""
    return [rms(samples[i : i + width]) for i in range(start, stop - width + 1, width)]


def pitch_hz(samples: Sequence[int] | Sequence[float], rate_hz: int) -> float:
    """The dominant pitch by counting upward crossings with hysteresis, so faint noise adds none."""
    peak = max((abs(s) for s in samples), default=0)
    if not peak:
        return 0.0
    high, low = 0.3 * peak, -0.3 * peak
    crossings: list[int] = []
    armed = False
    for i, s in enumerate(samples):
        if s < low:
            armed = True
        elif armed and s > high:
            crossings.append(i)
            armed = False
    if len(crossings) < 2:
        return 0.0
    return (len(crossings) - 1) * rate_hz / (crossings[-1] - crossings[0])


def onset(samples: Sequence[int], start: int, threshold: int = 200) -> int | None:
    """The first index at or after ``start`` whose magnitude exceeds ``threshold``."""
    for i in range(max(0, start), len(samples)):
        if abs(samples[i]) > threshold:
            return i
    return None


def fit_line(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares slope and intercept of y over x."""
    count = len(points)
    mean_x = math.fsum(x for x, _ in points) / count
    mean_y = math.fsum(y for _, y in points) / count
    spread = math.fsum((x - mean_x) ** 2 for x, _ in points)
    slope = math.fsum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope, mean_y - slope * mean_x


def goertzel_power(samples: Sequence[int] | Sequence[float], freq_hz: float, rate_hz: int) -> float:
    """Power of one frequency in ``samples`` (a single DFT bin), normalised by length."""
    coefficient = 2 * math.cos(2 * math.pi * freq_hz / rate_hz)
    previous = before = 0.0
    for s in samples:
        previous, before = s + coefficient * previous - before, previous
    return (previous**2 + before**2 - coefficient * previous * before) / len(samples) ** 2


def write_wav(path: Path, duration_s: float, rate_hz: int = 8000, channels: int = 1) -> Path:
    """A silent 16-bit WAV file of ``duration_s``."""
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate_hz)
        writer.writeframes(bytes(2 * channels * round(duration_s * rate_hz)))
    return path
