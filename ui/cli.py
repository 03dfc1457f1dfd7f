"""Kindly's command line: parse it, build the real objects, run, return an exit code.

``main.py`` at the top of the checkout runs :func:`main`. The code lives here, in a module, because
Python caches a module's compiled code and compiles a script afresh at every launch (7 ms of a
launch to the tray). Nothing here imports Qt until a command needs a window.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.commands import Command, CommandError, make_command
from sessions.install import COMMAND, app_version, prog_name
from sessions.kinds import PRACTICE_KINDS
from sessions.paths import DataPaths, resolve_data_paths
from sessions.patterns import PRESET_BLURBS, PRESETS, PatternError

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from audio.recordings import Recording
    from sessions.history import HistoryLog
    from ui.app import KindlyApp

MAX_MINUTES = 180.0
#: Qt settings that make each frame of the pacer cheaper (bench/run.py measures them; the
#: environment can still override either). Kindly's fills are small, so spreading one over Qt's
#: GUI thread pool costs more in hand-offs than it saves; and for small repaints a plain X11
#: PutImage is cheaper than a shared-memory image, whose completion the X server reports back
#: with one more event (and one more wake-up) per frame.
LIGHT_QT = {"QT_NO_GUI_THREADPOOL": "1", "QT_XCB_NO_MITSHM": "1"}


class UsageError(Exception):
    """A command-line mistake, explained in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of minutes") from None
    if not 0 < value <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(
            f"minutes must be more than 0 and at most {MAX_MINUTES:g}, got {text}"
        )
    return value


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of breaths") from None


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of minutes") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"the interval must be more than 0 minutes, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="keep all data in DIR")
    common.add_argument(
        "--trace", metavar="FILE", default=argparse.SUPPRESS, help="write one JSON line per cue"
    )

    parser = _Parser(prog=prog_name(), description="Kindly: self-compassion practice.", parents=[common])
    parser.add_argument("--version", action="version", version=f"kindly {app_version() or 'unknown'}")
    parser.add_argument(
        "--background", action="store_true", help="start in the tray without opening a window (as at login)"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    list_cmd = sub.add_parser("list", parents=[common], help="sessions and breathing patterns")
    list_cmd.add_argument("--json", action="store_true")
    start = sub.add_parser("start", parents=[common], help="start a session")
    start.add_argument("session_id", metavar="ID")
    add_audio = sub.add_parser("add-audio", parents=[common], help="import recordings into the library")
    add_audio.add_argument("files", metavar="FILE", nargs="+")
    add_audio.add_argument("--kind", help="what kind of practice these are: " + ", ".join(PRACTICE_KINDS))
    sub.add_parser("history", parents=[common], help="open your practice history")
    sub.add_parser("settings", parents=[common], help="open the settings window")
    desktop = sub.add_parser("install-desktop", parents=[common], help="add Kindly to the app menu")
    desktop.add_argument("--remove", action="store_true", help="take Kindly out of the app menu again")
    stats = sub.add_parser("stats", parents=[common], help="practice summary, no window")
    stats.add_argument("--json", action="store_true")
    log_cmd = sub.add_parser("log", parents=[common], help="add a practice done elsewhere")
    log_cmd.add_argument(
        "session_id", metavar="ID", help="a session, a breathing pattern, or a kind of practice"
    )
    log_cmd.add_argument("--minutes", type=_minutes, required=True, help="how long, in minutes")
    log_cmd.add_argument(
        "--at", metavar="ISO", help="when it began, e.g. 2026-03-01T07:30 (default: it just ended)"
    )
    log_cmd.add_argument("--note", metavar="T", default="", help="a note to keep with it")
    for name, verb in (("export", "write your log to"), ("import", "merge into your log")):
        cmd = sub.add_parser(name, parents=[common], help=f"{verb} a .csv or .json file")
        cmd.add_argument("file", metavar="FILE.csv|FILE.json")
    reminders = sub.add_parser("reminders", parents=[common], help="pause or resume reminders and bells")
    reminders.add_argument("action", choices=["pause", "resume"])
    reminders.add_argument(
        "duration",
        nargs="?",
        default="",
        metavar="DURATION",
        help="1h, 30m, 2h30m or tomorrow (default: until resumed)",
    )
    import_cmd = sub.choices["import"]
    import_cmd.description = (
        "Add sessions from a Kindly export, or from a CSV with a date, minutes and a title "
        "(as other apps and spreadsheets write them). Nothing already in your log changes."
    )
    import_cmd.add_argument(
        "--dry-run", action="store_true", help="show what would be added, and any row that can't be read"
    )
    check = sub.add_parser("check", parents=[common], help="validate a session script")
    check.add_argument("file", metavar="FILE.toml")
    start.add_argument(
        "--delay", type=_seconds, metavar="S", help="start timer: seconds to settle before the first bell"
    )
    start.add_argument("--interval", type=_positive, metavar="M", help="start timer: a bell every M minutes")
    start.add_argument("--moments", metavar="5,12,18", help="start timer: bells at these minutes")
    start.add_argument(
        "--bell", metavar="NAME|FILE", help="start timer: bowl, bowl-low, bowl-high or a sound file"
    )
    plan = sub.add_parser("plan", parents=[common], help="a practice's timeline: lines, silences, rests")
    plan.add_argument("session_id", metavar="ID", help="a session id, or the path of a .toml script")
    plan.add_argument("--minutes", type=_minutes, help="the length (default: the shortest it offers)")
    plan.add_argument("--json", action="store_true", help="print the timeline as JSON")
    for cmd in (start, sub.add_parser("pacer", parents=[common], help="open the breathing pacer")):
        cmd.add_argument("--minutes", type=_minutes, help="length in minutes (decimals allowed)")
        cmd.add_argument("--pattern", help="box, 4-7-8, resonance, 4-6, sigh, or IN-HOLD-OUT[-HOLD]")
        cmd.add_argument("--once", action="store_true", help="quit when the session ends")
        cmd.add_argument("--breaths", type=_whole, metavar="N", help="breathing: exactly N whole breaths")
    return parser


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
            "lengths": [5, 10, 15, 20, 30, 45, 60],
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
    if as_json:
        listing = {"sessions": sessions, "recordings": recordings, "patterns": patterns, "broken": broken}
        print(json.dumps(listing, indent=2))
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
    print("\nBreathing patterns (--pattern)")
    for pid, p in PRESETS.items():
        print(f"  {pid:<{col}} {p.title}: {PRESET_BLURBS[pid]}")
    print(f"  {'IN-HOLD-OUT[-HOLD]':<{col}} your own, in seconds, e.g. 4-2-6 or 5-0-7.5")
    return 0


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


def _recording_id(session_id: str, paths: DataPaths) -> str | None:
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


def cmd_reminders(action: str, duration: str, paths: DataPaths) -> int:
    """Pause or resume reminders: handed to the running Kindly (the settings' one owner), else
    written to the settings file, which nobody else holds then."""
    from dataclasses import replace
    from datetime import datetime

    from sessions.reminder_pause import describe, paused_until
    from sessions.settings import load_settings, save_settings
    from ui.single_instance import HandOffError, hand_off

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


def cmd_check(file: str) -> int:
    """Print every problem in a script with its place; exit 1 if any is an error."""
    from audio.tags import duration_s
    from sessions.library import BUILTIN_DIR, VOICE_DIR
    from sessions.script_check import build_script
    from sessions.script_density import density_problems

    path = Path(file)
    builtin = path.resolve().parent == BUILTIN_DIR.resolve()
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

    with _open_log(paths) as log:  # an ExchangeError is a HistoryError too
        count = export_file(log.records(), Path(file))
    print(f"exported {count} session{'s' if count != 1 else ''} to {file}")
    return 0


def cmd_import(file: str, dry_run: bool, paths: DataPaths) -> int:
    """Add the sessions of a Kindly export or a simple date/minutes/title table; ``--dry-run`` shows
    what would be added (and each row that can't be read) without changing anything."""
    from sessions.import_plan import apply_plan, plan_import

    with _open_log(paths) as log:
        plan = plan_import(Path(file), log.records())
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


def run_gui(args: argparse.Namespace, paths: DataPaths) -> int:
    # Qt is imported here, not at the top, so `list` and friends stay instant.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sessions.trace import TraceWriter
    from ui.single_instance import HandOffError, SingleInstance, hand_off

    # A second launch hands its command to the Kindly already running on this data folder, with
    # plain sockets, before any Qt work. A traced run is a measurement: it always runs on its own.
    command = command_from_args(args)
    traced = bool(getattr(args, "trace", None))
    # At login: if Kindly already runs, there is nothing to hand over and no window to open.
    background = command.name == "background"
    if not traced and not background:
        try:
            if hand_off("kindly", paths.root, command):
                return 0
        except HandOffError as exc:
            raise UsageError(str(exc)) from exc

    from ui.app import KindlyApp
    from ui.signals import QuitOnSignals

    trace = TraceWriter(Path(args.trace)) if getattr(args, "trace", None) else None
    for name, value in LIGHT_QT.items():
        os.environ.setdefault(name, value)
    qapp = QApplication.instance() or _new_qapplication()
    assert isinstance(qapp, QApplication)
    instance = SingleInstance("kindly", paths.root)
    if not traced and not instance.try_become_primary():
        # Another launch became the primary a moment ago: hand over to it after all.
        return 0 if background or hand_off("kindly", paths.root, command) else 1
    app = KindlyApp(qapp, paths, trace=trace, check_ins=True)
    report = os.environ.get("KINDLY_REPORT_READY")
    if report and app.tray is not None:
        # For bench/startup.py: the event loop has run once since the tray icon was shown.
        QTimer.singleShot(0, lambda: _report("kindly-tray"))
    instance.command_received.connect(app.run_request)
    signals = QuitOnSignals(app.quit)
    # Tray first: the icon goes up with the first turn of the event loop, then the windows are built.
    QTimer.singleShot(0, lambda: _run_first_command(app, command, report))
    try:
        code = qapp.exec()
    finally:
        instance.close()
        signals.close()
        if trace is not None:
            trace.close()
        app.close_log()
    return code or app.exit_code


def command_from_args(args: argparse.Namespace) -> Command:
    """The command line as one checked :class:`Command` (sessions/commands.py), before any Qt work."""
    if args.command == "start":
        from sessions.timer import TimerError, parse_moments

        try:
            moments = None if args.moments is None else list(parse_moments(args.moments))
        except TimerError as exc:
            raise CommandError(str(exc)) from None
        return make_command(
            "start",
            session_id=args.session_id,
            pattern=args.pattern,
            minutes=args.minutes,
            once=args.once,
            breaths=args.breaths,
            delay_s=args.delay,
            interval_min=args.interval,
            moments=moments,
            bell=_bell(args.bell),
        )
    if args.command == "pacer":
        return make_command(
            "pacer", pattern=args.pattern, minutes=args.minutes, once=args.once, breaths=args.breaths
        )
    if args.command in ("history", "settings"):
        return make_command(args.command)
    if getattr(args, "background", False):
        return make_command("background")
    return make_command("window")


def _bell(bell: str | None) -> str | None:
    """A bell as typed: a built-in name, or a sound file that must be short and playable."""
    if bell is None:
        return None
    from audio.bells import check_bell
    from audio.tags import AudioFileError

    try:
        return check_bell(bell)
    except AudioFileError as exc:
        raise UsageError(f"that bell can't ring: {exc}") from None


def _check_session(session_id: str, minutes: float | None, paths: DataPaths) -> str:
    """Refuse an unknown session, or a length its script cannot fill, before any window opens.

    Returns the id to start: a recording named by its bare id becomes ``recording:ID``.
    """
    if session_id in ("breathing", "timer"):
        return session_id  # any length (breathing: short ones are the plain pacer)
    recording = _recording_id(session_id, paths)
    if recording is not None:
        return recording  # a recording plays its own length
    from sessions.library import load_builtin_library

    library = load_builtin_library(paths.user_sessions)
    script = library.get(session_id)
    if script is None:
        known = ", ".join(s.id for s in library.scripts)
        raise UsageError(
            f"there is no session '{session_id}'; try one of: {known} (or a recording: main.py list)"
        )
    if minutes is not None and minutes < min(script.lengths_min) / 2:
        offered = ", ".join(f"{m:g}" for m in script.lengths_min)
        raise UsageError(f"'{script.title}' needs more time than {minutes:g} min; it offers {offered} min")
    return session_id


def _report(what: str) -> None:
    print(f"{what} {time.monotonic():.6f}", file=sys.stderr, flush=True)


def _run_first_command(app: KindlyApp, command: Command, report: str | None) -> None:
    from PySide6.QtCore import QTimer

    try:
        app.run_command(command)
    except (ValueError, PatternError) as exc:  # a session that cannot start: a clear message
        print(f"kindly: {exc}", file=sys.stderr)
        app.exit_code = 1
        app.quit()
        return
    if report:
        # For bench/startup.py: say when the first windows have been shown and painted.
        QTimer.singleShot(0, lambda: _report_ready(app.qapp, report == "quit"))


def _report_ready(qapp: QCoreApplication, quit_after: bool) -> None:
    qapp.processEvents()
    _report("kindly-ready")
    if quit_after:
        qapp.quit()


def _new_qapplication() -> QApplication:
    """The QApplication, with X11's WM_CLASS ``"kindly", "Kindly"`` however Kindly was started.

    Qt's xcb plugin takes WM_CLASS's instance from ``argv[0]`` ("main.py" in a checkout, a bundle's
    file name…); the launchers' ``StartupWMClass=kindly`` matches the name given here.
    """
    from PySide6.QtWidgets import QApplication

    return QApplication([COMMAND])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        code = _dispatch(parser, argv)
        sys.stdout.flush()  # here, so a reader that left (`| head`) is met below, not at exit
        return code
    except BrokenPipeError:
        return _reader_left()
    except (UsageError, PatternError, CommandError) as exc:
        print(f"kindly: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kindly: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _reader_left() -> int:
    """The program reading our output has gone (``main.py list | head``): stop quietly, as ``ls``
    does, rather than say "Broken pipe" (issue 14 #14). Python's own flush at exit would complain
    too, so stdout is pointed at /dev/null first (the recipe in Python's ``signal`` docs)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 0


def _dispatch(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    """Run the command the arguments name; errors are raised for :func:`main` to say."""
    args = parser.parse_args(argv)
    paths = resolve_data_paths(getattr(args, "data_dir", None))
    if args.command == "list":
        return cmd_list(args.json, paths)
    if args.command == "install-desktop":
        return cmd_install_desktop(args.remove)
    if args.command == "check":
        return cmd_check(args.file)
    if args.command == "plan":
        return cmd_plan(args.session_id, args.minutes, args.json, paths)
    if args.command == "stats":
        return cmd_stats(args.json, paths)
    if args.command == "log":
        return cmd_log(args.session_id, args.minutes, args.at, args.note, paths)
    if args.command == "export":
        return cmd_export(args.file, paths)
    if args.command == "import":
        return cmd_import(args.file, args.dry_run, paths)
    if args.command == "add-audio":
        return cmd_add_audio(args.files, args.kind, paths)
    if args.command == "reminders":
        return cmd_reminders(args.action, args.duration, paths)
    if args.command == "start":
        args.session_id = _check_session(args.session_id, args.minutes, paths)
    return run_gui(args, paths)


if __name__ == "__main__":
    raise SystemExit(main())
