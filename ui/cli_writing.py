"""The command line's writing side and reminders: the journal, writing practices and courses as
data, and pausing or resuming reminders. Like ui/cli_commands.py, no window."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.paths import DataPaths
from ui.cli_commands import UsageError, _open_log

if TYPE_CHECKING:
    from sessions.backup import PrivateData
    from sessions.course import Course
    from sessions.script_model import Problem
    from sessions.writing import WritingLibrary


def writing_and_courses(
    paths: DataPaths,
) -> tuple[WritingLibrary, list[Course], list[tuple[Path, list[Problem]]]]:
    """Writing practices and courses; a course's days are checked against every practice known."""
    from sessions.course import load_courses
    from sessions.library import load_builtin_library
    from sessions.writing import load_writing_library

    writing = load_writing_library(paths.user_writing)
    known = {s.id for s in load_builtin_library(paths.user_sessions).scripts}
    known |= {p.id for p in writing.practices} | {"breathing"}
    courses, broken = load_courses(paths.user_courses, known_practices=known)
    return writing, courses, broken


def check_by_kind(path: Path) -> list[Problem] | None:
    """A writing practice or a course is checked by its own rules; ``None`` for a session script."""
    from sessions.writing import check_writing, toml_kind

    kind = toml_kind(path)
    if kind == "writing":
        return check_writing(path)
    if kind == "course":
        from sessions.course import build_course
        from sessions.library import load_builtin_library
        from sessions.writing import load_writing_library

        known = {s.id for s in load_builtin_library(None).scripts} | {"breathing"}
        known |= {p.id for p in load_writing_library(None).practices}
        return build_course(path, known_practices=known)[1]
    return None


def private_data(paths: DataPaths) -> PrivateData:
    """The journal, course progress and your people, each damaged file set aside and said on stderr."""
    from datetime import datetime

    from sessions.backup import PrivateData
    from sessions.course import CourseProgress
    from sessions.journal_book import Journal
    from sessions.people import People

    def now() -> datetime:
        return datetime.now().astimezone()

    data = PrivateData(
        Journal(paths.journal, now), CourseProgress(paths.course, now), People(paths.people, now)
    )
    for owner in (data.journal, data.course, data.people):
        if owner.notice:
            print(f"kindly: {owner.notice}", file=sys.stderr)
    return data


def cmd_journal(as_json: bool, paths: DataPaths) -> int:
    """Journal entries and reflections, newest first: date, practice, first line."""
    from sessions.journal_view import items

    data = private_data(paths)
    with _open_log(paths) as log:
        shown = items(data.journal.entries(), log.records())
    if as_json:
        print(json.dumps({"entries": [i.to_json() for i in shown]}, indent=2, ensure_ascii=False))
        return 0
    if not shown:
        print("Your journal is empty. Whatever you write in a writing practice is kept here, privately.")
        return 0
    for item in shown:
        when = item.when[:16].replace("T", " ")
        later = "" if item.finished else " (to finish later)"
        line = item.first_line
        line = line if len(line) <= 60 else line[:59] + "…"
        print(f"{when}  {item.title}{later}: {line}")
    return 0


def cmd_reminders(action: str, duration: str, paths: DataPaths) -> int:
    """Pause or resume reminders: handed to the running Kindly (the settings' one owner), else
    written to the settings file, which nobody else holds then."""
    from dataclasses import replace
    from datetime import datetime

    from sessions.commands import make_command
    from sessions.reminder_pause import describe, paused_until
    from sessions.settings import load_settings, save_settings
    from ui.hand_off import HandOffError, hand_off

    if action == "resume" and duration:
        raise UsageError("resume takes no length")
    command = make_command("reminders", pause="resume" if action == "resume" else duration)
    moment = datetime.now().astimezone()
    until = "" if command.pause == "resume" else paused_until(command.pause or "", moment)
    try:
        handed = hand_off("kindly", paths.root, command)
    except HandOffError as exc:
        raise UsageError(str(exc)) from exc
    if not handed:
        settings, notice = load_settings(paths.settings)
        if notice:
            print(f"kindly: {notice}", file=sys.stderr)
        save_settings(paths.settings, replace(settings, reminders_paused_until=until))
    print(describe(until, moment))
    return 0
