"""Plays a scripted scenario through the real pygame backend into SDL's disk driver, noting when steps ran.

Run as ``python -m tests.audio.capture_child SCENARIO WORKDIR [COUNT]`` with ``SDL_AUDIODRIVER=disk`` and
``SDL_DISKAUDIOFILE=WORKDIR/out.raw``. Writes ``WORKDIR/marks.json``: for every step, the monotonic time
and the number of frames already in the capture file when the step was called, and every moment the
file grew (SDL writes through stdio, so the file lags the mixer by up to two 512-frame buffers).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from audio import pygame_backend, synth
from audio.backend import Sound
from audio.engine import AudioEngine
from audio.pygame_backend import PygameBackend
from tests.audio.analysis import BUFFER_FRAMES, CAPTURE_RATE_HZ, sine_pcm, write_wav

RATE = CAPTURE_RATE_HZ
#: The mixer as the app opens it, for the bench.
RATE_APP, BUFFER_FRAMES_APP = PygameBackend().rate_hz, pygame_backend.BUFFER_FRAMES


class Recorder:
    """Watches the capture file grow (from a thread) and notes marks against its length."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.marks: list[tuple[str, float, int]] = []
        self.growth: list[tuple[float, int]] = []
        self.extra: dict[str, object] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def frames(self) -> int:
        try:
            return self.out.stat().st_size // 4
        except FileNotFoundError:
            return 0

    def _watch(self) -> None:
        last = -1
        while not self._stop.is_set():
            frames = self.frames()
            if frames != last:
                self.growth.append((time.monotonic(), frames))
                last = frames
            time.sleep(0.0005)

    def mark(self, name: str) -> None:
        self.marks.append((name, time.monotonic(), self.frames()))

    def wait_for_stream(self) -> None:
        """Let the stream run a few buffers, so stdio's buffering is in its steady rhythm."""
        deadline = time.monotonic() + 5
        while self.frames() < 8 * BUFFER_FRAMES and time.monotonic() < deadline:
            time.sleep(0.002)

    def save(self, workdir: Path, **extra: object) -> None:
        self._stop.set()
        self._thread.join()
        data = {"marks": self.marks, "growth": self.growth, **extra}
        (workdir / "marks.json").write_text(json.dumps(data))


def open_backend() -> PygameBackend:
    backend = PygameBackend(frequency=RATE, buffer=BUFFER_FRAMES)
    backend.open()
    return backend


def onsets(recorder: Recorder) -> None:
    """A bell, stopped and restarted at irregular gaps so calls land at every point of a buffer."""
    backend = open_backend()
    bell = Sound.from_pcm("bell", synth.bell_pcm("bowl", RATE), RATE)
    backend.prepare("bell", bell)
    recorder.wait_for_stream()
    for gap_s in (0.23, 0.31, 0.27, 0.36, 0.29, 0.33):
        recorder.mark("play")
        backend.play("bell", bell)
        time.sleep(gap_s)
        backend.stop("bell")
        time.sleep(0.12)
    backend.close()


DATA = Path(__file__).resolve().parent / "data"
#: Where the loud tone starts in each seek_mark file (2 s of a soft tone, then 1 s of a loud one).
SEEK_MARK_AT_S = 2.0


def seeks(recorder: Recorder, workdir: Path) -> None:
    """A file started part-way (a seek), in each format: OGG and FLAC at 1.5 s, WAV at 1.0 s.

    pygame's music stream seeks a WAV to the whole second below what is asked, so the player
    seeks in whole seconds; this measures where each format really lands.
    """
    import math
    import struct
    import wave

    mark = workdir / "seek_mark.wav"
    with wave.open(str(mark), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(
            b"".join(
                struct.pack("<h", round(3277 * math.sin(2 * math.pi * 220 * i / 8000))) for i in range(16000)
            )
        )
        out.writeframes(
            b"".join(
                struct.pack("<h", round(16000 * math.sin(2 * math.pi * 440 * i / 8000))) for i in range(8000)
            )
        )
    backend = open_backend()
    recorder.wait_for_stream()
    for name, path, start_s in (
        ("ogg", DATA / "seek_mark.ogg", 1.5),
        ("flac", DATA / "seek_mark.flac", 1.5),
        ("wav", mark, 1.0),
        ("wav-half", mark, 1.5),
    ):
        recorder.mark(name)
        backend.play("voice", Sound.from_file(path, 3.0, start_s=start_s))
        time.sleep(1.3)
        backend.stop("voice")
        time.sleep(0.15)
    backend.close()


def levels(recorder: Recorder) -> None:
    """A steady 1 kHz sine through volume steps, a pause, fades, and a restart in the middle of a fade."""
    backend = open_backend()
    sine = Sound.from_pcm("sine", sine_pcm(1000, 1.0, RATE, 0.5), RATE)
    recorder.wait_for_stream()
    steps: list[tuple[str, Callable[[], None], float]] = [
        ("full", lambda: backend.play("tone", sine, loops=-1), 0.4),
        ("half", lambda: backend.set_volume("tone", 0.5), 0.4),
        ("pause", backend.pause, 0.3),
        ("resume", backend.resume, 0.3),
        ("fade_out", lambda: backend.fade_out("tone", 500), 0.8),
        ("fade_in", lambda: backend.play("tone", sine, loops=-1, fade_in_ms=400), 0.15),
        ("quieter_in_fade", lambda: backend.set_volume("tone", 0.25), 0.6),
        ("fade_again", lambda: backend.fade_out("tone", 500), 0.2),
        ("replay", lambda: backend.play("tone", sine, loops=-1), 0.4),
        ("end", lambda: backend.stop("tone"), 0.1),
    ]
    for name, step, hold_s in steps:
        step()
        recorder.mark(name)
        time.sleep(hold_s)
    backend.close()


def run_frames(engine: AudioEngine, seconds: float) -> None:
    """What the UI does while a session runs: an update on every 60 Hz frame."""
    end = time.monotonic() + seconds
    while (now := time.monotonic()) < end:
        engine.update(now)
        time.sleep(1 / 60)


def engine_scenario(recorder: Recorder, workdir: Path) -> None:
    """Inhale and exhale tones, then rain ducked under a (silent) voice and restored after it."""
    engine = AudioEngine.open(backend_factory=open_backend)
    engine.preload(tone_durations_s=[1.2], ambient=["rain"])
    # A silent voice, so the capture holds only the ducked rain while it "speaks".
    voice = write_wav(workdir / "voice.wav", 1.0, RATE, channels=2)
    recorder.wait_for_stream()
    recorder.mark("in")
    engine.play_tone("in", 1.2)
    time.sleep(1.35)
    recorder.mark("out")
    engine.play_tone("out", 1.2)
    time.sleep(1.35)
    recorder.mark("ambient")
    engine.start_ambient("rain", fade_in_ms=0)
    run_frames(engine, 0.6)
    recorder.mark("voice")
    engine.play_voice(voice)
    run_frames(engine, 2.6)
    recorder.mark("end")
    available = engine.available
    engine.close()
    recorder.extra = {"available": available}


def bench(recorder: Recorder, count: int) -> None:
    """Cues fired by a 60 Hz frame loop that wakes early for a due cue, as the app's tick does.

    The mixer runs as the app opens it (rate and buffer), and each cue is played the backend's
    ``start_delay_s`` before it is due, as the session controller plays sound cues.
    """
    engine = AudioEngine.open()
    lead_s = engine.start_delay_s
    engine.preload(tone_durations_s=[0.4])
    recorder.wait_for_stream()
    kinds = ("bell", "in", "out", "hold")
    start = time.monotonic() + 0.3
    events: list[tuple[float, str, float]] = []  # (when to call, what, due)
    for i in range(count):
        due = start + i * 0.5 + (i * 0.037) % 0.1  # irregular, so dues fall anywhere in a buffer
        events += [(due - lead_s, kinds[i % len(kinds)], due), (due + 0.3, "stop", due + 0.3)]
    frame_s = 1 / 60
    next_frame = time.monotonic()
    for when, kind, due in events:
        while (now := time.monotonic()) < when:
            if now >= next_frame:
                engine.update(now)
                next_frame = now + frame_s
            time.sleep(max(0.0, min(next_frame, when) - time.monotonic()))
        if kind == "stop":
            engine.stop_all(fade_ms=0)
            continue
        recorder.mark(f"{kind}@{due!r}")
        if kind == "bell":
            engine.play_bell()
        else:
            engine.play_tone("in" if kind == "in" else "out" if kind == "out" else "hold", 0.4)
    time.sleep(0.2)
    engine.close()
    recorder.extra = {"rate_hz": RATE_APP, "buffer_frames": BUFFER_FRAMES_APP, "lead_s": lead_s}


def main() -> int:
    scenario, workdir = sys.argv[1], Path(sys.argv[2])
    recorder = Recorder(Path(os.environ["SDL_DISKAUDIOFILE"]))
    if scenario == "onsets":
        onsets(recorder)
    elif scenario == "levels":
        levels(recorder)
    elif scenario == "engine":
        engine_scenario(recorder, workdir)
    elif scenario == "seeks":
        seeks(recorder, workdir)
    elif scenario == "bench":
        bench(recorder, int(sys.argv[3]))
    else:
        print(f"unknown scenario {scenario}", file=sys.stderr)
        return 2
    recorder.save(workdir, **recorder.extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
