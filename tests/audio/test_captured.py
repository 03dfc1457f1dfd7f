"""Real sound, captured: the pygame backend and the engine play into SDL's disk driver, and we listen.

Each scenario runs in its own process (``capture_child``), all three at once, at 32 kHz with 512-frame
buffers (16 ms). The capture's own sample count is the clock: the disk stream runs a little slower than
the wall clock, so positions are compared in samples, against the file's growth seen by the child.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from tests.audio.analysis import BUFFER_FRAMES, CAPTURE_RATE_HZ, fit_line, onset, pitch_hz, rms, window_rms
from tests.audio.capture import Capture, CaptureRun

RATE = CAPTURE_RATE_HZ
#: The synthesised bell's soft attack crosses the onset threshold within this many samples.
ATTACK_SLACK = 64


@pytest.fixture(scope="module")
def captures(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, CaptureRun]]:
    root = tmp_path_factory.mktemp("capture")
    runs = {name: CaptureRun(name, Path(root) / name) for name in ("onsets", "levels", "engine")}
    yield runs
    for run in runs.values():
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()


def steady(capture: Capture, mark: str, skip_s: float, length_s: float) -> float:
    """RMS of a stretch starting ``skip_s`` after the step ``mark`` (past the file's lag and any ramp)."""
    start = capture.at(mark) + round(skip_s * RATE)
    return rms(capture.samples[start : start + round(length_s * RATE)])


def test_a_bell_sounds_within_two_buffers_of_the_call(captures: dict[str, CaptureRun]) -> None:
    capture = captures["onsets"].result()
    # Where the stream stood at any moment: a line through every time the capture file grew.
    slope, intercept = fit_line(capture.growth)
    assert 0.9 * RATE < slope < 1.02 * RATE, "the disk stream runs at about its nominal rate"
    plays = [(t, frames) for name, t, frames in capture.marks if name == "play"]
    assert len(plays) == 6
    latencies = []
    for t, frames in plays:
        heard = onset(capture.samples, frames)
        assert heard is not None, "every bell must be heard"
        assert onset(capture.samples[frames - 2 * BUFFER_FRAMES : frames], 0) is None, "silence before it"
        latencies.append(heard - (slope * t + intercept))
    # The file lags the mixer by up to two buffers (stdio) and a sound starts on the next buffer.
    assert all(-ATTACK_SLACK <= latency <= 2 * BUFFER_FRAMES + ATTACK_SLACK for latency in latencies), (
        latencies
    )
    # Wherever in a buffer the call fell, the bell comes on the same buffer grid: spread below one buffer.
    assert max(latencies) - min(latencies) <= BUFFER_FRAMES + ATTACK_SLACK, latencies


def test_half_volume_halves_the_level(captures: dict[str, CaptureRun]) -> None:
    capture = captures["levels"].result()
    full = steady(capture, "full", 0.1, 0.25)
    half = steady(capture, "half", 0.1, 0.25)
    assert full > 5000
    assert half / full == pytest.approx(0.5, abs=0.02)


def test_pause_is_silent_and_resume_carries_on_at_the_same_level(captures: dict[str, CaptureRun]) -> None:
    capture = captures["levels"].result()
    assert steady(capture, "pause", 0.08, 0.2) == 0
    assert steady(capture, "resume", 0.08, 0.2) == pytest.approx(steady(capture, "half", 0.1, 0.25), rel=0.01)


def test_a_fade_out_falls_steadily_to_silence_in_its_time(captures: dict[str, CaptureRun]) -> None:
    capture = captures["levels"].result()
    start = capture.at("fade_out")
    levels = window_rms(capture.samples, start, start + round(0.7 * RATE))
    assert all(later <= earlier * 1.01 for earlier, later in pairwise(levels)), levels
    assert len({round(level) for level in levels if level > 0}) >= 10, "a fade, not a cut"
    silent_from = next(i for i, level in enumerate(levels) if level == 0) * BUFFER_FRAMES
    assert 0.45 * RATE <= silent_from <= 0.5 * RATE + 3 * BUFFER_FRAMES


def test_a_fade_in_rises_steadily(captures: dict[str, CaptureRun]) -> None:
    capture = captures["levels"].result()
    start, volume_change = capture.at("fade_in"), capture.at("quieter_in_fade")
    levels = window_rms(capture.samples, start, volume_change)
    assert all(later >= earlier * 0.99 for earlier, later in pairwise(levels)), levels
    assert levels[-1] > 4 * max(levels[0], 1.0)


def test_a_volume_set_during_a_fade_or_before_a_restart_holds(captures: dict[str, CaptureRun]) -> None:
    capture = captures["levels"].result()
    full = steady(capture, "full", 0.1, 0.25)
    # SDL_mixer would restore the pre-fade level after a fade, and keep a part-faded level after a
    # restart in the middle of a fade; the backend must land on the volume it was given (0.25).
    assert steady(capture, "quieter_in_fade", 0.4, 0.15) / full == pytest.approx(0.25, abs=0.02)
    assert steady(capture, "replay", 0.08, 0.25) / full == pytest.approx(0.25, abs=0.02)


def test_inhale_rises_above_exhale_and_each_glides_its_way(captures: dict[str, CaptureRun]) -> None:
    capture = captures["engine"].result()
    assert capture.extra["available"] is True
    pitches = {}
    for kind in ("in", "out"):
        start = capture.at(kind) + round(0.3 * RATE)  # past the file lag and the fade-in
        tone = capture.samples[start : start + round(0.7 * RATE)]
        assert rms(tone) > 500, f"the {kind} tone is heard"
        half = len(tone) // 2
        pitches[kind] = (pitch_hz(tone[:half], RATE), pitch_hz(tone[half:], RATE))
    (in_early, in_late), (out_early, out_late) = pitches["in"], pitches["out"]
    assert 320 < in_early < in_late < 450, pitches
    assert 210 < out_late < out_early < 300, pitches
    assert min(in_early, in_late) > 1.2 * max(out_early, out_late), "told apart with eyes closed"


def test_ambient_ducks_under_a_voice_and_comes_back_after(captures: dict[str, CaptureRun]) -> None:
    capture = captures["engine"].result()
    before = steady(capture, "ambient", 0.15, 0.4)
    during = steady(capture, "voice", 0.35, 0.55)  # the voice file is silent: only the rain is heard
    after = steady(capture, "voice", 2.0, 0.5)  # the 1 s voice ended, and the bed rose back in 0.8 s
    assert before > 1000
    assert 0.25 < during / before < 0.45
    assert after / before == pytest.approx(1.0, abs=0.12)


@pytest.fixture(scope="module")
def seeks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Capture]:
    """The seek scenario alone, after the others: on two shared cores a fourth stream at once skews onsets."""
    run = CaptureRun("seeks", Path(tmp_path_factory.mktemp("capture")) / "seeks")
    try:
        yield run.result()
    finally:
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()


@pytest.mark.parametrize(("fmt", "lands_s"), [("ogg", 1.5), ("flac", 1.5), ("wav", 1.0), ("wav-half", 1.0)])
def test_a_file_started_part_way_is_heard_from_there(seeks: Capture, fmt: str, lands_s: float) -> None:
    """Where a seek lands, read from the sound alone (so the stream's latency does not blur it): the
    soft tone is heard for ``2 s - landing`` before the loud one. OGG and FLAC land where asked (1.5 s);
    WAV lands on the whole second below (asked 1.5 s, plays from 1.0 s), which is why players seek
    in whole seconds."""
    frames = seeks.at(fmt)
    soft = onset(seeks.samples, frames)
    assert soft is not None
    loud = onset(seeks.samples, soft, threshold=8000)
    assert loud is not None
    landed_s = 2.0 - (loud - soft) / RATE
    assert landed_s == pytest.approx(lands_s, abs=0.02)
