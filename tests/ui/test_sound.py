"""Sound on cue: bells, breath tones and voice reach the engine on the session clock, and are traced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from audio.backend import NOTICE_NO_DEVICE, AudioBackend, AudioError
from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from sessions.clock import FakeClock
from sessions.paths import DataPaths
from sessions.trace import TraceWriter
from tests.conftest import advance
from ui.app import Command, KindlyApp


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
        app.breathe_now(1)  # a second session: the notice is not repeated
        advance(app.controller, clock, 61, step=1 / 60)
        assert app.notices.count(NOTICE_NO_DEVICE) == 1
        assert app.sound is not None and not app.sound.engine.available
        (record,) = app.history.records()
        assert record.completed
    finally:
        app.quit()
        app.history.close()
