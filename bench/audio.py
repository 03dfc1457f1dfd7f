"""Audio figures: synthesis time, play-call time, and cue onset error in real captured sound.

python bench/audio.py [--cues 100]

The onset run plays cues from a 60 Hz frame loop (waking early for a due cue, as the app's tick does)
through the real pygame backend, opened as the app opens it, into SDL's disk driver, each call made
the backend's ``start_delay_s`` (half a buffer) before due, as the app plays sound cues; then it finds
each cue's first sample in the capture. "Where the stream was" at a moment is read off a line fitted
through every growth of the capture file, less the smallest call-to-sound distance seen (a call just
before the mixer takes a buffer is heard at once; with calls spread over every point of a buffer, the
smallest is within about a millisecond of that). So the onset error includes the call's lateness and
the mixer's buffer quantisation (a sound starts on the next buffer), but no sound card's latency.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/audio.py`

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial

from audio import synth
from audio.engine import AudioEngine
from audio.pygame_backend import PygameBackend
from bench.common import median, percentile
from tests.audio.analysis import CAPTURE_RATE_HZ, fit_line, onset
from tests.audio.capture import CaptureRun


def timed_ms(make: Callable[[], object], repeats: int = 5) -> tuple[float, float]:
    """(first call, median of the next ``repeats``) in ms; the results' caches are emptied before each.

    The first call also builds what later sounds share (breath noise, fade curves), once per rate.
    """
    times = []
    for _ in range(repeats + 1):
        for cached in (synth.bell_pcm, synth._tone_pcm, synth.tick_pcm, synth.ambient_pcm):
            cached.cache_clear()
        start = time.perf_counter()
        make()
        times.append(1000 * (time.perf_counter() - start))
    return times[0], statistics.median(times[1:])


def synthesis() -> None:
    print("synthesis, uncached: the first call in this process, then the median of 5 more")
    for rate in (44100, 32000):
        for name in synth.BELLS:
            first, typical = timed_ms(partial(synth.bell_pcm, name, rate))
            print(f"  bell {name:<10} @{rate}: {first:6.1f} ms first, {typical:6.1f} ms median")
    tones: list[tuple[synth.BreathKind, float]] = [("in", 4.0), ("out", 8.0)]
    for kind, length_s in tones:
        first, typical = timed_ms(partial(synth.tone_pcm, kind, length_s, 44100))
        print(f"  tone {kind:<3} {length_s:3.0f} s  @44100: {first:6.1f} ms first, {typical:6.1f} ms median")
    for name in synth.AMBIENT_BEDS:
        first, typical = timed_ms(partial(synth.ambient_pcm, name, 44100), repeats=2)
        print(f"  ambient {name:<6}  @44100: {first:6.1f} ms first, {typical:6.1f} ms median")


def play_calls() -> None:
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    backend = PygameBackend()
    backend.open()
    engine = AudioEngine.open(backend_factory=lambda: backend)
    start = time.perf_counter()
    engine.preload(tone_durations_s=[4.0, 7.0, 8.0], ambient=["rain"])
    print(
        f"preload (3 bells, tick, 3 tone pairs, rain) @44100: {1000 * (time.perf_counter() - start):.0f} ms"
    )
    cues: dict[str, Callable[[], object]] = {
        "play_bell": engine.play_bell,
        "play_tone": lambda: engine.play_tone("out", 7.0),
        "start_ambient": lambda: engine.start_ambient("rain"),
        "update": lambda: engine.update(time.monotonic()),
    }
    for name, call in cues.items():
        times = []
        for _ in range(50):
            begin = time.perf_counter()
            call()
            times.append(1000 * (time.perf_counter() - begin))
        print(f"  {name:<14} p50 {median(times):.3f} ms, p99 {percentile(times, 99):.3f} ms")
    engine.close()


def onsets(cues: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        capture = CaptureRun("bench", Path(folder), str(cues)).result(timeout_s=cues + 60)
    rate = int(capture.extra.get("rate_hz", CAPTURE_RATE_HZ))  # type: ignore[call-overload]
    lead_s = float(capture.extra.get("lead_s", 0.0))  # type: ignore[arg-type]
    slope, intercept = fit_line(capture.growth)
    # (kind, heard frame, where the file was when the call was made, ... when it was due)
    heard_cues: list[tuple[str, int, float, float]] = []
    late_ms, missing = [], 0
    for name, called_at, frames in capture.marks:
        kind, due = name.split("@")[0], float(name.split("@")[1])
        heard = onset(capture.samples, frames, threshold=0)  # silence before each cue is exact zeros
        if heard is None:
            missing += 1
            continue
        heard_cues.append((kind, heard, slope * called_at + intercept, slope * due + intercept))
        late_ms.append(1000 * (called_at - (due - lead_s)))
    # The capture file grows in stdio-sized steps after each buffer is mixed, so the fitted line
    # runs a fixed, buffer-dependent distance from the frame being played. Calls land at every
    # point of a buffer, and one made just before the mixer takes its next buffer is heard at that
    # buffer's first frame: the smallest heard-minus-call distance is that zero.
    zero = min(heard - called for _, heard, called, _ in heard_cues)
    errors_ms: dict[str, list[float]] = {}
    for kind, heard, _, due_frame in heard_cues:
        errors_ms.setdefault(kind, []).append(1000 * (heard - due_frame - zero) / rate)
    every = [error for errors in errors_ms.values() for error in errors]
    buffer, lead_ms = capture.extra.get("buffer_frames"), 1000 * lead_s
    print(
        f"cue onsets in captured sound: {len(every)} cues ({missing} not heard), {rate} Hz, "
        f"{buffer}-frame buffers, played {lead_ms:.1f} ms early"
    )
    print(f"  stream pace vs wall clock: {100 * (slope / rate - 1):+.2f} %")
    rows = [
        ("onset error (heard - due)", every),
        ("|onset error|", [abs(error) for error in every]),
        ("play called late by", late_ms),
    ]
    rows += [(f"  onset error, {kind}", errors) for kind, errors in errors_ms.items()]
    for label, values in rows:
        print(
            f"  {label:<26} p50 {median(values):5.1f} ms  p99 {percentile(values, 99):5.1f} ms  "
            f"max {max(values):5.1f} ms  min {min(values):5.1f} ms"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=100, help="cues in the onset run, two a second")
    args = parser.parse_args()
    synthesis()
    play_calls()
    onsets(args.cues)
    return 0


if __name__ == "__main__":
    sys.exit(main())
