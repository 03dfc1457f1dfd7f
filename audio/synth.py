"""Bells, breath tones and ambient beds made in code: pure, cached functions returning s16 stereo PCM."""

from __future__ import annotations

import cmath
import math
import random
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, repeat
from operator import add, attrgetter, mul, sub
from typing import Literal

BreathKind = Literal["in", "out"]

FULL_SCALE = 32767
_IMAG = attrgetter("imag")
_REAL = attrgetter("real")


@dataclass(frozen=True)
class BellSpec:
    """A singing bowl: long-ringing partials sharing one decay, and brighter overtones that die fast.

    Frequencies are whole hertz, so one second of the ringing part holds whole cycles of every
    partial; each later second is then the first one scaled by the decay (see ``bell_pcm``).
    """

    length_s: float
    decay_s: float
    #: (frequency Hz, amplitude) of the ringing partials; two close ones beat slowly.
    partials: tuple[tuple[int, float], ...]
    #: (frequency Hz, amplitude, decay s) of overtones that fade within the first second.
    overtones: tuple[tuple[int, float, float], ...]

    def __post_init__(self) -> None:
        # The first second (strike) and the last (release) are built apart from the scaled copies.
        if self.length_s < 2.0:
            raise ValueError("a bell rings for at least 2 seconds")


def _bowl(f0_hz: float, length_s: float, decay_s: float, beat_hz: int) -> BellSpec:
    # Ratios 1, 2.76, 5.4, 8.9: the inharmonic modes of a bowl (a free-edge plate, not a string).
    f0 = round(f0_hz)
    return BellSpec(
        length_s=length_s,
        decay_s=decay_s,
        partials=((f0, 0.55), (f0 + beat_hz, 0.3), (round(f0 * 2.76), 0.3)),
        overtones=((round(f0 * 5.4), 0.12, 0.35), (round(f0 * 8.9), 0.05, 0.2)),
    )


BELLS: dict[str, BellSpec] = {
    "bowl": _bowl(220, length_s=6.0, decay_s=1.9, beat_hz=1),
    "small-bowl": _bowl(392, length_s=4.5, decay_s=1.3, beat_hz=2),
    "deep-bowl": _bowl(147, length_s=7.5, decay_s=2.4, beat_hz=1),
}

#: Loopable beds for ``ambient_pcm``.
AMBIENT_BEDS: tuple[str, ...] = ("rain", "drone")

_BELL_PEAK = 0.6  # of full scale: bells are the loudest cue, still with headroom
_TONE_PEAK = 0.22  # breath tones sit quietly under a voice
_BED_PEAK = 0.45
_ATTACK_S = 0.008  # a soft mallet: fast, but no click
_BELL_RELEASE_S = 0.5
_OVERTONE_FADE_S = 0.3


def _damped_sum(partials: Iterable[tuple[float, float, float]], n: int, rate_hz: int) -> list[float]:
    """``n`` samples of a sum of decaying sines, each given as (frequency Hz, amplitude, decay s).

    Each partial is the imaginary part of a * z**k with z = exp(-1/(decay*rate) + i*w), built by
    ``itertools.accumulate`` so the per-sample work runs in C rather than in a Python loop.
    """
    total: Iterable[complex] | None = None
    for freq_hz, amplitude, decay_s in partials:
        shrink = 1 / (decay_s * rate_hz) if math.isfinite(decay_s) else 0.0
        step = cmath.exp(complex(-shrink, 2 * math.pi * freq_hz / rate_hz))
        partial = accumulate(repeat(step, n - 1), mul, initial=complex(amplitude))
        total = partial if total is None else map(add, total, partial)
    return [] if total is None else list(map(_IMAG, total))


@lru_cache(maxsize=16)
def _half_cosine(count: int) -> array[float]:
    """``count`` gains rising from 0 towards 1 along a half cosine: a fade with no click or thump."""
    # cos(pi*i/count) is the real part of a unit step turned i times: a running product, in C.
    turns = accumulate(repeat(cmath.exp(1j * math.pi / count), count - 1), mul, initial=1 + 0j)
    return array("d", map(mul, map(sub, repeat(1.0), map(_REAL, turns)), repeat(0.5)))


def _fade_in(samples: list[float], count: int) -> None:
    """Raise the first ``count`` samples from silence."""
    count = min(count, len(samples))
    samples[:count] = map(mul, samples[:count], _half_cosine(count))


def _fade_out(samples: list[float], count: int) -> None:
    """Lower the last ``count`` samples to silence."""
    count = min(count, len(samples))
    if count:
        samples[-count:] = map(mul, samples[-count:], reversed(_half_cosine(count)))


def _to_s16(samples: Iterable[float], gain: float) -> array[int]:
    """Floats scaled by ``gain`` (peak magnitude must stay within full scale) as s16 samples."""
    return array("h", map(int, map(mul, samples, repeat(gain))))


def _stereo(mono: array[int]) -> bytes:
    """The same signal on both sides, interleaved as s16 stereo bytes."""
    frames = array("h", bytes(4 * len(mono)))
    frames[0::2] = mono
    frames[1::2] = mono
    return frames.tobytes()


def _scaled_s16(block: array[int], gains: Iterable[float]) -> Iterable[bytes]:
    """``block`` (s16 samples) scaled by each gain in 0..1, rounded down, as s16 bytes.

    Python has no vector arithmetic without numpy, so this scales every sample at once inside one
    big integer: each sample sits, offset to 0..65535, in a 32-bit lane with 16 empty bits above
    it. Multiplying the whole integer by k = gain * 65536 multiplies every lane without any carry
    reaching the next, and each lane's top half is then floor(sample * gain) + k/2. Removing k/2
    and the offset again happens lane by lane in 16 bits, also without carries. Several times
    faster than a per-sample loop; ``tests/audio/test_synth.py`` checks it against one.
    """
    count = len(block)
    lanes = array("h", bytes(4 * count))
    lanes[0::2] = block
    ones_16 = int.from_bytes(b"\x01\x00" * count, "little")  # 1 in every 16-bit lane
    ones_32 = int.from_bytes(b"\x01\x00\x00\x00" * count, "little")  # 1 in every 32-bit lane
    # Flipping the sign bit turns two's complement s into s + 32768; the upper 16 bits stay clear.
    wide = int.from_bytes(lanes, "little") ^ (0x8000 * ones_32)
    for gain in gains:
        k = 2 * round(gain * 32768)  # even, so k/2 is whole; at most 65536, so lanes never overflow
        scaled = (wide * k).to_bytes(4 * count, "little")
        tops = int.from_bytes(memoryview(scaled).cast("H")[1::2], "little")
        # Per lane: floor(s*gain) + k/2 -> floor(s*gain) + 32768 -> flip the sign bit back.
        signed = (tops + (32768 - k // 2) * ones_16) ^ (0x8000 * ones_16)
        yield signed.to_bytes(2 * count, "little")


@cache
def bell_pcm(name: str, rate_hz: int) -> bytes:
    """The bell ``name`` (a key of ``BELLS``) at ``rate_hz``: a soft strike and a long natural decay.

    The ringing part repeats every second up to a scale factor (whole-hertz partials, one shared
    decay), so only the first second is synthesised; later seconds are scaled copies of it.
    """
    spec = BELLS[name]
    total = round(spec.length_s * rate_hz)
    seconds = math.ceil(total / rate_hz)
    gain = _BELL_PEAK * FULL_SCALE / (sum(a for _, a in spec.partials) + sum(a for _, a, _ in spec.overtones))
    ringing = _damped_sum(((f, a, spec.decay_s) for f, a in spec.partials), rate_hz, rate_hz)
    overtones = _damped_sum(spec.overtones, rate_hz, rate_hz)
    # By the end of the first second they are ~45 dB down; fading that remnant avoids a faint click.
    _fade_out(overtones, round(_OVERTONE_FADE_S * rate_hz))
    first = list(map(add, ringing, overtones))
    _fade_in(first, round(_ATTACK_S * rate_hz))
    per_second = math.exp(-1 / spec.decay_s)
    mono = _to_s16(first, gain)
    for chunk in _scaled_s16(_to_s16(ringing, gain), [per_second**s for s in range(1, seconds - 1)]):
        mono.frombytes(chunk)
    last = list(map(mul, ringing[: total - len(mono)], repeat(per_second ** (seconds - 1))))
    _fade_out(last, round(_BELL_RELEASE_S * rate_hz))
    mono.extend(_to_s16(last, gain))
    return _stereo(mono)


@dataclass(frozen=True)
class BreathTone:
    """A breath cue: a gliding pitch whose loudness drifts with the breath, plus a little air."""

    start_hz: float
    end_hz: float
    level_from: float
    level_to: float


#: Inhale rises and swells a little; exhale is lower, falls, and settles. Told apart with eyes closed.
BREATH_TONES: dict[BreathKind, BreathTone] = {
    "in": BreathTone(start_hz=330.0, end_hz=440.0, level_from=0.8, level_to=1.0),
    "out": BreathTone(start_hz=294.0, end_hz=220.0, level_from=1.0, level_to=0.7),
}

#: Tones are cached per duration, rounded to this step, so a pattern's few durations are built once.
TONE_STEP_S = 0.01
MIN_TONE_S = 0.2
MAX_TONE_S = 30.0
_SECOND_HARMONIC = 0.18  # a touch of warmth over the pure sine
_AIR = 0.1  # breath noise, relative to the tone
_TONE_ATTACK = (0.35, 0.8)  # fraction of the duration, at most seconds
_TONE_RELEASE = (0.45, 1.2)


def _noise(rate_hz: int, seconds: int, width: int, seed: int) -> tuple[array[int], int]:
    """Seamlessly looping soft noise, and its peak: white noise through two wrap-around moving sums.

    A moving sum over ``width`` samples is a gentle low-pass filter; taking it around the loop's end
    (circular, not zero-padded) makes the last sample flow into the first, so the loop has no seam.
    Integer prefix sums keep it exact and in C: no per-sample Python loop. Arrays, not lists, hold
    the samples: 4 or 8 bytes each rather than 36, which keeps the peak memory of a build low.
    """
    count = rate_hz * seconds
    rng = random.Random(seed)
    white = array("i", map(sub, map(rng.getrandbits, repeat(12, count)), repeat(2048)))
    smooth = _circular_moving_sum(_circular_moving_sum(white, width), width)
    return smooth, max(map(abs, smooth)) or 1


def _circular_moving_sum(samples: array[int], width: int) -> array[int]:
    """Sum of each sample and the ``width - 1`` before it, reaching back around the loop's end."""
    sums = array("q", accumulate(samples[-width:] + samples, initial=0))
    return array("q", map(sub, sums[width + 1 :], sums[1 : len(samples) + 1]))


@cache
def _air(rate_hz: int) -> array[float]:
    """Two seconds of soft breath noise at ``_AIR`` of a tone's level, to loop under every tone."""
    noise, peak = _noise(rate_hz, 2, max(1, rate_hz // 6000), 7)
    return array("d", map(mul, noise, repeat(_AIR / peak)))  # an array: 8 bytes a sample, not 32


def _looped(samples: array[float], count: int) -> array[float]:
    """``samples`` repeated to exactly ``count`` values."""
    return (samples * (count // len(samples) + 1))[:count]


def tone_length_s(duration_s: float) -> float:
    """The length a tone for ``duration_s`` really gets: kept to 0.2..30 s, rounded to ``TONE_STEP_S``."""
    if not math.isfinite(duration_s):
        raise ValueError("a tone's duration must be a finite number of seconds")
    return round(min(MAX_TONE_S, max(MIN_TONE_S, duration_s)) / TONE_STEP_S) * TONE_STEP_S


def tone_pcm(kind: BreathKind, duration_s: float, rate_hz: int) -> bytes:
    """The breath tone ``kind`` shaped to ``tone_length_s(duration_s)``: quiet, with gentle fades."""
    return _tone_pcm(kind, round(tone_length_s(duration_s) / TONE_STEP_S), rate_hz)


@lru_cache(maxsize=6)  # a pattern needs at most three tones (the sigh); a long tone is ~5 MB
def _tone_pcm(kind: BreathKind, steps: int, rate_hz: int) -> bytes:
    spec = BREATH_TONES[kind]
    duration_s = steps * TONE_STEP_S
    count = round(duration_s * rate_hz)
    # An exponential glide: frequency f0 * q**k has phase (w0 / ln q) * q**k up to a constant, so
    # the phase is one running product, again built in C by accumulate().
    per_sample = (spec.end_hz / spec.start_hz) ** (1 / count)
    scale = 2 * math.pi * spec.start_hz / rate_hz / math.log(per_sample)
    phase = array("d", accumulate(repeat(per_sample, count - 1), mul, initial=scale))
    overtone = map(mul, map(math.sin, map(mul, phase, repeat(2.0))), repeat(_SECOND_HARMONIC))
    signal = map(add, map(add, map(math.sin, phase), overtone), _looped(_air(rate_hz), count))
    gain = _TONE_PEAK * FULL_SCALE / (1 + _SECOND_HARMONIC + _AIR)
    mono = array("h", map(int, map(mul, signal, _breath_envelope(spec, count, rate_hz, gain))))
    return _stereo(mono)


def _breath_envelope(spec: BreathTone, count: int, rate_hz: int, gain: float) -> array[float]:
    """Fade in, drift from ``level_from`` to ``level_to``, fade out; peak ``gain``."""
    duration_s = count / rate_hz
    attack = round(min(_TONE_ATTACK[0] * duration_s, _TONE_ATTACK[1]) * rate_hz)
    release = round(min(_TONE_RELEASE[0] * duration_s, _TONE_RELEASE[1]) * rate_hz)
    middle = count - attack - release
    start, end = spec.level_from * gain, spec.level_to * gain
    envelope = array("d", map(mul, _half_cosine(attack), repeat(start)))
    envelope.extend(accumulate(repeat((end - start) / max(1, middle), middle - 1), add, initial=start))
    del envelope[attack + middle :]  # accumulate gives one value even for an empty middle
    envelope.extend(map(mul, reversed(_half_cosine(release)), repeat(end)))
    return envelope


@cache
def tick_pcm(rate_hz: int) -> bytes:
    """A very soft, short tick for the start of a hold: present, never startling."""
    count = round(0.05 * rate_hz)
    ping = _damped_sum(((1568.0, 1.0, 0.008), (2350.0, 0.4, 0.005)), count, rate_hz)
    _fade_in(ping, round(0.001 * rate_hz))
    _fade_out(ping, round(0.01 * rate_hz))
    return _stereo(_to_s16(ping, 0.1 * FULL_SCALE / 1.4))


@cache
def ambient_pcm(name: str, rate_hz: int) -> bytes:
    """The ambient bed ``name`` (one of ``AMBIENT_BEDS``): a loop whose end flows into its start."""
    if name == "rain":
        return _rain(rate_hz)
    if name == "drone":
        return _drone(rate_hz)
    raise KeyError(name)


def _rain(rate_hz: int) -> bytes:
    """Soft noise, like steady rain: left and right differ, so it feels wide rather than inside the head."""
    noise, peak = _noise(rate_hz, _RAIN_LOOP_S, max(1, rate_hz // 3000), 11)
    left = _to_s16(noise, _BED_PEAK * FULL_SCALE / peak)
    # Half a loop apart the noise is unrelated; rotating keeps the seam seamless on both sides.
    half = len(left) // 2
    frames = array("h", bytes(4 * len(left)))
    frames[0::2] = left
    frames[1::2] = left[half:] + left[:half]
    return frames.tobytes()


_RAIN_LOOP_S = 6
#: (frequency Hz, amplitude): whole multiples of 1/4 Hz, so a 4 s loop holds whole cycles of each.
_DRONE_PARTIALS = ((55.0, 0.3), (110.0, 0.28), (110.25, 0.2), (165.0, 0.12), (220.5, 0.06), (330.0, 0.03))
_DRONE_LOOP_S = 4


def _drone(rate_hz: int) -> bytes:
    """A low, warm drone; the 110/110.25 Hz pair swells once per loop, so it breathes slowly."""
    count = _DRONE_LOOP_S * rate_hz
    wave = _damped_sum(((f, a, math.inf) for f, a in _DRONE_PARTIALS), count, rate_hz)
    return _stereo(_to_s16(wave, _BED_PEAK * FULL_SCALE / sum(a for _, a in _DRONE_PARTIALS)))
