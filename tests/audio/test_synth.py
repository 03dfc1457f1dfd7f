"""Synthesised bells, breath tones and ambient beds: their shape, their pitch, their seams, and the tricks."""

from __future__ import annotations

import math
import random
from array import array
from collections.abc import Sequence
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audio import synth
from tests.audio.analysis import goertzel_power, left_channel, pitch_hz, rms

RATE = 32000
FULL = 32767


def second_differences(loop: Sequence[int]) -> list[int]:
    """|x[i-1] - 2x[i] + x[i+1]| around a loop; a seam shows up as a spike at its two ends."""
    count = len(loop)
    return [abs(loop[i - 1] - 2 * loop[i] + loop[(i + 1) % count]) for i in range(count)]


def seam_is_smooth(loop: Sequence[int]) -> bool:
    curvature = second_differences(loop)
    return max(curvature[0], curvature[-1]) <= max(curvature[1:-1])


@given(
    st.lists(st.integers(-32768, 32767), min_size=1, max_size=200),
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4),
)
def test_big_integer_scaling_equals_per_sample_arithmetic(block: list[int], gains: list[float]) -> None:
    scaled = list(synth._scaled_s16(array("h", block), gains))
    for gain, got in zip(gains, scaled, strict=True):
        k = 2 * round(gain * 32768)
        assert got == array("h", [(s * k) >> 16 for s in block]).tobytes()


@pytest.mark.parametrize("name", sorted(synth.BELLS))
def test_a_bell_strikes_softly_rings_and_dies_away(name: str) -> None:
    spec = synth.BELLS[name]
    pcm = synth.bell_pcm(name, RATE)
    samples = left_channel(pcm)
    assert samples == left_channel(pcm[2:] + pcm[:2]), "mono: both sides the same"
    assert len(samples) == round(spec.length_s * RATE)
    assert max(map(abs, samples[: RATE // 2000])) < 0.02 * FULL, (
        "a soft mallet: the first 0.5 ms is near silent"
    )
    assert 0.35 * FULL < max(map(abs, samples)) <= 0.61 * FULL
    assert max(map(abs, samples[: RATE // 50])) > 0.2 * FULL, "struck at once, not swelling"
    per_second = [rms(samples[i : i + RATE]) for i in range(0, len(samples) - RATE + 1, RATE)]
    assert all(later < earlier for earlier, later in pairwise(per_second)), per_second
    assert max(map(abs, samples[-RATE // 100 :])) < 60, "it fades to silence, no cut-off"


def test_a_bowl_is_inharmonic_and_beats_slowly() -> None:
    samples = left_channel(synth.bell_pcm("bowl", RATE))
    ring = samples[RATE : 2 * RATE]  # the second second: the bright overtones have gone
    fundamental = goertzel_power(ring, 220, RATE)
    assert goertzel_power(ring, 607, RATE) > 0.1 * fundamental, "the 2.76 partial rings"
    assert goertzel_power(ring, 440, RATE) < 0.001 * fundamental, "no harmonic octave: a bowl, not a string"
    tenths = [rms(ring[i : i + RATE // 10]) for i in range(0, RATE, RATE // 10)]
    assert max(tenths) > 1.5 * min(tenths), "the close pair of partials beats within the second"


def test_bells_are_built_once_and_always_the_same() -> None:
    first = synth.bell_pcm("small-bowl", RATE)
    assert synth.bell_pcm("small-bowl", RATE) is first
    assert synth.bell_pcm.__wrapped__("small-bowl", RATE) == first


def test_inhale_glides_up_and_exhale_glides_down_below_it() -> None:
    def early_and_late(kind: synth.BreathKind) -> tuple[float, float]:
        samples = left_channel(synth.tone_pcm(kind, 3.0, RATE))
        return pitch_hz(samples[RATE // 2 : RATE], RATE), pitch_hz(samples[2 * RATE : 5 * RATE // 2], RATE)

    (in_early, in_late), (out_early, out_late) = early_and_late("in"), early_and_late("out")
    assert 330 < in_early < in_late < 440
    assert 220 < out_late < out_early < 294
    assert in_early > 1.2 * out_early


@pytest.mark.parametrize("duration_s", [1.0, 4.0, 7.5])
@pytest.mark.parametrize("kind", ["in", "out"])
def test_a_tone_fills_its_duration_quietly_with_gentle_ends(
    kind: synth.BreathKind, duration_s: float
) -> None:
    samples = left_channel(synth.tone_pcm(kind, duration_s, RATE))
    assert len(samples) == round(duration_s * RATE)
    assert max(map(abs, samples)) <= 0.23 * FULL
    body = rms(samples[len(samples) // 3 : 2 * len(samples) // 3])
    assert body > 0.05 * FULL
    edge = RATE // 200  # 5 ms
    assert rms(samples[:edge]) < 0.02 * body
    assert rms(samples[-edge:]) < 0.02 * body


def test_tone_lengths_are_rounded_and_kept_sane() -> None:
    assert synth.tone_length_s(4.004) == 4.0
    assert synth.tone_length_s(0.01) == synth.MIN_TONE_S
    assert synth.tone_length_s(600) == synth.MAX_TONE_S
    with pytest.raises(ValueError, match="finite"):
        synth.tone_length_s(math.nan)


def test_the_hold_tick_is_short_and_soft() -> None:
    samples = left_channel(synth.tick_pcm(RATE))
    assert len(samples) <= 0.06 * RATE
    assert 0.01 * FULL < max(map(abs, samples)) < 0.12 * FULL


@pytest.mark.parametrize("name", synth.AMBIENT_BEDS)
def test_an_ambient_bed_loops_without_a_seam(name: str) -> None:
    pcm = synth.ambient_pcm(name, RATE)
    samples = list(left_channel(pcm))
    assert len(samples) >= 4 * RATE
    assert seam_is_smooth(samples)
    right = list(left_channel(pcm[2:] + pcm[:2]))
    assert seam_is_smooth(right)
    assert not seam_is_smooth(samples[5000:]), "the check itself catches a loop cut at a random point"


def test_rain_is_wide_and_steady() -> None:
    pcm = synth.ambient_pcm("rain", RATE)
    left, right = left_channel(pcm), left_channel(pcm[2:] + pcm[:2])
    assert left != right
    assert rms(left) == pytest.approx(rms(right), rel=0.01)
    seconds = [rms(left[i : i + RATE]) for i in range(0, len(left), RATE)]
    assert max(seconds) < 1.2 * min(seconds), "a steady bed, no surges"


def test_unknown_names_raise_key_error() -> None:
    with pytest.raises(KeyError):
        synth.bell_pcm("gong-of-doom", RATE)
    with pytest.raises(KeyError):
        synth.ambient_pcm("thunder", RATE)


def test_noise_is_the_same_every_run() -> None:
    state = random.getstate()
    first = synth._noise(RATE, 1, 4, 99)
    random.seed(12345)  # the global generator must not matter
    assert synth._noise(RATE, 1, 4, 99) == first
    random.setstate(state)
