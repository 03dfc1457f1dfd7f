"""Time faults: a suspend mid-session, wall-clock jumps, and a clock that stutters backwards.

Session time comes only from the monotonic clock (DESIGN §3). On Windows that clock keeps counting
through a suspend, so waking up is one huge jump; on Linux and macOS it stands still while asleep, so
the session simply carries on where it was. Both must be calm: the jump case is tested here.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import pairwise

import pytest
from PySide6.QtWidgets import QApplication

from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from sessions.clock import FakeClock
from sessions.events import Cue, SessionEnded
from sessions.guided import guided_timeline
from sessions.library import load_builtin_library
from sessions.patterns import PRESETS
from sessions.timeline import Timeline, breathing_timeline
from tests.conftest import advance
from tests.hardening.conftest import AppFactory
from ui import practices as practices_module
from ui.controller import LATE_SOUND_S, SessionController
from ui.practices import Practice
from ui.sound import EngineSound

SUSPEND_S = 2 * 3600.0


class Rig:
    """A controller with the real engine on a silent backend, all on one fake clock."""

    def __init__(self, timeline: Timeline) -> None:
        self.clock = FakeClock()
        self.backend = NullBackend(self.clock)
        engine = AudioEngine(backend_factory=lambda: self.backend)
        self.sound = EngineSound(engine)
        self.controller = SessionController(self.clock, sound=self.sound)
        self.cues: list[Cue] = []
        self.ended: list[SessionEnded] = []
        self.controller.cue_fired.connect(self.cues.append)
        self.controller.session_finished.connect(self.ended.append)
        self.timeline = timeline
        self.sound.prepare(timeline)
        self.controller.start(timeline)

    def plays(self) -> list[str]:
        return [f"{e.channel}:{e.key.split('@')[0]}" for e in self.backend.events if e.action == "play"]

    def suspend(self, seconds: float) -> None:
        """The machine sleeps: no tick at all, then the clock has jumped."""
        self.clock.advance(seconds)
        self.controller.tick()


def _guided(minutes: float) -> Timeline:
    script = load_builtin_library(None).get("body-scan")
    assert script is not None
    return guided_timeline(script, minutes, lambda path: 3.0)


@pytest.mark.parametrize(
    "timeline", [breathing_timeline(PRESETS["box"], 10), _guided(10)], ids=["pacer", "guided"]
)
def test_a_suspend_mid_session_ends_it_at_the_first_tick_after_wake_without_a_storm(
    qapp: QApplication, timeline: Timeline
) -> None:
    rig = Rig(timeline)
    advance(rig.controller, rig.clock, 120)
    before_cues, before_plays = len(rig.cues), len(rig.plays())
    assert rig.controller.is_running and not rig.ended

    rig.suspend(SUSPEND_S)

    (ended,) = rig.ended
    assert ended.completed and ended.practiced_s == ended.planned_s == 600.0
    assert not rig.controller.is_active
    # Every cue is delivered exactly once and in order, the end last ...
    expected = list(timeline.cues())
    assert rig.cues == expected
    assert all(a.due <= b.due for a, b in pairwise(rig.cues)) and rig.cues[-1].kind == "end"
    assert len(rig.cues) - before_cues == len([c for c in expected if c.due > 120 + 1e-3])
    # ... but only the closing bell is heard on waking: not minutes of breath tones and words at once.
    assert rig.plays()[before_plays:] == ["bell:bell:bowl"]
    rig.suspend(60)  # later ticks are quiet
    assert len(rig.ended) == 1 and rig.plays()[before_plays:] == ["bell:bell:bowl"]


def test_cues_a_little_late_still_sound(qapp: QApplication) -> None:
    rig = Rig(breathing_timeline(PRESETS["4-6"], 1))
    rig.clock.advance(LATE_SOUND_S * 0.9)  # a stall shorter than the limit: the breath tone still plays
    rig.controller.tick()
    assert rig.plays() == ["bell:bell:bowl", "tone:tone:in:4.00"]
    rig.clock.advance(4.0 + LATE_SOUND_S + 0.1)  # past it: the out-breath is shown, not sounded
    rig.controller.tick()
    assert rig.plays() == ["bell:bell:bowl", "tone:tone:in:4.00"]
    assert [c.name for c in rig.cues if c.kind == "phase"] == ["Breathe in", "Breathe out"]


def test_a_suspend_while_paused_keeps_the_session_paused_where_it_was(qapp: QApplication) -> None:
    rig = Rig(breathing_timeline(PRESETS["resonance"], 10))
    advance(rig.controller, rig.clock, 90)
    rig.controller.pause()
    rig.suspend(SUSPEND_S)
    runner = rig.controller.runner
    assert runner is not None and rig.controller.is_paused and runner.elapsed() == pytest.approx(90)
    rig.controller.resume()
    advance(rig.controller, rig.clock, 510 + 1)
    (ended,) = rig.ended
    assert ended.completed and ended.practiced_s == 600.0


class StutteringClock(FakeClock):
    """A monotonic source that steps back a little (seen on some VMs after a host migration)."""

    def back(self, seconds: float) -> None:
        self._now -= seconds


def test_a_clock_that_steps_back_never_replays_or_loses_a_cue(qapp: QApplication) -> None:
    clock = StutteringClock()
    controller = SessionController(clock)
    cues: list[Cue] = []
    ended: list[SessionEnded] = []
    controller.cue_fired.connect(cues.append)
    controller.session_finished.connect(ended.append)
    timeline = breathing_timeline(PRESETS["box"], 1)
    controller.start(timeline)
    advance(controller, clock, 30)
    clock.back(5)
    controller.tick()
    advance(controller, clock, 40)
    assert cues == list(timeline.cues()) and len(ended) == 1 and ended[0].completed


@pytest.mark.parametrize("jump", [timedelta(hours=-3), timedelta(hours=5), timedelta(days=-400)])
def test_wall_clock_jumps_do_not_change_session_time(
    make_app: AppFactory, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, jump: timedelta
) -> None:
    wall = [datetime(2026, 3, 29, 1, 59, tzinfo=timezone(timedelta(hours=1)))]
    monkeypatch.setattr(practices_module, "now", lambda: wall[0] + timedelta(seconds=clock.now() - 1000.0))
    app = make_app()
    app.practices.start(Practice("breathing", "4-6", 2))
    advance(app.controller, clock, 30)
    wall[0] += jump  # NTP, a time-zone change, or someone setting the clock by hand
    advance(app.controller, clock, 60)
    assert app.controller.is_running, "the session neither ended early nor ran long"
    advance(app.controller, clock, 31)
    (saved,) = app.history.records()
    assert saved.completed and saved.practiced_seconds == saved.planned_seconds == 120.0
    assert app.notices.texts == []


def test_a_clock_set_back_mid_session_never_makes_a_record_end_before_it_starts(
    make_app: AppFactory, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    wall = [datetime(2026, 10, 25, 2, 59, tzinfo=timezone(timedelta(hours=2)))]
    monkeypatch.setattr(practices_module, "now", lambda: wall[0] + timedelta(seconds=clock.now() - 1000.0))
    app = make_app()
    app.practices.start(Practice("breathing", "4-6", 2))
    advance(app.controller, clock, 30)
    wall[0] -= timedelta(hours=3)
    advance(app.controller, clock, 91)
    (saved,) = app.history.records()
    started, ended = datetime.fromisoformat(saved.started_at), datetime.fromisoformat(saved.ended_at)
    if ended < started:
        pytest.xfail("ui/app.py takes started_at and ended_at from the wall clock at two moments (report)")
    assert ended - started >= timedelta(seconds=saved.practiced_seconds - 1)


def test_a_suspend_mid_session_in_the_app_logs_it_once(make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app()
    app.practices.start(Practice("breathing", "4-6", 10))
    advance(app.controller, clock, 200)
    clock.advance(SUSPEND_S)
    app.controller.tick()
    assert not app.controller.is_active
    (saved,) = app.history.records()
    assert saved.completed and saved.practiced_seconds == 600.0
    clock.advance(10)
    app.controller.tick()
    assert app.history.count() == 1 and app.notices.texts == []
