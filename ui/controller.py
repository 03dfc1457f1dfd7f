"""Drives a core Runner from one precise single-shot timer and turns its events into Qt signals."""

from __future__ import annotations

import math
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from sessions.clock import Clock
from sessions.events import (
    Cue,
    CueDue,
    CueSoon,
    Event,
    SessionEnded,
    SessionPaused,
    SessionResumed,
    SessionSeeked,
    SessionStarted,
)
from sessions.runner import DUE_TOLERANCE_S, Runner
from sessions.timeline import Timeline, TimelineState
from sessions.trace import TraceWriter

#: One frame at 60 Hz.
FRAME_S = 1 / 60
#: Cues that are drawn: their trace ``at`` is the moment the frame showing them is painted.
VISUAL_CUES = frozenset({"phase", "step"})
#: How far the player's back and forward buttons (and Ctrl+←/→) move a session.
SEEK_STEP_S = 15.0
#: A cue whose sound would start more than this late is shown but not sounded. After a suspend (on
#: Windows the monotonic clock counts the sleep) every breath tone and spoken line of the rest of the
#: session falls due in one tick; playing them all at once would be a burst of noise. The closing
#: bell still rings, so the end of the session is heard.
LATE_SOUND_S = 2.0


class Sound(Protocol):
    """What the controller needs from the audio engine; every call returns at once and never raises."""

    @property
    def start_delay_s(self) -> float: ...
    def play_bell(self, name: str) -> bool: ...
    def play_tone(self, kind: str, duration_s: float) -> bool: ...
    def play_voice(self, path: str) -> bool: ...
    def seek_voice(self, path: str | None, offset_s: float) -> bool: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def stop_all(self) -> None: ...
    def needs_update(self) -> bool: ...
    def update(self, now_s: float) -> None: ...


class View(Protocol):
    """A view that draws sessions: asked on every tick when it would next change a pixel, and given
    each frame's state to draw while it is visible."""

    def next_change_in(self, state: TimelineState) -> float | None: ...
    def show_frame(self, state: TimelineState) -> None: ...
    def isVisible(self) -> bool: ...


class SessionController(QObject):
    """Runs one session at a time against ``clock``.

    The next wake-up is ``min(next frame, next cue)`` — a single-shot precise timer, re-armed
    after each tick, and no timer at all while paused, idle, or when nothing on screen moves.

    Signals:
        session_started(): a session began.
        cue_fired(object): a :class:`Cue` became due (phase, step, bell, voice, tone, end).
        state_changed(): running/paused/idle changed.
        session_finished(object): a :class:`SessionEnded` — completed or stopped early.
        seeked(float): the session moved to this many seconds (a seek, running or paused).

    Besides the cues, the trace records what the person did, when it took effect (``due`` = ``at`` =
    session seconds): ``start`` (named by the session id), ``pause``, ``resume``, ``skip`` (named by
    the part skipped), ``seek`` (named ``from S``; ``due`` is where it went) and ``stop`` (ended
    early). The journey tests read them.
    """

    session_started = Signal()
    cue_fired = Signal(object)
    state_changed = Signal()
    session_finished = Signal(object)
    seeked = Signal(float)

    def __init__(self, clock: Clock, *, trace: TraceWriter | None = None, sound: Sound | None = None) -> None:
        """``sound`` may be ``None`` (silent, for tests) or be set later through :attr:`sound`."""
        super().__init__()
        self._clock = clock
        self._trace = trace
        self._sound = sound
        self._runner: Runner | None = None
        self._pending_visual: list[Cue] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)
        self._views: list[View] = []
        #: The state every view draws during one tick: computed once, not once per reader.
        self._frame_state: TimelineState | None = None
        #: Whether the sound had fades to move at the last plan: ticks update it only then.
        self._sound_moving = False

    # -- commands -----------------------------------------------------------------------------
    def start(self, timeline: Timeline) -> None:
        if self._runner is not None and self._runner.is_active:
            self._handle(self._runner.stop())
        # Sounds start on the mixer's next buffer: played that much early, they are heard on time.
        lead_s = self._sound.start_delay_s if self._sound is not None else 0.0
        self._runner = Runner(timeline, self._clock, lead_s=lead_s)
        self._pending_visual.clear()
        self._handle(self._runner.start())

    def pause(self) -> None:
        if self._runner is not None:
            self._handle(self._runner.pause())

    def resume(self) -> None:
        if self._runner is not None:
            self._handle(self._runner.resume())

    def toggle_pause(self) -> None:
        if self.is_paused:
            self.resume()
        else:
            self.pause()

    def stop(self) -> None:
        if self._runner is not None:
            self._handle(self._runner.stop())

    def skip_step(self) -> None:
        """Move on to the next step (or the end)."""
        runner = self._runner
        if runner is None or runner.state != "running" or not runner.timeline.skippable:
            return
        timeline = runner.timeline
        index = timeline.step_index_at(runner.elapsed())
        if self._sound is not None:
            self._sound.stop_all()  # the words of the part being skipped stop with it
        at = runner.elapsed()
        self._write_trace("skip", f"part {index + 1}", at, at)
        if index + 1 < len(timeline.steps):
            self._handle(runner.skip_to(timeline.steps[index + 1].start_s))
        elif timeline.total_s is not None:
            self._handle(runner.skip_to(timeline.total_s))

    @property
    def can_seek(self) -> bool:
        runner = self._runner
        return runner is not None and runner.is_active and runner.timeline.seekable

    def seek_by(self, delta_s: float) -> None:
        """Move ``delta_s`` seconds forward (or back, when negative) from where the session is."""
        runner = self._runner
        if runner is not None and self.can_seek:
            self.seek_to(runner.elapsed() + delta_s)

    def seek_to(self, t: float) -> None:
        """Move a guided practice or recording to ``t`` seconds, in whole seconds.

        Whole seconds because pygame's music stream seeks a WAV file to the whole second below
        the asked position (OGG and FLAC land within one buffer): the words stay with the clock.
        """
        if self._runner is not None and self.can_seek and math.isfinite(t):
            self._handle(self._runner.seek(float(round(t))))

    # -- queries ------------------------------------------------------------------------------
    @property
    def sound(self) -> Sound | None:
        return self._sound

    @sound.setter
    def sound(self, sound: Sound | None) -> None:
        self._sound = sound

    @property
    def runner(self) -> Runner | None:
        return self._runner

    @property
    def is_running(self) -> bool:
        return self._runner is not None and self._runner.state == "running"

    @property
    def is_paused(self) -> bool:
        return self._runner is not None and self._runner.state == "paused"

    @property
    def is_active(self) -> bool:
        return self._runner is not None and self._runner.is_active

    def state(self) -> TimelineState | None:
        if self._frame_state is not None:
            return self._frame_state  # inside a tick: the one moment every view draws
        return None if self._runner is None or not self._runner.is_active else self._runner.state_at_now()

    def raw_elapsed(self) -> float:
        """Session seconds by the clock right now, not clamped to the end (for the trace's ``at``)."""
        runner = self._runner
        return 0.0 if runner is None else runner.unclamped_elapsed()

    # -- the view tells us when a frame reached the screen --------------------------------------
    def frame_painted(self) -> None:
        if not self._pending_visual:
            return
        at = self.raw_elapsed()
        for cue in self._pending_visual:
            self._write_trace(cue.kind, cue.name, cue.due, at)
        self._pending_visual.clear()

    def add_view(self, view: View) -> None:
        """Let ``view`` decide how soon the next frame is needed (``None``: it is not on screen), and
        draw each frame while it is visible. A frame is a direct call, not a Qt signal: it is the
        hot path of every animation, and a signal's dispatch costs more than the call itself."""
        self._views.append(view)

    def refresh(self) -> None:
        """Re-plan the next wake-up (e.g. the view was shown or hidden)."""
        self._schedule()

    # -- internals ----------------------------------------------------------------------------
    def tick(self) -> None:
        """What the timer calls; tests on a fake clock call it directly.

        A frame's work is done once: the state is computed once for the views and the next
        wake-up, and the timer is armed once, after everything the tick caused.
        """
        sound = self._sound
        if sound is not None and self._sound_moving:
            sound.update(self._clock.now())
        runner = self._runner
        if runner is not None:
            events = runner.poll()
            if events:
                self._dispatch(events)
                runner = self._runner  # a listener may have ended it, or started another
        if runner is not None and runner.state == "running":
            state = runner.state_at_now()
            self._show_frame(state)
            if self._runner is runner and runner.state == "running":
                self._schedule(state)
                return
        self._schedule()

    def _show_frame(self, state: TimelineState | None = None) -> None:
        """Every visible view draws ``state`` (default: the running session's now), computed once."""
        if state is None:
            runner = self._runner
            if runner is None or runner.state != "running":
                return
            state = runner.state_at_now()
        self._frame_state = state
        try:
            for view in self._views:
                if view.isVisible():
                    view.show_frame(state)
        finally:
            self._frame_state = None

    def _handle(self, events: list[Event]) -> None:
        """Events of a command (start, pause, skip...): acted on, then the next wake-up planned."""
        self._dispatch(events)
        self._schedule()

    def _dispatch(self, events: list[Event]) -> None:
        # A start is announced (the windows, tray, media keys and keep-awake react to it, about 10 ms
        # of work) once the cues due with it have been sounded and drawn: the session's clock is
        # already running, and its first breath must not wait for them.
        starting = False
        for event in events:
            if isinstance(event, SessionStarted):
                if self._runner is not None:
                    self._write_trace("start", self._runner.timeline.session_id, 0.0, self.raw_elapsed())
                starting = True
                continue
            if isinstance(event, CueSoon):
                self._sound_cue(event.cue)
                continue
            if isinstance(event, CueDue):
                self._fire(event.cue)
                continue
            if starting:
                starting = False
                self._announce_start()
            if isinstance(event, SessionPaused):
                self._write_trace("pause", "", event.elapsed_s, event.elapsed_s)
                if self._sound is not None:
                    self._sound.pause()
                self.state_changed.emit()
            elif isinstance(event, SessionResumed):
                self._write_trace("resume", "", event.elapsed_s, event.elapsed_s)
                if self._sound is not None:
                    self._sound.resume()
                self.state_changed.emit()
            elif isinstance(event, SessionSeeked):
                self._seeked(event.from_s, event.to_s)
            elif isinstance(event, SessionEnded):
                self.frame_painted()  # cues of the last frame are as on time as they will be
                if not event.completed:
                    at = self.raw_elapsed()
                    self._write_trace("stop", "", at, at)
                    if self._sound is not None:
                        self._sound.stop_all()
                self.state_changed.emit()
                self.session_finished.emit(event)
        if starting:
            self._announce_start()

    def _announce_start(self) -> None:
        self.session_started.emit()
        self.state_changed.emit()

    def _seeked(self, from_s: float, position_s: float) -> None:
        """After a seek: the words at the new position (or silence), and the step shown there.

        A voice that spans the new position carries on from there, faded in over a moment, rather
        than staying silent until the next line: the caption and the words stay together.
        """
        runner = self._runner
        assert runner is not None
        timeline = runner.timeline
        self._write_trace("seek", f"from {from_s:.3f}", position_s, self.raw_elapsed())
        # What begins exactly at the new position is the runner's to cue (its step, its words).
        starts_here = position_s - 2 * DUE_TOLERANCE_S
        if self._sound is not None:
            voice = timeline.voice_at(position_s)
            if voice is not None and voice[1] <= 2 * DUE_TOLERANCE_S:
                voice = None
            # Started early by the mixer's lead, from that much further in: heard in step with the clock.
            path, offset = (None, 0.0) if voice is None else (voice[0], voice[1] + runner.lead_s)
            if self._sound.seek_voice(path, offset) and path is not None:
                name = path.replace("\\", "/").rsplit("/", 1)[-1]
                self._write_trace("voice", name, position_s, self.raw_elapsed() + runner.lead_s)
        if position_s < (timeline.total_s if timeline.total_s is not None else math.inf):
            index = timeline.step_index_at(position_s)
            step = timeline.steps[index]
            if step.start_s < starts_here:
                self._fire(Cue(position_s, "step", f"step-{index}", step=index, text=step.caption))
        self.seeked.emit(position_s)

    def _fire(self, cue: Cue) -> None:
        """``cue`` is due: draw it (traced when painted) and tell listeners. Its sound has started."""
        if cue.kind in VISUAL_CUES:
            if any(view.isVisible() for view in self._views):
                self._pending_visual.append(cue)  # traced when the frame showing it is painted
            else:
                self._write_trace(cue.kind, cue.name, cue.due, self.raw_elapsed())
            self._show_frame()
        elif cue.kind == "end":
            self._write_trace("end", cue.name, cue.due, self.raw_elapsed())
        self.cue_fired.emit(cue)

    def _sound_cue(self, cue: Cue) -> None:
        """``cue`` is due in the runner's lead: start its sound, traced at the moment it will be heard."""
        sound, runner = self._sound, self._runner
        if sound is None or runner is None or self._too_late_to_sound(cue):
            return
        played = False
        if cue.kind == "bell":
            played = sound.play_bell(cue.name)
        elif cue.kind == "voice":
            played = sound.play_voice(cue.path)
        elif cue.kind == "phase" and cue.phase is not None:
            kind = cue.phase.kind
            if sound.play_tone(kind, cue.phase.duration_s):
                self._write_trace("tone", kind, cue.due, self.raw_elapsed() + runner.lead_s)
        if played:
            self._write_trace(cue.kind, cue.name, cue.due, self.raw_elapsed() + runner.lead_s)

    def _too_late_to_sound(self, cue: Cue) -> bool:
        if self.raw_elapsed() - cue.due <= LATE_SOUND_S:
            return False
        total = self._runner.timeline.total_s if self._runner is not None else None
        return not (cue.kind == "bell" and total is not None and cue.due >= total)  # the closing bell

    def _write_trace(self, kind: str, name: str, due: float, at: float) -> None:
        if self._trace is not None:
            self._trace.write(kind, name, due, at)

    def _schedule(self, state: TimelineState | None = None) -> None:
        runner = self._runner
        wait_s: float | None = None
        if runner is not None and runner.state == "running":
            if state is None:
                state = runner.state_at_now()
            wait_s = runner.seconds_to_next_cue()
            for view in self._views:
                wait = view.next_change_in(state)
                if wait is not None and (wait_s is None or wait < wait_s):
                    wait_s = wait
        self._sound_moving = self._sound is not None and self._sound.needs_update()
        if self._sound_moving:
            # A fade or a duck in progress moves with the frames.
            wait_s = FRAME_S if wait_s is None else min(wait_s, FRAME_S)
        if wait_s is None:
            self._timer.stop()
            return
        # Round up: waking a hair early costs an extra tick; the runner's tolerance absorbs 1 ms.
        self._timer.start(max(0, math.ceil(wait_s * 1000 - 0.5)))
