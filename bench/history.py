"""The practice log at 1 000, 10 000 and 20 000 records: stats, one durable append, window ready.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/history.py [--runs 9]
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/history.py --screenshot docs/screenshots/history.png

Prints figures, never asserts (DESIGN §10 budgets at 20 000: stats ≤ 100 ms, append ≤ 50 ms;
the history window ≤ 300 ms from construction to its first paint). ``stats_cold`` is the work of
``main.py stats`` in this process (open, read, check, summary); ``stats_process`` is the whole
command, Python's start-up and imports included.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/x.py`

import argparse
import os
import random
import subprocess
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

from bench.common import ROOT, median
from sessions.history import HistoryLog
from sessions.records import Record
from sessions.stats import practice_day, summarise

SIZES = (1_000, 10_000, 20_000)
KINDS = (
    ("breathing", "Resonance breathing", "resonance", (3, 5, 5, 10)),
    ("loving-kindness", "Loving-kindness", None, (10, 10, 20)),
    ("body-scan", "Body scan", None, (10, 20, 30)),
    ("self-compassion-break", "Self-compassion break", None, (3, 5, 5)),
)
NOTES = (
    "",
    "",
    "",
    "Busy head, softer by the end.",
    "Hand on heart helped today.",
    "Grateful for the quiet morning, a warm cup, and a kind message.",
    "Hard day. Said to myself what I'd say to a friend.",
    "Fell asleep halfway, and that's fine.",
)


def generate(count: int, today: date, *, seed: int = 7, per_day: float = 1.4) -> list[Record]:
    """``count`` plausible records ending on ``today``: some days several, some days none."""
    rng = random.Random(seed)
    zone = timezone(timedelta(hours=1))
    records: list[Record] = []
    day = today
    while len(records) < count:
        # A gentle rhythm: more practice in some weeks than others, never a perfect streak.
        week_mood = 0.55 + 0.35 * ((day.toordinal() // 7) % 5) / 4
        if rng.random() < week_mood:
            for _ in range(max(1, round(rng.gauss(per_day, 0.6)))):
                if len(records) >= count:
                    break
                kind, title, pattern, lengths = rng.choice(KINDS)
                minutes = rng.choice(lengths)
                hour = rng.choice((6, 7, 7, 8, 12, 18, 21, 22, 23))
                start = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=zone)
                before = rng.choice((None, 2, 3, 3, 4)) if rng.random() < 0.6 else None
                after = None if before is None else min(5, before + rng.choice((0, 1, 1, 2)))
                completed = rng.random() > 0.08
                practiced = minutes * 60 if completed else rng.uniform(60, minutes * 60)
                record = Record.new(
                    started_at=start, ended_at=start + timedelta(seconds=practiced), session_id=kind,
                    title=title, kind=kind, pattern=pattern, planned_seconds=minutes * 60,
                    practiced_seconds=practiced, completed=completed, mood_before=before,
                    mood_after=after, note=rng.choice(NOTES),
                )  # fmt: skip
                records.append(record)
        day -= timedelta(days=1)
    records.reverse()
    return records


def _ms(seconds: float) -> float:
    return seconds * 1000


def bench_size(count: int, runs: int, folder: Path, today: date) -> dict[str, float]:
    path = folder / f"h{count}" / "history.json"
    seed_log = HistoryLog(path)
    seed_log.extend(generate(count, today))
    seed_log.close()

    start = time.perf_counter()
    log = HistoryLog(path)
    records = log.records()
    open_ms = _ms(time.perf_counter() - start)
    cold_stats_ms = _ms(time.perf_counter() - start)  # open + read + check every record ...
    start = time.perf_counter()
    summarise(records, today)
    cold_stats_ms += _ms(time.perf_counter() - start)  # ... + the summary: `main.py stats`

    stats_ms = []
    for _ in range(runs):
        start = time.perf_counter()
        summarise(log.records(), today)
        stats_ms.append(_ms(time.perf_counter() - start))
    process_ms = stats_process(path.parent, runs)

    extra = generate(runs + 1, today, seed=99)
    log.append(extra[0])  # the first write after opening may re-encode once (schema marker)
    append_ms = []
    for record in extra[1:]:
        start = time.perf_counter()
        log.append(record)
        append_ms.append(_ms(time.perf_counter() - start))
    update_start = time.perf_counter()
    log.update(extra[1].id, note="edited")
    update_ms = _ms(time.perf_counter() - update_start)

    window_ms = [window_ready(log, today) for _ in range(max(3, runs // 3))]
    log.close()
    return {
        "open": open_ms,
        "stats_cold": cold_stats_ms,
        "stats": median(stats_ms),
        "stats_process": process_ms,
        "append": median(append_ms),
        "append_max": max(append_ms),
        "update": update_ms,
        "window": median(window_ms),
    }


def stats_process(data_dir: Path, runs: int) -> float:
    """Median milliseconds of a whole ``python main.py --data-dir DIR stats``, from spawning it to
    its exit. Bytecode is cached (in a folder beside the log, so the checkout stays clean) as it is
    for anyone who runs Kindly twice; the first run, which writes that cache, is not counted."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(data_dir.parent / "pycache")
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "stats"]
    times = []
    for run in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        if run:
            times.append(_ms(time.perf_counter() - start))
    return median(times)


def _qapp() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui import theme as themes

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyleSheet(themes.stylesheet(themes.LIGHT))
    return app


def window_ready(log: HistoryLog, today: date) -> float:
    """Milliseconds from constructing the history window to the end of its first paint (every chart
    and the list painted), with the log already open as it is in the app."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from ui import theme as themes
    from ui.history_window import HistoryWindow

    app = _qapp()
    assert isinstance(app, QApplication)
    painted: set[int] = set()

    class PaintSpy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.add(id(watched))
            return False

    spy = PaintSpy()
    now = datetime(today.year, today.month, today.day, 19, 30, tzinfo=timezone(timedelta(hours=1)))
    start = time.perf_counter()
    window = HistoryWindow(log, themes.LIGHT, lambda: now)
    watched = [window.heatmap, window.weekly, window.moods, window.list.viewport()]
    for widget in watched:
        widget.installEventFilter(spy)
    window.show()
    deadline = start + 10
    # Paint events are delivered inside processEvents; return once every part has painted once.
    while len(painted) < len(watched) and time.perf_counter() < deadline:
        app.processEvents()
    elapsed = _ms(time.perf_counter() - start)
    window.close()
    window.deleteLater()
    app.processEvents()
    return elapsed


def screenshot(out: Path) -> None:
    """The README picture: a year of varied practice, light theme, about 900 × 700."""
    from PySide6.QtWidgets import QApplication

    from ui import theme as themes
    from ui.history_window import HistoryWindow

    app = _qapp()
    assert isinstance(app, QApplication)
    now = datetime(2026, 3, 18, 19, 30, tzinfo=timezone(timedelta(hours=1)))
    today = practice_day(now)
    with tempfile.TemporaryDirectory() as tmp:
        log = HistoryLog(Path(tmp) / "history.json")
        log.extend(generate(480, today, seed=3, per_day=1.2))
        window = HistoryWindow(log, themes.LIGHT, lambda: now)
        window.resize(900, 700)
        window.show()
        app.processEvents()
        window.list.setCurrentIndex(window.model.index(1))
        window.list.setFocus()
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.close()
        log.close()
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--screenshot", type=Path, help="only render the history window to this PNG")
    args = parser.parse_args()
    if args.screenshot:
        screenshot(args.screenshot)
        return
    today = date(2026, 3, 18)
    _qapp()
    print("practice log, medians of", args.runs, "runs (ms)")
    print(f"  {'records':>8} {'open':>7} {'stats':>7} {'stats*':>7} {'process':>7} {'append':>7} "
          f"{'app.max':>7} {'update':>7} {'window':>7}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for count in SIZES:
            f = bench_size(count, args.runs, Path(tmp), today)
            print(
                f"  {count:>8} {f['open']:7.1f} {f['stats']:7.1f} {f['stats_cold']:7.1f} "
                f"{f['stats_process']:7.1f} {f['append']:7.1f} {f['append_max']:7.1f} {f['update']:7.1f} "
                f"{f['window']:7.1f}"
            )
    print("  stats = summary of the open log; stats* = open + read + check + summary (main.py stats);")
    print("  process = the whole `main.py stats` command, Python's start-up and imports included;")
    print("  append = one durable append (fsync'd); window = history window constructed + first paint")


if __name__ == "__main__":
    main()
