"""Kindly's command line: parse it, build the real objects, run, return an exit code.

``main.py`` at the top of the checkout runs :func:`main`. The code lives here, in a module, because
Python caches a module's compiled code and compiles a script afresh at every launch (7 ms of a
launch to the tray). Nothing here imports Qt until a command needs a window.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.commands import Command, CommandError, make_command
from sessions.install import COMMAND, app_version, prog_name
from sessions.kinds import PRACTICE_KINDS
from sessions.paths import DataPaths, resolve_data_paths
from sessions.patterns import PatternError
from sessions.private_file import PrivateDataError
from ui.cli_commands import (
    UsageError,
    cmd_add_audio,
    cmd_check,
    cmd_export,
    cmd_import,
    cmd_install_desktop,
    cmd_list,
    cmd_log,
    cmd_plan,
    cmd_stats,
    recording_id_for,
    saved_patterns,
)
from ui.cli_writing import cmd_journal, cmd_reminders

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ui.app import KindlyApp

MAX_MINUTES = 180.0
#: Qt settings that make each frame of the pacer cheaper (bench/run.py measures them; the
#: environment can still override either). Kindly's fills are small, so spreading one over Qt's
#: GUI thread pool costs more in hand-offs than it saves; and for small repaints a plain X11
#: PutImage is cheaper than a shared-memory image, whose completion the X server reports back
#: with one more event (and one more wake-up) per frame.
LIGHT_QT = {"QT_NO_GUI_THREADPOOL": "1", "QT_XCB_NO_MITSHM": "1"}


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


class _Version(argparse.Action):
    """``--version``, read only when asked for: finding it costs a plain launch 15 ms otherwise."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show program's version number and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        print(f"kindly {app_version() or 'unknown'}")  # to stdout, as argparse's own "version" action
        parser.exit()


#: The commands that open a window (``None``: the main window); the others only print or write.
WINDOW_COMMANDS = (None, "start", "pacer", "history", "settings", "write")

#: The options of a plain launch (the main window, or the tray with ``--background``) and how many
#: values each takes; a command line of only these needs none of the subcommands' parsers.
PLAIN_OPTIONS = {"--data-dir": 1, "--trace": 1, "--background": 0}


def is_plain_launch(argv: Sequence[str]) -> bool:
    """True when ``argv`` names no command and holds only :data:`PLAIN_OPTIONS`, spelt out whole."""
    index = 0
    while index < len(argv):
        name, eq, _value = argv[index].partition("=")
        if name not in PLAIN_OPTIONS or (eq and not PLAIN_OPTIONS[name]):
            return False
        index += 1 if eq else 1 + PLAIN_OPTIONS[name]
    return index == len(argv)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without ``commands``, only the top level (a plain launch)."""
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="keep all data in DIR")
    common.add_argument(
        "--trace", metavar="FILE", default=argparse.SUPPRESS, help="write one JSON line per cue"
    )

    parser = _Parser(prog=prog_name(), description="Kindly: self-compassion practice.", parents=[common])
    parser.add_argument("--version", action=_Version)
    parser.add_argument(
        "--background", action="store_true", help="start in the tray without opening a window (as at login)"
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    # One word in the usage line, not a brace list wider than any terminal or man page.
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND", title="commands")
    list_cmd = sub.add_parser("list", parents=[common], help="sessions and breathing patterns")
    list_cmd.add_argument("--json", action="store_true")
    start = sub.add_parser("start", parents=[common], help="start a session")
    start.add_argument("session_id", metavar="ID")
    add_audio = sub.add_parser("add-audio", parents=[common], help="import recordings into the library")
    add_audio.add_argument("files", metavar="FILE", nargs="+")
    add_audio.add_argument("--kind", help="what kind of practice these are: " + ", ".join(PRACTICE_KINDS))
    sub.add_parser("history", parents=[common], help="open your practice history")
    write = sub.add_parser("write", parents=[common], help="open Write and read, or begin a writing practice")
    write.add_argument("practice_id", metavar="ID", nargs="?", help="a writing practice (see: main.py list)")
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
    journal = sub.add_parser(
        "journal", parents=[common], help="your journal entries (date, practice, first line)"
    )
    journal.add_argument("--json", action="store_true")
    check = sub.add_parser(
        "check", parents=[common], help="validate a session script, writing practice or course"
    )
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
        cmd.add_argument(
            "--pattern",
            help="box, 4-7-8, resonance, 4-6, sigh, a pattern you saved (its name), or IN-HOLD-OUT[-HOLD]",
        )
        cmd.add_argument("--once", action="store_true", help="quit when the session ends")
        cmd.add_argument("--breaths", type=_whole, metavar="N", help="breathing: exactly N whole breaths")
    return parser


def run_gui(args: argparse.Namespace, paths: DataPaths) -> int:
    from ui.hand_off import HandOffError, hand_off

    # A second launch hands its command to the Kindly already running on this data folder, with
    # plain sockets, before any Qt is loaded. A traced run is a measurement: it always runs on its own.
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

    # Qt is imported here, not at the top, so `list` and friends (and a hand-off) stay instant.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.signals import QuitOnSignals
    from ui.single_instance import SingleInstance

    for name, value in LIGHT_QT.items():
        os.environ.setdefault(name, value)
    qapp = QApplication.instance() or _new_qapplication()
    assert isinstance(qapp, QApplication)
    instance = SingleInstance("kindly", paths.root)
    if not traced and not instance.try_become_primary():
        # Another launch became the primary a moment ago: hand over to it after all.
        return 0 if background or hand_off("kindly", paths.root, command) else 1
    report = os.environ.get("KINDLY_REPORT_READY")
    # A command handed over while the first window is made waits for the app.
    handed_over = _Inbox()
    instance.command_received.connect(handed_over.receive)
    first = None
    if command.name == "window" and not traced:
        # A plain launch: the main window is painted before the rest of Kindly is even imported.
        from ui.first_window import show_first_window

        first = show_first_window(qapp, paths)
        if report:
            _report("kindly-ready")  # for bench/startup.py: the first window is shown and painted
    from ui.app import KindlyApp

    trace = None
    if traced:
        from sessions.trace import TraceWriter

        trace = TraceWriter(Path(args.trace))
    # Window first (DESIGN §10): the tray icon, the log, the reminders come just after it is painted.
    # At login (background) there is no window to wait for: the tray comes first.
    app = KindlyApp(qapp, paths, trace=trace, check_ins=True, window_first=not background, first=first)
    if report and app.tray is not None:
        # For bench/startup.py: the event loop has run once since the tray icon was shown.
        QTimer.singleShot(0, lambda: _report("kindly-tray"))
    if report:
        # For bench/startup.py: a second launch's window is shown and painted (as at kindly-ready).
        instance.command_received.connect(
            lambda _command: QTimer.singleShot(0, lambda: _report_painted(app, "kindly-shown"))
        )
    signals = QuitOnSignals(app.quit)
    QTimer.singleShot(0, lambda: _run_first_command(app, command, report, said_ready=first is not None))
    handed_over.deliver_to(app.run_request)  # after this launch's own command
    try:
        code = qapp.exec()
    finally:
        instance.close()
        signals.close()
        if trace is not None:
            trace.close()
        app.close_log()
    return code or app.exit_code


class _Inbox:
    """Commands from other launches: kept until :meth:`deliver_to` names who carries them out,
    then passed on, each in a turn of the event loop of its own."""

    def __init__(self) -> None:
        self._kept: list[Command] = []
        self._to: Callable[[Command], None] | None = None

    def receive(self, command: Command) -> None:
        if self._to is None:
            self._kept.append(command)
        else:
            self._to(command)

    def deliver_to(self, to: Callable[[Command], None]) -> None:
        from PySide6.QtCore import QTimer

        self._to = to
        for command in self._kept:
            QTimer.singleShot(0, lambda command=command: to(command))
        self._kept.clear()


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
    if args.command == "write":
        return make_command("write", session_id=args.practice_id)
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
    recording = recording_id_for(session_id, paths)
    if recording is not None:
        return recording  # a recording plays its own length
    from sessions.library import load_builtin_library
    from sessions.paths import cache_dir

    library = load_builtin_library(paths.user_sessions, cache_dir=cache_dir())
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


def _report_painted(app: KindlyApp, what: str) -> None:
    app.qapp.processEvents()  # the window's first paint, as before kindly-ready
    _report(what)


def _run_first_command(app: KindlyApp, command: Command, report: str | None, *, said_ready: bool) -> None:
    from PySide6.QtCore import QTimer

    try:
        app.run_command(command)
    except (ValueError, PatternError) as exc:  # a session that cannot start: a clear message
        print(f"kindly: {exc}", file=sys.stderr)
        app.exit_code = 1
        app.quit()
        return
    # The next turn of the event loop: once the window is painted, everything else starts.
    QTimer.singleShot(0, lambda: _first_window_painted(app, report, said_ready=said_ready))


def _first_window_painted(app: KindlyApp, report: str | None, *, said_ready: bool) -> None:
    from PySide6.QtCore import QTimer

    # Let the window's paint through first, reported or not, so a launch is what bench/startup.py
    # measures: the tray, the log and the reminders never hold up the first paint.
    app.qapp.processEvents()
    if report and not said_ready:
        _report("kindly-ready")  # for bench/startup.py: the first windows are shown and painted
    # The collector back on (main() turned it off); what start-up made lives as long as the app, so
    # it is set aside once (gc.freeze) rather than scanned again in every full collection.
    gc.freeze()
    gc.enable()
    tray_before = app.tray
    app.show_tray_icon()
    if report and tray_before is None and app.tray is not None:
        # The event loop has run once since the tray icon was shown.
        QTimer.singleShot(0, lambda: _report("kindly-tray"))
    # One more turn, so the icon is up before the log and the reminders load.
    QTimer.singleShot(0, app.finish_start)
    if report == "quit":
        QTimer.singleShot(0, app.qapp.quit)


def _new_qapplication() -> QApplication:
    """The QApplication, with X11's WM_CLASS ``"kindly", "Kindly"`` however Kindly was started.

    Qt's xcb plugin takes WM_CLASS's instance from ``argv[0]`` ("main.py" in a checkout, a bundle's
    file name…); the launchers' ``StartupWMClass=kindly`` matches the name given here.
    """
    from PySide6.QtWidgets import QApplication

    return QApplication([COMMAND])


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up makes a great many objects and almost no garbage, yet the cyclic collector ran some
    # 70 times (15 ms) before the first window. It is off until that window is painted
    # (_first_window_painted), or the command turns out to be one that opens no window (_dispatch).
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else argv
    # A plain launch is the one a person waits on: argparse builds every command's parser in 15 ms.
    parser = build_parser(commands=not is_plain_launch(words))
    try:
        code = _dispatch(parser, argv)
        sys.stdout.flush()  # here, so a reader that left (`| head`) is met below, not at exit
        return code
    except BrokenPipeError:
        return _reader_left()
    except (UsageError, PatternError, CommandError, PrivateDataError) as exc:
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
    if args.command not in WINDOW_COMMANDS:
        gc.enable()
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
    if args.command == "journal":
        return cmd_journal(args.json, paths)
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
    if args.command in ("start", "pacer") and args.pattern is not None:
        from sessions.saved_patterns import spec_of

        # A saved pattern's name ("Evening 4-2-7") is its seconds from here on; the app shows its name.
        args.pattern = spec_of(saved_patterns(paths), args.pattern)
    if args.command == "write" and args.practice_id:
        from sessions.writing import load_writing_library

        writing = load_writing_library(paths.user_writing)
        if writing.get(args.practice_id) is None:
            known = ", ".join(p.id for p in writing.practices)
            raise UsageError(f"there is no writing practice '{args.practice_id}'; try one of: {known}")
    return run_gui(args, paths)


if __name__ == "__main__":
    raise SystemExit(main())
