"""The course: ten (fake-clock) days with a skipped day, and words that never count what was missed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sessions.course import BUILTIN_COURSE_DIR, CourseProgress, build_course, greeting, next_day, still_open
from sessions.library import load_builtin_library
from sessions.writing import load_writing_library

COURSE_FILE = BUILTIN_COURSE_DIR / "ten-kind-days.toml"


def known() -> set[str]:
    ids = {s.id for s in load_builtin_library(None).scripts} | {"breathing"}
    return ids | {p.id for p in load_writing_library(None).practices}


def test_the_builtin_course_names_only_real_practices() -> None:
    course, problems = build_course(COURSE_FILE, known_practices=known(), known_reads=None)
    assert problems == [] and course is not None
    assert len(course.days) == 10
    minutes = [d.minutes for d in course.days if d.minutes is not None]
    assert minutes == sorted(minutes), "silence grows over the days"


def test_ten_days_with_a_skipped_day_and_a_day_away(tmp_path: Path) -> None:
    course, _ = build_course(COURSE_FILE, known_practices=known())
    assert course is not None
    today = [datetime(2026, 3, 1, 19, 0, tzinfo=UTC)]
    progress = CourseProgress(tmp_path / "course.json", lambda: today[0])
    said: list[str] = []

    def look() -> int | None:
        p = progress.get(course.id)
        said.append(greeting(course, p, today[0].date()))
        return next_day(course, p)

    assert look() == 1 and "whenever you're ready" in said[-1]
    for calendar_day in range(14):
        today[0] = datetime(2026, 3, 1, 19, 0, tzinfo=UTC) + timedelta(days=calendar_day)
        if calendar_day in (4, 5):
            continue  # two days away: no practice at all
        offered = look()
        if offered is None:
            break
        if offered == 6:
            progress.mark(course.id, 6, "skipped")  # "not today": the next day is offered at once
            offered = look()
            assert offered == 7 and "tomorrow" in said[-1]
        assert offered is not None
        progress.mark(course.id, offered, "done")
        if offered < 10:
            assert "tomorrow, or now if you like" in look_after(course, progress, today[0].date())
    final = progress.get(course.id)
    assert final.done() == [1, 2, 3, 4, 5, 7, 8, 9, 10]
    assert still_open(course, final) == [6]
    assert "Day 6 is still here" in greeting(course, final, today[0].date())
    welcome = [s for s in said if s.startswith("Welcome back")]
    assert welcome, "after days away the course simply welcomes the person back"
    everything = " ".join(said).lower()
    for unkind in ("missed", "streak", "behind", "failed", "lost"):
        assert unkind not in everything
    # The progress survives a restart, and a done day can be repeated without being undone.
    again = CourseProgress(tmp_path / "course.json", lambda: today[0])
    again.mark(course.id, 2, "skipped")
    assert again.get(course.id).state(2) == "done"


def look_after(course, progress: CourseProgress, today: date) -> str:  # type: ignore[no-untyped-def]
    return greeting(course, progress.get(course.id), today)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'id = "c"\ntitle = "C"\nkind = "course"\n[[days]]\ntitle = "One"\npractice = "nowhere"\n',
            'there is no practice "nowhere"',
        ),
        (
            'id = "c"\ntitle = "C"\nkind = "course"\n[[days]]\ntitle = "One"\n'
            'practice = "breathing"\nminutes = -1\n',
            "must be minutes",
        ),
        ('id = "c"\ntitle = "C"\nkind = "course"\n', "needs one to"),
    ],
)
def test_a_course_with_a_mistake_says_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    course, problems = build_course(path, known_practices=known())
    assert course is None
    assert any(message in str(p) for p in problems), problems


def test_a_damaged_progress_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "course.json"
    path.write_text('{"schema": 1, "kind": "course", "courses": {"x": {"days": {"one": 1}}}}')
    progress = CourseProgress(path, lambda: datetime(2026, 3, 1, tzinfo=UTC))
    assert progress.notice is not None and "corrupt" in progress.notice
    assert list(tmp_path.glob("course.corrupt-*.json"))
