"""Writing, the journal, the course and the reads in the running app: windows and who they listen to.

Every window is registered with the one :class:`~ui.windows.WindowRegistry`; each listens to the
owners (:class:`~ui.writing_data.WritingData`, the practice log, the settings store) and keeps no
copy. A course day started here is marked done when its practice is kept in the log (a guided
one) or finished (a writing one): by the same record rule as everything else.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from sessions.private_file import PrivateDataError
from sessions.records import Record
from sessions.settings import Settings
from ui import theme as themes
from ui.practices import now, practice_for

if TYPE_CHECKING:
    from sessions.journal_book import Entry
    from sessions.scripts import Script
    from ui.app import KindlyApp
    from ui.journal_window import JournalWindow
    from ui.writing_home import ReadView, WritingHome
    from ui.writing_window import WritingWindow


class WritingFlow(QObject):
    """What the writing windows ask of the app: begin a practice, a course day, a read."""

    def __init__(self, app: KindlyApp) -> None:
        super().__init__(app)
        self.app = app
        self._course_day: tuple[str, int, str] | None = None
        self._letters_offered_on: date | None = None
        windows = app.windows
        windows.register("write", self._home)
        windows.register("writing", self._writing)
        windows.register("journal", self._journal)
        windows.register("read", self._read)
        app.practices.recorded.connect(self._recorded)
        app.practices.adapt_script = self._own_phrases

    # -- commands ------------------------------------------------------------------------------------
    def begin_writing(self, practice_id: str) -> WritingWindow | None:
        """Begin a writing practice, or continue the one left to finish later."""
        from ui.writing_window import WritingWindow

        practice = self.app.writing.library.get(practice_id)
        if practice is None:
            self.app.notices.say(f"There is no writing practice called “{practice_id}”.")
            return None
        try:
            unfinished = self.app.writing.journal.unfinished(practice_id)
        except PrivateDataError:
            unfinished = None
        window = self.app.windows.typed("writing", WritingWindow)
        window.begin(practice, unfinished)
        self.app.windows.open("writing")
        return window

    def continue_entry(self, entry: Entry) -> None:
        from ui.writing_window import WritingWindow

        practice = self.app.writing.library.get(entry.practice_id)
        if practice is None:
            self.app.notices.say(
                "The practice this was written in is no longer here, so it can only be read."
            )
            return
        window = self.app.windows.typed("writing", WritingWindow)
        window.begin(practice, entry)
        self.app.windows.open("writing")

    def open_day(self, course_id: str, number: int) -> None:
        course = next((c for c in self.app.writing.courses if c.id == course_id), None)
        day = course.day(number) if course else None
        if day is None:
            return
        self._course_day = (course_id, number, day.practice)
        if day.read is not None:
            self.open_read(day.read)
        if self.app.writing.library.get(day.practice) is not None:
            self.begin_writing(day.practice)
            return
        practice = practice_for(day.practice, day.minutes)
        self.app.checkins.ask_before(lambda mood: self.app.practices.start(practice, mood_before=mood))
        self.app.show_main_window()

    def skip_day(self, course_id: str, number: int) -> None:
        try:
            self.app.writing.course.mark(course_id, number, "skipped")
        except PrivateDataError as exc:
            self.app.notices.say(f"Your course progress could not be saved ({exc}).")

    def open_read(self, read_id: str) -> None:
        from ui.writing_home import ReadView

        read = self.app.writing.read(read_id)
        if read is not None:
            self.app.windows.typed("read", ReadView).set_read(read)
            self.app.windows.open("read")

    def read_letter_again(self, entry_id: str) -> None:
        from ui.journal_window import JournalWindow

        journal = self.app.writing.journal
        entry = journal.get(entry_id)
        if entry is None:
            return
        try:
            journal.save(replace(entry, read_again_on=None))  # offered once; it stays in the journal
        except PrivateDataError as exc:
            self.app.notices.say(str(exc))
        window = self.app.windows.typed("journal", JournalWindow)
        self.app.windows.open("journal")
        window.select(entry_id)

    def offer_letters(self) -> bool:
        """At most once a day — when Kindly starts, and with the person's own reminders and bells
        (the reminder scheduler's ``reminder_due``), never at a time of its own — say gently that a
        letter's "read it again" day has come (the tray shows it when no window is open)."""
        # Here, not at the top: the journal and the stats are not needed to paint the first window.
        from sessions.journal_book import letters_to_read_again
        from sessions.stats import practice_day

        today = practice_day(now())
        if self._letters_offered_on == today or not self.app.paths.journal.exists():
            return False
        try:
            due = letters_to_read_again(self.app.writing.journal.entries(), today)
        except PrivateDataError:
            return False
        if not due:
            return False
        self._letters_offered_on = today
        # Notices say each text once a run: the same letter is never offered twice.
        for letter in due:
            written = datetime.fromisoformat(letter.created_at).strftime("%d %B").lstrip("0")
            self.app.notices.say(
                f"“{letter.title}”, written on {written}, is here for you to read again, "
                "whenever you like, in Write and read."
            )
        return True

    def forget(self) -> None:
        """Before everything is erased: the writing window keeps nothing more."""
        from ui.writing_window import WritingWindow

        window = self.app.windows.peek("writing")
        if isinstance(window, WritingWindow):
            window.practice = None
        self._course_day = None
        self.app.writing.close()

    # -- reactions -----------------------------------------------------------------------------------
    def _day_done(self, practice_id: str) -> None:
        if self._course_day is None or self._course_day[2] != practice_id:
            return
        course_id, number, _ = self._course_day
        self._course_day = None
        try:
            self.app.writing.course.mark(course_id, number, "done")
        except PrivateDataError as exc:
            self.app.notices.say(f"Your course progress could not be saved ({exc}).")

    def _recorded(self, record: Record) -> None:
        self._day_done(record.session_id)

    def _record_writing(self, record: Record) -> None:
        self.app.log.append(record)

    def _own_phrases(self, script: Script) -> Script:
        """The person's phrases as captions, when they chose so (and only then is the journal opened)."""
        from sessions.own_phrases import KINDS_WITH_PHRASES, with_own_phrases

        if script.kind not in KINDS_WITH_PHRASES or not self.app.paths.journal.exists():
            return script
        try:
            journal = self.app.writing.journal
            if not journal.show_in_sessions:
                return script
            return with_own_phrases(script, [p.text for p in journal.phrases()])
        except PrivateDataError:
            return script

    # -- windows -------------------------------------------------------------------------------------
    def _theme(self) -> themes.Theme:
        return themes.current(self.app.store.value.theme)

    def _watch_theme(self, window: QWidget) -> None:
        def changed(settings: Settings) -> None:
            window.set_theme(themes.current(settings.theme))  # type: ignore[attr-defined]

        self.app.store.watch(("theme",), changed, owner=window)

    def _home(self) -> WritingHome:
        from sessions.course import greeting
        from sessions.journal_book import letters_to_read_again
        from sessions.stats import practice_day
        from ui.writing_home import WritingHome

        data = self.app.writing
        home = WritingHome(theme=self._theme())

        def refresh() -> None:
            try:
                entries = data.journal.entries()
                progress_for = data.course.get
            except PrivateDataError:
                entries, progress_for = [], None
            unfinished = {e.practice_id for e in entries if not e.finished}
            home.set_practices(data.library.practices, sorted(unfinished))
            course = data.courses[0] if data.courses else None
            if course is not None and progress_for is not None:
                progress = progress_for(course.id)
                home.set_course(course, progress, greeting(course, progress, practice_day(now())))
            home.set_letters(letters_to_read_again(entries, practice_day(now())))

        home.set_reads(data.reads)
        refresh()
        data.journal_changed.connect(refresh, Qt.ConnectionType.QueuedConnection)
        data.course_changed.connect(refresh, Qt.ConnectionType.QueuedConnection)
        home.writing_requested.connect(self.begin_writing)
        home.course_day_requested.connect(self.open_day)
        home.course_day_skipped.connect(self.skip_day)
        home.journal_requested.connect(lambda: self.app.windows.open("journal"))
        home.read_requested.connect(self.open_read)
        home.letter_requested.connect(self.read_letter_again)
        self._watch_theme(home)
        return home

    def _writing(self) -> WritingWindow:
        from ui.writing_window import WritingWindow

        window = WritingWindow(
            self.app.writing.journal, self.app.clock, self._record_writing, theme=self._theme()
        )
        window.finished.connect(lambda entry: self._day_done(entry.practice_id))
        window.journal_requested.connect(lambda: self.app.windows.open("journal"))
        self._watch_theme(window)
        return window

    def _journal(self) -> JournalWindow:
        from ui.journal_window import JournalWindow

        log = self.app.log
        window = JournalWindow(
            self.app.writing.journal,
            log.records,
            lambda record_id, note: log.log.update(record_id, note=note),
            theme=self._theme(),
        )
        # Queued: a change this window made is drawn once, after it finished making it.
        self.app.writing.journal_changed.connect(window.refresh, Qt.ConnectionType.QueuedConnection)
        log.changed.connect(window.refresh, Qt.ConnectionType.QueuedConnection)
        window.continue_requested.connect(self.continue_entry)
        self._watch_theme(window)
        return window

    def _read(self) -> ReadView:
        from ui.writing_home import ReadView

        view = ReadView(theme=self._theme())
        self._watch_theme(view)
        return view


__all__ = ["WritingFlow"]
