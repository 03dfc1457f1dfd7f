"""Connects the session controller to the audio engine: bells, breath tones and voice, on cue."""

from __future__ import annotations

from pathlib import Path

from audio.engine import AudioEngine
from sessions.timeline import Timeline

#: Script bell names (DESIGN §4) → the engine's synthesised bowls.
BELL_NAMES = {"bowl": "bowl", "bowl-low": "deep-bowl", "bowl-high": "small-bowl"}


class EngineSound:
    """The controller's ``Sound``: every call returns at once and never raises.

    ``tones`` turns the inhale/exhale tones on or off (bells and voice always play).
    """

    def __init__(self, engine: AudioEngine, *, tones: bool = True) -> None:
        self.engine = engine
        self.tones = tones

    def prepare(self, timeline: Timeline) -> None:
        """Build the bells and this session's breath tones now, so each cue starts within a frame."""
        lengths = {
            phase.duration_s
            for step in timeline.steps
            if step.pattern is not None
            for phase in step.pattern.phases
            if phase.kind != "hold"
        }
        voices = [Path(step.voice) for step in timeline.steps if step.voice]
        self.engine.preload(tone_durations_s=sorted(lengths) if self.tones else (), voices=voices)

    def play_bell(self, name: str) -> bool:
        self.engine.play_bell(BELL_NAMES.get(name, "bowl"))
        return True

    def play_tone(self, kind: str, duration_s: float) -> bool:
        if not self.tones or kind not in ("in", "out"):
            return False
        self.engine.play_tone("in" if kind == "in" else "out", duration_s)
        return True

    def play_voice(self, path: str) -> bool:
        return self.engine.play_voice(Path(path))

    def pause(self) -> None:
        self.engine.pause()

    def resume(self) -> None:
        self.engine.resume()

    def stop_all(self) -> None:
        self.engine.stop_all()

    def needs_update(self) -> bool:
        return self.engine.needs_update()

    def update(self, now_s: float) -> None:
        self.engine.update(now_s)

    def is_ringing(self) -> bool:
        """True while a bell or voice is still sounding (the closing bell before ``--once`` quits)."""
        return self.engine.is_busy("bell") or self.engine.is_busy("voice")
