"""A course: a short practice or writing page a day, as TOML data, and where the person is in it.

The progress rules are pure and told the date: "continue where you left off", never "you missed a
day". Days can be done in any order, repeated or skipped; the course simply offers the next day
after the last one touched. Progress lives in ``<data>/course.json`` (a private file: atomic, 0600,
set aside if damaged, exported and imported, erased with everything else).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from sessions.paths import ASSETS_DIR
from sessions.private_file import Document, PrivateDataError, PrivateFile
from sessions.script_lines import Locator
from sessions.script_model import Problem

BUILTIN_COURSE_DIR = ASSETS_DIR / "courses"
MAX_DAYS = 60
_TOP_KEYS = ("id", "title", "kind", "description", "days")
_DAY_KEYS = ("title", "note", "practice", "minutes", "read")


@dataclass(frozen=True)
class CourseDay:
    number: int
    title: str
    note: str
    practice: str
    """A guided session id, a writing practice id, or ``breathing``."""
    minutes: float | None = None
    read: str | None = None


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    description: str
    days: tuple[CourseDay, ...]
    builtin: bool = True
    kind: str = "course"

    def day(self, number: int) -> CourseDay | None:
        return self.days[number - 1] if 1 <= number <= len(self.days) else None


# -- the file ----------------------------------------------------------------------------------------
def build_course(
    path: Path,
    *,
    known_practices: Collection[str] | None = None,
    known_reads: Collection[str] | None = None,
    builtin: bool = False,
) -> tuple[Course | None, list[Problem]]:
    """The course in ``path`` and every problem; ``known_*`` (when given) check the ids days name."""
    problems: list[Problem] = []
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data: dict[str, Any] = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or "not UTF-8"
        return None, [Problem(path, None, None, None, f"cannot be read ({reason})")]
    loc = Locator(text.replace("[[days]]", "[[steps]]"))

    def add(
        message: str,
        key: str | None = None,
        day: int | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        line = loc.step(day, key) if day is not None else (loc.key(key) if key else None)
        problems.append(Problem(path, line, None if day is None else day + 1, key, message, severity))

    for key in data:
        if key not in _TOP_KEYS:
            add(f"unknown key (known: {', '.join(_TOP_KEYS)})", key, severity="warning")
    cid, title = data.get("id"), data.get("title")
    if (
        not isinstance(cid, str)
        or not cid
        or not all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in cid)
    ):
        add("must be lowercase letters, digits and dashes", "id")
    if not isinstance(title, str) or not title.strip() or len(title) > 100:
        add("must be text of at most 100 characters", "title")
    if data.get("kind") != "course":
        add('must be "course"', "kind")
    description = data.get("description", "")
    if not isinstance(description, str) or len(description) > 1000:
        add("must be text of at most 1000 characters", "description")
        description = ""
    raw_days = data.get("days")
    days: list[CourseDay] = []
    if not isinstance(raw_days, list) or not raw_days or len(raw_days) > MAX_DAYS:
        add(f"needs one to {MAX_DAYS} [[days]]", "days")
        raw_days = []
    for index, raw in enumerate(raw_days):
        if not isinstance(raw, dict):
            add("each day must be a table ([[days]])", day=index)
            continue
        for key in raw:
            if key not in _DAY_KEYS:
                add(f"unknown key (known: {', '.join(_DAY_KEYS)})", key, index, "warning")
        dtitle, note, practice = raw.get("title"), raw.get("note", ""), raw.get("practice")
        minutes, read = raw.get("minutes"), raw.get("read")
        ok = True
        if not isinstance(dtitle, str) or not dtitle.strip() or len(dtitle) > 100:
            add("must be text of at most 100 characters", "title", index)
            ok = False
        if not isinstance(note, str) or len(note) > 2000:
            add("must be text of at most 2000 characters", "note", index)
            ok = False
        if not isinstance(practice, str) or not practice:
            add("must name a practice (a session or writing practice id)", "practice", index)
            ok = False
        elif known_practices is not None and practice not in known_practices:
            add(f'there is no practice "{practice}"', "practice", index)
        if minutes is not None and (
            not isinstance(minutes, int | float) or isinstance(minutes, bool) or not 0 < minutes <= 180
        ):
            add("must be minutes, more than 0 and at most 180", "minutes", index)
            ok = False
        if read is not None and (
            not isinstance(read, str) or (known_reads is not None and read not in known_reads)
        ):
            add(f'there is no short read "{read}"', "read", index)
            ok = False
        if ok:
            assert isinstance(dtitle, str) and isinstance(practice, str) and isinstance(note, str)
            days.append(
                CourseDay(
                    index + 1,
                    dtitle.strip(),
                    note.strip(),
                    practice,
                    None if minutes is None else float(minutes),
                    read,
                )
            )
    if any(p.severity == "error" for p in problems):
        return None, problems
    assert isinstance(cid, str) and isinstance(title, str)
    return Course(cid, title.strip(), description.strip(), tuple(days), builtin), problems


def load_courses(
    user_dir: Path | None,
    builtin_dir: Path = BUILTIN_COURSE_DIR,
    *,
    known_practices: Collection[str] | None = None,
) -> tuple[list[Course], list[tuple[Path, list[Problem]]]]:
    """Built-in courses, then the person's own; broken files listed with their problems."""
    courses: list[Course] = []
    broken: list[tuple[Path, list[Problem]]] = []
    for folder, builtin in [(builtin_dir, True)] + ([(user_dir, False)] if user_dir else []):
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.glob("*.toml") if not p.name.startswith(".")):
            course, problems = build_course(path, known_practices=known_practices, builtin=builtin)
            if course is None or any(c.id == course.id for c in courses):
                broken.append((path, problems or [Problem(path, None, None, "id", "is already used")]))
            else:
                courses.append(course)
    return courses, broken


# -- progress ----------------------------------------------------------------------------------------
DayState = Literal["done", "skipped"]


@dataclass(frozen=True)
class Progress:
    """Where a person is in one course: each day's state and when, and the last day touched."""

    states: Mapping[int, tuple[DayState, str]]
    last_day: int = 0
    last_at: str | None = None

    def state(self, number: int) -> DayState | None:
        found = self.states.get(number)
        return found[0] if found else None

    def done(self) -> list[int]:
        return sorted(n for n, (s, _) in self.states.items() if s == "done")


EMPTY = Progress({})


def next_day(course: Course, progress: Progress) -> int | None:
    """The day to offer: the first not done after the last one touched; ``None`` when none is left."""
    for day in course.days[progress.last_day :]:
        if progress.state(day.number) != "done":
            return day.number
    return None


def still_open(course: Course, progress: Progress) -> list[int]:
    """Days skipped or not yet done, there whenever the person wants them."""
    return [d.number for d in course.days if progress.state(d.number) != "done"]


def mark(progress: Progress, number: int, state: DayState, now: datetime) -> Progress:
    """``progress`` with day ``number`` done or skipped now (a done day stays done if skipped later)."""
    stamp = now.isoformat(timespec="seconds")
    states = dict(progress.states)
    if not (state == "skipped" and progress.state(number) == "done"):
        states[number] = (state, stamp)
    return Progress(states, number, stamp)


def greeting(course: Course, progress: Progress, today: date) -> str:
    """One kind line about where the person is: an invitation, never a count of what was missed."""
    upcoming = next_day(course, progress)
    if progress.last_at is None:
        first = course.days[0]
        return f"One short practice a day, at your own pace. Day 1 is “{first.title}”, whenever you're ready."
    if upcoming is None:
        rest = still_open(course, progress)
        if rest:
            return (
                f"You've reached the end of {course.title}. Day {rest[0]} is still here "
                "whenever you'd like it, and you can repeat any day."
            )
        return f"You've walked all of {course.title}. You can come back to any day, whenever you like."
    day = course.day(upcoming)
    assert day is not None
    last = datetime.fromisoformat(progress.last_at).date()
    if last >= today:
        return (
            f"That's today's page done. Day {upcoming}, “{day.title}”, is here tomorrow, or now if you like."
        )
    return f"Welcome back. Continue where you left off: day {upcoming}, “{day.title}”."


# -- the progress file -------------------------------------------------------------------------------
def _progress_from(row: Mapping[str, Any]) -> Progress:
    if not isinstance(row, Mapping):
        raise PrivateDataError("a course's progress is not an object")
    states: dict[int, tuple[DayState, str]] = {}
    days = row.get("days", {})
    if not isinstance(days, Mapping):
        raise PrivateDataError("days must be an object")
    for key, value in days.items():
        if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 3):
            raise PrivateDataError(f"{key[:10]!r} is not a day number")
        if (
            not isinstance(value, Mapping)
            or value.get("state") not in ("done", "skipped")
            or not isinstance(value.get("at"), str)
        ):
            raise PrivateDataError(f"day {key} makes no sense")
        datetime.fromisoformat(value["at"])
        states[int(key)] = (value["state"], value["at"])
    last_day, last_at = row.get("last_day", 0), row.get("last_at")
    if not isinstance(last_day, int) or isinstance(last_day, bool) or not 0 <= last_day <= 999:
        raise PrivateDataError("last_day must be a day number")
    if last_at is not None:
        if not isinstance(last_at, str):
            raise PrivateDataError("last_at must be a date and time")
        datetime.fromisoformat(last_at)
    return Progress(states, last_day, last_at)


def _progress_row(progress: Progress) -> dict[str, Any]:
    return {
        "days": {str(n): {"state": s, "at": at} for n, (s, at) in sorted(progress.states.items())},
        "last_day": progress.last_day,
        "last_at": progress.last_at,
    }


def check_progress_document(document: Document) -> Document:
    courses = document.get("courses", {})
    if not isinstance(courses, Mapping):
        raise PrivateDataError("courses must be an object")
    return {
        "schema": document["schema"],
        "kind": document["kind"],
        "courses": {str(cid): _progress_row(_progress_from(row)) for cid, row in courses.items()},
    }


class CourseProgress:
    """The progress file: one :class:`Progress` per course id; ``subscribe`` to hear of changes."""

    def __init__(self, path: Path, now: Callable[[], datetime]) -> None:
        self.now = now
        self._file = PrivateFile(path, "course", "your course progress", check_progress_document, now)
        self._listeners: list[Callable[[], None]] = []

    @property
    def notice(self) -> str | None:
        return self._file.notice

    def subscribe(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def get(self, course_id: str) -> Progress:
        row = self._file.read().get("courses", {}).get(course_id)
        return EMPTY if row is None else _progress_from(row)

    def mark(self, course_id: str, number: int, state: DayState) -> Progress:
        new = mark(self.get(course_id), number, state, self.now())

        def change(doc: Document) -> Document:
            doc.setdefault("courses", {})[course_id] = _progress_row(new)
            return doc

        self._file.update(change)
        for callback in list(self._listeners):
            callback()
        return new

    def document(self) -> Document:
        return {"courses": dict(self._file.read().get("courses", {}))}

    def merge(self, courses: Mapping[str, Any]) -> int:
        """Import: each day's state joined (done wins; the later time wins), the later ``last`` kept."""
        added = 0
        incoming = {cid: _progress_from(row) for cid, row in courses.items()}

        def change(doc: Document) -> Document:
            nonlocal added
            have = doc.setdefault("courses", {})
            for cid, theirs in incoming.items():
                ours = _progress_from(have[cid]) if cid in have else EMPTY
                states = dict(ours.states)
                for n, (s, at) in theirs.states.items():
                    mine = states.get(n)
                    if mine is None or (s == "done" and mine[0] != "done"):
                        states[n] = (s, at)
                        added += 1
                last = max(
                    [(ours.last_at or "", ours.last_day), (theirs.last_at or "", theirs.last_day)],
                    key=lambda pair: (
                        datetime.fromisoformat(pair[0]).timestamp() if pair[0] else float("-inf"),
                        pair[1],
                    ),
                )
                have[cid] = _progress_row(Progress(states, last[1], last[0] or None))
            return doc

        self._file.update(change)
        if added:
            for callback in list(self._listeners):
                callback()
        return added


def days_done(progresses: Iterable[Progress]) -> int:
    return sum(len(p.done()) for p in progresses)


__all__ = [
    "BUILTIN_COURSE_DIR",
    "EMPTY",
    "Course",
    "CourseDay",
    "CourseProgress",
    "Progress",
    "build_course",
    "greeting",
    "load_courses",
    "mark",
    "next_day",
    "still_open",
]
