"""Kindly's launcher: parse the command line, build the real objects, run, return an exit code."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.paths import DataPaths, resolve_data_paths
from sessions.patterns import PRESET_BLURBS, PRESETS, PatternError, parse_pattern

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

SESSION_IDS = ("breathing",)
MAX_MINUTES = 240.0


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


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="keep all data in DIR")
    common.add_argument(
        "--trace", metavar="FILE", default=argparse.SUPPRESS, help="write one JSON line per cue"
    )

    parser = _Parser(prog="main.py", description="Kindly: self-compassion practice.", parents=[common])
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    list_cmd = sub.add_parser("list", parents=[common], help="sessions and breathing patterns")
    list_cmd.add_argument("--json", action="store_true")
    start = sub.add_parser("start", parents=[common], help="start a session")
    start.add_argument("session_id", metavar="ID")
    for cmd in (start, sub.add_parser("pacer", parents=[common], help="open the breathing pacer")):
        cmd.add_argument("--minutes", type=_minutes, help="length in minutes (decimals allowed)")
        cmd.add_argument("--pattern", help="box, 4-7-8, resonance, 4-6, sigh, or IN-HOLD-OUT[-HOLD]")
        cmd.add_argument("--once", action="store_true", help="quit when the session ends")
    return parser


def cmd_list(as_json: bool) -> int:
    sessions = [
        {
            "id": "breathing",
            "title": "Breathing",
            "kind": "breathing",
            "lengths": [1, 3, 5, 10, 15, 20],
            "open_ended": True,
        }
    ]
    patterns = [
        {"id": pid, "title": p.title, "phases": p.short_text(), "cycle_seconds": p.cycle_s}
        for pid, p in PRESETS.items()
    ]
    if as_json:
        print(json.dumps({"sessions": sessions, "patterns": patterns}, indent=2))
        return 0
    print("Sessions")
    for s in sessions:
        lengths = ", ".join(f"{m:g}" for m in s["lengths"])  # type: ignore[attr-defined]
        print(f"  {s['id']:<24} {s['title']} ({lengths} min, or until you stop)")
    print("\nBreathing patterns (--pattern)")
    for pid, p in PRESETS.items():
        print(f"  {pid:<24} {p.title}: {PRESET_BLURBS[pid]}")
    print("  IN-HOLD-OUT[-HOLD]       your own, in seconds, e.g. 4-2-6 or 5-0-7.5")
    return 0


def run_gui(args: argparse.Namespace, paths: DataPaths) -> int:
    # Qt is imported here, not at the top, so `list` and friends stay instant.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sessions.trace import TraceWriter
    from ui.app import Command, KindlyApp

    command = Command()
    if args.command in ("start", "pacer"):
        if args.pattern is not None:
            parse_pattern(args.pattern)  # fail early with a clear message
        command = Command(
            name=args.command,
            session_id=getattr(args, "session_id", "breathing"),
            pattern=args.pattern,
            minutes=args.minutes,
            once=args.once,
        )
    trace = TraceWriter(Path(args.trace)) if getattr(args, "trace", None) else None
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    app = KindlyApp(qapp, paths, trace=trace)
    app.run_command(command)
    if os.environ.get("KINDLY_REPORT_READY"):
        # For bench/startup.py: say when the first windows have been shown and painted.
        QTimer.singleShot(0, lambda: _report_ready(qapp, os.environ["KINDLY_REPORT_READY"] == "quit"))
    try:
        code = qapp.exec()
    finally:
        if trace is not None:
            trace.close()
        app.history.close()
    return code or app.exit_code


def _report_ready(qapp: QCoreApplication, quit_after: bool) -> None:
    qapp.processEvents()
    print(f"kindly-ready {time.monotonic():.6f}", file=sys.stderr, flush=True)
    if quit_after:
        qapp.quit()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        paths = resolve_data_paths(getattr(args, "data_dir", None))
        if args.command == "list":
            return cmd_list(args.json)
        if args.command == "start" and args.session_id not in SESSION_IDS:
            raise UsageError(f"there is no session '{args.session_id}'; try: {', '.join(SESSION_IDS)}")
        return run_gui(args, paths)
    except (UsageError, PatternError) as exc:
        print(f"kindly: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kindly: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
