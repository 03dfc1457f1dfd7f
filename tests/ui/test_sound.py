"""Sound on cue: bells, breath tones and voice reach the engine on the session clock, and are traced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from audio.backend import NOTICE_NO_DEVICE, AudioBackend, AudioError, ChannelName, Sound
from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from sessions.clock import FakeClock
from sessions.commands import Command, make_command
from sessions.paths import DataPaths
from sessions.trace import TraceWriter
from tests.conftest import advance
from ui.app import KindlyApp
from ui.practices import Practice


def _app(qapp: QApplication, tmp_path: Path, clock: FakeClock, backend: NullBackend) -> KindlyApp:
    trace = TraceWriter(tmp_path / "trace.jsonl")
    factory = lambda v: AudioEngine(v, backend_factory=lambda: backend)  # noqa: E731
    return KindlyApp(qapp, DataPaths(tmp_path / "data"), clock=clock, trace=trace, engine_factory=factory)


def test_a_paced_minute_rings_bells_and_breathes_in_tones(qapp: QApplication, tmp_path: Path) -> None:
    clock = FakeClock()
    backend = NullBackend(clock=clock)
    app = _app(qapp, tmp_path, clock, backend)
    try:
        app.run_command(Command(name="start", pattern="4-6", minutes=1))
        advance(app.controller, clock, 61, step=1 / 60)
        assert app.trace is not None
        app.trace.close()
        lines = [json.loads(x) for x in (tmp_path / "trace.jsonl").read_text().splitlines()]
        bells = [(c["due"], c["at"]) for c in lines if c["cue"] == "bell"]
        assert [d for d, _ in bells] == [0.0, 60.0]
        tones = [(c["name"], c["due"]) for c in lines if c["cue"] == "tone"]
        assert tones[:4] == [("in", 0.0), ("out", 4.0), ("in", 10.0), ("out", 14.0)]
        assert len(tones) == 12
        # Played on the tick that found them due: never early, at most one frame late.
        for cue in lines:
            if cue["cue"] in ("bell", "tone", "voice", "end"):
                assert -0.001 <= cue["at"] - cue["due"] <= 1 / 60 + 1e-6, cue
        played = [(e.action, e.channel) for e in backend.events if e.action == "play"]
        assert played.count(("play", "bell")) == 2 and played.count(("play", "tone")) == 12
    finally:
        app.quit()
        app.history.close()


class _MixerLikeBackend(NullBackend):
    """A silent backend whose sounds start half a 1024-frame buffer after play, as pygame's do."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock=clock)
        self.played_at: list[tuple[str, float]] = []

    @property
    def start_delay_s(self) -> float:
        return 1024 / 44100 / 2

    def play(self, channel: ChannelName, sound: Sound, *, loops: int = 0, fade_in_ms: int = 0) -> None:
        self.played_at.append((channel, self._clock.now()))
        super().play(channel, sound, loops=loops, fade_in_ms=fade_in_ms)


def test_sounds_start_early_by_the_mixers_delay_so_they_are_heard_when_due(
    qapp: QApplication, tmp_path: Path
) -> None:
    clock = FakeClock()
    backend = _MixerLikeBackend(clock)
    lead, step = backend.start_delay_s, 1 / 240
    app = _app(qapp, tmp_path, clock, backend)
    try:
        app.run_command(Command(name="start", pattern="4-6", minutes=1))
        start = clock.now()
        advance(app.controller, clock, 21, step=step)
        app.controller.stop()
        assert app.trace is not None
        app.trace.close()
        lines = [json.loads(x) for x in (tmp_path / "trace.jsonl").read_text().splitlines()]
        tone_dues = [c["due"] for c in lines if c["cue"] == "tone"]
        assert tone_dues[:4] == [0.0, 4.0, 10.0, 14.0]
        tone_calls = [t - start for channel, t in backend.played_at if channel == "tone"]
        for due, called in zip(tone_dues, tone_calls, strict=True):
            # On the first tick within the lead of due: about 11.6 ms early (none before the start).
            assert max(0.0, due - lead) - 0.001 <= called <= max(0.0, due - lead) + step + 1e-9
        for cue in lines:
            if cue["cue"] in ("tone", "bell"):  # traced as heard: the call plus the mixer's delay
                assert -0.001 <= cue["at"] - cue["due"] <= step + lead + 1e-6, cue
            if cue["cue"] in ("phase", "step"):  # what is drawn still changes when due, not early
                assert cue["at"] >= cue["due"] - 0.001, cue
    finally:
        app.quit()
        app.history.close()


def test_a_guided_session_speaks_each_step(qapp: QApplication, tmp_path: Path) -> None:
    clock = FakeClock()
    backend = NullBackend(clock=clock)
    app = _app(qapp, tmp_path, clock, backend)
    try:
        app.run_command(Command(name="start", session_id="self-compassion-break", minutes=3))
        runner = app.controller.runner
        assert runner is not None
        voiced = [s for s in runner.timeline.steps if s.voice]
        advance(app.controller, clock, 181, step=1 / 60)
        assert app.trace is not None
        app.trace.close()
        lines = [json.loads(x) for x in (tmp_path / "trace.jsonl").read_text().splitlines()]
        voices = [c for c in lines if c["cue"] == "voice"]
        assert [v["due"] for v in voices] == pytest.approx([s.voice_start_s for s in voiced], abs=1e-5)
        # The runner counts a cue due up to 1 ms early (a timer waking a hair early costs no frame).
        assert all(-0.001 <= v["at"] - v["due"] <= 1 / 60 + 1e-6 for v in voices), voices
        assert [e.key for e in backend.events if e.channel == "voice" and e.action == "play"]
        assert len(app.history.records()) == 1
    finally:
        app.quit()
        app.history.close()


def test_no_sound_device_says_so_once_and_the_session_still_runs(qapp: QApplication, tmp_path: Path) -> None:
    def broken() -> AudioBackend:
        raise AudioError(NOTICE_NO_DEVICE, "SDL: no available audio device")

    clock = FakeClock()
    app = KindlyApp(
        qapp,
        DataPaths(tmp_path / "data"),
        clock=clock,
        engine_factory=lambda v: AudioEngine(v, backend_factory=broken),
    )
    try:
        app.run_command(Command(name="start", pattern="box", minutes=1))
        app.controller.stop()  # a second session (one at a time: a start never replaces a practice)
        app.practices.start(Practice("breathing", "", 1))  # the notice is not repeated
        advance(app.controller, clock, 61, step=1 / 60)
        assert app.notices.texts.count(NOTICE_NO_DEVICE) == 1
        assert app.practices.sound is not None and not app.practices.sound.engine.available
        (record,) = app.history.records()
        assert record.completed
    finally:
        app.quit()
        app.history.close()


def test_a_three_minute_sit_rings_on_the_session_clock_and_logs_three_minutes(
    qapp: QApplication, tmp_path: Path
) -> None:
    """Issue 18's proof: a 3-minute timer, 10 s to settle, a bell every minute."""
    clock = FakeClock()
    backend = NullBackend(clock=clock)
    app = _app(qapp, tmp_path, clock, backend)
    try:
        app.run_command(make_command("start", session_id="timer", minutes=3, delay_s=10, interval_min=1))
        advance(app.controller, clock, 191, step=1 / 60)
        assert app.trace is not None
        app.trace.close()
        lines = [json.loads(x) for x in (tmp_path / "trace.jsonl").read_text().splitlines()]
        bells = [(c["due"], c["at"]) for c in lines if c["cue"] == "bell"]
        assert [d for d, _ in bells] == [10.0, 70.0, 130.0, 190.0]
        assert all(-0.001 <= at - due <= 1 / 60 + 1e-6 for due, at in bells), bells
        assert [e.channel for e in backend.events if e.action == "play"].count("bell") == 4
        (record,) = app.history.records()
        assert (record.session_id, record.kind, record.completed) == ("timer", "timer", True)
        assert record.practiced_seconds == 180.0 and record.planned_seconds == 180.0
    finally:
        app.quit()
        app.history.close()
