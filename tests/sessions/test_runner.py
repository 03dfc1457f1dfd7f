"""The runner on a fake clock: exact end, pauses excluded, cues in order, no drift from late ticks."""

from __future__ import annotations

import random

import pytest

from sessions.clock import FakeClock
from sessions.events import (
    CueDue,
    CueSoon,
    SessionEnded,
    SessionPaused,
    SessionResumed,
    SessionSeeked,
    SessionStarted,
)
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


LEAD = 0.0116  # half a 1024-frame mixer buffer at 44.1 kHz


def test_with_a_lead_each_cue_is_announced_that_much_before_it_is_due() -> None:
    clock = FakeClock()
    runner = Runner(breathing_timeline(PRESETS["4-6"], 1), clock, lead_s=LEAD)
    start = clock.now()
    seen: list[tuple[str, float, float]] = []  # (event, cue due, session time it came)
    for event in runner.start():
        if isinstance(event, (CueSoon, CueDue)):
            seen.append((type(event).__name__, event.cue.due, 0.0))
    while runner.state == "running":
        wait = runner.seconds_to_next_cue()
        assert wait is not None
        clock.advance(wait)  # wake exactly when the runner asks, as the controller's timer does
        for event in runner.poll():
            if isinstance(event, (CueSoon, CueDue)):
                seen.append((type(event).__name__, event.cue.due, clock.now() - start))
    soon = [(due, at) for name, due, at in seen if name == "CueSoon"]
    due = [(due, at) for name, due, at in seen if name == "CueDue"]
    assert [d for d, _ in soon] == [d for d, _ in due]  # every cue once in each, in the same order
    for cue_due, at in soon:
        assert at == pytest.approx(max(0.0, cue_due - LEAD), abs=1e-9)
    for cue_due, at in due:
        assert at == pytest.approx(cue_due, abs=1e-9)
    assert due[-1][0] == 60.0 and runner.state == "finished"


def test_without_a_lead_the_announcement_comes_with_the_cue() -> None:
    clock = FakeClock()
    runner = Runner(breathing_timeline(PRESETS["box"], 1), clock)
    events = runner.start()[1:]
    # Everything due at the start is announced, then falls due, in the same order.
    half = len(events) // 2
    assert all(isinstance(e, CueSoon) for e in events[:half]) and all(
        isinstance(e, CueDue) for e in events[half:]
    )
    assert [e.cue for e in events[:half]] == [e.cue for e in events[half:]]  # type: ignore[union-attr]
    clock.advance(3.999)  # inside the 1 ms tolerance: due now
    events = runner.poll()
    assert [type(e) for e in events] == [CueSoon, CueDue] and events[0].cue == events[1].cue  # type: ignore[union-attr]


def test_nothing_is_announced_after_the_end_and_skips_forget_what_was_announced() -> None:
    clock = FakeClock()
    steps = (TimelineStep(0.0, 10.0, "A"), TimelineStep(10.0, 10.0, "B"))
    runner = Runner(Timeline("x", "X", "custom", steps, 20.0), clock, lead_s=0.5)
    runner.start()
    clock.advance(9.6)
    announced = [e.cue for e in runner.poll() if isinstance(e, CueSoon)]
    assert [c.due for c in announced] == [10.0]  # the second step, half a second early
    assert runner.next_cue is not None and runner.next_cue.due == 10.0
    events = runner.skip_to(15.0)  # skipped past it: it is never due
    assert not [e for e in events if isinstance(e, CueDue) and e.cue.due == 10.0]
    clock.advance(4.6)  # 19.6: the closing bell and the end are announced, and nothing after them
    assert [e.cue.kind for e in runner.poll() if isinstance(e, CueSoon)] == ["bell", "end"]
    clock.advance(0.4)
    assert isinstance(runner.poll()[-1], SessionEnded)
    assert runner.seconds_to_next_cue() is None and runner.next_cue is None


@pytest.mark.parametrize("lead", [-0.01, 1.5, float("nan"), float("inf")])
def test_a_lead_outside_a_second_is_refused(lead: float) -> None:
    with pytest.raises(ValueError, match="lead_s"):
        Runner(breathing_timeline(PRESETS["box"], 1), FakeClock(), lead_s=lead)


def _seekable() -> Timeline:
    steps = (
        TimelineStep(0.0, 30.0, caption="Settle", bell="bowl", voice="a.ogg", voice_s=8.0),
        TimelineStep(30.0, 30.0, caption="Kind wishes", voice="b.ogg", voice_s=6.0),
        TimelineStep(60.0, 60.0, caption="Rest", pattern=PRESETS["4-6"]),
    )
    return Timeline("x", "X", "custom", steps, 120.0, seekable=True)


def test_a_seek_moves_start_and_keeps_elapsed_computed() -> None:
    clock = FakeClock()
    runner = Runner(_seekable(), clock)
    runner.start()
    clock.advance(20)
    events = runner.seek(35.0)
    assert isinstance(events[0], SessionSeeked) and (events[0].from_s, events[0].to_s) == (20.0, 35.0)
    assert runner.elapsed() == pytest.approx(35.0)
    assert runner.state_at_now().step.caption == "Kind wishes"
    clock.advance(5)
    assert runner.elapsed() == pytest.approx(40.0)  # the clock carries on from the new start
    # The step at 30 s and its voice were passed over: nothing before the new position replays.
    assert [e.cue.kind for e in events if isinstance(e, CueDue)] == []
    assert runner.practiced_s() == pytest.approx(25.0)


def test_a_seek_back_replays_nothing_before_the_position_and_counts_time_heard_again() -> None:
    clock = FakeClock()
    runner = Runner(_seekable(), clock)
    runner.start()
    clock.advance(45)
    runner.poll()
    events = runner.seek(30.0)  # exactly at a step: that step is shown again, with its voice
    due = [e.cue for e in events if isinstance(e, CueDue)]
    assert [(c.kind, c.due) for c in due] == [("step", 30.0), ("voice", 30.0)]
    clock.advance(90)
    ended = runner.poll()[-1]
    assert isinstance(ended, SessionEnded) and ended.completed
    assert ended.practiced_s == pytest.approx(135.0)  # 45 s, then 90 s again from 0:30: all heard


def test_seeking_forward_is_not_practice_and_seeking_to_the_end_ends_it() -> None:
    clock = FakeClock()
    runner = Runner(_seekable(), clock)
    runner.start()
    clock.advance(10)
    events = runner.seek(500.0)  # clamped to the end
    ended = events[-1]
    assert isinstance(ended, SessionEnded) and ended.completed
    assert ended.practiced_s == pytest.approx(10.0)
    assert runner.seek(5.0) == []  # over: nothing moves


def test_a_paused_session_seeks_and_stays_paused_until_resumed() -> None:
    clock = FakeClock()
    runner = Runner(_seekable(), clock)
    runner.start()
    clock.advance(70)
    runner.pause()
    clock.advance(600)
    runner.seek(55.0)
    assert runner.state == "paused" and runner.elapsed() == pytest.approx(55.0)
    clock.advance(600)
    assert runner.elapsed() == pytest.approx(55.0)
    runner.resume()
    clock.advance(10)
    assert runner.elapsed() == pytest.approx(65.0)
    stopped = runner.stop()[-1]
    assert isinstance(stopped, SessionEnded) and not stopped.completed
    assert stopped.practiced_s == pytest.approx(80.0)  # 70 s, then 10 s more; pauses are not practice


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_bad_seek_targets_change_nothing(bad: float) -> None:
    clock = FakeClock()
    runner = Runner(_seekable(), clock)
    runner.start()
    clock.advance(12)
    assert runner.seek(bad) == []
    assert runner.elapsed() == pytest.approx(12.0)


def test_negative_seeks_clamp_to_the_start_and_unseekable_sessions_do_not_move() -> None:
    clock = FakeClock()
    runner = Runner(_seekable(), clock)
    runner.start()
    clock.advance(12)
    runner.seek(-40.0)
    assert runner.elapsed() == 0.0
    pacer = Runner(breathing_timeline(PRESETS["box"], 1), clock)
    pacer.start()
    clock.advance(5)
    assert pacer.seek(30.0) == [] and pacer.elapsed() == pytest.approx(5.0)


def test_a_seek_never_adds_up_ticks_over_a_long_session() -> None:
    clock = FakeClock()
    runner = Runner(_seekable(), clock)
    runner.start()
    for _ in range(40):  # back and forth, each a little late
        clock.advance(0.5173)
        runner.seek(runner.elapsed() + 15)
        clock.advance(0.3911)
        runner.seek(runner.elapsed() - 15)
    assert runner.elapsed() == pytest.approx(40 * (0.5173 + 0.3911), abs=1e-9)


def test_skipped_parts_are_not_counted_as_practice() -> None:
    # Issue 14, defect 2: five parts skipped and stopped after 63 s were logged as 245 s.
    steps = tuple(TimelineStep(i * 60.0, 60.0, caption=f"part {i + 1}") for i in range(5))
    timeline = Timeline("guided", "A guided practice", "custom", steps, 300.0)
    clock = FakeClock()
    runner = Runner(timeline, clock)
    runner.start()
    for _part in range(4):
        clock.advance(10.0)
        runner.skip_to(runner.timeline.steps[runner.timeline.step_index_at(runner.elapsed()) + 1].start_s)
    clock.advance(23.0)
    (ended,) = runner.stop()
    assert isinstance(ended, SessionEnded)
    assert ended.practiced_s == pytest.approx(63.0)
    assert ended.skipped_s == pytest.approx(4 * 50.0)  # 10 s of each of four parts, then 23 s
    assert not ended.completed and ended.planned_s == 300.0


def test_skipping_to_the_end_completes_the_session_with_the_time_really_spent() -> None:
    steps = (TimelineStep(0.0, 100.0, caption="one"), TimelineStep(100.0, 100.0, caption="two"))
    clock = FakeClock()
    runner = Runner(Timeline("guided", "Two parts", "custom", steps, 200.0), clock)
    runner.start()
    clock.advance(30.0)
    runner.skip_to(100.0)
    clock.advance(20.0)
    events = runner.skip_to(200.0)
    (ended,) = [e for e in events if isinstance(e, SessionEnded)]
    assert ended.completed and ended.planned_s == 200.0
    assert ended.practiced_s == pytest.approx(50.0) and ended.skipped_s == pytest.approx(150.0)
