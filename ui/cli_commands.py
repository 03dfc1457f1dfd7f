"""The command line's commands that need no window: list, stats, log, export, import, check, plan,
journal, add-audio and install-desktop. Each prints what it did and returns an exit code."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.paths import DataPaths
from sessions.patterns import PRESET_BLURBS, PRESETS, parse_pattern
from sessions.timer import LENGTHS_MIN as TIMER_LENGTHS_MIN

if TYPE_CHECKING:
    from audio.recordings import Recording
    from sessions.history import HistoryLog


class UsageError(Exception):
    """A command-line mistake, explained in one line."""


def cmd_list(as_json: bool, paths: DataPaths) -> int:
    from sessions.library import load_builtin_library

    library = load_builtin_library(paths.user_sessions)
    sessions: list[dict[str, object]] = []
    for script in library.scripts:
        entry: dict[str, object] = {
            "id": script.id,
            "title": script.title,
            "kind": script.kind,
            "lengths": list(script.lengths_min),
            "builtin": script.builtin,
        }
        if script.id == "breathing":
            entry["open_ended"] = True  # `start breathing` runs any length, or `pacer` until you stop
        sessions.append(entry)
    sessions.append(
        {
            "id": "timer",
            "title": "Silent sitting",
            "kind": "timer",
            "lengths": list(TIMER_LENGTHS_MIN),
            "builtin": True,
            "open_ended": True,  # any length: `start timer --minutes N`, or until you stop
        }
    )
    broken = [{"file": str(b.path), "problems": [str(p) for p in b.problems]} for b in library.broken]
    patterns = [
        {"id": pid, "title": p.title, "phases": p.short_text(), "cycle_seconds": p.cycle_s}
        for pid, p in PRESETS.items()
    ]
    tracks = _recordings(paths)
    recordings = [
        {
            "id": f"{RECORDING_PREFIX}{r.id}",
            "title": r.title,
            "artist": r.artist,
            "kind": r.kind or "recording",
            "minutes": round(r.duration_s / 60, 2),
        }
        for r in tracks
    ]
    saved = saved_patterns(paths)
    for name, spec in saved:
        pattern = parse_pattern(spec)
        patterns.append(
            {
                "id": spec,
                "title": name,
                "phases": pattern.short_text(),
                "cycle_seconds": pattern.cycle_s,
                "saved": True,
            }
        )
    from ui.cli_writing import writing_and_courses

    writing_lib, courses, course_broken = writing_and_courses(paths)
    writing = [
        {
            "id": p.id,
            "title": p.title,
            "kind": "writing",
            "minutes": p.minutes,
            "steps": len(p.steps),
            "builtin": p.builtin,
        }
        for p in writing_lib.practices
    ]
    course_list = [
        {"id": c.id, "title": c.title, "kind": "course", "days": len(c.days), "builtin": c.builtin}
        for c in courses
    ]
    broken += [{"file": str(b.path), "problems": [str(p) for p in b.problems]} for b in writing_lib.broken]
    broken += [
        {"file": str(path), "problems": [str(p) for p in problems]} for path, problems in course_broken
    ]
    if as_json:
        listing = {
            "sessions": sessions,
            "recordings": recordings,
            "writing": writing,
            "courses": course_list,
            "patterns": patterns,
            "broken": broken,
        }
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 0
    ids = [s.id for s in library.scripts] + [f"{RECORDING_PREFIX}{r.id}" for r in tracks] + list(PRESETS)
    col = max(24, *(len(i) for i in ids))
    print("Sessions")
    for script in library.scripts:
        lengths = ", ".join(f"{m:g}" for m in script.lengths_min)
        print(f"  {script.id:<{col}} {script.title} ({lengths} min)")
    print(f"  {'timer':<{col}} Silent sitting (any length; bells to begin, to end, and between if you like)")
    for b in library.broken:
        print(f"  {b.path.name:<{col}} can't be used: {b.problems[0] if b.problems else 'unreadable'}")
    if tracks:
        print("\nYour recordings (start one with its id)")
        for track in tracks:
            by = f" by {track.artist}" if track.artist else ""
            print(f"  {RECORDING_PREFIX + track.id:<{col}} {track.title}{by} ({_clock(track.duration_s)})")
    print("\nWriting practices")
    for practice in writing_lib.practices:
        print(
            f"  {practice.id:<{col}} {practice.title}"
            f" (about {practice.minutes:g} min, {len(practice.steps)} pages)"
        )
    for bad in writing_lib.broken:
        print(f"  {bad.path.name:<{col}} can't be used: {bad.problems[0] if bad.problems else 'unreadable'}")
    print("\nCourses")
    for course in courses:
        print(f"  {course.id:<{col}} {course.title} ({len(course.days)} days)")
    for path, problems in course_broken:
        print(f"  {path.name:<{col}} can't be used: {problems[0] if problems else 'unreadable'}")
    print("\nBreathing patterns (--pattern)")
    for pid, p in PRESETS.items():
        print(f"  {pid:<{col}} {p.title}: {PRESET_BLURBS[pid]}")
    for name, spec in saved:
        print(f'  {spec:<{col}} {name} (yours: --pattern "{name}" or {spec})')
    print(f"  {'IN-HOLD-OUT[-HOLD]':<{col}} your own, in seconds, e.g. 4-2-6 or 5-0-7.5")
    return 0


def saved_patterns(paths: DataPaths) -> tuple[tuple[str, str], ...]:
    """The person's own named patterns, from settings.json (none if it cannot be read).

    Read, never repaired: a damaged file is the running app's to set aside, not a listing's.
    """
    from sessions.saved_patterns import cleaned

    try:
        data = json.loads(paths.settings.read_bytes())
    except (OSError, ValueError, RecursionError):
        return ()
    return cleaned(data.get("patterns")) if isinstance(data, dict) else ()


#: How a recording is named where a session id goes (the tray, ``start``, ``list``).
RECORDING_PREFIX = "recording:"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(max(1, round(seconds)), 60)
    return f"{minutes}:{rest:02d}"


def _recordings(paths: DataPaths) -> list[Recording]:
    """The person's recordings; a damaged library is said on stderr and lists none."""
    from audio.recordings import LibraryError, list_recordings

    try:
        return list_recordings(paths.recordings)
    except LibraryError as exc:
        print(f"kindly: {exc}", file=sys.stderr)
        return []


def recording_id_for(session_id: str, paths: DataPaths) -> str | None:
    """``recording:ID`` for a recording named either way (``recording:ID`` or its bare id), else None."""
    wanted = session_id.removeprefix(RECORDING_PREFIX)
    if not session_id.startswith(RECORDING_PREFIX) and not re.fullmatch(r"[0-9a-f]{16}", wanted):
        return None
    if any(r.id == wanted for r in _recordings(paths)):
        return f"{RECORDING_PREFIX}{wanted}"
    if session_id.startswith(RECORDING_PREFIX):
        raise UsageError(f"there is no recording '{wanted}' in your library (see: main.py list)")
    return None


def cmd_add_audio(files: list[str], kind: str | None, paths: DataPaths) -> int:
    """Copy good recordings into the library; one line for each, and exit 1 if any was refused."""
    from audio.recordings import LibraryError, import_recordings
    from sessions.kinds import KindError, check_kind

    try:
        kind = None if kind is None else check_kind(kind)  # the same kinds `log` takes
    except KindError as exc:
        raise UsageError(str(exc)) from None
    try:
        report = import_recordings([Path(f) for f in files], paths.recordings, kind)
    except LibraryError as exc:
        raise UsageError(str(exc)) from exc
    for track in report.imported:
        minutes, seconds = divmod(round(track.duration_s), 60)
        by = f" by {track.artist}" if track.artist else ""
        print(f"added “{track.title}”{by} ({minutes}:{seconds:02d})")
    for failure in report.failed:
        print(f"kindly: {failure}", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_check(file: str) -> int:
    """Print every problem in a script with its place; exit 1 if any is an error."""
    from audio.tags import duration_s
    from sessions.library import BUILTIN_DIR, VOICE_DIR
    from sessions.script_check import build_script
    from sessions.script_density import density_problems

    path = Path(file)
    builtin = path.resolve().parent == BUILTIN_DIR.resolve()
    from ui.cli_writing import check_by_kind

    problems = check_by_kind(path)
    if problems is None:
        script, problems = build_script(path, voice_dir=VOICE_DIR, builtin=builtin, voice_duration=duration_s)
        if script is not None:  # the density rule is advice: warnings, never errors
            problems = [*problems, *density_problems(script, duration_s, line=_lengths_line(path))]
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"{path}: {len(errors)} problem{'s' if len(errors) != 1 else ''}", file=sys.stderr)
        return 1
    print(f"{path}: looks good")
    return 0


def _lengths_line(path: Path) -> int | None:
    from sessions.script_lines import Locator

    try:
        return Locator(path.read_text("utf-8-sig")).key("lengths")
    except (OSError, UnicodeDecodeError):  # changed on disk since it was checked
        return None


def cmd_plan(session_id: str, minutes: float | None, as_json: bool, paths: DataPaths) -> int:
    """A practice's timeline and density (ui/cli_plan.py)."""
    from ui import cli_plan

    try:
        return cli_plan.cmd_plan(session_id, minutes, as_json, paths)
    except cli_plan.PlanError as exc:
        raise UsageError(str(exc)) from exc


@contextmanager
def _open_log(paths: DataPaths) -> Iterator[HistoryLog]:
    """The practice log for one command: its notice (a file set aside) said on stderr, closed after,
    and any ``HistoryError``, opening it or inside the block, turned into a one-line usage error."""
    from sessions.history import HistoryError, HistoryLog

    try:
        log = HistoryLog(paths.history)
        try:
            if log.notice:
                print(f"kindly: {log.notice}", file=sys.stderr)
            yield log
        finally:
            log.close()
    except HistoryError as exc:
        raise UsageError(str(exc)) from exc


def cmd_stats(as_json: bool, paths: DataPaths) -> int:
    from datetime import datetime

    from sessions.stats import practice_day, stats_text, summarise

    with _open_log(paths) as log:
        stats = summarise(log.records(), practice_day(datetime.now().astimezone()))
    print(json.dumps(stats.as_json_dict(), indent=2) if as_json else stats_text(stats))
    return 0


def cmd_log(session_id: str, minutes: float, at: str | None, note: str, paths: DataPaths) -> int:
    """Add a practice done elsewhere: a built-in or user session id, or a breathing pattern id."""
    from datetime import datetime, timedelta

    from sessions.history import HistoryError, Record
    from sessions.kinds import KIND_LABELS, choices_text
    from sessions.library import load_builtin_library

    pattern = None
    if session_id in PRESETS:
        sid, title, kind, pattern = "breathing", PRESETS[session_id].title, "breathing", session_id
    elif session_id == "timer":
        sid, title, kind = "timer", "Silent sitting", "timer"
    else:
        library = load_builtin_library(paths.user_sessions)
        script = library.get(session_id)
        if script is not None:
            sid, title, kind = script.id, script.title, script.kind
        elif session_id.strip().lower() in KIND_LABELS:  # a kind of practice: the list add-audio takes
            kind = sid = session_id.strip().lower()
            title = KIND_LABELS[kind]
        else:
            sessions = ", ".join([*(s.id for s in library.scripts), "timer", *PRESETS])
            raise UsageError(
                f"there is no session '{session_id}', nor a kind of practice by that name; "
                f"sessions: {sessions}; kinds: {choices_text()}"
            )
    now = datetime.now().astimezone()
    if at is None:
        started = now - timedelta(minutes=minutes)
    else:
        try:
            started = datetime.fromisoformat(at)
        except ValueError:
            raise UsageError(f"--at '{at}' is not a date and time like 2026-03-01T07:30") from None
        if started.utcoffset() is None:
            started = started.astimezone()  # a local time, with the offset in force on that date
    if started > now + timedelta(minutes=1):
        raise UsageError(f"--at {at} is in the future")
    try:
        record = Record.logged(
            session_id=sid, title=title, kind=kind, started_at=started, minutes=minutes, note=note,
            pattern=pattern,
        )  # fmt: skip
    except HistoryError as exc:
        raise UsageError(str(exc)) from exc
    with _open_log(paths) as log:
        log.append(record)
    print(f"logged {minutes:g} min of {title}, {started:%a %d %b %Y at %H:%M}")
    return 0


def cmd_export(file: str, paths: DataPaths) -> int:
    from sessions.exchange import export_file

    path = Path(file)
    if path.suffix.lower() == ".json":
        from sessions.backup import export_all
        from ui.cli_writing import private_data

        data = private_data(paths)
        with _open_log(paths) as log:
            counts = export_all(log.records(), data, path)
        print(
            f"exported {counts['sessions']} session{'s' if counts['sessions'] != 1 else ''}, "
            f"{counts['entries']} journal entr{'ies' if counts['entries'] != 1 else 'y'} and "
            f"{counts['phrases']} phrase{'s' if counts['phrases'] != 1 else ''} to {file}"
        )
        return 0
    with _open_log(paths) as log:  # an ExchangeError is a HistoryError too
        count = export_file(log.records(), path)
    print(f"exported {count} session{'s' if count != 1 else ''} to {file}")
    if paths.journal.exists():
        print("your journal, phrases and course progress travel in a .json export", file=sys.stderr)
    return 0


def cmd_import(file: str, dry_run: bool, paths: DataPaths) -> int:
    """Add the sessions of a Kindly export or a simple date/minutes/title table; ``--dry-run`` shows
    what would be added (and each row that can't be read) without changing anything. A JSON export
    that carries the journal, course progress and your people brings those too."""
    from sessions.backup import carries_private, import_all, preview
    from sessions.import_plan import apply_plan, plan_import

    path = Path(file)
    if carries_private(path):
        if dry_run:
            print(preview(path))
            print("Nothing was added (--dry-run).")
            return 0
        from ui.cli_writing import private_data

        data = private_data(paths)
        with _open_log(paths) as log:
            print(import_all(log, data, path).message())
        return 0
    with _open_log(paths) as log:
        plan = plan_import(path, log.records())
        if dry_run:
            print(plan.summary())
            for line in plan.lines():
                print(f"  {line}")
            print("Nothing was added (--dry-run).")
            return 0
        result = apply_plan(log, plan)
    for problem in plan.problems:
        print(f"kindly: skipped {problem}", file=sys.stderr)
    print(result.message())
    return 0


def cmd_install_desktop(remove: bool) -> int:
    """Put Kindly in the desktop's app menu (a launcher and its icon), or take it out."""
    from ui.desktop import install_desktop, remove_desktop

    if remove:
        removed = remove_desktop()
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print("Kindly was not in the app menu")
        return 0
    for path in install_desktop():
        print(f"wrote {path}")
    return 0
