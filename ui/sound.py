"""Connects the session controller to the audio engine: bells, breath tones and voice, on cue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from audio.engine import AudioEngine
from sessions.timeline import Timeline

#: Script bell names (DESIGN §4) → the engine's synthesised bowls.
BELL_NAMES = {"bowl": "bowl", "bowl-low": "deep-bowl", "bowl-high": "small-bowl"}
#: Words picked up mid-sentence after a seek fade in over this long, so they never start with a click.
SEEK_FADE_MS = 150


class EngineSound:
    """The controller's ``Sound``: every call returns at once and never raises.

    ``tones`` turns the inhale/exhale tones on or off (bells and voice always play). ``on_notice``
    is told, once, when the engine falls silent mid-session (the sound device vanished), so the
    person hears why the sounds stopped while the session carries on with visual cues.
    """

    def __init__(
        self, engine: AudioEngine, *, tones: bool = True, on_notice: Callable[[str], None] | None = None
    ) -> None:
        self.engine = engine
        self.tones = tones
        self.on_notice = on_notice
        self._told: str | None = None

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
        # A person's own bell is read now, like the voice, so it rings on time.
        voices += {Path(s.bell) for s in timeline.steps if s.bell and Path(s.bell).is_absolute()}
        self.engine.preload(tone_durations_s=sorted(lengths) if self.tones else (), voices=voices)

    @property
    def start_delay_s(self) -> float:
        return self.engine.start_delay_s

    def play_bell(self, name: str) -> bool:
        if name in BELL_NAMES or not Path(name).is_absolute():
            self.engine.play_bell(BELL_NAMES.get(name, "bowl"))
            played = True
        else:  # a person's own bell (a timer's), checked when the sit was set up
            played = self.engine.play_bell_file(Path(name))
        self._tell_if_silent()
        return played

    def play_tone(self, kind: str, duration_s: float) -> bool:
        if not self.tones or kind not in ("in", "out"):
            return False
        self.engine.play_tone("in" if kind == "in" else "out", duration_s)
        self._tell_if_silent()
        return True

    def play_voice(self, path: str) -> bool:
        played = self.engine.play_voice(Path(path))
        self._tell_if_silent()
        return played

    def seek_voice(self, path: str | None, offset_s: float) -> bool:
        """After a seek: ``path`` from ``offset_s`` seconds in (softly), or silence when ``None``.

        A breath tone of the old position stops too; bells ring on. True when words were started.
        """
        self.engine.stop_channel("tone", SEEK_FADE_MS)
        if path is None:
            self.engine.stop_channel("voice", SEEK_FADE_MS)
            return False
        played = self.engine.play_voice(Path(path), offset_s, fade_in_ms=SEEK_FADE_MS)
        self._tell_if_silent()
        return played

    def _tell_if_silent(self) -> None:
        """If the engine has gone silent since the last cue, say why, once (it never raises itself)."""
        notice = self.engine.notice
        if notice is not None and notice != self._told and self.on_notice is not None:
            self._told = notice
            self.on_notice(notice)

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
