"""The one way a practice starts and is recorded: guided, breathing, recording, whatever comes next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Qt, Signal

from sessions.events import SessionEnded
from sessions.patterns import PatternError
from sessions.practice_record import record_for
from sessions.records import Record
from sessions.resume_points import ResumePoint, ResumePoints, resume_key, worth_resuming
from sessions.saved_patterns import resolve
from sessions.settings import Settings
from sessions.timeline import Timeline, breathing_timeline, whole_breaths
from sessions.timer import TIMER_ID, TimerError, TimerPlan, timer_timeline

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from audio.engine import AudioEngine
    from ui.controller import SessionController
    from ui.library_model import LibraryModel
    from ui.practice_log import PracticeLog
    from ui.settings_store import SettingsStore
    from ui.sound import EngineSound
    from ui.windows import WindowRegistry

PracticeKind = Literal["guided", "breathing", "recording", "timer"]
RECORDING_PREFIX = "recording:"
PATTERN_PREFIX = "pattern:"
VOLUME_FIELDS = ("voice_volume", "bell_volume", "tone_volume", "ambient_volume")


@dataclass(frozen=True)
class Practice:
    """What to start: a script id, a breathing pattern (``""``: the saved one), or a recording id."""

    kind: PracticeKind
    key: str = ""
    minutes: float | None = None
    pattern: str | None = None
    """Guided breathing only: the pattern for its silences."""
    timer: TimerPlan | None = None
    """A silent sit's settling time and bells (``None``: the person's usual ones, from settings)."""
    breaths: int | None = None
    """Plain breathing only: exactly this many whole breaths (else the count nearest ``minutes``)."""
    resume: bool = False
    """A recording or long guided practice: carry on from where it was left (if that is still known)."""


def now() -> datetime:
    return datetime.now().astimezone()


def practice_for(session_id: str, minutes: float | None, pattern: str | None = None) -> Practice:
    """A session id as the command line, the tray and ``Again`` name it, as a :class:`Practice`.

    Breathing of at least ``GUIDED_BREATHING_MIN_MINUTES`` gets the spoken settle and close of the
    breathing script; shorter is the plain pacer, so a one-minute pause is a minute of breathing.
    """
    from sessions.library import GUIDED_BREATHING_MIN_MINUTES

    if session_id.startswith(RECORDING_PREFIX):
        return Practice("recording", session_id.removeprefix(RECORDING_PREFIX))
    if session_id == TIMER_ID:
        return Practice("timer", minutes=minutes)
    if session_id.startswith(PATTERN_PREFIX):
        pattern = session_id.removeprefix(PATTERN_PREFIX)
        return practice_for("breathing", minutes, pattern)
    if session_id == "breathing":
        if minutes is not None and minutes >= GUIDED_BREATHING_MIN_MINUTES:
            return Practice("guided", "breathing", minutes, pattern=pattern or "")
        return Practice("breathing", pattern or "", minutes)
    return Practice("guided", session_id, minutes)


class Practices(QObject):
    """Starts every practice through :meth:`start`, owns the sound, and records what was practised.

    Signals:
        recorded(object): the :class:`Record` of a practice that ended and was kept.
        record_failed(): a practice worth keeping could not be saved (the log said why).
        ended(): a practice ended (kept or not), after it was recorded.
    """

    recorded = Signal(object)
    record_failed = Signal()
    ended = Signal()

    def __init__(
        self,
        controller: SessionController,
        *,
        store: SettingsStore,
        library: LibraryModel,
        log: PracticeLog,
        windows: WindowRegistry,
        notify: Callable[[str], None],
        engine_factory: Callable[[dict[str, float]], AudioEngine] | None,
        resume_points: ResumePoints | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._store = store
        self._library = library
        self._log = log
        self._windows = windows
        self._notify = notify
        self._engine_factory = engine_factory
        self.resume_points = resume_points
        #: What is running, and the place it carried on from (``None``: from the beginning).
        self._practice: Practice | None = None
        self._resuming: ResumePoint | None = None
        self.sound: EngineSound | None = None
        self._started_at: datetime | None = None
        self._mood_before: int | None = None
        #: "Stop the current practice and start …?", while it is asked.
        self.question: QMessageBox | None = None
        controller.session_started.connect(self._on_started)
        controller.session_finished.connect(self._on_finished)
        controller.state_changed.connect(self._keep_place_when_paused)
        store.watch((*VOLUME_FIELDS, "sounds"), self._sync_sound)

    # -- the one path --------------------------------------------------------------------------------
    def start(self, practice: Practice, *, mood_before: int | None = None) -> bool:
        """Start ``practice`` in its window; False (and a notice) when it cannot be started.

        A practice already running is never replaced silently (issue 14, defect 7: a tray start
        did): the person is asked, calmly, and the new one starts only if they say so. Until then
        this returns False and the running practice goes on.
        """
        if self.controller.is_active:
            self._ask_to_replace(practice, mood_before)
            return False
        return self._start(practice, mood_before)

    def _start(self, practice: Practice, mood_before: int | None) -> bool:
        timeline = self._timeline(practice)
        if timeline is None:
            return False
        self._mood_before = mood_before
        from ui.pacer import PacerWindow

        shown = self._windows.peek("pacer")
        if isinstance(shown, PacerWindow):
            # A pacer on screen shows every session; its pattern and length are for its own only.
            shown.paces_own_session = practice.kind == "breathing"
        if practice.kind == "breathing":
            pacer = self._windows.typed("pacer", PacerWindow)
            pacer.paces_own_session = True
            self._windows.open("pacer")
            pacer.select(practice.key or self._store.value.pattern, practice.minutes)
        sound = self.ensure_sound()
        if sound is not None:
            # Build this session's bells and tones before its clock starts, so every cue is on time.
            sound.prepare(timeline)
            if sound.engine.notice:
                self._notify(sound.engine.notice)
        self.controller.start(timeline)
        self._practice, self._resuming = practice, None
        if practice.resume:
            self._carry_on_from_place(practice)
        settings = self._store.value
        if sound is not None and settings.ambient:
            sound.engine.start_ambient(settings.ambient)
        if practice.kind != "breathing":
            from ui.main_window import MainWindow

            script = self._library.library.get(practice.key) if practice.kind == "guided" else None
            window = self._windows.typed("main", MainWindow)
            window.player.set_care_note(script.care_note if script is not None else None)
            window.show_player()
            self._windows.open("main")
        return True

    # -- where it was left ------------------------------------------------------------------------------
    def resume_offer(self, practice: Practice) -> ResumePoint | None:
        """The place ``practice`` was left within the last day, still valid, or ``None``."""
        key = resume_key(practice.kind, practice.key, practice.minutes)
        if key is None or self.resume_points is None:
            return None
        length_s, size = self._length_and_size(practice)
        if length_s is None:
            return None
        return self.resume_points.offer(key, now(), length_s=length_s, file_size=size)

    def _length_and_size(self, practice: Practice) -> tuple[float | None, int | None]:
        if practice.kind != "recording":
            return (None if practice.minutes is None else practice.minutes * 60.0), None
        recording = self._library.recording(practice.key)
        try:
            return (
                (None, None) if recording is None else (recording.duration_s, recording.path.stat().st_size)
            )
        except OSError:
            return None, None

    def _carry_on_from_place(self, practice: Practice) -> None:
        point = self.resume_offer(practice)
        if point is None:
            self._notify(
                f"The place you left {self._title(practice)} is no longer known (it was more than a "
                "day ago, or the file has changed), so it starts from the beginning."
            )
            return
        self._resuming = point
        self.controller.seek_to(point.position_s)

    def _keep_place_when_paused(self) -> None:
        """A pause is kept at once, so the place survives even a crash or a power cut.

        Nothing is logged yet: the time played so far rides along as ``unlogged_s`` (with the
        record being carried on, if any) until the practice ends and is recorded.
        """
        runner, practice, point = self.controller.runner, self._practice, self._resuming
        if not self.controller.is_paused or runner is None or practice is None or not runner.timeline.total_s:
            return
        key = resume_key(practice.kind, practice.key, practice.minutes)
        if key is None:
            return
        before = 0.0 if point is None else point.unlogged_s
        place = ResumePoint(
            key=key,
            position_s=float(int(runner.elapsed())),
            length_s=runner.timeline.total_s,
            saved_at=now(),
            record_id=None if point is None else point.record_id,
            # This sitting's playing so far (the jump to the place it carried on from is not in it).
            unlogged_s=before + runner.practiced_s(),
            file_size=self._length_and_size(practice)[1],
        )
        self._keep_place(key, SessionEnded(False, 0.0, runner.timeline.total_s), place)

    def _keep_place(self, key: str, event: SessionEnded, kept: ResumePoint) -> None:
        """Remember where a practice was left (or forget it, once finished); never fails the app."""
        if self.resume_points is None:
            return
        try:
            if not event.completed and worth_resuming(kept.position_s, kept.length_s):
                self.resume_points.save(kept)
            else:
                self.resume_points.forget(key)
        except OSError as exc:
            self._notify(f"Kindly could not remember where you left off: {exc.strerror or exc}.")

    # -- one practice at a time -----------------------------------------------------------------------
    def _ask_to_replace(self, practice: Practice, mood_before: int | None) -> None:
        """Ask whether to stop the running practice for ``practice``; start it only on a yes."""
        from PySide6.QtWidgets import QMessageBox

        if self.question is not None:
            self.question.done(0)  # a newer request replaces the one still asked about
        parent = self._session_window()
        box = QMessageBox(parent)
        box.setWindowTitle("Another practice")
        box.setText(f"Stop the current practice and start {self._title(practice)}?")
        runner = self.controller.runner
        if runner is not None:
            box.setInformativeText(f"{runner.timeline.title} is still going. You can stay with it.")
        replace = box.addButton("&Stop and start", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("&Keep practising", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Return or Esc by mistake keeps the practice going
        box.setEscapeButton(keep)
        if parent is not None and parent.windowFlags() & Qt.WindowType.WindowStaysOnTopHint:
            box.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if self.question is box:
                self.question = None
            if box.clickedButton() is not replace:
                return
            if self.controller.is_active:
                self.controller.stop()  # recorded, if long enough, like any stop
            self._start(practice, mood_before)

        box.finished.connect(answered)
        self.question = box
        box.open()

    def _session_window(self) -> QWidget | None:
        """The window the running practice is shown in, when it is on screen."""
        for name in ("pacer", "main"):
            if self._windows.is_visible(name):
                return self._windows.peek(name)
        return None

    def _title(self, practice: Practice) -> str:
        if practice.kind == "breathing":
            minutes = practice.minutes
            if minutes is None:
                return "breathing until you stop"
            return "a minute of breathing" if minutes == 1 else f"{minutes:g} minutes of breathing"
        if practice.kind == "timer":
            return "a silent sitting"
        if practice.kind == "recording":
            recording = self._library.recording(practice.key)
            return f"“{recording.title}”" if recording is not None else "your recording"
        script = self._library.library.get(practice.key)
        return f"“{script.title}”" if script is not None else f"“{practice.key}”"

    def _timeline(self, practice: Practice) -> Timeline | None:
        settings = self._store.value
        try:
            if practice.kind == "breathing":
                pattern = resolve(
                    practice.key or settings.pattern, settings.patterns, no_holds=settings.no_holds
                )
                # Ends after a whole breath (its breath out and hold), never mid-inhale: the breath
                # count nearest the length asked for, or exactly the breaths asked for.
                breaths = practice.breaths
                if breaths is None and practice.minutes is not None:
                    breaths = whole_breaths(pattern, practice.minutes)
                return breathing_timeline(pattern, practice.minutes, breaths=breaths)
            if practice.kind == "recording":
                return self._recording_timeline(practice.key)
            if practice.kind == "timer":
                return self._timer_timeline(practice, settings)
            return self._guided_timeline(practice, settings)
        except PatternError as exc:
            self._notify(str(exc))
            return None

    def _guided_timeline(self, practice: Practice, settings: Settings) -> Timeline | None:
        from audio.tags import duration_s
        from sessions.guided import guided_timeline
        from sessions.scripts import ScriptError

        script = self._library.library.get(practice.key)
        if script is None:
            self._notify(f"The session '{practice.key}' could not be found.")
            return None
        pattern = None
        if practice.pattern is not None:
            text = practice.pattern or settings.pattern
            pattern = resolve(text, settings.patterns, no_holds=settings.no_holds)
        minutes = practice.minutes if practice.minutes is not None else script.lengths_min[0]
        try:
            return guided_timeline(script, minutes, duration_s, pattern=pattern, no_holds=settings.no_holds)
        except (ScriptError, PatternError) as exc:
            self._notify(f"'{script.title}' can't be played: {exc}")
            return None

    def _timer_timeline(self, practice: Practice, settings: Settings) -> Timeline | None:
        from audio.bells import check_bell
        from audio.tags import AudioFileError

        plan = practice.timer or settings.timer_plan(practice.minutes)
        try:
            plan = replace(plan, bell=check_bell(plan.bell))
            return timer_timeline(plan)
        except AudioFileError as exc:
            self._notify(f"That bell can't ring: {exc}. Nothing was started.")
        except TimerError as exc:
            self._notify(f"The timer can't be set like that: {exc}.")
        return None

    def _recording_timeline(self, recording_id: str) -> Timeline | None:
        from sessions.guided import recording_timeline

        recording = self._library.recording(recording_id)
        if recording is None:
            self._notify("That recording is no longer in your library.")
            return None
        if not recording.path.is_file():
            self._notify(
                f"“{recording.title}” can't be played: its file is no longer in your library folder "
                f"({recording.path.parent}). Nothing was logged."
            )
            return None
        return recording_timeline(
            recording.id,
            recording.title,
            kind=recording.kind,
            path=recording.path,
            duration_s=recording.duration_s,
            captions=[(c.start_s, c.text) for c in recording.captions],
        )

    # -- sound ---------------------------------------------------------------------------------------
    def ensure_sound(self) -> EngineSound | None:
        """The audio engine, started on first need from the saved volumes (None when silent)."""
        if self.sound is None and self._engine_factory is not None:
            from ui.sound import EngineSound

            settings = self._store.value
            self.sound = EngineSound(
                self._engine_factory(settings.volumes()),
                tones=settings.sounds,
                on_notice=self._notify,  # the sound device vanished mid-session: say so once
            )
            self.controller.sound = self.sound
        return self.sound

    def ring_bell(self) -> None:
        sound = self.ensure_sound()
        if sound is not None:
            sound.engine.play_bell("small-bowl", volume=0.7)

    def _sync_sound(self, settings: Settings) -> None:
        if self.sound is None:
            return
        for channel, volume in settings.volumes().items():
            self.sound.engine.set_volume(channel, volume)  # type: ignore[arg-type]
        self.sound.tones = settings.sounds

    def close(self) -> None:
        if self.controller.is_active:
            self.controller.stop()
        if self.sound is not None:
            self.sound.engine.close()

    # -- recording what was practised ----------------------------------------------------------------
    def _on_started(self) -> None:
        self._started_at = now()

    def _on_finished(self, event: SessionEnded) -> None:
        if self.sound is not None and self._store.value.ambient:
            self.sound.engine.stop_ambient()
        runner = self.controller.runner
        point, self._resuming = self._resuming, None
        practice, self._practice = self._practice, None
        record: Record | None = None
        kept_id: str | None = None
        if runner is not None and point is not None:
            # Carried on from a place: the jump there is not a skip, and time already played counts.
            event = replace(
                event,
                practiced_s=event.practiced_s + point.unlogged_s,
                skipped_s=event.skipped_s - point.position_s,
            )
            if point.record_id is not None:
                # Played in this sitting, and any not yet in the record (a sitting cut short by a crash).
                record = self._add_to_record(point.record_id, event.practiced_s, event)
                kept_id = None if record is None else record.id
        if runner is not None and kept_id is None:
            record = record_for(
                runner.timeline,
                event,
                started_at=self._started_at,
                ended_at=now(),
                mood_before=self._mood_before,
            )
            if record is not None:
                if self._log.append(record):
                    kept_id = record.id
                else:
                    self.record_failed.emit()
                    record = None
        self._mood_before = None
        key = None if practice is None else resume_key(practice.kind, practice.key, practice.minutes)
        if practice is not None and key is not None and runner is not None and runner.timeline.total_s:
            place = ResumePoint(
                key=key,
                position_s=float(int(runner.elapsed())),
                length_s=runner.timeline.total_s,
                saved_at=now(),
                record_id=kept_id,
                unlogged_s=0.0 if kept_id is not None else event.practiced_s,
                file_size=self._length_and_size(practice)[1],
            )
            self._keep_place(key, event, place)
        if record is not None:
            self.recorded.emit(record)
        self.ended.emit()

    def _add_to_record(self, record_id: str, played_s: float, event: SessionEnded) -> Record | None:
        """The record of the first sitting, carried on: its minutes grow by ``played_s``."""
        from sessions.records import HistoryError

        try:
            log = self._log.log
            old = log.get(record_id)
            if old is None:
                return None  # deleted meanwhile: this sitting gets a record of its own
            return log.update(
                record_id,
                practiced_seconds=old.practiced_seconds + played_s,
                ended_at=now().isoformat(timespec="seconds"),
                completed=event.completed,
            )
        except HistoryError as exc:
            self._notify(f"This session could not be saved to your log: {exc}")
            return None


__all__ = ["Practice", "Practices", "practice_for"]
