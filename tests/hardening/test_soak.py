"""Eight hours of back-to-back sessions on a fake clock: no objects pile up, hour after hour.

The controller is ticked exactly when its own timer would fire (the interval it asks for), so the
simulation does the same work the real app does — cue by cue, and frame by frame while a voice plays
or a fade moves — without waiting eight real hours. ``bench/soak.py`` is the real-time counterpart.
"""

from __future__ import annotations

import gc
import random
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from audio.tags import duration_s
from sessions.clock import FakeClock
from sessions.events import SessionEnded
from sessions.guided import guided_timeline
from sessions.library import load_builtin_library
from sessions.patterns import PRESETS
from sessions.timeline import Timeline, breathing_timeline
from sessions.trace import TraceWriter
from ui.controller import SessionController
from ui.sound import EngineSound

HOURS = 8
#: Objects allowed to appear between the end of hour 1 and the end of hour 8. Caches are bounded and
#: warm after the first hour (every pattern, bell and voice file has been met); a leak of even one
#: object per session (about 80 of them) or per cue (about 6000) would show. Measured: a few dozen,
#: up and down.
GROWTH_BOUND = 100


def _timelines(rng: random.Random) -> list[Timeline]:
    library = load_builtin_library(None)
    voices: dict[Path, float] = {}

    def voice_s(path: Path) -> float:
        if path not in voices:
            voices[path] = duration_s(path)
        return voices[path]

    plans: list[Timeline] = []
    for pattern in PRESETS.values():
        plans += [breathing_timeline(pattern, 5), breathing_timeline(pattern.without_holds(), 10)]
    for script in library.scripts:
        plans.append(guided_timeline(script, script.lengths_min[0], voice_s))
    rng.shuffle(plans)
    return plans


@pytest.mark.slow
def test_eight_hours_of_sessions_leak_nothing(qapp: QApplication, tmp_path: Path) -> None:
    rng = random.Random(8)
    clock = FakeClock(start=0.0)
    engine = AudioEngine(backend_factory=lambda: NullBackend(clock))
    sound = EngineSound(engine)
    trace = TraceWriter(tmp_path / "soak.jsonl")
    controller = SessionController(clock, trace=trace, sound=sound)
    # Counted, not kept: a list of every event would itself be the growth this test looks for.
    tally = {"cues": 0, "ended": 0, "completed": 0}

    def on_end(event: SessionEnded) -> None:
        tally["ended"] += 1
        tally["completed"] += event.completed

    def on_cue(_cue: object) -> None:
        tally["cues"] += 1

    controller.session_finished.connect(on_end)
    controller.cue_fired.connect(on_cue)
    plans = _timelines(rng)
    counts: list[int] = []
    ticks = 0
    sessions = 0
    # Hours are counted once every plan has run once: a practice's first run fills bounded caches
    # (its voice clips' lengths), which is not growth over time. With fourteen spoken practices
    # one hour no longer plays them all.
    next_hour = float("inf")
    while len(counts) < HOURS:
        if sessions == len(plans):
            gc.collect()
            counts.append(len(gc.get_objects()))
            next_hour = clock.now() + 3600.0
        timeline = plans[sessions % len(plans)]
        sessions += 1
        sound.prepare(timeline)
        controller.start(timeline)
        engine.start_ambient("rain")
        # A person now and then pauses for a while, or stops a session early.
        pause_at = rng.uniform(30, 200) if sessions % 3 == 0 else None
        stop_at = rng.uniform(90, 250) if sessions % 7 == 0 else None
        started = clock.now()
        while controller.is_active:
            interval = controller._timer.interval() if controller._timer.isActive() else 1000
            clock.advance(max(interval, 1) / 1000)
            controller.tick()
            ticks += 1
            elapsed = clock.now() - started
            if pause_at is not None and elapsed >= pause_at and controller.is_running:
                controller.pause()
                clock.advance(rng.uniform(5, 120))
                controller.resume()
                pause_at = None
            if stop_at is not None and elapsed >= stop_at and controller.is_active:
                controller.stop()
            while clock.now() >= next_hour:
                gc.collect()
                counts.append(len(gc.get_objects()))
                next_hour += 3600.0
        engine.stop_ambient()
        clock.advance(rng.uniform(0, 5))  # a breath between sessions
    trace.close()
    engine.close()
    assert tally["ended"] == sessions and ticks > 100_000 and tally["cues"] > 5_000
    assert tally["completed"] >= sessions * 0.8
    growth = counts[-1] - counts[0]
    print(f"soak: {sessions} sessions, {ticks} ticks, {tally['cues']} cues; objects per hour {counts}")
    assert growth <= GROWTH_BOUND, f"objects per hour: {counts} (grew {growth} after the first hour)"
