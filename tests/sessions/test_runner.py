"""The runner on a fake clock: exact end, pauses excluded, cues in order, no drift from late ticks."""

from __future__ import annotations

import random

import pytest

from sessions.clock import FakeClock
from sessions.events import CueDue, SessionEnded, SessionPaused, SessionResumed, SessionStarted
from sessions.patterns import PRESETS
from sessions.runner import Runner
from sessions.timeline import Timeline, TimelineStep, breathing_timeline

FRAME = 1 / 60


def _drive(runner: Runner, clock: FakeClock, *, until: float, step: float) -> list[object]:
    events: list[object] = []
    while clock.now() < until and runner.state in ("running", "paused"):
        clock.advance(step)
        events.extend(runner.poll())
    return events


def test_a_sixty_minute_session_ends_within_one_frame_of_sixty_minutes() -> None:
    clock = FakeClock()
    runner = Runner(breathing_timeline(PRESETS["resonance"], 60), clock)
    start = clock.now()
    runner.start()
    ended_at = None
    # Ticks arrive at a jittery ~60 Hz, as they do from a real timer: elapsed is never summed from them.
    rng = random.Random(7)
    while runner.state == "running":
        clock.advance(FRAME * rng.uniform(0.5, 1.5))
        for event in runner.poll():
            if isinstance(event, SessionEnded):
                ended_at = clock.now() - start
                assert event.completed and event.practiced_s == 3600.0
    assert ended_at is not None
    assert 3600.0 <= ended_at <= 3600.0 + 1.5 * FRAME


def test_cues_come_once_in_due_order_even_after_a_long_stall() -> None:
    clock = FakeClock()
    runner = Runner(breathing_timeline(PRESETS["box"], 1), clock)
    events = runner.start()
    clock.advance(35.0)  # the machine was busy: one late tick must still deliver every cue, in order
    events += runner.poll()
    dues = [e.cue.due for e in events if isinstance(e, CueDue)]
    assert dues == sorted(dues)
    phase_dues = [e.cue.due for e in events if isinstance(e, CueDue) and e.cue.kind == "phase"]
    assert phase_dues[:9] == [0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 24.0, 28.0, 32.0]
    clock.advance(30.0)
    rest = runner.poll()
    assert isinstance(rest[-1], SessionEnded)
    assert not runner.poll()


def test_pauses_are_excluded_from_elapsed_and_from_cue_times() -> None:
    clock = FakeClock()
    runner = Runner(breathing_timeline(PRESETS["box"], 1), clock)
    assert isinstance(runner.start()[0], SessionStarted)
    clock.advance(3.0)
    assert isinstance(runner.pause()[-1], SessionPaused)
    clock.advance(600.0)
    assert runner.elapsed() == pytest.approx(3.0)
    assert runner.poll() == []
    assert runner.seconds_to_next_cue() is None
    assert isinstance(runner.resume()[0], SessionResumed)
    assert runner.elapsed() == pytest.approx(3.0)
    assert runner.seconds_to_next_cue() == pytest.approx(1.0)
    clock.advance(57.0)
    events = runner.poll()
    assert isinstance(events[-1], SessionEnded) and events[-1].completed


def test_stopping_early_reports_practice_so_far() -> None:
    clock = FakeClock()
    runner = Runner(breathing_timeline(PRESETS["4-6"], 5), clock)
    runner.start()
    clock.advance(42.5)
    (ended,) = runner.stop()
    assert isinstance(ended, SessionEnded)
    assert not ended.completed
    assert ended.practiced_s == pytest.approx(42.5)
    assert runner.stop() == [] and runner.poll() == []
    clock.advance(10)
    assert runner.elapsed() == pytest.approx(42.5)


def test_open_ended_sessions_never_end_by_themselves() -> None:
    clock = FakeClock()
    runner = Runner(breathing_timeline(PRESETS["sigh"], None), clock)
    runner.start()
    events = _drive(runner, clock, until=clock.now() + 4 * 3600, step=7.3)
    assert not any(isinstance(e, SessionEnded) for e in events)
    phases = [e.cue for e in events if isinstance(e, CueDue) and e.cue.kind == "phase"]
    assert len(phases) == pytest.approx(4 * 3600 / 9 * 3, abs=4)
    assert runner.seconds_to_next_cue() is not None


def test_next_cue_is_exact() -> None:
    clock = FakeClock()
    runner = Runner(breathing_timeline(PRESETS["4-7-8"], 1), clock)
    runner.start()
    clock.advance(1.25)
    assert runner.seconds_to_next_cue() == pytest.approx(2.75)


def test_skip_to_moves_on_without_replaying_cues() -> None:
    clock = FakeClock()
    steps = (
        TimelineStep(0.0, 10.0, caption="Settle", bell="bowl"),
        TimelineStep(10.0, 50.0, caption="Breathe", pattern=PRESETS["4-6"]),
    )
    runner = Runner(Timeline("x", "X", "custom", steps, 60.0), clock)
    runner.start()
    clock.advance(2)
    events = runner.skip_to(10.0)
    cues = [e.cue for e in events if isinstance(e, CueDue)]
    assert [c.kind for c in cues] == ["step", "phase"]
    assert runner.elapsed() == pytest.approx(10.0)
    clock.advance(50)
    assert isinstance(runner.poll()[-1], SessionEnded)


def test_a_runner_cannot_start_twice() -> None:
    runner = Runner(breathing_timeline(PRESETS["box"], 1), FakeClock())
    runner.start()
    with pytest.raises(RuntimeError):
        runner.start()


def test_fake_clock_never_goes_back() -> None:
    clock = FakeClock()
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.set(0)
