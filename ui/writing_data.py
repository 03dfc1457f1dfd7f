"""The journal, the phrase bank, course progress and your people as the app sees them: one owner each.

Opened on first use (start-up stays light); a damaged file is set aside by the core and said once
through the notices. Views listen to the signals and keep no copy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from sessions.paths import DataPaths
from ui.practices import now

if TYPE_CHECKING:
    from sessions.backup import PrivateData
    from sessions.course import Course, CourseProgress
    from sessions.journal_book import Journal
    from sessions.people import People
    from sessions.reads import Read
    from sessions.writing import WritingLibrary


class WritingData(QObject):
    """Holds the one :class:`Journal`, :class:`CourseProgress` and :class:`People`, and the libraries.

    Signals:
        journal_changed(): an entry or phrase was added, edited, deleted or restored.
        course_changed(): a course day was done or skipped.
        people_changed(): someone was added to or removed from your people.
    """

    journal_changed = Signal()
    course_changed = Signal()
    people_changed = Signal()

    def __init__(
        self, paths: DataPaths, notify: Callable[[str], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self._notify = notify
        self._journal: Journal | None = None
        self._course: CourseProgress | None = None
        self._people: People | None = None
        self._library: WritingLibrary | None = None
        self._courses: list[Course] | None = None
        self._reads: list[Read] | None = None

    @property
    def journal(self) -> Journal:
        if self._journal is None:
            from sessions.journal_book import Journal

            self._journal = Journal(self.paths.journal, now)
            self._journal.subscribe(self.journal_changed.emit)
            if self._journal.notice:
                self._notify(self._journal.notice)
        return self._journal

    @property
    def course(self) -> CourseProgress:
        if self._course is None:
            from sessions.course import CourseProgress

            self._course = CourseProgress(self.paths.course, now)
            self._course.subscribe(self.course_changed.emit)
            if self._course.notice:
                self._notify(self._course.notice)
        return self._course

    @property
    def people(self) -> People:
        if self._people is None:
            from sessions.people import People

            self._people = People(self.paths.people, now)
            self._people.subscribe(self.people_changed.emit)
            if self._people.notice:
                self._notify(self._people.notice)
        return self._people

    @property
    def private(self) -> PrivateData:
        from sessions.backup import PrivateData

        return PrivateData(self.journal, self.course, self.people)

    @property
    def library(self) -> WritingLibrary:
        if self._library is None:
            from sessions.writing import load_writing_library

            self._library = load_writing_library(self.paths.user_writing)
        return self._library

    @property
    def courses(self) -> list[Course]:
        if self._courses is None:
            from sessions.course import load_courses

            self._courses, _broken = load_courses(self.paths.user_courses)
        return self._courses

    @property
    def reads(self) -> list[Read]:
        if self._reads is None:
            from sessions.reads import load_reads

            self._reads = load_reads()
        return self._reads

    def read(self, read_id: str) -> Read | None:
        return next((r for r in self.reads if r.id == read_id), None)

    def close(self) -> None:
        """Forget the open documents (before everything is erased); they open afresh on next use."""
        self._journal = self._course = self._people = None


__all__ = ["WritingData"]
